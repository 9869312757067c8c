/**
 * The status bar's relation controls: which arcs are drawn (every relation in view, or the selected span's;
 * Alt+R), and for each relation label with head rules the count of spans missing it ("2 Claims without
 * attributed_to"). Clicking a count (or Alt+U) makes Tab and Shift+Tab step only through those spans, until
 * it is clicked again.
 */
import type { LabelDefinition } from '../../shared/corpus-types'
import { describeMissing, missingRelations, toggleMissingSteps } from '../editor/missing-relations'
import { relationView, toggleArcScope } from '../editor/relation-view'
import type { DocumentSession } from '../editor/session'
import { h } from './dom'

/** The relation controls; `render` redraws them, touching the DOM only when what they say changed. */
export class RelationStatus {
  readonly element = h('span', { class: 'relation-status' })
  private drawn = ''

  constructor(private readonly labels: () => readonly LabelDefinition[]) {}

  /** Redraws the controls for `session` (empty without one, or when the corpus has no relation labels). */
  render(session: DocumentSession | null): void {
    if (session === null || !this.labels().some((l) => l.kind === 'relation')) {
      this.drawn = ''
      this.element.replaceChildren()
      return
    }
    const labels = this.labels()
    const view = relationView(session.view.state)
    const missing = missingRelations(session.state, labels)
    const key = JSON.stringify([session.document.rowId, view, missing.map(describeMissing)])
    if (key === this.drawn) return
    this.drawn = key
    const run = (command: typeof toggleArcScope) => () => {
      command(session.view.state, session.view.dispatch)
      session.view.focus()
    }
    const stepping = view.unlinkedOnly ? 'true' : 'false'
    this.element.replaceChildren(
      h(
        'button',
        {
          type: 'button',
          class: 'arc-scope',
          'aria-pressed': view.arcs === 'selected' ? 'true' : 'false',
          title: 'Alt+R: draw the arcs of every relation, or only those of the selected span',
          onclick: run(toggleArcScope),
        },
        view.arcs === 'all' ? 'Arcs: all' : 'Arcs: selected span',
      ),
      ...missing.map((m) =>
        h(
          'button',
          {
            type: 'button',
            class: 'missing-count',
            'data-relation': m.relation,
            'data-head-label': m.headLabel,
            'data-count': m.spans.length,
            'aria-pressed': stepping,
            title: `Alt+U: Tab and Shift+Tab step only through the spans missing a relation, or through every span again`,
            onclick: run(toggleMissingSteps(labels)),
          },
          describeMissing(m),
        ),
      ),
    )
  }
}
