/**
 * Conversion between Unicode code point offsets (used in the corpus file, JSONL and the CLI) and UTF-16
 * indices (used by JavaScript strings). Built once per text; costs memory only for astral characters.
 */

/** Index of the first element of sorted `values` that is not less than `target`. */
export function lowerBound(values: ArrayLike<number>, target: number): number {
  let lo = 0
  let hi = values.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (values[mid] < target) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Index of the first of `items` for which `after` holds (it must hold for every later one too), or `items.length`. */
export function firstIndexWhere<T>(items: ArrayLike<T>, after: (item: T) => boolean): number {
  let lo = 0
  let hi = items.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (after(items[mid])) hi = mid
    else lo = mid + 1
  }
  return lo
}

/**
 * The items (in order, neither overlapping another) sharing at least one position with `[start, end)`, as the
 * index range `[first, last)` of `items`: empty (`first === last`) when none does.
 */
export function itemsOverlapping(items: ArrayLike<{ start: number; end: number }>, start: number, end: number): { first: number; last: number } {
  const first = firstIndexWhere(items, (item) => item.end > start)
  const last = Math.max(first, firstIndexWhere(items, (item) => item.start >= end))
  return { first, last }
}

/** A high surrogate followed by a low one: one astral character (lone halves count as one code point each). */
const SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g

/** How many code points `text` has (a lone surrogate counts as one): its length, without building an index. */
export function codePointLength(text: string): number {
  let pairs = 0
  SURROGATE_PAIR.lastIndex = 0
  while (SURROGATE_PAIR.test(text)) pairs++
  return text.length - pairs
}

/** Maps offsets of one well-formed string between code points and UTF-16 code units. */
export class OffsetIndex {
  /** Length of the text in code points. */
  readonly length: number
  /** Length of the text in UTF-16 code units. */
  readonly utf16Length: number
  /** Code point offsets of the astral (two-unit) characters, ascending. */
  private readonly astralCodePoints: Int32Array
  /** UTF-16 indices of the same characters, ascending. */
  private readonly astralUnits: Int32Array

  constructor(text: string) {
    // The regular expression engine finds the pairs several times faster than a loop over every unit (most
    // texts have none), and the same on a page's first visit, before the loop would have been compiled.
    const codePoints: number[] = []
    const units: number[] = []
    SURROGATE_PAIR.lastIndex = 0
    for (let found = SURROGATE_PAIR.exec(text); found !== null; found = SURROGATE_PAIR.exec(text)) {
      codePoints.push(found.index - units.length) // each pair before it took two units for one code point
      units.push(found.index)
    }
    this.length = text.length - units.length
    this.utf16Length = text.length
    this.astralCodePoints = Int32Array.from(codePoints)
    this.astralUnits = Int32Array.from(units)
  }

  /** UTF-16 index of code point offset `offset` (0 to `length` inclusive). */
  toUtf16(offset: number): number {
    if (!Number.isInteger(offset) || offset < 0 || offset > this.length) {
      throw new RangeError(`code point offset ${offset} is outside 0..${this.length}`)
    }
    return offset + lowerBound(this.astralCodePoints, offset)
  }

  /** Code point offset of UTF-16 index `index`, which must not split a surrogate pair. */
  toCodePoint(index: number): number {
    if (!Number.isInteger(index) || index < 0 || index > this.utf16Length) {
      throw new RangeError(`UTF-16 index ${index} is outside 0..${this.utf16Length}`)
    }
    const before = lowerBound(this.astralUnits, index)
    if (before > 0 && this.astralUnits[before - 1] === index - 1) {
      throw new RangeError(`UTF-16 index ${index} splits a surrogate pair`)
    }
    return index - before
  }
}

/** `text[start:end]` in code points, as Python would slice it. */
export function sliceCodePoints(text: string, index: OffsetIndex, start: number, end: number): string {
  return text.slice(index.toUtf16(start), index.toUtf16(end))
}
