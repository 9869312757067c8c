/**
 * The annotation plugin: everything the analysts have recorded on the open document (spans, relations,
 * document labels, status) and what is picked out in it (the selected span, a pending link, a search match),
 * in plugin state, with the spans drawn as inline decorations.
 * As in ProseMirror's collaborative "comments" example, the DecorationSet is mapped through `tr.mapping` and
 * changed only through actions sent with `tr.setMeta(annotationKey, action)`. Only the decorations of spans
 * whose look changed are replaced, so documents with thousands of spans stay quick. A long document's spans
 * are decorated only over the ranges the view has come near (`covered`, extended by the span window's
 * 'cover' action), and the selected and linked spans wherever they are; so opening one costs what is drawn.
 */
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state'
import { Decoration, DecorationSet } from 'prosemirror-view'
import type { DocumentStatus, ExportedDocumentLabel, ExportedRelation, ExportedSpan } from '../../shared/corpus-types'
import { safeColor, SPAN_NOTE, SPAN_UNSURE } from '../../shared/contract-values'
import { CURATED } from '../../shared/curation'
import { firstIndexWhere } from '../../shared/offsets'
import { layerAll, relayer } from './layering'
import { drawnNearViewOnly, firstWindow } from './long-document'
import type { TextPositions } from './positions'
import { changeBetween, deriveOrder, orderedSpans, type SpansChange } from './span-order'

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
  /**
   * The position ranges whose spans are decorated (in order, apart), or null for the whole document; spans
   * selected or linked from are decorated wherever they are.
   */
  covered: readonly CoveredRange[] | null
  /** The spans' decorations (each spec holding the span's id and the look it was drawn with), the match and the curation focus. */
  decorations: DecorationSet
  /** Underline layer of each span, recomputed only when the spans change. */
  layers: ReadonlyMap<number, number>
  /** The spans holding another span inside them, which leave the tint to it (recomputed with the layers). */
  holding: ReadonlySet<number>
}

/** A range of positions whose spans are decorated. */
export interface CoveredRange {
  from: number
  to: number
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
  /** The view has come near these positions: their spans are decorated from now on (a long document's). */
  | { type: 'cover'; from: number; to: number }

/** Key of the annotation plugin's state. */
export const annotationKey = new PluginKey<AnnotationState>('annotations')

/** The annotation state of an editor state. */
export function annotations(state: EditorState): AnnotationState {
  const value = annotationKey.getState(state)
  if (value === undefined) throw new Error('the annotation plugin is not installed')
  return value
}

/** Whose annotations the editor makes and changes: its analyst's, or while curating the curated layer's. */
export function ownerOf(state: Pick<AnnotationState, 'me' | 'curating'>): string {
  return state.curating ? CURATED : state.me
}

/** True if `span` is drawn: everyone's work is shown, or its analyst's is. */
export function isShown(state: Pick<AnnotationState, 'shown'>, span: Pick<ExportedSpan, 'annotator'>): boolean {
  return state.shown === null || span.annotator === state.shown
}

/** The spans shown, in reading order: by start, then the longer first, then by id (kept per spans map; not to be changed). */
export function spansInOrder(state: Pick<AnnotationState, 'spans' | 'shown'>): readonly ExportedSpan[] {
  return orderedSpans(state.spans, state.shown)
}

const shownRelations = new WeakMap<AnnotationState['relations'], { spans: AnnotationState['spans']; shown: string | null; value: readonly ExportedRelation[] }>()

/**
 * The relations shown: everyone's, or the analyst's shown, between spans of the document (kept per state; not
 * to be changed). An analyst's relation is their work even where an end is a colleague's span (Tab while linking
 * reaches those): it is shown with their work, its arc drawn to that text, so they can see and remove it.
 */
export function relationsShown(state: Pick<AnnotationState, 'spans' | 'relations' | 'shown'>): readonly ExportedRelation[] {
  const known = shownRelations.get(state.relations)
  if (known !== undefined && known.spans === state.spans && known.shown === state.shown) return known.value
  const value = [...state.relations.values()].filter((relation) => isShown(state, relation) && state.spans.has(relation.head) && state.spans.has(relation.child))
  shownRelations.set(state.relations, { spans: state.spans, shown: state.shown, value })
  return value
}

/** Every relation (whoever's, shown or not) with span `id` at an end: what removing the span would take with it. */
export function relationsAt(state: Pick<AnnotationState, 'relations'>, id: number): ExportedRelation[] {
  return [...state.relations.values()].filter((relation) => relation.head === id || relation.child === id)
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

/** Everything a span's look depends on, as one string (kept in its decoration's spec, to redraw only what changed). */
function lookOf(span: ExportedSpan, layer: number, flags: string[]): string {
  return `${span.start}:${span.end}:${span.label}:${span.annotator}:${layer}:${flags.join(',')}:${JSON.stringify(span.attrs)}`
}

/** What a drawn span's decorations carry in their spec. */
interface SpanSpec {
  spanId: number
  /** The look it was drawn with (on the inline decoration only). */
  look?: string
}

/** A span's decorations; `linking` is the label of a relation pending from it (which a badge at its start shows). */
function decorate(span: ExportedSpan, layer: number, flags: string[], look: string, drawing: Drawing, linking: string | null = null): Decoration[] {
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
      { spanId: span.id, look } satisfies SpanSpec,
    ),
  ]
  const marker = markerOf(span, drawing)
  if (marker !== null) drawn.push(marker)
  if (linking !== null) drawn.push(linkStartOf(span, linking, drawing))
  return drawn
}

