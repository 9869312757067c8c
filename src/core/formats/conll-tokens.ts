/**
 * Tokens and sentences of a text for CoNLL: `Intl.Segmenter` with a fixed locale, so that a text is cut the
 * same way on every machine (the default locale would vary; ICU's rules barely depend on it). Tokens are the
 * word segments that are not whitespace, so punctuation and emoji are tokens of their own; sentences are
 * its sentence segments (a line end always ends one). Offsets are code points, like every offset of a corpus.
 */
import { OffsetIndex } from '../../shared/offsets'
import { segmentsOf } from '../../shared/segments'

/** One token: its text and code point offsets (`end` exclusive), and the sentence it is in. */
export interface Token {
  text: string
  start: number
  end: number
  sentence: number
}

/**
 * Whitespace for CoNLL: what JavaScript's `\s` matches and what Python's `str.split()` splits at (its
 * `isspace` adds the separators U+001C–U+001F and U+0085). No token holds any of it, so any reader's split of
 * a line gives the token and the tag.
 */
export const WHITESPACE = /[\s\x1c-\x1f\x85]+/u

/** `WHITESPACE` as what a token's text is split at, the whitespace kept as pieces of its own. */
const SPLIT_AT_WHITESPACE = new RegExp(`(${WHITESPACE.source})`, 'u')

const WORDS = new Intl.Segmenter('en', { granularity: 'word' })
const SENTENCES = new Intl.Segmenter('en', { granularity: 'sentence' })

/** The tokens of `text`, in order. */
export function tokenise(text: string): Token[] {
  const index = new OffsetIndex(text)
  const sentenceStarts: number[] = []
  for (const sentence of segmentsOf(SENTENCES, text)) sentenceStarts.push(sentence.index)
  const tokens: Token[] = []
  let sentence = -1
  for (const segment of segmentsOf(WORDS, text)) {
    while (sentence + 1 < sentenceStarts.length && sentenceStarts[sentence + 1] <= segment.index) sentence++
    let at = segment.index
    if (!WHITESPACE.test(segment.segment)) {
      // Most segments: a token whole.
      tokens.push({ text: segment.segment, start: index.toCodePoint(at), end: index.toCodePoint(at + segment.segment.length), sentence })
      continue
    }
    // A word segment may still hold whitespace (a space followed by a joiner): split there.
    for (const piece of segment.segment.split(SPLIT_AT_WHITESPACE)) {
      if (piece !== '' && !WHITESPACE.test(piece)) {
        tokens.push({ text: piece, start: index.toCodePoint(at), end: index.toCodePoint(at + piece.length), sentence })
      }
      at += piece.length
    }
  }
  return tokens
}

/** Runs of what is not `WHITESPACE`. */
const NOT_WHITESPACE = /[^\s\x1c-\x1f\x85]+/gu

/**
 * What a CoNLL import puts in a document's meta as `conll` where the export's word segments would cut its text
 * otherwise than the file did (`neededToKeepTokens`): its text is the file's tokens, one space between two of a
 * sentence and a line end between sentences, so that the export cuts it there again (`tokensOf`): `1996-08-22`
 * stays one token, as the file had it.
 */
export const IMPORTED_TOKENS = { tokens: 'whitespace' } as const

/** True if a document's `meta` says its text is CoNLL tokens (`IMPORTED_TOKENS`). */
export function tokensAtWhitespaceIn(meta: Record<string, unknown>): boolean {
  const conll = meta.conll
  return typeof conll === 'object' && conll !== null && (conll as { tokens?: unknown }).tokens === IMPORTED_TOKENS.tokens
}

/** The tokens of a text made of tokens: the runs between whitespace, each line a sentence. */
export function tokensAtWhitespace(text: string): Token[] {
  const index = new OffsetIndex(text)
  const tokens: Token[] = []
  let lineStart = 0
  text.split('\n').forEach((line, sentence) => {
    for (const match of line.matchAll(NOT_WHITESPACE)) {
      const at = lineStart + match.index
      tokens.push({ text: match[0], start: index.toCodePoint(at), end: index.toCodePoint(at + match[0].length), sentence })
    }
    lineStart += line.length + 1
  })
  return tokens
}

/** The tokens the export writes for `document`: as a CoNLL import read them, or else its word segments. */
export function tokensOf(document: { text: string; meta: Record<string, unknown> }): Token[] {
  return tokensAtWhitespaceIn(document.meta) ? tokensAtWhitespace(document.text) : tokenise(document.text)
}

/**
 * True if the export would cut `text` (CoNLL tokens joined, as import rebuilds it) into other tokens or sentences
 * than its own, unless told (`IMPORTED_TOKENS`).
 */
export function neededToKeepTokens(text: string): boolean {
  const own = tokensAtWhitespace(text)
  const segmented = tokenise(text)
  if (own.length !== segmented.length) return true
  return own.some(
    (token, t) =>
      token.start !== segmented[t].start || token.end !== segmented[t].end || (t > 0 && (token.sentence !== own[t - 1].sentence) !== (segmented[t].sentence !== segmented[t - 1].sentence)),
  )
}
