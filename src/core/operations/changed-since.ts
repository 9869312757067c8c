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
      'in another window; that is not overwritten',
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
      'would remove too; undo does not remove that',
  )
}

/**
 * Refuses, saying what the curated layer holds there now, unless its spans over the place are exactly `read.ids`
 * (`now`: their ids; `named`: a span by id, for the message; `text`: the place's text).
 */
export function refuseCuratedChangedSince(read: CuratedThere, now: readonly number[], named: (id: number) => ExportedSpan, text: string): void {
  const expected = new Set(read.ids)
  if (now.length === expected.size && now.every((id) => expected.has(id))) return
  const spans = now.map(named)
  const holds =
    spans.length === 0
      ? 'nothing'
      : spans.slice(0, 3).map((span) => `${span.label} "${shortened(span.text)}"`).join(', ') + (spans.length > 3 ? ` and ${spans.length - 3} more` : '')
  throw new ChangedSinceError(
    `the curated layer at "${shortened(text)}" was changed since it was read (it now has ${holds}), by another curator or in another ` +
      'window; that settling is not overwritten',
  )
}

/** `text` cut to a few dozen characters for a message. */
function shortened(text: string): string {
  const chars = [...text]
  return chars.length <= 40 ? text : `${chars.slice(0, 39).join('')}…`
}
