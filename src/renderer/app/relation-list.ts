/**
 * The side panel's list of the document's relations: each with both ends' label, text and place (paragraph
 * and code point offsets); clicking one selects its head, and × removes it.
 */
import { safeColor, type ExportedSpan } from '../../shared/corpus-types'
import { relatedSpans, relationsShown } from '../editor/annotations'
import type { TextPositions } from '../editor/positions'
import type { DocumentSession } from '../editor/session'
import { h } from './dom'

/** What the list asks of the application. */
export interface RelationListActions {
  selectSpan(id: number): void
  removeRelation(id: number): void
}

/** The paragraph (from 1) that code point offset `offset` lies in. */
export function paragraphOf(positions: TextPositions, offset: number): number {
  // A position counts one more than the UTF-16 index for each paragraph before it, and one for the document's start.
  return positions.toPosition(offset) - positions.toUtf16(offset)
}

/** Where a span is, for people: `¶3, 412–560` (paragraphs from 1, offsets in code points). */
export function describePlace(positions: TextPositions, span: Pick<ExportedSpan, 'start' | 'end'>): string {
  const first = paragraphOf(positions, span.start)
  const last = paragraphOf(positions, Math.max(span.start, span.end - 1))
  return `¶${first === last ? first : `${first}–${last}`}, ${span.start}–${span.end}`
}

/** The relation list section of the open document. */
export function relationList(session: DocumentSession, colors: ReadonlyMap<string, string>, actions: RelationListActions): HTMLElement {
  const state = session.state
  const related = relatedSpans(state, state.selected)
  const relations = relationsShown(state)
  const end = (span: ExportedSpan | undefined, role: 'head' | 'child') =>
    h(
      'span',
      { class: `relation-end ${role}`, title: span?.text ?? '' },
      // The place before the text, so that it shows however long the text (clamped to two lines) is.
      span === undefined ? '?' : h('span', { class: 'chip', style: `--label-color: ${safeColor(colors.get(span.label))}` }, span.label),
      span === undefined ? '' : h('span', { class: 'where' }, describePlace(session.positions, span)),
      span === undefined ? '' : ` ${span.text}`,
    )
  return h(
    'section',
    { class: 'relation-list' },
    h('h2', {}, `Relations (${relations.length})`),
    h(
      'ol',
      { 'aria-label': 'Relations' },
      ...relations.map((relation) => {
        const head = state.spans.get(relation.head)
        const child = state.spans.get(relation.child)
        const active = relation.head === state.selected || relation.child === state.selected
        return h(
          'li',
          { 'data-relation-id': relation.id, class: active || (related.size > 0 && related.has(relation.head)) ? 'active' : '' },
          h(
            'button',
            { type: 'button', class: 'relation-item', title: `Select the ${head?.label ?? 'head'}`, onclick: () => actions.selectSpan(relation.head) },
            end(head, 'head'),
            h('span', { class: 'relation-label' }, `${relation.label} →`),
            end(child, 'child'),
          ),
          h('button', { type: 'button', class: 'remove', 'aria-label': `Remove relation ${relation.id}`, onclick: () => actions.removeRelation(relation.id) }, '×'),
        )
      }),
    ),
  )
}
