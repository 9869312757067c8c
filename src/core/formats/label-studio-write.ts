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
 *   a relation without a label read from Label Studio (`label_studio.unlabeled_relations`), between the regions
 *   of the spans it linked, or, where one is gone, noted in the report;
 * - document labels: one `choices` result per annotation and tag; a span attribute read from a per-region choice
 *   (`names.region_choices`), a `choices` result on the span's region (`label-studio-choices.ts`);
 * - what a task imported from Label Studio kept in `meta.label_studio` that Label Studio has a place for (its
 *   other data, predictions, drafts and cancelled annotations, these numbered on and without `completed_by`; an
 *   annotation's `ground_truth` and `lead_time`, on its annotator's annotation; a region's other keys, such as
 *   `score`, kept in its span's `attrs.label_studio_region`; a relation's and a `choices` result's other keys, on
 *   the result of that relation and of that annotator's choices: `label-studio-kept.ts`)
 *   goes back there, and the names its project gives the text and controls (`label_studio.names`: the data key,
 *   `to_name`, `from_name`s) are written instead of Marginalia's own, so that the task fits that project again.
 *
 * What Label Studio has no field for (span and relation ids, attrs and times, document label times) rides in a
 * `marginalia` key on each result, which Label Studio stores with the result and exports again, so that a
 * round trip through this format gives back the very same corpus.
 */
import type { Writable } from 'node:stream'
import type { ExportedDocument, ExportedRelation, ExportedSpan, LabelDefinition } from '../../shared/corpus-types'
import { drained } from '../export/jsonl'
import type { ExportReport, WriteContext } from './format'
import { choicesByTag, choicesOfAttr, isRegionChoiceTag, sharedChoicesAnnotators } from './label-studio-choices'
import { annotationFieldsOf, choicesKeysOf, regionKeysOf, relationKeysOf, unlabeledRelationsOf } from './label-studio-kept'
import { annotatorOf, OWN_NAMES, regionMetaOf, type ProjectNames } from './label-studio-read'
import { TextUnits } from './units'

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
  /** Relations without a label kept from Label Studio that were not written: a span they linked is gone. */
  unlabeledMissing: number
}

/** The earliest and latest of some times (ISO strings in UTC compare as text). */
function span(times: string[]): { first: string; last: string } {
  const sorted = [...times].sort()
  return { first: sorted[0], last: sorted[sorted.length - 1] }
}

function labelsResult(spanOf: ExportedSpan, units: TextUnits, names: ProjectNames): Result {
  return {
    id: regionId(spanOf.id),
    from_name: names.labels,
    to_name: names.to_name,
    type: 'labels',
    origin: 'manual',
    value: { start: units.fromCodePoints(spanOf.start), end: units.fromCodePoints(spanOf.end), text: spanOf.text, labels: [spanOf.label] },
    ...withMeta(regionMetaOf(spanOf.attrs)),
    ...regionKeysOf(spanOf.attrs),
    marginalia: { id: spanOf.id, attrs: spanOf.attrs, created_at: spanOf.created_at, updated_at: spanOf.updated_at },
  }
}

/** The per-region `choices` results of a span: one for each of `tags` (`names.region_choices`) its attrs hold choices of. */
function regionChoiceResults(spanOf: ExportedSpan, tags: readonly string[], units: TextUnits, names: ProjectNames): Result[] {
  return tags.flatMap((tag) => {
    const choices = choicesOfAttr(spanOf.attrs[tag])
    if (choices === null) return []
    const value = { start: units.fromCodePoints(spanOf.start), end: units.fromCodePoints(spanOf.end), text: spanOf.text, choices }
    return [{ id: regionId(spanOf.id), from_name: tag, to_name: names.to_name, type: 'choices', origin: 'manual', value }]
  })
}

/**
 * The tags of the per-region choices a task is written with: those it was read with from Label Studio, and the
 * span attributes the corpus's labels declare (a Claim's `checkworthy`), so that a Label Studio project with a
 * `<Choices name="checkworthy" perRegion="true">` shows them; a name one of the task's own tags has is left out.
 */
