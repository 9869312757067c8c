/**
 * One JSON import record turned into a document to import, whichever tool's shape it has (see
 * `record-shapes.ts`). Offsets are read in the unit asked for (code points unless `--offsets` says
 * otherwise), checked against the text as given, then carried over to the normalised text. Nothing is lost
 * without a word: keys the import does not understand are kept in the document's meta (and reported when
 * they look like annotations), spans of records not accepted are left out and counted (the import merges
 * spans given twice: `twin-spans.ts`).
 */
import { MAX_ID, type DocumentStatus } from '../../shared/corpus-types'
import { sliceCodePoints } from '../../shared/offsets'
import type { RecordNotes } from '../formats/format'
import { OFFSET_UNITS, TextUnits, type OffsetUnit } from '../formats/units'
import { describeZodIssue, unimportable } from '../validation'
import { MAX_RECORD_NESTING } from '../../shared/nesting'
import { normaliseText } from './normalise'
import { takenAsItIs } from './exact-shape'
import { DROPPED_KEYS, KNOWN_KEYS, recordShape, type RecordShape } from './record-shapes'
import { countedIn } from '../../shared/text'

export { MAX_NESTING, MAX_RECORD_NESTING } from '../../shared/nesting'

/** A span ready to import: offsets in code points of the normalised text. */
export interface ParsedSpan {
  id: number | undefined
  start: number
  end: number
  label: string
  attrs: Record<string, unknown>
  annotator: string | undefined
  createdAt: string | undefined
  updatedAt: string | undefined
}

/** A relation ready to import; `head` and `child` index into the record's `spans`. */
export interface ParsedRelation {
  id: number | undefined
  head: number
  child: number
  label: string
  annotator: string | undefined
  createdAt: string | undefined
  updatedAt: string | undefined
}

/** A document-level label ready to import. */
export interface ParsedDocumentLabel {
  label: string
  annotator: string | undefined
  createdAt: string | undefined
}

/** A document ready to import. */
export interface ParsedDocument {
  id: string | undefined
  title: string | undefined
  text: string
  meta: Record<string, unknown>
  status: DocumentStatus | undefined
  createdAt: string | undefined
  updatedAt: string | undefined
  spans: ParsedSpan[]
  relations: ParsedRelation[]
  labels: ParsedDocumentLabel[]
  /** The disagreements a curator settled as nothing (Marginalia's JSONL), if any. */
  settledAsNothing?: { place: string; annotator: string; createdAt: string }[]
}

/** How a record is read. */
export interface ParseOptions {
  /** What the record's offsets count (default code points). */
  offsets: OffsetUnit
  /** Prodigy answers: take spans only from accepted records (default), or from all, marked in `attrs.answer`. */
  answers: 'accepted' | 'all'
  /** False while the record is checked again without its wrong fields (`problemsBesides`): that check looks no further. */
  besides?: boolean
}

/** The reasons why a record cannot be imported (the first is its message); the caller adds file and line. */
export class RecordError extends Error {
  readonly reasons: string[]
  constructor(reasons: string | readonly string[]) {
    const list = typeof reasons === 'string' ? [reasons] : [...reasons]
    super(list[0])
    this.reasons = list
  }
}

/**
 * The problems of a record, gathered so that all of them are reported, not only the first: `attempt` runs a
 * check, noting the reasons of a RecordError it throws and giving `fallback` instead.
 */
class Problems {
  readonly reasons: string[] = []

  attempt<T>(fallback: T, check: () => T): T {
    try {
      return check()
    } catch (error) {
      if (!(error instanceof RecordError)) throw error
      this.reasons.push(...error.reasons)
      return fallback
    }
  }

  /** Throws a RecordError naming every problem noted, if any. */
  throwIfAny(): void {
    if (this.reasons.length > 0) throw new RecordError([...new Set(this.reasons)])
  }
}

/** The record fields that hold spans. */
type SpanField = 'spans' | 'ents' | 'entities' | 'annotations' | 'label' | 'labels'

interface RawSpan {
  /** Where the record gave it: `field[index]` (see `whereOf`). */
  field: SpanField
  index: number
  /** The id a relation uses for it (doccano's entity ids may be 0); kept as the span's id only when valid. */
  linkId: number | undefined
  id: number | undefined
  start: number
  end: number
  label: string
  text: string | undefined
  attrs: Record<string, unknown>
  annotator: string | undefined
  createdAt: string | undefined
  updatedAt: string | undefined
}

