import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { assignLayers, spansHoldingOthers } from '../../src/renderer/editor/layering'
import { moveSpanEdge, segmentsAround, snapToCharacters, snapToWords, type TextRange } from '../../src/renderer/editor/snapping'

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

  it('makes no span of a selection holding no word: punctuation and spaces alone', () => {
    expect(snapped(25, 27)).toBe(null) // ": "
    expect(snapped(text.length - 2, text.length)).toBe(null) // '.”'
    expect(snapped(25, 29)).toBe(': “So') // a word in it: the marks at its edge are kept
    const emoji = 'Fire 🔥 here'
    const range = snapToWords(emoji, 5, 7)! // an emoji alone is something to tag
    expect(emoji.slice(range.from, range.to)).toBe('🔥')
  })

  it('finds words in CJK text without spaces', () => {
    const cjk = '金正恩委员长访问俄罗斯'
    const words = [...new Intl.Segmenter('zh', { granularity: 'word' }).segment(cjk)].map((s) => s.segment)
    expect(words.length).toBeGreaterThan(2) // ICU splits the run of characters into words
    const range = snapToWords(cjk, 1, words[0].length + 1, 'zh')! // from inside the first word into the second
    expect(cjk.slice(range.from, range.to)).toBe(words[0] + words[1])
  })

})

describe('snapToCharacters', () => {
  it('never splits an emoji sequence, a flag or a letter from its combining marks', () => {
    const text = 'a 👨‍👩‍👧‍👦 b 🇫🇷 e\u0301\nnext' // e and a combining acute accent
    const family = text.indexOf('👨')
    const inside = (from: number, to: number) => { const r = snapToCharacters(text, from, to); return text.slice(r.from, r.to) }
    expect(inside(family + 3, family + 5)).toBe('👨‍👩‍👧‍👦')
    expect(inside(text.indexOf('🇫🇷') + 2, text.indexOf('🇫🇷') + 3)).toBe('🇫🇷')
    expect(inside(text.indexOf('\u0301'), text.indexOf('\u0301') + 1)).toBe('e\u0301')
    expect(inside(0, 1)).toBe('a')
    expect(inside(text.indexOf('next'), text.indexOf('next') + 2)).toBe('ne')
  })
})

