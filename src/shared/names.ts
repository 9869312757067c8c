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

/**
 * The groups of `names` that differ only in case ("cy" and "Cy": one analyst who typed their name two ways, most
 * often), each group in the order given; none if every name differs otherwise too. Agreement and the settled set
 * take each spelling for an analyst of their own, so such names are said where they meet.
 */
export function namesDifferingInCaseOnly(names: readonly string[]): string[][] {
  const groups = new Map<string, string[]>()
  for (const name of names) {
    const folded = name.toLocaleLowerCase('en')
    groups.set(folded, [...(groups.get(folded) ?? []), name])
  }
  return [...groups.values()].filter((group) => group.length > 1)
}

/** A warning of analysts' names among `names` that differ only in case, or null if there are none. */
export function caseOnlyNamesWarning(names: readonly string[]): string | null {
  const groups = namesDifferingInCaseOnly(names)
  if (groups.length === 0) return null
  const listed = groups.map((group) => group.map((name) => JSON.stringify(name)).join(' and ')).join('; ')
  return `analysts' names that differ only in case: ${listed}. Each spelling is an analyst of its own to agreement and the settled set (a span one of them tagged and the other did not is no agreement); if they are one person, have them use one spelling`
}
