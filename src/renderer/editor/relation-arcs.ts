/**
 * The relation arcs plugin: every relation in view drawn over the text as a labelled arc with an arrowhead,
 * from head to child (as brat and INCEpTION draw them), or only the selected span's (Alt+R). Its state is the
 * relation view (`relation-view.ts`); its plugin view keeps one SVG layer over the visible part of the text
 * and redraws it, at most once a frame, when the annotations, the relation view, the scroll position or the
 * size change. Only relations with an end in or near the viewport (and the selected span's passing through it)
 * are measured and drawn, so long documents stay quick; where the geometry goes is decided in `arc-layout.ts`, and the SVG is kept by `arc-svg.ts`.
 */
import { Plugin, type EditorState, type PluginView } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import type { ExportedRelation, ExportedSpan, LabelDefinition } from '../../shared/corpus-types'
import { colorsOf, SPAN_NOTE, SPAN_UNSURE } from '../../shared/contract-values'
import { nameSpan } from '../../shared/relation-rules'
import { annotate, annotationKey, relationsShown, type AnnotationState } from './annotations'
import { mergeLineRects, type ArcInput, type Box } from './arc-geometry'
import { layoutArcs } from './arc-layout'
import { ArcLayer, type ArcMeta } from './arc-svg'
import { relationView, relationViewField, relationViewKey, type RelationViewState } from './relation-view'
import { scrollParent, visibleRect } from './scrolling'
import { paragraphsBetween } from './paragraphs-in-view'

/** The relation arcs plugin; `labels` gives the relation labels' colours. */
export function relationArcsPlugin(labels: readonly LabelDefinition[]): Plugin<RelationViewState> {
  const colors = colorsOf(labels, 'relation')
  return new Plugin<RelationViewState>({
    key: relationViewKey,
    state: relationViewField,
    view: (view) => new RelationArcsView(view, colors),
  })
}

/** How far above the text's first line arcs may rise, and below its last line the layer reaches, in pixels. */
const TOP_ROOM = 14
const BOTTOM_ROOM = 6

/**
 * The relations of `state` to draw, as the relation view asks (every one shown, or the selected span's) of those
 * that meet the code point range `near` (the text in and near the viewport): an end overlaps it or, for the
 * selected span's relations only, one end is before it and the other after it (the arc passes through the view,
 * so that it can be followed from one end to the other; every relation passing by would fill the view with names).
 */
export function relationsToDraw(state: AnnotationState, view: RelationViewState, near: { from: number; to: number }): ExportedRelation[] {
  const touches = (span: ExportedSpan | undefined) => span !== undefined && span.start <= near.to && span.end >= near.from
  const around = (head: ExportedSpan | undefined, child: ExportedSpan | undefined) =>
    head !== undefined && child !== undefined && Math.min(head.start, child.start) <= near.to && Math.max(head.end, child.end) >= near.from
  return relationsShown(state).filter((r) => {
    const selected = r.head === state.selected || r.child === state.selected
    if (view.arcs !== 'all' && !selected) return false
    const head = state.spans.get(r.head)
    const child = state.spans.get(r.child)
    return touches(head) || touches(child) || (selected && around(head, child))
  })
}

/** Draws the arcs into an SVG layer placed next to the editor's DOM. */
class RelationArcsView implements PluginView {
  private readonly layer: ArcLayer
  private readonly scroller: HTMLElement
  private readonly scrollTarget: HTMLElement | Window
  private readonly observer: ResizeObserver
  private frame: number | null = null
  /**
   * Each span's line boxes relative to the text's top left corner, as measured since the layout last changed:
   * scrolling moves the text but not its lines, so it needs no measuring. Kept by span object, so a span put
   * anew is measured anew; span decorations do not move the text (only their markers do, see `markersMoved`).
   */
  private measured = new Map<ExportedSpan, Box[]>()
  private readonly schedule = (): void => {
    if (this.frame === null) this.frame = requestAnimationFrame(() => this.draw())
  }
  private readonly relayout = (): void => {
    this.measured = new Map()
    this.schedule()
  }

  constructor(
    private readonly view: EditorView,
    colors: ReadonlyMap<string, string>,
  ) {
    const document = view.dom.ownerDocument
    this.layer = new ArcLayer(document, colors, (id) => this.goTo(id))
    view.dom.after(this.layer.element)
    this.scroller = scrollParent(view.dom)
    this.scrollTarget = this.scroller === document.scrollingElement ? window : this.scroller
    this.scrollTarget.addEventListener('scroll', this.schedule, { passive: true })
    this.observer = new ResizeObserver(this.relayout)
    this.observer.observe(view.dom)
    this.observer.observe(this.scroller)
    this.schedule()
  }

