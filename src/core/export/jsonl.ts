/**
 * The JSONL export: one JSON object per document per line, offsets in code points. Documents and their
 * annotations are read in pages, so memory stays flat however large the corpus is.
 */
import type { Writable } from 'node:stream'
import type { DocumentStatus, ExportedDocument, ExportedSpan, SettledAsNothing } from '../../shared/corpus-types'
import { analystName, CURATED, declaredAttributesOf, type DeclaredAttributes } from '../../shared/curation'
import { OffsetIndex, sliceCodePoints } from '../../shared/offsets'
import { packSpans, type PackedDocument } from '../../shared/packed-document'
import { CorpusError } from '../errors'
import type { DocumentLabelRow } from '../store/document-labels'
import type { DocumentRow } from '../store/documents'
import type { CorpusReader } from '../store/reader'
import type { RelationRow } from '../store/relations'
import type { SpanRow } from '../store/spans'
import { jsonLine } from './json-line'
import { LineBuffer } from './line-buffer'
import { settledDocument, type SettledTold } from './settled'
import { countedIn } from '../../shared/text'

/** Which documents and annotations an export writes, and, with `settled`, who is told what the settled set leaves out. Unset fields do not filter. */
export interface ExportFilter extends SettledTold {
  /** Only documents with one of these statuses. */
  statuses?: readonly DocumentStatus[]
  /** Only annotations (spans, relations, document labels) with one of these label names. */
  labels?: readonly string[]
  /** Only annotations made by one of these annotators. */
  annotators?: readonly string[]
  /** The settled set only: the curated layer where it has spoken, elsewhere what every analyst agreed on. */
  settled?: boolean
}

/**
 * How many documents an export reads at a time. A page's rows live until its last document is written, long
 * enough for the garbage collector to move them to the old generation, which it then lets grow several times
 * over before sweeping: 256 documents a page put an export's peak memory at 130 or 210 MB from one run to the
 * next; 64 keep it at 126-131 MB, at the same speed.
 */
const PAGE_SIZE = 64

/**
 * The page cache (MiB) to open a corpus with only to export it: the export reads each page of the file once,
 * so a large cache would only hold memory that grows with the corpus up to its size.
 */
export const EXPORT_CACHE_MIB = 8

/** A stored span as exported, with the text it covers (`index` is the offset index of `text`). */
export function exportSpan(span: SpanRow, text: string, index = new OffsetIndex(text)): ExportedSpan {
  return spanCovering(span, sliceCodePoints(text, index, span.start_offset, span.end_offset))
}

/** A span as exported, given the text it covers (read however the caller reads it). */
export function spanCovering(span: SpanRow, covered: string): ExportedSpan {
  return {
    id: span.id,
    start: span.start_offset,
    end: span.end_offset,
    label: span.label,
    text: covered,
    attrs: JSON.parse(span.attrs) as Record<string, unknown>,
    annotator: span.annotator,
    created_at: span.created_at,
    updated_at: span.updated_at,
  }
}

/** The annotations of one document, as read from the corpus. */
interface StoredAnnotations {
  spans: readonly SpanRow[]
  relations: readonly RelationRow[]
  labels: readonly DocumentLabelRow[]
  settledAsNothing: readonly SettledAsNothing[]
}

/** A stored document with its annotations, as one export record, keeping only what `filter` allows. */
export function exportDocument(corpus: CorpusReader, row: DocumentRow, filter: ExportFilter = {}): ExportedDocument {
  const stored = { spans: corpus.spansOf(row.id), relations: corpus.relationsOf(row.id), labels: corpus.documentLabelsOf(row.id), settledAsNothing: corpus.curationDecisions(row.id) }
  return exportRecord(row, stored, filter, declaredAttributesOf(corpus.labels()))
}

/**
 * `row` as the editor is sent it: the export record with its spans packed (src/shared/packed-document.ts),
 * so the covered texts are neither cut out here nor sent.
 */
export function packedDocument(corpus: CorpusReader, row: DocumentRow): Omit<PackedDocument, 'rowId' | 'settledAsNothing'> {
  const { settled_as_nothing: _settled, ...record } = exportRecord(row, { spans: [], relations: [], labels: [], settledAsNothing: [] }, {}) // the document's own fields
  return { ...record, spans: packSpans(corpus.spanValuesOf(row.id)), relations: corpus.relationsOf(row.id), labels: corpus.documentLabelsOf(row.id) }
}

