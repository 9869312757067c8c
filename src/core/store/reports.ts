/** SQL behind `stats` and `check`: counts by label and annotator, and SQLite's own integrity checks. */
import type Database from 'better-sqlite3'
import type { LabelKind } from '../../shared/corpus-types'

/** One count of annotations for a label by an annotator. */
export interface LabelCount {
  label: string
  annotator: string
  count: number
}

/** A use of a label of the wrong kind (a relation label on a span, say), which the schema cannot forbid. */
export interface WrongLabelKind {
  kind: LabelKind
  document: number
  id: number
  label: string
  actual: LabelKind
}

/** The tables of annotations, each counted by label and annotator. */
export type AnnotationTable = 'spans' | 'relations' | 'document_labels'

function countsBy(db: Database.Database, table: AnnotationTable) {
  return db.prepare<[], LabelCount>(
    `SELECT l.name AS label, a.name AS annotator, count(*) AS count
     FROM ${table} t JOIN labels l ON l.id = t.label_id JOIN annotators a ON a.id = t.annotator_id
     GROUP BY t.label_id, t.annotator_id ORDER BY l.position, a.name`,
  )
}

/** The report statements of one connection. */
export function reportStatements(db: Database.Database) {
  return {
    countsBy: {
      spans: countsBy(db, 'spans'),
      relations: countsBy(db, 'relations'),
      document_labels: countsBy(db, 'document_labels'),
    } satisfies Record<AnnotationTable, unknown>,
    schemaVersion: db.prepare<[], number>(`PRAGMA user_version`).pluck(),
    integrityCheck: db.prepare<[], string>(`PRAGMA integrity_check`).pluck(),
    foreignKeyCheck: db.prepare<[], { table: string; rowid: number | null; parent: string }>(`PRAGMA foreign_key_check`),
    wrongLabelKinds: db.prepare<[], WrongLabelKind>(
      `SELECT 'span' AS kind, s.document_id AS document, s.id AS id, l.name AS label, l.kind AS actual
         FROM spans s JOIN labels l ON l.id = s.label_id WHERE l.kind <> 'span'
       UNION ALL
       SELECT 'relation', r.document_id, r.id, l.name, l.kind
         FROM relations r JOIN labels l ON l.id = r.label_id WHERE l.kind <> 'relation'
       UNION ALL
       SELECT 'document', d.document_id, 0, l.name, l.kind
         FROM document_labels d JOIN labels l ON l.id = d.label_id WHERE l.kind <> 'document'`,
    ),
  }
}
