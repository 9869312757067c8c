/**
 * Types of the corpus as the world outside one process sees it: the JSONL export, the CLI and the renderer.
 * Each exported record is declared once, as a zod schema (which the API contract validates with), and its
 * TypeScript type is derived from it. Every offset here counts Unicode code points, so Python's
 * `text[start:end]` gives the span text.
 */
import { z } from 'zod'
import { DOCUMENT_STATUSES, HEX_COLOR, NOTE_MAX_LENGTH, SPAN_NOTE, SPAN_UNSURE } from './contract-values'
import { MAX_NESTING, nestsWithin } from './nesting'
import { codePointLength } from './offsets'

export { DOCUMENT_STATUSES, FALLBACK_COLOR, HEX_COLOR, safeColor, SPAN_NOTE, SPAN_UNSURE } from './contract-values'

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

/**
 * Schema of the attributes a span label declares: at most 20, each a name (not `note` or `unsure`, which every
 * span has) with 1 to 50 distinct values, names and values 1 to 64 characters.
 */
export const labelAttributes = z
  .array(
    z.object({
      name: z
        .string()
        .trim()
        .min(1, 'must not be empty')
        .max(64, 'must be at most 64 characters')
        .refine((n) => n !== SPAN_NOTE && n !== SPAN_UNSURE, `must not be "${SPAN_NOTE}" or "${SPAN_UNSURE}", which every span has`),
      values: z
        .array(z.string().trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters'))
        .min(1, 'must list at least one value')
        .max(50, 'must list at most 50 values')
        .refine((values) => new Set(values).size === values.length, 'must not repeat a value'),
    }).strict(),
  )
  .max(20, 'must declare at most 20 attributes')
  .refine((list) => new Set(list.map((a) => a.name)).size === list.length, 'must not declare an attribute twice')

/**
 * Schema of a span's attributes as the editor writes them: `note` (free text), `unsure` (a flag), the
 * attributes its label declares, and whatever else an import brought, kept as it came. At most 64 KiB.
 */
export const spanAttrs = z
  .looseObject({ [SPAN_NOTE]: z.string().refine((note) => codePointLength(note) <= NOTE_MAX_LENGTH, `must be at most ${NOTE_MAX_LENGTH.toLocaleString('en')} characters (code points)`).optional(), [SPAN_UNSURE]: z.boolean().optional() })
  .refine((attrs) => nestsWithin(attrs, MAX_NESTING), `must not be nested more than ${MAX_NESTING} levels deep (every format could not carry it)`)
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
  /**
   * The disagreements a curator settled as nothing (the curated layer stays empty there, on purpose), each by its
   * place key (`place:12-42`, or `relation:` and what it joins); written only when there are some.
   */
  settled_as_nothing?: SettledAsNothing[]
  created_at: string
  updated_at: string
}

/** A disagreement a curator settled as nothing: its place key, who settled it, and when. */
export interface SettledAsNothing {
  place: string
  annotator: string
  created_at: string
}