/** `row` and its stored annotations as one export record, keeping only what `filter` allows. */
function exportRecord(row: DocumentRow, stored: StoredAnnotations, filter: ExportFilter, declared: DeclaredAttributes = () => []): ExportedDocument {
  // Only a document with spans needs the index (the editor's packed answer asks for the fields alone).
  const index = stored.spans.length === 0 ? undefined : new OffsetIndex(row.text)
  const whole: ExportedDocument = {
    id: row.external_id,
    title: row.title,
    meta: JSON.parse(row.meta) as Record<string, unknown>,
    status: row.status,
    text: row.text,
    spans: stored.spans.map((span) => exportSpan(outsideTextRefused(row, span, index!), row.text, index)),
    relations: stored.relations as RelationRow[],
    labels: stored.labels as DocumentLabelRow[],
    ...(stored.settledAsNothing.length > 0 ? { settled_as_nothing: stored.settledAsNothing as SettledAsNothing[] } : {}),
    created_at: row.created_at,
    updated_at: row.updated_at,
  }
  return filterAnnotations(filter.settled ? settledDocument(whole, declared, filter) : whole, filter)
}

/**
 * `span`, unless its offsets are not within `row`'s text (a file damaged or written by another program):
 * then the export is refused with what is wrong and where, as `check` reports it.
 */
function outsideTextRefused(row: DocumentRow, span: SpanRow, index: OffsetIndex): SpanRow {
  if (span.start_offset >= 0 && span.start_offset < span.end_offset && span.end_offset <= index.length) return span
  throw new CorpusError(
    'corrupt',
    `document "${row.external_id}": span ${span.id} [${span.start_offset}, ${span.end_offset}) is not within its text ` +
      `(${countedIn(index.length, 'code points')}), so it cannot be exported; marginalia check lists every such problem`,
  )
}

/** `document` with only the annotations whose label and annotator `filter` allows (and relations between them). */
function filterAnnotations(document: ExportedDocument, filter: ExportFilter): ExportedDocument {
  const keep = (annotation: { label: string; annotator: string }): boolean =>
    (filter.labels === undefined || filter.labels.includes(annotation.label)) &&
    (filter.annotators === undefined || filter.annotators.includes(analystName(annotation.annotator)))
  const spans = document.spans.filter(keep)
  const ids = new Set(spans.map((span) => span.id))
  // The curator's settlings as nothing belong to the curated layer: kept where the export has it (not in the settled set).
  const { settled_as_nothing: settled, ...rest } = document
  const curatedKept = !filter.settled && (filter.annotators === undefined || filter.annotators.includes(CURATED))
  return {
    ...rest,
    ...(settled !== undefined && curatedKept ? { settled_as_nothing: settled } : {}),
    spans,
    relations: document.relations.filter((relation) => keep(relation) && ids.has(relation.head) && ids.has(relation.child)),
    labels: document.labels.filter(keep),
  }
}

/**
 * Every document `filter` selects, in corpus order, read a page at a time: the page's documents in one query
 * and their spans, relations and labels in one query each (by row id range), so a page costs four queries
 * however many documents it holds. The records are those `exportDocument` makes one document at a time.
 */
export function* exportDocuments(corpus: CorpusReader, filter: ExportFilter = {}): Generator<ExportedDocument> {
  let afterId = 0
  const declared = declaredAttributesOf(corpus.labels()) // what settles a place in the settled set
  for (;;) {
    const page = corpus.documentsAfter(afterId, PAGE_SIZE, filter.statuses)
    if (page.length === 0) return
    const first = page[0].id
    const last = page[page.length - 1].id
    const { spans, relations, labels, settledAsNothing } = corpus.annotationsOfDocuments(first, last)
    const named = namesRefusedIfMissing(page)
    const spansOf = byDocument(spans, (span) => named('span', span))
    const relationsOf = byDocument(relations, (row) => {
      const { document_id: _, ...relation } = named('relation', row)
      return relation
    })
    const labelsOf = byDocument(labels, (row) => {
      const { document_id: _, ...label } = named('document label', row)
      return label
    })
    const settledOf = byDocument(settledAsNothing, ({ document_id: _, ...decision }) => decision)
    for (const row of page) {
      yield exportRecord(row, { spans: spansOf(row.id), relations: relationsOf(row.id), labels: labelsOf(row.id), settledAsNothing: settledOf(row.id) }, filter, declared)
    }
    afterId = last
  }
}

