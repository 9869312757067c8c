/**
 * The `.meta` file Marginalia writes beside each brat pair (`NAME.txt`, `NAME.ann`, `NAME.meta`): what brat has
 * no place for, so that an export read back gives the same corpus. brat ignores the file. It holds the
 * document's id, title, status, metadata, times and document labels, the labels brat's type names stand
 * for, and for each `T` and `R` id the span or relation it was written from (offsets, label, annotator,
 * times, every attribute). On import an entry is used only where the `.ann` still says the same thing, so
 * an annotation changed in brat is never credited to whoever made the original.
 */
import { z } from 'zod'
import { DOCUMENT_STATUSES, exportedDocumentLabel, offset, timestamp } from '../../shared/corpus-types'
import { MAX_RECORD_NESTING } from '../import/record'
import { describeZodIssue, unimportable } from '../validation'

/** A label's or an annotator's name. */
const name = z.string().min(1)

/** The extension of the file beside a brat pair that keeps what brat cannot hold. */
export const META_EXTENSION = '.meta'

/** Schema of the `.meta` file beside a brat pair. */
export const bratMeta = z.object({
  /** Marks the file as Marginalia's, and the version of its shape. */
  marginalia: z.literal(1),
  id: z.string().min(1),
  title: z.string(),
  status: z.enum(DOCUMENT_STATUSES),
  meta: z.record(z.string(), z.unknown()),
  created_at: timestamp,
  updated_at: timestamp,
  labels: z.array(exportedDocumentLabel),
  /** brat type → the label it stands for, where the label's name is not one brat accepts. */
  types: z.record(z.string(), name),
  /** `T` id → the span it was written from (offsets in code points of the text). */
  spans: z.record(
    z.string(),
    z.object({ start: offset, end: offset, label: name, annotator: name, created_at: timestamp, updated_at: timestamp, attrs: z.record(z.string(), z.unknown()) }),
  ),
  /** `R` id → the relation it was written from (head and child as `T` ids). */
  relations: z.record(
    z.string(),
    z.object({ head: z.string(), child: z.string(), label: name, annotator: name, created_at: timestamp, updated_at: timestamp }),
  ),
})

/** What the `.meta` file beside a brat pair holds. */
export type BratMeta = z.infer<typeof bratMeta>

/** The `.meta` file's content as parsed, or why it is not one. */
export function parseBratMeta(content: string): { meta: BratMeta } | { error: string } {
  let value: unknown
  try {
    value = JSON.parse(content)
  } catch (error) {
    return { error: `invalid JSON: ${(error as Error).message}` }
  }
  const problem = unimportable(value, MAX_RECORD_NESTING)
  if (problem !== null) return { error: problem }
  const result = bratMeta.safeParse(value)
  if (!result.success) return { error: `not a Marginalia .meta file: ${describeZodIssue(result.error.issues[0])}` }
  return { meta: result.data }
}