/** The attrs of every span given without any: one object for all, frozen, as nothing may add to it. */
const NO_ATTRS: Record<string, unknown> = Object.freeze({})

const NO_EXTRAS = { text: undefined, attrs: NO_ATTRS, annotator: undefined, createdAt: undefined, updatedAt: undefined }

/** Where a record gave `span`, as its problems name it: `spans[3]`. */
const whereOf = (span: Pick<RawSpan, 'field' | 'index'>): string => `${span.field}[${span.index}]`

/** Every span of a record, whichever shape it came in, with offsets as given. */
function rawSpans(record: RecordShape): RawSpan[] {
  const spans: RawSpan[] = []
  record.spans?.forEach((span, i) =>
    spans.push({
      field: 'spans',
      index: i,
      linkId: span.id,
      id: span.id,
      start: span.start,
      end: span.end,
      label: span.label,
      text: span.text,
      attrs: span.attrs ?? NO_ATTRS,
      annotator: span.annotator,
      createdAt: span.created_at,
      updatedAt: span.updated_at,
    }),
  )
  record.ents?.forEach((ent, i) => spans.push({ ...NO_EXTRAS, field: 'ents', index: i, linkId: undefined, id: undefined, start: ent.start, end: ent.end, label: ent.label }))
  // doccano's entity ids link relations, and may be 0: one that is a valid span id is kept as the span's id.
  record.entities?.forEach((entity, i) => {
    const id = entity.id !== undefined && entity.id > 0 && entity.id <= MAX_ID ? entity.id : undefined
    spans.push({ ...NO_EXTRAS, field: 'entities', index: i, linkId: entity.id, id, start: entity.start_offset, end: entity.end_offset, label: entity.label })
  })
  record.annotations?.forEach((annotation, i) => {
    const label = annotation.label_name ?? (annotation.label === undefined ? undefined : String(annotation.label))
    if (label === undefined) throw new RecordError(`annotations[${i}]: has neither label_name nor label`)
    const user = annotation.user_name ?? (annotation.user === undefined ? undefined : String(annotation.user))
    spans.push({ ...NO_EXTRAS, field: 'annotations', index: i, linkId: undefined, id: undefined, start: annotation.start_offset, end: annotation.end_offset, label, annotator: user, createdAt: annotation.created_at, updatedAt: annotation.updated_at })
  })
  const tuples = (field: 'label' | 'labels', items: unknown[] | undefined) =>
    items?.forEach((item, i) => {
      if (Array.isArray(item)) {
        const [start, end, label] = item as [number, number, string]
        spans.push({ ...NO_EXTRAS, field, index: i, linkId: undefined, id: undefined, start, end, label })
      }
    })
  if (Array.isArray(record.label)) tuples('label', record.label)
  tuples('labels', record.labels)
  return spans
}

/** The unit under which `span`'s offsets slice to its text, other than `unit`, if any: a hint for `--offsets`. */
function unitThatFits(span: RawSpan, text: string, unit: OffsetUnit): OffsetUnit | null {
  for (const other of OFFSET_UNITS) {
    if (other === unit || span.text === undefined) continue
    const units = new TextUnits(text, other)
    const start = units.toCodePoints(span.start)
    const end = units.toCodePoints(span.end)
    if (start !== null && end !== null && end > start && sliceCodePoints(text, units.index, start, end) === span.text) return other
  }
  return null
}

const UNIT_NAMES: Record<OffsetUnit, string> = { codepoints: 'Unicode code points', utf16: 'UTF-16 code units', utf8: 'UTF-8 bytes' }

/** What an import says of records whose offsets look like UTF-16 code units read as code points. */
export const UTF16_HINT =
  'spans without their text, in records with emoji (or other characters past U+FFFF), cut words as code points ' +
  'but fit word edges as UTF-16 code units: if the input comes from a JavaScript tool, import it again with --offsets utf16 ' +
  '(into a new corpus, or with --existing replace: the documents are in this one now)'

const WORD_CHARACTER = /[\p{L}\p{N}\p{M}_]/u

