/**
 * Reading a Label Studio JSON export (a JSON array of tasks) into documents, one per task:
 * - the text: `data.text`, else the data key a `labels` result's `to_name` names, else the task's only string,
 *   else the string holding the regions' `value.text` (`textOf`); a region whose `to_name` names another data field is left out, kept in the meta and named;
 * - `labels` results: one span per label, `value.start`/`value.end` in UTF-16 code units (JavaScript string
 *   indices, as Label Studio counts; `--offsets` overrides), `value.text` checked against the slice;
 * - `relation` results: relations between the spans of the regions `from_id` and `to_id` name
 *   (`direction: left` reversed; `bi` read as from → to and remarked; one relation per label);
 * - `choices` results: document labels, each tag's kept for export; a per-region choice (with its region's id or
 *   offsets): the span attribute its tag names (`label-studio-choices.ts`);
 * - the annotator of an annotation: `completed_by.email`, else `created_username` (Label Studio's
 *   `Name email, id` reduced to the e-mail; Marginalia's plain name as it is), else a `completed_by` string;
 *   a numeric `completed_by` (a Label Studio user id) becomes `label-studio-user-<id>`, one annotator per id;
 * - the task's `id` is the document id (`meta.marginalia.id` where Marginalia wrote it), its `meta` the
 *   document's meta, `data.title` its title.
 *
 * Not imported as annotations, but kept in the document's meta under `label_studio` and named in the
 * import's warnings: results of other types (text areas, ratings, image regions...), `predictions` (model
 * output, not an analyst's work), `drafts`, and annotations cancelled (skipped) in Label Studio; relations
 * without a label (`label_studio.unlabeled_relations`, written back by export). Also kept
 * there, for export to write back: the project's names for the text and controls where they are not
 * Marginalia's own (`label_studio.names`, `ProjectNames`). The task's, annotations', regions', relations' and
 * choices' other keys (`project`, `ground_truth`, `lead_time`, a region's `score`, a relation's `notes`, a
 * choice's `origin`...) are kept too, and named: `label-studio-kept.ts`.
 * A task's or annotation's `created_at`/`updated_at` that is not an ISO 8601 time with a time zone is refused.
 */
import { z } from 'zod'
import { NOTE_MAX_LENGTH, SPAN_NOTE } from '../../shared/contract-values'
import { DOCUMENT_STATUSES, MAX_ID, timestamp } from '../../shared/corpus-types'
import { codePointLength, sliceCodePoints } from '../../shared/offsets'
import { normaliseText } from '../import/normalise'
import { MAX_RECORD_NESTING, type ParsedDocument, type ParsedDocumentLabel, type ParsedRelation, type ParsedSpan } from '../import/record'
import { describeZodIssue, unimportable } from '../validation'
import type { InputFile, InputRecord, ReadContext, RecordNotes } from './format'
import {
  annotationKeysKept,
  annotationKeysRemark,
  choicesKeysKept,
  choicesKeysRemark,
  ownAnnotationKeysLeft,
  relationEntry,
  unlabeledRelationEntry,
  relationKeysKept,
  relationKeysRemark,
  withEntries,
  withFieldsFrom,
  REGION_KEPT,
  REGION_META,
  regionKeysKept,
  regionKeysRemark,
  taskKeysKept,
  taskKeysRemark,
} from './label-studio-kept'
import { ChoiceTags, isRegionChoice, isRegionChoiceTag, regionChoiceAttr, regionChoiceKeysLeft } from './label-studio-choices'
import { isJsonMinRecord, JSON_MIN_REFUSAL, looksLikeJsonMin } from './label-studio-json-min'
import { fieldOfRegions } from './label-studio-text-field'
import { defaultId } from './default-ids'
import { OFFSET_UNITS, TextUnits, type OffsetUnit } from './units'
import { parseJsonFile, readJsonText } from './w3c-json-input'
import { countedIn } from '../../shared/text'

const time = timestamp // ISO 8601 with a time zone, as everywhere
const object = z.record(z.string(), z.unknown(), 'must be a JSON object')
const spanId = z.number().int().positive().max(MAX_ID)

const annotationShape = z.looseObject({
  id: z.union([z.number(), z.string()]).optional(),
  result: z.array(object, 'must be an array of results').optional(),
  completed_by: z.unknown().optional(),
  created_username: z.string().optional(),
  created_at: z.unknown().optional(),
  updated_at: z.unknown().optional(),
  was_cancelled: z.boolean('must be true or false').optional(),
})

const taskShape = z.looseObject({
  id: z.union([z.number().int('must be an integer'), z.string().min(1, 'must not be empty')], 'must be an integer or a string').optional(),
  data: object.refine((data) => data !== undefined, 'is required: a task holds its text in data'),
  meta: object.optional(),
  annotations: z.array(annotationShape, 'must be an array').optional(),
  /** Label Studio before 1.0 called annotations completions. */
  completions: z.array(annotationShape, 'must be an array').optional(),
  predictions: z.array(z.unknown(), 'must be an array').optional(),
  drafts: z.array(z.unknown(), 'must be an array').optional(),
  created_at: z.unknown().optional(),
  updated_at: z.unknown().optional(),
})

