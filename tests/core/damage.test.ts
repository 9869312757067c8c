/** A damaged corpus file named by the connection that met the damage (src/core/db/damage.ts). */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { asDamageOf, nameDamageAs } from '../../src/core/db/damage'
import { blockedJournal } from '../../src/core/db/blocked-journal'
import { CorpusFileError } from '../../src/core/errors'
import { scratch } from '../helpers'

/** A database of 3,000 rows over many pages, each page after the schema's overwritten at its start. */
function damagedFile(): string {
  const path = join(scratch(), 'd.marginalia')
  const db = new Database(path)
  db.exec('CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT NOT NULL UNIQUE)')
  const insert = db.prepare('INSERT INTO t (b) VALUES (?)')
  db.transaction(() => {
    for (let i = 0; i < 3000; i++) insert.run(`row ${i} ${'x'.repeat(100)}`)
  })()
  db.close()
  const bytes = readFileSync(path)
  for (let page = 1; page < bytes.length / 4096; page++) bytes.fill(7, page * 4096, page * 4096 + 40)
  writeFileSync(path, bytes)
  return path
}

describe('nameDamageAs', () => {
  it('names the file in what statements read, through all, get, run, iterate and a chained pluck', () => {
    const path = damagedFile()
    const db = new Database(path)
    nameDamageAs(db, path)
    const damage = new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the file is damaged \\(database disk image is malformed\\)$`)
    const all = db.prepare('SELECT b FROM t ORDER BY a')
    expect(all.pluck()).toBe(all) // chaining keeps the statement, and its wrapping
    expect(() => all.all()).toThrow(damage)
    expect(() => [...db.prepare('SELECT b FROM t ORDER BY a').iterate()]).toThrow(damage)
    expect(() => db.prepare('SELECT count(*) FROM t WHERE b LIKE ?').get('%9%')).toThrow(damage)
    expect(() => db.prepare('UPDATE t SET b = b || ?').run('!')).toThrow(damage)
    let thrown: unknown
    try {
      all.all()
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(CorpusFileError)
    expect((thrown as CorpusFileError).kind).toBe('corrupt')
    expect(((thrown as Error).cause as { code?: string }).code).toMatch(/^SQLITE_CORRUPT/)
    db.close()
  })

  it('leaves other failures as they are', () => {
    const path = join(scratch(), 'ok.marginalia')
    const db = new Database(path)
    nameDamageAs(db, path)
    db.exec('CREATE TABLE t (a INTEGER PRIMARY KEY)')
    db.prepare('INSERT INTO t VALUES (1)').run()
    expect(() => db.prepare('INSERT INTO t VALUES (1)').run()).toThrow(/UNIQUE constraint failed/)
    expect(() => db.prepare('SELECT nope FROM t')).toThrow(/no such column/)
    expect(db.prepare('SELECT a FROM t').pluck().all()).toEqual([1])
    db.close()
  })
})

describe('an interrupted write that cannot be rolled back', () => {
  const cantOpen = () => Object.assign(new Error('unable to open database file'), { code: 'SQLITE_CANTOPEN' })

  it('is said as such, naming what may not be written and what to do (every statement failed with "unable to open database file", the server too)', () => {
    const path = join(scratch(), 'c.marginalia')
    writeFileSync(path, 'a corpus')
    const failure = cantOpen()
    expect(asDamageOf(path, failure)).toBe(failure) // no journal: SQLite's failure as it is
    writeFileSync(`${path}-journal`, 'an interrupted write')
    const readOnlyJournal = blockedJournal(path, failure, (file) => file !== `${path}-journal`)!
    expect(readOnlyJournal).toBeInstanceOf(CorpusFileError)
    expect(readOnlyJournal.kind).toBe('readonly')
    expect(readOnlyJournal.message).toBe(
      `${path}: an interrupted write left ${path}-journal beside it, which must be rolled back before the corpus can be read, and this program may ` +
        `not write the journal itself (SQLite: unable to open database file); make the journal writable (chmod u+w ${path}-journal; Marginalia then rolls the interrupted write back)`,
    )
    const readOnlyFolder = blockedJournal(path, failure, (file) => file !== join(path, '..'))!
    expect(readOnlyFolder.message).toContain('this program may not write their folder (SQLite: unable to open database file); give this program that permission')
  })

  it('is not blamed where this program may write the journal, the corpus and their folder (another failure, beside a live writer\'s journal)', () => {
    const path = join(scratch(), 'c.marginalia')
    writeFileSync(path, 'a corpus')
    writeFileSync(`${path}-journal`, 'a live write')
    const failure = cantOpen()
    expect(blockedJournal(path, failure, () => true)).toBeNull()
    if (process.getuid?.() === 0) expect(asDamageOf(path, failure)).toBe(failure) // root may write everything
  })
})