/** True if UTF-16 index `at` of `text` is at the edge of a word (or of the text), not inside a word or a character. */
export function atWordEdge(text: string, at: number): boolean {
  if (at <= 0 || at >= text.length) return true
  const low = (i: number) => /[\uDC00-\uDFFF]/.test(text[i])
  if (low(at)) return false // between the two halves of one character
  const before = String.fromCodePoint(text.codePointAt(at >= 2 && low(at - 1) ? at - 2 : at - 1)!)
  return !(WORD_CHARACTER.test(before) && WORD_CHARACTER.test(String.fromCodePoint(text.codePointAt(at)!)))
}

/**
 * True if some span given without its text cuts a word as code points (`units`) while the same numbers, read as
 * UTF-16 code units, put both its edges at word edges, and none fits words as code points but not as UTF-16: the
 * mark of a JavaScript tool's offsets after an emoji. Only a text with characters past U+FFFF can tell them apart.
 */
export function fitWordsOnlyAsUtf16(raw: readonly Pick<RawSpan, 'start' | 'end' | 'text'>[], text: string, units: TextUnits): boolean {
  if (units.index.length === text.length) return false
  let fitsOnlyAsUtf16 = 0
  for (const span of raw) {
    if (span.text !== undefined || span.end > units.index.length || span.start < 0 || span.end <= span.start) continue
    const asCodePoints = atWordEdge(text, units.index.toUtf16(span.start)) && atWordEdge(text, units.index.toUtf16(span.end))
    const asUtf16 = span.end <= text.length && atWordEdge(text, span.start) && atWordEdge(text, span.end)
    if (asUtf16 && !asCodePoints) fitsOnlyAsUtf16++
    if (asCodePoints && !asUtf16) return false
  }
  return fitsOnlyAsUtf16 > 0
}

/** A span with its offsets converted to code points and checked against the text as given. */
function spanInCodePoints(span: RawSpan, text: string, units: TextUnits): RawSpan {
  if (span.end < span.start) throw new RecordError(`${whereOf(span)}: start ${span.start} is after end ${span.end}`)
  if (span.end === span.start) throw new RecordError(`${whereOf(span)}: start and end are both ${span.start}, an empty span`)
  const start = units.toCodePoints(span.start)
  const end = units.toCodePoints(span.end)
  if (end === null || start === null) {
    const which = end === null ? 'end' : 'start'
    const value = which === 'end' ? span.end : span.start
    const length = units.fromCodePoints(units.index.length)
    if (value > length) {
      // Past the end in code points but within the text's UTF-16 length: the mark of a JavaScript tool's offsets,
      // unless the span's own text says otherwise (it is not there as UTF-16 code units either).
      const mayBeUtf16 = span.text === undefined || unitThatFits(span, text, units.unit) === 'utf16'
      const hint = units.unit === 'codepoints' && value <= text.length && mayBeUtf16 ? ` (it is within the text's ${countedIn(text.length, 'UTF-16 code units')}: if the input comes from a JavaScript tool, import with --offsets utf16)` : ''
      throw new RecordError(
        units.unit === 'codepoints'
          ? `${whereOf(span)}.end: ${span.end} is past the end of the text (${countedIn(length, 'code points')})${hint}`
          : `${whereOf(span)}.${which}: ${value} is past the end of the text (${countedIn(length, UNIT_NAMES[units.unit])})`,
      )
    }
    throw new RecordError(`${whereOf(span)}.${which}: ${value} falls inside a character (offsets count ${UNIT_NAMES[units.unit]})`)
  }
  if (span.text !== undefined) {
    const slice = sliceCodePoints(text, units.index, start, end)
    if (slice !== span.text) {
      const fits = unitThatFits(span, text, units.unit)
      throw new RecordError(
        `${whereOf(span)}.text: ${JSON.stringify(span.text)} differs from the text at [${span.start}, ${span.end}): ` +
          `${JSON.stringify(slice)} (offsets count ${UNIT_NAMES[units.unit]}` +
          `${fits === null ? '' : `; they fit as ${UNIT_NAMES[fits]}: import with --offsets ${fits}`})`,
      )
    }
  }
  return start === span.start && end === span.end ? span : { ...span, start, end }
}

