import { describe, expect, it } from 'vitest'
import { excerpt } from '../../src/shared/text'

describe('excerpt', () => {
  it('keeps a short text whole, and shows the start and end of a long one, never half of an astral character', () => {
    expect(excerpt('Mr Putin said')).toBe('Mr Putin said')
    const long = `${'a'.repeat(599)}😀${'b'.repeat(10_000)}😀${'c'.repeat(199)}`
    const shown = excerpt(long)
    expect(shown.length).toBeLessThan(820)
    expect(shown.startsWith('a'.repeat(599))).toBe(true)
    expect(shown).toMatch(/^a{599} … c{199}$/u) // an emoji at either cut is left out whole, not halved
    expect(shown.isWellFormed()).toBe(true)
    expect(excerpt('x'.repeat(500), 200, 0)).toBe(`${'x'.repeat(200)} …`)
    // Not half of a flag, a family joined by ZWJs, or a letter and its accent.
    for (const cluster of ['🇯🇵', '👩\u200d👩\u200d👧', 'e\u0301\u0301']) {
      for (let shift = 0; shift < 8; shift++) {
        const text = `${'a'.repeat(595 + shift)}${cluster.repeat(4)}${'b'.repeat(5_000)}${cluster.repeat(4)}${'c'.repeat(195 + shift)}`
        const [start, end] = excerpt(text).split(' … ')
        const clusters = (piece: string) => [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(piece)].map((g) => g.segment)
        expect(clusters(start).every((g) => g.length === 1 || g === cluster), `${cluster} ${shift}`).toBe(true)
        expect(clusters(end).every((g) => g.length === 1 || g === cluster), `${cluster} ${shift}`).toBe(true)
      }
    }
  })
})
