/** What a name must not hold, for the names people read in one-line messages: analysts' and labels'. */

/**
 * Characters a name must not hold: controls (tab, line feed, NUL) and invisible format characters (zero-width
 * space, direction marks), but for the zero-width joiner and non-joiner, which Persian and Indic names spell with.
 */
const INVISIBLE = /(?![\u200c\u200d])[\p{Cc}\p{Cf}]/u

/** True if `name` holds a control or invisible character (see INVISIBLE). */
export function holdsInvisible(name: string): boolean {
  return INVISIBLE.test(name)
}

/** Every character INVISIBLE matches, for replacing them all. */
const EVERY_INVISIBLE = new RegExp(INVISIBLE.source, 'gu')

/**
 * Why `name` cannot be a label's, or null if it can be: a control or invisible character would break the
 * formats that write labels on lines (CoNLL, brat) and every one-line message that names the label.
 */
export function labelNameProblem(name: string): string | null {
  if (holdsInvisible(name)) return `the label name ${quotedVisibly(name)} holds a control or invisible character (a tab, a line feed, a NUL, a direction mark); write it without`
  if (name.trim() === '') return 'a label needs a name: this one is blank'
  // A label " Claim" beside "Claim" would look the same in every list and message, and split the work between them.
  if (name.trim() !== name) return `the label name ${quotedVisibly(name)} starts or ends with white space; write it without: ${quotedVisibly(name.trim())}`
  return null
}

/**
 * The name among `names` that `name` differs from only in case or in white space at its ends ("speaker" for
 * "Speaker"), for a message refusing `name` to suggest; undefined if none does.
 */
export function nearMissOf(name: string, names: readonly string[]): string | undefined {
  const folded = name.trim().toLowerCase()
  return names.find((candidate) => candidate !== name && candidate.trim().toLowerCase() === folded)
}

/**
 * `name` in quotes with its control and invisible characters written as escapes (`"Per\u200bson"`), so that a
 * one-line message shows where they are and none of them acts on the terminal (a line feed, a direction mark).
 */
export function quotedVisibly(name: string): string {
  return JSON.stringify(name).replace(EVERY_INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
