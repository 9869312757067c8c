/**
 * Writing documents as a Label Studio JSON export: a JSON array of tasks, one per line, which Label Studio
 * imports into a project labelled with `<Labels name="label" toName="text">`, `<Relations>` and
 * `<Choices name="choices" toName="text">` on `<Text name="text" value="$text">` (docs/formats/label-studio.md).
 *
 * - a document: a task with `data.text` and `data.title`; its id, status and meta in `meta.marginalia` (Label
 *   Studio keeps a task's `meta` but gives it a new numeric id); `created_at`, `updated_at`;
 * - each annotator's work: one annotation (`created_username` names the annotator; `completed_by` is left out,
 *   since Label Studio takes only the id or e-mail of one of its own users there and refuses anything else);
 * - a span: a `labels` result with a stable id (`span-<id>`), `value.start`/`value.end` in UTF-16 code units
 *   (JavaScript string indices, as Label Studio counts; `--offsets` overrides), `value.text`, `value.labels`,
 *   and the region's `meta` (its note) a span imported from Label Studio kept in `attrs.label_studio_meta`;
 * - a relation: a `relation` result from the head's region to the child's, `direction: right`, `labels`, in
 *   the annotation holding both spans; a relation between two annotators' spans, which Label Studio cannot
 *   hold, in `meta.marginalia.relations` (kept by Label Studio, read back by Marginalia, noted in the report);
 * - document labels: one `choices` result per annotation;
 * - what a task imported from Label Studio kept in `meta.label_studio` that Label Studio has a place for (its
 *   other data, predictions, drafts and cancelled annotations) goes back there.
 *
 * What Label Studio has no field for (span and relation ids, attrs and times, document label times) rides in a
 * `marginalia` key on each result, which Label Studio stores with the result and exports again, so that a
 * round trip through this format gives back the very same corpus.
 */
import type { Writable } from 'node:stream'
import type { ExportedDocument, ExportedRelation, ExportedSpan } from '../../shared/corpus-types'
import { drained } from '../export/jsonl'
import type { ExportReport, WriteContext } from './format'
import { REGION_META } from './label-studio-read'
import { TextUnits } from './units'

/** The control and object tag names results are written with. */
export const LABELS_NAME = 'label'
/** The name of the `<Choices>` tag document labels are written with. */
export const CHOICES_NAME = 'choices'
/** The name of the `<Text>` tag results refer to, and the data key of the text. */
export const TEXT_NAME = 'text'

/** The id of a span's region. */
export function regionId(spanId: number): string {
  return `span-${spanId}`
}

/** A Label Studio result as written. */
type Result = Record<string, unknown>

interface Tally {
  crossAnnotatorRelations: number
  /** Annotations written so far: an annotation's id is its number in the export. */
  annotations: number
}

/** The earliest and latest of some times (ISO strings in UTC compare as text). */
function span(times: string[]): { first: string; last: string } {
  const sorted = [...times].sort()
  return { first: sorted[0], last: sorted[sorted.length - 1] }
}

function labelsResult(spanOf: ExportedSpan, units: TextUnits): Result {
  return {
    id: regionId(spanOf.id),
    from_name: LABELS_NAME,
    to_name: TEXT_NAME,
    type: 'labels',
    origin: 'manual',
    value: { start: units.fromCodePoints(spanOf.start), end: units.fromCodePoints(spanOf.end), text: spanOf.text, labels: [spanOf.label] },
    ...(spanOf.attrs[REGION_META] !== undefined ? { meta: spanOf.attrs[REGION_META] } : {}),
    marginalia: { id: spanOf.id, attrs: spanOf.attrs, created_at: spanOf.created_at, updated_at: spanOf.updated_at },
  }
}

function relationResult(relation: ExportedRelation): Result {
  return {
    type: 'relation',
    from_id: regionId(relation.head),
    to_id: regionId(relation.child),
    direction: 'right',
    labels: [relation.label],
    marginalia: { id: relation.id, annotator: relation.annotator, created_at: relation.created_at, updated_at: relation.updated_at },
  }
}

