/**
 * The one contract between the editor and whoever owns the corpus: every operation the renderer may call, with
 * a zod schema for its argument and the type of its result. Electron's main process registers each as an IPC
 * handler, the preload exposes exactly these as `window.marginalia`, and the browser edition serves the same
 * handlers over HTTP. Offsets are code points, as everywhere outside one process.
 */
import { z } from 'zod'
import type {
  DocumentStatus,
  ExportedDocument,
  ExportedDocumentLabel,
  ExportedRelation,
  ExportedSpan,
  LabelDefinition,
} from './corpus-types'

const rowId = z.number().int().positive()
const offset = z.number().int().nonnegative()
const status = z.enum(['todo', 'done', 'skipped'])
const labelName = z.string().min(1).max(200)
const timestamp = z.string().max(40)

/** The corpus as the editor first sees it. */
export interface CorpusSummary {
  /** File name of the corpus (never its full path). */
  name: string
  /** Who the edits made from this editor are attributed to. */
  annotator: string
  labels: LabelDefinition[]
  documents: number
  documentsByStatus: Record<DocumentStatus, number>
}

/** One row of the document list. */
export interface DocumentListItem {
  id: number
  externalId: string
  title: string
  status: DocumentStatus
  spans: number
}

/** A document opened in the editor: the export record plus its row id. */
export interface DocumentView extends ExportedDocument {
  rowId: number
}

/** A full-text search hit; `match` locates the first matching word in code points. */
export interface SearchHit {
  documentId: number
  externalId: string
  title: string
  /** Text around the match, with the match between `\u0001` and `\u0002`. */
  snippet: string
  match: { start: number; end: number } | null
}

/** A span removed, with the relations that went with it, so that undo can put both back. */
export interface RemovedSpan {
  span: ExportedSpan
  relations: ExportedRelation[]
}

const exportedSpan = z.object({
  id: rowId,
  start: offset,
  end: offset,
  label: labelName,
  text: z.string(),
  attrs: z.record(z.string(), z.unknown()),
  annotator: labelName,
  created_at: timestamp,
  updated_at: timestamp,
})

const exportedRelation = z.object({
  id: rowId,
  head: rowId,
  child: rowId,
  label: labelName,
  annotator: labelName,
  created_at: timestamp,
  updated_at: timestamp,
})

/** Declares one operation returning `Result`: `operation<Result>()(schemaOfItsArgument)`. */
function operation<Result>() {
  return <Args extends z.ZodType>(args: Args): { args: Args; result?: Result } => ({ args })
}

/** Every operation, by name. */
export const API = {
  corpus: operation<CorpusSummary>()(z.object({}).strict()),
  listDocuments: operation<DocumentListItem[]>()(
    z.object({ status: status.nullable(), afterId: z.number().int().nonnegative(), limit: z.number().int().min(1).max(1000) }).strict(),
  ),
  openDocument: operation<DocumentView>()(z.object({ documentId: rowId }).strict()),
  neighbourDocument: operation<number | null>()(
    z.object({ documentId: rowId, direction: z.enum(['next', 'previous']), status: status.nullable() }).strict(),
  ),
  addSpan: operation<ExportedSpan>()(z.object({ documentId: rowId, start: offset, end: offset, label: labelName }).strict()),
  updateSpan: operation<ExportedSpan>()(
    z.object({ documentId: rowId, spanId: rowId, start: offset, end: offset, label: labelName }).strict(),
  ),
  removeSpan: operation<RemovedSpan>()(z.object({ documentId: rowId, spanId: rowId }).strict()),
  restoreSpan: operation<ExportedSpan>()(
    z.object({ documentId: rowId, span: exportedSpan, relations: z.array(exportedRelation).max(10_000) }).strict(),
  ),
  addRelation: operation<ExportedRelation>()(
    z.object({ documentId: rowId, head: rowId, child: rowId, label: labelName }).strict(),
  ),
  removeRelation: operation<ExportedRelation>()(z.object({ documentId: rowId, relationId: rowId }).strict()),
  restoreRelation: operation<ExportedRelation>()(z.object({ documentId: rowId, relation: exportedRelation }).strict()),
  setDocumentLabel: operation<ExportedDocumentLabel[]>()(
    z.object({ documentId: rowId, label: labelName, on: z.boolean() }).strict(),
  ),
  setStatus: operation<DocumentStatus>()(z.object({ documentId: rowId, status }).strict()),
  search: operation<SearchHit[]>()(z.object({ query: z.string().max(500), limit: z.number().int().min(1).max(200) }).strict()),
}

/** Name of an operation. */
export type OperationName = keyof typeof API

/** All operation names, in declaration order. */
export const OPERATION_NAMES = Object.keys(API) as OperationName[]

/** The argument an operation takes. */
export type ArgsOf<Name extends OperationName> = z.infer<(typeof API)[Name]['args']>

/** What an operation resolves to. */
export type ResultOf<Name extends OperationName> = Exclude<(typeof API)[Name]['result'], undefined>

/** The API as the renderer calls it: `window.marginalia` in Electron, an HTTP client in a browser. */
export type MarginaliaApi = { [Name in OperationName]: (args: ArgsOf<Name>) => Promise<ResultOf<Name>> }

/** What crosses the process boundary for one call: a value, or an error a person can read. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: { kind: 'invalid' | 'rule' | 'storage'; message: string } }

/** IPC channel of an operation; the one place channel names are made. */
export function channelOf(name: OperationName): string {
  return `marginalia:${name}`
}

/** What the preload exposes as `window.marginalia`: each operation, answering with an Outcome. */
export type MarginaliaBridge = { [Name in OperationName]: (args: ArgsOf<Name>) => Promise<Outcome<ResultOf<Name>>> }
