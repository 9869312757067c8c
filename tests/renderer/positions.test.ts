import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { TextPositions } from '../../src/renderer/editor/positions'
import { documentFromLines } from '../../src/renderer/editor/schema'
import { hardText, pythonSlice } from '../core/text-arbitraries'

/** The text between two positions as ProseMirror sees it, with paragraph breaks as line feeds. */
function between(lines: string[], from: number, to: number): string {
  return documentFromLines(lines).textBetween(from, to, '\n')
}

describe('TextPositions', () => {
  it('maps offsets around line breaks and emoji', () => {
    const text = 'ab\n😀c\n\nd'
    const map = new TextPositions(text)
    // doc: <p>ab</p><p>😀c</p><p></p><p>d</p>
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((o) => map.toPosition(o))).toEqual([1, 2, 3, 5, 7, 8, 10, 12])
    expect(map.toOffset(3)).toBe(2) // end of the first paragraph is the line feed's offset
    expect(map.toOffset(4)).toBe(3) // between paragraphs counts as the start of the next line
    expect(map.toOffset(6)).toBe(3) // inside the surrogate pair rounds down
    expect(between(map.lines(), map.toPosition(0), map.toPosition(5))).toBe('ab\n😀c')
  })

  it('agrees with ProseMirror and Python on any text, for every pair of offsets', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(hardText(8), fc.constant('\n')), { maxLength: 10 }).map((parts) => parts.join('')),
        fc.nat(),
        fc.nat(),
        (text, a, b) => {
          const map = new TextPositions(text)
          const start = Math.min(a, b) % (map.length + 1)
          const end = Math.max(start, Math.max(a, b) % (map.length + 1))
          const from = map.toPosition(start)
          const to = map.toPosition(end)
          expect(between(map.lines(), from, to)).toBe(pythonSlice(text, start, end))
          expect(map.toOffset(from)).toBe(start)
          expect(map.toOffset(to)).toBe(end)
        },
      ),
    )
  })

  it('maps every position of the document to an offset inside the text, in order', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(hardText(5), fc.constant('\n')), { maxLength: 8 }).map((p) => p.join('')), (text) => {
        const map = new TextPositions(text)
        const size = documentFromLines(map.lines()).content.size
        let previous = 0
        for (let position = 0; position <= size; position++) {
          const offset = map.toOffset(position)
          expect(offset).toBeGreaterThanOrEqual(previous)
          expect(offset).toBeLessThanOrEqual(map.length)
          previous = offset
        }
      }),
    )
  })
})
