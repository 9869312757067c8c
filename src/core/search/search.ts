/** Searching a corpus: candidates from SQL, then every occurrence found exactly in each candidate's text. */
import type { SearchResult } from '../../shared/api'
import type { SearchCandidate, searchStatements } from '../store/search'
import { occurrencesIn } from './occurrences'
import { foldForSearch, parseQuery } from './query'

/** How many occurrences of one document a result lists (its count says how many there are). */
export const OCCURRENCES_LISTED = 200

/**
 * The documents where every term of `input` occurs (in the text or the title), best first, at most `limit`,
 * each with its occurrences in the text.
 */
export function searchCorpus(statements: ReturnType<typeof searchStatements>, input: string, limit: number): SearchResult[] {
  const query = parseQuery(input)
  if (query === null) return []
  // The longest piece the index cannot find narrows the scan most; the others are checked below.
  const scan = [...query.scanFor].sort((a, b) => b.length - a.length)[0]
  const candidates: Iterable<SearchCandidate> =
    query.fts === null
      ? statements.holding.iterate({ scan })
      : scan === undefined
        ? statements.indexed.iterate({ fts: query.fts })
        : statements.indexedHolding.iterate({ fts: query.fts, scan })
  const results: SearchResult[] = []
  for (const candidate of candidates) {
    const text = foldForSearch(candidate.text)
    const title = foldForSearch(candidate.title)
    if (!query.required.every((term) => term.test(text) || term.test(title))) continue
    const { count, occurrences } = occurrencesIn(candidate.text, query, OCCURRENCES_LISTED)
    results.push({ documentId: candidate.documentId, externalId: candidate.externalId, title: candidate.title, count, occurrences })
    if (results.length === limit) break
  }
  return results
}
