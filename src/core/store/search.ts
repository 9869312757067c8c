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

/** True where document `d` holds `@scan` in its text or title (compared without ASCII case), or `@scan` is ''. */
const HOLDING_SCAN = `@scan = '' OR instr(lower(d.text), lower(@scan)) > 0 OR instr(lower(d.title), lower(@scan)) > 0`

/** A span whose note holds a piece of what was searched for. */
export interface NoteCandidate {
  documentId: number
  spanId: number
  start: number
  end: number
  note: string
}

/** FTS5's `automerge` while an import fills the index in batches, and its default, put back after each batch. */
const MERGE_WHILE_FILLING = 16
const MERGE_AS_USUAL = 4

/** The search statements of one connection, one per way of finding candidates. */
export function searchStatements(db: Database.Database) {
  return {
    /** By the word index, best first. */
    ranked: ranked<{ fts: string }>(db, ''),
    /** How many documents the word index finds, counting no further than `upTo` (cheap: no ranking). */
    matchesUpTo: db
      .prepare<{ fts: string; upTo: number }, number>(
        `SELECT count(*) FROM (SELECT 1 FROM documents_search WHERE documents_search MATCH @fts LIMIT @upTo)`,
      )
      .pluck(),
    /** By the word index, holding a piece of text the index cannot find, best first. */
    rankedHolding: ranked<{ fts: string; scan: string }>(db, `AND (${HOLDING_SCAN})`),
    /** Spans whose note holds a piece of text (compared without ASCII case), by document and place. */
    notesHolding: db.prepare<{ piece: string }, NoteCandidate>(
      `SELECT s.document_id AS documentId, s.id AS spanId, s.start_offset AS start, s.end_offset AS end, json_extract(s.attrs, '$.note') AS note
       FROM spans s WHERE json_type(s.attrs, '$.note') = 'text' AND instr(lower(json_extract(s.attrs, '$.note')), lower(@piece)) > 0
       ORDER BY s.document_id, s.start_offset, s.id`,
    ),
    /** One document, for a note's hit in a document the text search did not find. */
    document: db.prepare<{ documentId: number }, SearchCandidate>(`SELECT ${COLUMNS} FROM documents d WHERE d.id = @documentId`),
    /** Fills the index for the documents whose ids are in the JSON array given (an import that filled it at its end). */
    fill: db.prepare<[ids: string]>(
      `INSERT INTO documents_search (rowid, title, text)
       SELECT id, title, text FROM documents WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`,
    ),
    /**
     * How many segments of one size the index gathers before merging them: many while an import fills it in
     * batches (each batch writes segments, and merging them four at a time, FTS5's default, took about a
     * third of the filling's time), then the default again. The numbers are written into the SQL: FTS5 takes integers
     * only, and better-sqlite3 binds a number as a real.
     */
    mergeLater: db.prepare(`INSERT INTO documents_search (documents_search, rank) VALUES ('automerge', ${MERGE_WHILE_FILLING})`),
    mergeAsUsual: db.prepare(`INSERT INTO documents_search (documents_search, rank) VALUES ('automerge', ${MERGE_AS_USUAL})`),
    /** Takes one document out of the index, as its delete trigger does. */
    forget: db.prepare<[documentId: number]>(
      `INSERT INTO documents_search (documents_search, rowid, title, text) SELECT 'delete', id, title, text FROM documents WHERE id = ?`,
    ),
    /** The triggers that keep the index in step with inserts and deletes, with their SQL (to put them back exactly). */
    indexTriggers: db.prepare<[], { name: string; sql: string }>(
      `SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name IN ('documents_search_insert', 'documents_search_delete')`,
    ),
    /**
     * By the word index, in corpus order, holding `@scan` ('' for none): at most `@page` documents after row `@after`
     * (read a page at a time, so that another statement may run between pages).
     */
    indexedPage: db.prepare<{ fts: string; scan: string; after: number; page: number }, SearchCandidate>(
      `SELECT ${COLUMNS} FROM documents_search JOIN documents d ON d.id = documents_search.rowid
       WHERE documents_search MATCH @fts AND documents_search.rowid > @after AND (${HOLDING_SCAN})
       ORDER BY documents_search.rowid LIMIT @page`,
    ),
    /**
     * The documents written in a script without spaces (`search/unspaced.ts`) whose text or title is `LIKE` `@like`
     * (ASCII case aside, `\\` escaping) and holds `@scan` ('' for none), in corpus order, at most `@page` after row
     * `@after`: a word the index looks up may be written against such characters there, and be no token of its own.
     * Read from the list (CROSS JOIN: the planner otherwise read every document, comparing each).
     */
    unspacedPage: db.prepare<{ like: string; scan: string; after: number; page: number }, SearchCandidate>(
      `SELECT ${COLUMNS} FROM documents_unspaced u CROSS JOIN documents d ON d.id = u.document_id
       WHERE u.document_id > @after AND (d.text LIKE @like ESCAPE '\\' OR d.title LIKE @like ESCAPE '\\') AND (${HOLDING_SCAN})
       ORDER BY u.document_id LIMIT @page`,
    ),
    /** Holding a piece of text, in corpus order (a scan of every text). */
    holding: db.prepare<{ scan: string }, SearchCandidate>(
      `SELECT ${COLUMNS} FROM documents d
       WHERE instr(lower(d.text), lower(@scan)) > 0 OR instr(lower(d.title), lower(@scan)) > 0 ORDER BY d.id`,
    ),
  }
}

/** The candidates the word index finds (and `condition` keeps), best first. */
function ranked<P extends { fts: string }>(db: Database.Database, condition: string) {
  return db.prepare<P, SearchCandidate>(
    `SELECT ${COLUMNS} FROM documents_search JOIN documents d ON d.id = documents_search.rowid
     WHERE documents_search MATCH @fts ${condition} ORDER BY rank`,
  )
}
