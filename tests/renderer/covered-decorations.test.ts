/// <reference lib="dom" />
/**
 * Issue 10: a document with many spans decorates only the spans over the ranges the view has come near, and
 * the selected and linked spans wherever they are. After any sequence of changes, the spans decorated are
 * exactly those, each drawn as a document with every span decorated draws it.
 */
import fc from 'fast-check'
import { EditorState } from 'prosemirror-state'
import type { Decoration } from 'prosemirror-view'
import { describe, expect, it } from 'vitest'
import { annotate, annotationPlugin, annotations, type AnnotationAction } from '../../src/renderer/editor/annotations'
import { FIRST_WINDOW, WINDOW_FROM_SPANS } from '../../src/renderer/editor/long-document'
import { TextPositions } from '../../src/renderer/editor/positions'
import type { ExportedSpan } from '../../src/shared/corpus-types'

/** 300 paragraphs with an astral character in each: about 60,000 positions. */
const TEXT = Array.from({ length: 300 }, (_, i) => `😀 ${i}: Mr Putin said the talks with 金正恩 went well, and that sanctions relief was discussed at length by all.`.repeat(2)).join('\n')
const positions = new TextPositions(TEXT)
const LENGTH = positions.length
const colors = new Map([['Claim', '#d9480f'], ['Speaker', '#1971c2']])

function span(id: number, start: number, end: number, label = 'Claim'): ExportedSpan {
  return { id, start, end, label, text: [...TEXT].slice(start, end).join(''), attrs: {}, annotator: 'ana', created_at: 't', updated_at: 't' }
}

/** 700 spans spread over the text, one in three overlapping the one before. */
const SPANS = Array.from({ length: WINDOW_FROM_SPANS + 100 }, (_, i) => {
  const start = Math.floor((i * (LENGTH - 40)) / (WINDOW_FROM_SPANS + 100)) - (i % 3 === 0 && i > 0 ? 20 : 0)
  return span(i + 1, Math.max(0, start), Math.max(0, start) + 5 + (i % 7) * 4, i % 2 === 0 ? 'Claim' : 'Speaker')
})

const stateOf = (spans: readonly ExportedSpan[]) =>
  EditorState.create({ doc: positions.document(), plugins: [annotationPlugin({ spans, relations: [], documentLabels: [], status: 'todo' }, positions, colors, 'ana')] })

/** The document's size in positions (what 'cover' ranges count in). */
const SIZE = stateOf([]).doc.content.size

const act = (state: EditorState, action: AnnotationAction): EditorState => state.apply(annotate(state, action))

/** The ids of the spans decorated, sorted. */
function decoratedIds(state: EditorState): number[] {
  const ids = annotations(state)
    .decorations.find()
    .map((d: Decoration) => (d.spec as { spanId?: number }).spanId)
    .filter((id): id is number => id !== undefined)
  return [...new Set(ids)].sort((a, b) => a - b)
}

/** The ids that should be decorated: spans over a covered range, and the selected and linked spans. */
function expectedIds(state: EditorState): number[] {
  const current = annotations(state)
  const over = (s: ExportedSpan) =>
    current.covered === null ||
    current.covered.some((r) => positions.toPosition(s.start) < r.to && Math.max(positions.toPosition(s.end), positions.toPosition(s.start) + 1) > r.from)
  return [...current.spans.values()]
    .filter((s) => over(s) || s.id === current.selected || s.id === current.link?.spanId)
    .map((s) => s.id)
    .sort((a, b) => a - b)
}

/** A decorated span's look, as its inline decoration carries it. */
function lookOf(state: EditorState, id: number): string | undefined {
  return annotations(state)
    .decorations.find(undefined, undefined, (spec: { spanId?: number; look?: string }) => spec.spanId === id && spec.look !== undefined)
    .map((d: Decoration) => (d.spec as { look: string }).look)[0]
}

describe('decorating the spans near view only', () => {
  it('decorates at first only the spans over the start, then those the view comes near, and a selected span anywhere', () => {
    let state = stateOf(SPANS)
    const first = decoratedIds(state)
    expect(first.length).toBeGreaterThan(0)
    expect(first.length).toBeLessThan(SPANS.length)
    expect(first).toEqual(expectedIds(state))
    expect(annotations(state).covered).toEqual([{ from: 0, to: FIRST_WINDOW }])
    const last = SPANS[SPANS.length - 1]
    expect(first).not.toContain(last.id)
    state = act(state, { type: 'select', id: last.id })
    expect(decoratedIds(state)).toContain(last.id)
    expect(lookOf(state, last.id)).toContain('selected')
    state = act(state, { type: 'select', id: null })
    expect(decoratedIds(state)).not.toContain(last.id)
    state = act(state, { type: 'cover', from: SIZE - 5000, to: SIZE })
    expect(decoratedIds(state)).toContain(last.id)
    expect(decoratedIds(state)).toEqual(expectedIds(state))
  })

  it('after any changes, decorates exactly the spans it should, each as drawing everything from scratch would', () => {
    const step = fc.record({ kind: fc.integer({ min: 0, max: 5 }), a: fc.nat(), b: fc.nat() })
    fc.assert(
      fc.property(fc.array(step, { maxLength: 12 }), (steps) => {
        let state = stateOf(SPANS)
        let next = SPANS.length + 1
        for (const { kind, a, b } of steps) {
          const spans = [...annotations(state).spans.values()]
          const existing = spans[a % spans.length]
          const start = a % (LENGTH - 40) // in code points for a span, in positions for a range: either lies in the text
          const action: AnnotationAction =
            kind === 0
              ? { type: 'cover', from: start, to: Math.min(SIZE, start + 1 + (b % 8000)) }
              : kind === 1
                ? { type: 'select', id: b % 3 === 0 ? null : existing.id }
                : kind === 2
                  ? { type: 'putSpan', span: span(next++, start, start + 3 + (b % 30)), select: b % 2 === 0 }
                  : kind === 3
                    ? { type: 'removeSpan', id: existing.id }
                    : kind === 4
                      ? { type: 'link', link: b % 2 === 0 ? null : { spanId: existing.id, label: 'attributed_to' } }
                      : { type: 'putSpan', span: { ...existing, label: existing.label === 'Claim' ? 'Speaker' : 'Claim' } }
          state = act(state, action)
          expect(decoratedIds(state)).toEqual(expectedIds(state))
        }
        // Each decorated span looks as it does when drawn from scratch with every span decorated.
        const current = annotations(state)
        let whole = stateOf([...current.spans.values()])
        whole = act(whole, { type: 'cover', from: 0, to: SIZE })
        if (current.selected !== null) whole = act(whole, { type: 'select', id: current.selected })
        if (current.link !== null) whole = act(whole, { type: 'link', link: current.link })
        for (const id of decoratedIds(state)) expect(lookOf(state, id)).toBe(lookOf(whole, id))
      }),
      { numRuns: 40 },
    )
  })
})
