/**
 * Types of the corpus as the world outside one process sees it: the JSONL export, the CLI, and (later) the
 * renderer. Every offset here counts Unicode code points, so Python's `text[start:end]` gives the span text.
 */

/** Where an analyst has got to with a document. */
export type DocumentStatus = 'todo' | 'done' | 'skipped'

/** All statuses, in the order they are shown. */
export const DOCUMENT_STATUSES: readonly DocumentStatus[] = ['todo', 'done', 'skipped']

/** What a label can be attached to: a span of text, a relation between two spans, or a whole document. */
export type LabelKind = 'span' | 'relation' | 'document'

/** All label kinds. */
export const LABEL_KINDS: readonly LabelKind[] = ['span', 'relation', 'document']

/** One entry of a corpus's label set. */
export interface LabelDefinition {
  name: string
  kind: LabelKind
  /** `#rrggbb`. */
  color: string
  /** One character pressed to apply the label, or null. */
  hotkey: string | null
  /** Guideline shown to analysts. */
  description: string
  /** For relation labels: span labels allowed at the head (null: any). */
  head: string[] | null
  /** For relation labels: span labels allowed at the child (null: any). */
  child: string[] | null
}

/** A span as exported: `[start, end)` in code points, with the text it covers. */
export interface ExportedSpan {
  id: number
  start: number
  end: number
  label: string
  text: string
  attrs: Record<string, unknown>
  annotator: string
  created_at: string
  updated_at: string
}

/** A relation as exported; `head` and `child` are span ids of the same document. */
export interface ExportedRelation {
  id: number
  head: number
  child: number
  label: string
  annotator: string
  created_at: string
  updated_at: string
}

/** A document-level label as exported. */
export interface ExportedDocumentLabel {
  label: string
  annotator: string
  created_at: string
}

/** One line of the JSONL export: a document with all its annotations. */
export interface ExportedDocument {
  id: string
  title: string
  meta: Record<string, unknown>
  status: DocumentStatus
  text: string
  spans: ExportedSpan[]
  relations: ExportedRelation[]
  labels: ExportedDocumentLabel[]
  created_at: string
  updated_at: string
}
