/** A write's COMMIT waits for readers as long as its lock wait, then gives up cleanly, writing nothing. */
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { Corpus } from '../../src/core/store/corpus'
import { opened, scratch } from '../helpers'

describe('a COMMIT held up by a reader', () => {
  it('waits the lock wait (not SQLite 5 s), then fails as busy, and writes nothing', () => {
    const path = join(scratch(), 'c.marginalia')
    opened(Corpus.open(path, { create: true })).close()
    const corpus = opened(Corpus.open(path, { lockWaitMs: 300 }))
    const reader = opened(new Database(path, { readonly: true }))
    reader.exec('BEGIN')
    reader.prepare('SELECT count(*) FROM documents').get()
    const started = Date.now()
    expect(() => corpus.transaction(() => corpus.insertDocument({ externalId: 'd', title: 'd', text: 'x' }))).toThrow(/kept reading the corpus for 0 s/)
    expect(Date.now() - started).toBeGreaterThanOrEqual(300)
    expect(Date.now() - started).toBeLessThan(3_000)
    reader.exec('COMMIT')
    expect(corpus.documentCounts().documents).toBe(0)
    corpus.insertDocument({ externalId: 'd', title: 'd', text: 'x' })
    expect(corpus.documentCounts().documents).toBe(1)
  })
})