/** What Marginalia writes in `meta.marginalia`. */
const marginaliaTask = z.object({
  id: z.string().min(1),
  status: z.enum(DOCUMENT_STATUSES).optional(),
  meta: object.optional(),
  /** Relations between two annotators' spans, which Label Studio cannot hold in one annotation. */
  relations: z.array(object).optional(),
})
/** What Marginalia writes in a result's `marginalia` key. */
const marginaliaSpan = z.object({ id: spanId.optional(), attrs: object.optional(), created_at: time.optional(), updated_at: time.optional() })
const marginaliaRelation = z.object({ id: spanId.optional(), annotator: z.string().min(1).max(200).optional(), created_at: time.optional(), updated_at: time.optional() })
const marginaliaChoices = z.object({ labels: z.array(z.object({ label: z.string(), created_at: time.optional() })) })

type Task = z.infer<typeof taskShape>
type LsAnnotation = z.infer<typeof annotationShape>
type Result = Record<string, unknown>

/**
 * The names a task's results use in its Label Studio project: the data key of the text, the `to_name` of its
 * `<Text>` tag, the `from_name` of its `<Labels>` and `<Choices>`. Marginalia writes its own (`text`, `text`,
 * `label`, `choices`); import keeps those that differ in the document's meta (`label_studio.names`), and export
 * writes them back, so that the tasks fit the project they came from.
 */
export interface ProjectNames {
  data: string
  to_name: string
  labels: string
  choices: string
}

/** The names Marginalia writes where a document did not come from a Label Studio project with others. */
export const OWN_NAMES: ProjectNames = { data: 'text', to_name: 'text', labels: 'label', choices: 'choices' }

/**
 * A Label Studio region's `meta` as span attributes: the note Label Studio's region panel writes (`text`, one
 * string in a list) becomes the span's note, as the editor shows it; whatever else the meta holds, or a note
 * that is not one string of at most NOTE_MAX_LENGTH, is kept in `REGION_META`. `regionMetaOf` is its inverse.
 */
export function attrsOfRegionMeta(meta: unknown): { attrs: Record<string, unknown>; noted: boolean } {
  if (!isPlainObject(meta)) return { attrs: { [REGION_META]: meta }, noted: false }
  const { text, ...rest } = meta
  const note = Array.isArray(text) && text.length === 1 && typeof text[0] === 'string' && codePointLength(text[0]) <= NOTE_MAX_LENGTH ? text[0] : undefined
  if (note === undefined) return { attrs: { [REGION_META]: meta }, noted: false }
  return { attrs: { [SPAN_NOTE]: note, ...(Object.keys(rest).length > 0 ? { [REGION_META]: rest } : {}) }, noted: true }
}

/** The `meta` of the Label Studio region of a span with `attrs`: what import kept, with the span's note as its `text`. */
export function regionMetaOf(attrs: Record<string, unknown>): unknown {
  const kept = attrs[REGION_META]
  const note = attrs[SPAN_NOTE]
  if (kept !== undefined && !isPlainObject(kept)) return kept // not a meta Label Studio writes: given back as it came
  const meta = { ...kept, ...(typeof note === 'string' && note !== '' ? { text: [note] } : {}) }
  return Object.keys(meta).length > 0 ? meta : undefined
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

const UNIT_NAMES: Record<OffsetUnit, string> = { codepoints: 'code points', utf16: 'UTF-16 code units', utf8: 'UTF-8 bytes' }

/** A reason a task cannot be imported; the reader adds file and line. */
class TaskError extends Error {}

/** Every reason a task cannot be imported (`TaskBuild.attempt` gathers them). */
class TaskErrors extends Error {
  constructor(readonly reasons: readonly string[]) {
    super(reasons[0])
  }
}

/** `labelStudio` (a document's `meta.label_studio`) with what its annotations carry now (`withFieldsFrom`). */
function withAnnotationsKept(labelStudio: unknown, annotations: Record<string, unknown>[] | undefined): unknown {
  if (labelStudio === null || typeof labelStudio !== 'object' || Array.isArray(labelStudio)) return labelStudio
  const before = (labelStudio as Record<string, unknown>).annotations
  const after = withFieldsFrom(before, annotations ?? [])
  if (after.length === 0 && before === undefined) return labelStudio
  return { ...labelStudio, annotations: after } // in its place among the keys, so that nothing else moves
}

/**
 * `labelStudio` (a document's `meta.label_studio`) with the relation and choices keys and unlabeled relations read now (from results
 * edited in Label Studio, which lost Marginalia's keys) that it does not have yet.
 */
function withResultsKept(labelStudio: unknown, kept: Partial<Record<'relations' | 'choices' | 'unlabeled_relations', Record<string, unknown>[]>>): unknown {
  if (labelStudio === null || typeof labelStudio !== 'object' || Array.isArray(labelStudio)) return labelStudio
  const given = labelStudio as Record<string, unknown>
  const added = Object.fromEntries(
    (['relations', 'choices', 'unlabeled_relations'] as const).filter((key) => (kept[key] ?? []).length > 0).map((key) => [key, withEntries(given[key], kept[key] ?? [])]),
  )
  return { ...given, ...added }
}

/**
 * A time the import has checked (`checkTimes`) as ISO 8601, or undefined if none was given: as written, or,
 * as Label Studio before 1.0 wrote its completions' times, a number of seconds since 1970.
 */
function timeOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0 && value < EPOCH_SECONDS_LIMIT) return new Date(value * 1000).toISOString()
  return typeof value === 'string' && time.safeParse(value).success ? value : undefined
}

