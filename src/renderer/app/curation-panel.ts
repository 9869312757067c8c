/**
 * The side panel's curation section (curation mode, Alt+C): the document's disagreements, how many are
 * settled, and the versions of the one picked, each to accept into the curated layer (Enter or a click); a
 * version with nothing in it settles the disagreement as nothing.
 */
import { nameSpan } from '../../shared/relation-rules'
import { safeColor } from '../../shared/contract-values'
import type { CurationPointer } from '../editor/annotations'
import type { DeclaredAttributes } from '../../shared/curation'
import { itemIndex, type CurationItem, type CurationVersion } from '../editor/curation'
import type { DocumentSession } from '../editor/session'
import { plural } from '../../shared/text'
import { h } from './dom'

/** What the section asks the application to do. */
export interface CurationActions {
  accept(pointer: CurationPointer, version: number): void
  /** Picks a disagreement (a click on it in the list), to see its versions. */
  pick(pointer: CurationPointer): void
}

/** A click that leaves the focus in the text, so that Tab, ↓ ↑ and Enter go on from there. */
const keepTextFocus = (event: Event) => event.preventDefault()

function describeVersion(version: CurationVersion, item: CurationItem, colors: ReadonlyMap<string, string>, declared: DeclaredAttributes): (Node | string)[] {
  if (version.spans.length === 0) return [item.relation === undefined ? 'nothing here' : 'no such relation']
  if (item.relation !== undefined) {
    const [head, child] = version.spans
    return [`“${head.text}” ${item.relation.relation.label} “${child.text}”`]
  }
  return version.spans.flatMap((span, i) => [
    i > 0 ? ' + ' : '',
    h('span', { class: 'chip', style: `--label-color: ${safeColor(colors.get(span.label))}` }, span.label),
    ` “${span.text}”`,
    // The values of the attributes its label declares, which may be what the versions differ in.
    ...declared(span.label).filter((name) => span.attrs[name] !== undefined).map((name) => ` ${name}: ${String(span.attrs[name])}`),
    // Accepting the version takes its relations between these spans too: said, so that it is no surprise.
    i === version.spans.length - 1 && version.relations.length > 0 ? ` (and ${plural(version.relations.length, 'relation')} between them)` : '',
  ])
}

/** What a disagreement is about, in a few words: the text of its place, or the relation's label. */
function placeText(session: DocumentSession, item: CurationItem): string {
  if (item.relation !== undefined) {
    // Named by its ends, so that relations of one label are told apart: `attributed_to: Claim "Talks went…" → Speaker "Mr Putin"`;
    // an end that is a colleague's span (ana's) is said to be, or two relations over the same text would read alike.
    const { relation, colleagueEnds } = item.relation
    const end = (id: number, colleague: string | null) => {
      const span = session.state.spans.get(id)
      return span === undefined ? '?' : `${nameSpan(span.label, span.text)}${colleague === null ? '' : ` (${colleague}’s span)`}`
    }
    return `${relation.label}: ${end(relation.head, colleagueEnds.head)} → ${end(relation.child, colleagueEnds.child)}`
  }
  const { positions } = session
  const characters = [...session.document.text.slice(positions.toUtf16(item.pointer.start), positions.toUtf16(item.pointer.end))]
  return `“${characters.length > 60 ? `${characters.slice(0, 57).join('')}…` : characters.join('')}”`
}

/** How many disagreements the list shows around the one picked (a long document may have thousands; Tab steps through all). */
const LISTED_AROUND = 40

/** The curation section for `session`, or null when it is not curating. */
export function curationSection(session: DocumentSession, colors: ReadonlyMap<string, string>, actions: CurationActions): HTMLElement | null {
  const state = session.state
  if (!state.curating) return null
  const items = session.curation.items()
  const current = itemIndex(items, state.curation?.item)
  const settled = items.filter((item) => item.settled).length
  const from = Math.max(0, Math.min(current - LISTED_AROUND / 2, items.length - LISTED_AROUND))
  const to = Math.min(items.length, from + LISTED_AROUND)
  const more = (count: number, where: string) => (count > 0 ? h('li', { class: 'more' }, `… ${plural(count, 'disagreement')} ${where} (Tab steps through them)`) : null)
  return h(
    'section',
    { class: 'curation', 'aria-label': 'Curation' },
    h('h2', {}, `Curation: ${items.length} disagreement${items.length === 1 ? '' : 's'}, ${settled} settled`),
    h('p', { class: 'hint' }, 'Tab to the next disagreement, ↓ ↑ to choose a version, Enter to accept it; or tag your own. Alt+C leaves curation.'),
    h(
      'ol',
      { class: 'disagreements', 'aria-label': 'Disagreements' },
      more(from, 'before'),
      ...items.slice(from, to).map((item, index) => {
        const i = from + index
        return h(
          'li',
          { 'data-settled': item.settled ? 'true' : 'false', 'aria-current': i === current ? 'true' : 'false' },
          h(
            i === current ? 'span' : 'button',
            i === current ? { class: 'where' } : { type: 'button', class: 'where', title: 'Show its versions', onmousedown: keepTextFocus, onclick: () => actions.pick(item.pointer) },
            placeText(session, item),
            item.settled
              ? ' ✓ settled'
              : item.conflicting
                ? ' • two settlings meet here (copies merged): accept one version'
                : item.changedSince
                  ? ' • changed since settled: accept a version again'
                  : '',
          ),
          i !== current
            ? null
            : h(
                'ol',
                { class: 'versions', 'aria-label': 'Versions' },
                ...item.versions.map((version, v) =>
                  h(
                    'li',
                    { 'aria-selected': v === state.curation?.version ? 'true' : 'false' },
                    h(
                      'button',
                      { type: 'button', onmousedown: keepTextFocus, onclick: () => actions.accept(item.pointer, v) },
                      h('span', { class: 'annotators' }, `${version.annotators.join(', ')}: `),
                      ...describeVersion(version, item, colors, session.curation.declared),
                    ),
                  ),
                ),
              ),
        )
      }),
      more(items.length - to, 'after'),
    ),
  )
}
