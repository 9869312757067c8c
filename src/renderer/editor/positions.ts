/**
 * Mapping between text offsets (Unicode code points, as the corpus counts them) and ProseMirror positions in
 * the document made from a text: one paragraph per line; a line longer than `LONGEST_PARAGRAPH` shown as
 * several paragraphs, each but the first "joined" to the one before (no line feed between them in the text);
 * and in a text of more than `MOST_LINES_APART` lines, consecutive lines shown together in one paragraph (up to
 * `LONGEST_PARAGRAPH` units), the line feeds between them kept in its text and shown as line breaks.
 * Paragraph boundaries take two positions where the text has one line feed, or none at a joined paragraph;
 * a line feed inside a paragraph takes one, as any character; astral characters take two positions where they
 * are one code point.
 */
import type { Node } from 'prosemirror-model'
import { lowerBound, OffsetIndex } from '../../shared/offsets'
import { documentFromParagraphs, type TextParagraph } from './schema'

/**
 * Lines longer than this (UTF-16 units: about 350 words) are shown as several paragraphs. The editor draws,
 * measures and lays out a long document a paragraph at a time, so one paragraph of a whole book (a transcript
 * or an extraction without line feeds) would cost what the book costs on every change.
 */
export const LONGEST_PARAGRAPH = 2_000

/**
 * Texts of more lines than this show their lines grouped into paragraphs. Each paragraph is an element of the
 * page (a placeholder while far from view) that every change walks, so a text of one sentence or one word a
 * line (as CoNLL's, or a chat log) would cost an element a line; grouped, it costs what a text of long lines
 * does. Below it (news articles, books of a few thousand paragraphs), each line is its own paragraph.
 */
export const MOST_LINES_APART = 3_000

/** Converts between code point offsets of one text and positions of the document made from it. */
export class TextPositions {
  private readonly index: OffsetIndex
  /** UTF-16 index at which each paragraph's text starts. */
  private readonly textStarts: number[]
  /** Whether each paragraph continues the line of the one before (a joined paragraph) rather than starting a line. */
  private readonly joined: boolean[]
  /** Position at which each paragraph's content starts. */
  private readonly paragraphStarts: number[]
  /** UTF-16 index at which each line of the text starts. */
  private readonly lineStarts: number[]

  constructor(readonly text: string) {
    this.index = new OffsetIndex(text)
    this.textStarts = []
    this.joined = []
    this.lineStarts = []
    const grouped = moreLinesThan(text, MOST_LINES_APART)
    let paragraphStart = 0
    for (let lineStart = 0; ; ) {
      const lineFeed = text.indexOf('\n', lineStart)
      const lineEnd = lineFeed === -1 ? text.length : lineFeed
      this.lineStarts.push(lineStart)
      if (!grouped || lineStart === 0 || lineEnd - paragraphStart > LONGEST_PARAGRAPH) {
        this.textStarts.push((paragraphStart = lineStart))
        this.joined.push(false)
      }
      for (let start = paragraphStart; lineEnd - start > LONGEST_PARAGRAPH; ) {
        start = breakBefore(text, start, start + LONGEST_PARAGRAPH)
        this.textStarts.push((paragraphStart = start))
        this.joined.push(true)
      }
      if (lineFeed === -1) break
      lineStart = lineFeed + 1
    }
    // Each paragraph adds two positions (its start and end tokens); a line feed between paragraphs is one unit.
    this.paragraphStarts = []
    let joins = 0
    for (let i = 0; i < this.textStarts.length; i++) {
      if (this.joined[i]) joins++
      this.paragraphStarts.push(this.textStarts[i] + i + 1 + joins)
    }
  }

  /** The paragraphs the text is shown as: its lines, long ones in several pieces (and short ones together, in a text of very many). */
  paragraphs(): TextParagraph[] {
    return this.textStarts.map((start, i) => ({ text: this.text.slice(start, this.textEndOf(i)), joined: this.joined[i] }))
  }

  /** The ProseMirror document showing the text. */
  document(): Node {
    return documentFromParagraphs(this.paragraphs())
  }

  /** Length of the text in code points. */
  get length(): number {
    return this.index.length
  }

