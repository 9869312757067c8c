/** SQL of full-text search (SQLite FTS5 over titles and texts), and turning what a person types into a query. */
import type Database from 'better-sqlite3'
import type { SearchHit } from '../../shared/api'
import { OffsetIndex } from '../../shared/offsets'

const MATCH_START = '\u0001'
const MATCH_END = '\u0002'

/** A search result row: the hit, and the whole text with its matches marked. */
type SearchRow = Omit<SearchHit, 'match'> & { marked: string }

/** The search statements of one connection. */
export function searchStatements(db: Database.Database) {
  return {
    search: db.prepare<{ query: string; limit: number }, SearchRow>(
      `SELECT d.id AS documentId, d.external_id AS externalId, d.title,
              snippet(documents_search, 1, '${MATCH_START}', '${MATCH_END}', '…', 16) AS snippet,
              highlight(documents_search, 1, '${MATCH_START}', '${MATCH_END}') AS marked
       FROM documents_search JOIN documents d ON d.id = documents_search.rowid
       WHERE documents_search MATCH @query ORDER BY rank LIMIT @limit`,
    ),
  }
}

/**
 * Turns what a person types into an FTS5 query: each word is matched as a word (the last also as a prefix),
 * all must occur. Quotes and operators are taken literally, so no input is a syntax error.
 */
export function toFtsQuery(input: string): string | null {
  const words = input.match(/[\p{L}\p{N}\p{M}_]+/gu)
  if (words === null) return null
  return words.map((word, i) => `"${word}"${i === words.length - 1 ? '*' : ''}`).join(' ')
}

/** A search row as a hit: where its first match is, in code points of the unmarked text. */
export function toSearchHit({ marked, ...hit }: SearchRow): SearchHit {
  const from = marked.indexOf(MATCH_START)
  const to = marked.indexOf(MATCH_END, from)
  if (from === -1 || to === -1) return { ...hit, match: null }
  // The marker before the match is one code point.
  const index = new OffsetIndex(marked)
  return { ...hit, match: { start: index.toCodePoint(from), end: index.toCodePoint(to) - 1 } }
}
