/**
 * The arguments of the contract's writes to a document's annotations (`API` in `api.ts` declares each as an
 * operation), and `writeTogether`'s: several of them made as one transaction, all written or none. A step of the
 * editor that takes several writes (accepting a curation's version: its spans, their values, their relations)
 * is one call of it, so that a failure between two of its writes (a disk filling up, the server killed) leaves
 * the corpus as it was rather than half of the step in it.
 */
import { z } from 'zod'
import { exportedRelation, exportedSpan, name, offset, rowId, spanAttrs, timestamp, type ExportedRelation, type ExportedSpan } from './corpus-types'
import type { RemovedSpan, RestoredSpan } from './api'

/**
 * What a curator's settling read of the curated layer where it settles (`places`: `[start, end)` in code points, a
 * place's, or a relation's two ends): the curated spans over them with their times of change (`spans`; left out for
 * a relation, whose ends' places are settled on their own), the curated relations with an end there, and whether the
 * disagreement (`key`, its `curationKey`) was settled as nothing. A write given it is refused (as changed since) if the
 * curated layer there is otherwise now, another curator or window having settled it meanwhile: the two settlings
 * would otherwise both stand, or the later remove the earlier unseen.
 */
const curatedThere = z
  .object({
    places: z.array(z.object({ start: offset, end: offset }).strict()).min(1).max(2),
    spans: z.array(z.object({ id: rowId, updatedAt: timestamp }).strict()).max(10_000).optional(),
    relations: z.array(rowId).max(10_000),
    key: z.string().min(1).max(10_000),
    asNothing: z.boolean(),
  })
  .strict()

/** The curated layer at a place, as a settling read it (`curatedThere` of a write). */
export type CuratedThere = z.infer<typeof curatedThere>

const place = z.string().min(1).max(10_000)

/** The argument of each write to a document's annotations, but the document (`documentId`), which every one has. */
const annotationWrites = {
  addSpan: { start: offset, end: offset, label: name, curated: z.boolean().optional(), curatedThere: curatedThere.optional() },
  updateSpan: { spanId: rowId, start: offset, end: offset, label: name, unchangedSince: timestamp.optional(), curatedThere: curatedThere.optional() },
  setSpanAttrs: { spanId: rowId, attrs: spanAttrs, unchangedSince: timestamp.optional(), curatedThere: curatedThere.optional() },
  removeSpan: { spanId: rowId, unchangedSince: timestamp.optional(), relations: z.array(rowId).max(10_000).optional(), curatedThere: curatedThere.optional() },
  restoreSpan: { span: exportedSpan, relations: z.array(exportedRelation).max(10_000) },
  addRelation: { head: rowId, child: rowId, label: name, curated: z.boolean().optional(), curatedThere: curatedThere.optional() },
  removeRelation: { relationId: rowId, curatedThere: curatedThere.optional() },
  restoreRelation: { relation: exportedRelation },
  settleAsNothing: { place, curatedThere: curatedThere.optional() },
  unsettle: { place, curatedThere: curatedThere.optional() },
} satisfies Record<string, z.ZodRawShape>

/** A write that may be made together with others (`writeTogether`). */
export type AnnotationWriteName = keyof typeof annotationWrites

/** The schema of an argument of `shape`'s members and the document's row id. */
function withDocument<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.object({ ...shape, documentId: rowId }).strict()
}

/** The contract's argument of write `name`: its own, with the document it writes to. */
export function annotationWriteArgs<Name extends AnnotationWriteName>(name: Name): ReturnType<typeof withDocument<(typeof annotationWrites)[Name]>> {
  return withDocument(annotationWrites[name])
}

/**
 * Most writes one `writeTogether` makes. The editor's steps take tens; the bound keeps one call from holding the
 * corpus's write lock (and the server) long, with the bound on its answers (`MOST_ANSWERED_TOGETHER`).
 */
export const MOST_WRITTEN_TOGETHER = 1_000

/**
 * Most characters the answers of one `writeTogether` may hold (each write's answer counted as JSON): a write answers
 * a span's covered text, or the document's places settled as nothing, so a few bytes asked can make megabytes of
 * answer, and a thousand of them more than a server holds. A call past it is refused, nothing of it written.
 */
export const MOST_ANSWERED_TOGETHER = 16 * 1024 * 1024

const earlier = z.number().int().nonnegative().max(MOST_WRITTEN_TOGETHER - 1)

/** In `writeTogether`, the span an earlier write of the same call made (`addSpan`) or put back (`restoreSpan`), by its place in the call. */
const madeBy = z.object({ madeBy: earlier }).strict()

