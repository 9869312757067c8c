/**
 * The annotation plugin: everything the analysts have recorded on the open document (spans, relations,
 * document labels, status) and what is picked out in it (the selected span, a pending link, a search match),
 * in plugin state, with the spans drawn as inline decorations.
 * As in ProseMirror's collaborative "comments" example, the DecorationSet is mapped through `tr.mapping` and
 * changed only through actions sent with `tr.setMeta(annotationKey, action)`. Only the decorations of spans
 * whose look changed are replaced, so documents with thousands of spans stay quick.
 */
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state'
import { Decoration, DecorationSet } from 'prosemirror-view'
import { safeColor, SPAN_NOTE, SPAN_UNSURE, type DocumentStatus, type ExportedDocumentLabel, type ExportedRelation, type ExportedSpan } from '../../shared/corpus-types'
import { CURATED } from '../../shared/curation'
import { assignLayers, spansHoldingOthers } from './layering'
import type { TextPositions } from './positions'

/** A relation being drawn: from this span, with this relation label. */
export interface PendingLink {
  spanId: number
  label: string
}

/** What the plugin keeps for the open document. */
export interface AnnotationState {
  /** Maps the document's code point offsets to positions. */
  positions: TextPositions
  spans: ReadonlyMap<number, ExportedSpan>
  relations: ReadonlyMap<number, ExportedRelation>
  /** Labels on the whole document, by every annotator. */
  documentLabels: readonly ExportedDocumentLabel[]
  status: DocumentStatus
  /** The span chosen with Tab or a click, if any. */
  selected: number | null
  /** A relation started from the selected span, waiting for its other end. */
  link: PendingLink | null
  /** A search match to show, in code points. */
  match: { start: number; end: number } | null
  /** The analyst using this editor: spans by others are drawn apart. */
  me: string
  /** The one analyst whose work is shown, or null for everyone's. */
  shown: string | null
  /** Curation mode: the analysts' disagreements are stepped through and settled in the curated layer. */
  curating: boolean
  /** The disagreement being curated (its place in code points), and which of its versions is chosen. */
  curation: { item: CurationPointer; version: number } | null
  decorations: DecorationSet
  /** What each span's decoration was drawn from, to redraw only the spans that changed. */
  looks: ReadonlyMap<number, string>
  /** Underline layer of each span, recomputed only when the spans change. */
  layers: ReadonlyMap<number, number>
  /** The spans holding another span inside them, which leave the tint to it (recomputed with the layers). */
  holding: ReadonlySet<number>
}

/** Which disagreement curation is at: a place (by its extent), or a relation (by what it joins). */
export type CurationPointer = { kind: 'place'; start: number; end: number } | { kind: 'relation'; start: number; end: number; key: string }

/** Changes to the annotation state; each is sent as the meta of a transaction. */
export type AnnotationAction =
  | {
      type: 'load'
      spans: readonly ExportedSpan[]
      relations: readonly ExportedRelation[]
      documentLabels: readonly ExportedDocumentLabel[]
      status: DocumentStatus
    }
  | { type: 'putSpan'; span: ExportedSpan; select?: boolean }
  | { type: 'removeSpan'; id: number }
  | { type: 'putRelation'; relation: ExportedRelation }
  | { type: 'removeRelation'; id: number }
  | { type: 'select'; id: number | null }
  | { type: 'link'; link: PendingLink | null }
  | { type: 'match'; match: { start: number; end: number } | null }
  | {
      type: 'sync'
      spans: readonly ExportedSpan[]
      relations: readonly ExportedRelation[]
      documentLabels: readonly ExportedDocumentLabel[]
      status: DocumentStatus
    }
  | { type: 'documentLabels'; labels: readonly ExportedDocumentLabel[] }
  | { type: 'status'; status: DocumentStatus }
  | { type: 'show'; annotator: string | null }
  | { type: 'me'; annotator: string }
  | { type: 'curate'; on: boolean }
  | { type: 'curation'; at: { item: CurationPointer; version: number } | null }

/** Key of the annotation plugin's state. */
export const annotationKey = new PluginKey<AnnotationState>('annotations')