  /**
   * Position of code point offset `offset`. An offset at a line end lies at the end of that paragraph; one
   * where a joined paragraph begins, at that paragraph's start.
   */
  toPosition(offset: number): number {
    const unit = this.index.toUtf16(offset)
    const paragraph = lowerBound(this.textStarts, unit + 1) - 1
    return this.paragraphStarts[paragraph] + unit - this.textStarts[paragraph]
  }

  /**
   * Code point offset of position `position`. A position between two paragraphs counts as the start of the
   * next one; a position inside a surrogate pair (which no selection should produce) rounds down.
   */
  toOffset(position: number): number {
    const paragraph = Math.max(0, lowerBound(this.paragraphStarts, position + 1) - 1)
    const start = this.textStarts[paragraph]
    const next = this.textStarts[paragraph + 1] ?? this.text.length
    const unit = start + Math.max(0, Math.min(position - this.paragraphStarts[paragraph], next - start))
    try {
      return this.index.toCodePoint(unit)
    } catch {
      return this.index.toCodePoint(unit - 1)
    }
  }

  /** The line (from 1) of the text that code point offset `offset` lies in; a line feed's offset is its line's. */
  lineOf(offset: number): number {
    return lowerBound(this.lineStarts, this.index.toUtf16(offset) + 1)
  }

  /** The code point offsets where the line holding offset `offset` starts and ends (before its line feed). */
  lineAround(offset: number): { start: number; end: number } {
    const line = this.lineOf(offset) - 1
    const next = this.lineStarts[line + 1]
    return { start: this.fromUtf16(this.lineStarts[line]), end: this.fromUtf16(next === undefined ? this.text.length : next - 1) }
  }

  /** UTF-16 index of a code point offset. */
  toUtf16(offset: number): number {
    return this.index.toUtf16(offset)
  }

  /** Code point offset of a UTF-16 index. */
  fromUtf16(unit: number): number {
    return this.index.toCodePoint(unit)
  }

  /** UTF-16 index where paragraph `i`'s text ends: before the line feed ending its line, or where the next (joined) one begins. */
  private textEndOf(i: number): number {
    const next = this.textStarts[i + 1]
    if (next === undefined) return this.text.length
    return this.joined[i + 1] ? next : next - 1
  }
}

/** True if `text` has more than `count` lines. */
function moreLinesThan(text: string, count: number): boolean {
  let lines = 1
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) if (++lines > count) return true
  return false
}

/** Characters that end a sentence or clause when white space follows: where a long line is best broken. */
const CLAUSE_END = /[.!?…:;)\]"'»”’]/u

/** Full stops and the like of Chinese and Japanese, after which a line may break with no space. */
const CJK_CLAUSE_END = /[。！？；]/u

/** Where characters (grapheme clusters: an emoji with its modifiers, a letter with its accents) begin. */
let graphemes: Intl.Segmenter | undefined

/**
 * Where to end a piece of a long line that begins at `start`, at most at `limit` (UTF-16 indices): after the
 * last sentence or clause end in the second half of the piece, else after its last white space, else (text without
 * spaces) at the last character boundary, so that no character, surrogate pair or emoji is cut in two.
 */
function breakBefore(text: string, start: number, limit: number): number {
  const earliest = start + Math.floor((limit - start) / 2)
  let space = -1
  for (let i = limit - 1; i >= earliest; i--) {
    const char = text[i]
    if (/\s/.test(char)) {
      if (space === -1) space = i + 1
      if (CLAUSE_END.test(text[i - 1])) return i + 1
    } else if (CJK_CLAUSE_END.test(char)) {
      return i + 1
    }
  }
  if (space !== -1) return space
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' })
  const from = limit - 64
  let boundary = -1
  for (const { index } of graphemes.segment(text.slice(from, limit + 64))) {
    if (from + index > limit) break
    if (from + index > from) boundary = from + index
  }
  if (boundary !== -1) return boundary
  const lowSurrogate = text.charCodeAt(limit) >= 0xdc00 && text.charCodeAt(limit) <= 0xdfff
  return lowSurrogate ? limit - 1 : limit
}
