/**
 * One JSONL input line turned into a document to import, in Marginalia's own export shape or in the span
 * shapes of other tools (Prodigy/spaCy `spans`, doccano `label` tuples and `entities`/`relations`). Offsets are
 * code points of the text as given; they are checked there and then carried over to the normalised text.
 */
import { z } from 'zod'
import { MAX_ID, type DocumentStatus } from '../../shared/corpus-types'
import { normaliseText } from './normalise'
import { OffsetIndex, sliceCodePoints } from '../../shared/offsets'
import { describeZodIssue, findLoneSurrogate, tooDeep } from '../validation'

/** How deeply a record may nest objects and arrays (itself counted); `meta` and `attrs` live within it. */
export const MAX_NESTING = 100

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
}

/** A reason why a record cannot be imported; the caller adds file and line. */
export class RecordError extends Error {}

const offset = z.number('must be a number').int('must be an integer').min(0, 'must not be negative')
const name = z.string('must be a string').min(1, 'must not be empty')
const time = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date and time' })
const spanId = z
  .number('must be a number')
  .int('must be an integer')
  .positive('must be positive')
  .max(MAX_ID, `must be at most ${MAX_ID.toLocaleString('en')} (ids are counted up from there, and must stay exact)`)
const attrs = z.record(z.string(), z.unknown(), 'must be a JSON object')

const spanShape = z.object({
  id: spanId.optional(),
  start: offset,
  end: offset,
  label: name,
  text: z.string('must be a string').optional(),
  attrs: attrs.optional(),
  annotator: name.optional(),
  created_at: time.optional(),
  updated_at: time.optional(),
})

const offsetsShape = z.object({ start: offset, end: offset })

const relationShape = z.union([
  z.object({
    id: spanId.optional(),
    head: z.number().int(),
    child: z.number().int(),
    label: name,
    head_span: offsetsShape.optional(),
    child_span: offsetsShape.optional(),
    annotator: name.optional(),
    created_at: time.optional(),
    updated_at: time.optional(),
  }),
  z.object({ id: spanId.optional(), from_id: z.number().int(), to_id: z.number().int(), type: name }),
])

const recordShape = z.object({
  text: z.string('is required and must be a string'),
  id: z.union([z.string().min(1), z.number().int()], 'must be a non-empty string or an integer').optional(),
  title: z.string('must be a string').optional(),
  meta: attrs.optional(),
  status: z.enum(['todo', 'done', 'skipped'], 'must be "todo", "done" or "skipped"').optional(),
  created_at: time.optional(),
  updated_at: time.optional(),
  spans: z.array(spanShape, 'must be an array').optional(),
  entities: z
    .array(z.object({ id: spanId.optional(), start_offset: offset, end_offset: offset, label: name }), 'must be an array')
    .optional(),
  label: z
    .array(z.union([z.tuple([offset, offset, name]), name]), 'must be an array of [start, end, label] or of labels')
    .optional(),
  relations: z.array(relationShape, 'must be an array').optional(),
  labels: z
    .array(z.union([name, z.object({ label: name, annotator: name.optional(), created_at: time.optional() })]), 'must be an array')
    .optional(),
  annotator: name.optional(),
  _annotator_id: z.string().min(1).optional(),
})

type RecordShape = z.infer<typeof recordShape>

