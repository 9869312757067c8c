/** Where the side panel's relation list says each end is: paragraph and code point offsets. */
import { describe, expect, it } from 'vitest'
import { describePlace, paragraphOf } from '../../src/renderer/app/relation-list'
import { TextPositions } from '../../src/renderer/editor/positions'

describe('places in the relation list', () => {
  it('names the paragraph (from 1) and the code point offsets, after astral characters too', () => {
    const positions = new TextPositions('😀 one\ntwo 😀 three\n\nfour')
    expect(paragraphOf(positions, 0)).toBe(1)
    expect(paragraphOf(positions, 6)).toBe(2)
    expect(paragraphOf(positions, 12)).toBe(2)
    expect(paragraphOf(positions, 19)).toBe(4)
    expect(describePlace(positions, { start: 6, end: 9 })).toBe('¶2, 6–9')
    expect(describePlace(positions, { start: 2, end: 9 })).toBe('¶1–2, 2–9')
  })

  it('counts the lines of the text, though a long line is shown in several paragraphs and many short ones in one', () => {
    const longLine = 'A sentence that goes on. '.repeat(400) // 10,000 characters: five paragraphs or so
    const positions = new TextPositions(`title\n${longLine}\nlast 😀 line`)
    const last = [...`title\n${longLine}\n`].length
    expect(paragraphOf(positions, 6 + 9_000)).toBe(2)
    expect(describePlace(positions, { start: last, end: last + 4 })).toBe(`¶3, ${last}–${last + 4}`)
    const manyLines = Array.from({ length: 5000 }, (_, i) => `${i} said so.`).join('\n')
    const many = new TextPositions(manyLines)
    const at = manyLines.indexOf('4990 said')
    expect(paragraphOf(many, at)).toBe(4991)
    expect(paragraphOf(many, manyLines.indexOf('\n', at))).toBe(4991) // the line feed ending it
  })
})
