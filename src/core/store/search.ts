/**
 * SQL of search: candidate documents from the full-text index (SQLite FTS5 over titles and texts), narrowed
 * or found by scanning for what the index cannot hold (emoji, CJK, punctuation), each with its whole text so
 * that occurrences are found exactly.
 */
import type Database from 'better-sqlite3'

/** A candidate document. */
export interface SearchCandidate {
  documentId: number
  externalId: string
  title: string
  text: string
}

const COLUMNS = 'd.id AS documentId, d.external_id AS externalId, d.title, d.text'

/** The search statements of one connection, one per way of finding candidates. */
export function searchStatements(db: Database.Database) {
  return {
    /** By the word index, best first. */
    indexed: db.prepare<{ fts: string }, SearchCandidate>(
      `SELECT ${COLUMNS} FROM documents_search JOIN documents d ON d.id = documents_search.rowid
       WHERE documents_search MATCH @fts ORDER BY rank`,
    ),
    /** By the word index, best first, holding a piece of text the index cannot find. */
    indexedHolding: db.prepare<{ fts: string; scan: string }, SearchCandidate>(
      `SELECT ${COLUMNS} FROM documents_search JOIN documents d ON d.id = documents_search.rowid
       WHERE documents_search MATCH @fts AND (instr(lower(d.text), lower(@scan)) > 0 OR instr(lower(d.title), lower(@scan)) > 0)
       ORDER BY rank`,
    ),
    /** Holding a piece of text, in corpus order (a scan of every text). */
    holding: db.prepare<{ scan: string }, SearchCandidate>(
      `SELECT ${COLUMNS} FROM documents d
       WHERE instr(lower(d.text), lower(@scan)) > 0 OR instr(lower(d.title), lower(@scan)) > 0 ORDER BY d.id`,
    ),
  }
}
