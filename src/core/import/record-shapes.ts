/**
 * The shapes a JSON import record may take, from Marginalia's own export and from the tools analysts come
 * from, as zod schemas: Marginalia (`spans`, `relations`, `labels`), Prodigy (`spans` with `answer`,
 * `label` or `accept` for classification, `head_span`/`child_span` relations), spaCy (`ents`, `cats`),
 * doccano (`label` or `labels` as `[start, end, label]`, `entities` with `relations` by `from_id`/`to_id`,
 * and 1.x's `annotations`). Every field is optional but `text`; unknown keys pass through (see `record.ts`).
 */
import { z } from 'zod'
import { DOCUMENT_STATUSES, MAX_ID, timestamp } from '../../shared/corpus-types'

const offset = z.number('must be a number').int('must be an integer').min(0, 'must not be negative')
const name = z.string('must be a string').min(1, 'must not be empty')
const time = timestamp // ISO 8601 with a time zone, as everywhere
const id = z
  .number('must be a number')
  .int('must be an integer')
  .positive('must be positive')
  .max(MAX_ID, `must be at most ${MAX_ID.toLocaleString('en')} (ids are counted up from there, and must stay exact)`)
/** doccano's entity ids start at 0 and only link relations: any integer. */
const anyId = z.number('must be a number').int('must be an integer')
const attrs = z.record(z.string(), z.unknown(), 'must be a JSON object')
/** `[start, end, label]`, as doccano writes a span. */
const spanTuple = z.tuple([offset, offset, name])

const span = z.object({
  id: id.optional(),
  start: offset,
  end: offset,
  label: name,
  text: z.string('must be a string').optional(),
  attrs: attrs.optional(),
  annotator: name.optional(),
  created_at: time.optional(),
  updated_at: time.optional(),
})

const offsets = z.object({ start: offset, end: offset })

const relation = z.union([
  z.object({
    id: id.optional(),
    head: z.number().int(),
    child: z.number().int(),
    label: name,
    head_span: offsets.optional(),
    child_span: offsets.optional(),
    annotator: name.optional(),
    created_at: time.optional(),
    updated_at: time.optional(),
  }),
  z.object({ id: anyId.optional(), from_id: anyId, to_id: anyId, type: name }),
])

/** Every key a record may have that the import understands; any other is kept in the document's meta. */
export const recordShape = z.object({
  text: z.string('is required and must be a string'),
  id: z.union([z.string().min(1, 'must not be empty (leave id out for <file name>-<line number>)'), z.number().int()], 'must be a non-empty string or an integer').optional(),
  title: z.string('must be a string').optional(),
  meta: attrs.optional(),
  status: z.enum(DOCUMENT_STATUSES, 'must be "todo", "done" or "skipped"').optional(),
  created_at: time.optional(),
  updated_at: time.optional(),
  spans: z.array(span, 'must be an array').optional(),
  /** spaCy's entities. */
  ents: z.array(z.object({ start: offset, end: offset, label: name }), 'must be an array').optional(),
  /** doccano's entities (their ids link relations). */
  entities: z
    .array(z.object({ id: anyId.optional(), start_offset: offset, end_offset: offset, label: name }), 'must be an array')
    .optional(),
  /** doccano 1.x: spans by `label_name` (or a label id), with the user who made them and when. */
  annotations: z
    .array(
      z.object({
        start_offset: offset,
        end_offset: offset,
        label_name: name.optional(),
        label: z.union([name, z.number().int()]).optional(),
        user_name: name.optional(),
        user: z.union([name, z.number().int()]).optional(),
        created_at: time.optional(),
        updated_at: time.optional(),
      }),
      'must be an array',
    )
    .optional(),
  /** doccano's `[start, end, label]` spans or classification labels; Prodigy's one classification label. */
  label: z
    .union([z.array(z.union([spanTuple, name])), name], 'must be a label, or an array of [start, end, label] or of labels')
    .optional(),
  relations: z.array(relation, 'must be an array').optional(),
  /** Marginalia's document labels; some doccano versions' `[start, end, label]` spans. */
  labels: z
    .array(z.union([name, spanTuple, z.object({ label: name, annotator: name.optional(), created_at: time.optional() })]), 'must be an array')
    .optional(),
  /** Prodigy's multiple-choice answer: the options chosen. */
  accept: z.array(z.union([name, z.number()]), 'must be an array').optional(),
  /** spaCy's category scores: a category with a score of 0.5 or more is a document label. */
  cats: z.record(z.string(), z.union([z.number(), z.boolean()]), 'must be an object of scores').optional(),
  /** Prodigy: whether the annotator accepted the task. */
  answer: z.enum(['accept', 'reject', 'ignore'], 'must be "accept", "reject" or "ignore"').optional(),
  annotator: name.optional(),
  _annotator_id: z.string().min(1).optional(),
  /** Marginalia's: the disagreements a curator settled as nothing. */
  settled_as_nothing: z.array(z.object({ place: name, annotator: name, created_at: time }), 'must be an array').optional(),
})

/** A record, validated. */
export type RecordShape = z.infer<typeof recordShape>

/** The keys `recordShape` reads. */
export const KNOWN_KEYS: ReadonlySet<string> = new Set(Object.keys(recordShape.shape))

/** Keys the import drops because they are derived from what it keeps (Prodigy's and spaCy's tokens). */
export const DROPPED_KEYS: ReadonlySet<string> = new Set(['tokens'])