/** The task of one document: one annotation per annotator, in the order their work first appears. */
export function taskOf(document: ExportedDocument, position: number, context: Pick<WriteContext, 'offsets'>, tally: Tally = { crossAnnotatorRelations: 0, annotations: 0 }): Record<string, unknown> {
  const units = new TextUnits(document.text, context.offsets ?? 'utf16')
  const work = new Map<string, { results: Result[]; times: string[] }>()
  const of = (annotator: string) => {
    let entry = work.get(annotator)
    if (entry === undefined) work.set(annotator, (entry = { results: [], times: [] }))
    return entry
  }
  const annotatorOfSpan = new Map<number, string>()
  for (const spanOf of document.spans) {
    annotatorOfSpan.set(spanOf.id, spanOf.annotator)
    const entry = of(spanOf.annotator)
    entry.results.push(labelsResult(spanOf, units))
    entry.times.push(spanOf.created_at, spanOf.updated_at)
  }
  // A relation goes in the annotation holding both its spans (Label Studio links regions of one annotation).
  const elsewhere: Record<string, unknown>[] = []
  for (const relation of document.relations) {
    const holder = annotatorOfSpan.get(relation.head)
    if (holder === undefined || holder !== annotatorOfSpan.get(relation.child)) {
      tally.crossAnnotatorRelations++
      const { from_id: head, to_id: child, labels, marginalia } = relationResult(relation)
      elsewhere.push({ head, child, labels, marginalia })
      continue
    }
    const entry = of(holder)
    entry.results.push(relationResult(relation))
    entry.times.push(relation.created_at, relation.updated_at)
  }
  const labelsBy = new Map<string, ExportedDocument['labels']>()
  for (const label of document.labels) labelsBy.set(label.annotator, [...(labelsBy.get(label.annotator) ?? []), label])
  for (const [annotator, labels] of labelsBy) {
    const entry = of(annotator)
    entry.results.push({
      id: CHOICES_NAME,
      from_name: CHOICES_NAME,
      to_name: TEXT_NAME,
      type: 'choices',
      value: { choices: labels.map((label) => label.label) },
      marginalia: { labels: labels.map((label) => ({ label: label.label, created_at: label.created_at })) },
    })
    entry.times.push(...labels.map((label) => label.created_at))
  }
  const annotations = [...work].map(([annotator, entry]) => {
    const times = span(entry.times)
    return {
      id: ++tally.annotations,
      created_username: annotator,
      created_at: times.first,
      updated_at: times.last,
      was_cancelled: false,
      ground_truth: false,
      result: entry.results,
    }
  })
  const kept = keptFromLabelStudio(document.meta)
  return {
    id: position,
    data: { ...kept.data, [TEXT_NAME]: document.text, title: document.title },
    meta: { marginalia: { id: document.id, status: document.status, meta: document.meta, ...(elsewhere.length > 0 ? { relations: elsewhere } : {}) } },
    annotations: [...annotations, ...kept.cancelled],
    ...(kept.predictions.length > 0 ? { predictions: kept.predictions } : {}),
    ...(kept.drafts.length > 0 ? { drafts: kept.drafts } : {}),
    created_at: document.created_at,
    updated_at: document.updated_at,
  }
}

/**
 * What a document imported from Label Studio kept in `meta.label_studio` that Label Studio has a place for, to
 * give back to it: the task's other data, its predictions and drafts, and the annotations cancelled there.
 * (The meta itself still goes in `meta.marginalia`, whole, for a round trip to Marginalia.)
 */
function keptFromLabelStudio(meta: Record<string, unknown>): { data: Record<string, unknown>; predictions: unknown[]; drafts: unknown[]; cancelled: unknown[] } {
  const kept = meta.label_studio
  const object = (value: unknown): Record<string, unknown> => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {})
  const array = (value: unknown): unknown[] => (Array.isArray(value) ? value : [])
  const from = object(kept)
  return { data: object(from.data), predictions: array(from.predictions), drafts: array(from.drafts), cancelled: array(from.cancelled) }
}

/** Writes `documents` as a Label Studio JSON export, one task per line. */
export async function writeLabelStudio(documents: Iterable<ExportedDocument>, out: Writable, context: WriteContext): Promise<ExportReport> {
  const tally: Tally = { crossAnnotatorRelations: 0, annotations: 0 }
  let count = 0
  const put = async (text: string): Promise<void> => {
    if (!out.write(text)) await drained(out)
  }
  await put('[')
  for (const document of documents) {
    count++
    await put(`${count === 1 ? '\n' : ',\n'}${JSON.stringify(taskOf(document, count, context, tally))}`)
  }
  await put(count === 0 ? ']\n' : '\n]\n')
  const notes: string[] = []
  if (context.offsets === 'codepoints' || context.offsets === 'utf8') {
    notes.push(`offsets count ${context.offsets === 'utf8' ? 'UTF-8 bytes' : 'code points'} (--offsets ${context.offsets}), not UTF-16 code units as Label Studio does`)
  }
  if (tally.crossAnnotatorRelations > 0) {
    const n = tally.crossAnnotatorRelations
    notes.push(
      `${n} relation${n === 1 ? ' is' : 's are'} between spans of two different annotators, which Label Studio cannot show (it relates regions of one ` +
        "annotation only): kept in the task's meta.marginalia.relations, which Marginalia reads back",
    )
  }
  return { documents: count, notes }
}
