/**
 * Writing documents as W3C Web Annotations (https://www.w3.org/TR/annotation-model/): per document, one
 * annotation carrying its text, one per span, one per relation and one per document label, each a complete
 * annotation with its own `@context`, `id` and `type`. Either as one `AnnotationCollection` whose single
 * embedded `AnnotationPage` lists them (`w3c`), or one annotation per line (`w3c-jsonl`).
 *
 * Mapping (see docs/formats/w3c.md):
 * - a document: an annotation `motivation: describing` whose body is a `TextualBody` holding the whole text
 *   (`format: text/plain`) and whose target is the document's IRI; its id, title, status and meta in the
 *   extension property `marginalia:document`; `created`/`modified` are the document's times;
 * - a span: `motivation: tagging`, a `TextualBody` `purpose: tagging` whose value is the label (and a second,
 *   `purpose: commenting`, for a string `attrs.note`), a `SpecificResource` target on the document with a
 *   `TextPositionSelector` (code points) and a `TextQuoteSelector` (exact, and up to 32 code points of prefix
 *   and suffix), `creator`, `created`, `modified`; its id and attrs in `marginalia:span`; what a span read from
 *   another tool's annotation kept of it (`attrs.w3c`: `generator`, `rights`, its other bodies and selectors, a
 *   body's `language`, a target's `state`..., its IRI as `via`) written back where it was (`w3c-write-back.ts`);
 * - a relation: `motivation: linking`, a `TextualBody` `purpose: linking` whose value is the label, the two
 *   span annotations as targets (head first; the head also in `marginalia:relation`, as JSON-LD does not keep
 *   the order of `target`);
 * - a document label: `motivation: classifying`, a `TextualBody` `purpose: classifying`, the document as target.
 */
import { randomUUID } from 'node:crypto'
import type { Writable } from 'node:stream'
import type { ExportedDocument, ExportedSpan } from '../../shared/corpus-types'
import { sliceCodePoints } from '../../shared/offsets'
import { AGREED } from '../../shared/curation'
import { jsonLine } from '../export/json-line'
import { drained } from '../export/jsonl'
import type { ExportReport, WriteContext } from './format'
import { TextUnits } from './units'
import { writtenBack } from './w3c-write-back'
import {
  ANNO_CONTEXT,
  DOCUMENT_PROPERTY,
  EXTENDED_CONTEXT,
  RELATION_PROPERTY,
  SPAN_PROPERTY,
  annotatorIri,
  documentLabelIri,
  documentSource,
  relationIri,
  spanIri,
  textAnnotationIri,
} from './w3c-model'

/** How many code points of context a TextQuoteSelector gives before and after the quote. */
export const QUOTE_CONTEXT = 32

/** A W3C annotation as written: a JSON object with `@context` first. */
export type W3cAnnotation = Record<string, unknown>

/** Counts what the writer had to change to meet the model, for the export's notes. */
interface Tally {
  /** Times given with a UTC offset, written in UTC with `Z` as the model requires. */
  timesMadeUtc: number
  /** Spans moved since their foreign annotation was read, and the types of its selectors left out for it. */
  staleSpans: number
  staleSelectors: Set<string>
}

/** A tally of nothing changed yet. */
function newTally(): Tally {
  return { timesMadeUtc: 0, staleSpans: 0, staleSelectors: new Set() }
}

const OFFSET_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?([+-]\d{2}:\d{2})$/

/** `time` as an xsd:dateTime in UTC with `Z` (the model's MUST): unchanged if it has `Z`, else converted. */
export function utcTime(time: string, tally?: Tally): string {
  const match = OFFSET_TIME.exec(time)
  if (match === null) return time
  const [, seconds, fraction = '', offset] = match
  if (tally !== undefined) tally.timesMadeUtc++
  const utc = new Date(`${seconds}${offset}`).toISOString().slice(0, 19)
  return `${utc}${fraction}Z`
}

