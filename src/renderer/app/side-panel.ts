/**
 * The right column: the label palette with hotkeys and guidelines, whose work is shown (everyone's or one
 * analyst's), the document's labels, the selected span, and the lists of the document's spans (filterable
 * by label) and relations.
 */
import type { ExportedSpan, LabelDefinition } from '../../shared/corpus-types'
import { colorsOf, safeColor, SPAN_NOTE, SPAN_UNSURE } from '../../shared/contract-values'
import { spansInOrder } from '../editor/annotations'
import type { CurationPointer } from '../editor/annotations'
import type { AttributesOutcome, DocumentSession } from '../editor/session'
import { curationSection } from './curation-panel'
import { h, placeChildren } from './dom'
import { SpanDetails } from './span-details'
import { RelationList } from './relation-list'
import { WindowedList } from './windowed-list'
import { excerpt } from '../../shared/text'

/** Height of a span's row once the list is windowed (app.css gives `.span-list .windowed > li` the same). */
const SPAN_ROW_HEIGHT = 26

/** What the panel asks the application to do. */
/** What clicking a label in the palette does, by kind. */
const USE_LABEL = {
  span: 'Tags the text selected, or relabels the span selected',
  relation: 'Links the span selected: then click (or Tab to) the other end',
  document: 'Puts this label on the document, or takes it off',
} as const

export interface SidePanelActions {
  /** A span chosen in the list: completes a pending relation at it (as a click on it in the text does), or selects it. */
  chooseSpan(id: number): void
  removeRelation(id: number): void
  toggleDocumentLabel(name: string): void
  /** A label clicked in the palette: does what its key does. */
  useLabel(name: string, kind: LabelDefinition['kind']): void
  /** Shows one analyst's work only, or (null) everyone's. */
  showAnalyst(name: string | null): void
  /** Accepts a version of a disagreement into the curated layer. */
  acceptVersion(pointer: CurationPointer, version: number): void
  /** Picks a disagreement to curate. */
  pickDisagreement(pointer: CurationPointer): void
  /** Changes attributes of a span (its note, the unsure flag, label-declared attributes); resolves to how it ended. */
  setSpanAttributes(spanId: number, changes: Record<string, unknown>, readAt?: string): Promise<AttributesOutcome>
  /** Gives the focus back to the text. */
  focusText(): void
  /** Says something in the page's notice line. */
  say(message: string): void
  /** Opens the next or previous document (Alt+N, Alt+P), as from the text. */
  navigate(direction: 'next' | 'previous'): void
}

function chip(label: string, color: string | undefined): HTMLElement {
  return h('span', { class: 'chip', style: `--label-color: ${safeColor(color)}` }, label)
}

/** The side panel; `render` redraws it from the open document. */
export class SidePanel {
  readonly element: HTMLElement
  private readonly body: HTMLElement
  private spanFilter = ''
  /** The span list as drawn: for which document and filter, from which spans. */
  private drawnSpans: {
    session: DocumentSession | null
    filter: string
    shown: string | null
    spans: ReadonlyMap<number, ExportedSpan> | null
    list: WindowedList<ExportedSpan> | null
    section: HTMLElement | null
  } = { session: null, filter: '', shown: null, spans: null, list: null, section: null }
  /** The span selected, which the span list marks. */
  private selectedSpan: number | null = null
  private readonly relations: RelationList
  private colors = new Map<string, string>()
  private labels: readonly LabelDefinition[] = []
  private readonly corpusParts = h('div')
  private readonly details: SpanDetails

  constructor(
    labels: readonly LabelDefinition[],
    analysts: readonly string[],
    private readonly actions: SidePanelActions,
  ) {
    this.body = h('div')
    this.details = new SpanDetails({
      setAttributes: (id, changes, readAt) => actions.setSpanAttributes(id, changes, readAt),
      focusText: () => actions.focusText(),
      say: (message) => actions.say(message),
      navigate: (direction) => actions.navigate(direction),
    })
    this.element = h('aside', { class: 'side-panel', 'aria-label': 'Annotations' }, this.corpusParts, this.body)
    this.relations = new RelationList(() => this.colors, actions)
    this.setCorpus(labels, analysts)
    // Long lists draw only the rows near view: more as the panel scrolls or changes size.
    let frame: number | null = null
    const scrolled = () => {
      if (frame === null) frame = requestAnimationFrame(() => ((frame = null), this.scrolled()))
    }
    this.element.addEventListener('scroll', scrolled, { passive: true })
    new ResizeObserver(scrolled).observe(this.element)
  }

  /** Draws the label palette and the analyst filter, at start and when another program changed the labels. */
  setCorpus(labels: readonly LabelDefinition[], analysts: readonly string[]): void {
    this.labels = labels
    this.colors = colorsOf(labels, 'span') // the chips of spans and of relations' ends
    this.corpusParts.replaceChildren(this.guidelinesSwitch(), this.palette(), this.analystFilter(analysts))
    this.drawnSpans = { ...this.drawnSpans, session: null } // the span list's label filter is drawn again
    this.relations?.forget() // and the relations' chips, in the labels' colours
  }