function regionChoiceTagsOf(read: readonly string[], labels: readonly LabelDefinition[], names: ProjectNames): string[] {
  const taken = new Set([names.labels, names.choices, names.to_name])
  const declared = labels.flatMap((label) => (label.kind === 'span' ? (label.attributes ?? []).map((attribute) => attribute.name) : []))
  return [...new Set([...read, ...declared])].filter((tag) => !taken.has(tag))
}

function withMeta(meta: unknown): { meta?: unknown } {
  return meta === undefined ? {} : { meta }
}

/** A relation's result, with the keys its Label Studio result had beyond what is read (`kept`: `relationKeysOf`). */
function relationResult(relation: ExportedRelation, kept: Record<string, unknown> = {}): Result {
  return {
    type: 'relation',
    from_id: regionId(relation.head),
    to_id: regionId(relation.child),
    direction: 'right',
    labels: [relation.label],
    ...kept,
    marginalia: { id: relation.id, annotator: relation.annotator, created_at: relation.created_at, updated_at: relation.updated_at },
  }
}

/** The task of one document: one annotation per annotator, in the order their work first appears. */
export function taskOf(document: ExportedDocument, position: number, context: Pick<WriteContext, 'offsets'> & Partial<Pick<WriteContext, 'labels'>>, tally: Tally = { crossAnnotatorRelations: 0, annotations: 0, unlabeledMissing: 0 }): Record<string, unknown> {
  const units = new TextUnits(document.text, context.offsets ?? 'utf16')
  const kept = keptFromLabelStudio(document.meta)
  const { names } = kept
  const regionChoiceTags = regionChoiceTagsOf(kept.regionChoices, context.labels ?? [], names)
  const work = new Map<string, { results: Result[]; times: string[] }>()
  const of = (annotator: string) => {
    let entry = work.get(annotator)
    if (entry === undefined) work.set(annotator, (entry = { results: [], times: [] }))
    return entry
  }
  const annotatorOfSpan = new Map<number, string>()
  const spanById = new Map(document.spans.map((spanOf) => [spanOf.id, spanOf]))
  const place = (id: number) => ({ start: spanById.get(id)!.start, end: spanById.get(id)!.end, label: spanById.get(id)!.label })
  for (const spanOf of document.spans) {
    annotatorOfSpan.set(spanOf.id, spanOf.annotator)
    const entry = of(spanOf.annotator)
    entry.results.push(labelsResult(spanOf, units, names), ...regionChoiceResults(spanOf, regionChoiceTags, units, names))
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
    const { label, annotator } = relation
    entry.results.push(relationResult(relation, relationKeysOf(kept.relations, { label, annotator, head: place(relation.head), child: place(relation.child) })))
    entry.times.push(relation.created_at, relation.updated_at)
  }
  const unlabeled = unlabeledRelationsOf(kept.unlabeledRelations, document.spans)
  tally.unlabeledMissing += unlabeled.missing
  for (const { annotator, from, to, keys } of unlabeled.relations) {
    of(annotator).results.push({ type: 'relation', from_id: regionId(from), to_id: regionId(to), direction: 'right', ...keys, labels: [] })
  }
  const labelsBy = new Map<string, ExportedDocument['labels']>()
  for (const label of document.labels) labelsBy.set(label.annotator, [...(labelsBy.get(label.annotator) ?? []), label])
  for (const annotator of sharedChoicesAnnotators(kept.sharedChoices)) labelsBy.set(annotator, labelsBy.get(annotator) ?? [])
  for (const [annotator, labels] of labelsBy) {
    const entry = of(annotator)
    for (const { tag, labels: tagged, kept: shared } of choicesByTag(labels, annotator, kept.choiceTags, kept.sharedChoices, names.choices)) {
      const given = choicesKeysOf(kept.choices, annotator, tag)
      entry.results.push({
        id: tag,
        from_name: tag,
        to_name: names.to_name,
        type: 'choices',
        value: { ...given.value, choices: [...tagged.map((label) => label.label), ...shared] },
        ...given.result,
        marginalia: { labels: tagged.map((label) => ({ label: label.label, created_at: label.created_at })) },
      })
    }
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
      ...annotationFieldsOf(kept.annotations, annotator),
      result: entry.results,
    }
  })
  // Annotations cancelled in Label Studio go back numbered on with the others, without the Label Studio user id
  // Label Studio refuses unless it is one of its own users: the annotator named as the import named it.
  const cancelled = kept.cancelled.map((annotation) => {
    const { completed_by: _by, ...rest } = annotation
    const { name } = annotatorOf(annotation)
    return { ...rest, id: ++tally.annotations, ...(name !== undefined ? { created_username: name } : {}) }
  })
  return {
    id: position,
    data: { ...kept.data, [names.data]: document.text, title: document.title },
    meta: { marginalia: { id: document.id, status: document.status, meta: document.meta, ...(elsewhere.length > 0 ? { relations: elsewhere } : {}) } },
    annotations: [...annotations, ...cancelled],
    ...(kept.predictions.length > 0 ? { predictions: kept.predictions } : {}),
    ...(kept.drafts.length > 0 ? { drafts: kept.drafts } : {}),
    created_at: document.created_at,
    updated_at: document.updated_at,
  }
}

