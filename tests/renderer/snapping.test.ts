import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { assignLayers } from '../../src/renderer/editor/layering'
import { nextWordEdge, snapToWords } from '../../src/renderer/editor/snapping'

describe('snapToWords', () => {
  const text = 'Mr Putin told journalists: “So there are no secrets here.”'
  const snapped = (from: number, to: number) => {
    const range = snapToWords(text, from, to)
    return range === null ? null : text.slice(range.from, range.to)
  }

  it('widens a selection to the words it touches and trims spaces', () => {
    expect(snapped(4, 11)).toBe('Putin told')
    expect(snapped(2, 9)).toBe('Putin')
    expect(snapped(8, 9)).toBe(null)
    expect(snapped(0, text.length)).toBe(text)
  })

  it('keeps punctuation the selection starts or ends on', () => {
    expect(snapped(27, 30)).toBe('“So')
  })

  it('finds words in CJK text without spaces', () => {
    const cjk = '金正恩委员长访问俄罗斯'
    const words = [...new Intl.Segmenter('zh', { granularity: 'word' }).segment(cjk)].map((s) => s.segment)
    expect(words.length).toBeGreaterThan(2) // ICU splits the run of characters into words
    const range = snapToWords(cjk, 1, words[0].length + 1, 'zh')! // from inside the first word into the second
    expect(cjk.slice(range.from, range.to)).toBe(words[0] + words[1])
  })

  it('moves edges word by word', () => {
    expect(text.slice(0, nextWordEdge(text, 3, 1))).toBe('Mr Putin')
    expect(text.slice(nextWordEdge(text, 8, -1))).toMatch(/^Putin told/)
  })
})

describe('assignLayers', () => {
  it('gives overlapping spans different layers and reuses layers once spans close', () => {
    const layers = assignLayers([
      { id: 1, start: 0, end: 10 },
      { id: 2, start: 2, end: 5 },
      { id: 3, start: 4, end: 8 },
      { id: 4, start: 12, end: 14 },
    ])
    expect(layers.get(1)).toBe(0)
    expect(new Set([layers.get(1), layers.get(2), layers.get(3)]).size).toBe(3)
    expect(layers.get(4)).toBe(0)
  })

  it('never gives two overlapping spans the same layer', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(50), fc.integer({ min: 1, max: 20 })), { maxLength: 40 }), (raw) => {
        const spans = raw.map(([start, length], id) => ({ id, start, end: start + length }))
        const layers = assignLayers(spans)
        for (const a of spans) {
          for (const b of spans) {
            if (a.id !== b.id && a.start < b.end && b.start < a.end) expect(layers.get(a.id)).not.toBe(layers.get(b.id))
          }
        }
      }),
    )
  })
})
