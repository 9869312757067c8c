/**
 * An analyst's name in one spelling: Unicode's composed form (`analystName`). Marginalia stores names so since it
 * began to; a corpus written before may hold a name in another spelling ("Zoë" as an e and a combining diaeresis),
 * or one analyst under two ("Zoë" both ways, who looked one and counted as two). Opening such a corpus for writing
 * gives each name its composed spelling, and one analyst's work under both spellings becomes theirs under one.
 */
import type Database from 'better-sqlite3'
import { analystName } from '../../shared/curation'
import { inWriteTransaction } from '../db/write-lock'

/** The tables whose rows name an annotator by row id. */
const BY_ANNOTATOR = ['spans', 'relations', 'document_labels', 'curated_as_nothing'] as const

/** True if an annotator of `db` is named in a spelling other than the composed one. */
function spelledOtherwise(db: Database.Database): boolean {
  return db
    .prepare<[], { name: string }>(`SELECT name FROM annotators`)
    .all()
    .some((row) => analystName(row.name) !== row.name)
}

/**
 * Gives every annotator of `db` their composed spelling, in one write transaction (waiting up to `lockWaitMs` for
 * the lock), and returns how many names it changed (0, writing nothing, where all are composed already). A name
 * whose composed spelling another row has is merged into it: its spans, relations, settlings and document labels
 * become that row's (a document label both rows gave is kept once), and the row is removed.
 */
export function unifyAnalystSpellings(db: Database.Database, lockWaitMs: number): number {
  if (!spelledOtherwise(db)) return 0
  return inWriteTransaction(
    db,
    () => {
      const rows = db.prepare<[], { id: number; name: string }>(`SELECT id, name FROM annotators ORDER BY id`).all()
      const idOf = new Map(rows.filter((row) => analystName(row.name) === row.name).map((row) => [row.name, row.id]))
      let changed = 0
      for (const row of rows) {
        const name = analystName(row.name)
        if (name === row.name) continue
        const into = idOf.get(name)
        if (into === undefined) {
          db.prepare(`UPDATE annotators SET name = ? WHERE id = ?`).run(name, row.id)
          idOf.set(name, row.id)
        } else {
          for (const table of BY_ANNOTATOR) db.prepare(`UPDATE OR IGNORE ${table} SET annotator_id = ? WHERE annotator_id = ?`).run(into, row.id)
          db.prepare(`DELETE FROM document_labels WHERE annotator_id = ?`).run(row.id) // given by both: kept once
          db.prepare(`DELETE FROM curated_as_nothing WHERE annotator_id = ?`).run(row.id)
          db.prepare(`DELETE FROM annotators WHERE id = ?`).run(row.id)
        }
        changed++
      }
      return changed
    },
    lockWaitMs,
  )
}
