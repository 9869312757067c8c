/**
 * What brat's files can hold, shared by the brat reader and writer: type names brat's configuration accepts,
 * which span attributes become brat attributes, notes and normalizations, and where a span must be cut
 * because brat's `.ann` holds one annotation per line.
 */
import type { LabelDefinition } from '../../shared/corpus-types'
import { DistinctNames } from './distinct-names'

/** A type or attribute name as brat's configuration stores it (its "storage form"). */
const BRAT_NAME = /^[A-Za-z0-9_-]+$/

/** An attribute value brat can write and declare (`Value:a|b` in `annotation.conf`): one word, no `,` or `|`. */
const BRAT_VALUE = /^[^\s\x1c-\x1f\x85,|]+$/u

/** Characters at which Python's `str.splitlines` ends a line: none may appear inside one `.ann` line. */
export const LINE_BREAK = /[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/u

/** Line breaks other than LF: a note holding one cannot be written as `#` lines split at LF. */
const OTHER_LINE_BREAK = /[\r\v\f\x1c-\x1e\x85\u2028\u2029]/u

/** The span attribute that holds brat's `AnnotatorNotes` (`#` lines). */
export const NOTE_KEY = 'note'

/** The span attribute that holds brat's normalizations (`N` lines), as `{type, ref, text}` objects. */
export const NORMALIZATIONS_KEY = 'normalizations'

/** The span attribute that marks one fragment of a discontinuous brat annotation. */
export const FRAGMENT_KEY = 'brat_fragment'

/** One normalization of a span: `N1\tReference T1 Wikipedia:534366\tBarack Obama`. */
export interface Normalization {
  type: string
  ref: string
  text: string
}

/** True if `value` is a normalization as the reader makes them (keys in that order), which brat can hold. */
function isWritableNormalization(value: unknown): value is Normalization {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false
  const item = value as Record<string, unknown>
  return (
    Object.keys(item).join(',') === 'type,ref,text' &&
    typeof item.type === 'string' &&
    /^\S+$/u.test(item.type) &&
    typeof item.ref === 'string' &&
    /^\S+:\S+$/u.test(item.ref) &&
    typeof item.text === 'string' &&
    !LINE_BREAK.test(item.text)
  )
}

/**
 * True if brat's `.ann` holds the span attribute `key: value` exactly, so that reading it back gives the
 * same JSON: `note` as `#` lines (one per line of the note), `normalizations` as `N` lines, and any other
 * key brat accepts as a name with the value `true` (a binary attribute) or one word (a valued one).
 */
export function bratHolds(key: string, value: unknown): boolean {
  if (key === NOTE_KEY) return typeof value === 'string' && !OTHER_LINE_BREAK.test(value)
  if (key === NORMALIZATIONS_KEY) return Array.isArray(value) && value.length > 0 && value.every(isWritableNormalization)
  if (key === FRAGMENT_KEY) return false
  return BRAT_NAME.test(key) && (value === true || (typeof value === 'string' && BRAT_VALUE.test(value)))
}

/**
 * brat type names for a label set: a label whose name brat accepts keeps it; any other gets its characters
 * outside `A-Z a-z 0-9 _ -` replaced by `_` (brat's own rule), with `_2`, `_3`... where that would collide.
 * A name used by a span label and a relation label gets one type.
 */
export class BratTypeNames extends DistinctNames {
  constructor(labels: readonly Pick<LabelDefinition, 'name'>[]) {
    super(labels, (name) => BRAT_NAME.test(name), (name) => name.replace(/[^A-Za-z0-9_-]/gu, '_'))
  }
}

/**
 * The pieces of `[start, end)` of `text` (code points) between line breaks, which brat can hold: a span
 * across a line end becomes a discontinuous annotation of these fragments; one over line breaks only, none.
 */
export function linePieces(characters: readonly string[], start: number, end: number): [number, number][] {
  const pieces: [number, number][] = []
  let from = start
  for (let i = start; i <= end; i++) {
    if (i === end || LINE_BREAK.test(characters[i])) {
      if (i > from) pieces.push([from, i])
      from = i + 1
    }
  }
  return pieces
}
