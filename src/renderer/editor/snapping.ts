/**
 * Snapping a selection to whole words with `Intl.Segmenter`, so that "Pu|tin to|ld" becomes "Putin told" in
 * any script, CJK included, and surrounding spaces are left out. Punctuation selected at an edge is kept: a dot may
 * end an abbreviation ("U.S."), a quote mark a quotation, and only the one selecting knows which.
 */

import { isKoreanParticle, PARTICLE_SCRIPT, UNSPACED_SCRIPT } from '../../shared/unspaced-script'
import { wordContaining, wordSegments, type WordSegment } from './word-segments'

/** Emoji and flags: not words to `Intl.Segmenter`, but a span may well begin or end with one. */
const PICTOGRAPH = /[\p{Extended_Pictographic}\p{Regional_Indicator}]/u

/** True if a segment counts as a word for snapping and edge moves: a word, or an emoji or flag. */
function countsAsWord(segment: WordSegment): boolean {
  return segment.isWordLike || PICTOGRAPH.test(segment.segment)
}

/** Characters a span should not begin or end with when snapping: spaces and line breaks. */
const EDGE_SPACE = /\s/u

/**
 * Widens `[from, to)` (UTF-16 indices of `text`) to the words it touches and trims spaces at its edges.
 * Returns null if the selection holds no word (nor emoji): nothing but spaces and punctuation, which snapping to
 * words does not make a span of (a stray "." tagged by a drag over ". ").
 */
export function snapToWords(text: string, from: number, to: number, locale?: string): { from: number; to: number } | null {
  let start = Math.min(from, to)
  let end = Math.max(from, to)
  while (start < end && EDGE_SPACE.test(text[start])) start++
  while (end > start && EDGE_SPACE.test(text[end - 1])) end--
  if (start === end) return null
  // Words never cross a line break, and none is longer than the reach: only the text around the selection is
  // segmented (the whole line of a long text without line feeds took a second and more near its end).
  const { from: from0, to: to0 } = reachAround(text, start, end)
  const line = text.slice(from0, to0)
  // Widened to the words at the edges, a number or Latin word written against a script without spaces being a word
  // of its own there (`runAround`: Thai's "ได้100ล้าน" is one segment).
  const first = wordContaining(line, start - from0, locale)
  if (first !== undefined && countsAsWord(first)) start = runAround(text, from0 + first.index, from0 + first.index + first.segment.length, start).from
  const last = wordContaining(line, end - 1 - from0, locale)
  // Korean writes particles on a word ("푸틴은"): an end inside a Korean word, before its particle, is where the
  // selection put it (a search hit, "푸틴"), not widened to take the particle in; an end elsewhere inside a word is.
  const lastEnd = last === undefined ? end : from0 + last.index + last.segment.length
  const beforeParticle = PARTICLE_SCRIPT.test(text[end - 1] ?? '') && end < lastEnd && isKoreanParticle(text.slice(end, lastEnd))
  if (last !== undefined && countsAsWord(last) && !beforeParticle) end = runAround(text, from0 + last.index, lastEnd, end - 1).to
  for (const segment of wordSegments(line, locale)) {
    if (segment.index >= end - from0) break
    if (segment.index + segment.segment.length > start - from0 && countsAsWord(segment)) return { from: start, to: end }
  }
  return null
}

/** How far (UTF-16 units) either side of a point `segmentsAround` looks: more than any word, less than a book on one line. */
const AROUND_REACH = 256

/**
 * The segments (`Intl.Segmenter` words: a word, an emoji sequence, a mark) of `text` that UTF-16 index `at` lies in or
 * at an edge of, spaces and line feeds left out: at most two, as `{ from, to }` UTF-16 ranges, the one before `at`
 * first. What a double click there may mean to select, whichever side of `at` the pointer was on.
 */
