/** SQL of relations between two spans of one document. */
import type Database from 'better-sqlite3'
import type { ExportedRelation } from '../../shared/corpus-types'
import { withoutRowsDropped } from './spans'

/** A relation as stored, with label and annotator as names: the export's shape. */
export type RelationRow = ExportedRelation

/** A relation as inserted. */
interface NewRelationRow {
  documentId: number
  id: number
  head: number
  child: number
  labelId: number
  annotatorId: number
  createdAt: string
  updatedAt: string
}

/** Relations (`r`) with their label and annotator as names; callers add WHERE and ORDER BY. */
const RELATIONS_WITH_NAMES = `SELECT r.id, r.head, r.child, l.name AS label, a.name AS annotator, r.created_at, r.updated_at
  FROM relations r JOIN labels l ON l.id = r.label_id JOIN annotators a ON a.id = r.annotator_id`

/** The relation statements of one connection. */
export function relationStatements(db: Database.Database) {
  return {
    ofDocument: db.prepare<[documentId: number], RelationRow>(`${RELATIONS_WITH_NAMES} WHERE r.document_id = ? ORDER BY r.id`),
    /** The relations of documents `first` to `last` (row ids), by document and id: one query per export page. */
    ofDocuments: db.prepare<[first: number, last: number], RelationRow & { document_id: number }>(
      `${withoutRowsDropped(RELATIONS_WITH_NAMES).replace('SELECT ', 'SELECT r.document_id, ')} WHERE r.document_id BETWEEN ? AND ? ORDER BY r.document_id, r.id`,
    ),
    one: db.prepare<[documentId: number, relationId: number], RelationRow>(`${RELATIONS_WITH_NAMES} WHERE r.document_id = ? AND r.id = ?`),
    ofSpan: db.prepare<{ documentId: number; spanId: number }, RelationRow>(
      `${RELATIONS_WITH_NAMES} WHERE r.document_id = @documentId AND (r.head = @spanId OR r.child = @spanId) ORDER BY r.id`,
    ),
    insert: db.prepare<NewRelationRow>(
      `INSERT INTO relations (document_id, id, head, child, label_id, annotator_id, created_at, updated_at)
       VALUES (@documentId, @id, @head, @child, @labelId, @annotatorId, @createdAt, @updatedAt)`,
    ),
    delete: db.prepare<[documentId: number, relationId: number]>(`DELETE FROM relations WHERE document_id = ? AND id = ?`),
    /** The ids of one analyst's relations of a document with an end that overlaps `[start, end)`, in id order. */
    idsTouchingOf: db
      .prepare<{ documentId: number; start: number; end: number; annotator: string }, number>(
        `SELECT r.id FROM relations r
         JOIN spans h ON h.document_id = r.document_id AND h.id = r.head
         JOIN spans c ON c.document_id = r.document_id AND c.id = r.child
         WHERE r.document_id = @documentId AND +r.annotator_id = (SELECT id FROM annotators WHERE name = @annotator)
           AND ((h.start_offset < @end AND h.end_offset > @start) OR (c.start_offset < @end AND c.end_offset > @start))
         ORDER BY r.id`,
      )
      .pluck(),
    /** The id of the relation of the document with these ends, label and analyst, if there is one. */
    twin: db
      .prepare<{ documentId: number; head: number; child: number; labelId: number; annotator: string }, number>(
        `SELECT r.id FROM relations r
         WHERE r.document_id = @documentId AND r.head = @head AND r.child = @child AND r.label_id = @labelId
           AND r.annotator_id = (SELECT id FROM annotators WHERE name = @annotator)
         LIMIT 1`,
      )
      .pluck(),
  }
}