/**
 * A check of the annotations of `page`'s documents: each is returned as it is, unless its label or analyst row
 * is missing (read through outer joins: a file another program changed with its foreign keys off), which
 * refuses the export, naming the document and the annotation, as `check` lists them; never left out unsaid.
 */
function namesRefusedIfMissing(page: readonly DocumentRow[]) {
  const externalIds = new Map(page.map((row) => [row.id, row.external_id]))
  return <T extends { document_id: number; label: string | null; annotator: string | null; id?: number }>(kind: string, annotation: T): T => {
    if (annotation.label !== null && annotation.annotator !== null) return annotation
    const which = annotation.id === undefined ? `a ${kind}` : `${kind} ${annotation.id}`
    const missing = annotation.label === null ? 'a label' : 'an analyst'
    throw new CorpusError(
      'corrupt',
      `document "${externalIds.get(annotation.document_id)}": ${which} names ${missing} the corpus does not hold (its row is missing), ` +
        'so it cannot be exported; marginalia check lists every such problem',
    )
  }
}

/**
 * `rows` (ordered by document) grouped by document, each made into what the export holds by `shape`: a
 * lookup from a document's row id to its rows, empty for a document with none.
 */
function byDocument<R extends { document_id: number }, T>(rows: readonly R[], shape: (row: R) => T): (documentId: number) => T[] {
  const groups = new Map<number, T[]>()
  for (const row of rows) {
    const group = groups.get(row.document_id)
    if (group === undefined) groups.set(row.document_id, [shape(row)])
    else group.push(shape(row))
  }
  return (documentId) => groups.get(documentId) ?? []
}

/**
 * Resolves once `out` can take more; rejects if it fails or closes first (a reader that went away), so that
 * an export never waits forever.
 */
export function drained(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error): void => {
      out.off('drain', onDrain)
      out.off('error', onError)
      out.off('close', onClose)
      if (error === undefined) resolve()
      else reject(error)
    }
    const onDrain = (): void => done()
    const onError = (error: Error): void => done(error)
    const onClose = (): void => done(Object.assign(new Error('the output was closed before the export was complete'), { code: 'EPIPE' }))
    out.on('drain', onDrain)
    out.on('error', onError)
    out.on('close', onClose)
  })
}

/** The export was stopped by its signal. */
export class ExportStoppedError extends Error {
  constructor() {
    super('export stopped')
    this.name = 'ExportStoppedError'
  }
}

/** What a caller may do to a running export: stop it, and hear how far it has come. */
export interface ExportControl {
  /** Aborted: the export stops with ExportStoppedError. */
  signal?: AbortSignal
  /** Called after each page of documents with the documents written so far and how many the filter selects. */
  onProgress?: (done: number, total: number) => void
}

/** How many documents `filter` selects (its label, annotator and settled choices keep documents, only thinning them). */
function documentsSelected(corpus: CorpusReader, filter: ExportFilter): number {
  const { documents, documentsByStatus } = corpus.documentCounts()
  if (filter.statuses === undefined) return documents
  return [...new Set(filter.statuses)].reduce((sum, status) => sum + documentsByStatus[status], 0)
}

/**
 * Writes the export to `out` as JSONL, a large buffer at a time (see `LineBuffer`), waiting whenever the
 * stream asks to; returns the number of lines. Stops with ExportStoppedError when `control.signal` is aborted.
 */
export async function writeJsonl(corpus: CorpusReader, out: Writable, filter: ExportFilter = {}, control: ExportControl = {}): Promise<number> {
  const { signal, onProgress } = control
  const total = onProgress === undefined ? 0 : documentsSelected(corpus, filter)
  const lines = new LineBuffer(out)
  for (const document of exportDocuments(corpus, filter)) {
    if (signal?.aborted) throw new ExportStoppedError()
    if (!lines.add(jsonLine(document))) await drained(out)
    if (onProgress !== undefined && lines.count % PAGE_SIZE === 0) onProgress(lines.count, total)
  }
  if (!lines.flush()) await drained(out)
  onProgress?.(lines.count, total)
  return lines.count
}
