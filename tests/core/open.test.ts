import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { CorpusFileError } from '../../src/core/errors'
import { CURRENT_SCHEMA_VERSION } from '../../src/core/db/migrations'
import { APPLICATION_ID } from '../../src/core/db/open'
import { createHandlers } from '../../src/core/operations/handlers'
import { Corpus } from '../../src/core/store/corpus'
import { CorpusReader } from '../../src/core/store/reader'
import { DEFAULT_LABELS } from '../../src/core/label-sets'
import { scratch, writeFile, opened } from '../helpers'

const digest = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex')

function newCorpus(): string {
  const path = join(scratch(), 'c.marginalia')
  opened(Corpus.open(path, { create: true })).close()
  return path
}

describe('opening a corpus file', () => {
  it('makes a new corpus with the application id, the current version and the default labels', () => {
    const path = newCorpus()
    const db = opened(new Database(path, { readonly: true }))
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID)
    expect(db.pragma('user_version', { simple: true })).toBe(CURRENT_SCHEMA_VERSION)
    db.close()
    const corpus = opened(Corpus.open(path))
    expect(corpus.labels().map((l) => [l.kind, l.name, l.hotkey])).toEqual(DEFAULT_LABELS.map((l) => [l.kind, l.name, l.hotkey]))
    expect(corpus.label('relation', 'attributed_to')?.child).toEqual(['Speaker', 'Source'])
    corpus.close()
  })

  it('refuses a missing file unless asked to create it', () => {
    expect(() => Corpus.open(join(scratch(), 'none.marginalia'))).toThrow(/no such corpus file/)
  })

  it('refuses a file that is not SQLite, and leaves it as it was', () => {
    const path = writeFile(scratch(), 'notes.marginalia', 'just some text, not a database\n'.repeat(40))
    const before = digest(path)
    expect(() => Corpus.open(path)).toThrow(CorpusFileError)
    expect(() => Corpus.open(path)).toThrow(/not a Marginalia corpus/)
    expect(digest(path)).toBe(before)
  })

  it('refuses another application\'s SQLite file', () => {
    const path = join(scratch(), 'other.sqlite')
    const db = opened(new Database(path))
    db.exec('CREATE TABLE t (x)')
    db.close()
    expect(() => Corpus.open(path)).toThrow(/not a Marginalia corpus \(its SQLite application_id is 0\)/)
  })

  it('refuses a corpus from a newer Marginalia without writing to it, naming both versions', () => {
    const path = newCorpus()
    const db = opened(new Database(path))
    db.pragma(`user_version = ${CURRENT_SCHEMA_VERSION + 1}`)
    db.close()
    const before = digest(path)
    for (const open of [() => Corpus.open(path), () => CorpusReader.open(path)]) {
      expect(open).toThrow(
        new RegExp(`schema version ${CURRENT_SCHEMA_VERSION + 1}.*up to version ${CURRENT_SCHEMA_VERSION}`),
      )
    }
    expect(digest(path)).toBe(before)
  })

  it('refuses a corpus whose schema was tampered with (an extra trigger) as untrusted', () => {
    const path = newCorpus()
    const db = opened(new Database(path))
    db.exec(`CREATE TRIGGER sneaky AFTER INSERT ON spans BEGIN DELETE FROM documents; END`)
    db.close()
    expect(() => Corpus.open(path)).toThrow(/unexpected trigger "sneaky"/)
  })

  it('refuses a corpus whose table was altered', () => {
    const path = newCorpus()
    const db = opened(new Database(path))
    db.exec(`ALTER TABLE documents ADD COLUMN extra TEXT`)
    db.close()
    expect(() => Corpus.open(path)).toThrow(/table "documents" has been altered/)
  })

  it('opens read-only without changing a byte of the file', () => {
    const path = newCorpus()
    const before = digest(path)
    const corpus = opened(CorpusReader.open(path))
    expect(corpus.labels().length).toBe(DEFAULT_LABELS.length)
    expect('annotatorId' in corpus).toBe(false) // a reader has no way to write
    expect(() => createHandlers(corpus, 'someone').setStatus({ documentId: 1, status: 'done' })).toThrow(/read-only/)
    corpus.close()
    expect(digest(path)).toBe(before)
  })

  it('rolls back a transaction that fails and forgets what it cached', () => {
    const path = newCorpus()
    const corpus = opened(Corpus.open(path))
    expect(() =>
      corpus.transaction(() => {
        corpus.addLabel({ name: 'Temp', kind: 'span', color: '#000000', hotkey: null, description: '', head: null, child: null })
        corpus.annotatorId('ghost')
        throw new Error('disk full')
      }),
    ).toThrow('disk full')
    expect(corpus.label('span', 'Temp')).toBeUndefined()
    const id = corpus.insertDocument({ externalId: 'd', title: 'd', text: 'hello' })
    expect(corpus.insertSpan(id, { start: 0, end: 5, label: 'Claim', annotator: 'ghost' })).toBe(1)
    corpus.close()
  })

  it('never reuses a span id, even after the highest one is deleted', () => {
    const path = newCorpus()
    const corpus = opened(Corpus.open(path))
    const doc = corpus.insertDocument({ externalId: 'd', title: 'd', text: 'hello world' })
    expect(corpus.insertSpan(doc, { start: 0, end: 5, label: 'Claim', annotator: 'a' })).toBe(1)
    expect(corpus.insertSpan(doc, { start: 6, end: 11, label: 'Speaker', annotator: 'a' })).toBe(2)
    const other = opened(new Database(path))
    other.prepare('DELETE FROM spans WHERE id = 2').run()
    other.close()
    expect(corpus.insertSpan(doc, { start: 6, end: 11, label: 'Speaker', annotator: 'a' })).toBe(3)
    corpus.close()
  })

  it('keeps relation labels to their head and child span labels', () => {
    const corpus = opened(Corpus.open(newCorpus()))
    const doc = corpus.insertDocument({ externalId: 'd', title: 'd', text: 'Putin said it is fine' })
    const speaker = corpus.insertSpan(doc, { start: 0, end: 5, label: 'Speaker', annotator: 'a' })
    const claim = corpus.insertSpan(doc, { start: 11, end: 21, label: 'Claim', annotator: 'a' })
    expect(() => corpus.insertRelation(doc, { head: speaker, child: claim, label: 'attributed_to', annotator: 'a' })).toThrow(
      `"attributed_to" links a Claim to a Speaker or Source: it cannot start at Speaker "Putin"`,
    )
    expect(corpus.insertRelation(doc, { head: claim, child: speaker, label: 'attributed_to', annotator: 'a' })).toBe(1)
    corpus.close()
  })
})
