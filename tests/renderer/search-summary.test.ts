/** The line above the search results says how many matches, in how many documents, and in what order. */
import { describe, expect, it } from 'vitest'
import type { SearchAnswer, SearchResult } from '../../src/shared/api'
import { summaryOf } from '../../src/renderer/app/search-panel'

const documents = (n: number, count = 2): SearchResult[] =>
  Array.from({ length: n }, (_, i) => ({ documentId: i + 1, externalId: `d${i}`, title: `D${i}`, count, occurrences: [] }))

describe('the search summary', () => {
  it('says in what order the documents are listed whenever there are several', () => {
    const answer = (n: number, order: SearchAnswer['order'], tooManyToRank = false): SearchAnswer => ({ documents: documents(n), order, tooManyToRank, unranked: 0, onlyExcluding: false })
    expect(summaryOf(answer(3, 'rank'))).toBe('6 matches in 3 documents, best first')
    expect(summaryOf(answer(1, 'rank'))).toBe('2 matches in 1 document')
    expect(summaryOf(answer(50, 'rank'))).toBe('100 matches in the first 50 documents, best first')
    expect(summaryOf(answer(2, 'corpus'))).toBe('4 matches in 2 documents, in corpus order')
    expect(summaryOf(answer(50, 'corpus', true))).toBe(
      '100 matches in the first 50 documents, in corpus order: over 20,000 documents match, too many to rank best first; add words to narrow',
    )
  })

  it('counts the documents whose title alone matches apart from the matches in texts', () => {
    const answer: SearchAnswer = { documents: [...documents(2, 1), ...documents(48, 0)], order: 'corpus', tooManyToRank: false, unranked: 0, onlyExcluding: false }
    expect(summaryOf(answer)).toBe('2 matches in 2 documents, and the first 48 whose title alone matches, in corpus order')
    const fewer: SearchAnswer = { documents: [...documents(3, 2), ...documents(4, 0)], order: 'corpus', tooManyToRank: false, unranked: 0, onlyExcluding: false }
    expect(summaryOf(fewer)).toBe('6 matches in 3 documents, and 4 whose title alone matches, in corpus order')
    const titlesOnly: SearchAnswer = { documents: documents(3, 0), order: 'rank', tooManyToRank: false, unranked: 0, onlyExcluding: false }
    expect(summaryOf(titlesOnly)).toBe('3 documents whose title alone matches, best first')
    expect(summaryOf({ documents: documents(50, 0), order: 'corpus', tooManyToRank: false, unranked: 0, onlyExcluding: false })).toBe('The first 50 documents whose title alone matches, in corpus order')
    expect(summaryOf({ documents: documents(1, 0), order: 'rank', tooManyToRank: false, unranked: 0, onlyExcluding: false })).toBe('1 document whose title alone matches')
  })

  it('says which documents are listed after the ranked ones, unranked, and when the query only leaves terms out', () => {
    const answer = (n: number, unranked: number): SearchAnswer => ({ documents: documents(n), order: 'rank', tooManyToRank: false, unranked, onlyExcluding: false })
    expect(summaryOf(answer(5, 2))).toBe('10 matches in 5 documents, best first, then 2 unranked (found by reading texts or notes)')
    expect(summaryOf(answer(3, 3))).toBe('6 matches in 3 documents, in corpus order') // none ranked
    expect(summaryOf(answer(2, 1))).toBe('4 matches in 2 documents, best first, then 1 unranked (found by reading texts or notes)')
    expect(summaryOf(answer(1, 1))).toBe('2 matches in 1 document')
    const without = (n: number): SearchAnswer => ({ documents: documents(n, 0), order: 'corpus', tooManyToRank: false, unranked: 0, onlyExcluding: true })
    expect(summaryOf(without(3))).toBe('3 documents without what is left out, in corpus order')
    expect(summaryOf(without(50))).toBe('The first 50 documents without what is left out, in corpus order')
  })
})
