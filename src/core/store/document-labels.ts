/** SQL of document-level labels: a label on a whole document, once per annotator. */
import type Database from 'better-sqlite3'
import type { ExportedDocumentLabel } from '../../shared/corpus-types'

/** A document label as stored, with label and annotator as names: the export's shape. */
export type DocumentLabelRow = ExportedDocumentLabel

/** A document label as inserted or deleted. */
interface DocumentLabelKey {
  documentId: number
  labelId: number
  annotatorId: number
}

/** The document label statements of one connection. */
export function documentLabelStatements(db: Database.Database) {
  return {
    ofDocument: db.prepare<[documentId: number], DocumentLabelRow>(
      `SELECT l.name AS label, a.name AS annotator, d.created_at
       FROM document_labels d JOIN labels l ON l.id = d.label_id JOIN annotators a ON a.id = d.annotator_id
       WHERE d.document_id = ? ORDER BY l.position, a.name, l.id`,
    ),
    /** The document labels of documents `first` to `last` (row ids), by document, then as `ofDocument` orders them. */
    ofDocuments: db.prepare<[first: number, last: number], DocumentLabelRow & { document_id: number }>(
      `SELECT d.document_id, l.name AS label, a.name AS annotator, d.created_at
       FROM document_labels d LEFT JOIN labels l ON l.id = d.label_id LEFT JOIN annotators a ON a.id = d.annotator_id
       WHERE d.document_id BETWEEN ? AND ? ORDER BY d.document_id, l.position, a.name, l.id`,
    ),
    insert: db.prepare<DocumentLabelKey & { createdAt: string }>(
      `INSERT OR IGNORE INTO document_labels (document_id, label_id, annotator_id, created_at)
       VALUES (@documentId, @labelId, @annotatorId, @createdAt)`,
    ),
    delete: db.prepare<DocumentLabelKey>(
      `DELETE FROM document_labels WHERE document_id = @documentId AND label_id = @labelId AND annotator_id = @annotatorId`,
    ),
  }
}
