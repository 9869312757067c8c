/**
 * Positions on a text the corpus holds, read as counting a CR before each of its line feeds. Import makes CRLF
 * line ends LF (`normalise.ts`), so a tool that saw the text as it was given counted one character more per line
 * before each place than the stored text has: W3C annotations added later to a stored text (whose own file does
 * not carry it) are placed by such positions when their quotes confirm them, and their positions alone are
 * checked for it (`fitWordsOnlyCountingCr`).
 */
import { atWordEdge } from '../import/record'
import { normaliseText, type NormalisedText } from '../import/normalise'
import { TextUnits, type OffsetUnit } from './units'

/** What the import says of annotations placed by positions counting CRs, as their quotes confirmed. */
export const CR_COUNTED =
  'TextPositionSelector positions that count a CR before each line feed (the text as given before import made its line ends LF) placed as their quotes confirm'

/** What the import says of annotations placed by positions alone that fit words only when CRs are counted. */
export const CR_HINT =
  'spans placed by a TextPositionSelector alone cut words in the text as the corpus holds it, but fit word edges if their positions count a CR ' +
  'before each line feed: the tool that made them likely saw the text with CRLF line ends, which import made LF; they are placed as given: ' +
  'check them, or give each a TextQuoteSelector too, which lets import place them rightly'

/** A stored text's positions as counted on the same text with CRLF line ends. */
export class CrlfReading {
  private readonly units: TextUnits
  private readonly normalised: NormalisedText

  constructor(stored: string, unit: OffsetUnit) {
    const original = stored.replace(/\n/gu, '\r\n')
    this.units = new TextUnits(original, unit)
    this.normalised = normaliseText(original)
  }

  /** The stored text's code point offset for `value` counted on the CRLF text, or null if it is no place in it. */
  toStored(value: number): number | null {
    const at = this.units.toCodePoints(value)
    return at === null ? null : this.normalised.mapOffset(at)
  }
}

/**
 * True if some span placed by positions alone cuts a word of `text` (the stored text, `units` its units) while the
 * same positions counted with CRs put both its edges at word edges, and none fits words as stored but not so.
 */
export function fitWordsOnlyCountingCr(spans: readonly { start: number; end: number }[], text: string, units: TextUnits, reading: CrlfReading): boolean {
  let fitsOnlyWithCr = 0
  for (const span of spans) {
    const edge = (offset: number | null) => offset !== null && atWordEdge(text, units.index.toUtf16(offset))
    const asStored = edge(units.toCodePoints(span.start)) && edge(units.toCodePoints(span.end))
    const start = reading.toStored(span.start)
    const end = reading.toStored(span.end)
    const withCr = start !== null && end !== null && end > start && edge(start) && edge(end)
    if (withCr && !asStored) fitsOnlyWithCr++
    if (asStored && !withCr) return false
  }
  return fitsOnlyWithCr > 0
}
