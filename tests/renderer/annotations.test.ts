/// <reference lib="dom" />
/** The annotation plugin without a browser: state changed only by actions, decorations redrawn only where they changed. */
import { EditorState } from 'prosemirror-state'
import type { Decoration } from 'prosemirror-view'
import { describe, expect, it } from 'vitest'
import { annotate, annotationPlugin, annotations, relatedSpans, relationsShown, spansInOrder, type AnnotationAction } from '../../src/renderer/editor/annotations'
import { TextPositions } from '../../src/renderer/editor/positions'
import type { ExportedRelation, ExportedSpan } from '../../src/shared/corpus-types'

const TEXT = 'Mr Putin 😀 said it.\nPyongyang disagreed.'
const positions = new TextPositions(TEXT)
const colors = new Map([
  ['Speaker', '#1971c2'],
  ['Claim', '#d9480f'],
])

function span(id: number, start: number, end: number, label = 'Speaker', annotator = 'ana'): ExportedSpan {
  return { id, start, end, label, text: [...TEXT].slice(start, end).join(''), attrs: {}, annotator, created_at: 't', updated_at: 't' }
}
function relation(id: number, head: number, child: number, annotator = 'ana'): ExportedRelation {
  return { id, head, child, label: 'attributed_to', annotator, created_at: 't', updated_at: 't' }
}

function stateWith(spans: ExportedSpan[], relations: ExportedRelation[] = []): EditorState {
  return EditorState.create({
    doc: positions.document(),
    plugins: [annotationPlugin({ spans, relations, documentLabels: [], status: 'todo' }, positions, colors, 'ana')],
  })
}

const act = (state: EditorState, action: AnnotationAction): EditorState => state.apply(annotate(state, action))

/** The decorations of span `id`, as drawn. */
function decorationsOf(state: EditorState, id: number): Decoration[] {
  return annotations(state).decorations.find(undefined, undefined, (spec: { spanId?: number }) => spec.spanId === id)
}

