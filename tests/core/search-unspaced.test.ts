/**
 * Search in texts written without spaces (Chinese, Japanese, Thai): a number or Latin word written against such
 * characters ("在2025年", "普京Putin说") is no token of the word index, yet a search for it finds it, whole, at its
 * code point offsets, in either order of results; and a corpus made before such texts were listed apart finds them
 * once opened.
 */
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { Corpus } from '../../src/core/store/corpus'
import { MIGRATIONS } from '../../src/core/db/migrations'
import { searchCorpus } from '../../src/core/search/search'
import { searchStatements } from '../../src/core/store/search'
import { opened, scratch } from '../helpers'

const CJK = '我们将在2025年前实现目标。经济将增长2.5%🇯🇵，普京Putin说会谈很好。タイでは2025年に'
const LATIN = 'In 2025 the economy grew by 2.5 percent, Mr Putin said.'
const slice = (text: string, start: number, end: number) => [...text].slice(start, end).join('')

function corpusAt(path: string, texts: Record<string, string>): Corpus {
  const corpus = opened(Corpus.open(path, { create: true }))
  for (const [id, text] of Object.entries(texts)) corpus.insertDocument({ externalId: id, title: `Title of ${id}`, text })
  return corpus
}

describe('search in texts written without spaces', () => {
  it('finds a number or a Latin word written against CJK characters, whole, where it is', () => {
    const corpus = corpusAt(join(scratch(), 's.marginalia'), { cjk: CJK, latin: LATIN, other: 'Nothing here: 12025, 3.25 and a Rasputin.' })
    for (const [query, found] of [
      ['2025', ['cjk', 'latin']],
      ['2.5', ['cjk', 'latin']],
      ['Putin', ['cjk', 'latin']],
      ['putin 2025', ['cjk', 'latin']],
    ] as const) {
      const results = corpus.search(query, 10).documents
      expect(results.map((r) => r.externalId).sort(), query).toEqual([...found])
      const cjk = results.find((r) => r.externalId === 'cjk')!
      const typed = query.split(' ')
      expect(cjk.occurrences.every((o) => typed.some((word) => slice(CJK, o.start, o.end).toLowerCase() === word.toLowerCase())), query).toBe(true)
    }
    expect(corpus.search('2025', 10).documents.find((r) => r.externalId === 'cjk')!.count).toBe(2)
    // A prefix stops where the characters written without spaces begin: "2025" of "2025年", not the run after it.
    const prefix = corpus.search('202*', 10).documents.find((r) => r.externalId === 'cjk')!
    expect(prefix.occurrences.map((o) => slice(CJK, o.start, o.end))).toEqual(['2025', '2025'])
    // Not a part of a longer word of a spaced script.
    expect(corpus.search('Putin', 10).documents.map((r) => r.externalId)).not.toContain('other')
  })

  it('counts the marks Japanese shares with other scripts (ー, 々) as such characters; quotes and accents as written fold', () => {
    const corpus = corpusAt(join(scratch(), 's.marginalia'), { kana: 'サーバー2025年版とユーザーID。', latin: '在Café见面，普京Müller说：Pyongyang’s会谈。' })
    expect(corpus.search('2025', 10).documents.map((r) => r.externalId)).toEqual(['kana'])
    expect(corpus.search('ID', 10).documents.map((r) => r.externalId)).toEqual(['kana'])
    for (const query of ['café', 'CAFÉ', 'Müller', "Pyongyang's", 'Pyongyang’s']) expect(corpus.search(query, 10).documents.map((r) => r.externalId), query).toEqual(['latin'])
  })

  it('lists those documents in corpus order too, among the index\'s, each once', () => {
    const texts: Record<string, string> = {}
    for (let i = 0; i < 30; i++) texts[`doc-${String(i).padStart(2, '0')}`] = i % 3 === 0 ? `第${i}号：普京Putin说` : `Mr Putin, number ${i}.`
    const path = join(scratch(), 's.marginalia')
    corpusAt(path, texts).close()
    const statements = searchStatements(new Database(path, { readonly: true }))
    const answer = searchCorpus(statements, 'Putin', 100, 5) // more matches than are ranked: corpus order
    expect(answer.order).toBe('corpus')
    expect(answer.documents.map((r) => r.externalId)).toEqual(Object.keys(texts))
    const ranked = searchCorpus(statements, 'Putin', 100, 100)
    expect(ranked.order).toBe('rank')
    expect(ranked.documents.map((r) => r.externalId).sort()).toEqual(Object.keys(texts))
    // The index's ranked first, then those it cannot find, in corpus order.
    expect(ranked.documents.slice(-10).map((r) => r.externalId)).toEqual(Object.keys(texts).filter((_, i) => i % 3 === 0))
    expect(ranked.unranked).toBe(10) // and says how many are listed after the ranked ones, unranked
    expect(answer.unranked).toBe(0)
  })

  it('finds them in a corpus made by a schema that did not list them, once it is opened', () => {
    const path = join(scratch(), 'old.marginalia')
    corpusAt(path, { cjk: CJK, latin: LATIN }).close()
    // Back to version 3, as a corpus made before version 4 is.
    const db = new Database(path)
    db.exec('DROP TABLE documents_unspaced')
    db.pragma('user_version = 3')
    db.close()
    expect(MIGRATIONS.at(-1)!.version).toBeGreaterThan(3)
    const corpus = opened(Corpus.open(path))
    expect(corpus.search('2025', 10).documents.map((r) => r.externalId).sort()).toEqual(['cjk', 'latin'])
  })
})