/** Seconds since 1970 up to this (the year 5138) are taken as a time. */
const EPOCH_SECONDS_LIMIT = 1e11

/** Refuses a `created_at` or `updated_at` of `owner` (at `where`) that is neither an ISO 8601 time with a time zone nor seconds since 1970. */
function checkTimes(owner: { created_at?: unknown; updated_at?: unknown }, where: string): void {
  for (const key of ['created_at', 'updated_at'] as const) {
    const value = owner[key]
    if (value === undefined || value === null || timeOf(value) !== undefined) continue
    const parsed = time.safeParse(value)
    if (!parsed.success) throw new TaskError(`${where === '' ? '' : `${where}.`}${key}: ${parsed.error.issues[0].message}`)
  }
}

function stringList(value: unknown): string[] | null {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value as string[]) : null
}

/** The annotator of a Label Studio annotation, and a remark when it had to be made up from a user id. */
export function annotatorOf(annotation: Pick<LsAnnotation, 'completed_by' | 'created_username'>): { name: string | undefined; remark?: string } {
  const by = annotation.completed_by
  if (by !== null && typeof by === 'object' && !Array.isArray(by)) {
    const email = (by as Record<string, unknown>).email
    if (typeof email === 'string' && email !== '') return { name: email }
  }
  const username = annotation.created_username?.trim()
  if (username !== undefined && username !== '') {
    // Label Studio writes "First Last email, id"; Marginalia writes the annotator's name.
    const labelStudio = /(\S+@\S+), \d+$/.exec(username)
    return { name: (labelStudio?.[1] ?? username).slice(0, 200) }
  }
  if (typeof by === 'string' && by !== '') return { name: by.slice(0, 200) }
  const id = typeof by === 'number' ? by : by !== null && typeof by === 'object' ? (by as Record<string, unknown>).id : undefined
  if (typeof id === 'number' && Number.isInteger(id)) {
    return { name: `label-studio-user-${id}`, remark: 'annotator named label-studio-user-<id> after a numeric Label Studio user id' }
  }
  return { name: undefined }
}

/** The text of a task: its data key, and the `to_name` of the results on it (undefined: none names it). */
interface TaskText {
  key: string
  text: string
  toName: string | undefined
}

/**
 * The text of a task. Its data key: `text` if a `labels` result's `to_name` names it, else the first other data
 * key (not `title`) one names, else `data.text`, else the task's only string, else the one string holding every
 * region's `value.text` at its offsets (`fieldOfRegions`, said in `remarks`). The results on it: those whose
 * `to_name` is that key, or else the one `to_name` naming no data key (a `<Text>` tag named apart from its data
 * key); a region whose `to_name` names another data key is on that field, not on the text.
 */
function textOf(task: Task, annotations: LsAnnotation[], offsets: OffsetUnit, remarks: string[]): TaskText {
  const data = task.data
  const isText = (key: string): boolean => Object.hasOwn(data, key) && typeof data[key] === 'string'
  const targets = [
    ...new Set(annotations.flatMap((annotation) => (annotation.result ?? []).filter((result) => result.type === 'labels').map((result) => result.to_name))),
  ].filter((name): name is string => typeof name === 'string')
  const onData = targets.filter(isText)
  const strings = Object.keys(data).filter((key) => isText(key) && key !== 'title')
  let key = onData.includes('text')
    ? 'text'
    : (onData.find((name) => name !== 'title') ?? (isText('text') ? 'text' : (onData[0] ?? (strings.length === 1 ? strings[0] : undefined))))
  if (key === undefined && Object.hasOwn(data, 'text')) {
    const given = data.text === null ? 'null' : Array.isArray(data.text) ? 'an array' : typeof data.text === 'object' ? 'an object' : `a ${typeof data.text}`
    throw new TaskError(`data.text: must be a string (it is ${given})`)
  }
  if (key === undefined && strings.length > 1) {
    const results = annotations.flatMap((annotation) => annotation.result ?? [])
    const found = fieldOfRegions(data, strings, results, offsets)
    if ('why' in found) {
      throw new TaskError(`data: no text to annotate: data has ${Object.keys(data).join(', ')}, and ${found.why}; expected data.text: import a copy of the file with the text under data.text`)
    }
    remarks.push(`Label Studio text read from data.${found.key}, the one data field holding every region's value.text at its offsets`)
    key = found.key
  }
  if (key === undefined) throw new TaskError(`data: no text to annotate (expected data.text; data has ${Object.keys(data).join(', ') || 'no keys'})`)
  const unknown = targets.filter((name) => !isText(name))
  if (unknown.length > (targets.includes(key) ? 0 : 1)) {
    throw new TaskError(
      `to_name: labels results name ${targets.map((name) => JSON.stringify(name)).join(', ')}, and ${unknown.length === 1 ? 'it names' : 'they name'} no data key: ` +
        `Marginalia cannot tell which holds the text (data.${key})`,
    )
  }
  return { key, text: data[key] as string, toName: targets.includes(key) ? key : unknown[0] }
}