/** The annotation state of an editor state. */
export function annotations(state: EditorState): AnnotationState {
  const value = annotationKey.getState(state)
  if (value === undefined) throw new Error('the annotation plugin is not installed')
  return value
}

/** True if `span` is drawn: everyone's work is shown, or its analyst's is. */
export function isShown(state: Pick<AnnotationState, 'shown'>, span: Pick<ExportedSpan, 'annotator'>): boolean {
  return state.shown === null || span.annotator === state.shown
}

/** The spans shown, in reading order: by start, then the longer first, then by id. */
export function spansInOrder(state: Pick<AnnotationState, 'spans' | 'shown'>): ExportedSpan[] {
  return [...state.spans.values()].filter((span) => isShown(state, span)).sort((a, b) => a.start - b.start || b.end - a.end || a.id - b.id)
}

/** The relations shown: by the analyst shown (or everyone's), between spans shown. */
export function relationsShown(state: Pick<AnnotationState, 'spans' | 'relations' | 'shown'>): ExportedRelation[] {
  return [...state.relations.values()].filter((relation) => {
    const head = state.spans.get(relation.head)
    const child = state.spans.get(relation.child)
    return isShown(state, relation) && head !== undefined && child !== undefined && isShown(state, head) && isShown(state, child)
  })
}

/** Ids of the spans linked by a relation shown to span `id`. */
export function relatedSpans(state: Pick<AnnotationState, 'spans' | 'relations' | 'shown'>, id: number | null): Set<number> {
  const related = new Set<number>()
  if (id === null) return related
  for (const relation of relationsShown(state)) {
    if (relation.head === id) related.add(relation.child)
    if (relation.child === id) related.add(relation.head)
  }
  return related
}

interface Drawing {
  positions: TextPositions
  colors: ReadonlyMap<string, string>
}

function spanTitle(span: ExportedSpan): string {
  const attrs = Object.keys(span.attrs).length > 0 ? `\n${JSON.stringify(span.attrs)}` : ''
  return `${span.label} · ${span.annotator}${attrs}`
}

/** Everything a span's look depends on, as one string. */
function lookOf(span: ExportedSpan, layer: number, flags: string[]): string {
  return `${span.start}:${span.end}:${span.label}:${span.annotator}:${layer}:${flags.join(',')}:${JSON.stringify(span.attrs)}`
}

function decorate(span: ExportedSpan, layer: number, flags: string[], drawing: Drawing): Decoration[] {
  const drawn = [
    Decoration.inline(
      drawing.positions.toPosition(span.start),
      drawing.positions.toPosition(span.end),
      {
        nodeName: 'span',
        class: ['annotation', ...flags].join(' '),
        'data-span-id': String(span.id),
        'data-label': span.label,
        'data-layer': String(layer),
        'data-annotator': span.annotator,
        title: spanTitle(span),
        style: `--label-color: ${safeColor(drawing.colors.get(span.label))}; --layer: ${layer}`,
      },
      { spanId: span.id },
    ),
  ]
  const marker = markerOf(span, drawing)
  if (marker !== null) drawn.push(marker)
  return drawn
}

/**
 * A span's marker, after its last character: ✎ for a note (which its tooltip shows), ? for unsure. The
 * element carries `data-marker-of` with the span's id; a click on it selects the span.
 */
function markerOf(span: ExportedSpan, drawing: Drawing): Decoration | null {
  const note = typeof span.attrs[SPAN_NOTE] === 'string' ? (span.attrs[SPAN_NOTE] as string) : ''
  const unsure = span.attrs[SPAN_UNSURE] === true
  if (note === '' && !unsure) return null
  const marks = `${note === '' ? '' : '✎'}${unsure ? '?' : ''}`
  const title = [unsure ? 'Unsure' : '', note].filter(Boolean).join(': ')
  return Decoration.widget(
    drawing.positions.toPosition(span.end),
    () => {
      const element = document.createElement('sup')
      element.className = 'span-marker'
      element.dataset.markerOf = String(span.id)
      if (note !== '') element.dataset.note = ''
      if (unsure) element.dataset.unsure = ''
      element.title = title
      element.textContent = marks
      element.style.setProperty('--label-color', safeColor(drawing.colors.get(span.label)))
      return element
    },
    { spanId: span.id, side: -1, key: `marker:${span.id}:${marks}:${title}`, ignoreSelection: true },
  )
}

