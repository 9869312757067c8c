/**
 * The raw baselines: what plain better-sqlite3 does with the same data, with none of Marginalia's checks,
 * schema, search index or batching. Each figure of `core.mjs` is shown beside one of these.
 *
 *   node raw.mjs import DB FILE...   the documents and spans of JSONL files into two tables, one transaction
 *   node raw.mjs export CORPUS OUT   a Marginalia corpus written as the same JSONL Marginalia writes
 *   node raw.mjs list DB             open DB and print the first page of its document list
 *
 * `rawPoints(DB)` gives the single operations (a list page, a document, a span added and removed) in-process.
 */
import { closeSync, createWriteStream, openSync, readSync } from 'node:fs'
import { once } from 'node:events'
import Database from 'better-sqlite3'

/** Lines of a file, read synchronously in 1 MiB chunks. */
function* lines(path) {
  const fd = openSync(path, 'r')
  const chunk = Buffer.allocUnsafe(1 << 20)
  let rest = Buffer.alloc(0)
  try {
    for (let read; (read = readSync(fd, chunk, 0, chunk.length, null)) > 0; ) {
      const buffer = Buffer.concat([rest, chunk.subarray(0, read)])
      let from = 0
      for (let newline; (newline = buffer.indexOf(10, from)) !== -1; from = newline + 1) yield buffer.toString('utf8', from, newline)
      rest = Buffer.from(buffer.subarray(from))
    }
    if (rest.length > 0) yield rest.toString('utf8')
  } finally {
    closeSync(fd)
  }
}

const SCHEMA = `
  CREATE TABLE documents (id INTEGER PRIMARY KEY, external_id TEXT NOT NULL UNIQUE, title TEXT NOT NULL, text TEXT NOT NULL,
    meta TEXT NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
  CREATE TABLE spans (document_id INTEGER NOT NULL, id INTEGER NOT NULL, start_offset INTEGER NOT NULL, end_offset INTEGER NOT NULL,
    label TEXT NOT NULL, attrs TEXT NOT NULL, annotator TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    PRIMARY KEY (document_id, id)) WITHOUT ROWID;`

/** Inserts every document and span of `files` into a new database at `path`, in one transaction. */
export function rawImport(path, files) {
  const db = new Database(path)
  db.exec(SCHEMA)
  const document = db.prepare(`INSERT INTO documents (external_id, title, text, meta, status, created_at, updated_at)
    VALUES (@id, @title, @text, @meta, @status, @created_at, @updated_at)`)
  const span = db.prepare(`INSERT INTO spans VALUES (@document, @id, @start, @end, @label, @attrs, @annotator, @created_at, @updated_at)`)
  let documents = 0
  let spans = 0
  db.transaction(() => {
    for (const file of files) {
      for (const line of lines(file)) {
        if (line === '') continue
        const record = JSON.parse(line)
        const rowId = document.run({ ...record, meta: JSON.stringify(record.meta ?? {}) }).lastInsertRowid
        for (const s of record.spans) span.run({ ...s, document: rowId, attrs: JSON.stringify(s.attrs ?? {}) })
        documents++
        spans += record.spans.length
      }
    }
  })()
  db.close()
  return { documents, spans }
}

/** `text[start:end]` in code points. */
function slicer(text) {
  if (!/[\uD800-\uDFFF]/.test(text)) return (start, end) => text.slice(start, end)
  const chars = Array.from(text)
  return (start, end) => chars.slice(start, end).join('')
}

