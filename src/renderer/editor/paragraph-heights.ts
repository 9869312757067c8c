/**
 * How tall the paragraphs of a long document are when drawn: measured while they are drawn, estimated from
 * their length before (lines of the characters per line seen so far), so that a paragraph drawn as an empty
 * placeholder (`text-window.ts`) keeps the place of its text and the scroll bar stays true.
 */
import type { Node } from 'prosemirror-model'

/** Characters per line assumed before any paragraph has been measured (a 46em column of serif text). */
const FIRST_GUESS = 90

/** The heights of one document's paragraphs at one text width. */
export class ParagraphHeights {
  private measured = new Map<number, number>()
  private charsPerLine = FIRST_GUESS
  private width = 0
  /** Changes whenever a height or the estimate changes, so that what is drawn from them is made anew. */
  version = 0

  /**
   * Notes the heights of the paragraphs `first` to `last` of `elements` (the editor's children) that are drawn in
   * full, and what they say of the characters per line; forgets everything measured at another text width.
   * True if the estimate for paragraphs never drawn moved by more than a tenth.
   */
  remember(doc: Node, elements: HTMLCollection, first: number, last: number, width: number): boolean {
    if (width !== this.width) {
      this.measured = new Map()
      this.width = width
      this.version++
    }
    let chars = 0
    let lines = 0
    let lineHeight = NaN
    for (let i = first; i <= last && i < elements.length; i++) {
      const element = elements[i] as HTMLElement
      if (element.classList.contains(FAR_PARAGRAPH)) continue
      const height = element.getBoundingClientRect().height
      this.measured.set(i, height) // used once it leaves the window, which makes the placeholders anew anyway
      const length = doc.child(i).content.size
      if (Number.isNaN(lineHeight)) lineHeight = parseFloat(getComputedStyle(element).lineHeight)
      if (length > 0 && lineHeight > 0) {
        chars += length
        lines += Math.max(1, Math.round(height / lineHeight))
      }
    }
    if (lines === 0) return false
    const seen = chars / lines
    if (Math.abs(seen - this.charsPerLine) <= this.charsPerLine / 10) return false
    this.charsPerLine = seen
    this.version++
    return true
  }

  /** The CSS height of paragraph `index` of `length` characters, drawn as a placeholder. */
  heightOf(index: number, length: number): string {
    const measured = this.measured.get(index)
    return measured !== undefined ? `${measured}px` : `${Math.max(1, Math.ceil(length / this.charsPerLine))}lh`
  }
}

/** The class of a paragraph drawn as a placeholder. */
export const FAR_PARAGRAPH = 'far-paragraph'

const byDocument = new WeakMap<Node, ParagraphHeights>()

/** The heights of `doc`'s paragraphs, kept as long as the document. */
export function paragraphHeights(doc: Node): ParagraphHeights {
  let heights = byDocument.get(doc)
  if (heights === undefined) byDocument.set(doc, (heights = new ParagraphHeights()))
  return heights
}
