/**
 * Mapping between text offsets (Unicode code points, as the corpus counts them) and ProseMirror positions in
 * a document that holds the text as one paragraph per line. Paragraph boundaries take two positions where the
 * text has one line feed, and astral characters take two positions where they are one code point.
 */
import { lowerBound, OffsetIndex } from '../../shared/offsets'

/** Converts between code point offsets of one text and positions of the document made from it. */
export class TextPositions {
  private readonly index: OffsetIndex
  /** UTF-16 index at which each line starts. */
  private readonly lineStarts: number[]
  /** Position at which each paragraph's content starts: `lineStarts[i] + i + 1`. */
  private readonly paragraphStarts: number[]

  constructor(readonly text: string) {
    this.index = new OffsetIndex(text)
    this.lineStarts = [0]
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1)
    this.paragraphStarts = this.lineStarts.map((start, line) => start + line + 1)
  }

  /** The text's lines, one per paragraph. */
  lines(): string[] {
    return this.text.split('\n')
  }

  /** Length of the text in code points. */
  get length(): number {
    return this.index.length
  }

  /** Position of code point offset `offset` (an offset at a line end lies at the end of that paragraph). */
  toPosition(offset: number): number {
    const unit = this.index.toUtf16(offset)
    const line = lowerBound(this.lineStarts, unit + 1) - 1
    return unit + line + 1
  }

  /**
   * Code point offset of position `position`. A position between two paragraphs counts as the start of the
   * next line; a position inside a surrogate pair (which no selection should produce) rounds down.
   */
  toOffset(position: number): number {
    const line = Math.max(0, lowerBound(this.paragraphStarts, position + 1) - 1)
    const nextLineStart = this.lineStarts[line + 1] ?? this.text.length
    const unit = Math.max(0, Math.min(position - line - 1, nextLineStart))
    try {
      return this.index.toCodePoint(unit)
    } catch {
      return this.index.toCodePoint(unit - 1)
    }
  }

  /** UTF-16 index of a code point offset. */
  toUtf16(offset: number): number {
    return this.index.toUtf16(offset)
  }

  /** Code point offset of a UTF-16 index. */
  fromUtf16(unit: number): number {
    return this.index.toCodePoint(unit)
  }
}