/** The keys each kind of span object has that the import reads, or drops as derived (Prodigy's token indices). */
const SPAN_KEYS: Record<string, ReadonlySet<string>> = {
  spans: new Set(['id', 'start', 'end', 'label', 'text', 'attrs', 'annotator', 'created_at', 'updated_at', 'token_start', 'token_end']),
  ents: new Set(['start', 'end', 'label']),
  entities: new Set(['id', 'start_offset', 'end_offset', 'label']),
  annotations: new Set(['start_offset', 'end_offset', 'label_name', 'label', 'user_name', 'user', 'created_at', 'updated_at']),
}

/**
 * The keys of span object `item` (of kind `field`) that the import reads: doccano 1.x's label and user ids are
 * read only when their names are missing, so an id given beside its name is kept like any other key.
 */
function keysRead(field: string, item: Record<string, unknown>): ReadonlySet<string> | undefined {
  const known = SPAN_KEYS[field]
  if (field !== 'annotations' || known === undefined) return known
  const unread = [item.label_name !== undefined && 'label', item.user_name !== undefined && 'user'].filter((key) => key !== false)
  return unread.length === 0 ? known : new Set([...known].filter((key) => !unread.includes(key)))
}

/** The keys of a relation object the import reads. */
const RELATION_KEYS: ReadonlySet<string> = new Set(['id', 'head', 'child', 'label', 'head_span', 'child_span', 'annotator', 'created_at', 'updated_at', 'from_id', 'to_id', 'type'])

/** The object at `field[index]` of the record as given, if it is one. */
function given(value: Record<string, unknown>, field: string, index: number): Record<string, unknown> | null {
  const item = (value[field] as unknown[] | undefined)?.[index]
  return item !== null && typeof item === 'object' && !Array.isArray(item) ? (item as Record<string, unknown>) : null
}

/**
 * `spans` with the keys of each span object the import does not read (a model's `score` and `source`, spaCy's
 * `kb_id`) kept in its attrs, and said; a key its attrs has already is left out, and said.
 */
function withKeysKept(spans: RawSpan[], value: Record<string, unknown>, notes: RecordNotes): RawSpan[] {
  return spans.map((span) => {
    const { field, index } = span
    const item = SPAN_KEYS[field] === undefined ? null : given(value, field, index)
    const known = item === null ? undefined : keysRead(field, item)
    if (item === null || known === undefined || !hasKeyOutside(item, known)) return span
    const extra = Object.keys(item).filter((key) => !known.has(key))
    const kept = extra.filter((key) => !(key in span.attrs))
    const clashing = extra.filter((key) => key in span.attrs)
    if (kept.length > 0) (notes.remarks ??= []).push(`span keys Marginalia does not read kept in the span's attrs: ${kept.join(', ')}`)
    if (clashing.length > 0) (notes.remarks ??= []).push(`span keys left out, as the span's attrs has them too: ${clashing.join(', ')}`)
    return { ...span, attrs: { ...Object.fromEntries(kept.map((key) => [key, item[key]])), ...span.attrs } }
  })
}

/** True if `item` has a key that `known` lacks (most span objects have none: nothing is built to find out). */
function hasKeyOutside(item: Record<string, unknown>, known: ReadonlySet<string>): boolean {
  for (const key in item) if (!known.has(key)) return true
  return false
}

/** Says which keys of the record's relation objects the import leaves out: a relation has no attributes. */
function remarkRelationKeysLeftOut(value: Record<string, unknown>, notes: RecordNotes): void {
  const relations = Array.isArray(value.relations) ? value.relations : []
  const left = new Set<string>()
  relations.forEach((_, i) => Object.keys(given(value, 'relations', i) ?? {}).forEach((key) => RELATION_KEYS.has(key) || left.add(key)))
  if (left.size > 0) (notes.remarks ??= []).push(`relation keys left out (a relation has no attributes in Marginalia): ${[...left].join(', ')}`)
}

/** The keys of a document label object the import reads (`{"label": "Politics", "annotator": "ana"}`). */
const DOCUMENT_LABEL_KEYS: ReadonlySet<string> = new Set(['label', 'annotator', 'created_at'])

