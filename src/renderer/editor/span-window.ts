/**
 * Drawing a long document near the viewport only. The annotation plugin keeps every span's decorations
 * (`annotations.ts`); on a document with many spans or a long text, this plugin hands the view only those over
 * the paragraphs in and near view, plus the selected span's, the search match and the curation focus wherever
 * they are, and the text window (`text-window.ts`) draws the paragraphs outside it as placeholders. Its state
 * is the range of positions drawn in full (null: everything), changed only through
 * `tr.setMeta(spanWindowKey, range)` by its plugin view, which measures which paragraphs are in view after a
 * scroll or resize (at most once a frame), notes the heights of those drawn, and moves the range when the view
 * comes near its edge. Selection, search and the relation arcs are unchanged (what they need is kept drawn);
 * what scrolls to a span (Tab, a click in the side panel, a relation's far end) selects it first, so it is
 * drawn there.
 */
import { Plugin, PluginKey, type EditorState, type PluginView } from 'prosemirror-state'
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view'
import { annotationKey, annotations, type AnnotationAction, type AnnotationState } from './annotations'
import { drawnNearViewOnly, firstWindow } from './long-document'
import { scrollParent, visibleRect } from './scrolling'
import { FAR_PARAGRAPH, paragraphHeights, refreshHeights } from './paragraph-heights'
import { paragraphsBetween, paragraphsOf, paragraphStartsOf } from './paragraphs-in-view'

/** The range of positions whose spans are drawn, or null for every span. */
export type SpanWindow = { from: number; to: number } | null

/** Key of the span window's state. */
export const spanWindowKey = new PluginKey<SpanWindow>('spanWindow')


const drawnSets = new WeakMap<DecorationSet, { window: SpanWindow; state: AnnotationState; set: DecorationSet }>()

/**
 * The decorations to draw for `state`: all of them, or those over the window and, wherever they are, the
 * selected span's, the search match and the curation focus (made once per decorations and window).
 */
export function drawnDecorations(state: EditorState): DecorationSet {
  const current = annotations(state)
  const window = spanWindowKey.getState(state) ?? null
  if (window === null) return current.decorations
  const known = drawnSets.get(current.decorations)
  if (known !== undefined && known.window === window && known.state.selected === current.selected) return known.set
  const { positions, decorations } = current
  const found: Decoration[] = decorations.find(window.from, window.to)
  // Those overlapping the window are found already (as copies: `find` makes new objects for nested sets).
  const add = (range: { start: number; end: number } | null | undefined, which: (spec: { spanId?: number; match?: boolean; focus?: boolean }) => boolean) => {
    if (range === null || range === undefined) return
    const from = positions.toPosition(range.start)
    const to = positions.toPosition(range.end)
    if (from <= window.to && to >= window.from) return
    found.push(...decorations.find(from, to, which))
  }
  const selected = current.selected
  if (selected !== null) add(current.spans.get(selected), (spec) => spec.spanId === selected)
  add(current.match, (spec) => spec.match === true)
  add(current.curation?.item, (spec) => spec.focus === true)
  const set = DecorationSet.create(state.doc, found)
  drawnSets.set(current.decorations, { window, state: current, set })
  return set
}

/** The plugin drawing the spans near view; a document with few spans draws them all. */
export function spanWindowPlugin(): Plugin<SpanWindow> {
  return new Plugin<SpanWindow>({
    key: spanWindowKey,
    state: {
      init: (_config, state) => (drawnNearViewOnly(annotations(state).spans.size, state.doc.content.size) ? firstWindow(state.doc.content.size) : null),
      apply(tr, value) {
        const meta = tr.getMeta(spanWindowKey) as SpanWindow | undefined
        if (meta !== undefined) return meta
        if (value === null || !tr.docChanged) return value
        return { from: tr.mapping.map(value.from, -1), to: tr.mapping.map(value.to, 1) }
      },
    },
    props: {
      decorations: drawnDecorations,
      handleScrollToSelection: (view) => {
        // At the very start of the text, what is above it (the title) is shown too, as a reader expects of Ctrl+Home.
        if (view.state.selection.head <= 1) {
          scrollParent(view.dom).scrollTop = 0
          return true
        }
        windowViews.get(view)?.selectionScrolled()
        return false // ProseMirror scrolls as usual
      },
      attributes: (state): Record<string, string> => (spanWindowKey.getState(state) === null ? {} : { class: 'long-document' }),
    },
    view: (view) => new SpanWindowView(view),
  })
}

/** The plugin view of each editor view, for the scroll hook. */
const windowViews = new WeakMap<EditorView, SpanWindowView>()

/** For how long (ms) after the selection was scrolled into view drawing the text around it may scroll it back. */
const RESCROLL_MS = 1000

/** Measures what is in view and moves the window. */
class SpanWindowView implements PluginView {
  private readonly scroller: HTMLElement
  private readonly scrollTarget: HTMLElement | Window
  private readonly observer: ResizeObserver
  private frame: number | null = null
  /** The scroll position and view height when the window was last checked. */
  private checked = { top: -Infinity, height: 0 }
  /** Until when (performance.now()) a measure that moves the text brings the selection back into view. */
  private rescrollUntil = 0
  /** The scroll position the editor left the view at since then: any other is the reader's own scrolling. */
  private scrolledTo = NaN
  /** True while this view itself scrolls the selection into view again. */
  private rescrolling = false
  private readonly schedule = (): void => {
    if (this.frame === null) this.frame = requestAnimationFrame(() => this.measure())
  }
  /** A scroll: the window is checked again only once the view has moved a quarter of its height. */
  private readonly scrolled = (): void => {
    if (Math.abs(this.scroller.scrollTop - this.checked.top) >= this.checked.height / 4) this.schedule()
  }