describe('moveSpanEdge', () => {
  const claim = 'Officials said more than 13 billion doses have been administered worldwide, the agency added.'
  const sample =
    '“Chairman Kim asked us,” Mr Putin told journalists. “So there are no secrets here. We will discuss this with our American and Chinese friends.”\nLast week, Pyongyang demanded Mr Trump replace his “reckless” point man.'
  const rangeOf = (text: string, phrase: string): TextRange => {
    const from = text.indexOf(phrase)
    return { from, to: from + phrase.length }
  }
  const moved = (text: string, phrase: string, edge: 'start' | 'end', direction: 1 | -1) => {
    const range = moveSpanEdge(text, rangeOf(text, phrase), edge, direction)
    return range === null ? null : text.slice(range.from, range.to)
  }

  it('moves an end to word ends and a start to word starts, never onto a space', () => {
    const span = 'more than 13 billion doses have been administered worldwide'
    expect(moved(claim, span, 'end', -1)).toBe('more than 13 billion doses have been administered')
    expect(moved(claim, span, 'start', 1)).toBe('than 13 billion doses have been administered worldwide')
    expect(moved(claim, span, 'end', 1)).toBe('more than 13 billion doses have been administered worldwide, the')
    expect(moved(claim, span, 'start', -1)).toBe('said more than 13 billion doses have been administered worldwide')
  })

  it('stops at emoji and flags as at words, so an edge moved off one can come back to it', () => {
    const text = 'The minister 🇫🇷 said the summit 👍 went well 👩‍👩‍👧.'
    expect(moved(text, 'The minister 🇫🇷', 'end', -1)).toBe('The minister')
    expect(moved(text, 'The minister', 'end', 1)).toBe('The minister 🇫🇷')
    expect(moved(text, '🇫🇷 said', 'start', 1)).toBe('said')
    expect(moved(text, 'said', 'start', -1)).toBe('🇫🇷 said')
    expect(moved(text, 'summit', 'end', 1)).toBe('summit 👍')
    expect(moved(text, 'went well', 'end', 1)).toBe('went well 👩‍👩‍👧')
    const snapped = snapToWords(text, text.indexOf('👍'), text.indexOf('👍') + 1) // half of the emoji's two UTF-16 units
    expect(text.slice(snapped!.from, snapped!.to)).toBe('👍')
  })

  it('handles the sample’s quoted claim as an analyst would expect', () => {
    const span = 'So there are no secrets here. We will discuss this with our American and Chinese friends'
    expect(moved(sample, span, 'end', -1)).toBe('So there are no secrets here. We will discuss this with our American and Chinese')
    expect(moved(sample, span, 'start', 1)).toBe('there are no secrets here. We will discuss this with our American and Chinese friends')
    expect(moved(sample, span, 'start', -1)).toBe('journalists. “' + span)
    // the end takes in the closing full stop and quotation mark, then goes on to the next paragraph's first word
    expect(moved(sample, span, 'end', 1)).toBe(span + '.”')
    expect(moved(sample, span + '.”', 'end', 1)).toBe(span + '.”\nLast')
    expect(moved(sample, 'Last week', 'start', -1)).toBe('friends.”\nLast week')
    expect(moved(sample, 'Last week', 'start', 1)).toBe('week')
    // and back across the break, stopping at the paragraph's closing marks as on the way out
    expect(moved(sample, span + '.”\nLast', 'end', -1)).toBe(span + '.”')
    expect(moved(sample, '“So there are no secrets here. We will discuss this with our American and Chinese friends.”\nLast', 'start', 1)).toBe(span + '.”\nLast')
    expect(moved(sample, '“Chairman Kim', 'start', -1)).toBe(null) // the text's start
    expect(moved(sample, 'point man.', 'end', 1)).toBe(null) // the text's end
    expect(moved(sample, 'Chairman Kim', 'start', -1)).toBe('“Chairman Kim')
  })

  it('never empties a span', () => {
    expect(moved(sample, 'Putin', 'end', -1)).toBe(null)
    expect(moved(sample, 'Putin', 'start', 1)).toBe(null)
    expect(moved(sample, 'Mr Putin', 'start', 1)).toBe('Putin')
  })

  it('goes on past blank lines to the next paragraph with a word, outwards only', () => {
    const text = 'One two.\n\n\nThree four.\n'
    expect(moved(text, 'Three', 'start', -1)).toBe('two.\n\n\nThree')
    expect(moved(text, 'two.', 'end', 1)).toBe('two.\n\n\nThree')
    expect(moved(text, 'Three four.', 'end', 1)).toBe(null)
    expect(moved(text, 'two', 'end', -1)).toBe(null) // one word: made shorter, it would be empty
  })

  it('lets a span that already crosses paragraphs keep its paragraphs', () => {
    const text = 'One two.\nThree four.\nFive six.'
    const range = moveSpanEdge(text, rangeOf(text, 'two.\nThree'), 'end', 1)!
    expect(text.slice(range.from, range.to)).toBe('two.\nThree four')
    const further = moveSpanEdge(text, rangeOf(text, 'two.\nThree four.'), 'end', 1)!
    expect(text.slice(further.from, further.to)).toBe('two.\nThree four.\nFive')
    const back = moveSpanEdge(text, rangeOf(text, 'two.\nThree'), 'start', 1)!
    expect(text.slice(back.from, back.to)).toBe('Three')
  })

  it('on a line of a whole article (no line feeds), moves word by word as on a short one, even a long way', () => {
    // Segmenting the whole line for each move took over three minutes at 160,000 characters.
    const sentence = (i: number) => `${i}: Mr Putin said the talks with 金正恩 went well 😀 and that relief was discussed. `
    const text = Array.from({ length: 3000 }, (_, i) => sentence(i)).join('')
    const middle = text.indexOf('1500: Mr Putin')
    let range: TextRange = { from: middle + '1500: Mr '.length, to: middle + '1500: Mr Putin'.length }
    expect(text.slice(range.from, range.to)).toBe('Putin')
    range = moveSpanEdge(text, range, 'end', 1)!
    expect(text.slice(range.from, range.to)).toBe('Putin said')
    range = moveSpanEdge(text, range, 'start', -1)!
    expect(text.slice(range.from, range.to)).toBe('Mr Putin said')
    // 400 words on, well past how far a single move looks: every word end (emoji included) is a stop on the way.
    const after = range.to
    for (let i = 0; i < 400; i++) range = moveSpanEdge(text, range, 'end', 1)!
    const wordEnds = [...new Intl.Segmenter(undefined, { granularity: 'word' }).segment(text.slice(after, after + 20_000))]
      .filter((segment) => segment.isWordLike === true || /\p{Extended_Pictographic}/u.test(segment.segment))
      .map((segment) => after + segment.index + segment.segment.length)
    expect(range.to).toBe(wordEnds[399])
    expect(range.from).toBe(middle + '1500: '.length)
  })

  it('keeps any span non-empty and trimmed, moving only the edge asked, the way asked, whatever edge moves are made', () => {
    const word = fc.constantFrom('Putin', 'Kim', '13', 'billion', '金正恩', '😀', 'Jong-un', '“So', 'here.”', ',', '—', '🇰🇵')
    const gap = fc.constantFrom(' ', '  ', '\n', ' \n ', '\t', '')
    const textArb = fc.array(fc.tuple(word, gap), { minLength: 1, maxLength: 30 }).map((parts) => parts.map(([w, g]) => w + g).join(''))
    const move = fc.tuple(fc.constantFrom<'start' | 'end'>('start', 'end'), fc.constantFrom<1 | -1>(1, -1))
    fc.assert(
      fc.property(textArb, fc.nat(), fc.nat(), fc.array(move, { maxLength: 25 }), (text, a, b, moves) => {
        const snapped = snapToWords(text, a % (text.length + 1), b % (text.length + 1))
        if (snapped === null) return
        let range: TextRange = snapped
        for (const [edge, direction] of moves) {
          const before = range
          range = moveSpanEdge(text, range, edge, direction) ?? range
          const covered = text.slice(range.from, range.to)
          expect(covered.length).toBeGreaterThan(0)
          expect(covered.trim()).toBe(covered)
          const [moved, kept] = edge === 'start' ? [range.from - before.from, range.to - before.to] : [range.to - before.to, range.from - before.from]
          expect(kept).toBe(0)
          expect(Math.sign(moved) * direction).toBeGreaterThanOrEqual(0)
        }
      }),
    )
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

describe('spansHoldingOthers', () => {
  it('names the spans with another inside them, and one of two over the same text', () => {
    const holding = spansHoldingOthers([
      { id: 1, start: 0, end: 20 }, // holds 2 and 3
      { id: 2, start: 0, end: 5 }, // holds 3
      { id: 3, start: 2, end: 5 },
      { id: 4, start: 18, end: 30 }, // overlaps 1 without being inside it
      { id: 5, start: 40, end: 45 },
      { id: 6, start: 40, end: 45 }, // the same text as 5
    ])
    expect([...holding].sort()).toEqual([1, 2, 5])
  })

  it('agrees with comparing every pair', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(60), fc.integer({ min: 1, max: 25 })), { maxLength: 60 }), (raw) => {
        const spans = raw.map(([start, length], id) => ({ id, start, end: start + length }))
        const order = [...spans].sort((a, b) => a.start - b.start || b.end - a.end || a.id - b.id)
        const rank = new Map(order.map((span, i) => [span.id, i]))
        const expected = spans
          .filter((a) => spans.some((b) => b.id !== a.id && a.start <= b.start && b.end <= a.end && (a.start !== b.start || a.end !== b.end || rank.get(a.id)! < rank.get(b.id)!)))
          .map((span) => span.id)
        expect([...spansHoldingOthers(spans)].sort((x, y) => x - y)).toEqual(expected.sort((x, y) => x - y))
      }),
    )
  })
})

