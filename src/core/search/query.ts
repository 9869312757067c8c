/**
 * What a person types into the search box, understood: words, and phrases in double quotes. From it come the
 * FTS5 query that finds candidate documents quickly, the literal strings that must be scanned for where the
 * word index cannot help (emoji, CJK, punctuation), and the matcher that finds each occurrence exactly.
 */
import { foldForSearch, straightQuotes, withoutAccents, withoutEdgePunctuation } from './fold'
import { PARTICLE_SCRIPT, UNSPACED_SCRIPT } from '../../shared/unspaced-script'

/** A word as the full-text index (unicode61) sees one: letters, digits, marks, underscore. */
const WORD = /[\p{L}\p{N}\p{M}_]+/gu
/** A character of a word. */
const WORD_CHAR = '[\\p{L}\\p{N}\\p{M}_]'
/** What may come between two words typed with a space between them: anything but a word (`Pyongyang’s “full`). */
const BETWEEN_WORDS = `(?:(?!${WORD_CHAR})[^])+`
/**
 * A character of a word that makes a word longer: not one of a script written without spaces, which ends a word
 * written against it as a space would ("2025" in "在2025年", "Putin" in "普京Putin说"), nor Korean, whose particles
 * are written on ("2025" in "2025년", "푸틴" in "푸틴은").
 */
const SPACED_WORD_CHAR = `(?:(?!${UNSPACED_SCRIPT.source}|${PARTICLE_SCRIPT.source})${WORD_CHAR})`
/** Korean particles written on a word ("은" of "푸틴은"), which a word typed without them is found with. */
const PARTICLES = `${PARTICLE_SCRIPT.source}*`

/**
 * How many characters the last word typed needs to be taken as the start of longer words too (`Put` for `Putin`);
 * a shorter one is a prefix only where it is found nowhere as a word (`searchCorpus` asks again with 1).
 */
export const PREFIX_FROM = 3

/** A bare word that is an operator between other terms. */
const OPERATOR = /^(?:AND|OR|NOT)$/u

/** One thing searched for: a word (or a piece of text) or a quoted phrase. */
export interface SearchTerm {
  /** As typed, without the quotes. */
  text: string
  /** Typed in double quotes: its words must follow one another. */
  quoted: boolean
  /** Typed with a `*` at its end, or the last word typed: it may be the start of a longer word. */
  prefix?: boolean
  /** Typed after a bare `NOT`: a document holding it is not a match. */
  excluded?: boolean
  /** `AND`, `OR` or `NOT` typed with nothing else: the word, not an operator. */
  word?: boolean
  /** A phrase whose closing quote is not typed (yet): its last word, being typed, may be the start of a longer one. */
  open?: boolean
}

/** A query understood. */
export interface ParsedQuery {
  terms: SearchTerm[]
  /** The FTS5 query for the terms the word index can find, or null if it can help with none. */
  fts: string | null
  /** Terms the word index cannot find (emoji, CJK, punctuation only): candidates are scanned for them. */
  scanFor: string[]
  /** Pieces of text every match holds (terms not among alternatives), to narrow what is read (notes). */
  pieces: string[]
  /**
   * A text (or title, or note) folded as the patterns below compare it: `foldForSearch`, or only its accents taken
   * off when no term holds a quote (then the kind of a quote changes no match, and a long text is folded quicker).
   */
  fold: (text: string) => string
  /** Finds every occurrence of the query in a text (folded with `fold`), tried in turn until one finds any. */
  matchers: RegExp[]
  /** One per term, or per set of alternatives: a document matches when each finds something in its (folded) text or title. */
  required: RegExp[]
  /** One per term typed after `NOT`: a document where one finds something in its text or title is not a match. */
  excluded: RegExp[]
}

/**
 * Splits what was typed into quoted phrases and bare words; an unclosed quote runs to the end, and typographic
 * quotes (“a phrase”, „a phrase“) quote as straight ones do. A bare word is searched for without the punctuation
 * at its edges (`Kim:` as `Kim`); one ending in `*` (`sanction*`) is a prefix; a bare `AND` between terms is what
 * they mean anyway, and is left out; a bare `NOT` excludes the term after it (`Putin NOT Kim`), as does a `-` written
 * before a term (`Putin -Kim`, `-"Kim Jong"`). A query of
 * nothing but such operators searches for them as words, and one of nothing but quote marks for the marks.
 */