/** A span as read, offsets in code points of the text as given. */
interface RawSpan {
  start: number
  end: number
  /** The result it was read from (`annotations[0].result[2]`), named in a refusal. */
  where: string
  span: Omit<ParsedSpan, 'start' | 'end'>
}

/** One task's document, being built. */
class TaskBuild {
  readonly spans: RawSpan[] = []
  readonly relations: ParsedRelation[] = []
  readonly labels: ParsedDocumentLabel[] = []
  readonly remarks: string[] = []
  readonly kept: {
    results?: Result[]
    predictions?: unknown[]
    drafts?: unknown[]
    cancelled?: unknown[]
    /** The task's keys not read (`label-studio-kept.ts`). */
    task?: Record<string, unknown>
    /** Each annotation's keys not read, with its annotator. */
    annotations?: Record<string, unknown>[]
    /** Choices of a second `<Choices>` tag that the first has too (`ChoiceTags`), with their annotator and tag. */
    shared_choices?: Record<string, unknown>[]
    /** Each `choices` result's keys not read, with its annotator. */
    choices?: Record<string, unknown>[]
    /** Each relation result's keys not read, with the relation they belong to (`relationEntry`). */
    relations?: Record<string, unknown>[]
    /** Relation results without a label, with the spans they link (`unlabeledRelationEntry`). */
    unlabeled_relations?: Record<string, unknown>[]
  } = {}
  /** Where each document label was read from (`annotations[0].result[4].value.choices`), by index in `labels`. */
  readonly labelNames: string[] = []
  /** Where each relation was read from (`annotations[0].result[3]`), by index in `relations`. */
  readonly relationNames: string[] = []
  /** Relation results without a label, with the spans (indexes in `spans`) of their from and to regions. */
  readonly unlabeled: { from: number; to: number; annotator: string | undefined; result: Result }[] = []
  /** The unread keys of relation results, by the relation (index in `relations`) they were read into. */
  readonly relationKeys: { relation: number; keys: Record<string, unknown> }[] = []
  /** The `from_name` of the first `labels` result read. */
  readonly fromNames: { labels?: string } = {}
  /** The tag (`from_name`) of each document-level choice read. */
  readonly choiceTags = new ChoiceTags()
  /** The tags (`from_name`) of the per-region choices read as span attributes. */
  readonly regionChoices = new Set<string>()
  /** The ids of regions on another field than the text, left out. */
  readonly elsewhere = new Set<string>()
  /** Why the task cannot be imported: every problem found, so that each is said. */
  readonly problems: string[] = []
  /** The ids of regions refused (a problem says why): relations to them are not checked again. */
  readonly refused = new Set<string>()
  readonly units: TextUnits
  readonly text: string

  constructor(
    readonly source: TaskText,
    readonly offsets: OffsetUnit,
  ) {
    this.text = source.text
    this.units = new TextUnits(source.text, offsets)
  }

  /** Runs `check`, noting the reason of a TaskError it throws; true if it threw none. */
  attempt(check: () => void): boolean {
    try {
      check()
      return true
    } catch (error) {
      if (!(error instanceof TaskError)) throw error
      this.problems.push(error.message)
      return false
    }
  }

  /** Throws TaskErrors naming every problem noted, if any. */
  throwIfAny(): void {
    if (this.problems.length > 0) throw new TaskErrors(this.problems)
  }

  /** Leaves out a result that is not on the text (kept in the meta), saying why. */
  setAside(result: Result, why: string): void {
    this.remarks.push(`${why}, left out (kept in the document's meta, label_studio.results)`)
    ;(this.kept.results ??= []).push(result)
  }

  /** The code point offset of `value`, or a TaskError saying why it is none. */
  codePoint(value: unknown, where: string): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new TaskError(`${where}: must be a non-negative integer`)
    const at = this.units.toCodePoints(value)
    if (at !== null) return at
    const length = this.units.fromCodePoints(this.units.index.length)
    throw new TaskError(
      value > length
        ? `${where}: ${value} is past the end of the text (${countedIn(length, UNIT_NAMES[this.offsets])})`
        : `${where}: ${value} falls inside a character (offsets count ${UNIT_NAMES[this.offsets]})`,
    )
  }

  /** A hint naming the unit in which `start`/`end` slice to `text`, if another one does. */
  unitHint(start: number, end: number, text: string): string {
    for (const unit of OFFSET_UNITS) {
      if (unit === this.offsets) continue
      const other = new TextUnits(this.text, unit)
      const from = other.toCodePoints(start)
      const to = other.toCodePoints(end)
      if (from !== null && to !== null && to > from && sliceCodePoints(this.text, other.index, from, to) === text) {
        return `; they fit as ${UNIT_NAMES[unit]}: import with --offsets ${unit}`
      }
    }
    return ''
  }
}