describe('segmentsAround (what a double click may select)', () => {
  it('gives the segment before and after a point, spaces and line feeds left out', () => {
    const text = '\n消息人士👩🏿‍💻称，🇯🇵\nMr Putin 👍🏽 said.'
    const at = (needle: string) => text.indexOf(needle)
    const pieces = (i: number) => segmentsAround(text, i).map(({ from, to }) => text.slice(from, to))
    expect(pieces(0)).toEqual([]) // the line feed the text starts with
    expect(pieces(at('👩🏿‍💻'))).toContain('👩🏿‍💻')
    expect(pieces(at('称'))).toEqual(expect.arrayContaining(['👩🏿‍💻', '称']))
    expect(pieces(at('\nMr'))).toEqual(['🇯🇵']) // a flag ending a line: not the line feed after it
    expect(pieces(at('Putin') + 2)).toEqual(['Putin'])
    expect(pieces(at(' said'))).toEqual(['👍🏽'])
  })

  it('never starts inside an astral character at the edge of what it reads, and reads no further than it must', () => {
    const text = `${'😀'.repeat(200)}x`
    const found = segmentsAround(text, text.length - 1)
    expect(found.map(({ from, to }) => text.slice(from, to))).toEqual(['😀', 'x'])
    const long = 'a'.repeat(1000)
    const [word] = segmentsAround(long, 500)
    expect(word.to - word.from).toBeLessThanOrEqual(512) // a word longer than the reach is cut to it
  })
})