/**
 * The badge before a span a relation is pending from: "attributed_to →" above its first character, in the
 * relation's name. Drawn by CSS from `data-relation` (no text of its own, so the text and its offsets are as
 * they were) and of no width, so the text does not move when a link starts or ends.
 */
function linkStartOf(span: ExportedSpan, label: string, drawing: Drawing): Decoration {
  return Decoration.widget(
    drawing.positions.toPosition(span.start),
    () => {
      const element = document.createElement('span')
      element.className = 'link-start'
      element.dataset.relation = label
      element.dataset.linkFrom = String(span.id)
      element.setAttribute('aria-hidden', 'true')
      return element
    },
    { spanId: span.id, side: -1, key: `link-start:${span.id}:${label}`, ignoreSelection: true },
  )
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

type Reduced = Omit<AnnotationState, 'decorations' | 'layers' | 'holding'>

/** The flags (classes) a shown span is drawn with. */
function flagsOf(state: Reduced, span: ExportedSpan, related: ReadonlySet<number>, holding: ReadonlySet<number>): string[] {
  const flags: string[] = []
  if (span.annotator === CURATED) flags.push('curated')
  else if (span.annotator !== state.me) flags.push('by-other')
  if (span.id === state.selected) flags.push('selected')
  if (related.has(span.id)) flags.push('related')
  if (span.id === state.link?.spanId) flags.push('link-source')
  if (holding.has(span.id)) flags.push('holding')
  if (typeof span.attrs[SPAN_NOTE] === 'string') flags.push('has-note')
  if (span.attrs[SPAN_UNSURE] === true) flags.push('unsure')
  return flags
}

/** Adds to `into` the keys whose values differ between two maps (missing on one side counts). */
function differing<K, V>(a: ReadonlyMap<K, V>, b: ReadonlyMap<K, V>, into: Set<K>): void {
  if (a === b) return
  for (const [key, value] of a) if (b.get(key) !== value) into.add(key)
  for (const key of b.keys()) if (!a.has(key)) into.add(key)
}

/** Adds to `into` the members of one set and not the other. */
function symmetric<K>(a: ReadonlySet<K>, b: ReadonlySet<K>, into: Set<K>): void {
  if (a === b) return
  for (const key of a) if (!b.has(key)) into.add(key)
  for (const key of b) if (!a.has(key)) into.add(key)
}

/** Above this many spans to look at again, the decorations are all made anew (one `DecorationSet.create`). */
const REBUILD_AT = 2000

/** The layering after `change` (one span put and/or removed), worked out again only around what it touched. */
function relayerAfter(state: Reduced, previous: AnnotationState, change: SpansChange): ReturnType<typeof relayer> {
  const touched = [change.put, change.put === undefined ? undefined : previous.spans.get(change.put.id)]
  if (change.removed !== undefined) touched.push(previous.spans.get(change.removed))
  const ranges = touched.filter((span): span is ExportedSpan => span !== undefined)
  const near = { start: Math.min(...ranges.map((span) => span.start)), end: Math.max(...ranges.map((span) => span.end)) }
  return relayer(spansInOrder(state), previous, near, change.removed === undefined ? [] : [change.removed])
}

/**
 * Redraws the spans whose look changed since `previous`, keeping every other decoration as it is. Only the
 * spans the change can touch are looked at (those put or removed, moved to another layer, selected or no
 * longer, related to the selection, linked from), each found by its extent in the DecorationSet, so a change
 * costs in proportion to what it changes, not to the document.
 */
function redraw(state: Reduced, previous: AnnotationState, drawing: Drawing, doc: Transaction['doc']): AnnotationState {
  const unchanged =
    state.spans === previous.spans &&
    state.relations === previous.relations &&
    state.selected === previous.selected &&
    state.link === previous.link &&
    state.match === previous.match &&
    state.me === previous.me &&
    state.shown === previous.shown &&
    state.curating === previous.curating &&
    state.curation === previous.curation &&
    state.covered === previous.covered
  if (unchanged) return { ...state, decorations: previous.decorations, layers: previous.layers, holding: previous.holding }
  const sameSpans = state.spans === previous.spans && state.shown === previous.shown
  // A new analyst or filter changes every span's look; a load into an empty state draws every span.
  const everything = state.me !== previous.me || state.shown !== previous.shown || previous.spans.size === 0
  const change = sameSpans || everything ? undefined : changeBetween(previous.spans, state.spans)
  const relayered = change === undefined ? undefined : relayerAfter(state, previous, change)
  const { layers, holding } = sameSpans ? previous : (relayered?.layering ?? layerAll(spansInOrder(state)))
  const related = relatedSpans(state, state.selected)
  const dirty = new Set<number>()
  if (!everything) {
    if (relayered !== undefined) {
      // One span put or removed: it, and the spans whose layer or tint that changed.
      for (const id of [change?.put?.id, change?.removed]) if (id !== undefined) dirty.add(id)
      for (const id of relayered.changed) dirty.add(id)
    } else {
      differing(state.spans, previous.spans, dirty)
      differing(layers, previous.layers, dirty)
      symmetric(holding, previous.holding, dirty)
    }
    if (state.relations !== previous.relations || state.selected !== previous.selected) symmetric(related, relatedSpans(previous, previous.selected), dirty)
    for (const id of [state.selected, previous.selected, state.link?.spanId, previous.link?.spanId]) if (id !== null && id !== undefined) dirty.add(id)
  }
  let decorations = previous.decorations
  const fresh: Decoration[] = []
  const stale: Decoration[] = []
  const draw = (span: ExportedSpan, known: Decoration[]): void => {
    const layer = layers.get(span.id) ?? 0
    const flags = flagsOf(state, span, related, holding)
    const linking = span.id === state.link?.spanId ? state.link.label : null
    const look = `${lookOf(span, layer, flags)}:${linking ?? ''}`
    if (known.length > 0 && known.some((d) => (d.spec as SpanSpec).look === look)) return
    stale.push(...known)
    fresh.push(...decorate(span, layer, flags, look, drawing, linking))
  }
  // Decorated: the spans over the ranges covered (all of them if null), and the selected and linked ones.
  const decorated = (span: ExportedSpan) => covers(state.covered, span, drawing) || span.id === state.selected || span.id === state.link?.spanId
  const known = (span: ExportedSpan) =>
    decorations.find(drawing.positions.toPosition(span.start), drawing.positions.toPosition(span.end), (spec: Partial<SpanSpec>) => spec.spanId === span.id)
  const rebuilt = everything || dirty.size > REBUILD_AT
  if (rebuilt) {
    decorations = DecorationSet.empty
    for (const span of spansInOrder(state)) if (decorated(span)) draw(span, [])
  } else {
    for (const id of dirty) {
      const before = previous.spans.get(id)
      const drawn = before === undefined ? [] : known(before)
      const span = state.spans.get(id)
      if (span !== undefined && isShown(state, span) && decorated(span)) draw(span, drawn)
      else stale.push(...drawn)
    }
    // Newly covered: the spans over it not decorated before (those selected may have been already).
    if (state.covered !== previous.covered && state.covered !== null) {
      for (const span of spansInOrder(state)) {
        if (!dirty.has(span.id) && covers(state.covered, span, drawing) && !covers(previous.covered, span, drawing)) draw(span, known(span))
      }
    }
  }
  const matchChanged = state.match !== previous.match
  const focusChanged = state.curation?.item !== previous.curation?.item
  if (matchChanged && previous.match !== null) stale.push(...findExtra(decorations, drawing, previous.match, 'match'))
  if (focusChanged && previous.curation !== null) stale.push(...findExtra(decorations, drawing, previous.curation.item, 'focus'))
  if (stale.length > 0) decorations = decorations.remove(stale)
  if ((matchChanged || rebuilt) && state.match !== null) {
    const { start, end } = state.match
    fresh.push(Decoration.inline(drawing.positions.toPosition(start), drawing.positions.toPosition(end), { class: 'search-match' }, { match: true }))
  }
  if ((focusChanged || rebuilt) && state.curation !== null) {
    const { start, end } = state.curation.item
    fresh.push(Decoration.inline(drawing.positions.toPosition(start), drawing.positions.toPosition(end), { class: 'curation-focus' }, { focus: true }))
  }
  if (fresh.length > 0) decorations = rebuilt ? DecorationSet.create(doc, fresh) : decorations.add(doc, fresh)
  return { ...state, decorations, layers, holding }
}

/** True if `span` overlaps one of the `covered` ranges (null: the whole document). */
function covers(covered: readonly CoveredRange[] | null, span: ExportedSpan, drawing: Drawing): boolean {
  if (covered === null) return true
  const from = drawing.positions.toPosition(span.start)
  const to = drawing.positions.toPosition(span.end)
  const first = firstIndexWhere(covered, (range) => range.to > from) // the first range not wholly before the span
  return first < covered.length && covered[first].from < Math.max(to, from + 1)
}

/** `covered` with `range` added, merged with the ranges it overlaps or touches. */
function withRange(covered: readonly CoveredRange[], range: CoveredRange): CoveredRange[] {
  const merged: CoveredRange[] = []
  let adding = { ...range }
  for (const r of covered) {
    if (r.to < adding.from) merged.push(r)
    else if (r.from > adding.to) {
      merged.push(adding)
      adding = r
    } else adding = { from: Math.min(r.from, adding.from), to: Math.max(r.to, adding.to) }
  }
  merged.push(adding)
  return merged
}

/** The search match's or curation focus's decoration over `range`. */
function findExtra(decorations: DecorationSet, drawing: Drawing, range: { start: number; end: number }, kind: 'match' | 'focus'): Decoration[] {
  const from = drawing.positions.toPosition(range.start)
  const to = drawing.positions.toPosition(range.end)
  return decorations.find(from, to, (spec: { match?: boolean; focus?: boolean }) => spec[kind] === true)
}

function reduce(state: AnnotationState, action: AnnotationAction): Reduced {
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
        covered: state.covered,
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
    case 'putSpan': {
      const spans = new Map(state.spans).set(action.span.id, action.span)
      deriveOrder(state.spans, spans, state.shown, { put: action.span })
      return { ...state, spans, selected: action.select === true ? action.span.id : state.selected }
    }
    case 'removeSpan': {
      const spans = new Map(state.spans)
      spans.delete(action.id)
      deriveOrder(state.spans, spans, state.shown, { removed: action.id })
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
    case 'cover':
      return state.covered === null ? state : { ...state, covered: withRange(state.covered, { from: action.from, to: action.to }) }
  }
}

/** What the plugin starts from: the document as read from the corpus. */
export type LoadedDocument = Omit<Extract<AnnotationAction, { type: 'load' }>, 'type'>

const EMPTY: Omit<AnnotationState, 'positions' | 'me' | 'covered'> = {
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
        const size = state.doc.content.size
        const empty = { ...EMPTY, positions, me, covered: drawnNearViewOnly(document.spans.length, size) ? [firstWindow(size)] : null }
        return redraw(reduce(empty, { type: 'load', ...document }), empty, drawing, state.doc)
      },
      apply(tr, value) {
        const mapped = tr.docChanged
          ? {
              ...value,
              decorations: value.decorations.map(tr.mapping, tr.doc),
              covered: value.covered?.map((r) => ({ from: tr.mapping.map(r.from, -1), to: tr.mapping.map(r.to, 1) })) ?? null,
            }
          : value
        const action = tr.getMeta(annotationKey) as AnnotationAction | undefined
        if (action === undefined) return mapped
        return redraw(reduce(mapped, action), mapped, drawing, tr.doc)
      },
    },
    // Drawn by the span window plugin (`span-window.ts`): all of them, or those near view on a long document.
  })
}

/** A transaction that applies `action` to the annotation state. */
export function annotate(state: EditorState, action: AnnotationAction): Transaction {
  return state.tr.setMeta(annotationKey, action)
}