/** Adds the spans of a `labels` result; returns the indexes of the spans it made. */
function addLabels(build: TaskBuild, result: Result, where: string, annotation: LsAnnotation, annotator: string | undefined): number[] {
  const value = result.value as Record<string, unknown> | undefined
  if (value === undefined || value === null || typeof value !== 'object') throw new TaskError(`${where}.value: is required and must be an object`)
  const labels = stringList(value.labels)
  if (labels === null || labels.length === 0 || labels.some((label) => label === '')) throw new TaskError(`${where}.value.labels: must be an array of one or more labels`)
  const start = build.codePoint(value.start, `${where}.value.start`)
  const end = build.codePoint(value.end, `${where}.value.end`)
  if (end < start) throw new TaskError(`${where}.value: start ${String(value.start)} is after end ${String(value.end)}`)
  if (end === start) throw new TaskError(`${where}.value: start and end are both ${String(value.start)}, an empty span`)
  if (value.text !== undefined) {
    const slice = sliceCodePoints(build.text, build.units.index, start, end)
    if (slice !== value.text) {
      throw new TaskError(
        `${where}.value.text: ${JSON.stringify(value.text)} differs from the text at [${String(value.start)}, ${String(value.end)}): ${JSON.stringify(slice)} ` +
          `(offsets count ${UNIT_NAMES[build.offsets]}${typeof value.text === 'string' ? build.unitHint(value.start as number, value.end as number, value.text) : ''})`,
      )
    }
  }
  const extra = marginaliaSpan.safeParse(result.marginalia)
  const ours = extra.success ? extra.data : undefined
  if (labels.length > 1) build.remarks.push('Label Studio region with several labels read as one span per label')
  const fromMeta = ours?.attrs === undefined && result.meta !== undefined ? attrsOfRegionMeta(result.meta) : undefined
  if (fromMeta !== undefined) {
    if (!fromMeta.noted) build.remarks.push(`Label Studio region meta kept in the span's attrs (${REGION_META}), which export writes back`) // a note is the span's note: nothing to say
    if (fromMeta.noted && REGION_META in fromMeta.attrs) build.remarks.push(`the rest of a Label Studio region's meta kept in the span's attrs (${REGION_META}), which export writes back`)
  }
  const region = ours === undefined ? regionKeysKept(result) : null
  if (region !== null) build.remarks.push(regionKeysRemark(region))
  const attrs = ours?.attrs ?? { ...fromMeta?.attrs, ...(region === null ? {} : { [REGION_KEPT]: region }) }
  return labels.map((label) => {
    build.spans.push({
      start,
      end,
      where,
      span: {
        id: labels.length === 1 ? ours?.id : undefined,
        label,
        attrs,
        annotator,
        createdAt: ours?.created_at ?? timeOf(annotation.created_at),
        updatedAt: ours?.updated_at ?? timeOf(annotation.updated_at),
      },
    })
    return build.spans.length - 1
  })
}

/** Adds the relations of a `relation` result between regions of the same annotation. */
function addRelation(build: TaskBuild, result: Result, where: string, regions: Map<string, number[]>, annotation: LsAnnotation, annotator: string | undefined): void {
  const from = regions.get(String(result.from_id))
  const to = regions.get(String(result.to_id))
  if ([result.from_id, result.to_id].some((id) => build.refused.has(String(id)))) return // its region is refused already, saying why
  if ((from === undefined && build.elsewhere.has(String(result.from_id))) || (to === undefined && build.elsewhere.has(String(result.to_id)))) {
    return build.setAside(result, 'Label Studio relation to a region on another field than the text')
  }
  if (from === undefined || to === undefined) {
    const missing = from === undefined ? `from_id ${JSON.stringify(result.from_id)}` : `to_id ${JSON.stringify(result.to_id)}`
    throw new TaskError(`${where}.${missing.split(' ')[0]}: there is no labels region ${missing.split(' ')[1]} in this ${where.startsWith('meta') ? 'task' : 'annotation'}`)
  }
  if (String(result.from_id) === String(result.to_id)) throw new TaskError(`${where}: from_id and to_id are the same region ${JSON.stringify(result.from_id)}`)
  const labels = stringList(result.labels) ?? []
  if (labels.length === 0) {
    build.remarks.push("Label Studio relation without a label kept in the document's meta (label_studio.unlabeled_relations), which export writes back")
    build.unlabeled.push({ from: from[0], to: to[0], annotator, result })
    return
  }
  if (result.direction === 'bi') build.remarks.push('bidirectional Label Studio relation read as from_id → to_id')
  const [heads, children] = result.direction === 'left' ? [to, from] : [from, to]
  if (heads.length * children.length > 1) build.remarks.push('Label Studio relation between regions with several labels read as one relation per pair of spans')
  const extra = marginaliaRelation.safeParse(result.marginalia)
  const ours = extra.success ? extra.data : undefined
  // A relation Marginalia wrote got its other keys from the document's meta, which comes back whole.
  const keys = ours === undefined ? relationKeysKept(result) : null
  if (keys !== null) build.remarks.push(relationKeysRemark(keys))
  const single = labels.length === 1 && heads.length === 1 && children.length === 1
  for (const label of labels) {
    for (const head of heads) {
      for (const child of children) {
        if (keys !== null) build.relationKeys.push({ relation: build.relations.length, keys })
        build.relationNames.push(where)
        build.relations.push({
          id: single ? ours?.id : undefined,
          head,
          child,
          label,
          annotator: ours?.annotator ?? annotator,
          createdAt: ours?.created_at ?? timeOf(annotation.created_at),
          updatedAt: ours?.updated_at ?? timeOf(annotation.updated_at),
        })
      }
    }
  }
}