/** The agent of an annotator: a person with a nickname (the computed agreed layer is software). */
function agent(name: string): Record<string, string> {
  return { id: annotatorIri(name), type: name === AGREED ? 'Software' : 'Person', nickname: name }
}

function textualBody(value: string, purpose: string): Record<string, string> {
  return { type: 'TextualBody', value, format: 'text/plain', purpose }
}

/** The annotation carrying a document's text and fields. */
function textAnnotation(document: ExportedDocument, tally: Tally): W3cAnnotation {
  return {
    '@context': EXTENDED_CONTEXT,
    id: textAnnotationIri(document.id),
    type: 'Annotation',
    motivation: 'describing',
    created: utcTime(document.created_at, tally),
    modified: utcTime(document.updated_at, tally),
    body: textualBody(document.text, 'describing'),
    target: { id: documentSource(document.id), type: 'Text', format: 'text/plain' },
    [DOCUMENT_PROPERTY]: { id: document.id, title: document.title, status: document.status, meta: document.meta },
  }
}

/** The selectors of a span: its position in `units`, and its quote with some context on each side. */
function selectors(document: ExportedDocument, span: ExportedSpan, units: TextUnits): [Record<string, unknown>, Record<string, unknown>] {
  const { index } = units
  const quote: Record<string, string> = { type: 'TextQuoteSelector', exact: span.text }
  const prefix = sliceCodePoints(document.text, index, Math.max(0, span.start - QUOTE_CONTEXT), span.start)
  const suffix = sliceCodePoints(document.text, index, span.end, Math.min(index.length, span.end + QUOTE_CONTEXT))
  if (prefix !== '') quote.prefix = prefix
  if (suffix !== '') quote.suffix = suffix
  return [{ type: 'TextPositionSelector', start: units.fromCodePoints(span.start), end: units.fromCodePoints(span.end) }, quote]
}

/** The properties a span's annotation is written with, which what a foreign annotation kept does not replace. */
const SPAN_WRITES: ReadonlySet<string> = new Set(['@context', 'id', 'type', 'motivation', 'creator', 'created', 'modified', 'body', 'target', SPAN_PROPERTY])

function spanAnnotation(document: ExportedDocument, span: ExportedSpan, units: TextUnits, tally: Tally): W3cAnnotation {
  const note = typeof span.attrs.note === 'string' && span.attrs.note !== '' ? span.attrs.note : undefined
  const [position, quote] = selectors(document, span, units)
  const kept = writtenBack(
    span.attrs,
    {
      label: span.label,
      text: span.text,
      note,
      creator: agent(span.annotator),
      tag: textualBody(span.label, 'tagging'),
      comment: note === undefined ? undefined : textualBody(note, 'commenting'),
      target: { type: 'SpecificResource', source: documentSource(document.id) },
      position,
      quote,
    },
    SPAN_WRITES,
  )
  if (kept.staleSelectors.length > 0) {
    tally.staleSpans++
    for (const type of kept.staleSelectors) tally.staleSelectors.add(type)
  }
  return {
    '@context': EXTENDED_CONTEXT,
    id: spanIri(document.id, span.id),
    type: 'Annotation',
    ...(kept.motivated ? { motivation: 'tagging' } : {}),
    creator: kept.creator,
    created: utcTime(span.created_at, tally),
    modified: utcTime(span.updated_at, tally),
    body: kept.body,
    target: kept.target,
    ...kept.annotation,
    [SPAN_PROPERTY]: { id: span.id, attrs: span.attrs },
  }
}