describe('segmentsAround in scripts written without spaces', () => {
  it('cuts a number out of the Thai run the segmenter keeps whole, as search has it a word of its own', () => {
    const text = 'เศรษฐกิจจะเติบโตร้อยละ3.5ในปี2025 และ𠀋2025𠀋'
    const pieces = (i: number) => segmentsAround(text, i).map(({ from, to }) => text.slice(from, to))
    expect(pieces(text.indexOf('2025') + 1)).toEqual(['2025'])
    expect(pieces(text.indexOf('3.5') + 1)).toEqual(['3.5'])
    expect(pieces(text.lastIndexOf('2025') + 2)).toEqual(['2025']) // beside an astral Han character
  })
})

describe('snapToWords in scripts written without spaces', () => {
  it('keeps a number written against Thai letters on its own, as a double click selects it', () => {
    const text = 'บริษัทมีรายได้100ล้านบาทในปี2567 และ'
    const at = (needle: string) => ({ from: text.indexOf(needle), to: text.indexOf(needle) + needle.length })
    for (const needle of ['100', '2567', '00']) {
      const snapped = snapToWords(text, at(needle).from, at(needle).to)!
      expect(text.slice(snapped.from, snapped.to), needle).toBe(needle === '00' ? '100' : needle)
    }
    const thai = snapToWords(text, at('ล้า').from, at('ล้า').to)!
    expect(/\d/.test(text.slice(thai.from, thai.to))).toBe(false) // Thai letters snap to Thai letters only
  })
})

describe('moveSpanEdge in scripts written without spaces', () => {
  it('stops where a number written against Thai letters begins and ends, as snapping and a double click cut it', () => {
    const text = 'บริษัทมีรายได้100ล้านบาทในปี2567 และ'
    const at = (needle: string) => ({ from: text.indexOf(needle), to: text.indexOf(needle) + needle.length })
    const shown = (range: { from: number; to: number } | null) => (range === null ? null : text.slice(range.from, range.to))
    const whole = at('ได้100ล้าน') // one segment to Intl.Segmenter
    expect(shown(moveSpanEdge(text, whole, 'end', -1))).toBe('ได้100')
    expect(shown(moveSpanEdge(text, whole, 'start', 1))).toBe('100ล้าน')
    expect(shown(moveSpanEdge(text, at('100'), 'end', 1))).toBe('100ล้าน')
    expect(shown(moveSpanEdge(text, at('100'), 'start', -1))).toBe('ได้100')
    expect(shown(moveSpanEdge(text, at('ปี'), 'end', 1))).toBe('ปี2567')
  })
})

describe('snapToWords in Korean, whose words take particles written on', () => {
  it('keeps an end inside a Korean word where the selection put it (a search hit 푸틴 of 푸틴은), and widens a start to the word', () => {
    const text = '푸틴은 김정은과 말했다. UN은 2025년에'
    const snapped = (needle: string) => {
      const from = text.indexOf(needle)
      const range = snapToWords(text, from, from + needle.length)!
      return text.slice(range.from, range.to)
    }
    expect(snapped('푸틴')).toBe('푸틴')
    expect(snapped('김정은')).toBe('김정은')
    expect(snapped('틴은')).toBe('푸틴은') // the start widened to the word's
    expect(snapped('푸틴은 김')).toBe('푸틴은 김정은과') // an end inside a word, not before a particle: widened
    expect(snapped('김정은')).toBe('김정은') // before 과
    const drag = '대통령은 회담했다'
    const at = (needle: string) => drag.indexOf(needle)
    const range = snapToWords(drag, at('대통'), at('대통') + 2)!
    expect(drag.slice(range.from, range.to)).toBe('대통령은') // a careless drag: 령은 is no particle
    expect(snapped('UN')).toBe('UN') // a Latin word is a word of its own before Hangul
  })
})
