/**
 * Offsets in other units than code points, as other tools count them: UTF-16 code units (JavaScript string
 * indices: old doccano, Label Studio, INCEpTION's TSV) and UTF-8 bytes. Converted at the edges only, on
 * request; inside Marginalia every offset is a code point.
 */
import { lowerBound, OffsetIndex } from '../../shared/offsets'

/** The units an offset can count. */
export const OFFSET_UNITS = ['codepoints', 'utf16', 'utf8'] as const

/** The units an offset can count: code points (Marginalia's, Python's), UTF-16 code units, or UTF-8 bytes. */
export type OffsetUnit = (typeof OFFSET_UNITS)[number]

/** Converts offsets of one text between code points and another unit. */
export class TextUnits {
  /** The code point index of the text. */
  readonly index: OffsetIndex
  /** For UTF-8: the byte offset at which each code point starts, and the text's length in bytes. */
  private byteStarts: Int32Array | undefined

  constructor(
    private readonly text: string,
    readonly unit: OffsetUnit,
  ) {
    this.index = new OffsetIndex(text)
  }

  private bytes(): Int32Array {
    if (this.byteStarts === undefined) {
      const starts = new Int32Array(this.index.length + 1)
      let byte = 0
      let i = 0
      for (const character of this.text) {
        starts[i++] = byte
        const point = character.codePointAt(0)!
        byte += point < 0x80 ? 1 : point < 0x800 ? 2 : point < 0x10000 ? 3 : 4
      }
      starts[i] = byte
      this.byteStarts = starts
    }
    return this.byteStarts
  }

  /** The code point offset of `offset` in this unit, or null if it is outside the text or inside a character. */
  toCodePoints(offset: number): number | null {
    if (!Number.isInteger(offset) || offset < 0) return null
    if (this.unit === 'codepoints') return offset <= this.index.length ? offset : null
    if (this.unit === 'utf16') {
      try {
        return this.index.toCodePoint(offset)
      } catch {
        return null
      }
    }
    const starts = this.bytes()
    const at = lowerBound(starts, offset)
    return at < starts.length && starts[at] === offset ? at : null
  }

  /** Offset `codePoint` (a code point offset of this text) in this unit. */
  fromCodePoints(codePoint: number): number {
    if (this.unit === 'codepoints') return codePoint
    if (this.unit === 'utf16') return this.index.toUtf16(codePoint)
    return this.bytes()[codePoint]
  }
}
