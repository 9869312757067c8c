/**
 * `marginalia check`: SQLite's own integrity checks plus the corpus's rules that SQL cannot state (offsets
 * inside the text in code points, label kinds, stored lengths and hashes matching the text).
 */
import { schemaVersion } from './migrations'
import { OffsetIndex } from '../../shared/offsets'
import { textHash, type Corpus } from './store'

/** What `checkCorpus` found; the corpus is sound when `problems` is empty. */
export interface CheckReport {
  schemaVersion: number
  documents: number
  problems: string[]
}

const PAGE_SIZE = 256

/** Looks for everything that can be wrong with an open corpus and lists it. */
export function checkCorpus(corpus: Corpus): CheckReport {
  const { db } = corpus
  const problems: string[] = []
  for (const row of db.pragma('integrity_check') as { integrity_check: string }[]) {
    if (row.integrity_check !== 'ok') problems.push(`SQLite integrity check: ${row.integrity_check}`)
  }
  for (const row of db.pragma('foreign_key_check') as { table: string; rowid: number | null; parent: string }[]) {
    problems.push(`a row of ${row.table} points at a missing row of ${row.parent}`)
  }
  const wrongKinds = db
    .prepare(
      `SELECT 'span' AS kind, s.document_id AS document, s.id AS id, l.name AS label, l.kind AS actual
         FROM spans s JOIN labels l ON l.id = s.label_id WHERE l.kind <> 'span'
       UNION ALL
       SELECT 'relation', r.document_id, r.id, l.name, l.kind
         FROM relations r JOIN labels l ON l.id = r.label_id WHERE l.kind <> 'relation'
       UNION ALL
       SELECT 'document', d.document_id, 0, l.name, l.kind
         FROM document_labels d JOIN labels l ON l.id = d.label_id WHERE l.kind <> 'document'`,
    )
    .all() as { kind: string; document: number; id: number; label: string; actual: string }[]
  for (const row of wrongKinds) {
    problems.push(`document row ${row.document}: a ${row.kind} label use names "${row.label}", a ${row.actual} label`)
  }

  const spanEnds = db.prepare(`SELECT id, start_offset, end_offset FROM spans WHERE document_id = ? AND end_offset > ?`)
  let documents = 0
  let afterId = 0
  for (;;) {
    const page = corpus.documentsAfter(afterId, PAGE_SIZE)
    if (page.length === 0) break
    for (const document of page) {
      documents++
      const name = `document "${document.external_id}"`
      if (!document.text.isWellFormed()) problems.push(`${name}: its text is not well-formed Unicode`)
      const length = new OffsetIndex(document.text).length
      if (length !== document.length) {
        problems.push(`${name}: stored length ${document.length} but the text has ${length} code points`)
      }
      if (textHash(document.text) !== document.text_sha256) problems.push(`${name}: text_sha256 does not match its text`)
      for (const span of spanEnds.all(document.id, length) as { id: number; start_offset: number; end_offset: number }[]) {
        problems.push(
          `${name}: span ${span.id} [${span.start_offset}, ${span.end_offset}) ends past the text (${length} code points)`,
        )
      }
    }
    afterId = page[page.length - 1].id
  }
  return { schemaVersion: schemaVersion(db), documents, problems }
}