describe('numbers in search', () => {
  it('finds a number whole, not the decimals of another: 2% is not in 5.2%, 5 not in 3.5', () => {
    const corpus = corpusAt(join(scratch(), 's.marginalia'), { en: 'Growth reached 5.2% in 2025, up from 12.5% and 2% last year. Version 3.5.1 shipped.', zh: '经济将增长5.2%，去年为2%。' })
    const marked = (query: string) =>
      corpus
        .search(query, 10)
        .documents.flatMap((r) => r.occurrences.map((o) => `${r.externalId}:${o.before.slice(-3)}[${o.text}]`))
        .sort()
    expect(marked('2%')).toEqual(['en:nd [2%]', 'zh:去年为[2%]'])
    expect(marked('5.2%')).toEqual(['en:ed [5.2%]', 'zh:将增长[5.2%]'])
    expect(marked('"5"')).toEqual([])
    expect(marked('"3.5"')).toEqual([]) // the start of 3.5.1, a version, not the number 3.5 (typed last and bare, it is a prefix)
  })
})

describe('the text around an occurrence', () => {
  it('is cut between characters as seen: never leaving a Thai vowel mark without its letter', () => {
    const text = `aaaaรั${'b'.repeat(46)} 2025 ${'c'.repeat(46)}👍🏽 end`
    const corpus = corpusAt(join(scratch(), 's.marginalia'), { th: text })
    const [occurrence] = corpus.search('2025', 10).documents[0].occurrences
    expect(occurrence.before).toBe(`…รั${'b'.repeat(46)} `)
    expect(occurrence.after).toBe(` ${'c'.repeat(46)}👍🏽…`) // not 👍 without its skin tone
  })
})

describe('a query being typed', () => {
  it('finds a phrase whose closing quote is not typed yet, its last word as a prefix, and a word with a hyphen being typed', () => {
    const corpus = corpusAt(join(scratch(), 's.marginalia'), { summit: 'Mr Putin met Kim Jong-un in Vladivostok.', other: 'Mr Smith stayed home.' })
    const found = (query: string) => corpus.search(query, 10).documents.map((r) => `${r.externalId}:${r.occurrences.map((o) => o.text).join(',')}`)
    expect(found('"Mr Put')).toEqual(['summit:Mr Putin'])
    expect(found('"Mr Putin met"')).toEqual(['summit:Mr Putin met'])
    expect(found('"Mr Put"')).toEqual([]) // closed: the phrase as typed
    expect(found('Jong-u')).toEqual(['summit:Jong-un'])
  })
})

describe('search in Korean, whose words take particles written on', () => {
  const KO = '푸틴 대통령은 2025년에 UN은 제재를 논의했다고 말했다. 푸틴은 김정은과 회담했다. 삼성SDI는 배터리를 만든다.'
  const texts = { ko: KO, en: 'Putin met Kim at the UN in 2025.', compound: '대통령푸틴과 블라디보스토크에서' }

  it('finds a Korean word with its particles, a number or Latin word before them, and marks the word typed', () => {
    const corpus = corpusAt(join(scratch(), 's.marginalia'), texts)
    const marked = (query: string) =>
      corpus
        .search(query, 10)
        .documents.flatMap((r) => r.occurrences.map((o) => `${r.externalId}:${slice(texts[r.externalId as keyof typeof texts], o.start, o.end)}`))
        .sort()
    expect(marked('푸틴')).toEqual(['ko:푸틴', 'ko:푸틴']) // 푸틴 and 푸틴은; not inside 대통령푸틴과
    expect(corpus.search('푸틴', 10).documents.find((r) => r.externalId === 'ko')!.count).toBe(2)
    expect(marked('2025')).toEqual(['en:2025', 'ko:2025']) // 2025년에
    expect(marked('"2025"')).toEqual(['en:2025', 'ko:2025'])
    expect(marked('UN 2025')).toEqual(['en:2025', 'en:UN', 'ko:2025', 'ko:UN'])
    expect(marked('UN')).toEqual(['en:UN', 'ko:UN']) // UN은
    expect(marked('틴')).toEqual([]) // a word is found at the start of one
    expect(marked('푸틴 말했다')).toEqual(['ko:말했다', 'ko:푸틴', 'ko:푸틴']) // each word where it is, with particles or not
    expect(marked('푸틴 말했다 UN')).toEqual(['en:UN', 'ko:UN', 'ko:말했다', 'ko:푸틴', 'ko:푸틴'].filter((m) => m.startsWith('ko')))
    expect(marked('"푸틴 대통령"')).toEqual(['ko:푸틴 대통령'])
    expect(marked('"삼성SDI"')).toEqual(['ko:삼성SDI']) // a Korean word ending in Latin letters, with its particle
    expect(marked('삼성SDI 배터리')).toEqual(['ko:배터리', 'ko:삼성SDI'])
    expect(marked('"푸틴 대통령은 2025"')).toEqual(['ko:푸틴 대통령은 2025'])
  })

  it('finds them in a corpus made by a schema that did not list Korean texts, once it is opened', () => {
    const path = join(scratch(), 'old.marginalia')
    corpusAt(path, texts).close()
    const db = new Database(path)
    db.exec('DELETE FROM documents_unspaced') // none of these is Chinese, Japanese or Thai: version 4 listed none
    db.pragma('user_version = 4')
    db.close()
    const corpus = opened(Corpus.open(path))
    // Quoted, so not taken as the start of a longer word (a word typed last is, while typing).
    expect(corpus.search('"2025"', 10).documents.map((r) => r.externalId).sort()).toEqual(['en', 'ko'])
  })
})
