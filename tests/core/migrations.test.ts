import Database from 'better-sqlite3'
import { opened } from '../helpers'
import { describe, expect, it } from 'vitest'
import { CURRENT_SCHEMA_VERSION, MIGRATIONS, NewerSchemaError, migrate, schemaVersion, type Migration } from '../../src/core/db/migrations'

function tableNames(db: Database.Database): string[] {
  return (db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map(
    (row) => row.name,
  )
}

/** Every table's, index's and trigger's SQL: what a migration changes. */
function schemaText(db: Database.Database): string {
  return (db.prepare(`SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY name`).pluck().all() as string[]).join(';\n')
}

describe('migrations', () => {
  it('are numbered 1, 2, 3... in order', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1))
    expect(CURRENT_SCHEMA_VERSION).toBe(MIGRATIONS.length)
  })

  it.each(MIGRATIONS.map((m) => [m.version, m] as const))('migration %i applies on :memory: and sets user_version', (version) => {
    const db = opened(new Database(':memory:'))
    db.pragma('foreign_keys = ON')
    migrate(db, version - 1)
    expect(schemaVersion(db)).toBe(version - 1)
    const before = schemaText(db)
    expect(migrate(db, version)).toEqual({ from: version - 1, to: version })
    expect(schemaVersion(db)).toBe(version)
    // Version 5 changes what a table holds (Korean documents listed), not the schema: `version 5 lists...` below.
    if (version !== 5) expect(schemaText(db)).not.toEqual(before)
    expect(db.pragma('foreign_key_check')).toEqual([])
  })

  it('version 5 lists the documents holding Korean with those written without spaces, each once', () => {
    const db = opened(new Database(':memory:'))
    db.pragma('foreign_keys = ON')
    migrate(db, 4)
    const insert = db.prepare(`INSERT INTO documents (external_id, title, text, length, text_sha256, created_at, updated_at) VALUES (?, ?, ?, ?, 'x', 't', 't')`)
    const ids = ['ko', 'mixed', 'en', 'title'].map((id, i) => {
      const [title, text] = [['', '푸틴은 2025년에'], ['', '普京和푸틴'], ['', 'Putin in 2025'], ['한국', 'Putin']][i]
      return Number(insert.run(id, title, text, [...text].length).lastInsertRowid)
    })
    db.prepare('INSERT INTO documents_unspaced (document_id) VALUES (?)').run(ids[1]) // Han: listed by version 4
    migrate(db, 5)
    expect(db.prepare('SELECT document_id FROM documents_unspaced ORDER BY document_id').pluck().all()).toEqual([ids[0], ids[1], ids[3]])
  })

  it('version 1 makes the documented tables and enforces their rules', () => {
    const db = opened(new Database(':memory:'))
    db.pragma('foreign_keys = ON')
    migrate(db, 1)
    expect(tableNames(db)).toEqual(['annotators', 'corpus_info', 'document_labels', 'documents', 'labels', 'relations', 'spans'])
    db.prepare(`INSERT INTO annotators (name, created_at) VALUES ('ana', 't')`).run()
    db.prepare(`INSERT INTO labels (kind, name, color, position) VALUES ('span', 'Claim', '#000000', 1)`).run()
    db.prepare(
      `INSERT INTO documents (external_id, title, text, length, text_sha256, created_at, updated_at) VALUES ('d', 'd', 'abc', 3, 'h', 't', 't')`,
    ).run()
    const span = db.prepare(
      `INSERT INTO spans (document_id, id, start_offset, end_offset, label_id, annotator_id, created_at, updated_at)
       VALUES (1, @id, @start, @end, 1, 1, 't', 't')`,
    )
    span.run({ id: 1, start: 0, end: 2 })
    expect(() => span.run({ id: 2, start: 2, end: 2 })).toThrow(/CHECK/)
    expect(() => span.run({ id: 3, start: -1, end: 2 })).toThrow(/CHECK/)
    expect(() => db.prepare(`UPDATE documents SET status = 'finished'`).run()).toThrow(/CHECK/)
    expect(() =>
      db.prepare(`INSERT INTO relations (document_id, id, head, child, label_id, annotator_id, created_at, updated_at) VALUES (1, 1, 1, 9, 1, 1, 't', 't')`).run(),
    ).toThrow(/FOREIGN KEY/)
    db.prepare(`DELETE FROM documents`).run()
    expect(db.prepare(`SELECT count(*) AS n FROM spans`).get()).toEqual({ n: 0 })
  })

  it('refuses a database from a newer version, naming both versions, and leaves it untouched', () => {
    const db = opened(new Database(':memory:'))
    db.pragma(`user_version = ${CURRENT_SCHEMA_VERSION + 5}`)
    expect(() => migrate(db)).toThrow(NewerSchemaError)
    expect(() => migrate(db)).toThrow(`version ${CURRENT_SCHEMA_VERSION + 5}`)
    expect(() => migrate(db)).toThrow(`up to version ${CURRENT_SCHEMA_VERSION}`)
    expect(schemaVersion(db)).toBe(CURRENT_SCHEMA_VERSION + 5)
    expect(tableNames(db)).toEqual([])
  })

  it('rolls a failing upgrade back whole: every step of it, in one transaction', () => {
    const db = opened(new Database(':memory:'))
    const steps: Migration[] = [
      { version: 1, description: 'one', up: (d) => d.exec('CREATE TABLE one (x)') },
      {
        version: 2,
        description: 'two fails halfway',
        up: (d) => {
          d.exec('CREATE TABLE two (x)')
          throw new Error('boom')
        },
      },
    ]
    expect(() => migrate(db, 2, steps)).toThrow('boom')
    expect(schemaVersion(db)).toBe(0)
    expect(tableNames(db)).toEqual([])
    expect(db.inTransaction).toBe(false)
    expect(migrate(db, 1, steps)).toEqual({ from: 0, to: 1 })
    expect(() => migrate(db, 2, steps)).toThrow('boom')
    expect(schemaVersion(db)).toBe(1)
    expect(tableNames(db)).toEqual(['one'])
  })
})
