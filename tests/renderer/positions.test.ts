import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { LONGEST_PARAGRAPH, MOST_LINES_APART, TextPositions } from '../../src/renderer/editor/positions'
import { plainTextBetween } from '../../src/renderer/editor/schema'
import { hardText, pythonSlice } from '../core/text-arbitraries'

/** The text between two positions of the document shown for `map`'s text, as copying it gives it. */
function between(map: TextPositions, from: number, to: number): string {
  return plainTextBetween(map.document().content, from, to)
}

/** Texts with line feeds, some of whose lines are longer than a paragraph shows (with spaces, sentence ends, emoji, or none). */
const textsWithLongLines = fc
  .tuple(fc.array(fc.oneof(hardText(8), fc.constantFrom('\n', ' ', '. ', '😀', '。', '👩‍👩‍👧')), { maxLength: 10 }), fc.integer({ min: 1, max: 400 }))
  .map(([parts, times]) => parts.join('').repeat(times))

/** Texts of up to about twice as many lines as are shown one a paragraph (which then share paragraphs), some long. */
const textsWithManyLines = fc
  .tuple(fc.array(fc.oneof(hardText(3), fc.constantFrom('\n', ' ', '😀')), { maxLength: 4 }), fc.integer({ min: 1, max: MOST_LINES_APART }), fc.boolean())
  .map(([parts, times, withLongLine]) => {
    const half = `${parts.join('')}\n\n`.repeat(times)
    return `${half}${withLongLine ? `${'a word '.repeat(700)}\n` : ''}${half}`
  })

/** The text the paragraphs of `map` show: a line feed before each that is not joined, as the corpus holds it. */
const textShown = (map: TextPositions) => map.paragraphs().map(({ text, joined }, i) => (i === 0 || joined ? text : `\n${text}`)).join('')

describe('TextPositions', () => {
  it('maps offsets around line breaks and emoji', () => {
    const text = 'ab\n😀c\n\nd'
    const map = new TextPositions(text)
    // doc: <p>ab</p><p>😀c</p><p></p><p>d</p>
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((o) => map.toPosition(o))).toEqual([1, 2, 3, 5, 7, 8, 10, 12])
    expect(map.toOffset(3)).toBe(2) // end of the first paragraph is the line feed's offset
    expect(map.toOffset(4)).toBe(3) // between paragraphs counts as the start of the next line
    expect(map.toOffset(6)).toBe(3) // inside the surrogate pair rounds down
    expect(between(map, map.toPosition(0), map.toPosition(5))).toBe('ab\n😀c')
  })

  it('agrees with ProseMirror and Python on any text, for every pair of offsets', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.array(fc.oneof(hardText(8), fc.constant('\n')), { maxLength: 10 }).map((parts) => parts.join('')), textsWithLongLines, textsWithManyLines),
        fc.nat(),
        fc.nat(),
        (text, a, b) => {
          const map = new TextPositions(text)
          const start = Math.min(a, b) % (map.length + 1)
          const end = Math.max(start, Math.max(a, b) % (map.length + 1))
          const from = map.toPosition(start)
          const to = map.toPosition(end)
          expect(between(map, from, to)).toBe(pythonSlice(text, start, end))
          expect(map.toOffset(from)).toBe(start)
          expect(map.toOffset(to)).toBe(end)
        },
      ),
    )
  })

  it('maps every position of the document to an offset inside the text, in order', () => {
    fc.assert(
      fc.property(fc.oneof(fc.array(fc.oneof(hardText(5), fc.constant('\n')), { maxLength: 8 }).map((p) => p.join('')), textsWithLongLines, textsWithManyLines), (text) => {
        const map = new TextPositions(text)
        const size = map.document().content.size
        let previous = 0
        const wrong: string[] = [] // checked once at the end: an expect per position is too slow for texts of many lines
        for (let position = 0; position <= size && wrong.length === 0; position++) {
          const offset = map.toOffset(position)
          if (offset < previous || offset > map.length) wrong.push(`position ${position}: offset ${offset} after ${previous} (length ${map.length})`)
          previous = offset
        }
        expect(wrong).toEqual([])
      }),
      { numRuns: 50 },
    )
  })

  it('shows a long line as paragraphs of at most LONGEST_PARAGRAPH units, broken after sentences, never inside a character', () => {
    const sentence = 'The minister said the talks went well 👍🏽 and would go on. '
    const line = sentence.repeat(300)
    const text = `Title\n${line}\n${'漢字かな交じり文。'.repeat(500)}\n${'👩‍👩‍👧'.repeat(1500)}`
    const map = new TextPositions(text)
    const paragraphs = map.paragraphs()
    expect(paragraphs.length).toBeGreaterThan(10)
    for (const { text: piece } of paragraphs) expect(piece.length).toBeLessThanOrEqual(LONGEST_PARAGRAPH)
    // The pieces of each line make the line again; only a line's first piece starts a line.
    expect(paragraphs.filter((p) => !p.joined)).toHaveLength(4)
    expect(textShown(map)).toBe(text)
    const pieces = (start: string) => paragraphs.filter((p) => p.text.startsWith(start))
    for (const piece of pieces('The minister')) expect(piece.text.endsWith('on. ')).toBe(true) // after a sentence, with its space
    for (const piece of pieces('漢字')) expect(piece.text.endsWith('。')).toBe(true)
    for (const piece of pieces('👩')) expect(piece.text.length % '👩‍👩‍👧'.length).toBe(0) // whole family emoji only
    expect(between(map, 0, map.document().content.size)).toBe(text)
  })

  it('shows the lines of a text of very many together, a paragraph of at most LONGEST_PARAGRAPH units at a time', () => {
    const sentence = (i: number) => `${i}: Mr Putin said so 😀.`
    const many = Array.from({ length: MOST_LINES_APART + 1 }, (_, i) => sentence(i)).join('\n')
    const grouped = new TextPositions(many)
    expect(grouped.paragraphs().length).toBeLessThan(many.length / (LONGEST_PARAGRAPH / 2))
    for (const { text, joined } of grouped.paragraphs()) {
      expect(text.length).toBeLessThanOrEqual(LONGEST_PARAGRAPH)
      expect(joined).toBe(false) // each begins a line
      expect(text.startsWith('\n') || text.endsWith('\n')).toBe(false) // the line feed between two is the paragraph break
    }
    expect(textShown(grouped)).toBe(many)
    expect(between(grouped, 0, grouped.document().content.size)).toBe(many)
    // One line fewer: a paragraph a line, as in any ordinary text.
    const fewer = many.slice(0, many.lastIndexOf('\n'))
    expect(new TextPositions(fewer).paragraphs()).toHaveLength(MOST_LINES_APART)
  })
})
