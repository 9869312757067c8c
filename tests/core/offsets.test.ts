import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { normaliseText } from '../../src/core/import/normalise'
import { codePointLength, OffsetIndex, sliceCodePoints } from '../../src/shared/offsets'
import { hardText, pythonLength, pythonSlice } from './text-arbitraries'

describe('OffsetIndex', () => {
  it('counts an emoji as one code point and two UTF-16 units', () => {
    const text = 'a😀b'
    const index = new OffsetIndex(text)
    expect(index.length).toBe(3)
    expect([0, 1, 2, 3].map((cp) => index.toUtf16(cp))).toEqual([0, 1, 3, 4])
    expect(index.toCodePoint(3)).toBe(2)
    expect(() => index.toCodePoint(2)).toThrow(/splits a surrogate pair/)
    expect(() => index.toUtf16(4)).toThrow(RangeError)
    expect(sliceCodePoints(text, index, 1, 2)).toBe('😀')
  })

  it('counts code points as codePointLength does, without an index: astral characters once, lone surrogates once each', () => {
    expect(codePointLength('a😀b')).toBe(3)
    expect(codePointLength('\uD83D\uD83D\uDE00\uDE00')).toBe(3) // a lone high, a pair, a lone low
    expect(codePointLength('')).toBe(0)
    fc.assert(fc.property(hardText(), (text) => codePointLength(text) === pythonLength(text) && codePointLength(text) === new OffsetIndex(text).length))
  })

  it('slices like Python for any text and any offsets', () => {
    fc.assert(
      fc.property(hardText(), fc.nat(), fc.nat(), (text, a, b) => {
        const index = new OffsetIndex(text)
        expect(index.length).toBe(pythonLength(text))
        const start = Math.min(a, b) % (index.length + 1)
        const end = Math.max(start, Math.max(a, b) % (index.length + 1))
        expect(sliceCodePoints(text, index, start, end)).toBe(pythonSlice(text, start, end))
      }),
    )
  })

  it('counts a lone surrogate half as one code point, as the string iterator does, and a pair as one', () => {
    const unit = fc.constantFrom('a', '\ud83d', '\ude00', '\ud83d\ude00', '金', '\udbff\udfff')
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 20 }).map((units) => units.join('')), (text) => {
        const index = new OffsetIndex(text)
        const characters = [...text]
        expect(index.length).toBe(characters.length)
        let at = 0
        characters.forEach((character, cp) => {
          expect(index.toUtf16(cp)).toBe(at)
          at += character.length
        })
        expect(index.toUtf16(characters.length)).toBe(text.length)
      }),
    )
  })

  it('round-trips every code point boundary through UTF-16', () => {
    fc.assert(
      fc.property(hardText(), (text) => {
        const index = new OffsetIndex(text)
        for (let cp = 0; cp <= index.length; cp++) expect(index.toCodePoint(index.toUtf16(cp))).toBe(cp)
      }),
    )
  })
})

describe('normaliseText', () => {
  it('drops a BOM and turns CRLF and CR into LF, and nothing else', () => {
    expect(normaliseText('\ufeffa\r\nb\rc\n').text).toBe('a\nb\nc\n')
    expect(normaliseText('no change 😀\n').changed).toBe(false)
    expect(normaliseText('tab\tand\u2028separator').text).toBe('tab\tand\u2028separator')
  })

  it('carries offsets over so that spans still cover the same text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(hardText(6), fc.constantFrom('\r\n', '\r', '\n')), { maxLength: 12 }).map((parts) => parts.join('')),
        fc.boolean(),
        fc.nat(),
        fc.nat(),
        (body, bom, a, b) => {
          const original = (bom ? '\ufeff' : '') + body
          const { text, mapOffset } = normaliseText(original)
          const length = pythonLength(original)
          const start = Math.min(a, b) % (length + 1)
          const end = Math.max(start, Math.max(a, b) % (length + 1))
          // What survives of each original character: the BOM and the CR of CRLF go, a lone CR becomes LF.
          const chars = [...original]
          const survivor = (c: string, i: number): string =>
            i === 0 && bom ? '' : c === '\r' ? (chars[i + 1] === '\n' ? '' : '\n') : c
          const expected = chars.slice(start, end).map((c, k) => survivor(c, start + k)).join('')
          expect(pythonSlice(text, mapOffset(start), mapOffset(end))).toBe(expected)
        },
      ),
    )
  })
})
