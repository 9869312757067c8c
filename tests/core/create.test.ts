/**
 * Making a corpus file: whole or not at all, in a temporary file linked to its name (so that nobody sees half
 * of one), or under the write lock when an empty file is already there.
 */
import { createHash } from 'node:crypto'
import { readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { createCorpusFile } from '../../src/core/db/create'
import { CURRENT_SCHEMA_VERSION, migrate } from '../../src/core/db/migrations'
import { APPLICATION_ID, openCorpusDatabase } from '../../src/core/db/open'
import { DEFAULT_LABELS } from '../../src/core/label-sets'
import { checkCorpus } from '../../src/core/reports/check'
import { Corpus } from '../../src/core/store/corpus'
import { CorpusReader } from '../../src/core/store/reader'
import { opened, scratch } from '../helpers'

describe('making a corpus', () => {
  it('links a whole corpus, labels and all, to the new name and leaves no temporary file', () => {
    const folder = scratch()
    const path = join(folder, 'c.marginalia')
    const corpus = opened(Corpus.open(path, { create: true }))
    expect(corpus.created).toBe(true)
    expect(corpus.labels()).toHaveLength(DEFAULT_LABELS.length)
    corpus.close()
    expect(readdirSync(folder)).toEqual(['c.marginalia'])
  })

  it('opens the corpus another process made meanwhile instead of making its own', () => {
    const folder = scratch()
    const path = join(folder, 'c.marginalia')
    const first = opened(Corpus.open(path, { create: true }))
    first.insertDocument({ externalId: 'd', title: 'd', text: 'kept' })
    // As if this process had found no file a moment before the other made it: the link finds the name taken.
    expect(createCorpusFile(path, () => {})).toBe(false)
    const second = opened(Corpus.open(path, { create: true }))
    expect(second.created).toBe(false)
    expect(second.documentCounts().documents).toBe(1)
    expect(readdirSync(folder)).toEqual(['c.marginalia'])
  })

  it('makes an existing empty file a corpus, with its labels, in one transaction', () => {
    const path = join(scratch(), 'empty.marginalia')
    writeFileSync(path, '')
    const corpus = opened(Corpus.open(path, { create: true }))
    expect(corpus.created).toBe(true)
    expect(corpus.labels()).toHaveLength(DEFAULT_LABELS.length)
    corpus.close()
    const db = opened(new Database(path, { readonly: true }))
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID)
    expect(db.pragma('user_version', { simple: true })).toBe(CURRENT_SCHEMA_VERSION)
  })

  it('leaves nothing made when filling it fails halfway: no file for a new name, an empty file still empty', () => {
    const folder = scratch()
    const failing = (db: Database.Database): void => {
      db.prepare(`INSERT INTO corpus_info (key, value) VALUES ('created_at', 'now')`).run()
      throw new Error('disk trouble')
    }
    expect(() => openCorpusDatabase(join(folder, 'new.marginalia'), { create: true, initialise: failing })).toThrow(/disk trouble/)
    expect(readdirSync(folder)).toEqual([])
    const empty = join(folder, 'empty.marginalia')
    writeFileSync(empty, '')
    expect(() => openCorpusDatabase(empty, { create: true, initialise: failing })).toThrow(/disk trouble/)
    const db = opened(new Database(empty, { readonly: true }))
    expect(db.pragma('user_version', { simple: true })).toBe(0)
    expect(db.prepare('SELECT count(*) AS n FROM sqlite_schema').get()).toEqual({ n: 0 })
  })
})

/** A corpus file as an older Marginalia left it when killed while making it: at `version`, with no labels. */
function unfinishedCorpus(version: number): string {
  const path = join(scratch(), `v${version}.marginalia`)
  const db = new Database(path)
  db.pragma(`application_id = ${APPLICATION_ID}`)
  migrate(db, version)
  db.close()
  return path
}

describe('a corpus whose making was cut short (by an older Marginalia)', () => {
  it.each([0, 1, 2])('at schema version %i: check reports it has no span labels, and opening it to write gives it the label set', (version) => {
    const path = unfinishedCorpus(version)
    const reader = opened(CorpusReader.open(path))
    expect(checkCorpus(reader).problems).toEqual([expect.stringMatching(/no span labels/)])
    reader.close()
    const corpus = opened(Corpus.open(path))
    expect(corpus.created).toBe(true)
    expect(corpus.labels().map((label) => label.name)).toEqual(DEFAULT_LABELS.map((label) => label.name))
    corpus.close()
    expect(checkCorpus(opened(CorpusReader.open(path))).problems).toEqual([])
  })

  it('is left alone when it has documents: check still reports it', () => {
    const path = unfinishedCorpus(CURRENT_SCHEMA_VERSION)
    const db = new Database(path)
    db.prepare(`INSERT INTO documents (external_id, title, text, length, text_sha256, created_at, updated_at) VALUES ('d', 'd', '', 0, ?, '2024-05-01T00:00:00Z', '2024-05-01T00:00:00Z')`).run(createHash('sha256').update('').digest('hex'))
    db.close()
    const corpus = opened(Corpus.open(path))
    expect(corpus.created).toBe(false)
    expect(corpus.labels()).toEqual([])
    corpus.close()
    expect(checkCorpus(opened(CorpusReader.open(path))).problems).toEqual([expect.stringMatching(/no span labels/)])
  })
})