  /**
   * Draws the analyst filter again for a new list of analysts (one who just wrote their first span, or another
   * program's), leaving the labels' parts and the lists as they are: an analyst's first tag redrew every row.
   */
  setAnalysts(analysts: readonly string[]): void {
    const drawn = this.corpusParts.querySelector('section.analysts')
    if (drawn === null) this.corpusParts.append(this.analystFilter(analysts))
    else drawn.replaceWith(this.analystFilter(analysts))
  }

  /**
   * The switch that folds the labels' guidelines away (remembered), so that the span and relation lists stay
   * in view on smaller screens.
   */
  private guidelinesSwitch(): HTMLElement {
    const key = 'marginalia:guidelines-hidden'
    const button = h('button', { type: 'button', class: 'guidelines-switch' })
    const show = (hidden: boolean) => {
      this.element.classList.toggle('guidelines-hidden', hidden)
      button.setAttribute('aria-expanded', String(!hidden))
      button.textContent = hidden ? 'Show guidelines' : 'Hide guidelines'
    }
    button.addEventListener('click', () => {
      const hidden = !this.element.classList.contains('guidelines-hidden')
      show(hidden)
      try {
        window.localStorage.setItem(key, hidden ? '1' : '0')
      } catch {
        // Not remembered.
      }
    })
    let hidden = false
    try {
      hidden = window.localStorage.getItem(key) === '1'
    } catch {
      // Shown by default.
    }
    show(hidden)
    return button
  }

  /** Whose work the editor shows: everyone's, or one analyst's. */
  private analystFilter(analysts: readonly string[]): HTMLElement {
    const chosen = this.corpusParts.querySelector<HTMLSelectElement>('section.analysts select')?.value ?? ''
    const select = h(
      'select',
      {
        'aria-label': 'Show the work of',
        onchange: (event: Event) => this.actions.showAnalyst((event.target as HTMLSelectElement).value || null),
      },
      h('option', { value: '' }, 'Every analyst'),
      ...analysts.map((name) => h('option', { value: name }, name)),
    )
    select.value = analysts.includes(chosen) ? chosen : '' // drawn again with new analysts: the choice stays
    return h('section', { class: 'analysts' }, h('h2', {}, 'Show the work of'), select)
  }

