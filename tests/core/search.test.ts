/**
 * Search finds what was typed, exactly where it is: phrases as phrases, every occurrence with a count, any
 * character (emoji, CJK, control characters), offsets in code points.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Corpus } from '../../src/core/store/corpus'
import { parseQuery } from '../../src/core/search/query'
import { searchCorpus, TEXTS_LOOKED_FOR_PAST_A_PAGE } from '../../src/core/search/search'
import { searchStatements } from '../../src/core/store/search'
import { opened, scratch } from '../helpers'
import { join } from 'node:path'
import Database from 'better-sqlite3'

const SUMMIT =
  'Kim Jong-un arrived on Thursday. Mr Putin said he and Mr Kim had discussed sanctions relief, and that relief from sanctions was far off. ' +
  'Later, 😀 金正恩委员长 met Putin again; the café was closed. Kim left.'

function corpusOf(texts: Record<string, string>): Corpus {
  const corpus = opened(Corpus.open(join(scratch(), 's.marginalia'), { create: true }))
  for (const [id, text] of Object.entries(texts)) corpus.insertDocument({ externalId: id, title: `Title of ${id}`, text })
  return corpus
}

const slice = (text: string, start: number, end: number) => [...text].slice(start, end).join('')

describe('search', () => {
  it('lists the first 200 occurrences of a document, and gives all of them for that document when asked', () => {
    const text = Array.from({ length: 250 }, (_, i) => `Sighting ${i}: a zebra 🦓 crossed.`).join('\n')
    const corpus = corpusOf({ zebras: text })
    const [result] = corpus.search('zebra', 10).documents
    expect([result.count, result.occurrences.length]).toEqual([250, 200])
    const all = corpus.searchOccurrences('zebra', result.documentId)!
    expect([all.count, all.occurrences.length]).toEqual([250, 250])
    expect(all.occurrences.slice(0, 200)).toEqual(result.occurrences)
    expect(all.occurrences.every((o) => slice(text, o.start, o.end) === 'zebra')).toBe(true)
    expect(all.occurrences.at(-1)!.before).toMatch(/Sighting 249: a $/)
    expect(corpus.searchOccurrences('zebra', 999)).toBeNull()
  })

  it('opens on the occurrence of the whole query, not the first of its words', () => {
    const corpus = corpusOf({ summit: SUMMIT })
    const [result] = corpus.search('Mr Kim', 10).documents
    expect(result.count).toBe(1)
    const [occurrence] = result.occurrences
    expect(occurrence.text).toBe('Mr Kim')
    expect(slice(SUMMIT, occurrence.start, occurrence.end)).toBe('Mr Kim')
    expect(occurrence.before).toMatch(/said he and $/)
    expect(occurrence.after).toMatch(/^ had discussed/)
  })

  it('matches a quoted phrase only as a phrase, and lists every occurrence of a word with a count', () => {
    const corpus = corpusOf({ summit: SUMMIT, other: 'Relief came later; sanctions stayed.' })
    const phrase = corpus.search('"sanctions relief"', 10).documents
    expect(phrase.map((r) => [r.externalId, r.count])).toEqual([['summit', 1]])
    const kim = corpus.search('Kim', 10).documents[0]
    expect(kim.count).toBe(3)
    expect(kim.occurrences.map((o) => slice(SUMMIT, o.start, o.end))).toEqual(['Kim', 'Kim', 'Kim'])
    expect(kim.occurrences.map((o) => o.start)).toEqual([...kim.occurrences.map((o) => o.start)].sort((a, b) => a - b))
  })

  it('finds words apart when they do not follow one another, each where it is', () => {
    const corpus = corpusOf({ summit: SUMMIT })
    const [result] = corpus.search('relief Thursday', 10).documents
    expect(result.occurrences.map((o) => o.text)).toEqual(['Thursday', 'relief', 'relief'])
  })

  it('treats the last word as a prefix while typing, compares without case or accents', () => {
    const corpus = corpusOf({ summit: SUMMIT })
    expect(corpus.search('sanct', 10).documents[0].occurrences.map((o) => o.text)).toEqual(['sanctions', 'sanctions'])
    expect(corpus.search('CAFE', 10).documents[0].occurrences.map((o) => o.text)).toEqual(['café'])
    expect(corpus.search('putin', 10).documents[0].count).toBe(2)
  })

  it('finds accented words whether the text or the query writes the accent as its own mark (NFD) or not', () => {
    const decomposed = 'Ame\u0301lie met Mr Mu\u0308ller in Zu\u0308rich.' // as macOS file names and some PDFs give text
    const composed = 'Amélie met Mr Müller in Zürich.'
    const corpus = corpusOf({ decomposed, composed })
    for (const query of ['amelie', 'Amélie', 'Ame\u0301lie', 'mull', '"mr müller"', 'Zu\u0308rich amelie']) {
      const results = corpus.search(query, 10).documents
      expect(results.map((r) => r.externalId).sort(), query).toEqual(['composed', 'decomposed'])
      for (const result of results) {
        const text = result.externalId === 'composed' ? composed : decomposed
        expect(result.count, query).toBeGreaterThan(0)
        for (const o of result.occurrences) expect(slice(text, o.start, o.end), query).toBe(o.text)
      }
    }
    const [amelie] = corpus.search('amelie', 10).documents.filter((r) => r.externalId === 'decomposed')
    expect(amelie.occurrences.map((o) => o.text)).toEqual(['Ame\u0301lie'])
  })

  it('finds emoji, CJK inside a run of characters, and punctuation, at code point offsets', () => {
    const corpus = corpusOf({ summit: SUMMIT })
    for (const needle of ['😀', '金正恩', '委员', 'Jong-un', 'relief,']) {
      // Bare, `relief,` is the word relief (a search ignores punctuation at a word's edges); quoted, it keeps its comma.
      const [result] = corpus.search(needle.endsWith(',') ? `"${needle}"` : needle, 10).documents
      expect(result, needle).toBeDefined()
      expect(slice(SUMMIT, result.occurrences[0].start, result.occurrences[0].end)).toBe(needle)
    }
    const mixed = corpus.search('😀 Putin', 10).documents
    expect(mixed).toHaveLength(1)
  })

  it('finds text next to control characters without misplacing it', () => {
    const text = 'alpha \u0001beta\u0002 gamma Putin and before\u0000after Putin'
    const corpus = corpusOf({ odd: text })
    const [result] = corpus.search('Putin', 10).documents
    expect(result.occurrences.map((o) => slice(text, o.start, o.end))).toEqual(['Putin', 'Putin'])
    expect(corpus.search('beta', 10).documents[0].occurrences[0].text).toBe('beta')
  })

  it('needs every term, and never fails on what FTS5 would call a syntax error', () => {
    const corpus = corpusOf({ summit: SUMMIT })
    expect(corpus.search('Kim Trump', 10).documents).toEqual([])
    expect(corpus.search('"unbalanced AND (', 10).documents).toEqual([])
    expect(corpus.search('NEAR(a b) OR * ^', 10).documents).toEqual([])
    expect(corpus.search('   ', 10).documents).toEqual([])
    // Any mix of operators, quotes, stars, brackets and characters the index cannot hold is searched, not refused.
    const piece = fc.constantFrom('Kim', 'OR', 'AND', 'NOT', '*', 'sanct*', '"', '(', ')', '😀', '金正恩', 'é', ' ', '-', '^')
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        expect(() => corpus.search(pieces.join(' '), 10)).not.toThrow()
        expect(() => corpus.search(pieces.join(''), 10)).not.toThrow()
      }),
      { numRuns: 300 },
    )
  })

  it('understands quotes, and an unclosed quote as a phrase to the end', () => {
    expect(parseQuery('"sanctions relief" Kim')!.terms).toEqual([
      { text: 'sanctions relief', quoted: true },
      { text: 'Kim', quoted: false, prefix: true }, // the last word typed
    ])
    expect(parseQuery('"no end')!.terms).toEqual([{ text: 'no end', quoted: true, open: true, prefix: true }]) // its last word, being typed, a prefix
  })

  it('takes OR between terms as alternatives, AND as nothing more than both, and a word ending in * as a prefix', () => {
    const corpus = corpusOf({ summit: SUMMIT, other: 'Relief came later; sanctions stayed.', third: 'Nothing of the kind. 😀' })
    const ids = (query: string) => corpus.search(query, 10).documents.map((r) => r.externalId).sort()
    expect(ids('Thursday OR stayed')).toEqual(['other', 'summit'])
    expect(ids('Thursday OR stayed OR kind')).toEqual(['other', 'summit', 'third'])
    expect(ids('relief AND Thursday')).toEqual(['summit'])
    expect(ids('sanct* later')).toEqual(['other', 'summit'])
    expect(ids('"sanctions relief" OR "sanctions stayed"')).toEqual(['other', 'summit'])
    expect(ids('😀 OR stayed')).toEqual(['other', 'summit', 'third']) // one alternative the index cannot find
    expect(ids('Kim OR stayed relief')).toEqual(['other', 'summit'])
    expect(ids('Kim OR')).toEqual(['summit']) // OR typed last: not yet an alternative
    const [summit] = corpus.search('sanct* OR Thursday', 10).documents.filter((r) => r.externalId === 'summit')
    expect(summit.occurrences.map((o) => o.text)).toEqual(['Thursday', 'sanctions', 'sanctions'])
    expect(corpus.search('fell*', 10).documents).toEqual([])
  })

  it('leaves out the documents holding a term after NOT, in the text or the title, and marks no occurrence of it', () => {
    const corpus = corpusOf({ summit: SUMMIT, other: 'Mr Putin said the talks went well.', third: 'Putin and the café.' })
    const ids = (query: string) => corpus.search(query, 10).documents.map((r) => r.externalId).sort()
    expect(ids('Putin NOT Kim')).toEqual(['other', 'third'])
    expect(ids('Putin NOT Kim NOT cafe')).toEqual(['other'])
    expect(ids('Putin NOT "talks went"')).toEqual(['summit', 'third'])
    expect(ids('Putin NOT other')).toEqual(['summit', 'third']) // "Title of other"
    expect(ids('Putin NOT')).toEqual(['other', 'summit', 'third']) // NOT typed last: nothing excluded yet
    expect(ids('NOT Kim')).toEqual(['other', 'third']) // every document without it
    expect(ids('Putin NOT (Kim)')).toEqual(['other', 'third']) // parentheses group nothing: the word is meant
    expect(ids('(Putin) NOT Kim')).toEqual(['other', 'third'])
    const [other] = corpus.search('Putin NOT Kim', 10).documents
    expect(other.occurrences.map((o) => o.text)).toEqual(['Putin'])
    expect(corpus.search('NOT Kim', 10).onlyExcluding).toBe(true)
    expect(corpus.search('Putin NOT Kim', 10).onlyExcluding).toBe(false)
  })

  it('takes the last word typed as the start of longer words once it has three characters: UN and Xi are words of their own', () => {
    const corpus = corpusOf({ un: 'The UN met.', under: 'Under the sea, unrealistic.', xi: 'Mr Xi spoke.', xinhua: 'Xinhua said.' })
    const ids = (query: string) => corpus.search(query, 10).documents.map((r) => r.externalId).sort()
    expect(ids('UN')).toEqual(['un'])
    expect(ids('Xi')).toEqual(['xi'])
    expect(ids('Xin')).toEqual(['xinhua'])
    expect(ids('unr')).toEqual(['under'])
    expect(ids('un*')).toEqual(['un', 'under']) // asked for with *
    expect(ids('Xinh')).toEqual(['xinhua'])
    expect(ids('Xinhu Xi')).toEqual([]) // (both words needed)
    expect(ids('Mr X')).toEqual(['xi']) // no word X: the start of Xi, while typing on
    expect(ids('Sp')).toEqual(['xi']) // spoke
  })

  it('lists a document whose title alone holds a short word, and marks no longer word of its text for it', () => {
    const corpus = corpusOf({ un: 'under the unrealistic plan' }) // titled "Title of un"
    const [found] = corpus.search('UN', 10).documents // the word in the title alone
    expect(found.count).toBe(0)
    expect(corpus.searchOccurrences('UN', found.documentId)?.occurrences).toEqual([]) // not under, unrealistic
  })

  it('leaves out a term written after a minus, as web search does: -Kim, -"talks went"', () => {
    const corpus = corpusOf({ summit: SUMMIT, other: 'Mr Putin said the talks went well.', third: 'Putin and the café.' })
    const ids = (query: string) => corpus.search(query, 10).documents.map((r) => r.externalId).sort()
    expect(ids('Putin -Kim')).toEqual(ids('Putin NOT Kim'))
    expect(ids('Putin -Kim')).toEqual(['other', 'third'])
    expect(ids('Putin -Kim -cafe')).toEqual(['other'])
    expect(ids('Putin -"talks went"')).toEqual(['summit', 'third'])
    expect(ids('-Kim Putin')).toEqual(['other', 'third'])
    expect(ids('-Kim')).toEqual(['other', 'third'])
    expect(corpus.search('-Kim', 10).onlyExcluding).toBe(true)
    expect(ids('Jong-un')).toEqual(['summit']) // a hyphen inside a word is the word's
    expect(ids('-"" Putin')).toEqual(['other', 'summit', 'third']) // nothing to leave out: Putin is searched for
    expect(ids('NOT "" Putin')).toEqual(['other', 'summit', 'third'])
    expect(corpus.search('-5%', 10).onlyExcluding).toBe(false) // a minus before a number is its sign
    expect(ids('Putin -')).toEqual(ids('Putin')) // a minus typed on the way to -Kim leaves nothing out, and finds no hyphen
    const signs = corpusOf({ fell: 'Growth fell to -5% this year.', rose: 'Growth rose 5% this year.' })
    const found = signs.search('-5%', 10).documents
    expect(found.map((r) => [r.externalId, r.occurrences.map((o) => o.text)])).toEqual([['fell', ['-5%']]]) // the sign kept
    // A query of operators alone searches for the words, and says so: it does not only leave out.
    expect(corpus.search('NOT NOT', 10).onlyExcluding).toBe(false)
  })

  it('stops at the limit of documents and lists at most 200 occurrences of one, counting them all', () => {
    const corpus = corpusOf(Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`d${i}`, 'word '.repeat(300)])))
    const results = corpus.search('word', 3).documents
    expect(results).toHaveLength(3)
    expect(results[0].count).toBe(300)
    expect(results[0].occurrences).toHaveLength(200)
  })
})

describe('the order of the results', () => {
  // The later a document, the more often it says "tide", so best first is the reverse of corpus order.
  const texts = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`d${i}`, `${'tide '.repeat(i + 1)}and a sentence about the harbour 🌊 ${'filler '.repeat(40 - i)}`]))

  function statementsOf(corpusTexts: Record<string, string>) {
    const path = join(scratch(), 'order.marginalia')
    opened(Corpus.open(path, { create: true }))
    const corpus = Corpus.open(path)
    for (const [id, text] of Object.entries(corpusTexts)) corpus.insertDocument({ externalId: id, title: `Title of ${id}`, text })
    corpus.close()
    const db = new Database(path, { readonly: true })
    return searchStatements(db)
  }

  it('is best first while at most the ranking bound match, and corpus order, said so, above it', () => {
    const statements = statementsOf(texts)
    const ranked = searchCorpus(statements, 'tide', 3, 8)
    expect(ranked).toMatchObject({ order: 'rank', tooManyToRank: false })
    expect(ranked.documents.map((d) => d.externalId)).toEqual(['d7', 'd6', 'd5'])
    const unranked = searchCorpus(statements, 'tide', 3, 7)
    expect(unranked).toMatchObject({ order: 'corpus', tooManyToRank: true })
    expect(unranked.documents.map((d) => d.externalId)).toEqual(['d0', 'd1', 'd2'])
    expect(unranked.documents[2].count).toBe(3) // occurrences are found as for ranked results
    // With a piece the index cannot hold (the emoji), likewise.
    expect(searchCorpus(statements, 'tide 🌊', 2, 8).documents.map((d) => d.externalId)).toEqual(['d7', 'd6'])
    const holding = searchCorpus(statements, 'tide 🌊', 2, 7)
    expect(holding).toMatchObject({ order: 'corpus', tooManyToRank: true })
    expect(holding.documents.map((d) => d.externalId)).toEqual(['d0', 'd1'])
  })

  it('is corpus order when only reading the texts can find the query', () => {
    const answer = searchCorpus(statementsOf(texts), '🌊', 2)
    expect(answer).toMatchObject({ order: 'corpus', tooManyToRank: false })
    expect(answer.documents.map((d) => d.externalId)).toEqual(['d0', 'd1'])
  })
})

describe('documents whose title alone matches', () => {
  it('come after those whose text matches when listed in corpus order, so that they do not crowd them off the page', () => {
    // 60 documents titled with a hyphen and none in their text, then one with a hyphen in its text, imported last.
    const texts: Record<string, string> = {}
    for (let i = 0; i < 60; i++) texts[`bulk-${i}`] = `Nothing to see in number ${i}.`
    const corpus = opened(Corpus.open(join(scratch(), 't.marginalia'), { create: true }))
    for (const [id, text] of Object.entries(texts)) corpus.insertDocument({ externalId: id, title: id, text })
    corpus.insertDocument({ externalId: 'late', title: 'Late', text: 'A well-known fact-checker said so.' })
    const answer = corpus.search('-', 50)
    expect(answer.order).toBe('corpus')
    expect(answer.documents[0]).toMatchObject({ externalId: 'late', count: 2 })
    expect(answer.documents.slice(1).every((d) => d.count === 0)).toBe(true)
    expect(answer.documents).toHaveLength(50)
    // Ranked, a title-only match may come anywhere; all are still found when the page has room.
    expect(corpus.search('bulk', 100).documents).toHaveLength(60)
  })

  it('are passed over for texts only so far past a full page: a word in every title costs a bounded read, not the whole corpus', () => {
    const corpus = opened(Corpus.open(join(scratch(), 'u.marginalia'), { create: true }))
    const insert = (id: string, text: string) => corpus.insertDocument({ externalId: id, title: id, text })
    corpus.transaction(() => {
      for (let i = 0; i < 1_000; i++) insert(`bulk-${i}`, `Nothing in number ${i}.`)
      insert('near', 'A well-known name.') // within the look past the page: listed first
      for (let i = 1_000; i < 1_000 + TEXTS_LOOKED_FOR_PAST_A_PAGE + 100; i++) insert(`bulk-${i}`, `Nothing in number ${i}.`)
      insert('far', 'A fact-checker.') // past it: not looked for
    })
    const answer = corpus.search('-', 50)
    expect(answer.documents.map((d) => d.externalId).slice(0, 2)).toEqual(['near', 'bulk-0'])
    expect(answer.documents.map((d) => d.externalId)).not.toContain('far')
    expect(answer.documents).toHaveLength(50)
    // A word the text holds narrows the search to it.
    expect(corpus.search('- checker', 50).documents.map((d) => d.externalId)).toEqual(['far'])
  })
})

describe('search in notes', () => {
  it('finds a note by its words and opens the span it is on; the text search still finds the text', () => {
    const corpus = corpusOf({ summit: SUMMIT, other: 'Nothing here about that.' })
    const putin = [...SUMMIT.slice(0, SUMMIT.indexOf('Mr Putin'))].length
    const span = corpus.insertSpan(1, { start: putin, end: putin + 8, label: 'Speaker', annotator: 'ana' })
    corpus.setSpanAttrs(1, span, { note: 'Check the Kremlin transcript — the quote may be paraphrased.', unsure: true })
    const [result] = corpus.search('kremlin transcript', 10).documents
    expect(result.externalId).toBe('summit')
    expect(result.count).toBe(1)
    expect(result.occurrences[0]).toMatchObject({ start: putin, end: putin + 8, text: 'Mr Putin', inNote: { text: 'Kremlin transcript' } })
    // A word in both the text and a note: both are listed, the text first.
    corpus.setSpanAttrs(1, span, { note: 'Putin spoke first' })
    const both = corpus.search('Putin', 10).documents[0]
    expect(both.occurrences.map((o) => (o.inNote === undefined ? 'text' : 'note'))).toEqual(['text', 'text', 'note'])
    expect(corpus.search('paraphrased', 10).documents).toEqual([]) // the old note is gone
  })
})
