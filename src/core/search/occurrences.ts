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
    matcher.lastIndex = 0
    for (let match = matcher.exec(folded); match !== null; match = matcher.exec(folded)) {
      if (match[0].length === 0) {
        matcher.lastIndex++
        continue
      }
      count++
      if (ranges.length < limit) ranges.push([match.index, match.index + match[0].length])
    }
    if (count > 0) return { count, occurrences: withContext(text, ranges) }
  }
  return { count: 0, occurrences: [] }
}

/** Each range (UTF-16) as an occurrence in code points, with up to CONTEXT code points either side. */
function withContext(text: string, ranges: readonly [number, number][]): SearchOccurrence[] {
  const index = new OffsetIndex(text)
  return ranges.map(([from, to]) => {
    const start = index.toCodePoint(from)
    const end = index.toCodePoint(to)
    const before = index.toUtf16(Math.max(0, start - CONTEXT))
    const after = index.toUtf16(Math.min(index.length, end + CONTEXT))
    return {
      start,
      end,
      before: (before > 0 ? '…' : '') + text.slice(before, from).replace(/\s+/gu, ' '),
      text: text.slice(from, to),
      after: text.slice(to, after).replace(/\s+/gu, ' ') + (after < text.length ? '…' : ''),
    }
  })
}
