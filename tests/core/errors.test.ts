import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CorpusError, CorpusRuleError, sqliteErrorKind, toCorpusError } from '../../src/core/errors'
import { dispatch } from '../../src/core/operations/dispatch'
import { createHandlers, type Handlers } from '../../src/core/operations/handlers'
import { createSampleCorpus } from '../../src/core/sample'
import { Corpus } from '../../src/core/store/corpus'
import { CorpusReader } from '../../src/core/store/reader'
import { opened, scratch } from '../helpers'

/** An error as better-sqlite3 throws it. */
const sqliteError = (code: string, message: string) => Object.assign(new Error(message), { name: 'SqliteError', code })

describe('error kinds', () => {
  it("maps SQLite's error codes, extended ones included, to a kind", () => {
    expect(sqliteErrorKind('SQLITE_BUSY')).toBe('busy')
    expect(sqliteErrorKind('SQLITE_BUSY_SNAPSHOT')).toBe('busy')
    expect(sqliteErrorKind('SQLITE_LOCKED_SHAREDCACHE')).toBe('busy')
    expect(sqliteErrorKind('SQLITE_READONLY_DBMOVED')).toBe('readonly')
    expect(sqliteErrorKind('SQLITE_FULL')).toBe('full')
    expect(sqliteErrorKind('SQLITE_CORRUPT_INDEX')).toBe('corrupt')
    expect(sqliteErrorKind('SQLITE_NOTADB')).toBe('corrupt')
    expect(sqliteErrorKind('SQLITE_CONSTRAINT_UNIQUE')).toBe('rule')
    expect(sqliteErrorKind('SQLITE_IOERR_WRITE')).toBe('io')
    expect(sqliteErrorKind('SQLITE_SOMETHING_NEW')).toBe('io')
  })

  it('keeps core errors as they are and calls anything unknown internal', () => {
    const rule = new CorpusRuleError('no')
    expect(toCorpusError(rule)).toBe(rule)
    expect(toCorpusError(sqliteError('SQLITE_FULL', 'database or disk is full'))).toMatchObject({ kind: 'full', message: 'database or disk is full' })
    expect(toCorpusError(new TypeError('x is undefined'))).toMatchObject({ kind: 'internal' })
    expect(toCorpusError('a string')).toBeInstanceOf(CorpusError)
  })
})

describe('dispatch reports failures by kind', () => {
  function handlersThrowing(name: keyof Handlers, error: Error): Handlers {
    const path = join(scratch(), 's.marginalia')
    createSampleCorpus(path, { annotator: 'setup' })
    return { ...createHandlers(opened(Corpus.open(path)), 'ana'), [name]: () => { throw error } }
  }

  it('says a failed read could not be read, and a failed write could not be written', () => {
    const read = dispatch(handlersThrowing('listDocuments', sqliteError('SQLITE_IOERR_READ', 'disk I/O error')), 'listDocuments', { status: null, annotator: null, afterId: 0, limit: 5 })
    expect(read).toEqual({ ok: false, error: { kind: 'io', message: 'the corpus could not be read: disk I/O error' } })
    const write = dispatch(handlersThrowing('setStatus', sqliteError('SQLITE_FULL', 'database or disk is full')), 'setStatus', { documentId: 1, status: 'done' })
    expect(write).toEqual({ ok: false, error: { kind: 'full', message: 'the corpus could not be written: database or disk is full' } })
    const busy = dispatch(handlersThrowing('addSpan', sqliteError('SQLITE_BUSY', 'database is locked')), 'addSpan', { documentId: 1, start: 0, end: 2, label: 'Claim' })
    expect(busy).toMatchObject({ ok: false, error: { kind: 'busy' } })
    // SQLite's bare words for a file or folder made read-only since the corpus was opened, said as the CLI says them.
    const readOnly = dispatch(handlersThrowing('addSpan', sqliteError('SQLITE_READONLY', 'attempt to write a readonly database')), 'addSpan', { documentId: 1, start: 0, end: 2, label: 'Claim' })
    expect(readOnly).toEqual({ ok: false, error: { kind: 'readonly', message: 'the corpus could not be written: attempt to write a readonly database (the file or its folder cannot be written; nothing was changed)' } })
  })

  it('answers arguments with many unknown keys in one short line', () => {
    const handlers = handlersThrowing('corpus', new Error('not reached'))
    const wide = Object.fromEntries(Array.from({ length: 300_000 }, (_, i) => [`k${i}`, 1]))
    const outcome = dispatch(handlers, 'corpus', wide)
    expect(outcome).toEqual({ ok: false, error: { kind: 'invalid', message: 'corpus: unknown keys "k0", "k1", "k2", "k3", "k4" and 299995 more' } })
  })

  it('names a fault of Marginalia itself as such', () => {
    const outcome = dispatch(handlersThrowing('search', new TypeError('cannot read properties of undefined')), 'search', { query: 'x', limit: 5 })
    expect(outcome).toEqual({ ok: false, error: { kind: 'internal', message: 'search failed inside Marginalia: cannot read properties of undefined' } })
  })

  it('refuses writes to a corpus open read-only, saying so, while reads go on', () => {
    const path = join(scratch(), 's.marginalia')
    createSampleCorpus(path, { annotator: 'setup' })
    const handlers = createHandlers(opened(CorpusReader.open(path)), 'ana')
    expect(dispatch(handlers, 'listDocuments', { status: null, annotator: null, afterId: 0, limit: 5 })).toMatchObject({ ok: true })
    expect(dispatch(handlers, 'setStatus', { documentId: 1, status: 'done' })).toMatchObject({
      ok: false,
      error: { kind: 'readonly', message: expect.stringContaining('open read-only') },
    })
  })
})