export function segmentsAround(text: string, at: number, locale?: string): { from: number; to: number }[] {
  const { from: from0, to: to0 } = reachAround(text, at, at)
  const line = text.slice(from0, to0)
  const found: { from: number; to: number }[] = []
  for (const unit of [at - 1, at]) {
    const segment = unit < from0 || unit >= to0 ? undefined : wordContaining(line, unit - from0, locale)
    if (segment === undefined || EDGE_SPACE.test(segment.segment)) continue
    const range = runAround(text, from0 + segment.index, from0 + segment.index + segment.segment.length, unit)
    if (found.every((other) => other.from !== range.from)) found.push(range)
  }
  return found
}

/**
 * The text segmented for words around `[from, to)`: its lines, but no more than AROUND_REACH either side (never
 * starting inside an astral character).
 */
function reachAround(text: string, from: number, to: number): TextRange {
  let start = Math.max(text.lastIndexOf('\n', from - 1) + 1, from - AROUND_REACH)
  if (/[\uDC00-\uDFFF]/u.test(text[start] ?? '')) start--
  const lineEnd = text.indexOf('\n', to)
  return { from: start, to: Math.min(lineEnd === -1 ? text.length : lineEnd, to + AROUND_REACH) }
}

/**
 * Of the segment `[from, to)` of `text`, the run holding UTF-16 index `unit`: a segment that mixes characters of a
 * script written without spaces with others (Thai's "ละ3.5ในปี2025", which the segmenter keeps whole) is cut where
 * they meet, so that the number is a word of its own, as search has it.
 */
function runAround(text: string, from: number, to: number, unit: number): TextRange {
  const runs = runsOf(text, from, to)
  return runs.find((run) => unit < run.to) ?? runs[runs.length - 1]
}

/** The segment `[from, to)` of `text` (not empty) cut where characters of a script written without spaces meet others. */
function runsOf(text: string, from: number, to: number): TextRange[] {
  if (!UNSPACED_SCRIPT.test(text.slice(from, to))) return [{ from, to }] // one run, found without a test per character
  const runs: TextRange[] = []
  let unspacedBefore: boolean | null = null
  for (let i = from; i < to; ) {
    const character = String.fromCodePoint(text.codePointAt(i)!)
    const unspaced = UNSPACED_SCRIPT.test(character)
    if (unspaced !== unspacedBefore) runs.push({ from: i, to: i })
    unspacedBefore = unspaced
    i += character.length
    runs[runs.length - 1].to = i
  }
  return runs
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

/**
 * Widens `[from, to)` (UTF-16 indices of `text`) to whole user-perceived characters, so that a span never
 * splits an emoji sequence (👩‍👩‍👧), a flag or a letter from its combining marks: what a selection with word
 * snapping off still needs. Only the lines around the selection are segmented.
 */
export function snapToCharacters(text: string, from: number, to: number): { from: number; to: number } {
  let start = Math.min(from, to)
  let end = Math.max(from, to)
  const lineStart = text.lastIndexOf('\n', start - 1) + 1
  const lineEnd = text.indexOf('\n', end)
  const segments = graphemes.segment(text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd))
  const first = segments.containing(start - lineStart)
  if (first !== undefined) start = lineStart + first.index
  const last = end > start ? segments.containing(end - 1 - lineStart) : undefined
  if (last !== undefined) end = lineStart + last.index + last.segment.length
  return { from: start, to: end }
}

/** A span's bounds as UTF-16 indices of its document's text, `from` < `to`. */
export interface TextRange {
  from: number
  to: number
}

/** How far beyond a span its edges' stops are looked for, in UTF-16 units: an edge moves one word at a time. */
const EDGE_REACH = 1_000

/**
 * The paragraph (line) bounds `[from, to)` around `range`: from the line break before its start to the one
 * after its end, so a span that already crosses paragraphs keeps all of them. On a long line, only
 * `EDGE_REACH` on either side (to a space, so that the words at its ends are whole): segmenting a whole line
 * of a long text without line feeds took minutes.
 */