/** Says which keys of the record's document label objects the import leaves out (a classifier's score): a document label has no attributes. */
function remarkDocumentLabelKeysLeftOut(value: Record<string, unknown>, notes: RecordNotes): void {
  const labels = Array.isArray(value.labels) ? value.labels : []
  const left = new Set<string>()
  labels.forEach((_, i) => Object.keys(given(value, 'labels', i) ?? {}).forEach((key) => DOCUMENT_LABEL_KEYS.has(key) || left.add(key)))
  if (left.size > 0) (notes.remarks ??= []).push(`document label keys left out (a document label has no attributes in Marginalia): ${[...left].join(', ')}`)
}

/** Finds the span a relation end points at: by its id, or by Prodigy's `head_span`/`child_span` offsets. */
function resolveRelationEnd(spans: RawSpan[], where: string, id: number, offsets: { start: number; end: number } | undefined, units: TextUnits): number {
  const at = offsets === undefined ? undefined : { start: units.toCodePoints(offsets.start), end: units.toCodePoints(offsets.end) }
  const index = at === undefined ? spans.findIndex((span) => span.linkId === id) : spans.findIndex((span) => span.start === at.start && span.end === at.end)
  if (index === -1) {
    if (offsets === undefined) throw new RecordError(`${where}: there is no span id ${id} in this record`)
    // Prodigy's rel.manual without span labels gives relation ends that are in no "spans": Marginalia's spans have labels.
    throw new RecordError(
      `${where}_span: no span of this record is at [${offsets.start}, ${offsets.end}); a relation joins two of its "spans", each with a label ` +
        '(in Prodigy, rel.manual with --span-label tags them)',
    )
  }
  return index
}

/** True if `value` looks like annotations: an array of objects some of which carry offsets. */
function looksLikeAnnotations(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    value.some(
      (item) =>
        item !== null &&
        typeof item === 'object' &&
        ['start', 'end', 'start_offset', 'end_offset', 'begin', 'offset', 'startOffset', 'endOffset'].some((key) => typeof (item as Record<string, unknown>)[key] === 'number'),
    )
  )
}

/** Top-level keys the import reads that are also kept in the document's meta: Prodigy's answer, spaCy's scores. */
const KEPT_IN_META: ReadonlySet<string> = new Set(['answer', 'cats'])

/**
 * The document's meta: the record's `meta`, with the top-level keys the import does not read (Prodigy's
 * `_input_hash`, `_task_hash`...) and `answer` and `cats` added, so that nothing of the record is lost; a key
 * the import does not read is reported if it looks like annotations. A top-level key that the record's `meta`
 * has too keeps its name (what Prodigy and spaCy mean by it: the joining of answers reads `_input_hash`), and
 * the `meta` value it meets is kept under `meta.KEY` (`meta.KEY~2`... if that is taken), with a remark.
 */
function metaOf(record: RecordShape, value: Record<string, unknown>, notes: RecordNotes): Record<string, unknown> {
  const meta: Record<string, unknown> = { ...(record.meta ?? {}) }
  const topLevel = Object.entries(value).filter(([key]) => KEPT_IN_META.has(key) || !(KNOWN_KEYS.has(key) || DROPPED_KEYS.has(key)))
  const topLevelKeys = new Set(topLevel.map(([key]) => key))
  for (const [key, item] of topLevel) {
    keepTopLevelKey(meta, key, item, topLevelKeys, notes)
    if (!KEPT_IN_META.has(key) && looksLikeAnnotations(item)) (notes.annotationLikeKeys ??= []).push(key)
  }
  return meta
}

/**
 * Puts a record's top-level `key` (`item`) in `meta` under its name; a value `meta` had there (from the record's own
 * `meta`) moves to `meta.KEY` (`meta.KEY~2`... if that is taken, or is one of `topLevelKeys`), with a remark.
 */
function keepTopLevelKey(meta: Record<string, unknown>, key: string, item: unknown, topLevelKeys: ReadonlySet<string>, notes: RecordNotes): void {
  if (Object.hasOwn(meta, key)) {
    let moved = `meta.${key}`
    for (let n = 2; Object.hasOwn(meta, moved) || topLevelKeys.has(moved); n++) moved = `meta.${key}~${n}`
    meta[moved] = meta[key]
    ;(notes.remarks ??= []).push(`"${key}" given both at the top level and in meta: the top-level value kept as meta["${key}"], the meta value as meta["${moved}"]`)
  }
  meta[key] = item
}

