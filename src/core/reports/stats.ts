/** Counts over a corpus: documents by status, annotations by label and annotator. */
import type { DocumentStatus } from '../../shared/corpus-types'
import type { CorpusReader } from '../store/reader'
import type { LabelCount } from '../store/reports'

export type { LabelCount }

/** Figures describing a corpus. */
export interface CorpusStats {
  /** The schema version of the file itself. */
  fileSchemaVersion: number
  /** The version it is read as (higher for an older file, upgraded in memory when read). */
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

/** Computes the figures `marginalia stats` prints. */
export function corpusStats(corpus: CorpusReader): CorpusStats {
  const total = (counts: LabelCount[]): number => counts.reduce((sum, c) => sum + c.count, 0)
  const spansByLabel = corpus.countsBy('spans')
  const relationsByLabel = corpus.countsBy('relations')
  const documentLabelsByLabel = corpus.countsBy('document_labels')
  return {
    fileSchemaVersion: corpus.fileSchemaVersion,
    schemaVersion: corpus.schemaVersion(),
    ...corpus.documentCounts(),
    spans: total(spansByLabel),
    spansByLabel,
    relations: total(relationsByLabel),
    relationsByLabel,
    documentLabels: total(documentLabelsByLabel),
    documentLabelsByLabel,
  }
}
