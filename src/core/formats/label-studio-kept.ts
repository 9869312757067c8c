/**
 * The keys of a Label Studio task, annotation and region that the import does not read into annotations, kept
 * so that nothing of the file is lost without a word:
 * - a task's own bookkeeping (`project`, `inner_id`, `total_annotations`...): kept in the document's meta
 *   (`label_studio.task`) and named; not written back, since Label Studio sets these itself (and on a task
 *   Marginalia wrote, named only, so that a trip through Label Studio gives its document back as it was);
 * - an annotation's (`id`, `ground_truth`, `lead_time`, `project`, `task`...): kept in the document's meta
 *   (`label_studio.annotations`, one entry per annotation, with the annotator it was read as) and named; export
 *   writes `ground_truth` and `lead_time` back on that annotator's annotation (`annotationFieldsOf`);
 * - a region's (`score`, `readonly`, an `origin` other than `manual`...): kept in the span's attrs
 *   (`label_studio_region`) and written back on its result; a region's `id`, which only links its relations, is
 *   read for them and not kept (export writes `span-<span id>`, and copies of one span merge whatever their ids);
 * - a relation result's (`id`, `notes`, `meta`, `readonly`, `direction: bi`...): a relation has no attributes, so
 *   they are kept in the document's meta (`label_studio.relations`), each entry naming the relation by its label,
 *   annotator and the two spans it links (offsets and label), and written back on that relation's result;
 * - a relation result without a label (Marginalia's relations have one): kept whole in the document's meta
 *   (`label_studio.unlabeled_relations`), naming the spans it links, and written back between their regions;
 * - a `choices` result's (`origin`, `score`, `readonly`, keys of its `value` beside `choices`...): kept in the
 *   document's meta (`label_studio.choices`, with the annotator and the tag, `from_name`), and written back on
 *   that annotator's `choices` result of that tag; its `id`, like a region's, is Label Studio's name for the result, not kept (export writes its own).
 */

/** The task keys the import reads. */
const TASK_KEYS: ReadonlySet<string> = new Set(['id', 'data', 'meta', 'annotations', 'completions', 'predictions', 'drafts', 'created_at', 'updated_at'])

/** The annotation keys the import reads (`ground_truth: false`, Label Studio's default, says nothing either). */
const ANNOTATION_KEYS: ReadonlySet<string> = new Set(['result', 'completed_by', 'created_username', 'created_at', 'updated_at', 'was_cancelled'])

/** The annotation keys export writes back on the annotation of the annotator they were read with. */
const WRITTEN_BACK: ReadonlySet<string> = new Set(['ground_truth', 'lead_time'])

/** The keys of a `labels` result the import reads, or writes as they were (`origin: manual`). */
const REGION_KEYS: ReadonlySet<string> = new Set(['id', 'from_name', 'to_name', 'type', 'value', 'meta', 'marginalia'])

/** The span attribute the unread keys of a Label Studio region are kept in, and written back from. */
export const REGION_KEPT = 'label_studio_region'

/** The span attribute a Label Studio region's `meta` is kept in, and written back from, beyond its note. */
export const REGION_META = 'label_studio_meta'

/** The task's keys the import does not read, or null if none. */
export function taskKeysKept(task: Record<string, unknown>): Record<string, unknown> | null {
  const kept = Object.entries(task).filter(([key]) => !TASK_KEYS.has(key))
  return kept.length === 0 ? null : Object.fromEntries(kept)
}

/** What a task's unread keys are said to be, for the import's warnings: kept, or (on a task Marginalia wrote, `own`) not. */
export function taskKeysRemark(kept: Record<string, unknown>, own = false): string {
  return own
    ? `Label Studio task keys not kept, as Label Studio sets them on a task Marginalia wrote: ${Object.keys(kept).join(', ')}`
    : `Label Studio task keys kept in the document's meta (label_studio.task), not written back (Label Studio sets them): ${Object.keys(kept).join(', ')}`
}

/**
 * An annotation's keys the import does not read, with the annotator it was read as, or null if none. On a task
 * Marginalia wrote (`own`), only those export writes back: the rest (its id, its number in that export, and
 * what Label Studio records of it) is Label Studio's bookkeeping (see `ownAnnotationKeysLeft`).
 */