  private palette(): HTMLElement {
    const kindName = { span: 'Span labels', relation: 'Relations', document: 'Document labels' } as const
    const sections = (['span', 'relation', 'document'] as const)
      .map((kind) => {
        const labels = this.labels.filter((l) => l.kind === kind)
        if (labels.length === 0) return null
        return h(
          'section',
          { class: 'palette' },
          h('h2', {}, kindName[kind]),
          h(
            'ul',
            {},
            ...labels.map((label) =>
              h(
                'li',
                { 'data-palette-label': label.name },
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'use-label',
                    title: USE_LABEL[kind],
                    // The text keeps the focus and its selection: the click acts on what is selected there.
                    onmousedown: (event: Event) => event.preventDefault(),
                    onclick: () => this.actions.useLabel(label.name, kind),
                  },
                  h('kbd', {}, label.hotkey === null ? '' : kind === 'document' ? `⇧${label.hotkey}` : label.hotkey),
                  chip(label.name, label.color),
                ),
                label.description === '' ? null : h('p', { class: 'guideline' }, label.description),
              ),
            ),
          ),
        )
      })
    return h('div', {}, ...sections)
  }

  /** Puts the focus in the selected span's note (Alt+M). */
  editNote(): void {
    this.details.editNote()
  }

  /** Puts the focus in the first attribute choice of the selected span (Alt+A); false if its label declares none. */
  chooseAttributes(): boolean {
    return this.details.chooseAttributes()
  }

  /** Keeps notes not saved in the page's storage for the corpus `corpus` names (its name and when it was made) (see `SpanDetails.keepNotesOf`). */
  keepNotesOf(corpus: string): void {
    this.details.keepNotesOf(corpus)
  }

  /** What to say of the notes kept unsaved for a document just opened, or null (see `SpanDetails.keptNotesOf`). */
  keptNotesOf(documentId: number, spans: ReadonlyMap<number, ExportedSpan>): string | null {
    return this.details.keptNotesOf(documentId, spans)
  }

  /** Redraws the parts that depend on the open document. */
  render(session: DocumentSession | null): void {
    if (session === null) {
      this.body.replaceChildren()
      return
    }
    const state = session.state
    const parts: (HTMLElement | null)[] = [curationSection(session, this.colors, {
        accept: (pointer, version) => this.actions.acceptVersion(pointer, version),
        pick: (pointer) => this.actions.pickDisagreement(pointer),
      })]
    const documentLabels = this.labels.filter((l) => l.kind === 'document')
    if (documentLabels.length > 0) {
      parts.push(
        h(
          'section',
          { class: 'document-labels' },
          h('h2', {}, 'This document'),
          ...documentLabels.map((label) => {
            // The box is the label of the work being done (the analyst's, or the curated layer's), which it puts on
            // and takes off; colleagues who put it on (those whose work is shown) are named beside it.
            const owner = session.owner()
            const by = state.documentLabels.filter((l) => l.label === label.name).map((l) => l.annotator)
            const others = by.filter((annotator) => annotator !== owner && (state.shown === null || annotator === state.shown))
            return h(
              'label',
              {},
              h('input', { type: 'checkbox', checked: by.includes(owner), onchange: () => this.actions.toggleDocumentLabel(label.name) }),
              ` ${label.name}`,
              others.length === 0 ? '' : h('span', { class: 'annotator' }, ` also ${others.join(', ')}`),
            )
          }),
        ),
      )
    }
    const selected = state.selected === null ? undefined : state.spans.get(state.selected)
    const selectedLabel = this.labels.find((l) => l.kind === 'span' && l.name === selected?.label)
    const colour = selected === undefined ? undefined : this.colors.get(selected.label)
    parts.push(this.details.show(session.document.rowId, selected, selectedLabel, colour, state.link?.label ?? null, selected !== undefined && session.isOwn(selected)))
    parts.push(this.spanList(session))
    this.relations.render(session)
    parts.push(this.relations.element)
    // Only the sections that changed are put in, so a long span list that did not change is never moved (the
    // selected span's details appearing above it took the whole list out and put it back on every tag and undo).
    placeChildren(this.body, parts.filter((part): part is HTMLElement => part !== null))
  }

  /**
   * The list of spans. Its section is built once per document and filter; its rows are made once per span and
   * a long list draws only those near view (`WindowedList`), so documents with thousands of spans stay quick.
   */
  private spanList(session: DocumentSession): HTMLElement {
    const state = session.state
    let cached = this.drawnSpans
    if (cached.section === null || cached.session !== session || cached.filter !== this.spanFilter || cached.shown !== state.shown) {
      const list = new WindowedList<ExportedSpan>({
        label: 'Spans',
        rowHeight: SPAN_ROW_HEIGHT,
        key: (span) => span.id,
        same: (a, b) => a === b,
        render: (span) => this.spanItem(span),
        mark: (row, span) => {
          const selected = span.id === this.selectedSpan ? 'true' : 'false'
          if (row.getAttribute('aria-selected') !== selected) row.setAttribute('aria-selected', selected) // unchanged rows untouched
        },
      })
      cached = this.drawnSpans = { session, filter: this.spanFilter, shown: state.shown, spans: null, list, section: this.emptySpanList(session, list.element) }
    }
    this.selectedSpan = state.selected
    if (cached.spans !== state.spans) {
      const ordered = spansInOrder(state)
      cached.list!.setItems(this.spanFilter === '' ? ordered : ordered.filter((span) => span.label === this.spanFilter))
      cached.section!.querySelector('h2')!.textContent = `Spans (${ordered.length})`
      cached.spans = state.spans
    } else cached.list!.update()
    return cached.section!
  }

  /** Draws the rows of the lists now near view (the panel scrolled or changed size). */
  private scrolled(): void {
    this.drawnSpans.list?.update()
    this.relations.scrolled()
  }

  private spanItem(span: ExportedSpan): HTMLLIElement {
    return h(
      'li',
      { 'data-span-id': span.id, 'aria-selected': 'false' },
      h(
        'button',
        { type: 'button', onclick: () => this.actions.chooseSpan(span.id) },
        chip(span.label, this.colors.get(span.label)),
        marksOf(span), // before the text, which a long list cuts short
        h('span', { class: 'span-text' }, ` ${excerpt(span.text, 200, 0)}`),
        h('span', { class: 'annotator', title: `by ${span.annotator}` }, ` ${span.annotator}`),
      ),
    )
  }

  private emptySpanList(session: DocumentSession, list: HTMLElement): HTMLElement {
    const spanLabels = this.labels.filter((l) => l.kind === 'span')
    return h(
      'section',
      { class: 'span-list' },
      h('h2', {}, 'Spans'),
      h(
        'select',
        {
          'aria-label': 'Filter spans by label',
          onchange: (event: Event) => {
            this.spanFilter = (event.target as HTMLSelectElement).value
            this.render(session)
          },
        },
        h('option', { value: '' }, 'All labels'),
        ...spanLabels.map((l) => h('option', { value: l.name, selected: l.name === this.spanFilter }, l.name)),
      ),
      list,
    )
  }
}

/** The note (✎, the note as its tooltip) and unsure (?) marks of a span in the list, as on the span in the text; null for none. */
function marksOf(span: ExportedSpan): HTMLElement | null {
  const note = typeof span.attrs[SPAN_NOTE] === 'string' ? (span.attrs[SPAN_NOTE] as string) : ''
  const unsure = span.attrs[SPAN_UNSURE] === true
  if (note === '' && !unsure) return null
  return h('span', { class: 'list-marks', title: [unsure ? 'Unsure' : '', note].filter(Boolean).join(': ') }, ` ${note === '' ? '' : '✎'}${unsure ? '?' : ''}`)
}
