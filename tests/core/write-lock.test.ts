/**
 * A write's COMMIT waits for readers as long as its lock wait, then gives up cleanly, writing nothing; the
 * process is told when a write starts and stops waiting (the browser edition's stop signals depend on it).
 */
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { onLockWait } from '../../src/core/db/write-lock'
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
    expect(() => corpus.transaction(() => corpus.insertDocument({ externalId: 'd', title: 'd', text: 'x' }))).toThrow(/kept reading the corpus for 0.3 s/)
    expect(Date.now() - started).toBeGreaterThanOrEqual(300)
    expect(Date.now() - started).toBeLessThan(3_000)
    reader.exec('COMMIT')
    expect(corpus.documentCounts().documents).toBe(0)
    corpus.insertDocument({ externalId: 'd', title: 'd', text: 'x' })
    expect(corpus.documentCounts().documents).toBe(1)
  })
})

describe('the lock wait hooks', () => {
  it('are told once when a write starts waiting for another program and once when it stops, and not at all without a wait', () => {
    const path = join(scratch(), 'c.marginalia')
    opened(Corpus.open(path, { create: true })).close()
    const corpus = opened(Corpus.open(path, { lockWaitMs: 200 }))
    const told: string[] = []
    onLockWait({ started: () => told.push('started'), ended: () => told.push('ended') })
    try {
      corpus.transaction(() => corpus.insertDocument({ externalId: 'a', title: 'a', text: 'x' }))
      expect(told).toEqual([])
      const other = opened(new Database(path))
      other.exec('BEGIN IMMEDIATE')
      expect(() => corpus.transaction(() => corpus.insertDocument({ externalId: 'b', title: 'b', text: 'x' }))).toThrow(/kept the corpus locked/)
      expect(told).toEqual(['started', 'ended'])
      other.exec('ROLLBACK')
      corpus.transaction(() => corpus.insertDocument({ externalId: 'b', title: 'b', text: 'x' }))
      expect(told).toEqual(['started', 'ended'])
    } finally {
      onLockWait(null)
    }
  })
})
