/** Where a query occurs in a text, in code points, with the text around each occurrence to show. */
import type { SearchOccurrence } from '../../shared/api'
import { OffsetIndex } from '../../shared/offsets'
import type { ParsedQuery } from './query'

/** How many code points of context each side of an occurrence. */
const CONTEXT = 48

/** The occurrences of `query` in `text` (at most `limit`) and how many there are in all. */
export function occurrencesIn(text: string, query: ParsedQuery, limit: number): { count: number; occurrences: SearchOccurrence[] } {
  const folded = query.fold(text)
  for (const matcher of query.matchers) {
    const ranges: [number, number][] = []
    let count = 0
    let lastEnd = 0
    matcher.lastIndex = 0
    for (let match = matcher.exec(folded); match !== null; match = matcher.exec(folded)) {
      if (match[0].length === 0) {
        matcher.lastIndex++
        continue
      }
      // Widened to whole characters as seen, two matches in one (👩 twice in a family 👩‍👩‍👧) are one occurrence.
      const range = wholeCharacters(text, match.index, match.index + match[0].length)
      if (range[0] < lastEnd) continue
      lastEnd = range[1]
      count++
      if (ranges.length < limit) ranges.push(range)
    }
    if (count > 0) return { count, occurrences: withContext(text, ranges) }
  }
  return { count: 0, occurrences: [] }
}

/** Code units around an occurrence's edge segmented to find the character as seen there: more than the longest emoji sequence. */
const AROUND = 64
/** What may join a character as seen to the one before: marks, joiners, variation selectors, skin tones, tags, flags' halves. */
const JOINING = /^(?:[\p{M}\u200D\uFE00-\uFE0F\u{1F3FB}-\u{1F3FF}\u{E0020}-\u{E007F}\p{Regional_Indicator}])/u
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

/**
 * The range `from`-`to` (UTF-16) widened to whole characters as seen (grapheme clusters), so that a search for
 * 👍 marks all of 👍🏽 and one for 👨 the whole family 👨‍👩‍👧, never half a character.
 */
export function wholeCharacters(text: string, from: number, to: number): [number, number] {
  const joinsAt = (at: number): boolean => at > 0 && at < text.length && (JOINING.test(text.slice(at)) || text[at - 1] === '\u200D')
  if (!joinsAt(from) && !joinsAt(to)) return [from, to]
  const base = Math.max(0, from - AROUND)
  let start = from
  let end = to
  for (const { index, segment } of graphemes.segment(text.slice(base, Math.min(text.length, to + AROUND)))) {
    const segmentStart = base + index
    const segmentEnd = segmentStart + segment.length
    if (segmentStart < from && from < segmentEnd) start = segmentStart
    if (segmentStart < to && to < segmentEnd) end = segmentEnd
  }
  return [start, end]
}

/** Each range (UTF-16) as an occurrence in code points, with up to CONTEXT code points either side. */
function withContext(text: string, ranges: readonly [number, number][]): SearchOccurrence[] {
  const index = new OffsetIndex(text)
  return ranges.map(([from, to]) => {
    const start = index.toCodePoint(from)
    const end = index.toCodePoint(to)
    // The context cut between characters as seen, never before a mark whose letter it would leave out (Thai's ั).
    const before = wholeCharacters(text, index.toUtf16(Math.max(0, start - CONTEXT)), from)[0]
    const after = wholeCharacters(text, to, index.toUtf16(Math.min(index.length, end + CONTEXT)))[1]
    return {
      start,
      end,
      before: (before > 0 ? '…' : '') + text.slice(before, from).replace(/\s+/gu, ' '),
      text: text.slice(from, to),
      after: text.slice(to, after).replace(/\s+/gu, ' ') + (after < text.length ? '…' : ''),
    }
  })
}
