import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { packSpans, SPAN_WIDTH, spanValues, unpackDocument, unpackSpans, type SpanFields } from '../../src/shared/packed-document'
import { dispatch } from '../../src/core/operations/dispatch'
import { createHandlers } from '../../src/core/operations/handlers'
import { Corpus } from '../../src/core/store/corpus'
import { hardText, pythonLength, pythonSlice } from '../core/text-arbitraries'
import { cli, opened, parseJsonl, scratch, writeJsonl } from '../helpers'

/** A stored span over `[start, end)` of a text, with attributes and times that vary. */
const storedSpan = (length: number): fc.Arbitrary<SpanFields> =>
  fc
    .record({
      id: fc.nat({ max: 1_000_000 }),
      a: fc.nat({ max: length }),
      b: fc.nat({ max: length }),
      label: fc.constantFrom('Claim', 'Speaker', 'Spam', 'Ünïcødé 😀'),
      attrs: fc.constantFrom('{}', '{"note":"a \\"quoted\\" 𝐀 note"}', '{"unsure":true,"x":[1,2]}'),
      annotator: fc.constantFrom('ana', 'bo', 'curated'),
      created_at: fc.constantFrom('2026-11-29T10:00:00.000Z', '2026-11-29T10:00:01.000Z'),
      updated_at: fc.constantFrom('2026-11-29T10:00:00.000Z', '2026-11-29T11:30:00.000Z'),
    })
    .map(({ a, b, ...span }) => ({ ...span, start_offset: Math.min(a, b), end_offset: Math.max(a, b) }))

describe('packed documents', () => {
  it('unpack to the spans packed, each with the text it covers counted in code points, in the same order', () => {
    fc.assert(
      fc.property(
        hardText(60).chain((text) => fc.tuple(fc.constant(text), fc.array(storedSpan(pythonLength(text)), { maxLength: 20 }))),
        ([text, stored]) => {
          const packed = JSON.parse(JSON.stringify(packSpans(stored.map(spanValues)))) as ReturnType<typeof packSpans> // as it travels
          expect(packed.numbers).toHaveLength(stored.length * SPAN_WIDTH)
          expect(unpackSpans(packed, text)).toEqual(
            stored.map((span) => ({
              id: span.id,
              start: span.start_offset,
              end: span.end_offset,
              label: span.label,
              text: pythonSlice(text, span.start_offset, span.end_offset),
              attrs: JSON.parse(span.attrs),
              annotator: span.annotator,
              created_at: span.created_at,
              updated_at: span.updated_at,
            })),
          )
        },
      ),
    )
  })

  it('send each label, analyst and time once', () => {
    const span = (id: number): SpanFields => ({
      id,
      start_offset: id,
      end_offset: id + 1,
      label: 'Claim',
      attrs: '{}',
      annotator: 'ana',
      created_at: '2026-11-29T10:00:00.000Z',
      updated_at: '2026-11-29T10:00:00.000Z',
    })
    const packed = packSpans(Array.from({ length: 1000 }, (_, i) => spanValues(span(i))))
    expect(packed.strings).toEqual(['Claim', '{}', 'ana', '2026-11-29T10:00:00.000Z'])
  })

  it('refuse a packing that does not add up, rather than making up spans', () => {
    expect(() => unpackSpans({ strings: ['Claim'], numbers: [1, 0, 1, 0, 0, 0, 0] }, 'ab')).toThrow(/not a multiple of 8/)
    expect(() => unpackSpans({ strings: ['Claim'], numbers: [1, 0, 1, 0, 5, 0, 0, 0] }, 'ab')).toThrow(/string 5 of 1/)
  })

  it('are what openDocument answers: unpacked, the document is its JSONL export line plus the row id', async () => {
    const folder = scratch()
    const corpusPath = join(folder, 'c.marginalia')
    const text = '😀 Mr Putin 👩‍👩‍👧 said: 𝐀 claim.\nSecond line with 金正恩.'
    const at = (needle: string) => {
      const start = pythonLength(text.slice(0, text.indexOf(needle)))
      return { start, end: start + pythonLength(needle) }
    }
    const input = writeJsonl(folder, 'in.jsonl', [
      {
        id: 'astral',
        title: 'Astral',
        text,
        spans: [
          { id: 1, ...at('Mr Putin'), label: 'Speaker', annotator: 'ana' },
          { id: 2, ...at('claim.'), label: 'Claim', annotator: 'bo', attrs: { note: 'a 𝐀 note' } },
          { id: 3, ...at('金正恩'), label: 'Speaker', annotator: 'ana' },
        ],
        relations: [{ head: 2, child: 1, label: 'attributed_to', annotator: 'bo' }],
        labels: ['Politics'],
      },
    ])
    expect((await cli('import', '--add-labels', corpusPath, input)).code).toBe(0)
    const [exported] = parseJsonl((await cli('export', corpusPath)).stdout)
    const corpus = opened(Corpus.open(corpusPath))
    const handlers = createHandlers(corpus, 'ana')
    const answer = dispatch(handlers, 'openDocument', { documentId: handlers.findDocument({ id: 'astral' })! })
    if (!answer.ok) throw new Error(answer.error.message)
    const { rowId: _row, settledAsNothing, ...document } = unpackDocument(JSON.parse(JSON.stringify(answer.value)))
    expect(settledAsNothing).toEqual([])
    expect(document).toEqual(exported)
    expect(document.spans.map((span) => span.text)).toEqual(['Mr Putin', 'claim.', '金正恩'])
    expect(document.relations).toHaveLength(1)
    expect(document.labels.map((label) => label.label)).toEqual(['Politics'])
  })
})
