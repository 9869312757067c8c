/// <reference lib="dom" />
/**
 * The annotation plugin redraws only the spans a change can touch: after any sequence of changes, what it
 * draws must be exactly what drawing the same annotations from scratch gives, and the reading order it keeps
 * for each spans map must be the one sorting gives.
 */
import fc from 'fast-check'
import { EditorState } from 'prosemirror-state'
import type { Decoration } from 'prosemirror-view'
import { describe, expect, it } from 'vitest'
import { annotate, annotationPlugin, annotations, spansInOrder, type AnnotationAction } from '../../src/renderer/editor/annotations'
import { TextPositions } from '../../src/renderer/editor/positions'
import { compareSpans } from '../../src/renderer/editor/span-order'
import type { ExportedRelation, ExportedSpan } from '../../src/shared/corpus-types'

const TEXT = 'Mr Putin 😀 said the talks went well.\nPyongyang disagreed 金正恩 at length.\nA third line.'
const positions = new TextPositions(TEXT)
const LENGTH = positions.length
const LABELS = ['Speaker', 'Claim', 'Source']
const colors = new Map(LABELS.map((label, i) => [label, ['#1971c2', '#d9480f', '#2f9e44'][i]]))
const ANALYSTS = ['ana', 'ben']

function span(id: number, start: number, end: number, label: string, annotator: string, attrs: Record<string, unknown> = {}): ExportedSpan {
  return { id, start, end, label, text: [...TEXT].slice(start, end).join(''), attrs, annotator, created_at: 't', updated_at: 't' }
}

function stateWith(spans: readonly ExportedSpan[], relations: readonly ExportedRelation[], me = 'ana'): EditorState {
  return EditorState.create({
    doc: positions.document(),
    plugins: [annotationPlugin({ spans, relations, documentLabels: [], status: 'todo' }, positions, colors, me)],
  })
}

const act = (state: EditorState, action: AnnotationAction): EditorState => state.apply(annotate(state, action))

/** What is drawn, comparable: each decoration's extent and what it draws, sorted. */
function drawn(state: EditorState): string[] {
  return annotations(state)
    .decorations.find()
    .map((d: Decoration) => {
      const type = d as unknown as { type: { attrs?: Record<string, string>; spec?: { key?: string } } }
      const what = type.type.attrs !== undefined ? JSON.stringify(type.type.attrs) : `widget ${type.type.spec?.key ?? ''}`
      return `${d.from}-${d.to} ${what}`
    })
    .sort()
}

/** One change, chosen from numbers so that it applies to whatever the state holds. */
const step = fc.record({
  kind: fc.integer({ min: 0, max: 11 }),
  a: fc.nat(),
  b: fc.nat(),
  c: fc.nat(),
})

function toAction(state: EditorState, next: { span: number; relation: number }, { kind, a, b, c }: { kind: number; a: number; b: number; c: number }): AnnotationAction {
  const current = annotations(state)
  const spans = [...current.spans.values()]
  const relations = [...current.relations.values()]
  const pick = <T,>(items: readonly T[], n: number): T | undefined => (items.length === 0 ? undefined : items[n % items.length])
  const start = a % (LENGTH - 1)
  const end = start + 1 + (b % Math.min(12, LENGTH - start))
  const label = LABELS[c % LABELS.length]
  const existing = pick(spans, a)
  switch (kind) {
    case 0:
    case 1:
      return { type: 'putSpan', span: span(next.span++, start, Math.min(end, LENGTH), label, ANALYSTS[c % 2]), select: c % 3 === 0 }
    case 2: // relabel, or move an edge
      if (existing === undefined) return { type: 'select', id: null }
      return { type: 'putSpan', span: c % 2 === 0 ? { ...existing, label } : span(existing.id, start, Math.min(end, LENGTH), existing.label, existing.annotator, existing.attrs) }
    case 3: // a note or the unsure flag
      if (existing === undefined) return { type: 'select', id: null }
      return { type: 'putSpan', span: { ...existing, attrs: c % 2 === 0 ? { note: `n${b % 3}` } : c % 3 === 0 ? { unsure: true } : {} } }
    case 4:
      return existing === undefined ? { type: 'select', id: null } : { type: 'removeSpan', id: existing.id }
    case 5: {
      const head = pick(spans, b)
      const child = pick(spans, c)
      if (head === undefined || child === undefined) return { type: 'select', id: null }
      return { type: 'putRelation', relation: { id: next.relation++, head: head.id, child: child.id, label: 'attributed_to', annotator: ANALYSTS[a % 2], created_at: 't', updated_at: 't' } }
    }
    case 6: {
      const relation = pick(relations, a)
      return relation === undefined ? { type: 'select', id: null } : { type: 'removeRelation', id: relation.id }
    }
    case 7:
      return { type: 'select', id: b % 4 === 0 ? null : (existing?.id ?? null) }
    case 8:
      return { type: 'link', link: existing === undefined || b % 3 === 0 ? null : { spanId: existing.id, label: 'attributed_to' } }
    case 9:
      return { type: 'match', match: b % 3 === 0 ? null : { start, end: Math.min(end, LENGTH) } }
    case 10:
      return { type: 'show', annotator: b % 3 === 0 ? null : ANALYSTS[b % 2] }
    default:
      return { type: 'me', annotator: ANALYSTS[b % 2] }
  }
}

describe('incremental decorations', () => {
  it('draw after any sequence of changes exactly what drawing from scratch draws', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), (steps) => {
        let state = stateWith([span(1, 0, 8, 'Speaker', 'ana'), span(2, 3, 20, 'Claim', 'ben'), span(3, 40, 49, 'Speaker', 'ana')], [])
        const next = { span: 10, relation: 1 }
        for (const s of steps) state = act(state, toAction(state, next, s))
        const current = annotations(state)
        let fresh = stateWith([...current.spans.values()], [...current.relations.values()], current.me)
        fresh = act(fresh, { type: 'show', annotator: current.shown })
        fresh = act(fresh, { type: 'select', id: current.selected })
        fresh = act(fresh, { type: 'link', link: current.link })
        fresh = act(fresh, { type: 'match', match: current.match })
        expect(drawn(state)).toEqual(drawn(fresh))
        const sorted = [...current.spans.values()].filter((s) => current.shown === null || s.annotator === current.shown).sort(compareSpans)
        expect(spansInOrder(current)).toEqual(sorted)
      }),
      { numRuns: 300, seed: 10 },
    )
  })
})
