/**
 * Spans whose edges fall inside a character as it is seen (a grapheme cluster: 👍🏽 with its skin tone, a flag's
 * two halves, a family joined by ZWJs, a letter and its combining accent). Offsets count code points, so such an
 * edge is valid, and kept as given; but it is the mark of a tool that counted characters as seen, or of a cut
 * made by mistake, so the import says how many there are.
 */
import { OffsetIndex } from '../../shared/offsets'

/** What the import says of spans with an edge inside a character as seen. */
export const SPLIT_CHARACTER_HINT =
  'span edges inside a character as seen (an emoji and its skin tone or joiner, the two halves of a flag, a letter and its accent) ' +
  'kept as given, as offsets count code points: if the tool that made them counted characters as seen, its offsets differ from these'

/**
 * Code points that may join the one before them into one character as seen: marks, the joiner, variation
 * selectors, skin tones, tag characters, Hangul vowel and final jamo (after a syllable too), regional indicators.
 */
const JOINS_BEFORE = /[\p{M}\u200d\ufe00-\ufe0f\u{e0100}-\u{e01ef}\u{1f3fb}-\u{1f3ff}\u{e0020}-\u{e007f}\u1160-\u11ff\u{1f1e6}-\u{1f1ff}]/u
/** Code points that may join the one after them: the joiner, regional indicators, Hangul initial jamo. */
const JOINS_AFTER = /[\u200d\u{1f1e6}-\u{1f1ff}\u1100-\u115f]/u
/**
 * Whether a text may hold a character as seen of more than one code point: the blocks of combining marks and of
 * scripts written with them (Hebrew and Arabic points, Indic, Thai, Lao, Tibetan, Myanmar), Hangul jamo, the
 * joiner, variation selectors, skin tones, flags and tags. Ranges written out, as `\p{M}` over a whole text is
 * ten times slower in scripts other than Latin; a mark outside them goes unremarked (this only warns).
 */
const MAY_JOIN =
  /[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0900-\u0dff\u0e31-\u0e3a\u0e47-\u0e4e\u0eb1-\u0ebc\u0ec8-\u0ecd\u0f18-\u0fbc\u1000-\u109f\u1100-\u11ff\u1ab0-\u1aff\u1dc0-\u1dff\u200d\u20d0-\u20ff\u302a-\u302f\u3099\u309a\ufe00-\ufe0f\ufe20-\ufe2f]|[\u{1f3fb}-\u{1f3ff}\u{1f1e6}-\u{1f1ff}\u{e0020}-\u{e007f}\u{e0100}-\u{e01ef}]/u

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

/** How far either side of an edge is read to find the character around it (UTF-16 units): longer than any but a freak cluster. */
const REACH = 48

/** True if UTF-16 index `at` of `text` falls inside a character as seen. */
function insideCharacter(text: string, at: number): boolean {
  if (at <= 0 || at >= text.length) return false
  if (text.charCodeAt(at) < 0x300 && text.charCodeAt(at - 1) < 0x300) return false // Latin letters, digits, spaces: no joining
  const after = String.fromCodePoint(text.codePointAt(at)!)
  const beforeAt = at >= 2 && /[\udc00-\udfff]/u.test(text[at - 1]) ? at - 2 : at - 1
  const before = String.fromCodePoint(text.codePointAt(beforeAt)!)
  if (!JOINS_BEFORE.test(after) && !JOINS_AFTER.test(before)) return false // the common case, without segmenting
  let from = Math.max(0, at - REACH)
  if (/[\udc00-\udfff]/u.test(text[from] ?? '')) from-- // not half of an astral character
  // Flags pair their regional indicators from the start of a run of them: the read starts where the run does.
  while (from >= 2 && isRegionalIndicator(text.codePointAt(from - 2)!)) from -= 2
  for (const { index, segment } of graphemes.segment(text.slice(from, Math.min(text.length, at + REACH)))) {
    const start = from + index
    if (start === at) return false
    if (start < at && at < start + segment.length) return true
  }
  return false
}

/** True if `codePoint` is a regional indicator, one half of a flag. */
function isRegionalIndicator(codePoint: number): boolean {
  return codePoint >= 0x1f1e6 && codePoint <= 0x1f1ff
}

/** How many of `spans` (code point offsets into `text`) start or end inside a character as seen. */
export function spansSplittingCharacters(text: string, spans: readonly { start: number; end: number }[]): number {
  if (spans.length === 0 || !MAY_JOIN.test(text)) return 0
  const index = new OffsetIndex(text)
  let count = 0
  for (const span of spans) {
    if (insideCharacter(text, index.toUtf16(span.start)) || insideCharacter(text, index.toUtf16(span.end))) count++
  }
  return count
}