/** Redraws the spans whose look changed since `previous`, keeping every other decoration as it is. */
function redraw(state: Omit<AnnotationState, 'decorations' | 'looks' | 'layers' | 'holding'>, previous: AnnotationState, drawing: Drawing, doc: Transaction['doc']): AnnotationState {
  const unchanged =
    state.spans === previous.spans &&
    state.relations === previous.relations &&
    state.selected === previous.selected &&
    state.link === previous.link &&
    state.match === previous.match &&
    state.me === previous.me &&
    state.shown === previous.shown &&
    state.curating === previous.curating &&
    state.curation === previous.curation
  if (unchanged) return { ...state, decorations: previous.decorations, looks: previous.looks, layers: previous.layers, holding: previous.holding }
  const sameSpans = state.spans === previous.spans && state.shown === previous.shown
  const layers = sameSpans ? previous.layers : assignLayers(spansInOrder(state))
  const holding = sameSpans ? previous.holding : spansHoldingOthers(spansInOrder(state))
  const related = relatedSpans(state, state.selected)
  const looks = new Map<number, string>()
  const changed = new Set<number>()
  const fresh: Decoration[] = []
  for (const span of state.spans.values()) {
    if (!isShown(state, span)) continue
    const flags: string[] = []
    if (span.annotator === CURATED) flags.push('curated')
    else if (span.annotator !== state.me) flags.push('by-other')
    if (span.id === state.selected) flags.push('selected')
    if (related.has(span.id)) flags.push('related')
    if (span.id === state.link?.spanId) flags.push('link-source')
    if (holding.has(span.id)) flags.push('holding')
    if (typeof span.attrs[SPAN_NOTE] === 'string') flags.push('has-note')
    if (span.attrs[SPAN_UNSURE] === true) flags.push('unsure')
    const layer = layers.get(span.id) ?? 0
    const look = lookOf(span, layer, flags)
    looks.set(span.id, look)
    if (previous.looks.get(span.id) !== look) {
      changed.add(span.id)
      fresh.push(...decorate(span, layer, flags, drawing))
    }
  }
  for (const id of previous.looks.keys()) if (!looks.has(id)) changed.add(id)
  const matchChanged = state.match !== previous.match
  const focusChanged = state.curation?.item !== previous.curation?.item
  let decorations = previous.decorations
  const stale = decorations.find(undefined, undefined, (spec: { spanId?: number; match?: boolean; focus?: boolean }) =>
    spec.spanId !== undefined ? changed.has(spec.spanId) : (matchChanged && spec.match === true) || (focusChanged && spec.focus === true),
  )
  if (stale.length > 0) decorations = decorations.remove(stale)
  if (matchChanged && state.match !== null) {
    const { start, end } = state.match
    fresh.push(
      Decoration.inline(drawing.positions.toPosition(start), drawing.positions.toPosition(end), { class: 'search-match' }, { match: true }),
    )
  }
  if (focusChanged && state.curation !== null) {
    const { start, end } = state.curation.item
    fresh.push(
      Decoration.inline(drawing.positions.toPosition(start), drawing.positions.toPosition(end), { class: 'curation-focus' }, { focus: true }),
    )
  }
  if (fresh.length > 0) decorations = decorations.add(doc, fresh)
  return { ...state, decorations, looks, layers, holding }
}