/** The keys of a record that hold its annotations: a record answered reject or ignore keeps them in its meta. */
const ANNOTATION_KEYS = ['spans', 'ents', 'entities', 'annotations', 'relations', 'label', 'labels', 'accept'] as const

/** `value` as zod parses it by `recordShape`; throws RecordError with every problem zod found. */
function validRecord(value: object, options: ParseOptions): RecordShape {
  const result = recordShape.safeParse(value)
  const besides = (issues: readonly { path: readonly PropertyKey[] }[]) => (options.besides === false ? [] : problemsBesides(value, issues, options))
  if (!result.success) throw new RecordError([...result.error.issues.map(describeZodIssue), ...besides(result.error.issues)])
  return result.data
}

/** The fields a record's spans are read from, and the text they are checked against. */
const FIELDS_SPANS_NEED = new Set(['text', 'spans', 'ents', 'entities', 'annotations', 'label', 'labels'])

/**
 * The problems of a record's spans and relations when its shape is wrong only in fields they do not need (a
 * misspelt `status`, say), found by checking the record without those fields, so that one round of fixing the
 * input meets them all. None when the text or a field holding spans is itself malformed: nothing else can be checked.
 */
function problemsBesides(value: object, issues: readonly { path: readonly PropertyKey[] }[], options: ParseOptions): string[] {
  const wrong = new Set(issues.map((issue) => issue.path[0]))
  if ([...wrong].some((field) => typeof field !== 'string' || FIELDS_SPANS_NEED.has(field))) return []
  const rest = Object.fromEntries(Object.entries(value).filter(([field]) => !wrong.has(field)))
  try {
    parseImportRecord(rest, { ...options, besides: false })
    return []
  } catch (error) {
    if (error instanceof RecordError) return error.reasons
    throw error
  }
}

/**
 * Validates one parsed JSON value as a document to import, and says what the import should report about it.
 * Throws RecordError with the field and reason of every problem found.
 */