function paragraphAround(text: string, range: TextRange): TextRange {
  const before = text.lastIndexOf('\n', range.from - 1)
  const after = text.indexOf('\n', Math.max(range.from, range.to - 1))
  let from = before + 1
  let to = after === -1 ? text.length : after
  if (range.from - from > EDGE_REACH) {
    const space = text.lastIndexOf(' ', range.from - EDGE_REACH)
    if (space > from) from = space
  }
  if (to - range.to > EDGE_REACH) {
    const space = text.indexOf(' ', range.to + EDGE_REACH)
    if (space !== -1 && space < to) to = space
  }
  return { from, to }
}

/**
 * Where a span's `edge` may go with snapping on, inside `paragraph` (one or several lines): every word start
 * (for the start edge) or word end (for the end edge), and each line's first or last character that is not a
 * space, so that a quotation mark or full stop ending a paragraph can be taken in.
 */
function edgeStops(text: string, paragraph: TextRange, edge: 'start' | 'end', locale?: string): number[] {
  let first = paragraph.from
  let last = paragraph.to
  while (first < last && EDGE_SPACE.test(text[first])) first++
  while (last > first && EDGE_SPACE.test(text[last - 1])) last--
  const stops: number[] = []
  if (first === last) return stops
  for (const segment of wordSegments(text.slice(first, last), locale)) {
    if (!countsAsWord(segment)) continue
    // Each run of it a word (`runsOf`), as snapping and a double click have it: "ได้100ล้าน" is three.
    for (const run of runsOf(text, first + segment.index, first + segment.index + segment.segment.length)) stops.push(edge === 'start' ? run.from : run.to)
  }
  // Each paragraph's first or last character that is not a space: where the range takes in several paragraphs,
  // an edge moving back across their break stops there as it does at the range's own ends.
  for (let lineStart = first; lineStart < last; ) {
    const lineFeed = text.indexOf('\n', lineStart)
    const lineEnd = lineFeed === -1 || lineFeed > last ? last : lineFeed
    let from = lineStart
    let to = lineEnd
    while (from < to && EDGE_SPACE.test(text[from])) from++
    while (to > from && EDGE_SPACE.test(text[to - 1])) to--
    if (from < to) stops.push(edge === 'start' ? from : to)
    lineStart = lineEnd + 1
  }
  return stops
}

/**
 * Moves one edge of a span to the next (`direction` 1) or previous (-1) word edge: a start goes to word
 * starts, an end to word ends, so neither ever rests on a space. An edge moved outwards from the first or
 * last word of its paragraph goes on to the paragraph before or after (past blank lines), as spans may run
 * across paragraphs; the span never becomes empty. Null when there is nowhere to go: the text's start or
 * end, or a span of one word made shorter.
 */
export function moveSpanEdge(text: string, range: TextRange, edge: 'start' | 'end', direction: 1 | -1, locale?: string): TextRange | null {
  const at = edge === 'start' ? range.from : range.to
  const allowed = (stop: number) =>
    (direction === 1 ? stop > at : stop < at) && (edge === 'start' ? stop < range.to : stop > range.from)
  const outwards = (edge === 'start') === (direction === -1)
  for (let paragraph: TextRange | null = paragraphAround(text, range); paragraph !== null; paragraph = outwards ? widened(text, paragraph, direction) : null) {
    const candidates = edgeStops(text, paragraph, edge, locale).filter(allowed)
    if (candidates.length === 0) continue
    const moved = direction === 1 ? Math.min(...candidates) : Math.max(...candidates)
    return edge === 'start' ? { from: moved, to: range.to } : { from: range.from, to: moved }
  }
  return null
}

/** `paragraph` with the paragraph before it (`direction` -1) or after it (1) taken in; null at the text's start or end. */
function widened(text: string, paragraph: TextRange, direction: 1 | -1): TextRange | null {
  if (direction === -1) return paragraph.from === 0 ? null : { from: text.lastIndexOf('\n', paragraph.from - 2) + 1, to: paragraph.to }
  if (paragraph.to >= text.length) return null
  const after = text.indexOf('\n', paragraph.to + 1)
  return { from: paragraph.from, to: after === -1 ? text.length : after }
}
