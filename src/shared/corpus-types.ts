/**
 * Types of the corpus as the world outside one process sees it: the JSONL export, the CLI and the renderer.
 * Each exported record is declared once, as a zod schema (which the API contract validates with), and its
 * TypeScript type is derived from it. Every offset here counts Unicode code points, so Python's
 * `text[start:end]` gives the span text.
 */
import { z } from 'zod'

/** Where an analyst has got to with a document, in the order they are shown. */
export const DOCUMENT_STATUSES = ['todo', 'done', 'skipped'] as const

/** Where an analyst has got to with a document. */
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number]

/** Schema of a document status. */
export const documentStatus = z.enum(DOCUMENT_STATUSES)

/** What a label can be attached to: a span of text, a relation between two spans, or a whole document. */
export const LABEL_KINDS = ['span', 'relation', 'document'] as const

/** What a label can be attached to. */
export type LabelKind = (typeof LABEL_KINDS)[number]

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
  /** For span labels: the attributes its spans may carry, each a choice list (none if absent). */
  attributes?: LabelAttribute[]
}

/** An attribute a span label declares, such as a claim's `checkworthy: yes|no`: a name and its values. */
export interface LabelAttribute {
  name: string
  values: string[]
}

/** A label colour as stored and drawn: `#rrggbb`, nothing else (it ends up in a `style`). */
export const HEX_COLOR = /^#[0-9a-fA-F]{6}$/

/** The grey drawn for a label whose colour is missing or not `#rrggbb` (a corpus file is untrusted). */
export const FALLBACK_COLOR = '#888888'

/** `color` if it is `#rrggbb`, otherwise the fallback grey. */
export function safeColor(color: string | undefined): string {
  return color !== undefined && HEX_COLOR.test(color) ? color : FALLBACK_COLOR
}

/**
 * The largest id a span or relation may have (and the largest row id the contract takes): far below 2^53, so
 * that the next id is always a safe integer, and within what every tool we exchange files with can hold.
 */
export const MAX_ID = 2 ** 31 - 1

/** Row id of a document, or id of a span or relation within its document. */
export const rowId = z.number().int().positive().max(MAX_ID)

/** An offset into a text, in code points. */
export const offset = z.number().int().nonnegative()

/** The name of a label or an annotator. */
export const name = z.string().min(1).max(200)

/** A time as stored and exported: ISO 8601 with a time zone (`2024-05-01T09:30:00.000Z`). */
export const timestamp = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date and time with a time zone' })

/** The attributes the editor sets on a span: a free-text note and the "unsure" flag (see SpanAttributes). */
export const SPAN_NOTE = 'note'
export const SPAN_UNSURE = 'unsure'

/**
 * Schema of a span's attributes as the editor writes them: `note` (free text), `unsure` (a flag), the
 * attributes its label declares, and whatever else an import brought, kept as it came. At most 64 KiB.
 */
export const spanAttrs = z
  .looseObject({ [SPAN_NOTE]: z.string().max(10_000).optional(), [SPAN_UNSURE]: z.boolean().optional() })
  .refine((attrs) => JSON.stringify(attrs).length <= 65_536, 'must be at most 64 KiB as JSON')

/** Schema of a span as exported: `[start, end)` in code points, with the text it covers. */
export const exportedSpan = z.object({
  id: rowId,
  start: offset,
  end: offset,
  label: name,
  text: z.string(),
  attrs: z.record(z.string(), z.unknown()),
  annotator: name,
  created_at: timestamp,
  updated_at: timestamp,
})

/** A span as exported: `[start, end)` in code points, with the text it covers. */
export type ExportedSpan = z.infer<typeof exportedSpan>

/** Schema of a relation as exported; `head` and `child` are span ids of the same document. */
export const exportedRelation = z.object({
  id: rowId,
  head: rowId,
  child: rowId,
  label: name,
  annotator: name,
  created_at: timestamp,
  updated_at: timestamp,
})

/** A relation as exported; `head` and `child` are span ids of the same document. */
export type ExportedRelation = z.infer<typeof exportedRelation>

/** Schema of a document-level label as exported. */
export const exportedDocumentLabel = z.object({ label: name, annotator: name, created_at: timestamp })

/** A document-level label as exported. */
export type ExportedDocumentLabel = z.infer<typeof exportedDocumentLabel>

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
