/**
 * The text of a long document drawn near the viewport only. ProseMirror keeps a DOM node for every paragraph;
 * while the span window applies (`span-window.ts`: a document with many spans or a long text), each paragraph
 * outside it is drawn as an empty placeholder as tall as its text (`paragraph-heights.ts`), so that opening,
 * laying out and measuring a long document cost what the view shows, not the document's length. Drawn in full
 * wherever they are: the paragraphs holding the selection's ends (so the DOM selection always has its text),
 * the selected span, the search match and the curation focus (so that what scrolls to them finds them drawn).
 * What is out of the window is thus not in the page: the browser's find-in-page sees only the text near view
 * (the search box searches the whole corpus), and copying works from the document, not the page.
 */
import { Plugin, type EditorState } from 'prosemirror-state'
import { Decoration, DecorationSet, type EditorView, type NodeView } from 'prosemirror-view'
import type { Node } from 'prosemirror-model'
import { annotations } from './annotations'
import { FAR_PARAGRAPH, paragraphHeights } from './paragraph-heights'
import { paragraphAt, paragraphStartsOf } from './paragraphs-in-view'
import { spanWindowKey, type SpanWindow } from './span-window'

/** The spec of a far paragraph's node decoration: draw it as a placeholder of this CSS height. */
interface FarSpec {
  farParagraph: true
  height: string
}

const farSpec = (decorations: readonly Decoration[]): FarSpec | undefined =>
  decorations.find((d) => (d.spec as Partial<FarSpec>).farParagraph === true)?.spec as FarSpec | undefined

/**
 * A paragraph: its text, or an empty placeholder (with no content for ProseMirror to draw) when far from view.
 * The placeholder's class and height are set here rather than as decoration attributes, which ProseMirror
 * would compare and patch one by one on every paragraph of a long document.
 */
class ParagraphView implements NodeView {
  readonly dom: HTMLElement
  readonly contentDOM: HTMLElement | null
  private readonly far: boolean

  constructor(document: Document, far: FarSpec | undefined) {
    this.dom = document.createElement('p')
    this.far = far !== undefined
    this.contentDOM = far === undefined ? this.dom : null
    if (far !== undefined) {
      this.dom.className = FAR_PARAGRAPH
      this.dom.style.height = far.height
    }
  }

  /** Kept while it stays as far as it was; ProseMirror then updates the text, or this the placeholder's height. */
  update(node: Node, decorations: readonly Decoration[]): boolean {
    const far = farSpec(decorations)
    if (node.type.name !== 'paragraph' || (far !== undefined) !== this.far) return false
    if (far !== undefined && this.dom.style.height !== far.height) this.dom.style.height = far.height
    return true
  }

  /** A placeholder holds nothing ProseMirror needs to read back. */
  ignoreMutation(): boolean {
    return this.far
  }
}

/** The plugin drawing far paragraphs as placeholders; it does nothing while the span window draws everything. */
export function textWindowPlugin(): Plugin {
  let made: { doc: Node; window: SpanWindow; kept: string; version: number; set: DecorationSet } | null = null
  const farParagraphs = (state: EditorState): DecorationSet => {
    const window = spanWindowKey.getState(state) ?? null
    if (window === null) return DecorationSet.empty
    const { doc } = state
    const starts = paragraphStartsOf(doc)
    const heights = paragraphHeights(doc)
    const first = paragraphAt(starts, window.from)
    const last = paragraphAt(starts, Math.max(window.from, window.to - 1))
    const kept = keptParagraphs(state, starts).filter((i) => i < first || i > last)
    const key = kept.join(',')
    if (made !== null && made.doc === doc && made.window === window && made.kept === key && made.version === heights.version) return made.set
    const far: Decoration[] = []
    const keep = new Set(kept)
    const placeholder = (i: number) => {
      if (keep.has(i)) return
      const spec: FarSpec = { farParagraph: true, height: heights.heightOf(i, doc.child(i).content.size) }
      far.push(Decoration.node(starts[i], starts[i + 1], {}, spec))
    }
    for (let i = 0; i < first; i++) placeholder(i)
    for (let i = last + 1; i < starts.length - 1; i++) placeholder(i)
    made = { doc, window, kept: key, version: heights.version, set: DecorationSet.create(doc, far) }
    return made.set
  }
  return new Plugin({
    props: {
      nodeViews: { paragraph: (_node, view: EditorView, _getPos, decorations) => new ParagraphView(view.dom.ownerDocument, farSpec(decorations)) },
      decorations: farParagraphs,
    },
  })
}

/** The paragraphs always drawn in full: those of the selection's ends, the selected span, the search match and the curation focus. */
function keptParagraphs(state: EditorState, starts: readonly number[]): number[] {
  const current = annotations(state)
  const at = new Set([paragraphAt(starts, state.selection.from), paragraphAt(starts, state.selection.to)])
  const range = (r: { start: number; end: number } | null | undefined) => {
    if (r === null || r === undefined) return
    const from = paragraphAt(starts, current.positions.toPosition(r.start))
    const to = paragraphAt(starts, current.positions.toPosition(r.end))
    for (let i = from; i <= to; i++) at.add(i)
  }
  if (current.selected !== null) range(current.spans.get(current.selected))
  range(current.match)
  range(current.curation?.item)
  return [...at].sort((a, b) => a - b)
}
