/**
 * `Intl.Segmenter` over long texts, a piece at a time. ICU's segmenters take time that grows faster than the
 * text (on Node 20, words of a 100,000-character text of mixed scripts took 41 s, of 50,000 characters 0.2 s),
 * so a long text is cut into pieces where the segmenter itself would put a boundary, and each piece is
 * segmented alone: the segments are the same, found in time that grows with the text.
 */

/** A segment as `Intl.Segmenter` gives it: its text, its UTF-16 index in the whole text, and for words whether it is word-like. */
export interface Segment {
  segment: string
  index: number
  isWordLike?: boolean
}

/** How long a piece is, at most where a boundary can be found (UTF-16 units). */
export const PIECE = 8_192

/** Characters a segment may begin with that join it to the one before (marks, format characters such as ZWJ) or whitespace. */
const JOINS_BEFORE = /[\s\p{M}\p{Cf}]/u

/** Where a word segment surely begins: after white space, before a character that neither is white space nor joins on. */
function wordBoundaryAt(text: string, i: number): boolean {
  return /\s/u.test(text[i - 1]) && !JOINS_BEFORE.test(String.fromCodePoint(text.codePointAt(i)!))
}

/** White space within a line (a line break ends a sentence of its own accord). */
const SPACE = /[^\S\n\r\v\f\x85\u2028\u2029]/u

/**
 * Where a sentence segment surely begins: after a full stop, question or exclamation mark and white space,
 * before a capital letter; or after an ideographic full stop, before a letter.
 */
function sentenceBoundaryAt(text: string, i: number): boolean {
  const next = String.fromCodePoint(text.codePointAt(i)!)
  if (text[i - 1] === '。' || text[i - 1] === '！' || text[i - 1] === '？') return /\p{L}/u.test(next)
  if (!SPACE.test(text[i - 1]) || !/\p{Lu}/u.test(next)) return false
  let before = i - 1
  while (before > 0 && SPACE.test(text[before])) before--
  return /[.!?]/.test(text[before]) && before < i - 1
}

/**
 * Where the piece of `text` beginning at `start` ends: after the last line feed within `size`, else at the last
 * boundary `boundaryAt` is sure of in its second half, else at the first one after it, else at the text's end.
 */
function pieceEnd(text: string, start: number, size: number, boundaryAt: (text: string, i: number) => boolean): number {
  if (text.length - start <= size) return text.length
  const lineFeed = text.lastIndexOf('\n', start + size - 1)
  if (lineFeed >= start) return lineFeed + 1
  for (let i = start + size - 1; i > start + size / 2; i--) if (boundaryAt(text, i)) return i
  for (let i = start + size; i < text.length; i++) if (text[i - 1] === '\n' || boundaryAt(text, i)) return i
  return text.length
}

/**
 * The segments of `text` as `segmenter` (granularity `word` or `sentence`) cuts it, a piece at a time (pieces
 * of about `size` units; the default suits any use, a small one is for tests).
 */
export function* segmentsOf(segmenter: Intl.Segmenter, text: string, size = PIECE): Generator<Segment> {
  const granularity = segmenter.resolvedOptions().granularity
  if (granularity === 'grapheme') throw new Error('segmentsOf cuts words and sentences only')
  const boundaryAt = granularity === 'word' ? wordBoundaryAt : sentenceBoundaryAt
  for (let start = 0; start < text.length; ) {
    const end = pieceEnd(text, start, size, boundaryAt)
    for (const { segment, index, isWordLike } of segmenter.segment(text.slice(start, end))) yield { segment, index: start + index, isWordLike }
    start = end
  }
}