  update(view: EditorView, previous: EditorState): void {
    const { state } = view
    const now = annotationKey.getState(state)
    const before = annotationKey.getState(previous)
    if (state.doc !== previous.doc || (now !== undefined && before !== undefined && markersMoved(now.spans, before.spans))) this.relayout()
    else if (now !== before || relationViewKey.getState(state) !== relationViewKey.getState(previous)) this.schedule()
  }

  destroy(): void {
    if (this.frame !== null) cancelAnimationFrame(this.frame)
    this.scrollTarget.removeEventListener('scroll', this.schedule)
    this.observer.disconnect()
    this.layer.element.remove()
  }

  /** Selects span `id` (an end named at the viewport's edge was clicked) and scrolls to it. */
  private goTo(id: number): void {
    this.view.dispatch(annotate(this.view.state, { type: 'select', id }))
    this.view.dom.querySelector(`[data-span-id="${id}"]`)?.scrollIntoView({ block: 'center' })
    this.view.focus()
  }

  /** Measures (reading layout only), lays out, then writes the SVG. */
  private draw(): void {
    this.frame = null
    const { view } = this
    const state = annotationKey.getState(view.state)
    const parent = view.dom.parentElement // positioned (relations.css), so the layer is placed relative to it
    if (state === undefined || !view.dom.isConnected || parent === null) return
    const scope = relationView(view.state)
    const visible = visibleRect(this.scroller)
    const text = view.dom.getBoundingClientRect()
    const top = Math.max(visible.top, text.top - TOP_ROOM)
    const bottom = Math.min(visible.bottom, text.bottom + BOTTOM_ROOM)
    if (bottom <= top || visible.right <= visible.left) {
      this.layer.place(null, scope.arcs)
      return
    }
    const origin = { left: visible.left, top }
    const height = bottom - top
    const relations = relationsToDraw(state, scope, this.nearRange(state, top - height, bottom + height))
    const shift = { x: text.left - origin.left, y: text.top - origin.top }
    const inLayer = new Map<number, Box[]>()
    const end = (id: number) => {
      const span = state.spans.get(id)!
      let rects = inLayer.get(id)
      if (rects === undefined) {
        let measured = this.measured.get(span)
        if (measured === undefined) {
          measured = this.spanRects(state, span, text)
          if (measured.length > 0) this.measured.set(span, measured)
          else measured = this.placeholderRect(state, span, text) // its paragraph is not drawn: where it is, roughly, not kept
        }
        rects = measured.map((r) => ({ left: r.left + shift.x, right: r.right + shift.x, top: r.top + shift.y, bottom: r.bottom + shift.y }))
        inLayer.set(id, rects)
      }
      return { spanId: id, rects, name: nameOf(span) }
    }
    const inputs: ArcInput[] = relations.map((r) => {
      const throughView = r.head === state.selected || r.child === state.selected
      return { id: r.id, label: r.label, head: end(r.head), child: end(r.child), throughView }
    })
    const width = visible.right - visible.left
    const drawings = layoutArcs(inputs, {
      viewport: { left: 0, top: 0, right: width, bottom: height },
      textLeft: text.left - origin.left,
      measure: (t) => this.layer.measure(t),
    })
    const meta = new Map<number, ArcMeta>()
    for (const r of relations) {
      const other = (id: number) => nameOf(state.spans.get(id)!)
      meta.set(r.id, {
        head: r.head,
        child: r.child,
        active: r.head === state.selected || r.child === state.selected,
        edgeTitle: `${r.label}: ${other(r.head)} → ${other(r.child)}. Click to go there.`,
      })
    }
    const offset = parent.getBoundingClientRect()
    this.layer.place({ left: origin.left - offset.left - parent.clientLeft, top: origin.top - offset.top - parent.clientTop, width, height }, scope.arcs)
    this.layer.render(drawings, meta)
  }

  /** The code points of the paragraphs between client y `top` and `bottom` (found by bisection, so a few reads). */
  private nearRange(state: AnnotationState, top: number, bottom: number): { from: number; to: number } {
    const paragraphs = this.view.dom.children
    const n = paragraphs.length
    if (n === 0) return { from: 0, to: 0 }
    const { first, last } = paragraphsBetween(paragraphs, top, bottom)
    const from = this.view.posAtDOM(paragraphs[first], 0)
    const to = this.view.posAtDOM(paragraphs[last], paragraphs[last].childNodes.length)
    return { from: state.positions.toOffset(from), to: state.positions.toOffset(to) }
  }