/** Adds document labels from a `choices` result. */
function addChoices(build: TaskBuild, result: Result, where: string, annotation: LsAnnotation, annotator: string | undefined): void {
  const choices = stringList((result.value as Record<string, unknown> | undefined)?.choices)
  if (choices === null) throw new TaskError(`${where}.value.choices: must be an array of labels`)
  const tag = typeof result.from_name === 'string' && result.from_name !== '' ? result.from_name : undefined
  const { labels, remarks } = build.choiceTags.read(tag, choices.filter((label) => label !== ''), annotator)
  build.remarks.push(...remarks)
  const extra = marginaliaChoices.safeParse(result.marginalia)
  // A choices result Marginalia wrote got its other keys from the document's meta, which comes back whole.
  const kept = extra.success ? null : choicesKeysKept(result, annotator)
  if (kept !== null) {
    build.remarks.push(choicesKeysRemark(kept))
    ;(build.kept.choices ??= []).push(kept)
  }
  const times = new Map((extra.success ? extra.data.labels : []).map((label) => [label.label, label.created_at]))
  for (const choice of labels) {
    build.labelNames.push(`${where}.value.choices`)
    build.labels.push({ label: choice, annotator, createdAt: times.get(choice) ?? timeOf(annotation.created_at) })
  }
}

/**
 * Reads a per-region `choices` result (`isRegionChoice`) as the span attribute its tag names, on the spans of the
 * region its `id` names, else of the regions at its offsets; one on no region of the annotation is left out, kept.
 */
function addRegionChoice(build: TaskBuild, result: Result, where: string, regions: ReadonlyMap<string, number[]>): void {
  const value = (result.value ?? {}) as Record<string, unknown>
  const choices = stringList(value.choices)
  if (choices === null) throw new TaskError(`${where}.value.choices: must be an array of labels`)
  const tag = result.from_name
  if (!isRegionChoiceTag(tag)) return build.setAside(result, `Label Studio per-region choice of ${JSON.stringify(tag)}, a name no span attribute takes`)
  let indexes = regions.get(String(result.id))
  if (indexes === undefined && value.start !== undefined && value.end !== undefined) {
    const start = build.codePoint(value.start, `${where}.value.start`)
    const end = build.codePoint(value.end, `${where}.value.end`)
    indexes = [...new Set([...regions.values()].flat())].filter((i) => build.spans[i].start === start && build.spans[i].end === end)
  }
  if (indexes === undefined || indexes.length === 0) return build.setAside(result, 'Label Studio per-region choice on no region of its annotation')
  const left = regionChoiceKeysLeft(result)
  if (left.length > 0) build.remarks.push(`Label Studio per-region choice keys not kept: ${left.join(', ')}`)
  const nonEmpty = choices.filter((choice) => choice !== '')
  if (nonEmpty.length === 0) return
  for (const i of indexes) build.spans[i].span.attrs = { ...build.spans[i].span.attrs, [tag]: regionChoiceAttr(nonEmpty) }
  build.regionChoices.add(tag)
}

/** Reads one annotation's results into the build. */
function addAnnotation(build: TaskBuild, annotation: LsAnnotation, where: string, taskRegions: Map<string, number[]>, ownIds: boolean): void {
  const { name, remark } = annotatorOf(annotation)
  if (remark !== undefined) build.remarks.push(remark)
  build.attempt(() => checkTimes(annotation, where))
  const kept = annotationKeysKept(annotation, name, ownIds)
  const left = ownIds ? ownAnnotationKeysLeft(annotation) : []
  if (left.length > 0) build.remarks.push(`Label Studio annotation keys not kept, as Label Studio sets them on a task Marginalia wrote: ${left.join(', ')}`)
  if (kept !== null) {
    build.remarks.push(annotationKeysRemark(kept))
    ;(build.kept.annotations ??= []).push(kept)
  }
  const results = annotation.result ?? []
  const regions = new Map<string, number[]>()
  // Regions first, so that a relation may come before the regions it links.
  results.forEach((result, i) => {
    if (result.type !== 'labels') return
    const { key, toName } = build.source
    if (typeof result.to_name === 'string' && result.to_name !== toName) {
      if (typeof result.id === 'string' || typeof result.id === 'number') build.elsewhere.add(String(result.id))
      return build.setAside(result, `Label Studio region on data.${result.to_name}, not the text imported (data.${key})`)
    }
    if (typeof result.from_name === 'string') build.fromNames.labels ??= result.from_name
    let indexes: number[] = []
    if (!build.attempt(() => void (indexes = addLabels(build, result, `${where}.result[${i}]`, annotation, name)))) {
      if (typeof result.id === 'string' || typeof result.id === 'number') build.refused.add(String(result.id))
      return
    }
    if (typeof result.id === 'string' || typeof result.id === 'number') {
      regions.set(String(result.id), [...(regions.get(String(result.id)) ?? []), ...indexes])
      taskRegions.set(String(result.id), [...(taskRegions.get(String(result.id)) ?? []), ...indexes])
    }
  })
  results.forEach((result, i) => {
    if (result.type === 'labels') return
    if (result.type === 'relation') build.attempt(() => addRelation(build, result, `${where}.result[${i}]`, regions, annotation, name))
    else if (result.type === 'choices' && isRegionChoice(result, regions)) build.attempt(() => addRegionChoice(build, result, `${where}.result[${i}]`, regions))
    else if (result.type === 'choices') build.attempt(() => addChoices(build, result, `${where}.result[${i}]`, annotation, name))
    else {
      build.remarks.push(`Label Studio ${typeof result.type === 'string' ? result.type : 'untyped'} result kept in the document's meta (label_studio.results), not imported as an annotation`)
      ;(build.kept.results ??= []).push(result)
    }
  })
}

