/**
 * The one contract between the editor and whoever owns the corpus: every operation the renderer may call, with
 * a zod schema for its argument, the type of its result and whether it writes. Electron's main process
 * registers each as an IPC handler, the preload exposes exactly these as `window.marginalia`, the browser
 * edition serves the same handlers over HTTP, and the renderer's client is built from the same names. Offsets
 * are code points, as everywhere outside one process.
 */
import { z } from 'zod'
import {
  spanAttrs,
  documentStatus,
  exportedRelation,
  exportedSpan,
  name,
  offset,
  rowId,
  timestamp,
  type DocumentStatus,
  type ExportedDocument,
  type ExportedDocumentLabel,
  type ExportedRelation,
  type ExportedSpan,
  type LabelDefinition,
} from './corpus-types'
import type { AgreementReport } from './agreement-report'
import { analystNameProblem } from './curation'
import { annotationWriteArgs, writeTogetherArgs, type WriteTogetherResult } from './annotation-writes'
import type { PackedDocument } from './packed-document'

/** The corpus as the editor first sees it. */
export interface CorpusSummary {
  /** File name of the corpus (never its full path). */
  name: string
  /** When the corpus was made (its copies keep it; '' if unknown): with `name`, what tells two corpora of one name apart. */
  madeAt: string
  /** Who the edits made from this editor are attributed to. */
  annotator: string
  /** Everyone who has annotated this corpus, by name. */
  annotators: string[]
  /** Why this corpus is open read-only (the file or its folder may not be written), or null if it may be edited. */
  readOnly: string | null
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
  /** The disagreements a curator settled as nothing, by `curationKey` (src/shared/curation.ts). */
  settledAsNothing: string[]
}

/** One place a search query occurs in a document, in code points, with the text around it. */
export interface SearchOccurrence {
  start: number
  end: number
  /** Up to a few dozen characters before the occurrence (starting with … if cut). */
  before: string
  /** The occurrence as it is in the text. */
  text: string
  /** Up to a few dozen characters after it (ending with … if cut). */
  after: string
  /** Set when the query was found in the note of span `spanId` (at [start, end)): where in the note. */
  inNote?: { before: string; text: string; after: string; spanId: number }
}

/** A document a search found: how many times the query occurs in its text, and where (the first ones). */
export interface SearchResult {
  documentId: number
  externalId: string
  title: string
  /** Occurrences in the text in all; 0 when only the title matched. */
  count: number
  /** The first occurrences, in reading order. */
  occurrences: SearchOccurrence[]
}

/**
 * What a search found. `order` says how `documents` are listed: `rank` is best first (FTS5's BM25), then, in the
 * corpus's order, the `unranked` last ones, which the index cannot rank (a word written there against characters of
 * a script without spaces, `core/search/unspaced.ts`, or found only in a span's note); `corpus` is
 * in the corpus's order, either because more than `RANKED_AT_MOST` documents match (ranking every one of them
 * would take too long: `tooManyToRank`) or because the query holds only what the word index cannot find
 * (emoji, punctuation, some scripts), which is found by reading the texts in order.
 */
export interface SearchAnswer {
  documents: SearchResult[]
  order: 'rank' | 'corpus'
  tooManyToRank: boolean
  /** With `order` 'rank': how many of the last `documents` are listed after the ranked ones, unranked. */
  unranked: number
  /** The query only leaves terms out (`NOT Kim`, `-Kim`): `documents` are those without them, with nothing to mark. */
  onlyExcluding: boolean
}

export { RANKED_AT_MOST } from './contract-values'

/** How far the analysts have got: documents by status (of those an annotator worked on, when asked for one). */
export interface Progress {
  documents: number
  documentsByStatus: Record<DocumentStatus, number>
}

/** Whether other programs have changed the corpus (see the `changesElsewhere` operation). */
export interface ChangesElsewhere {
  /** Grows by one each time the server notices that another program has committed to the corpus file. */
  version: number
  /**
   * The name edits are recorded under now: one per server (or app), so a page learns here that another tab of
   * the browser edition changed it.
   */
  annotator: string
  /**
   * True once the corpus file is no longer at the path it was opened from (moved, deleted, or replaced by another
   * file): nothing more can be written to it, and the page says so before a write finds out.
   */
  movedAway: boolean
}

/** A span removed, with the relations that went with it, so that undo can put both back. */
export interface RemovedSpan {
  span: ExportedSpan
  relations: ExportedRelation[]
}

/**
 * A span put back (`restoreSpan`), with those of its relations that came back too: not one whose other end is gone
 * since (removed by another analyst or window), which cannot.
 */
export interface RestoredSpan {
  span: ExportedSpan
  relations: ExportedRelation[]
}

/** Whether an operation only reads the corpus or writes to it (as one transaction). */
export type Effect = 'read' | 'write'

/** One operation: the schema of its argument, what it does to the corpus, and (as a type only) its result. */
export interface Operation<Args extends z.ZodType, Result> {
  args: Args
  effect: Effect
  /** Never set: carries the result type. */
  result?: Result
}