/** Writes the Marginalia corpus at `path` as JSONL to `output`, reading it with plain SQL, a page of documents at a time. */
export async function rawExport(path, output) {
  const db = new Database(path, { readonly: true })
  const page = db.prepare(`SELECT id, external_id, title, meta, status, text, created_at, updated_at FROM documents WHERE id > ? ORDER BY id LIMIT 256`)
  const spans = db.prepare(`SELECT s.id, s.start_offset, s.end_offset, l.name AS label, s.attrs, a.name AS annotator, s.created_at, s.updated_at
    FROM spans s JOIN labels l ON l.id = s.label_id JOIN annotators a ON a.id = s.annotator_id
    WHERE s.document_id = ? ORDER BY s.start_offset, s.end_offset, s.id`)
  const relations = db.prepare(`SELECT r.id, r.head, r.child, l.name AS label, a.name AS annotator, r.created_at, r.updated_at
    FROM relations r JOIN labels l ON l.id = r.label_id JOIN annotators a ON a.id = r.annotator_id WHERE r.document_id = ? ORDER BY r.id`)
  const labels = db.prepare(`SELECT l.name AS label, a.name AS annotator, d.created_at
    FROM document_labels d JOIN labels l ON l.id = d.label_id JOIN annotators a ON a.id = d.annotator_id
    WHERE d.document_id = ? ORDER BY l.position, a.name`)
  const out = createWriteStream(output)
  let written = 0
  for (let rows, after = 0; (rows = page.all(after)).length > 0; after = rows[rows.length - 1].id) {
    for (const row of rows) {
      const slice = slicer(row.text)
      const record = {
        id: row.external_id,
        title: row.title,
        meta: JSON.parse(row.meta),
        status: row.status,
        text: row.text,
        spans: spans.all(row.id).map((s) => ({
          id: s.id,
          start: s.start_offset,
          end: s.end_offset,
          label: s.label,
          text: slice(s.start_offset, s.end_offset),
          attrs: JSON.parse(s.attrs),
          annotator: s.annotator,
          created_at: s.created_at,
          updated_at: s.updated_at,
        })),
        relations: relations.all(row.id),
        labels: labels.all(row.id),
        created_at: row.created_at,
        updated_at: row.updated_at,
      }
      if (!out.write(`${JSON.stringify(record)}\n`)) await once(out, 'drain')
      written++
    }
  }
  out.end()
  await once(out, 'finish')
  db.close()
  return { documents: written }
}

/** The first page of the document list with span counts, as plain SQL on a raw database. */
export const RAW_LIST = `SELECT d.id, d.external_id AS externalId, d.title, d.status, (SELECT count(*) FROM spans s WHERE s.document_id = d.id) AS spans
  FROM documents d WHERE d.id > ? ORDER BY d.id LIMIT ?`

/** The single operations on a database made by `rawImport`, each as plain SQL. */
export function rawPoints(path) {
  const db = new Database(path)
  const list = db.prepare(RAW_LIST)
  const document = db.prepare(`SELECT id, external_id, title, text, meta, status, created_at, updated_at FROM documents WHERE id = ?`)
  const spans = db.prepare(`SELECT id, start_offset, end_offset, label, attrs, annotator, created_at, updated_at FROM spans
    WHERE document_id = ? ORDER BY start_offset, end_offset, id`)
  const nextId = db.prepare(`SELECT coalesce(max(id), 0) + 1 FROM spans WHERE document_id = ?`).pluck()
  const insert = db.prepare(`INSERT INTO spans VALUES (?, ?, ?, ?, 'Claim', '{}', 'bench', ?, ?)`)
  const remove = db.prepare(`DELETE FROM spans WHERE document_id = ? AND id = ?`)
  const add = db.transaction((documentId, start, end) => {
    const id = nextId.get(documentId)
    const now = new Date().toISOString()
    insert.run(documentId, id, start, end, now, now)
    return id
  })
  return {
    list: (limit) => list.all(0, limit),
    /** A document with its spans, as the JSON text a server would send. */
    load: (id) => {
      const row = document.get(id)
      const slice = slicer(row.text)
      const withText = spans.all(id).map((s) => ({ ...s, text: slice(s.start_offset, s.end_offset) }))
      return JSON.stringify({ ...row, meta: JSON.parse(row.meta), spans: withText })
    },
    add,
    remove: db.transaction((documentId, id) => remove.run(documentId, id)),
    close: () => db.close(),
  }
}

const [command, ...args] = import.meta.filename === process.argv[1] ? process.argv.slice(2) : []
if (command === 'import') process.stdout.write(`${JSON.stringify(rawImport(args[0], args.slice(1)))}\n`)
if (command === 'export') process.stdout.write(`${JSON.stringify(await rawExport(args[0], args[1]))}\n`)
if (command === 'list') {
  const db = new Database(args[0], { readonly: true })
  process.stdout.write(`${JSON.stringify(db.prepare(RAW_LIST).all(0, Number(args[1] ?? 200)).length)}\n`)
}
