/**
 * How search compares text with what was typed: accents off Latin letters, typographic quotes and apostrophes
 * as straight ones, and a bare word without the punctuation prose puts at its edges.
 */

/** Characters written for an apostrophe or a single quote, or typed for one (primes, accents, a backtick). */
const APOSTROPHES = /[‘’‚‛′‵＇`´‹›]/g
/** Characters written for a double quote. */
const DOUBLE_QUOTES = /[“”„‟″‶＂«»]/g
/** A precomposed Latin letter, which may be one with an accent. */
const LATIN = /[\u00C0-\u024F\u1E00-\u1EFF]/gu

/**
 * `text` as search compares it: accents taken off Latin letters (é → e) and quotes made straight (’ → ',
 * “ → "), character for character and unit for unit, so that indices into the folded text are indices into the
 * original: search compares without accents, as the word index does, and finds `Pyongyang's` in `Pyongyang’s`.
 */
export function foldForSearch(text: string): string {
  return withoutAccents(straightQuotes(text))
}

/** `text` with accents taken off Latin letters (é → e), character for character; its quotes stay as they are. */
export function withoutAccents(text: string): string {
  return text.replace(LATIN, (c) => {
    const decomposed = c.normalize('NFD')
    return decomposed.length > 1 && /^\p{M}+$/u.test(decomposed.slice(1)) ? decomposed[0] : c
  })
}

/** `text` with its typographic quotes and apostrophes made straight, each one unit for one (accents stay). */
export function straightQuotes(text: string): string {
  return text.replace(APOSTROPHES, "'").replace(DOUBLE_QUOTES, '"')
}

/**
 * Punctuation that prose puts at a word's edges (`Kim:`, `(Kim)`, `'Kim'`, `Putin?`), which a search for the
 * word ignores: any but the signs that make a word what it is (`10%`, `#tag`, `@name`, `§5`, `R&`), `*` (a
 * prefix) and `_` (part of a word).
 */
const EDGE = '(?:(?![_%‰‱#@&§¶*])[\\p{P}\\p{Sk}])'
const LEADING = new RegExp(`^${EDGE}+`, 'u')
const TRAILING = new RegExp(`${EDGE}+$`, 'u')
/** An abbreviation written with dots (`U.S`, `e.g`), which keeps its last one (`U.S.`). */
const ABBREVIATION = /^(?:\p{L}\.)+\p{L}$/u

/**
 * A bare word typed without the punctuation at its edges: `Kim:` is `Kim`, `(Putin)` is `Putin`; punctuation
 * inside it stays (`Jong-un`, `Pyongyang's`), as does an abbreviation's last dot (`U.S.`). A word of nothing but
 * punctuation (`%`, `...`) is kept as it is: that is what is searched for.
 */
export function withoutEdgePunctuation(word: string): string {
  const lead = LEADING.exec(word)?.[0].length ?? 0
  const inner = word.slice(lead).replace(TRAILING, '')
  if (inner === '') return word
  const trail = word.slice(lead + inner.length)
  return ABBREVIATION.test(inner) && trail.startsWith('.') ? `${inner}.` : inner
}