/**
 * What a document imported from Label Studio kept in `meta.label_studio` that Label Studio has a place for, to
 * give back to it: the task's other data, its predictions and drafts, the annotations cancelled there, what its
 * annotations had beyond their results (`annotationFieldsOf` picks what goes back), and the
 * names its project gives the text and the controls (Marginalia's own where it kept none).
 * (The meta itself still goes in `meta.marginalia`, whole, for a round trip to Marginalia.)
 */
function keptFromLabelStudio(meta: Record<string, unknown>): {
  data: Record<string, unknown>
  predictions: unknown[]
  drafts: unknown[]
  cancelled: Record<string, unknown>[]
  annotations: unknown[]
  relations: unknown[]
  unlabeledRelations: unknown[]
  choices: unknown[]
  /** The tag of each document label not of `names.choices` (`names.choice_tags`). */
  choiceTags: Record<string, unknown>
  sharedChoices: unknown[]
  /** The tags of per-region choices, written from the span attributes of their names (`names.region_choices`). */
  regionChoices: string[]
  names: ProjectNames
} {
  const object = (value: unknown): Record<string, unknown> => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {})
  const array = (value: unknown): unknown[] => (Array.isArray(value) ? value : [])
  const from = object(meta.label_studio)
  const given = object(from.names)
  const names = { ...OWN_NAMES }
  for (const name of Object.keys(names) as (keyof ProjectNames)[]) {
    const value = given[name]
    if (typeof value === 'string' && value !== '') names[name] = value
  }
  return { data: object(from.data), predictions: array(from.predictions), drafts: array(from.drafts), cancelled: array(from.cancelled).map(object), annotations: array(from.annotations), relations: array(from.relations), unlabeledRelations: array(from.unlabeled_relations), choices: array(from.choices), choiceTags: object(given.choice_tags), sharedChoices: array(from.shared_choices), regionChoices: array(given.region_choices).filter(isRegionChoiceTag), names }
}

/** Writes `documents` as a Label Studio JSON export, one task per line. */
export async function writeLabelStudio(documents: Iterable<ExportedDocument>, out: Writable, context: WriteContext): Promise<ExportReport> {
  const tally: Tally = { crossAnnotatorRelations: 0, annotations: 0, unlabeledMissing: 0 }
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
  if (tally.unlabeledMissing > 0) {
    const n = tally.unlabeledMissing
    notes.push(`${n} Label Studio relation${n === 1 ? '' : 's'} without a label not written, as a span ${n === 1 ? 'it' : 'they'} linked is no longer there (kept in meta.label_studio.unlabeled_relations)`)
  }
  return { documents: count, notes }
}