export function parseImportRecord(
  value: unknown,
  options: ParseOptions = { offsets: 'codepoints', answers: 'accepted' },
): { document: ParsedDocument; notes: RecordNotes } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new RecordError('each line must be a JSON object')
  const problem = unimportable(value, MAX_RECORD_NESTING)
  if (problem !== null) throw new RecordError(problem)
  const record = takenAsItIs(value) ? value : validRecord(value, options)
  const notes: RecordNotes = {}

  const meta = metaOf(record, value as Record<string, unknown>, notes)

  const units = new TextUnits(record.text, options.offsets)
  const raw = withKeysKept(rawSpans(record), value as Record<string, unknown>, notes)
  remarkRelationKeysLeftOut(value as Record<string, unknown>, notes)
  remarkDocumentLabelKeysLeftOut(value as Record<string, unknown>, notes)
  // Every problem of the record is said: a span that cannot be placed stays as given, for the relations to find.
  const problems = new Problems()
  const spans = raw.map((span) => problems.attempt(span, () => spanInCodePoints(span, record.text, units)))
  if (units.unit === 'codepoints' && fitWordsOnlyAsUtf16(raw, record.text, units)) (notes.remarks ??= []).push(UTF16_HINT)
  const seenIds = new Map<number, RawSpan>()
  for (const span of spans) {
    if (span.id === undefined) continue
    const earlier = seenIds.get(span.id)
    if (earlier !== undefined) problems.reasons.push(`${whereOf(span)}.id: ${span.id} repeats the id of ${whereOf(earlier)}`)
    seenIds.set(span.id, span)
  }

  const relations = (record.relations ?? []).flatMap((relation, i): ParsedRelation[] => problems.attempt([], () => [relationOf(relation, i)]))
  function relationOf(relation: NonNullable<RecordShape['relations']>[number], i: number): ParsedRelation {
    const where = `relations[${i}]`
    const parsed =
      'from_id' in relation
        ? {
            id: relation.id !== undefined && relation.id > 0 ? relation.id : undefined,
            head: resolveRelationEnd(spans, `${where}.from_id`, relation.from_id, undefined, units),
            child: resolveRelationEnd(spans, `${where}.to_id`, relation.to_id, undefined, units),
            label: relation.type,
            annotator: undefined,
            createdAt: undefined,
            updatedAt: undefined,
          }
        : {
            id: relation.id,
            head: resolveRelationEnd(spans, `${where}.head`, relation.head, relation.head_span, units),
            child: resolveRelationEnd(spans, `${where}.child`, relation.child, relation.child_span, units),
            label: relation.label,
            annotator: relation.annotator,
            createdAt: relation.created_at,
            updatedAt: relation.updated_at,
          }
    if (parsed.head === parsed.child) throw new RecordError(`${where}: head and child are the same span`)
    return parsed
  }
  const relationIds = new Set<number>()
  relations.forEach((relation, i) => {
    if (relation.id === undefined) return
    if (relationIds.has(relation.id)) problems.reasons.push(`relations[${i}].id: ${relation.id} repeats an earlier relation id`)
    relationIds.add(relation.id)
  })

  const labelled = (label: string) => ({ label, annotator: undefined, createdAt: undefined })
  const labels: ParsedDocumentLabel[] = [
    ...(record.labels ?? []).flatMap((item) =>
      Array.isArray(item) ? [] : typeof item === 'string' ? [labelled(item)] : [{ label: item.label, annotator: item.annotator, createdAt: item.created_at }],
    ),
    ...(Array.isArray(record.label) ? record.label.filter((item): item is string => typeof item === 'string').map(labelled) : []),
    ...(typeof record.label === 'string' ? [labelled(record.label)] : []),
    ...(record.accept ?? []).map((option) => labelled(String(option))),
    ...Object.entries(record.cats ?? {})
      .filter(([, score]) => score === true || (typeof score === 'number' && score >= 0.5))
      .map(([category]) => labelled(category)),
  ]

  // Prodigy: what an annotator rejected or ignored is no annotation (kept, marked, only with --answers all).
  const accepted = record.answer === undefined || record.answer === 'accept'
  let keptSpans = spans
  let keptRelations = relations
  let keptLabels = labels
  if (!accepted) {
    const keepMarked = options.answers === 'all'
    const left = (keepMarked ? 0 : spans.length) + relations.length + labels.length
    if (left > 0) notes.notAccepted = left
    keptSpans = keepMarked ? spans.map((span) => ({ ...span, attrs: { ...span.attrs, answer: record.answer } })) : []
    keptRelations = []
    keptLabels = []
    // What the analyst rejected (a textcat label, a ner.teach task's span) is not an annotation, but it is data (a
    // binary classifier learns from it): kept in the meta as the record gave it, so that the export gives it back.
    const given = value as Record<string, unknown>
    const leftOut = ANNOTATION_KEYS.filter((key) => Object.hasOwn(given, key) && !(key === 'spans' && keepMarked))
    for (const key of leftOut) keepTopLevelKey(meta, key, given[key], new Set(leftOut), notes)
  }

  const recordAnnotator = record.annotator ?? record._annotator_id

  const normalised = normaliseText(record.text)
  const document: ParsedDocument = {
    id: record.id === undefined ? undefined : String(record.id),
    title: record.title,
    text: normalised.text,
    meta,
    status: record.status,
    createdAt: record.created_at,
    updatedAt: record.updated_at,
    spans: keptSpans.map((span) => {
      const start = normalised.mapOffset(span.start)
      const end = normalised.mapOffset(span.end)
      if (start === end && span.start !== span.end) problems.reasons.push(`${whereOf(span)}: covers only a line-end CR or BOM, which import drops`)
      return { id: span.id, start, end, label: span.label, attrs: span.attrs, annotator: span.annotator ?? recordAnnotator, createdAt: span.createdAt, updatedAt: span.updatedAt }
    }),
    relations: keptRelations
      .map((relation) => ({ ...relation, annotator: relation.annotator ?? recordAnnotator })),
    labels: keptLabels.map((label) => ({ ...label, annotator: label.annotator ?? recordAnnotator })),
    ...(record.settled_as_nothing === undefined ? {} : { settledAsNothing: record.settled_as_nothing.map(({ place, annotator, created_at }) => ({ place, annotator, createdAt: created_at })) }),
  }
  problems.throwIfAny()
  return { document, notes }
}