/** The document of one task, or a TaskError. */
function documentOf(
  task: Task,
  index: number,
  input: InputFile,
  offsets: OffsetUnit,
): { document: ParsedDocument & { id: string }; notes: RecordNotes; spanNames: string[]; relationNames: string[]; labelNames: string[] } {
  const annotations = [...(task.annotations ?? []), ...(task.completions ?? [])]
  const textRemarks: string[] = []
  const source = textOf(task, annotations, offsets, textRemarks)
  const { key, text } = source
  const build = new TaskBuild(source, offsets)
  build.remarks.push(...textRemarks)
  const taskRegions = new Map<string, number[]>()
  const ours = marginaliaTask.safeParse(task.meta?.marginalia)
  build.attempt(() => checkTimes(task, ''))
  const taskKept = taskKeysKept(task)
  if (taskKept !== null) {
    build.remarks.push(taskKeysRemark(taskKept, ours.success))
    // A task Marginalia wrote is its document: what Label Studio added to it is its own bookkeeping, named only,
    // so that a trip through Label Studio gives the document back as it was.
    if (!ours.success) build.kept.task = taskKept
  }
  annotations.forEach((annotation, i) => {
    const where = `${task.annotations !== undefined && i < task.annotations.length ? 'annotations' : 'completions'}[${task.annotations !== undefined && i >= task.annotations.length ? i - task.annotations.length : i}]`
    if (annotation.was_cancelled === true) {
      if ((annotation.result ?? []).length > 0) build.remarks.push("annotation cancelled (skipped) in Label Studio left out (kept in the document's meta)")
      ;(build.kept.cancelled ??= []).push(annotation)
      return
    }
    addAnnotation(build, annotation, where, taskRegions, ours.success)
  })
  ;(ours.success ? (ours.data.relations ?? []) : []).forEach((relation, i) => {
    const where = `meta.marginalia.relations[${i}]`
    build.attempt(() => {
      if (typeof relation.head !== 'string' || typeof relation.child !== 'string') throw new TaskError(`${where}: needs head and child region ids`)
      const result = { ...relation, type: 'relation', from_id: relation.head, to_id: relation.child, direction: 'right' }
      addRelation(build, result, where, taskRegions, {}, undefined)
    })
  })
  if ((task.predictions ?? []).length > 0) {
    build.remarks.push("Label Studio predictions (model output) kept in the document's meta (label_studio.predictions), not imported as annotations")
    build.kept.predictions = task.predictions
  }
  if ((task.drafts ?? []).length > 0) {
    build.remarks.push("Label Studio drafts kept in the document's meta (label_studio.drafts), not imported as annotations")
    build.kept.drafts = task.drafts
  }

  // Exact duplicates (same offsets, label and annotator) are merged by the import, which names the relations
  // between two of them it leaves out; one span id may be given to such copies, not to two different spans.
  const idOwners = new Map<number, string>()
  for (const raw of build.spans) {
    const id = raw.span.id
    if (id === undefined) continue
    const signature = `${raw.start}:${raw.end}:${raw.span.label}:${raw.span.annotator ?? ''}`
    if ((idOwners.get(id) ?? signature) !== signature) build.problems.push(`span id ${id} (marginalia.id) is given to two regions`)
    idOwners.set(id, signature)
  }

  const normalised = normaliseText(text)
  const spans = build.spans.map(({ start, end, span }) => ({ ...span, start: normalised.mapOffset(start), end: normalised.mapOffset(end) }))
  if (spans.some((span) => span.start === span.end)) build.problems.push('a span covers only a line-end CR or BOM, which import drops')
  build.throwIfAny()

  // Each relation's kept keys, with the relation named by what stays when the import renumbers spans and merges copies.
  const place = (index: number) => ({ start: spans[index].start, end: spans[index].end, label: spans[index].label })
  const relationKeys = build.relationKeys.map(({ relation, keys }) => {
    const { label, annotator, head, child } = build.relations[relation]
    return relationEntry({ label, annotator, head: place(head), child: place(child) }, keys)
  })
  if (relationKeys.length > 0) build.kept.relations = relationKeys
  const unlabeled = build.unlabeled.map(({ from, to, annotator, result }) => unlabeledRelationEntry(annotator, place(from), place(to), result))
  if (unlabeled.length > 0) build.kept.unlabeled_relations = unlabeled

  const { marginalia: _ours, ...taskMeta } = task.meta ?? {}
  const meta: Record<string, unknown> = ours.success ? { ...(ours.data.meta ?? {}) } : { ...(task.meta ?? {}) }
  if (ours.success) Object.assign(meta, Object.fromEntries(Object.entries(taskMeta).filter(([k]) => !(k in meta))))
  const otherData = Object.fromEntries(Object.entries(task.data).filter(([k]) => k !== key && k !== 'title'))
  const used: ProjectNames = { data: key, to_name: source.toName ?? key, labels: build.fromNames.labels ?? OWN_NAMES.labels, choices: build.choiceTags.first ?? OWN_NAMES.choices }
  const choiceTags = build.choiceTags.otherTags()
  const names = {
    ...Object.fromEntries(Object.entries(used).filter(([name, value]) => value !== OWN_NAMES[name as keyof ProjectNames])),
    ...(choiceTags === undefined ? {} : { choice_tags: choiceTags }),
    // A task Marginalia wrote had its per-region choices from the span attributes export was told of.
    ...(build.regionChoices.size > 0 && !ours.success ? { region_choices: [...build.regionChoices] } : {}),
  }
  if (build.choiceTags.shared.length > 0) build.kept.shared_choices = build.choiceTags.shared
  const kept = { ...(Object.keys(otherData).length > 0 ? { data: otherData } : {}), ...(Object.keys(names).length > 0 ? { names } : {}), ...build.kept }
  // A task Marginalia wrote carries the document's meta whole: its label_studio, which the export also gave back
  // to Label Studio's own fields, stays as it was.
  const ownKept = ours.success && ours.data.meta !== undefined && 'label_studio' in ours.data.meta
  if (Object.keys(kept).length > 0 && !ownKept) meta.label_studio = kept
  // What Label Studio says of the annotations now (ground truth marked there since) wins over what was written.
  if (ownKept) meta.label_studio = withResultsKept(withAnnotationsKept(meta.label_studio, build.kept.annotations), build.kept)

  const notes: RecordNotes = {}
  if (build.remarks.length > 0) notes.remarks = build.remarks
  const id = ours.success ? ours.data.id : task.id === undefined ? defaultId(input, index + 1, normalised.text) : String(task.id)
  return {
    document: {
      id,
      title: typeof task.data.title === 'string' ? task.data.title : undefined,
      text: normalised.text,
      meta,
      status: ours.success ? ours.data.status : undefined,
      createdAt: timeOf(task.created_at),
      updatedAt: timeOf(task.updated_at),
      spans,
      relations: build.relations,
      labels: build.labels,
    },
    notes,
    spanNames: build.spans.map((raw) => raw.where),
    relationNames: build.relationNames,
    labelNames: build.labelNames,
  }
}

