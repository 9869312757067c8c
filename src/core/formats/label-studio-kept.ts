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
 *   read for them and not kept (export writes `span-<span id>`, and copies of one span merge whatever their ids).
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
