/**
 * Snapping a selection to whole words with `Intl.Segmenter`, so that "Pu|tin to|ld" becomes "Putin told" in
 * any script, CJK included, and surrounding spaces and punctuation are left out.
 */

const segmenters = new Map<string, Intl.Segmenter>()

function wordSegmenter(locale: string | undefined): Intl.Segmenter {
  const key = locale ?? ''
  let segmenter = segmenters.get(key)
  if (segmenter === undefined) {
    segmenter = new Intl.Segmenter(locale, { granularity: 'word' })
    segmenters.set(key, segmenter)
  }
  return segmenter
}

/** Characters a span should not begin or end with when snapping: spaces and line breaks. */
const EDGE_SPACE = /\s/u

/**
 * Widens `[from, to)` (UTF-16 indices of `text`) to the words it touches and trims spaces at its edges.
 * Returns null if nothing but spaces is selected.
 */
export function snapToWords(text: string, from: number, to: number, locale?: string): { from: number; to: number } | null {
  let start = Math.min(from, to)
  let end = Math.max(from, to)
  while (start < end && EDGE_SPACE.test(text[start])) start++
  while (end > start && EDGE_SPACE.test(text[end - 1])) end--
  if (start === end) return null
  const segments = wordSegmenter(locale).segment(text)
  const first = segments.containing(start)
  if (first?.isWordLike) start = first.index
  const last = segments.containing(end - 1)
  if (last?.isWordLike) end = last.index + last.segment.length
  return { from: start, to: end }
}

/** The UTF-16 index of the next (`direction` 1) or previous (-1) word edge from `at`, for moving span edges. */
export function nextWordEdge(text: string, at: number, direction: 1 | -1, locale?: string): number {
  const segments = wordSegmenter(locale).segment(text)
  if (direction === 1) {
    for (let i = at; i < text.length; ) {
      const segment = segments.containing(i)
      if (segment === undefined) break
      const end = segment.index + segment.segment.length
      if (segment.isWordLike && end > at) return end
      i = end
    }
    return text.length
  }
  for (let i = at - 1; i >= 0; ) {
    const segment = segments.containing(i)
    if (segment === undefined) break
    if (segment.isWordLike && segment.index < at) return segment.index
    i = segment.index - 1
  }
  return 0
}
