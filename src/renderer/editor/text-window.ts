/**
 * The text of a long document drawn near the viewport only. ProseMirror keeps a DOM node for every paragraph;
 * while the span window applies (`span-window.ts`: a document with many spans or a long text), each paragraph
 * outside it is drawn as an empty placeholder as tall as its text (`paragraph-heights.ts`), so that opening,
 * laying out and measuring a long document cost what the view shows, not the document's length. The paragraphs
 * drawn in full carry a node decoration (a few dozen; ProseMirror looks a node's decorations up among its
 * siblings', so marking the far ones instead, nearly all of them, made every update cost their number squared).
 * Drawn in full
 * wherever they are: the paragraphs holding the selection's ends (so the DOM selection always has its text),
 * the selected span, the search match and the curation focus (so that what scrolls to them finds them drawn).
 * What is out of the window is thus not in the page: the browser's find-in-page sees only the text near view
 * (the search box searches the whole corpus), and copying works from the document, not the page.
 */
import { Plugin, type EditorState } from 'prosemirror-state'
import { Decoration, DecorationSet, type EditorView, type NodeView } from 'prosemirror-view'
import type { Node } from 'prosemirror-model'
import { annotations } from './annotations'
import { JOINED_PARAGRAPH } from './schema'
import { FAR_PARAGRAPH, paragraphHeights } from './paragraph-heights'
import { paragraphAt, paragraphsOf, paragraphStartsOf } from './paragraphs-in-view'
import { spanWindowKey, type SpanWindow } from './span-window'

/** The spec of the node decoration on a paragraph drawn in full. */
const NEAR = { nearParagraph: true }

const isNear = (decorations: readonly Decoration[]): boolean => decorations.some((d) => (d.spec as { nearParagraph?: boolean }).nearParagraph === true)

/**
 * A paragraph: its text, or, while the span window applies and it is not marked near, an empty placeholder
 * (with no content for ProseMirror to draw) as tall as its text was when last drawn, or as its length makes
 * it. The span window's view sets placeholders' heights again when the estimate changes (`paragraph-heights.ts`).
 */
class ParagraphView implements NodeView {
  readonly dom: HTMLElement
  readonly contentDOM: HTMLElement | null
  private readonly far: boolean

  constructor(
    node: Node,
    private readonly view: EditorView,
    getPos: () => number | undefined,
    decorations: readonly Decoration[],
  ) {
    this.dom = view.dom.ownerDocument.createElement('p')
    this.dom.dir = 'auto' // as the schema draws a paragraph: right to left where its text is
    if (node.attrs.joined === true) this.dom.classList.add(JOINED_PARAGRAPH)
    const pos = drawnFar(view, decorations) ? getPos() : undefined
    this.far = pos !== undefined
    this.contentDOM = this.far ? null : this.dom
    if (pos !== undefined) {
      this.dom.classList.add(FAR_PARAGRAPH)
      this.dom.style.height = paragraphHeights(view.state.doc).heightOf(paragraphAt(paragraphStartsOf(view.state.doc), pos), node.content.size)
    }
  }

  /** Kept while it stays as near or far as it was; ProseMirror then updates the text. */
  update(node: Node, decorations: readonly Decoration[]): boolean {
    return node.type.name === 'paragraph' && drawnFar(this.view, decorations) === this.far
  }

  /** A placeholder holds nothing ProseMirror needs to read back. */
  ignoreMutation(): boolean {
    return this.far
  }
}

/** True if a paragraph with these decorations is drawn as a placeholder: the span window applies and it is not marked near. */
function drawnFar(view: EditorView, decorations: readonly Decoration[]): boolean {
  return (spanWindowKey.getState(view.state) ?? null) !== null && !isNear(decorations)
}

/** The plugin drawing far paragraphs as placeholders; it does nothing while the span window draws everything. */
export function textWindowPlugin(): Plugin {
  let made: { doc: Node; window: SpanWindow; kept: string; set: DecorationSet } | null = null
  const nearParagraphs = (state: EditorState): DecorationSet => {
    const window = spanWindowKey.getState(state) ?? null
    if (window === null) return DecorationSet.empty
    const { doc } = state
    const starts = paragraphStartsOf(doc)
    const { first, last } = paragraphsOf(starts, window)
    const kept = keptParagraphs(state, starts).filter((i) => i < first || i > last)
    const key = kept.join(',')
    if (made !== null && made.doc === doc && made.window === window && made.kept === key) return made.set
    const near: Decoration[] = []
    const mark = (i: number) => near.push(Decoration.node(starts[i], starts[i + 1], {}, NEAR))
    for (const i of kept.filter((k) => k < first)) mark(i)
    for (let i = first; i <= last; i++) mark(i)
    for (const i of kept.filter((k) => k > last)) mark(i)
    made = { doc, window, kept: key, set: DecorationSet.create(doc, near) }
    return made.set
  }
  return new Plugin({
    props: {
      nodeViews: { paragraph: (node, view, getPos, decorations) => new ParagraphView(node, view, getPos, decorations) },
      decorations: nearParagraphs,
    },
  })
}

/**
 * The paragraphs always drawn in full: those of the ends of the selection, the selected span, the search match
 * and the curation focus (only their ends: a span over a thousand paragraphs does not draw them all).
 */
function keptParagraphs(state: EditorState, starts: readonly number[]): number[] {
  const current = annotations(state)
  const at = new Set([paragraphAt(starts, state.selection.from), paragraphAt(starts, state.selection.to)])
  const range = (r: { start: number; end: number } | null | undefined) => {
    if (r === null || r === undefined) return
    at.add(paragraphAt(starts, current.positions.toPosition(r.start)))
    at.add(paragraphAt(starts, current.positions.toPosition(r.end)))
  }
  if (current.selected !== null) range(current.spans.get(current.selected))
  range(current.match)
  range(current.curation?.item)
  return [...at].sort((a, b) => a - b)
}