/** In `writeTogether`, the relations an earlier `removeSpan` of the same call took away with its span. */
const removedBy = z.object({ removedBy: earlier }).strict()

/** A span given by its row id, or as made by an earlier write of the same call. */
const spanGiven = z.union([rowId, madeBy])

/** Each write as `writeTogether` takes it: its name, and its argument without the document (where a span's id is asked, it may be `madeBy`). */
const writtenTogether = z.discriminatedUnion('op', [
  z.object({ op: z.literal('addSpan'), args: z.object(annotationWrites.addSpan).strict() }).strict(),
  z.object({ op: z.literal('updateSpan'), args: z.object(annotationWrites.updateSpan).strict() }).strict(),
  z.object({ op: z.literal('setSpanAttrs'), args: z.object({ ...annotationWrites.setSpanAttrs, spanId: spanGiven }).strict() }).strict(),
  z.object({ op: z.literal('removeSpan'), args: z.object(annotationWrites.removeSpan).strict() }).strict(),
  z.object({ op: z.literal('restoreSpan'), args: z.object({ ...annotationWrites.restoreSpan, relations: z.union([annotationWrites.restoreSpan.relations, removedBy]) }).strict() }).strict(),
  z.object({ op: z.literal('addRelation'), args: z.object({ ...annotationWrites.addRelation, head: spanGiven, child: spanGiven }).strict() }).strict(),
  z.object({ op: z.literal('removeRelation'), args: z.object(annotationWrites.removeRelation).strict() }).strict(),
  z.object({ op: z.literal('restoreRelation'), args: z.object(annotationWrites.restoreRelation).strict() }).strict(),
  z.object({ op: z.literal('settleAsNothing'), args: z.object(annotationWrites.settleAsNothing).strict() }).strict(),
  z.object({ op: z.literal('unsettle'), args: z.object(annotationWrites.unsettle).strict() }).strict(),
])

/** One write of a `writeTogether` call. */
export type WrittenTogether = z.infer<typeof writtenTogether>

/** What each write of `writeTogether` answers, as the operation of its name does alone. */
export interface AnnotationWriteResults {
  addSpan: ExportedSpan
  updateSpan: ExportedSpan
  setSpanAttrs: ExportedSpan
  removeSpan: RemovedSpan
  restoreSpan: RestoredSpan
  addRelation: ExportedRelation
  removeRelation: ExportedRelation
  restoreRelation: ExportedRelation
  settleAsNothing: string[]
  unsettle: string[]
}

/** What a `writeTogether` call answers: each write's answer, in the order of the writes. */
export type WriteTogetherResult = AnnotationWriteResults[AnnotationWriteName][]

/** The writes that make or put back a span, which a later write may name with `madeBy`. */
const MAKES_SPAN: ReadonlySet<string> = new Set(['addSpan', 'restoreSpan'])

/** The arguments' members that may be a reference (`attrs` may hold anything, so only these are read as one). */
export const REFERENCE_KEYS = ['spanId', 'head', 'child', 'relations'] as const

/**
 * `writeTogether`'s argument: the document, and its writes in the order they are made. A `madeBy` or `removedBy`
 * names an earlier write of the call that makes a span (or puts one back), or that removes one.
 */
export const writeTogetherArgs = z
  .object({ documentId: rowId, writes: z.array(writtenTogether).min(1).max(MOST_WRITTEN_TOGETHER) })
  .strict()
  .superRefine(({ writes }, context) => {
    writes.forEach((write, at) => {
      for (const key of REFERENCE_KEYS) {
        const refused = refusedReference(writes, at, (write.args as Record<string, unknown>)[key])
        if (refused !== null) context.addIssue({ code: 'custom', path: ['writes', at, 'args', key], message: refused })
      }
    })
  })

/** Why `value`, a value of write `at`'s argument, is not a reference that write may make, or null (also when it is none). */
function refusedReference(writes: readonly WrittenTogether[], at: number, value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const reference = value as { madeBy?: number; removedBy?: number }
  const to = reference.madeBy ?? reference.removedBy
  // A number that names no write at all is refused by the schema itself (`earlier`), with its own message.
  if (typeof to !== 'number' || !Number.isInteger(to) || to < 0) return null
  if (to >= at) return `must name an earlier write of this call (write ${to} is not before write ${at})`
  const op = writes[to].op
  if (reference.madeBy !== undefined && !MAKES_SPAN.has(op)) return `madeBy must name an addSpan or a restoreSpan (write ${to} is ${op})`
  if (reference.removedBy !== undefined && op !== 'removeSpan') return `removedBy must name a removeSpan (write ${to} is ${op})`
  return null
}