/** Every annotation of one document, in order: its text, spans, relations and document labels. */
export function annotationsOf(document: ExportedDocument, context: Pick<WriteContext, 'offsets'>, tally: Tally = newTally()): W3cAnnotation[] {
  const units = new TextUnits(document.text, context.offsets ?? 'codepoints')
  const annotations = [textAnnotation(document, tally), ...document.spans.map((span) => spanAnnotation(document, span, units, tally))]
  for (const relation of document.relations) {
    const head = spanIri(document.id, relation.head)
    annotations.push({
      '@context': EXTENDED_CONTEXT,
      id: relationIri(document.id, relation.id),
      type: 'Annotation',
      motivation: 'linking',
      creator: agent(relation.annotator),
      created: utcTime(relation.created_at, tally),
      modified: utcTime(relation.updated_at, tally),
      body: textualBody(relation.label, 'linking'),
      target: [head, spanIri(document.id, relation.child)],
      [RELATION_PROPERTY]: { id: relation.id, head },
    })
  }
  for (const label of document.labels) {
    annotations.push({
      '@context': ANNO_CONTEXT,
      id: documentLabelIri(document.id, label.label, label.annotator),
      type: 'Annotation',
      motivation: 'classifying',
      creator: agent(label.annotator),
      created: utcTime(label.created_at, tally),
      body: textualBody(label.label, 'classifying'),
      target: documentSource(document.id),
    })
  }
  return annotations
}

/** What the export could not write as the model says. */
function notesOf(context: Pick<WriteContext, 'offsets'>, tally: Tally): string[] {
  const notes: string[] = []
  if (context.offsets === 'utf16' || context.offsets === 'utf8') {
    const unit = context.offsets === 'utf16' ? 'UTF-16 code units' : 'UTF-8 bytes'
    notes.push(`TextPositionSelector start and end count ${unit} (--offsets ${context.offsets}), not code points as the W3C model requires`)
  }
  if (tally.timesMadeUtc > 0) {
    notes.push(`${tally.timesMadeUtc} time${tally.timesMadeUtc === 1 ? '' : 's'} with a UTC offset written in UTC ("Z"), as the W3C model requires`)
  }
  if (tally.staleSpans > 0) {
    const spans = tally.staleSpans === 1 ? '1 span no longer has' : `${tally.staleSpans} spans no longer have`
    notes.push(`${spans} the text its kept W3C selectors were written for: their ${[...tally.staleSelectors].join(', ')} left out`)
  }
  return notes
}

async function put(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await drained(out)
}

/** Writes `documents` as one AnnotationCollection with one embedded page (items one per line). */
export async function writeCollection(documents: Iterable<ExportedDocument>, out: Writable, context: WriteContext): Promise<ExportReport> {
  const tally: Tally = newTally()
  const collection = `urn:uuid:${randomUUID()}`
  const page = `urn:uuid:${randomUUID()}`
  const head = (key: string, value: unknown): string => `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`
  await put(out, `{\n${[head('@context', ANNO_CONTEXT), head('id', collection), head('type', 'AnnotationCollection'), head('label', 'Marginalia export')].join(',\n')}`)
  let count = 0
  let total = 0
  for (const document of documents) {
    for (const annotation of annotationsOf(document, context, tally)) {
      const opening =
        total === 0
          ? `,\n  "first": {\n${[head('id', page), head('type', 'AnnotationPage'), head('partOf', collection), head('startIndex', 0)].map((line) => `  ${line}`).join(',\n')},\n    "items": [\n`
          : ',\n'
      await put(out, `${opening}      ${JSON.stringify(annotation)}`)
      total++
    }
    count++
  }
  const closing = total === 0 ? `,\n${head('total', 0)}\n}\n` : `\n    ]\n  },\n${head('last', page)},\n${head('total', total)}\n}\n`
  await put(out, closing)
  return { documents: count, notes: notesOf(context, tally) }
}

/** Writes `documents` as W3C annotations, one JSON object per line. */
export async function writeAnnotationLines(documents: Iterable<ExportedDocument>, out: Writable, context: WriteContext): Promise<ExportReport> {
  const tally: Tally = newTally()
  let count = 0
  for (const document of documents) {
    for (const annotation of annotationsOf(document, context, tally)) await put(out, `${jsonLine(annotation)}\n`)
    count++
  }
  return { documents: count, notes: notesOf(context, tally) }
}
