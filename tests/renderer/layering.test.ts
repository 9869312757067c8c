/** Layers worked out again around a change only: always what working out the whole order gives. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { layerAll, relayer, type Interval } from '../../src/renderer/editor/layering'

const inOrder = (spans: Interval[]) => [...spans].sort((a, b) => a.start - b.start || b.end - a.end || a.id - b.id)
// Empty spans too: the corpus refuses them, but the layering must not depend on that.
const span = fc.tuple(fc.nat(80), fc.integer({ min: 0, max: 20 }))

describe('relayer', () => {
  it('after a span is put, moved or removed, agrees with layering the whole order', () => {
    fc.assert(
      fc.property(fc.array(span, { minLength: 1, maxLength: 50 }), fc.nat(), fc.constantFrom('add', 'move', 'remove'), span, (raw, pick, kind, [start, length]) => {
        const before = raw.map(([s, l], id) => ({ id, start: s, end: s + l }))
        const previous = layerAll(inOrder(before))
        const target = before[pick % before.length]
        const put = kind === 'add' ? { id: before.length, start, end: start + length } : kind === 'move' ? { id: target.id, start, end: start + length } : undefined
        const after = before.filter((s) => s.id !== put?.id && (kind !== 'remove' || s.id !== target.id))
        if (put !== undefined) after.push(put)
        const touched = [put, kind === 'add' ? undefined : target].filter((s) => s !== undefined)
        const near = { start: Math.min(...touched.map((s) => s.start)), end: Math.max(...touched.map((s) => s.end)) }
        const { layering, changed } = relayer(inOrder(after), previous, near, kind === 'remove' ? [target.id] : [])
        const whole = layerAll(inOrder(after))
        expect(new Map([...layering.layers].sort())).toEqual(new Map([...whole.layers].sort()))
        expect([...layering.holding].sort()).toEqual([...whole.holding].sort())
        // `changed` names every span still there whose layer or holding moved.
        for (const { id } of after) {
          if (previous.layers.get(id) !== whole.layers.get(id) || previous.holding.has(id) !== whole.holding.has(id)) expect(changed).toContain(id)
        }
      }),
      { numRuns: 2000 },
    )
  })

  it('leaves the layers of spans far from the change as they were, and works out only the cluster changed', () => {
    const spans = [
      { id: 1, start: 0, end: 10 },
      { id: 2, start: 5, end: 15 },
      { id: 3, start: 100, end: 110 },
      { id: 4, start: 105, end: 120 },
    ]
    const previous = layerAll(inOrder(spans))
    const put = { id: 5, start: 2, end: 8 }
    const { layering, changed } = relayer(inOrder([...spans, put]), previous, put, [])
    expect([1, 5, 2].map((id) => layering.layers.get(id))).toEqual([0, 1, 2]) // 2 moves down a layer
    expect(layering.holding.has(1)).toBe(true) // 5 lies inside 1
    expect(changed).toEqual(new Set([5, 1, 2]))
    expect([layering.layers.get(3), layering.layers.get(4)]).toEqual([0, 1])
  })
})