function reduce(state: AnnotationState, action: AnnotationAction): Omit<AnnotationState, 'decorations' | 'looks' | 'layers' | 'holding'> {
  switch (action.type) {
    case 'load':
      return {
        spans: new Map(action.spans.map((span) => [span.id, span])),
        relations: new Map(action.relations.map((relation) => [relation.id, relation])),
        documentLabels: action.documentLabels,
        status: action.status,
        selected: null,
        link: null,
        match: null,
        me: state.me,
        shown: state.shown,
        curating: state.curating,
        curation: null,
        positions: state.positions,
      }
    case 'sync': {
      // What the corpus holds now, written partly by others: the selection, a pending link and a shown match
      // stay as they were wherever what they point at is still there.
      const spans = new Map(action.spans.map((span) => [span.id, span]))
      return {
        ...state,
        spans,
        relations: new Map(action.relations.map((relation) => [relation.id, relation])),
        documentLabels: action.documentLabels,
        status: action.status,
        selected: state.selected !== null && spans.has(state.selected) ? state.selected : null,
        link: state.link !== null && spans.has(state.link.spanId) ? state.link : null,
      }
    }
    case 'putSpan':
      return {
        ...state,
        spans: new Map(state.spans).set(action.span.id, action.span),
        selected: action.select === true ? action.span.id : state.selected,
      }
    case 'removeSpan': {
      const spans = new Map(state.spans)
      spans.delete(action.id)
      const relations = new Map([...state.relations].filter(([, r]) => r.head !== action.id && r.child !== action.id))
      return {
        ...state,
        spans,
        relations,
        selected: state.selected === action.id ? null : state.selected,
        link: state.link?.spanId === action.id ? null : state.link,
      }
    }
    case 'putRelation':
      return { ...state, relations: new Map(state.relations).set(action.relation.id, action.relation) }
    case 'removeRelation': {
      const relations = new Map(state.relations)
      relations.delete(action.id)
      return { ...state, relations }
    }
    case 'select': {
      const span = action.id === null ? undefined : state.spans.get(action.id)
      return { ...state, selected: span !== undefined && isShown(state, span) ? span.id : null }
    }
    case 'link':
      return { ...state, link: action.link }
    case 'match':
      return { ...state, match: action.match }
    case 'documentLabels':
      return { ...state, documentLabels: action.labels }
    case 'show': {
      // Hiding an analyst's work drops a selection or a link that is no longer shown.
      const next = { ...state, shown: action.annotator }
      const selected = state.selected === null ? undefined : state.spans.get(state.selected)
      const source = state.link === null ? undefined : state.spans.get(state.link.spanId)
      return {
        ...next,
        selected: selected !== undefined && isShown(next, selected) ? state.selected : null,
        link: source !== undefined && isShown(next, source) ? state.link : null,
      }
    }
    case 'me':
      return { ...state, me: action.annotator }
    case 'curate':
      return { ...state, curating: action.on, curation: null, shown: action.on ? null : state.shown, link: null }
    case 'curation':
      return { ...state, curation: action.at }
    case 'status':
      return { ...state, status: action.status }
  }
}

/** What the plugin starts from: the document as read from the corpus. */
export type LoadedDocument = Omit<Extract<AnnotationAction, { type: 'load' }>, 'type'>

const EMPTY: Omit<AnnotationState, 'positions' | 'me'> = {
  spans: new Map(),
  relations: new Map(),
  documentLabels: [],
  status: 'todo',
  selected: null,
  link: null,
  match: null,
  shown: null,
  curating: false,
  curation: null,
  decorations: DecorationSet.empty,
  looks: new Map(),
  layers: new Map(),
  holding: new Set(),
}

/**
 * The plugin for one document, starting from `document` as stored: `positions` maps its offsets, `colors`
 * gives each span label's colour, `me` is the analyst using the editor.
 */
export function annotationPlugin(
  document: LoadedDocument,
  positions: TextPositions,
  colors: ReadonlyMap<string, string>,
  me: string,
): Plugin<AnnotationState> {
  const drawing: Drawing = { positions, colors }
  return new Plugin<AnnotationState>({
    key: annotationKey,
    state: {
      init: (_config, state) => {
        const empty = { ...EMPTY, positions, me }
        return redraw(reduce(empty, { type: 'load', ...document }), empty, drawing, state.doc)
      },
      apply(tr, value) {
        const mapped = tr.docChanged ? { ...value, decorations: value.decorations.map(tr.mapping, tr.doc) } : value
        const action = tr.getMeta(annotationKey) as AnnotationAction | undefined
        if (action === undefined) return mapped
        return redraw(reduce(mapped, action), mapped, drawing, tr.doc)
      },
    },
    props: {
      decorations(state) {
        return annotationKey.getState(state)?.decorations
      },
    },
  })
}

/** A transaction that applies `action` to the annotation state. */
export function annotate(state: EditorState, action: AnnotationAction): Transaction {
  return state.tr.setMeta(annotationKey, action)
}
