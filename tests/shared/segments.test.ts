/** `segmentsOf`: long texts segmented a piece at a time, with the same segments as the segmenter gives at once. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { segmentsOf } from '../../src/shared/segments'
import { hardText } from '../core/text-arbitraries'

const WORDS = new Intl.Segmenter('en', { granularity: 'word' })
const SENTENCES = new Intl.Segmenter('en', { granularity: 'sentence' })

const all = (segmenter: Intl.Segmenter, text: string) => [...segmenter.segment(text)].map(({ segment, index, isWordLike }) => ({ segment, index, isWordLike }))

/** Texts of sentences, spaces, capitals, line feeds, marks, joiners, emoji and CJK, in any order. */
const texts = fc
  .array(fc.oneof(hardText(4), fc.constantFrom(' ', '  ', '. ', '? ', '! ', '.\u00a0', 'The ', 'Mr. ', '\n', '\r\n', '\u0301', '\u200d', '👩‍👩‍👧', '。', '漢字', 'É', '"', ') ', '1.5')), { maxLength: 60 })
  .map((parts) => parts.join(''))

describe('segmentsOf', () => {
  it('gives the words and sentences the segmenter gives for the whole text, with pieces of any size', () => {
    fc.assert(
      fc.property(texts, fc.integer({ min: 2, max: 40 }), (text, size) => {
        expect([...segmentsOf(WORDS, text, size)]).toEqual(all(WORDS, text))
        expect([...segmentsOf(SENTENCES, text, size)]).toEqual(all(SENTENCES, text))
      }),
      { numRuns: 3000 },
    )
  })

  it('segments a long line of mixed scripts in time that grows with it (at once, it took 41 s at 100,000 characters)', () => {
    const line = 'Mr Putin said the talks with 金正恩 went well 😀 and that sanctions relief was discussed. '.repeat(3000)
    const words = [...segmentsOf(WORDS, line)]
    expect(words.filter((w) => w.isWordLike).length).toBeGreaterThan(3000 * 12)
    expect(words.map((w) => w.segment).join('')).toBe(line)
    expect([...segmentsOf(SENTENCES, line)]).toHaveLength(3000)
  })
})
