/// <reference lib="dom" />
/**
 * What the annotation plugin remembers about a spans map (its reading order, the change that made it) must not
 * keep earlier maps alive: each is a copy of all the spans, and a long article makes one per tag.
 */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { EditorState } from 'prosemirror-state'
import { describe, expect, it } from 'vitest'
import { annotate, annotationPlugin, annotations } from '../../src/renderer/editor/annotations'
import { TextPositions } from '../../src/renderer/editor/positions'
import type { ExportedSpan } from '../../src/shared/corpus-types'

setFlagsFromString('--expose_gc')
const collectGarbage = runInNewContext('gc') as () => void

const TEXT = 'word '.repeat(2000)
const positions = new TextPositions(TEXT)
const span = (id: number, start: number): ExportedSpan => ({
  id, start, end: start + 4, label: 'Speaker', text: 'word', attrs: {}, annotator: 'ana', created_at: 't', updated_at: 't',
})

describe('earlier spans maps', () => {
  it('are freed once no editor state holds them, after tags and removals', async () => {
    let state = EditorState.create({
      doc: positions.document(),
      plugins: [annotationPlugin({ spans: Array.from({ length: 500 }, (_, i) => span(i + 1, i * 20)), relations: [], documentLabels: [], status: 'todo' }, positions, new Map([['Speaker', '#1971c2']]), 'ana')],
    })
    const earlier: WeakRef<object>[] = []
    for (let k = 0; k < 60; k++) {
      earlier.push(new WeakRef(annotations(state).spans))
      const action = k % 3 === 2 ? { type: 'removeSpan' as const, id: 1000 + k - 1 } : { type: 'putSpan' as const, span: span(1000 + k, (k * 35) % 9000) }
      state = state.apply(annotate(state, action))
    }
    for (let i = 0; i < 3; i++) {
      collectGarbage()
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    expect(annotations(state).spans.size).toBe(500 + 40 - 20)
    expect(earlier.filter((ref) => ref.deref() !== undefined).length).toBeLessThanOrEqual(1)
  })
})
