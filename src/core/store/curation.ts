/** SQL of the disagreements a curator settled as nothing (`curated_as_nothing`, schema version 3). */
import type Database from 'better-sqlite3'

/** The statements of one connection about disagreements settled as nothing. */
export function curationStatements(db: Database.Database) {
  return {
    /** The places of one document settled as nothing, in order. */
    settledAsNothing: db.prepare<[documentId: number], string>(`SELECT place FROM curated_as_nothing WHERE document_id = ? ORDER BY place`).pluck(),
    /** Each settling of one document, with who made it and when. */
    decisions: db.prepare<[documentId: number], { place: string; annotator: string; created_at: string }>(
      `SELECT c.place, a.name AS annotator, c.created_at FROM curated_as_nothing c JOIN annotators a ON a.id = c.annotator_id
       WHERE c.document_id = ? ORDER BY c.place`,
    ),
    /** Each settling of the documents `first` to `last` (row ids), by document and place: one query per export page. */
    decisionsOfDocuments: db.prepare<[first: number, last: number], { document_id: number; place: string; annotator: string; created_at: string }>(
      `SELECT c.document_id, c.place, a.name AS annotator, c.created_at FROM curated_as_nothing c JOIN annotators a ON a.id = c.annotator_id
       WHERE c.document_id BETWEEN ? AND ? ORDER BY c.document_id, c.place`,
    ),
    settle: db.prepare<{ documentId: number; place: string; annotatorId: number; createdAt: string }>(
      `INSERT INTO curated_as_nothing (document_id, place, annotator_id, created_at) VALUES (@documentId, @place, @annotatorId, @createdAt)
       ON CONFLICT (document_id, place) DO NOTHING`,
    ),
    unsettle: db.prepare<[documentId: number, place: string]>(`DELETE FROM curated_as_nothing WHERE document_id = ? AND place = ?`),
  }
}