/** Declares an operation that reads: `reads<Result>()(schemaOfItsArgument)`. */
function reads<Result>() {
  return <Args extends z.ZodType>(args: Args): Operation<Args, Result> => ({ args, effect: 'read' })
}

/** Declares an operation that writes: `writes<Result>()(schemaOfItsArgument)`. */
function writes<Result>() {
  return <Args extends z.ZodType>(args: Args): Operation<Args, Result> => ({ args, effect: 'write' })
}

export type { CuratedThere } from './annotation-writes'

/** Every operation, by name. */
export const API = {
  corpus: reads<CorpusSummary>()(z.object({}).strict()),
  /** A page of the document list; with `annotator`, only documents that analyst annotated, with their spans counted. */
  listDocuments: reads<DocumentListItem[]>()(
    z
      .object({
        status: documentStatus.nullable(),
        annotator: name.nullable(),
        afterId: z.number().int().nonnegative(),
        limit: z.number().int().min(1).max(1000),
      })
      .strict(),
  ),
  /** Documents by status, of all or of those `annotator` annotated: "12 of 50 done". */
  progress: reads<Progress>()(z.object({ annotator: name.nullable() }).strict()),
  /** Changes who this editor's edits are attributed to (the app remembers it; the browser edition until it stops). */
  setAnalyst: reads<string>()(
    z
      .object({
        name: z
          .string()
          .max(200)
          .superRefine((value, context) => {
            const problem = analystNameProblem(value)
            if (problem !== null) context.addIssue({ code: 'custom', message: problem })
          }),
      })
      .strict(),
  ),
  /** A document with its annotations, the spans packed: read it with `readDocument` (src/shared/packed-document.ts). */
  openDocument: reads<PackedDocument>()(z.object({ documentId: rowId }).strict()),
  /** The row id of the document with this id (as in the JSONL), or null: to follow a document another program replaced. */
  findDocument: reads<number | null>()(z.object({ id: z.string().min(1).max(10_000) }).strict()),
  /** The next or previous document in the list, filtered as the list is: by status, and by an analyst's work. */
  neighbourDocument: reads<number | null>()(
    z.object({ documentId: rowId, direction: z.enum(['next', 'previous']), status: documentStatus.nullable(), annotator: name.nullable().optional() }).strict(),
  ),
  /** Adds a span by the analyst (or, with `curated`, to the curated layer; `curatedThere` as described at its schema in `annotation-writes.ts`). */
  addSpan: writes<ExportedSpan>()(annotationWriteArgs('addSpan')),
  /**
   * Sets a span's edges and label. With `unchangedSince` (an undo or a redo: the span's `updated_at` as that step
   * left it), refused if the span was changed since, by another analyst or window, rather than overwrite that.
   * `curatedThere` as for `addSpan`.
   */
  updateSpan: writes<ExportedSpan>()(annotationWriteArgs('updateSpan')),
  /** Replaces a span's attributes (`note`, `unsure`, the attributes its label declares, and any others it has); `unchangedSince` as for `updateSpan`, `curatedThere` as for `addSpan`. */
  setSpanAttrs: writes<ExportedSpan>()(annotationWriteArgs('setSpanAttrs')),
  /**
   * Removes a span and its relations. The editor (Delete, or an undo of its tagging) also gives `unchangedSince` (as
   * for `updateSpan`) and `relations`, the ids of the relations it may take with it: one made since by someone else
   * is not removed unasked, the removal is refused. `curatedThere` as for `addSpan`.
   */
  removeSpan: writes<RemovedSpan>()(annotationWriteArgs('removeSpan')),
  restoreSpan: writes<RestoredSpan>()(annotationWriteArgs('restoreSpan')),
  /** Adds a relation by the analyst (or, with `curated`, to the curated layer); `curatedThere` as for `addSpan`. */
  addRelation: writes<ExportedRelation>()(annotationWriteArgs('addRelation')),
  /** Removes a relation; `curatedThere` as for `addSpan`. */
  removeRelation: writes<ExportedRelation>()(annotationWriteArgs('removeRelation')),
  restoreRelation: writes<ExportedRelation>()(annotationWriteArgs('restoreRelation')),
  setDocumentLabel: writes<ExportedDocumentLabel[]>()(
    z.object({ documentId: rowId, label: name, on: z.boolean(), curated: z.boolean().optional() }).strict(),
  ),
  /** Settles a disagreement as nothing (no annotation there in the curated layer); `place` is its `curationKey`, `curatedThere` as for `addSpan`. Returns the document's places settled so. */
  settleAsNothing: writes<string[]>()(annotationWriteArgs('settleAsNothing')),
  /** Takes back a settling as nothing (undo, or settling it otherwise; `curatedThere` as for `addSpan`). Returns the document's places settled so. */
  unsettle: writes<string[]>()(annotationWriteArgs('unsettle')),
  /**
   * Several of the writes above to one document as one transaction: all are written, or none (the first refusal
   * refuses the whole call). A span's id may be given as `{ madeBy: i }`, the span write `i` of the call made or
   * put back, and `restoreSpan`'s relations as `{ removedBy: i }`, those write `i` took away. Answers each write's
   * answer, in order. The editor's steps of several writes (a curation's version accepted) are each one call.
   */
  writeTogether: writes<WriteTogetherResult>()(writeTogetherArgs),
  /**
   * Sets a document's status; with `unchangedFrom` (an undo or redo), only while the status is still that, so that
   * a status another analyst or window set since is not overwritten unseen.
   */
  setStatus: writes<DocumentStatus>()(z.object({ documentId: rowId, status: documentStatus, unchangedFrom: documentStatus.optional() }).strict()),
  /** Documents where every word or quoted phrase occurs (the last word also as a prefix), best first when there are not too many to rank, with their occurrences. */
  search: reads<SearchAnswer>()(z.object({ query: z.string().max(500), limit: z.number().int().min(1).max(200) }).strict()),
  /**
   * Every occurrence of a search query in one document (up to `OCCURRENCES_IN_ONE_DOCUMENT`), in reading order,
   * as `search` lists the first ones: what stepping through a document's occurrences goes on to; null if the
   * document is gone.
   */
  searchOccurrences: reads<SearchResult | null>()(z.object({ query: z.string().max(500), documentId: rowId }).strict()),
  /** Inter-annotator agreement (see docs/agreement.md); null arguments mean every label, every analyst. */
  agreement: reads<AgreementReport>()(z.object({ labels: z.array(name).nullable(), annotators: z.array(name).min(2).nullable() }).strict()),
  /** What the settled set (`export --curated-or-agreed`) leaves out and says so, as its notes: said where it is downloaded. */
  settledSetNotes: reads<string[]>()(z.object({}).strict()),
  /** Polled by the editor, so that what other programs write appears without a reload. */
  changesElsewhere: reads<ChangesElsewhere>()(z.object({}).strict()),
}