  constructor(private readonly view: EditorView) {
    const document = view.dom.ownerDocument
    this.scroller = scrollParent(view.dom)
    this.scrollTarget = this.scroller === document.scrollingElement ? window : this.scroller
    this.scrollTarget.addEventListener('scroll', this.scrolled, { passive: true })
    this.observer = new ResizeObserver(this.schedule)
    this.observer.observe(this.scroller)
    windowViews.set(view, this)
    this.schedule()
  }

  /**
   * The selection was just scrolled into view (Ctrl+End, Tab, an undo far away). The paragraphs it passed were
   * placeholders of estimated height; once those around it are drawn and measured, the text may sit elsewhere,
   * so the next few measures scroll it into view again if it is out.
   */
  selectionScrolled(): void {
    if (this.rescrolling || spanWindowKey.getState(this.view.state) == null) return
    this.rescrollUntil = performance.now() + RESCROLL_MS
    this.scrolledTo = NaN
    queueMicrotask(() => (this.scrolledTo = this.scroller.scrollTop)) // once ProseMirror has scrolled
    this.schedule()
  }

  destroy(): void {
    if (this.frame !== null) cancelAnimationFrame(this.frame)
    this.scrollTarget.removeEventListener('scroll', this.scrolled)
    this.observer.disconnect()
  }

  /** Measures what is in view: moves the window, then keeps a selection just scrolled to in view. */
  private measure(): void {
    this.frame = null
    // Scrolled elsewhere since the editor last scrolled: the reader's scrolling is never undone.
    if (Math.abs(this.scroller.scrollTop - this.scrolledTo) > 1) this.rescrollUntil = 0
    const moved = this.moveWindow()
    if (moved) this.keepSelectionInView()
    else this.rescrollUntil = 0 // the text has settled: from now on, scrolling is the reader's
    this.scrolledTo = this.scroller.scrollTop
  }

  /**
   * Scrolls the selection into view again if it was scrolled there lately and drawing the text around it has
   * since moved it out (only then: a reader scrolling away from it is not brought back).
   */
  private keepSelectionInView(): void {
    if (performance.now() > this.rescrollUntil || !this.view.dom.isConnected) return
    const { view } = this
    const head = view.coordsAtPos(view.state.selection.head)
    const { top, bottom } = visibleRect(this.scroller)
    if (head.top >= top && head.bottom <= bottom) return
    this.rescrolling = true
    try {
      view.dispatch(view.state.tr.scrollIntoView())
    } finally {
      this.rescrolling = false
    }
    this.schedule() // measured again once this scroll has drawn what it shows
  }

  /**
   * Notes the heights of the paragraphs drawn (setting the placeholders' heights again if the estimate moved),
   * then moves the window if the paragraphs within half a view's height of the view are not all in it; true if
   * either changed what is drawn.
   */
  private moveWindow(): boolean {
    const { view } = this
    const window = spanWindowKey.getState(view.state)
    if (window === null || window === undefined || !view.dom.isConnected) return false
    const paragraphs = view.dom.children
    const n = paragraphs.length
    if (n === 0) return false
    const { top, bottom } = visibleRect(this.scroller)
    const height = Math.max(1, bottom - top)
    this.checked = { top: this.scroller.scrollTop, height }
    const { doc } = view.state
    const starts = paragraphStartsOf(doc)
    // The first paragraph in view drawn in full (else the first in view) stays where it is on screen, though
    // placeholders above it take other heights (a new estimate) or become text (a window moved), and though it may
    // itself be made anew (which loses the browser's own scroll anchor). Not a placeholder at the top of the view
    // over the text drawn below it: the text shown (a search hit just scrolled to) would move by the change.
    const anchor = firstDrawnIn(paragraphs, paragraphsBetween(paragraphs, top, bottom))
    const before = paragraphs[anchor].getBoundingClientRect().top
    const keepAnchor = () => {
      const moved = view.dom.children[anchor].getBoundingClientRect().top - before
      if (Math.abs(moved) >= 1) this.scroller.scrollTop += moved
      this.checked = { top: this.scroller.scrollTop, height }
    }
    const drawnNow = paragraphsOf(starts, window)
    const remeasured = paragraphHeights(doc).remember(doc, paragraphs, drawnNow.first, drawnNow.last, view.dom.clientWidth)
    if (remeasured) {
      refreshHeights(view)
      keepAnchor()
    }
    const range = (above: number, below: number) => {
      const { first, last } = paragraphsBetween(paragraphs, above, below)
      return { from: starts[first] ?? 0, to: starts[last + 1] ?? doc.content.size }
    }
    const needed = range(top - height / 2, bottom + height / 2)
    if (window.from <= needed.from && window.to >= needed.to) return remeasured
    const drawn = range(top - 1.5 * height, bottom + 1.5 * height)
    const cover: AnnotationAction = { type: 'cover', ...drawn }
    view.dispatch(view.state.tr.setMeta(spanWindowKey, drawn).setMeta(annotationKey, cover))
    keepAnchor()
    return true
  }
}

/** The index of the first of `paragraphs` from `first` to `last` drawn in full, or `first` if all are placeholders. */
function firstDrawnIn(paragraphs: HTMLCollection, { first, last }: { first: number; last: number }): number {
  for (let i = first; i <= last; i++) if (!paragraphs[i].classList.contains(FAR_PARAGRAPH)) return i
  return first
}