export function annotationKeysKept(annotation: Record<string, unknown>, annotator: string | undefined, own: boolean): Record<string, unknown> | null {
  const kept = Object.entries(annotation).filter(
    ([key, value]) => !ANNOTATION_KEYS.has(key) && !(key === 'ground_truth' && value === false) && (!own || WRITTEN_BACK.has(key)),
  )
  return kept.length === 0 ? null : { ...(annotator === undefined ? {} : { annotator }), ...Object.fromEntries(kept) }
}

/** The keys of an annotation on a task Marginalia wrote that are not kept (see `annotationKeysKept`), but its id. */
export function ownAnnotationKeysLeft(annotation: Record<string, unknown>): string[] {
  return Object.keys(annotation).filter((key) => !ANNOTATION_KEYS.has(key) && !WRITTEN_BACK.has(key) && key !== 'id')
}

/** What an annotation's kept keys are said to be, for the import's warnings. */
export function annotationKeysRemark(kept: Record<string, unknown>): string {
  const keys = Object.keys(kept).filter((key) => key !== 'annotator')
  const back = keys.filter((key) => WRITTEN_BACK.has(key))
  return (
    `Label Studio annotation keys kept in the document's meta (label_studio.annotations): ${keys.join(', ')}` +
    (back.length > 0 ? `; export writes ${back.join(' and ')} back` : '')
  )
}

/**
 * The fields export writes on `annotator`'s annotation from the annotations import kept (`label_studio.annotations`):
 * `ground_truth` (true if one of them was), `lead_time` (their sum) if any had one.
 */
export function annotationFieldsOf(kept: unknown, annotator: string): { ground_truth: boolean; lead_time?: number } {
  const entries = (Array.isArray(kept) ? kept : []).filter(
    (entry): entry is Record<string, unknown> => entry !== null && typeof entry === 'object' && (entry as Record<string, unknown>).annotator === annotator,
  )
  const times = entries.map((entry) => entry.lead_time).filter((time): time is number => typeof time === 'number' && Number.isFinite(time))
  return { ground_truth: entries.some((entry) => entry.ground_truth === true), ...(times.length > 0 ? { lead_time: times.reduce((a, b) => a + b, 0) } : {}) }
}

/** A region's keys the import does not read (an `origin` of `manual`, what export writes, left out), or null if none. */
export function regionKeysKept(result: Record<string, unknown>): Record<string, unknown> | null {
  const kept = Object.entries(result).filter(([key, value]) => !REGION_KEYS.has(key) && !(key === 'origin' && value === 'manual'))
  return kept.length === 0 ? null : Object.fromEntries(kept)
}

/** What a region's kept keys are said to be, for the import's warnings. */
export function regionKeysRemark(kept: Record<string, unknown>): string {
  return `Label Studio region keys kept in the span's attrs (${REGION_KEPT}), which export writes back: ${Object.keys(kept).join(', ')}`
}

/** The keys a span kept from its Label Studio region, to write back on its result: none that the import reads. */
export function regionKeysOf(attrs: Record<string, unknown>): Record<string, unknown> {
  const kept = attrs[REGION_KEPT]
  if (kept === null || typeof kept !== 'object' || Array.isArray(kept)) return {}
  return Object.fromEntries(Object.entries(kept).filter(([key]) => !REGION_KEYS.has(key)))
}

/**
 * `stored` (the annotations' kept keys of a document Marginalia wrote to Label Studio) with the fields export
 * writes back taken from `current` (those the same task's annotations carry now) where they say something else
 * than export wrote: ground truth marked, or time spent, in Label Studio since. Where they say the same, `stored`
 * stays as it was, so that a trip through Label Studio changes nothing.
 */
export function withFieldsFrom(stored: unknown, current: readonly Record<string, unknown>[]): unknown[] {
  let entries = (Array.isArray(stored) ? stored : []) as unknown[]
  const annotators = new Set([...current.map((entry) => entry.annotator), ...entries.map((entry) => (entry as Record<string, unknown> | null)?.annotator)])
  for (const annotator of annotators) {
    if (typeof annotator !== 'string') continue
    const now = annotationFieldsOf(current, annotator)
    if (JSON.stringify(now) === JSON.stringify(annotationFieldsOf(entries, annotator))) continue
    const mine = (entry: unknown): entry is Record<string, unknown> => entry !== null && typeof entry === 'object' && (entry as Record<string, unknown>).annotator === annotator
    const without = entries.map((entry) => (mine(entry) ? Object.fromEntries(Object.entries(entry).filter(([key]) => !WRITTEN_BACK.has(key))) : entry))
    const fields = { ...(now.ground_truth ? { ground_truth: true } : {}), ...(now.lead_time === undefined ? {} : { lead_time: now.lead_time }) }
    const first = without.findIndex(mine)
    entries = first === -1 ? [...without, { annotator, ...fields }] : without.map((entry, i) => (i === first ? { ...(entry as object), ...fields } : entry))
  }
  return entries
}

