/**
 * Search ignores punctuation at the edges of a word, as a search engine does, and folds straight and
 * typographic quotes alike both ways, while every occurrence still marks the text exactly as written.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Corpus } from '../../src/core/store/corpus'
import { foldForSearch } from '../../src/core/search/fold'
import { termsOf } from '../../src/core/search/query'
import { opened, scratch } from '../helpers'

const SUMMIT =
  '😀 Kim Jong-un arrived on Thursday; Mr Kim said Pyongyang’s “full support” stood. 𝐀 U.S. envoy said 10% of it, ' +
  'and the talks’ end was near. Putin left. Kim’s aides stayed.'
const QUOTES = "🇷🇺 Pyongyang's \"full support\", in straight quotes."

function corpusOf(texts: Record<string, string>): Corpus {
  const corpus = opened(Corpus.open(join(scratch(), 'p.marginalia'), { create: true }))
  for (const [id, text] of Object.entries(texts)) corpus.insertDocument({ externalId: id, title: `Title of ${id}`, text })
  return corpus
}

const slice = (text: string, start: number, end: number) => [...text].slice(start, end).join('')
const TEXTS: Record<string, string> = { summit: SUMMIT, quotes: QUOTES }

/** Each document found, with the text of each occurrence, checked against the document at its code point offsets. */
function found(corpus: Corpus, query: string): Record<string, string[]> {
  const answer: Record<string, string[]> = {}
  for (const result of corpus.search(query, 10).documents) {
    const text = TEXTS[result.externalId]
    for (const o of result.occurrences) expect(slice(text, o.start, o.end), query).toBe(o.text)
    answer[result.externalId] = result.occurrences.map((o) => o.text)
  }
  return answer
}

describe('punctuation at the edges of a word', () => {
  it('is ignored: the word is found wherever it is, and only the word is marked', () => {
    const corpus = corpusOf(TEXTS)
    const kim = found(corpus, 'Kim')
    expect(kim.summit).toHaveLength(3)
    for (const query of ['Kim:', 'Kim,', 'Kim.', 'Kim?', '(Kim)', "'Kim'", '“Kim”', '«Kim»', 'Kim!?', '—Kim']) expect(found(corpus, query), query).toEqual(kim)
    expect(found(corpus, 'Putin?')).toEqual({ summit: ['Putin'] })
    expect(found(corpus, 'Thursday; Mr')).toEqual({ summit: ['Thursday; Mr'] }) // the words as a phrase, as typed
    expect(found(corpus, 'Jong-')).toEqual({ summit: ['Jong'] }) // typing on towards Jong-un
    expect(found(corpus, 'Putin NOT Kim:')).toEqual({})
  })

  it('is kept inside a word, in a quoted phrase, in an abbreviation and in a term of nothing else', () => {
    const corpus = corpusOf(TEXTS)
    expect(found(corpus, 'U.S.')).toEqual({ summit: ['U.S.'] })
    expect(found(corpus, '10%')).toEqual({ summit: ['10%'] })
    expect(found(corpus, 'Jong-un,')).toEqual({ summit: ['Jong-un'] })
    expect(found(corpus, '"Putin left."')).toEqual({ summit: ['Putin left.'] })
    expect(found(corpus, '"Kim:"')).toEqual({})
    expect(found(corpus, '%')).toEqual({ summit: ['%'] })
    expect(termsOf('Kim: (Putin) 10%, U.S.').map((t) => t.text)).toEqual(['Kim', 'Putin', '10%', 'U.S.'])
  })
})

