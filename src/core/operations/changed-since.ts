/**
 * What a change of a span, its undo or its redo checks before it writes: that the span is still as the editor
 * read it, or as the step left it. Another analyst (or window) may have changed it since; writing over that
 * would silently overwrite or remove their work.
 */
import type { CuratedThere } from '../../shared/api'
import type { ExportedRelation, ExportedSpan } from '../../shared/corpus-types'
import { readableTime } from '../../shared/text'
import { ChangedSinceError } from '../errors'

/** Refuses, saying what the span is now, unless `span` was last changed at `unchangedSince`. */
export function refuseChangedSince(span: ExportedSpan, unchangedSince: string): void {
  if (span.updated_at === unchangedSince) return
  throw new ChangedSinceError(
    `the span "${shortened(span.text)}" was changed since (it is now ${span.label}, changed ${readableTime(span.updated_at)}), by another analyst or ` +
      'in another window; that change is kept',
  )
}

/** Refuses, naming one, if the span has relations other than `expected` (made since by someone else), which removing it would take too. */
export function refuseRelationsMadeSince(removed: { span: ExportedSpan; relations: readonly ExportedRelation[] }, expected: readonly number[]): void {
  const made = removed.relations.filter((relation) => !expected.includes(relation.id))
  if (made.length === 0) return
  const [first] = made
  const more = made.length > 1 ? ` and ${made.length - 1} more` : ''
  throw new ChangedSinceError(
    `the span "${shortened(removed.span.text)}" has a relation made since (${first.label} by ${first.annotator}${more}), which removing it ` +
      'would remove too; it is kept',
  )
}

/** The curated layer where a settling settles, as it is now (the shape `CuratedThere` records as read). */
export interface CuratedNow {
  /** The curated spans there, by id, with their times of change. */
  spans: { id: number; updated_at: string }[]
  relations: number[]
  asNothing: boolean
}

/**
 * Refuses, saying what the curated layer holds there now (`now`, its spans read whole by `spanOf` for the message;
 * `text`: the text of the place first read), unless it is as the settling read it (`read`): the same curated spans,
 * changed at the same times (unless `read` leaves spans out), the same curated relations, and settled as nothing or
 * not as then.
 */
export function refuseCuratedChangedSince(read: CuratedThere, now: CuratedNow, spanOf: (id: number) => ExportedSpan, text: string): void {
  const stamps = (spans: readonly { id: number; updatedAt: string }[]) => spans.map((span) => `${span.id}@${span.updatedAt}`).sort().join(' ')
  const sameSpans = read.spans === undefined || stamps(read.spans) === stamps(now.spans.map((span) => ({ id: span.id, updatedAt: span.updated_at })))
  const sameRelations = [...read.relations].sort((a, b) => a - b).join(' ') === [...now.relations].sort((a, b) => a - b).join(' ')
  if (sameSpans && sameRelations && read.asNothing === now.asNothing) return
  const shown = now.spans.slice(0, 3).map((stamp) => spanOf(stamp.id))
  const named = shown.map((span) => `${span.label} "${shortened(span.text)}"${valuesOf(span)}`).join(', ') + (now.spans.length > 3 ? ` and ${now.spans.length - 3} more` : '')
  const holds = now.asNothing ? 'it is now settled as nothing' : now.spans.length === 0 || read.spans === undefined ? 'its settling there changed' : `it now has ${named}`
  throw new ChangedSinceError(
    `the curated layer at "${shortened(text)}" was changed since it was read (${holds}), by another curator or in another window; that settling is not overwritten`,
  )
}

/**
 * A span's values for a message, ` (checkworthy: no)`, or nothing: what may be all that tells two settlings of one
 * text apart. Its note is left out (a remark, long).
 */
function valuesOf(span: ExportedSpan): string {
  const values = Object.entries(span.attrs).filter(([name, value]) => name !== 'note' && ['string', 'number', 'boolean'].includes(typeof value))
  return values.length === 0 ? '' : ` (${values.map(([name, value]) => `${name}: ${shortened(String(value))}`).join(', ')})`
}

/** `text` cut to a few dozen characters for a message. */
function shortened(text: string): string {
  const chars = [...text]
  return chars.length <= 40 ? text : `${chars.slice(0, 39).join('')}…`
}