/** A JSON object, or undefined for anything else. */
export function objectOf(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
}

/** The keys of a `relation` result the import reads, or writes as they were (`direction` left or right, `origin: manual`). */
const RELATION_KEYS: ReadonlySet<string> = new Set(['type', 'from_id', 'to_id', 'direction', 'labels', 'marginalia'])

/** A relation result's keys the import does not read (`direction: bi`, which export would write as right, among them), or null if none. */
export function relationKeysKept(result: Record<string, unknown>): Record<string, unknown> | null {
  const kept = Object.entries(result).filter(
    ([key, value]) => (!RELATION_KEYS.has(key) || (key === 'direction' && value === 'bi')) && !(key === 'origin' && value === 'manual'),
  )
  return kept.length === 0 ? null : Object.fromEntries(kept)
}

/** What a relation result's kept keys are said to be, for the import's warnings. */
export function relationKeysRemark(kept: Record<string, unknown>): string {
  return `Label Studio relation keys kept in the document's meta (label_studio.relations), which export writes back: ${Object.keys(kept).join(', ')}`
}

/** A span as a kept relation names it: its offsets (code points of the document's text) and label. */
export interface SpanPlace {
  start: number
  end: number
  label: string
}

/** A relation as a kept entry names it: its label, annotator (if known), and the spans at its two ends. */
export interface RelationPlace {
  label: string
  annotator: string | undefined
  head: SpanPlace
  child: SpanPlace
}

/** The entry of `label_studio.relations` keeping a relation result's unread `keys`. */
export function relationEntry(place: RelationPlace, keys: Record<string, unknown>): Record<string, unknown> {
  const { annotator, ...rest } = place
  return { ...(annotator === undefined ? {} : { annotator }), ...rest, result: keys }
}

function samePlace(entry: unknown, place: SpanPlace): boolean {
  const object = objectOf(entry)
  return object !== undefined && object.start === place.start && object.end === place.end && object.label === place.label
}

/**
 * The keys to write back on the result of the relation at `place`, from the kept entries (`label_studio.relations`)
 * naming it (an entry without an annotator names that relation of any annotator); none that export writes itself.
 */
export function relationKeysOf(kept: unknown, place: RelationPlace & { annotator: string }): Record<string, unknown> {
  const keys: Record<string, unknown> = {}
  for (const entry of Array.isArray(kept) ? kept : []) {
    const object = objectOf(entry)
    if (object === undefined || object.label !== place.label || !samePlace(object.head, place.head) || !samePlace(object.child, place.child)) continue
    if (object.annotator !== undefined && object.annotator !== place.annotator) continue
    for (const [key, value] of Object.entries(objectOf(object.result) ?? {})) {
      if (!(key in keys) && (!RELATION_KEYS.has(key) || key === 'direction')) keys[key] = value
    }
  }
  return keys
}

/** The keys of a relation result without a label that export writes itself (its region ids, and the empty `labels`). */
const UNLABELED_RELATION_KEYS: ReadonlySet<string> = new Set(['type', 'from_id', 'to_id', 'labels', 'marginalia'])

/**
 * The entry of `label_studio.unlabeled_relations` keeping a relation result without a label (Marginalia's relations
 * have one): its annotator (if known), the spans its `from_id` and `to_id` regions were read as, and its other keys
 * (`direction`, an `id`...), so that export writes it back between the regions of those spans.
 */
export function unlabeledRelationEntry(annotator: string | undefined, from: SpanPlace, to: SpanPlace, result: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.fromEntries(Object.entries(result).filter(([key]) => !UNLABELED_RELATION_KEYS.has(key)))
  return { ...(annotator === undefined ? {} : { annotator }), from, to, result: keys }
}

/** A span as `unlabeledRelationsOf` looks for it: its id, offsets, label and annotator. */
interface PlacedSpan extends SpanPlace {
  id: number
  annotator: string
}

