import { describe, expect, it } from 'vitest'
import type { ParsedDocument, ParsedSpan } from '../../src/core/import/record'
import { mergeTwinSpans } from '../../src/core/import/twin-spans'

const span = (start: number, end: number, attrs: Record<string, unknown> = {}, label = 'Claim'): ParsedSpan => ({
  id: undefined,
  start,
  end,
  label,
  attrs,
  annotator: undefined,
  createdAt: undefined,
  updatedAt: undefined,
})

const documentOf = (spans: ParsedSpan[]): ParsedDocument => ({
  id: 'd',
  title: undefined,
  text: 'x',
  meta: {},
  status: undefined,
  createdAt: undefined,
  updatedAt: undefined,
  spans,
  relations: [],
  labels: [],
})

describe('mergeTwinSpans', () => {
  it('leaves a document without twins as it is, and merges twins with their attributes combined', () => {
    const alone = documentOf([span(0, 5), span(0, 6), span(1, 5), span(0, 5, {}, 'Speaker')])
    expect(mergeTwinSpans(alone, 'ana')).toMatchObject({ document: alone, merged: 0 })
    const twins = mergeTwinSpans(documentOf([span(0, 5, { a: 1 }), span(2, 3), span(0, 5, { b: 2 })]), 'ana')
    expect(twins).toMatchObject({ merged: 1, document: { spans: [{ start: 0, end: 5, attrs: { a: 1, b: 2 } }, { start: 2, end: 3 }] } })
  })

  it('tells spans apart and finds twins at offsets far into a long text, where offsets no longer fit one number exactly', () => {
    const far = 2 ** 30
    const apart = documentOf([span(far, far + 1), span(far, far + 2), span(far + 1, far + 2)])
    expect(mergeTwinSpans(apart, 'ana')).toMatchObject({ merged: 0 })
    const twins = mergeTwinSpans(documentOf([span(far, far + 1, { a: 1 }), span(far, far + 2), span(far, far + 1, { b: 2 })]), 'ana')
    expect(twins).toMatchObject({ merged: 1, document: { spans: [{ start: far, end: far + 1, attrs: { a: 1, b: 2 } }, { start: far, end: far + 2 }] } })
  })
})
