/** fast-check generators of hard text: emoji (astral, ZWJ sequences, flags), combining marks, CJK, RTL, CRLF. */
import fc from 'fast-check'

const PIECES = [
  'a', 'Mr Putin', ' ', '\n', '.', '“', '”', '’',
  '😀', '👩‍👩‍👧', '🇷🇺', '𝐀', '🀄', // astral characters and sequences of them
  'e\u0301', 'ñ', '\u0302', // combining marks
  '金正恩', '普京', '日本語', // CJK
  'مرحبا', 'שלום', '\u200f', // RTL and a direction mark
  '\ufe0f', '\u200d', // variation selector, zero-width joiner
]

/** Text built from pieces that trip up offset arithmetic, plus arbitrary well-formed code points. */
export const hardText = (maxLength = 40): fc.Arbitrary<string> =>
  fc
    .array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...PIECES) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) }), {
      maxLength,
    })
    .map((pieces) => pieces.join(''))

/** Code point length of a string, the way Python counts it. */
export const pythonLength = (text: string): number => [...text].length

/** Python's `text[start:end]`. */
export const pythonSlice = (text: string, start: number, end: number): string => [...text].slice(start, end).join('')
