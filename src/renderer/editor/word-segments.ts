/**
 * Words as `Intl.Segmenter` finds them, the same in every engine: Chromium's ICU breaks a word at a full stop
 * between letters ("U.S." is "U", ".", "S", "."), which Unicode's word rules (UAX #29, WB6 and WB7) and Node's
 * ICU do not, so that a double click and snapping took the "U" of "U.S." where the core's tokens (agreement,
 * CoNLL) and search have "U.S" whole. Here such a stop joins the letters around it into one word again.
 */
import { PARTICLE_SCRIPT, UNSPACED_SCRIPT } from '../../shared/unspaced-script'

/** One word segment: what `Intl.Segmenter` yields, with `index` in UTF-16 units of the text segmented. */
export interface WordSegment {
  segment: string
  index: number
  isWordLike: boolean
}

const segmenters = new Map<string, Intl.Segmenter>()

/** The word segmenter for `locale` (the default one if undefined), made once. */
function wordSegmenter(locale: string | undefined): Intl.Segmenter {
  const key = locale ?? ''
  let segmenter = segmenters.get(key)
  if (segmenter === undefined) {
    segmenter = new Intl.Segmenter(locale, { granularity: 'word' })
    segmenters.set(key, segmenter)
  }
  return segmenter
}

/**
 * A letter a full stop joins to another, as Unicode's word rules have it (ALetter): not Chinese, Japanese or
 * Korean, whose words a stop between them ends ("中.文" is two words to the core's tokens too).
 */
const LETTER = new RegExp(`(?!${UNSPACED_SCRIPT.source}|${PARTICLE_SCRIPT.source})\\p{L}`, 'u')
/** A full stop between two letters, which does not end a word (UAX #29's MidNumLet, as in "U.S" or "e.g"). */
const JOINING_STOP = '.'

/**
 * The last character (code point) of `text` before UTF-16 index `at` that is not a combining mark (the letter an
 * accent written as a mark of its own belongs to: "José" in NFD), or '' at its start.
 */
function characterBefore(text: string, at: number): string {
  for (let end = at; end > 0; ) {
    const low = text.charCodeAt(end - 1)
    const start = low >= 0xdc00 && low <= 0xdfff && end >= 2 ? end - 2 : end - 1
    const character = text.slice(start, end)
    if (!/\p{M}/u.test(character)) return character
    end = start
  }
  return ''
}

/** The first character (code point) of `text` at UTF-16 index `at`, or '' at its end. */
function characterAt(text: string, at: number): string {
  const code = text.codePointAt(at)
  return code === undefined ? '' : String.fromCodePoint(code)
}

/** True if the full stop at UTF-16 index `at` of `text` stands between two letters. */
function joinsLetters(text: string, at: number): boolean {
  return text[at] === JOINING_STOP && LETTER.test(characterBefore(text, at)) && LETTER.test(characterAt(text, at + 1))
}

/** The word segments of `text`, in order, full stops between letters joining the words around them. */
export function* wordSegments(text: string, locale?: string): Generator<WordSegment> {
  let pending: WordSegment | null = null
  for (const { segment, index, isWordLike } of wordSegmenter(locale).segment(text)) {
    const joins = pending !== null && pending.isWordLike && (joinsLetters(text, index) || (isWordLike && joinsLetters(text, index - 1)))
    if (pending !== null && joins) {
      pending = { segment: pending.segment + segment, index: pending.index, isWordLike: true }
      continue
    }
    if (pending !== null) yield pending
    pending = { segment, index, isWordLike: isWordLike === true }
  }
  if (pending !== null) yield pending
}

/** The word segment of `text` holding UTF-16 index `at` (undefined past its end), joined as `wordSegments` joins. */
export function wordContaining(text: string, at: number, locale?: string): WordSegment | undefined {
  const segments = wordSegmenter(locale).segment(text)
  const found = segments.containing(at)
  if (found === undefined) return undefined
  let from = found.index
  let to = found.index + found.segment.length
  if (joinsLetters(text, from)) {
    from = segments.containing(from - 1)!.index // a full stop between letters: the words on both sides
    to = wordEnd(segments, to)
  } else if (found.isWordLike !== true) return { segment: found.segment, index: from, isWordLike: false }
  // Out over each full stop between letters, and the word beyond it.
  while (joinsLetters(text, to)) to = wordEnd(segments, to + 1)
  while (from >= 2 && joinsLetters(text, from - 1)) from = segments.containing(from - 2)!.index
  return { segment: text.slice(from, to), index: from, isWordLike: true }
}

/** Where the segment at UTF-16 index `at` ends. */
function wordEnd(segments: Intl.Segments, at: number): number {
  const segment = segments.containing(at)!
  return segment.index + segment.segment.length
}