/** Name of an operation. */
export type OperationName = keyof typeof API

/** All operation names, in declaration order. */
export const OPERATION_NAMES = Object.keys(API) as OperationName[]

/** True if `value` names an operation of the contract. */
export function isOperationName(value: string): value is OperationName {
  return Object.hasOwn(API, value)
}

/** The argument an operation takes. */
export type ArgsOf<Name extends OperationName> = z.infer<(typeof API)[Name]['args']>

/** What an operation resolves to. */
export type ResultOf<Name extends OperationName> = Exclude<(typeof API)[Name]['result'], undefined>

/** The API as the renderer calls it: `window.marginalia` in Electron, an HTTP client in a browser. */
export type MarginaliaApi = { [Name in OperationName]: (args: ArgsOf<Name>) => Promise<ResultOf<Name>> }

/**
 * Why an operation failed, each kind with what it means. `invalid` and `unreachable` arise at the process
 * boundary; the others come from the corpus core.
 */
export const ERROR_KINDS = {
  invalid: 'the call does not match the contract (a bug in the caller, or a forged call)',
  rule: 'the change breaks a rule of the corpus (unknown label, offsets outside the text, span gone)',
  changed: 'the annotation was changed since the editor read it (by another analyst or window), and is not written over',
  input: 'a file given to import cannot be read or is not valid',
  file: 'the corpus file cannot be used as asked (missing, not a corpus, newer, tampered with, moved)',
  busy: 'another program kept the corpus locked for too long',
  readonly: 'the corpus cannot be written (open read-only, or no permission to write it or its folder)',
  full: 'the disk is full',
  corrupt: 'the corpus file is damaged',
  io: 'the operating system could not read or write the file',
  unreachable: 'the process that owns the corpus cannot be reached',
  internal: 'a fault in Marginalia itself',
} as const

/** Why an operation failed. */
export type ErrorKind = keyof typeof ERROR_KINDS

/**
 * What crosses the process boundary for one call: a value, or an error a person can read (`write`: for
 * `writeTogether`, the place in the call, from 0, of the write that failed; nothing of the call was written).
 */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: { kind: ErrorKind; message: string; write?: number } }

/** IPC channel of an operation; the one place channel names are made. */
export function channelOf(name: OperationName): string {
  return `marginalia:${name}`
}

/** What the preload exposes as `window.marginalia`: each operation, answering with an Outcome. */
export type MarginaliaBridge = { [Name in OperationName]: (args: ArgsOf<Name>) => Promise<Outcome<ResultOf<Name>>> }

/**
 * An object with one member per operation, made by `make`: how the preload, the renderer's client and the
 * IPC layer are derived from the contract instead of listing the operations again.
 */
export function perOperation<T extends { [Name in OperationName]: unknown }>(make: (name: OperationName) => unknown): T {
  return Object.fromEntries(OPERATION_NAMES.map((name) => [name, make(name)])) as T
}
