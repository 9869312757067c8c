/**
 * `marginalia check`: SQLite's own integrity checks plus the corpus's rules that SQL cannot state (offsets
 * inside the text in code points, label kinds, stored lengths and hashes matching the text).
 */
import { OffsetIndex } from '../../shared/offsets'
import { textHash } from '../store/documents'
import type { CorpusReader } from '../store/reader'

/** What `checkCorpus` found; the corpus is sound when `problems` is empty. */
export interface CheckReport {
  schemaVersion: number
  documents: number
  problems: string[]
}

const PAGE_SIZE = 256

/** Looks for everything that can be wrong with an open corpus and lists it. */
export function checkCorpus(corpus: CorpusReader): CheckReport {
  const problems = corpus.sqliteProblems()
  for (const row of corpus.wrongLabelKinds()) {
    problems.push(`document row ${row.document}: a ${row.kind} label use names "${row.label}", a ${row.actual} label`)
  }
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
      for (const span of corpus.spansEndingPast(document.id, length)) {
        problems.push(
          `${name}: span ${span.id} [${span.start_offset}, ${span.end_offset}) ends past the text (${length} code points)`,
        )
      }
    }
    afterId = page[page.length - 1].id
  }
  return { schemaVersion: corpus.schemaVersion(), documents, problems }
}
