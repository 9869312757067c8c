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
})