export function termsOf(input: string): SearchTerm[] {
  const straight = straightQuotes(input)
  // Nothing but quote marks (`“`, `'"`): what is searched for is the marks themselves, not an empty phrase; a
  // pair of double ones (`“”`, `""`), which no text writes side by side, is any double quote mark.
  if (/^["'\s]*"["'\s]*$/u.test(straight)) {
    const marks = straight.replace(/\s+/gu, '')
    return [{ text: /^"+$/u.test(marks) ? '"' : marks, quoted: false }]
  }
  // A phrase (after a `-` that leaves it out, perhaps), or a bare piece between spaces.
  const typed = [...straight.matchAll(/(-)?"([^"]*)"?|(\S+)/gu)].map((match) => ({ whole: match[0], phrase: match[2], bare: match[3], minus: match[1] !== undefined }))
  // Nothing but what would be operators (`NOT`, `AND`, `OR`): with nothing to work on, they are the words.
  if (typed.every(({ bare }) => bare !== undefined && OPERATOR.test(bare))) return typed.map(({ bare }) => ({ text: bare!, quoted: false, word: true }))
  const terms: SearchTerm[] = []
  let excludeNext = false
  for (const match of typed) {
    const quoted = match.phrase !== undefined
    let text = (match.phrase ?? match.bare ?? '').trim()
    if (!quoted && text === 'AND') continue
    if (!quoted && text === 'NOT') {
      excludeNext = true
      continue
    }
    // `-Kim` and `-"Kim Jong"` leave it out as `NOT` does (as web search engines have it); a `-` before anything
    // but a letter is punctuation or a sign (`-`, `--`, `-5%`, `COVID -19`).
    if (match.minus || /^-\p{L}/u.test(text)) {
      if (!quoted) text = text.slice(1)
      excludeNext = true
    }
    // A minus alone, typed on the way to `-Kim`, is nothing yet (as a bare NOT is), unless it is all there is.
    if (!quoted && text === '-' && typed.length > 1) continue
    // Parentheses around a bare word group nothing here (`NOT (Kim)`), nor does a colon after it end anything; a
    // minus before a number is its sign, and stays (`-5%` is not `5%`).
    if (!quoted) text = /^-\p{N}/u.test(text) ? `-${withoutEdgePunctuation(text)}` : withoutEdgePunctuation(text)
    const prefix = !quoted && /\p{L}\p{M}*\*+$|[\p{N}_]\*+$/u.test(text)
    if (prefix) text = text.replace(/\*+$/u, '')
    if (text === '') {
      excludeNext = false // `NOT ""`, `-""`: nothing is left out, and the term after is searched for
      continue
    }
    const open = quoted && !/."$/u.test(match.whole.replace(/^-/u, ''))
    const term: SearchTerm = prefix ? { text, quoted, prefix } : open ? { text, quoted, open } : { text, quoted }
    terms.push(excludeNext ? { ...term, excluded: true } : term)
    excludeNext = false
  }
  return terms
}

/**
 * The terms typed, in sets of alternatives: those joined by a bare `OR` (`Smith OR Macron`) in one set, each
 * other alone. An `OR` with nothing before or after it (one being typed) joins nothing and is left out.
 */
function alternativesOf(typed: readonly SearchTerm[]): SearchTerm[][] {
  const sets: SearchTerm[][] = []
  let joinNext = false
  for (const term of typed) {
    if (!term.quoted && term.word !== true && term.text === 'OR') {
      joinNext = sets.length > 0
      continue
    }
    if (joinNext) sets[sets.length - 1].push(term)
    else sets.push([term])
    joinNext = false
  }
  return sets
}

/** True if the word index finds `term`: it is made of words, none in a script written without spaces. */
function indexable(term: SearchTerm): boolean {
  const words = term.text.match(WORD)
  if (words === null || UNSPACED_SCRIPT.test(term.text)) return false
  // Anything beyond words and the spaces or punctuation between them (an emoji, say) needs a scan.
  return term.text.replace(WORD, '').replace(/[\s\p{P}]/gu, '') === ''
}

/** True if `word` ends in a Korean character, after which particles may be written on. */
function endsInKorean(word: string): boolean {
  const last = [...word].pop()
  return last !== undefined && PARTICLE_SCRIPT.test(last)
}

function escape(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')
}

/**
 * `text` as a pattern that also matches it with accents written as marks of their own after their letters
 * (`e` and U+0301 rather than `é`, as NFD text has them): each letter may be followed by marks, which the
 * folding of the text searched leaves in place.
 */
function withMarks(text: string): string {
  return [...text].map((c) => (/\p{L}/u.test(c) ? `${escape(c)}\\p{M}*` : escape(c))).join('')
}

/**
 * The pattern of one term, compared without case, accents or the kind of quotes: its pieces between spaces as
 * typed, punctuation in them too (`Jong-un`, `"relief,"`), with anything but a word between them. Words are whole
 * at the term's ends, except that a prefix term's last word may be the start of a longer one (and then the whole
 * word is found).
 */
function patternOf(term: SearchTerm): string {
  const folded = foldForSearch(term.text.normalize('NFC')).trim()
  if (!indexable(term)) return escape(folded)
  const startsWithWord = new RegExp(`^${WORD_CHAR}`, 'u').test(folded)
  const endsWithWord = new RegExp(`${WORD_CHAR}$`, 'u').test(folded)
  // A Korean word inside the term may carry its particles ("푸틴 말했다" finds "푸틴은 말했다").
  const body = folded
    .split(/\s+/u)
    .map((word, i, words) => (i < words.length - 1 && endsInKorean(word) ? `${withMarks(word)}${PARTICLES}` : withMarks(word)))
    .join(BETWEEN_WORDS)
  // A number is whole too: not the decimals of another (`2%` is not in `5.2%`, nor `5` in `3.5`).
  const inNumber = { before: /^\p{N}/u.test(folded) ? '(?<!\\p{N}[.,])' : '', after: /\p{N}$/u.test(folded) && term.prefix !== true ? '(?![.,]\\p{N})' : '' }
  // A Korean word is found at the start of one ("틴" is not in "푸틴"); another ends where Korean begins ("2025년").
  const wordBefore = PARTICLE_SCRIPT.test(folded[0]) ? WORD_CHAR : SPACED_WORD_CHAR
  const before = startsWithWord ? `(?<!${wordBefore})${inNumber.before}` : ''
  const after = !endsWithWord ? '' : term.prefix === true ? `${SPACED_WORD_CHAR}*` : `(?!${SPACED_WORD_CHAR})${inNumber.after}`
  return `${before}${body}${after}`
}

/**
 * Understands `input`, or returns null when there is nothing to search for. Every term (or one of a set of
 * alternatives) must occur in a document; the last bare word also matches as a prefix (results while typing). Occurrences are the whole
 * query as a phrase where it is one (`Mr Kim`), otherwise each term where it occurs.
 */
export function parseQuery(input: string, prefixFrom = PREFIX_FROM): ParsedQuery | null {
  const typed = termsOf(input)
  const fold = typed.some((term) => /['"]/u.test(term.text)) ? foldForSearch : withoutAccents
  const excluded = typed.filter((term) => term.excluded === true).map((term) => new RegExp(patternOf(term), 'iu'))
  const sets = alternativesOf(typed.filter((term) => term.excluded !== true))
  // Only NOT (`NOT Kim`): every document without it, in corpus order, with nothing in it to mark.
  if (sets.length === 0) return excluded.length === 0 ? null : { terms: [], fts: null, scanFor: [], pieces: [], fold, matchers: [], required: [], excluded }
  // The last bare word typed is a prefix (results while typing), once it has PREFIX_FROM characters: shorter, it
  // is a word of its own (`UN`, `Xi`, `20`), which as a prefix listed hundreds of other words first.
  const lastSet = sets[sets.length - 1]
  const last = lastSet[lastSet.length - 1]
  const lastPiece = last.text.trim().split(/\s+/u).at(-1) ?? '' // `Jong-u` whole, `Put` of `"Mr Put`
  const typedSoFar = (lastPiece.match(WORD) ?? []).join('')
  if ((!last.quoted || last.open === true) && [...typedSoFar].length >= prefixFrom) lastSet[lastSet.length - 1] = { ...last, prefix: true }
  const terms = sets.flat()
  const ftsOf = (term: SearchTerm) => {
    const words = term.text.match(WORD) ?? []
    // A Korean word is a token with its particles ("푸틴은", "삼성SDI는"), and so is a number or Latin word among them ("2025년"):
    // each word of such a term is looked up as a prefix, all of them in a document, and the matcher finds them in order.
    if (words.some((word) => PARTICLE_SCRIPT.test(word))) return `(${words.map((word) => `"${word}"*`).join(' ')})`
    // A phrase's last word may be a prefix too (`"Mr Put`, `Jong-u` while typing): FTS5 takes `"mr put"*` so.
    return `"${words.join(' ')}"${term.prefix === true ? '*' : ''}`
  }
  // The word index narrows by the sets it can find every alternative of; a term alone it cannot find is scanned for.
  const ftsSets = sets.filter((set) => set.every(indexable)).map((set) => (set.length === 1 ? ftsOf(set[0]) : `(${set.map(ftsOf).join(' OR ')})`))
  const alone = sets.filter((set) => set.length === 1).map(([term]) => term)
  const scanFor = alone.filter((term) => !indexable(term)).flatMap((term) => literalPieces(term.text))
  const patterns = sets.map((set) => set.map(patternOf))
  const anyOf = (each: string[]) => each.map((pattern) => `(?:${pattern})`).join('|')
  const matchers: RegExp[] = []
  if (alone.length === sets.length && terms.length > 1 && terms.every((term) => !term.quoted && indexable(term))) {
    matchers.push(new RegExp(patternOf({ text: terms.map((t) => t.text).join(' '), quoted: false, prefix: true }), 'giu'))
  }
  matchers.push(new RegExp(anyOf(patterns.flat()), 'giu'))
  const required = patterns.map((set) => new RegExp(anyOf(set), 'iu'))
  const pieces = alone.flatMap((term) => term.text.split(/\s+/u)).flatMap(literalPieces)
  return { terms, fts: ftsSets.length === 0 ? null : ftsSets.join(' AND '), scanFor, pieces, fold, matchers, required, excluded }
}

/**
 * The pieces of `text` that a text holding it holds as typed, to find it by SQL's `instr`: those between its
 * quotes, which the text may write otherwise (’ for ').
 */
function literalPieces(text: string): string[] {
  return text.split(/['"]+/u).filter((piece) => piece !== '')
}
