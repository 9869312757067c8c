/**
 * Word tokens of a text, the items of the token-level figures: the word-like segments of `Intl.Segmenter`
 * (granularity `word`), with their bounds in Unicode code points like every offset of a corpus.
 */
import { itemsOverlapping, OffsetIndex } from '../../shared/offsets'
import { segmentsOf } from '../../shared/segments'

/** A word token: code point offsets, `end` exclusive. */
export interface Token {
  start: number
  end: number
}

/**
 * One segmenter for every text. The locale is fixed, so that a corpus is cut the same way on every machine
 * (ICU's word rules hardly depend on it, but a default locale would make that a question).
 */
const WORDS = new Intl.Segmenter('en', { granularity: 'word' })

/** The word tokens of `text`, in order: its word-like segments (not spaces, punctuation or emoji). */
export function wordTokens(text: string): Token[] {
  const offsets = new OffsetIndex(text)
  const tokens: Token[] = []
  for (const segment of segmentsOf(WORDS, text)) {
    if (!segment.isWordLike) continue
    tokens.push({
      start: offsets.toCodePoint(segment.index),
      end: offsets.toCodePoint(segment.index + segment.segment.length),
    })
  }
  return tokens
}

/**
 * The tokens that share at least one code point with `[start, end)`, as the index range `[first, last)`
 * of `tokens` (empty when `first === last`: a span over spaces or punctuation only, or an empty span).
 */
export function tokensOverlapping(tokens: readonly Token[], start: number, end: number): { first: number; last: number } {
  return itemsOverlapping(tokens, start, end)
}
