/**
 * How tall the paragraphs of a long document are when drawn: measured while they are drawn, estimated from
 * their length before (lines of the characters per line seen so far), so that a paragraph drawn as an empty
 * placeholder (`text-window.ts`) keeps the place of its text and the scroll bar stays true.
 */
import type { Node } from 'prosemirror-model'
import type { EditorView } from 'prosemirror-view'

/** Characters per line assumed before any paragraph has been measured (a 46em column of serif text). */
const FIRST_GUESS = 90

/** Where the characters per line last learned are kept between visits (the page's local storage). */
const LEARNED_KEY = 'marginalia.charactersPerLine'

/**
 * The characters per line the documents measured last settled on: where a new document's estimates start, so
 * that its first measure (at the same width and font, as usual) finds them right and need not set every
 * placeholder's height again and lay the text out twice.
 */
let learned = readLearned()

function readLearned(): number {
  try {
    const value = Number(globalThis.localStorage?.getItem(LEARNED_KEY))
    return value >= 5 && value <= 5_000 ? value : FIRST_GUESS
  } catch {
    return FIRST_GUESS // no storage here (or it is refused): the first guess
  }
}

function learn(charsPerLine: number): void {
  learned = charsPerLine
  try {
    globalThis.localStorage?.setItem(LEARNED_KEY, charsPerLine.toFixed(2))
  } catch {
    // not kept between visits; this page still starts from it
  }
}

/** The heights of one document's paragraphs at one text width. */
export class ParagraphHeights {
  private measured = new Map<number, number>()
  /** What each paragraph measured says of the characters per line: its length and its lines. */
  private seen = new Map<number, { chars: number; lines: number }>()
  private chars = 0
  private lines = 0
  private charsPerLine = learned
  /** The text width measured at (0: not measured yet). */
  private width = 0

  /**
   * Notes the heights of the paragraphs `first` to `last` of `elements` (the editor's children) that are drawn in
   * full, and what all paragraphs measured so far say of the characters per line (a sample that only grows, so
   * that the estimate settles rather than following each window); forgets everything measured at another text
   * width. True if the width changed since the last measure or the estimate for paragraphs never drawn moved by
   * more than a twentieth: the placeholders' heights are then out of date (`refreshHeights`). The estimate
   * moved is learned for the next document (`learned`).
   */
  remember(doc: Node, elements: HTMLCollection, first: number, last: number, width: number): boolean {
    const widthChanged = this.width !== 0 && width !== this.width // the first measure: placeholders are as estimated
    if (width !== this.width) {
      this.measured = new Map()
      this.seen = new Map()
      this.chars = 0
      this.lines = 0
      this.width = width
    }
    let lineHeight = NaN
    for (let i = first; i <= last && i < elements.length; i++) {
      const element = elements[i] as HTMLElement
      if (element.classList.contains(FAR_PARAGRAPH)) continue
      const height = element.getBoundingClientRect().height
      this.measured.set(i, height) // used once it leaves the window, which makes the placeholders anew anyway
      const length = doc.child(i).content.size
      if (Number.isNaN(lineHeight)) lineHeight = parseFloat(getComputedStyle(element).lineHeight)
      if (length === 0 || !(lineHeight > 0)) continue
      const before = this.seen.get(i)
      const now = { chars: length, lines: Math.max(1, Math.round(height / lineHeight)) }
      this.chars += now.chars - (before?.chars ?? 0)
      this.lines += now.lines - (before?.lines ?? 0)
      this.seen.set(i, now)
    }
    if (this.lines === 0) return widthChanged
    const estimate = this.chars / this.lines
    if (Math.abs(estimate - this.charsPerLine) <= this.charsPerLine / 20) return widthChanged
    this.charsPerLine = estimate
    learn(estimate)
    return true
  }

  /**
   * The CSS height of paragraph `index` of `length` characters, drawn as a placeholder: as measured, or its
   * length over the characters per line seen (not rounded up: that average already counts each paragraph's
   * part-filled last line, so rounding up again would make every estimate too tall, and the text drift up
   * whenever estimates are replaced by what is drawn).
   */
  heightOf(index: number, length: number): string {
    const measured = this.measured.get(index)
    return measured !== undefined ? `${measured}px` : `${Math.max(1, length / this.charsPerLine).toFixed(2)}lh`
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

/** Sets every placeholder's height in `view` again from its document's paragraph heights (after they changed). */
export function refreshHeights(view: EditorView): void {
  const { doc } = view.state
  const heights = paragraphHeights(doc)
  const paragraphs = view.dom.children
  for (let i = 0; i < paragraphs.length && i < doc.childCount; i++) {
    const paragraph = paragraphs[i] as HTMLElement
    if (paragraph.classList.contains(FAR_PARAGRAPH)) paragraph.style.height = heights.heightOf(i, doc.child(i).content.size)
  }
}