  /**
   * For a span whose paragraph is drawn as a placeholder (far from view: `text-window.ts`), one line's box at
   * the top of that paragraph, relative to `origin`; enough for an arc that leaves the view towards it.
   */
  private placeholderRect(state: AnnotationState, span: ExportedSpan, origin: { left: number; top: number }): Box[] {
    const $start = this.view.state.doc.resolve(state.positions.toPosition(span.start))
    const paragraph = $start.depth > 0 ? this.view.nodeDOM($start.before(1)) : null
    if (!(paragraph instanceof HTMLElement)) return []
    const box = paragraph.getBoundingClientRect()
    const line = Math.min(box.height, parseFloat(getComputedStyle(paragraph).lineHeight) || box.height)
    return [{ left: box.left - origin.left, right: box.left - origin.left + 1, top: box.top - origin.top, bottom: box.top - origin.top + line }]
  }

  /** The boxes of a span's text, one per line, relative to `origin` (client coordinates). */
  private spanRects(state: AnnotationState, span: ExportedSpan, origin: { left: number; top: number }): Box[] {
    try {
      const start = this.view.domAtPos(state.positions.toPosition(span.start), 1)
      const end = this.view.domAtPos(state.positions.toPosition(span.end), -1)
      const [range, piece] = measuringRanges(this.view.dom.ownerDocument)
      range.setStart(start.node, start.offset)
      range.setEnd(end.node, end.offset)
      return mergeLineRects(
        textRects(range, piece).map((r) => ({ left: r.left - origin.left, right: r.right - origin.left, top: r.top - origin.top, bottom: r.bottom - origin.top })),
      )
    } catch {
      return [] // a span the view cannot place is not drawn
    } finally {
      for (const range of measuringRanges(this.view.dom.ownerDocument)) range.collapse(true)
    }
  }
}

/**
 * True if a change of the spans may have moved text: a span with a marker (a note or the unsure flag, drawn
 * as a widget after it) was put, changed or removed. Other span changes only restyle text where it is.
 */
function markersMoved(now: ReadonlyMap<number, ExportedSpan>, before: ReadonlyMap<number, ExportedSpan>): boolean {
  if (now === before) return false
  const marked = (span: ExportedSpan | undefined) => span !== undefined && (span.attrs[SPAN_NOTE] !== undefined || span.attrs[SPAN_UNSURE] !== undefined)
  for (const [id, span] of now) if (before.get(id) !== span && (marked(span) || marked(before.get(id)))) return true
  for (const [id, span] of before) if (!now.has(id) && marked(span)) return true
  return false
}

const names = new WeakMap<ExportedSpan, string>()

/** How a span is named at the viewport's edge (`Speaker "Mr Putin"`), worked out once per span. */
function nameOf(span: ExportedSpan): string {
  let name = names.get(span)
  if (name === undefined) names.set(span, (name = nameSpan(span.label, span.text)))
  return name
}

const ranges = new WeakMap<Document, [Range, Range]>()

/**
 * Two ranges to measure with, the same ones every time: every Range a page holds is updated on each change of
 * its DOM until it is collected, so making two per arc end made redrawing spans near view (which removes many
 * nodes) slow. Collapsed after use, so they hold no node.
 */
function measuringRanges(document: Document): [Range, Range] {
  let known = ranges.get(document)
  if (known === undefined) ranges.set(document, (known = [document.createRange(), document.createRange()]))
  return known
}

/**
 * The client rects of the text inside `range` (not of the elements around it, which may be whole paragraphs),
 * measured with the range `piece`.
 */
function textRects(range: Range, piece: Range): DOMRect[] {
  const root = range.commonAncestorContainer
  if (root.nodeType === Node.TEXT_NODE) return [...range.getClientRects()]
  const document = root.ownerDocument ?? (root as Document)
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
  const rects: DOMRect[] = []
  walker.currentNode = range.startContainer
  let node: Node | null = range.startContainer.nodeType === Node.TEXT_NODE ? range.startContainer : walker.nextNode()
  for (; node !== null; node = walker.nextNode()) {
    if (range.comparePoint(node, 0) > 0) break // starts after the range
    if (!range.intersectsNode(node)) continue
    piece.selectNodeContents(node)
    if (node === range.startContainer) piece.setStart(node, range.startOffset)
    if (node === range.endContainer) piece.setEnd(node, range.endOffset)
    rects.push(...piece.getClientRects())
  }
  return rects
}