interface RawSpan {
  where: string
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

/** Every span of a record, whichever shape it came in. */
function rawSpans(record: RecordShape): RawSpan[] {
  const spans: RawSpan[] = []
  const base = { text: undefined, attrs: {}, annotator: undefined, createdAt: undefined, updatedAt: undefined }
  record.spans?.forEach((span, i) =>
    spans.push({
      where: `spans[${i}]`,
      id: span.id,
      start: span.start,
      end: span.end,
      label: span.label,
      text: span.text,
      attrs: span.attrs ?? {},
      annotator: span.annotator,
      createdAt: span.created_at,
      updatedAt: span.updated_at,
    }),
  )
  record.entities?.forEach((entity, i) =>
    spans.push({ ...base, where: `entities[${i}]`, id: entity.id, start: entity.start_offset, end: entity.end_offset, label: entity.label }),
  )
  record.label?.forEach((item, i) => {
    if (typeof item !== 'string') spans.push({ ...base, where: `label[${i}]`, id: undefined, start: item[0], end: item[1], label: item[2] })
  })
  return spans
}

/** Checks a span against the text as given: in range, not empty, and equal to its `text` if it has one. */
function checkSpanAgainstText(span: RawSpan, text: string, index: OffsetIndex): void {
  if (span.end < span.start) throw new RecordError(`${span.where}: start ${span.start} is after end ${span.end}`)
  if (span.end === span.start) throw new RecordError(`${span.where}: start and end are both ${span.start}, an empty span`)
  if (span.end > index.length) {
    throw new RecordError(`${span.where}.end: ${span.end} is past the end of the text (${index.length} code points)`)
  }
  if (span.text !== undefined) {
    const slice = sliceCodePoints(text, index, span.start, span.end)
    if (slice !== span.text) {
      throw new RecordError(
        `${span.where}.text: ${JSON.stringify(span.text)} differs from the text at [${span.start}, ${span.end}): ` +
          `${JSON.stringify(slice)} (offsets count Unicode code points)`,
      )
    }
  }
}

/** Finds the span a relation end points at: by span id, or by Prodigy's `head_span`/`child_span` offsets. */
function resolveRelationEnd(
  spans: RawSpan[],
  where: string,
  id: number,
  offsets: { start: number; end: number } | undefined,
): number {
  const index =
    offsets === undefined
      ? spans.findIndex((span) => span.id === id)
      : spans.findIndex((span) => span.start === offsets.start && span.end === offsets.end)
  if (index === -1) {
    const target = offsets === undefined ? `span id ${id}` : `a span at [${offsets.start}, ${offsets.end})`
    throw new RecordError(`${where}: there is no ${target} in this record`)
  }
  return index
}

/**
 * Validates one parsed JSON value as a document to import. Throws RecordError with the field and reason for
 * the first problem found.
 */
export function parseImportRecord(value: unknown): ParsedDocument {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new RecordError('each line must be a JSON object')
  }
  const deep = tooDeep(value, MAX_NESTING)
  if (deep !== null) {
    const where = deep.length > 48 ? `${deep.slice(0, 48)}…` : deep
    throw new RecordError(`${where}: nested more than ${MAX_NESTING} levels deep, which Marginalia does not import`)
  }
  const lone = findLoneSurrogate(value)
  if (lone !== null) throw new RecordError(`${lone}: contains a lone surrogate, which is not valid Unicode`)
  const result = recordShape.safeParse(value)
  if (!result.success) throw new RecordError(describeZodIssue(result.error.issues[0]))
  const record = result.data

  const index = new OffsetIndex(record.text)
  const spans = rawSpans(record)
  const seenIds = new Map<number, string>()
  for (const span of spans) {
    checkSpanAgainstText(span, record.text, index)
    if (span.id !== undefined) {
      const earlier = seenIds.get(span.id)
      if (earlier !== undefined) throw new RecordError(`${span.where}.id: ${span.id} repeats the id of ${earlier}`)
      seenIds.set(span.id, span.where)
    }
  }

  const relations = (record.relations ?? []).map((relation, i): ParsedRelation => {
    const where = `relations[${i}]`
    if ('from_id' in relation) {
      return {
        id: relation.id,
        head: resolveRelationEnd(spans, `${where}.from_id`, relation.from_id, undefined),
        child: resolveRelationEnd(spans, `${where}.to_id`, relation.to_id, undefined),
        label: relation.type,
        annotator: undefined,
        createdAt: undefined,
        updatedAt: undefined,
      }
    }
    const head = resolveRelationEnd(spans, `${where}.head`, relation.head, relation.head_span)
    const child = resolveRelationEnd(spans, `${where}.child`, relation.child, relation.child_span)
    if (head === child) throw new RecordError(`${where}: head and child are the same span`)
    return {
      id: relation.id,
      head,
      child,
      label: relation.label,
      annotator: relation.annotator,
      createdAt: relation.created_at,
      updatedAt: relation.updated_at,
    }
  })
  const relationIds = new Set<number>()
  relations.forEach((relation, i) => {
    if (relation.id === undefined) return
    if (relationIds.has(relation.id)) throw new RecordError(`relations[${i}].id: ${relation.id} repeats an earlier relation id`)
    relationIds.add(relation.id)
  })

  const labels: ParsedDocumentLabel[] = [
    ...(record.labels ?? []).map((item) =>
      typeof item === 'string'
        ? { label: item, annotator: undefined, createdAt: undefined }
        : { label: item.label, annotator: item.annotator, createdAt: item.created_at },
    ),
    ...(record.label ?? [])
      .filter((item): item is string => typeof item === 'string')
      .map((label) => ({ label, annotator: undefined, createdAt: undefined })),
  ]

  const normalised = normaliseText(record.text)
  const recordAnnotator = record.annotator ?? record._annotator_id
  return {
    id: record.id === undefined ? undefined : String(record.id),
    title: record.title,
    text: normalised.text,
    meta: record.meta ?? {},
    status: record.status,
    createdAt: record.created_at,
    updatedAt: record.updated_at,
    spans: spans.map((span) => {
      const start = normalised.mapOffset(span.start)
      const end = normalised.mapOffset(span.end)
      if (start === end) throw new RecordError(`${span.where}: covers only a line-end CR or BOM, which import drops`)
      return { id: span.id, start, end,
        label: span.label,
        attrs: span.attrs,
        annotator: span.annotator ?? recordAnnotator,
        createdAt: span.createdAt, updatedAt: span.updatedAt }
    }),
    relations: relations.map((relation) => ({ ...relation, annotator: relation.annotator ?? recordAnnotator })),
    labels: labels.map((label) => ({ ...label, annotator: label.annotator ?? recordAnnotator })),
  }
}
