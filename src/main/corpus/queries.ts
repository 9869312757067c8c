/** Read-only questions the editor asks of a corpus: the document list, neighbours, full-text search. */
import type { DocumentListItem, SearchHit } from '../../shared/api'
import type { DocumentStatus } from '../../shared/corpus-types'
import { OffsetIndex } from '../../shared/offsets'
import type { Corpus } from './store'

const MATCH_START = '\u0001'
const MATCH_END = '\u0002'

function prepareQueries(corpus: Corpus) {
  const { db } = corpus
  return {
    list: db.prepare(
      `SELECT d.id, d.external_id AS externalId, d.title, d.status,
              (SELECT count(*) FROM spans s WHERE s.document_id = d.id) AS spans
       FROM documents d
       WHERE d.id > @afterId AND (@status IS NULL OR d.status = @status)
       ORDER BY d.id LIMIT @limit`,
    ),
    next: db.prepare(
      `SELECT id FROM documents WHERE id > @documentId AND (@status IS NULL OR status = @status) ORDER BY id LIMIT 1`,
    ).pluck(),
    previous: db.prepare(
      `SELECT id FROM documents WHERE id < @documentId AND (@status IS NULL OR status = @status) ORDER BY id DESC LIMIT 1`,
    ).pluck(),
    search: db.prepare(
      `SELECT d.id AS documentId, d.external_id AS externalId, d.title,
              snippet(documents_search, 1, '${MATCH_START}', '${MATCH_END}', '…', 16) AS snippet,
              highlight(documents_search, 1, '${MATCH_START}', '${MATCH_END}') AS marked
       FROM documents_search JOIN documents d ON d.id = documents_search.rowid
       WHERE documents_search MATCH @query ORDER BY rank LIMIT @limit`,
    ),
  }
}

const cache = new WeakMap<Corpus, ReturnType<typeof prepareQueries>>()

function queries(corpus: Corpus): ReturnType<typeof prepareQueries> {
  let prepared = cache.get(corpus)
  if (prepared === undefined) {
    prepared = prepareQueries(corpus)
    cache.set(corpus, prepared)
  }
  return prepared
}

/** A page of the document list, in corpus order, with span counts. */
export function listDocuments(corpus: Corpus, status: DocumentStatus | null, afterId: number, limit: number): DocumentListItem[] {
  return queries(corpus).list.all({ status, afterId, limit }) as DocumentListItem[]
}

/** Row id of the next or previous document (with `status`, if given), or null at either end. */
export function neighbourDocument(
  corpus: Corpus,
  documentId: number,
  direction: 'next' | 'previous',
  status: DocumentStatus | null,
): number | null {
  const statement = direction === 'next' ? queries(corpus).next : queries(corpus).previous
  return (statement.get({ documentId, status }) as number | undefined) ?? null
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

/** Documents matching `input`, best first, each with a snippet and where its first match is. */
export function searchDocuments(corpus: Corpus, input: string, limit: number): SearchHit[] {
  const query = toFtsQuery(input)
  if (query === null) return []
  const rows = queries(corpus).search.all({ query, limit }) as (Omit<SearchHit, 'match'> & { marked: string })[]
  return rows.map(({ marked, ...hit }) => {
    const from = marked.indexOf(MATCH_START)
    const to = marked.indexOf(MATCH_END, from)
    if (from === -1 || to === -1) return { ...hit, match: null }
    // Offsets in code points of the unmarked text: the marker before the match is one code point.
    const index = new OffsetIndex(marked)
    return { ...hit, match: { start: index.toCodePoint(from), end: index.toCodePoint(to) - 1 } }
  })
}
