import { afterEach, describe, expect, it, vi } from 'vitest'
import { wordContaining, wordSegments } from '../../src/renderer/editor/word-segments'
import { segmentsAround, snapToWords } from '../../src/renderer/editor/snapping'

const RealSegmenter = Intl.Segmenter

/** Chromium's word segmenter, as it is: a full stop between letters is a segment of its own ("U", ".", "S"). */
class ChromiumLikeSegmenter {
  private readonly real: Intl.Segmenter
  constructor(locale?: string, options?: Intl.SegmenterOptions) {
    this.real = new RealSegmenter(locale, options)
  }
  segment(text: string) {
    const pieces: Intl.SegmentData[] = []
    for (const data of this.real.segment(text)) {
      let index = data.index
      for (const part of data.segment.split(/(?<=\p{L}\p{M}*)(\.)(?=\p{L})/u).filter((p) => p !== '')) {
        pieces.push({ segment: part, index, input: text, isWordLike: part === '.' ? false : data.isWordLike })
        index += part.length
      }
    }
    return Object.assign(pieces, { containing: (at: number) => pieces.find((p) => at >= p.index && at < p.index + p.segment.length) })
  }
}

/** Runs `check` with `Intl.Segmenter` cutting words as Chromium's does, under a locale not made before (segmenters are kept per locale). */
let locales = 0
function asChromium(check: (locale: string) => void) {
  vi.stubGlobal('Intl', { ...Intl, Segmenter: ChromiumLikeSegmenter })
  try {
    check(`en-x-chr${locales++}`)
  } finally {
    vi.unstubAllGlobals()
  }
}

afterEach(() => vi.unstubAllGlobals())

describe('wordSegments and wordContaining', () => {
  const text = 'The U.S. and e.g. Mr. Kim said 3.5 and a.3, then left.'

  it('join the letters around a full stop between letters, however the engine cuts them', () => {
    for (const run of [(check: (locale?: string) => void) => check(undefined), asChromium]) {
      run((locale) => {
        const words = [...wordSegments(text, locale)].filter((s) => s.isWordLike).map((s) => s.segment)
        expect(words).toEqual(['The', 'U.S', 'and', 'e.g', 'Mr', 'Kim', 'said', '3.5', 'and', 'a', '3', 'then', 'left'])
        for (const [at, word] of [[text.indexOf('U.S'), 'U.S'], [text.indexOf('.S'), 'U.S'], [text.indexOf('S.'), 'U.S'], [text.indexOf('g.'), 'e.g'], [text.indexOf('Mr'), 'Mr']] as const) {
          expect(wordContaining(text, at, locale)?.segment, `at ${at}`).toBe(word)
        }
        expect(wordContaining(text, text.indexOf('. and'), locale)).toMatchObject({ segment: '.', isWordLike: false }) // the stop ending U.S.
        expect(wordContaining(text, text.indexOf('left.') + 4, locale)).toMatchObject({ segment: '.', isWordLike: false })
      })
    }
  })

  it('join only letters Unicode\'s word rules join, an accent written as a mark of its own included; not Chinese, Japanese or Korean', () => {
    const nfd = 'Jose\u0301.Mari\u0301a'
    for (const run of [(check: (locale?: string) => void) => check(undefined), asChromium]) {
      run((locale) => {
        const words = (text: string) => [...wordSegments(text, locale)].filter((s) => s.isWordLike).map((s) => s.segment)
        expect(words('中.文')).toEqual(['中', '文'])
        expect(words('한국.서울')).toEqual(['한국', '서울'])
        expect(words('カタ.カナ x.中')).toEqual(['カタ', 'カナ', 'x', '中'])
        expect(words(nfd)).toEqual([nfd])
        expect(wordContaining(nfd, nfd.indexOf('M'), locale)?.segment).toBe(nfd)
        expect(wordContaining('한국.서울', 0, locale)?.segment).toBe('한국')
      })
    }
  })

  it('make a double click and snapping take all of "U.S" in Chromium, not its "U"', () => {
    asChromium((locale) => {
      const at = text.indexOf('U.S')
      expect(segmentsAround(text, at + 1, locale).map(({ from, to }) => text.slice(from, to))).toEqual(['U.S'])
      const snapped = snapToWords(text, at, at + 1, locale)!
      expect(text.slice(snapped.from, snapped.to)).toBe('U.S')
    })
  })
})
