/**
 * The side panel's list of the document's relations: each with both ends' label, text and place (paragraph
 * and code point offsets); clicking one selects its head, and × removes it. A long list draws only the rows
 * near view.
 */
import type { ExportedRelation, ExportedSpan } from '../../shared/corpus-types'
import { safeColor } from '../../shared/contract-values'
import { nameSpan } from '../../shared/relation-rules'
import { relatedSpans, relationsShown } from '../editor/annotations'
import type { TextPositions } from '../editor/positions'
import type { DocumentSession } from '../editor/session'
import { h } from './dom'
import { WindowedList } from './windowed-list'

/** What the list asks of the application. */
export interface RelationListActions {
  /** A span chosen in the list: completes a pending relation at it (as a click on it in the text does), or selects it. */
  chooseSpan(id: number): void
  removeRelation(id: number): void
}

/**
 * The paragraph (from 1) that code point offset `offset` lies in: the line of the text, as the corpus holds it
 * (the editor may show a long line in several paragraphs, or many short lines in one).
 */
export function paragraphOf(positions: TextPositions, offset: number): number {
  return positions.lineOf(offset)
}

/** Where a span is, for people: `¶3, 412–560` (paragraphs from 1, offsets in code points). */
export function describePlace(positions: TextPositions, span: Pick<ExportedSpan, 'start' | 'end'>): string {
  const first = paragraphOf(positions, span.start)
  const last = paragraphOf(positions, Math.max(span.start, span.end - 1))
  return `¶${first === last ? first : `${first}–${last}`}, ${span.start}–${span.end}`
}

/** A relation as its row draws it: with both ends as they are now. */
interface RelationRow {
  relation: ExportedRelation
  head: ExportedSpan | undefined
  child: ExportedSpan | undefined
  /** This editor's to remove (see `DocumentSession.isOwnRelation`): only then has it a ×. */
  own: boolean
}

/** Height of a relation's row once the list is windowed (app.css gives `.relation-list .windowed > li` the same). */
export const RELATION_ROW_HEIGHT = 66

/**
 * The relation list section of the open document. Rows are made once per relation and its ends, and a long
 * list draws only the rows near view (`WindowedList`); selecting a span only marks rows active or not.
 */
export class RelationList {
  readonly element: HTMLElement
  private readonly heading = h('h2', {}, 'Relations (0)')
  private readonly list: WindowedList<RelationRow>
  private session: DocumentSession | null = null
  private drawnFrom: readonly ExportedRelation[] | null = null
  private drawnFor: string | null = null
  private active = { selected: null as number | null, related: new Set<number>() }

  constructor(
    private readonly colors: () => ReadonlyMap<string, string>,
    private readonly actions: RelationListActions,
  ) {
    this.list = new WindowedList<RelationRow>({
      label: 'Relations',
      rowHeight: RELATION_ROW_HEIGHT,
      key: (row) => row.relation.id,
      same: (a, b) => a.relation === b.relation && a.head === b.head && a.child === b.child && a.own === b.own,
      render: (row) => this.row(row),
      mark: (element, { relation }) => {
        const { selected, related } = this.active
        const active = relation.head === selected || relation.child === selected
        const className = active || (related.size > 0 && related.has(relation.head)) ? 'active' : ''
        if (element.className !== className) element.className = className
      },
    })
    this.element = h('section', { class: 'relation-list' }, this.heading, this.list.element)
  }

  /** Redraws the list for `session`: rows only for relations or ends that changed, marks for the selection. */
  render(session: DocumentSession): void {
    const state = session.state
    this.active = { selected: state.selected, related: relatedSpans(state, state.selected) }
    const relations = relationsShown(state)
    const owner = session.owner() // whose relations have a ×: changes with curating, or the analyst's name
    if (session !== this.session || relations !== this.drawnFrom || owner !== this.drawnFor) {
      if (session !== this.session) this.list.setItems([])
      this.session = session
      this.drawnFrom = relations
      this.drawnFor = owner
      this.heading.textContent = `Relations (${relations.length})`
      this.list.setItems(relations.map((relation) => ({ relation, head: state.spans.get(relation.head), child: state.spans.get(relation.child), own: relation.annotator === owner })))
    } else this.list.update()
  }

  /** Makes every row anew at the next render (the labels' colours changed). */
  forget(): void {
    this.session = null
  }

  /** Draws the rows now near view (the panel scrolled or changed size). */
  scrolled(): void {
    this.list.update()
  }

  private row({ relation, head, child, own }: RelationRow): HTMLLIElement {
    const positions = this.session!.positions
    const colors = this.colors()
    const end = (span: ExportedSpan | undefined, role: 'head' | 'child') =>
      h(
        'span',
        { class: `relation-end ${role}`, title: span?.text ?? '' },
        // The place before the text, so that it shows however long the text (clamped to two lines) is.
        span === undefined ? '?' : h('span', { class: 'chip', style: `--label-color: ${safeColor(colors.get(span.label))}` }, span.label),
        span === undefined ? '' : h('span', { class: 'where' }, describePlace(positions, span)),
        span === undefined ? '' : ` ${span.text}`,
      )
    return h(
      'li',
      { 'data-relation-id': relation.id },
      h(
        'button',
        { type: 'button', class: 'relation-item', title: `Select the ${head?.label ?? 'head'}`, onclick: () => this.actions.chooseSpan(relation.head) },
        end(head, 'head'),
        h('span', { class: 'relation-label' }, `${relation.label} →`),
        end(child, 'child'),
      ),
      // Another analyst's relation stays as they made it: no × to remove it (the editor would say so).
      own
        ? h(
            'button',
            { type: 'button', class: 'remove', 'aria-label': `Remove ${relation.label} from ${named(head)} to ${named(child)}`, onclick: () => this.actions.removeRelation(relation.id) },
            '×',
          )
        : h('span', { class: 'owner', title: `${relation.annotator}'s: theirs to remove` }, relation.annotator),
    )
  }
}

/** A relation's end as the × that removes the relation names it: `Speaker "Mr Putin"`, or `a span no longer there`. */
function named(span: ExportedSpan | undefined): string {
  return span === undefined ? 'a span no longer there' : nameSpan(span.label, span.text)
}