describe('straight and typographic quotes', () => {
  it('match one another both ways, marking the text as written, at exact offsets after astral characters', () => {
    const corpus = corpusOf(TEXTS)
    const both = { summit: ['Pyongyang’s'], quotes: ["Pyongyang's"] }
    for (const query of ["Pyongyang's", 'Pyongyang’s', 'Pyongyang‘s', 'Pyongyang′s', 'Pyongyang`s']) expect(found(corpus, query), query).toEqual(both)
    expect(found(corpus, '"Pyongyang\'s full support"')).toEqual({ summit: ['Pyongyang’s “full support'], quotes: ['Pyongyang\'s "full support'] })
    expect(found(corpus, 'talks\' end')).toEqual({ summit: ['talks’ end'] })
    expect(found(corpus, 'Kim\'s')).toEqual({ summit: ['Kim’s'] })
  })

  it('match one another in what is read rather than found by the word index: emoji, and notes', () => {
    const corpus = corpusOf(TEXTS)
    expect(found(corpus, '"🇷🇺 Pyongyang’s"')).toEqual({ quotes: ["🇷🇺 Pyongyang's"] })
    const span = corpus.insertSpan(1, { start: 2, end: 5, label: 'Speaker', annotator: 'ana' })
    corpus.setSpanAttrs(1, span, { note: 'Not Pyongyang\'s "line": check.' })
    const [summit] = corpus.search('“line” Pyongyang’s', 10).documents.filter((r) => r.externalId === 'summit')
    expect(summit.occurrences.map((o) => o.inNote?.text)).toEqual(["Pyongyang's"]) // its first occurrence in the note, as written
  })

  it('typed curly, quote a phrase as straight ones do', () => {
    const corpus = corpusOf(TEXTS)
    expect(found(corpus, '“Kim said”')).toEqual({ summit: ['Kim said'] })
    expect(found(corpus, '„Putin Kim“')).toEqual({}) // a phrase: not both words apart
  })

  it('are folded character for character, so that offsets into the folded text are offsets into the text', () => {
    const text = '“😀’s” ‘a’ „b“ ‛c′ ″d″ «e» ＂f＂ ＇g＇ `h´ Émile'
    const folded = foldForSearch(text)
    expect(folded).toBe('"😀\'s" \'a\' "b" \'c\' "d" "e" "f" \'g\' \'h\' Emile')
    expect(folded.length).toBe(text.length)
  })
})

describe('a query of nothing but what is otherwise a search operator or a quote', () => {
  it('searches for a quote mark typed alone, of any kind, as written', () => {
    const corpus = corpusOf(TEXTS)
    for (const query of ['“', '"', '”', ' “ ', '“”', '""', '„“', '“ ”']) {
      const result = found(corpus, query)
      expect(Object.keys(result).sort(), query).toEqual(['quotes', 'summit'])
      expect(result.summit, query).toEqual(['“', '”'])
      expect(result.quotes, query).toEqual(['"', '"'])
    }
  })

  it('searches for NOT, AND or OR typed alone as the word, whatever its case', () => {
    const corpus = corpusOf({ ...TEXTS, negation: 'They did not agree, and or else nothing.' })
    TEXTS.negation = 'They did not agree, and or else nothing.'
    try {
      expect(found(corpus, 'NOT')).toEqual(found(corpus, 'not'))
      expect(found(corpus, 'NOT').negation).toEqual(['not', 'nothing']) // the last word typed is a prefix
      expect(found(corpus, 'AND')).toEqual(found(corpus, 'and'))
      expect(found(corpus, 'OR')).toEqual(found(corpus, 'or'))
      expect(found(corpus, 'and').negation).toEqual(['and'])
      // Between words they are still what they were: NOT excludes, OR joins.
      expect(found(corpus, 'agree NOT Kim')).toEqual({ negation: ['agree'] })
      expect(Object.keys(found(corpus, 'agree OR Putin')).sort()).toEqual(['negation', 'summit'])
    } finally {
      delete TEXTS.negation
    }
  })
})

describe('an occurrence that ends or starts inside a character as seen', () => {
  const EMOJI: Record<string, string> = { hands: 'Thumbs 👍🏽 up, 👍 plain, family 👨‍👩‍👧 here, two mothers 👩‍👩‍👧, flag 🇷🇺 and é (e\u0301).' }
  it('is widened to whole characters as seen (grapheme clusters): a skin tone, a family, a flag, an accent', () => {
    Object.assign(TEXTS, EMOJI)
    try {
      const corpus = corpusOf(EMOJI)
      expect(found(corpus, '👍')).toEqual({ hands: ['👍🏽', '👍'] })
      expect(found(corpus, '👨')).toEqual({ hands: ['👨‍👩‍👧'] })
      expect(found(corpus, '👧')).toEqual({ hands: ['👨‍👩‍👧', '👩‍👩‍👧'] })
      expect(found(corpus, '🏽')).toEqual({ hands: ['👍🏽'] })
      expect(found(corpus, '👩')).toEqual({ hands: ['👨‍👩‍👧', '👩‍👩‍👧'] }) // the second family once, though 👩 is in it twice
    } finally {
      delete TEXTS.hands
    }
  })
})