/** Every task of a Label Studio export as a document, or why not, with the line each task starts on. */
export function* readLabelStudio(input: InputFile, context: ReadContext): Generator<InputRecord> {
  const file = readJsonText(input.path, context.onBytes)
  if ('error' in file) {
    yield { file: input.path, ...file }
    return
  }
  if (file.text.trim() === '') return
  const parsed = parseJsonFile(file.text)
  if ('error' in parsed) {
    yield { file: input.path, line: parsed.line, error: parsed.error }
    return
  }
  if (!Array.isArray(parsed.value)) {
    yield { file: input.path, line: 1, error: 'expected a Label Studio JSON export: a JSON array of tasks' }
    return
  }
  const lines = parsed.elementLines('')
  if (isJsonMinRecord(parsed.value[0])) {
    yield { file: input.path, line: lines[0] ?? 1, error: JSON_MIN_REFUSAL }
    return
  }
  const offsets = context.offsets ?? 'utf16'
  for (const [i, value] of parsed.value.entries()) {
    const where = { file: input.path, line: lines[i] ?? null }
    // A task that shares its line with another (an export written on one line) is named by its place in the array.
    const alone = lines[i] === undefined || (lines[i - 1] !== lines[i] && lines[i + 1] !== lines[i])
    const named = (name: string): string => (alone ? name : `[${i}].${name}`)
    const refused = (reason: string) => ({ ...where, error: alone ? reason : `task [${i}]: ${reason}`, record: `${input.path}#${i}` })
    const problem = unimportable(value, MAX_RECORD_NESTING)
    if (problem !== null) {
      yield refused(problem)
      continue
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      yield refused('each task must be a JSON object')
      continue
    }
    const task = taskShape.safeParse(value)
    if (!task.success) {
      yield refused(describeZodIssue(task.error.issues[0]))
      continue
    }
    try {
      const { spanNames, relationNames, labelNames, ...read } = documentOf(task.data, i, input, offsets)
      const at = (name: string) => ({ file: input.path, line: where.line ?? 1, name: named(name) })
      yield { ...where, ...read, origins: { spans: spanNames.map(at), relations: relationNames.map(at), labels: labelNames.map(at) } }
    } catch (error) {
      if (error instanceof TaskErrors) for (const reason of error.reasons) yield refused(reason)
      else if (error instanceof TaskError) yield refused(error.message)
      else throw error
    }
  }
}

/**
 * True if the first bytes of a `.json` file are a Label Studio export: an array of tasks with `data`, or of the
 * records of its JSON-MIN export (which the reader refuses, saying why).
 */
export function looksLikeLabelStudio(head: string): boolean {
  const text = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head
  if (/"@context"/.test(text)) return false
  return (/^\s*\[\s*(\{|\])/.test(text) && (/^\s*\[\s*\]\s*$/.test(text) || /"data"\s*:\s*\{/.test(text))) || looksLikeJsonMin(text)
}
