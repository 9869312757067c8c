/**
 * The search index an import fills at its end (not per document) is complete and exact when the import
 * returns: every document found, replaced and repeated ones included, and FTS5's own integrity check passes.
 */
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { cli, opened, scratch, writeJsonl } from '../helpers'
import { Corpus } from '../../src/core/store/corpus'

function integrityOk(path: string): void {
  const db = new Database(path)
  try {
    db.prepare(`INSERT INTO documents_search (documents_search, rank) VALUES ('integrity-check', 1)`).run()
    const indexed = db.prepare('SELECT count(*) FROM documents_search_docsize').pluck().get()
    const documents = db.prepare('SELECT count(*) FROM documents').pluck().get()
    expect(indexed).toBe(documents)
    const triggers = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'trigger' ORDER BY name`).pluck().all()
    expect(triggers).toEqual(['documents_search_delete', 'documents_search_insert', 'documents_search_update'])
    // The import merges segments sixteen at a time while it fills the index; FTS5's default (four) is put back.
    expect(db.prepare(`SELECT v FROM documents_search_config WHERE k = 'automerge'`).pluck().get()).toBe(4)
  } finally {
    db.close()
  }
}

describe('the search index after an import', () => {
  it('holds every document imported or replaced, and passes FTS5 integrity-check', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    const first = Array.from({ length: 50 }, (_, i) => ({ id: `d${i}`, text: `document ${i} about walrus${i} and 😀 金正恩` }))
    expect((await cli('import', corpus, writeJsonl(folder, 'a.jsonl', first))).code).toBe(0)
    // Replaced documents (the last one's row id is reused) and a new one.
    const second = [
      { id: 'd3', text: 'replaced: narwhal three' },
      { id: 'd49', text: 'replaced: beluga forty-nine' },
      { id: 'new', text: 'a new one about orcas' },
    ]
    const replaced = await cli('import', '--existing', 'replace', corpus, writeJsonl(folder, 'b.jsonl', second))
    expect(replaced.code, replaced.stderr).toBe(0)
    integrityOk(corpus)
    const reader = opened(Corpus.open(corpus))
    expect(reader.search('"walrus3"', 5).documents).toEqual([]) // the old text of d3 is gone from the index
    expect(reader.search('narwhal', 5).documents.map((r) => r.externalId)).toEqual(['d3'])
    expect(reader.search('beluga', 5).documents.map((r) => r.externalId)).toEqual(['d49'])
    expect(reader.search('orcas', 5).documents.map((r) => r.externalId)).toEqual(['new'])
    expect(reader.search('walrus17', 5).documents.map((r) => r.externalId)).toEqual(['d17'])
  })

  it('is complete after a large import written in batches, with invalid records skipped', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    const records: unknown[] = Array.from({ length: 3000 }, (_, i) => ({ id: `d${i}`, text: `${'filler words '.repeat(40)} marker${i}` }))
    records[10] = { id: 'bad', text: 'x', spans: [{ start: 0, end: 5, label: 'Claim' }] } // past the end: skipped
    const result = await cli('import', '--skip-invalid', corpus, writeJsonl(folder, 'big.jsonl', records))
    expect(result.code, result.stderr).toBe(0)
    integrityOk(corpus)
    const reader = opened(Corpus.open(corpus))
    expect(reader.search('marker2999', 5).documents.map((r) => r.externalId)).toEqual(['d2999'])
    expect(reader.search('marker0', 5).documents.map((r) => r.externalId)).toEqual(['d0'])
  })
})

describe('an import that fails after SQLite rolled its transaction back', () => {
  it('is said with its own failure (a full disk), not one about the search triggers it had taken off, and leaves them as they were', () => {
    const path = join(scratch(), 'full.marginalia')
    const corpus = opened(Corpus.open(path, { create: true }))
    const db = (corpus as unknown as { db: Database.Database }).db
    corpus.insertDocument({ externalId: 'before', title: 'Before', text: 'A text from before.' })
    expect(() =>
      corpus.transaction(() =>
        corpus.withSearchIndexFilledAtEnd(() => {
          corpus.insertDocument({ externalId: 'new', title: 'New', text: 'A new text.' }) // the search triggers taken off
          db.exec('ROLLBACK') // as SQLite does itself when the disk is full (SQLITE_FULL)
          throw new Error('database or disk is full')
        }),
      ),
    ).toThrow('database or disk is full')
    corpus.close()
    const raw = new Database(path)
    expect(raw.prepare(`SELECT name FROM sqlite_schema WHERE type = 'trigger' ORDER BY name`).pluck().all()).toEqual(['documents_search_delete', 'documents_search_insert', 'documents_search_update'])
    raw.close()
    const again = opened(Corpus.open(path))
    again.insertDocument({ externalId: 'after', title: 'After', text: 'A text from after.' }) // the triggers index it
    expect(again.search('text', 10).documents.map((d) => d.externalId).sort()).toEqual(['after', 'before'])
  })
})
