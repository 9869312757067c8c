/** Counts over a corpus: documents by status, annotations by label and annotator. */
import type { DocumentStatus } from '../../shared/corpus-types'
import { DOCUMENT_STATUSES } from '../../shared/corpus-types'
import { schemaVersion } from './migrations'
import type { Corpus } from './store'

/** One count of annotations for a label by an annotator. */
export interface LabelCount {
  label: string
  annotator: string
  count: number
}

/** Figures describing a corpus. */
export interface CorpusStats {
  schemaVersion: number
  documents: number
  documentsByStatus: Record<DocumentStatus, number>
  spans: number
  spansByLabel: LabelCount[]
  relations: number
  relationsByLabel: LabelCount[]
  documentLabels: number
  documentLabelsByLabel: LabelCount[]
}

function countsBy(corpus: Corpus, table: 'spans' | 'relations' | 'document_labels'): LabelCount[] {
  return corpus.db
    .prepare(
      `SELECT l.name AS label, a.name AS annotator, count(*) AS count
       FROM ${table} t JOIN labels l ON l.id = t.label_id JOIN annotators a ON a.id = t.annotator_id
       GROUP BY t.label_id, t.annotator_id ORDER BY l.position, a.name`,
    )
    .all() as LabelCount[]
}

/** Documents by status (every status present, zero or more) and in all. */
export function documentCounts(corpus: Corpus): { documents: number; documentsByStatus: Record<DocumentStatus, number> } {
  const documentsByStatus = Object.fromEntries(DOCUMENT_STATUSES.map((status) => [status, 0])) as Record<DocumentStatus, number>
  const rows = corpus.db.prepare(`SELECT status, count(*) AS count FROM documents GROUP BY status`).all() as {
    status: DocumentStatus
    count: number
  }[]
  for (const row of rows) documentsByStatus[row.status] = row.count
  return { documents: rows.reduce((sum, row) => sum + row.count, 0), documentsByStatus }
}

/** Computes the figures `marginalia stats` prints. */
export function corpusStats(corpus: Corpus): CorpusStats {
  const total = (counts: LabelCount[]): number => counts.reduce((sum, c) => sum + c.count, 0)
  const spansByLabel = countsBy(corpus, 'spans')
  const relationsByLabel = countsBy(corpus, 'relations')
  const documentLabelsByLabel = countsBy(corpus, 'document_labels')
  return {
    schemaVersion: schemaVersion(corpus.db),
    ...documentCounts(corpus),
    spans: total(spansByLabel),
    spansByLabel,
    relations: total(relationsByLabel),
    relationsByLabel,
    documentLabels: total(documentLabelsByLabel),
    documentLabelsByLabel,
  }
}
