/** SQL behind `stats` and `check`: counts by label and annotator, and SQLite's own integrity checks. */
import type Database from 'better-sqlite3'
import { CURATED } from '../../shared/curation'
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

/**
 * Spans of one analyst with the same text and label in one document: a span made twice. Curated spans of one text and
 * label with other attributes are not: they are two curators' settlings a merge kept side by side (a Claim checkworthy
 * yes and one checkworthy no), which curation shows as two settlings met.
 */
export interface SpanMadeTwice {
  document: string
  start: number
  end: number
  label: string
  annotator: string
  /** Their ids, comma-separated. */
  ids: string
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
    /** Changes whenever another connection commits to the file (never for this connection's own commits). */
    dataVersion: db.prepare<[], number>(`PRAGMA data_version`).pluck(),
    integrityCheck: db.prepare<[], string>(`PRAGMA integrity_check`).pluck(),
    foreignKeyCheck: db.prepare<[], { table: string; rowid: number | null; parent: string }>(`PRAGMA foreign_key_check`),
    /** Labels whose colour is not `#rrggbb` (the reader draws them grey). */
    badLabelColors: db.prepare<[], { kind: LabelKind; name: string; color: string }>(
      `SELECT kind, name, color FROM labels
       WHERE length(color) <> 7 OR color NOT GLOB '#[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]'`,
    ),
    /** Rows whose times are not ISO 8601 with a time zone, by table (a count and one example each). */
    badTimestamps: db.prepare<[], { what: string; count: number; example: string }>(
      `WITH times (what, value) AS (
         SELECT 'document', created_at FROM documents UNION ALL SELECT 'document', updated_at FROM documents
         UNION ALL SELECT 'span', created_at FROM spans UNION ALL SELECT 'span', updated_at FROM spans
         UNION ALL SELECT 'relation', created_at FROM relations UNION ALL SELECT 'relation', updated_at FROM relations
         UNION ALL SELECT 'document label', created_at FROM document_labels
       )
       SELECT what, count(*) AS count, min(value) AS example FROM times
       WHERE NOT (value GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]*'
                  AND (value GLOB '*Z' OR value GLOB '*[+-][0-2][0-9]:[0-5][0-9]')
                  AND julianday(value) IS NOT NULL)
       GROUP BY what`,
    ),
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
    /** Span attributes and document meta that are JSON but not an object (which export and import need). */
    notObjects: db.prepare<[], { what: 'span' | 'document'; count: number; example: string | null }>(
      `SELECT 'span' AS what, count(*) AS count, min('document "' || d.external_id || '" span ' || s.id) AS example
         FROM spans s JOIN documents d ON d.id = s.document_id WHERE json_type(s.attrs) <> 'object'
       UNION ALL
       SELECT 'document', count(*), min('document "' || external_id || '"') FROM documents WHERE json_type(meta) <> 'object'`,
    ),
    spansMadeTwice: db.prepare<[], SpanMadeTwice>(
      `SELECT d.external_id AS document, t.start_offset AS start, t.end_offset AS "end", l.name AS label, a.name AS annotator, t.ids
         FROM (SELECT document_id, start_offset, end_offset, label_id, annotator_id, group_concat(id, ', ') AS ids
                 FROM spans GROUP BY document_id, start_offset, end_offset, label_id, annotator_id
                 HAVING count(*) > 1 AND (count(DISTINCT attrs) = 1 OR annotator_id NOT IN (SELECT id FROM annotators WHERE name = '${CURATED}'))) t
         JOIN documents d ON d.id = t.document_id JOIN labels l ON l.id = t.label_id JOIN annotators a ON a.id = t.annotator_id
        ORDER BY t.document_id, t.start_offset`,
    ),
  }
}