describe('the annotation plugin', () => {
  it('starts from the document as stored, drawing each span over its text (code points mapped to positions)', () => {
    const state = stateWith([span(1, 3, 8), span(2, 20, 29, 'Claim')])
    const [putin] = decorationsOf(state, 1)
    expect(state.doc.textBetween(putin.from, putin.to)).toBe('Putin')
    const [pyongyang] = decorationsOf(state, 2)
    expect(state.doc.textBetween(pyongyang.from, pyongyang.to)).toBe('Pyongyang')
    expect((putin as unknown as { type: { attrs: Record<string, string> } }).type.attrs).toMatchObject({
      class: 'annotation',
      'data-span-id': '1',
      'data-label': 'Speaker',
      'data-layer': '0',
    })
  })

  it('redraws only the spans whose look changed', () => {
    const before = stateWith([span(1, 0, 8), span(2, 20, 29)])
    const after = act(before, { type: 'select', id: 2 })
    // A decoration redrawn is a new one with a new spec; one left alone keeps the spec it was made with.
    expect(decorationsOf(after, 1)[0].spec).toBe(decorationsOf(before, 1)[0].spec)
    expect(decorationsOf(after, 2)[0].spec).not.toBe(decorationsOf(before, 2)[0].spec)
    expect(String((decorationsOf(after, 2)[0] as unknown as { type: { attrs: { class: string } } }).type.attrs.class)).toContain('selected')
    const statusOnly = act(after, { type: 'status', status: 'done' })
    expect(annotations(statusOnly).decorations).toBe(annotations(after).decorations)
    expect(annotations(statusOnly).status).toBe('done')
  })

  it('puts overlapping spans on different layers and keeps them apart in reading order', () => {
    const state = stateWith([span(1, 0, 8), span(2, 3, 13, 'Claim'), span(3, 20, 29)])
    const layers = annotations(state).layers
    expect(layers.get(1)).not.toBe(layers.get(2))
    expect(layers.get(3)).toBe(0)
    expect(spansInOrder(annotations(state)).map((s) => s.id)).toEqual([1, 2, 3])
  })

  it('takes a removed span out with its relations, its selection and a link started from it', () => {
    let state = stateWith([span(1, 3, 8), span(2, 12, 16, 'Claim')], [relation(1, 2, 1)])
    state = act(state, { type: 'select', id: 1 })
    expect([...relatedSpans(annotations(state), 1)]).toEqual([2])
    state = act(state, { type: 'link', link: { spanId: 1, label: 'attributed_to' } })
    state = act(state, { type: 'removeSpan', id: 1 })
    const current = annotations(state)
    expect([...current.spans.keys()]).toEqual([2])
    expect(current.relations.size).toBe(0)
    expect(current.selected).toBeNull()
    expect(current.link).toBeNull()
    expect(decorationsOf(state, 1)).toEqual([])
  })

  it('ignores a selection of a span that is not there, and shows and clears a search match', () => {
    let state = act(stateWith([span(1, 3, 8)]), { type: 'select', id: 99 })
    expect(annotations(state).selected).toBeNull()
    state = act(state, { type: 'match', match: { start: 20, end: 29 } })
    const [match] = annotations(state).decorations.find(undefined, undefined, (spec: { match?: boolean }) => spec.match === true)
    expect(state.doc.textBetween(match.from, match.to)).toBe('Pyongyang')
    state = act(state, { type: 'match', match: null })
    expect(annotations(state).decorations.find(undefined, undefined, (spec: { match?: boolean }) => spec.match === true)).toEqual([])
  })

  it('changes only through its actions: other transactions leave it as it was', () => {
    const state = stateWith([span(1, 3, 8)])
    const next = state.apply(state.tr.setMeta('something else', true))
    expect(annotations(next)).toBe(annotations(state))
  })

  it('shows everyone\'s work with others\' spans told apart, or one analyst\'s work only', () => {
    let state = stateWith([span(1, 3, 8), span(2, 20, 29, 'Claim', 'bob'), span(3, 0, 8, 'Claim', 'bob')], [relation(1, 2, 1, 'bob')])
    const attrs = (id: number) => (decorationsOf(state, id)[0] as unknown as { type: { attrs: Record<string, string> } } | undefined)?.type.attrs
    expect(attrs(1)).toMatchObject({ 'data-annotator': 'ana', class: 'annotation' })
    expect(attrs(2)).toMatchObject({ 'data-annotator': 'bob', class: 'annotation by-other' })
    state = act(state, { type: 'select', id: 2 })
    state = act(state, { type: 'show', annotator: 'ana' })
    expect(attrs(2)).toBeUndefined()
    expect(attrs(1)).toBeDefined()
    expect(annotations(state).selected).toBeNull() // a span no longer shown is no longer selected
    expect(spansInOrder(annotations(state)).map((s) => s.id)).toEqual([1])
    expect(relatedSpans(annotations(state), 1).size).toBe(0) // bob's relation is hidden with his spans
    state = act(state, { type: 'select', id: 3 })
    expect(annotations(state).selected).toBeNull() // nor can a hidden span be selected
    state = act(state, { type: 'show', annotator: null })
    expect(spansInOrder(annotations(state)).map((s) => s.id)).toEqual([3, 1, 2])
    state = act(state, { type: 'me', annotator: 'bob' })
    expect(attrs(1)).toMatchObject({ class: 'annotation by-other' })
    expect(attrs(2)).toMatchObject({ class: 'annotation' })
  })

  it("shows an analyst's relation to a colleague's span with that analyst's work, so it can be seen and removed", () => {
    // ana links her Claim to bob's Speaker (Tab while linking reaches it); bob links his Claim to her Speaker.
    const spans = [span(1, 0, 8, 'Speaker', 'bob'), span(2, 9, 19, 'Claim'), span(3, 21, 30, 'Speaker'), span(4, 31, 40, 'Claim', 'bob')]
    let state = stateWith(spans, [relation(1, 2, 1, 'ana'), relation(2, 4, 3, 'bob')])
    state = act(state, { type: 'show', annotator: 'ana' })
    expect(relationsShown(annotations(state)).map((r) => r.id)).toEqual([1])
    expect([...relatedSpans(annotations(state), 2)]).toEqual([1])
    expect(spansInOrder(annotations(state)).map((s) => s.id)).toEqual([2, 3]) // bob's spans stay hidden
    state = act(state, { type: 'show', annotator: 'bob' })
    expect(relationsShown(annotations(state)).map((r) => r.id)).toEqual([2])
    state = act(state, { type: 'show', annotator: null })
    expect(relationsShown(annotations(state)).map((r) => r.id)).toEqual([1, 2])
  })
})
