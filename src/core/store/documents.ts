/** SQL of documents: rows, pages, the document list, neighbours, counts by status, and their id counters. */
import { createHash } from 'node:crypto'
import type Database from 'better-sqlite3'
import type { DocumentListItem } from '../../shared/api'
import type { DocumentStatus } from '../../shared/corpus-types'

/** A document as stored, without its annotations. */
export interface DocumentRow {
  id: number
  external_id: string
  title: string
  text: string
  length: number
  meta: string
  status: DocumentStatus
  text_sha256: string
  created_at: string
  updated_at: string
}

/** How many annotations of each kind a document has. */
export interface AnnotationCounts {
  spans: number
  relations: number
  documentLabels: number
}

/** A document as inserted. */
interface NewDocumentRow {
  /** The row id to take (a document replaced in place), or null for the next one. */
  rowId: number | null
  externalId: string
  title: string
  text: string
  length: number
  meta: string
  status: DocumentStatus
  hash: string
  createdAt: string
  updatedAt: string
  /** The ids its next new span and relation take (1, or past the ids of those inserted with it). */
  nextSpanId: number
  nextRelationId: number
}

/** SHA-256 of a document's text, hex. */
export function textHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

/** True for a document `d` that the analyst `@annotatorId` put a span, relation or document label on. */
const ANNOTATED_BY = `(EXISTS (SELECT 1 FROM spans s WHERE s.document_id = d.id AND s.annotator_id = @annotatorId)
    OR EXISTS (SELECT 1 FROM relations r WHERE r.document_id = d.id AND r.annotator_id = @annotatorId)
    OR EXISTS (SELECT 1 FROM document_labels l WHERE l.document_id = d.id AND l.annotator_id = @annotatorId))`

const COLUMNS = `id, external_id, title, text, length, meta, status, text_sha256, created_at, updated_at`