/**
 * The relations without a label to write back, from the kept entries (`label_studio.unlabeled_relations`): each
 * with the annotator and ids of the spans it links (one annotator's, that of the entry where it names one) and
 * its other keys; `missing` counts the entries whose spans the document no longer has.
 */
export function unlabeledRelationsOf(kept: unknown, spans: readonly PlacedSpan[]): { relations: { annotator: string; from: number; to: number; keys: Record<string, unknown> }[]; missing: number } {
  const relations: { annotator: string; from: number; to: number; keys: Record<string, unknown> }[] = []
  let missing = 0
  for (const entry of Array.isArray(kept) ? kept : []) {
    const object = objectOf(entry)
    if (object === undefined) continue
    const by = typeof object.annotator === 'string' ? object.annotator : undefined
    const from = spans.find((span) => samePlace(object.from, span) && (by === undefined || span.annotator === by))
    const to = from === undefined ? undefined : spans.find((span) => samePlace(object.to, span) && span.annotator === from.annotator && span.id !== from.id)
    if (from === undefined || to === undefined) missing++
    else relations.push({ annotator: from.annotator, from: from.id, to: to.id, keys: objectOf(object.result) ?? {} })
  }
  return { relations, missing }
}

/** The keys of a `choices` result the import reads, or writes itself (its `id`: export writes its own). */
const CHOICES_KEYS: ReadonlySet<string> = new Set(['id', 'from_name', 'to_name', 'type', 'value', 'marginalia'])

/**
 * A `choices` result's keys the import does not read, with the annotator it was read as and its tag (`from_name`), or null if none: the
 * result's own (an `origin` of `manual` left out), and its `value`'s beside `choices` under `value`.
 */
export function choicesKeysKept(result: Record<string, unknown>, annotator: string | undefined): Record<string, unknown> | null {
  const kept = Object.entries(result).filter(([key, value]) => !CHOICES_KEYS.has(key) && !(key === 'origin' && value === 'manual'))
  const value = Object.entries(objectOf(result.value) ?? {}).filter(([key]) => key !== 'choices')
  if (kept.length === 0 && value.length === 0) return null
  const tag = typeof result.from_name === 'string' && result.from_name !== '' ? { from_name: result.from_name } : {}
  return { ...(annotator === undefined ? {} : { annotator }), ...tag, ...Object.fromEntries(kept), ...(value.length > 0 ? { value: Object.fromEntries(value) } : {}) }
}

/** What a `choices` result's kept keys are said to be, for the import's warnings. */
export function choicesKeysRemark(kept: Record<string, unknown>): string {
  const keys = Object.keys(kept).filter((key) => key !== 'annotator' && key !== 'from_name' && key !== 'value')
  const value = Object.keys(objectOf(kept.value) ?? {}).map((key) => `value.${key}`)
  return `Label Studio choices keys kept in the document's meta (label_studio.choices), which export writes back: ${[...keys, ...value].join(', ')}`
}

/**
 * The keys to write back on `annotator`'s `choices` result of `tag` from the kept entries (`label_studio.choices`;
 * an entry without an annotator is anyone's, one without a `from_name` any tag's): the result's own, and its
 * value's (`value`); the first entry's win.
 */
export function choicesKeysOf(kept: unknown, annotator: string, tag: string): { result: Record<string, unknown>; value: Record<string, unknown> } {
  const result: Record<string, unknown> = {}
  const value: Record<string, unknown> = {}
  for (const entry of Array.isArray(kept) ? kept : []) {
    const object = objectOf(entry)
    if (object === undefined || (object.annotator !== undefined && object.annotator !== annotator)) continue
    if (object.from_name !== undefined && object.from_name !== tag) continue
    for (const [key, given] of Object.entries(object)) if (key !== 'annotator' && key !== 'value' && !CHOICES_KEYS.has(key) && !(key in result)) result[key] = given
    for (const [key, given] of Object.entries(objectOf(object.value) ?? {})) if (key !== 'choices' && !(key in value)) value[key] = given
  }
  return { result, value }
}

/** `entries` (a kept list of the document's meta) with `added` appended, but those it has already. */
export function withEntries(entries: unknown, added: readonly Record<string, unknown>[]): unknown[] {
  const list = Array.isArray(entries) ? [...(entries as unknown[])] : []
  const known = new Set(list.map((entry) => JSON.stringify(entry)))
  for (const entry of added) if (!known.has(JSON.stringify(entry))) list.push(entry)
  return list
}