/** The document statements of one connection. */
export function documentStatements(db: Database.Database) {
  return {
    byId: db.prepare<[id: number], DocumentRow>(`SELECT ${COLUMNS} FROM documents WHERE id = ?`),
    idByExternalId: db.prepare<[externalId: string], number>(`SELECT id FROM documents WHERE external_id = ?`).pluck(),
    hashById: db.prepare<[id: number], string>(`SELECT text_sha256 FROM documents WHERE id = ?`).pluck(),
    allIds: db.prepare<[], [string, number]>(`SELECT external_id, id FROM documents`),
    /** The external id of each document whose meta has a Prodigy `_input_hash`, with that hash. */
    inputHashes: db.prepare<[], [string, number | string]>(
      `SELECT external_id, json_extract(meta, '$._input_hash') AS hash FROM documents
       WHERE json_type(meta, '$._input_hash') IN ('integer', 'real', 'text') ORDER BY id`,
    ),
    length: db.prepare<[id: number], number>(`SELECT length FROM documents WHERE id = ?`).pluck(),
    /** Code points [start, end) of a document's text: SQLite's substr counts characters, which are code points. */
    slice: db
      .prepare<{ id: number; start: number; end: number }, string>(`SELECT substr(text, @start + 1, @end - @start) FROM documents WHERE id = @id`)
      .pluck(),
    /** A page of documents after a row id, optionally of some statuses (`statuses`: a JSON array or NULL). */
    after: db.prepare<{ afterId: number; limit: number; statuses: string | null }, DocumentRow>(
      `SELECT ${COLUMNS} FROM documents
       WHERE id > @afterId AND (@statuses IS NULL OR status IN (SELECT value FROM json_each(@statuses)))
       ORDER BY id LIMIT @limit`,
    ),
    list: db.prepare<{ afterId: number; limit: number; status: DocumentStatus | null }, DocumentListItem>(
      `SELECT d.id, d.external_id AS externalId, d.title, d.status,
              (SELECT count(*) FROM spans s WHERE s.document_id = d.id) AS spans
       FROM documents d
       WHERE d.id > @afterId AND (@status IS NULL OR d.status = @status)
       ORDER BY d.id LIMIT @limit`,
    ),
    /** The document list of one analyst: the documents they annotated, with their spans counted. */
    listByAnnotator: db.prepare<{ afterId: number; limit: number; status: DocumentStatus | null; annotatorId: number }, DocumentListItem>(
      `SELECT d.id, d.external_id AS externalId, d.title, d.status,
              (SELECT count(*) FROM spans s WHERE s.document_id = d.id AND s.annotator_id = @annotatorId) AS spans
       FROM documents d
       WHERE d.id > @afterId AND (@status IS NULL OR d.status = @status) AND ${ANNOTATED_BY}
       ORDER BY d.id LIMIT @limit`,
    ),
    /** Documents by status among those one analyst annotated. */
    countsByStatusOf: db.prepare<{ annotatorId: number }, { status: DocumentStatus; count: number }>(
      `SELECT status, count(*) AS count FROM documents d WHERE ${ANNOTATED_BY} GROUP BY status`,
    ),
    next: db.prepare<{ documentId: number; status: DocumentStatus | null }, number>(
      `SELECT id FROM documents WHERE id > @documentId AND (@status IS NULL OR status = @status) ORDER BY id LIMIT 1`,
    ).pluck(),
    previous: db.prepare<{ documentId: number; status: DocumentStatus | null }, number>(
      `SELECT id FROM documents WHERE id < @documentId AND (@status IS NULL OR status = @status) ORDER BY id DESC LIMIT 1`,
    ).pluck(),
    nextByAnnotator: db.prepare<{ documentId: number; status: DocumentStatus | null; annotatorId: number }, number>(
      `SELECT id FROM documents d WHERE id > @documentId AND (@status IS NULL OR status = @status) AND ${ANNOTATED_BY} ORDER BY id LIMIT 1`,
    ).pluck(),
    previousByAnnotator: db.prepare<{ documentId: number; status: DocumentStatus | null; annotatorId: number }, number>(
      `SELECT id FROM documents d WHERE id < @documentId AND (@status IS NULL OR status = @status) AND ${ANNOTATED_BY} ORDER BY id DESC LIMIT 1`,
    ).pluck(),
    countsByStatus: db.prepare<[], { status: DocumentStatus; count: number }>(
      `SELECT status, count(*) AS count FROM documents GROUP BY status`,
    ),
    insert: db.prepare<NewDocumentRow>(
      `INSERT INTO documents (id, external_id, title, text, length, meta, status, text_sha256, created_at, updated_at, next_span_id, next_relation_id)
       VALUES (@rowId, @externalId, @title, @text, @length, @meta, @status, @hash, @createdAt, @updatedAt, @nextSpanId, @nextRelationId)`,
    ),
    /** Lists a document as written in a script without spaces (`search/unspaced.ts`). */
    listUnspaced: db.prepare<[id: number]>(`INSERT INTO documents_unspaced (document_id) VALUES (?)`),
    delete: db.prepare<[id: number]>(`DELETE FROM documents WHERE id = ?`),
    /** How many spans, relations and document labels a document has (what deleting it takes along). */
    annotationCounts: db.prepare<{ id: number }, AnnotationCounts>(
      `SELECT (SELECT count(*) FROM spans WHERE document_id = @id) AS spans,
              (SELECT count(*) FROM relations WHERE document_id = @id) AS relations,
              (SELECT count(*) FROM document_labels WHERE document_id = @id) AS documentLabels`,
    ),
    setStatus: db.prepare<{ documentId: number; status: DocumentStatus; updatedAt: string }>(
      `UPDATE documents SET status = @status, updated_at = @updatedAt WHERE id = @documentId`,
    ),
    nextSpanId: db.prepare<[id: number], number>(`SELECT next_span_id FROM documents WHERE id = ?`).pluck(),
    nextRelationId: db.prepare<[id: number], number>(`SELECT next_relation_id FROM documents WHERE id = ?`).pluck(),
    /** Records that span ids up to `id` are taken, so they are never handed out again. */
    reserveSpanId: db.prepare<{ documentId: number; id: number }>(
      `UPDATE documents SET next_span_id = max(next_span_id, @id + 1) WHERE id = @documentId`,
    ),
    /** Records that relation ids up to `id` are taken. */
    reserveRelationId: db.prepare<{ documentId: number; id: number }>(
      `UPDATE documents SET next_relation_id = max(next_relation_id, @id + 1) WHERE id = @documentId`,
    ),
    setInfo: db.prepare<[key: string, value: string]>(`INSERT OR REPLACE INTO corpus_info (key, value) VALUES (?, ?)`),
    info: db.prepare<[key: string], string>(`SELECT value FROM corpus_info WHERE key = ?`).pluck(),
  }
}
