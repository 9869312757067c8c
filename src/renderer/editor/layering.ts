/**
 * Layers for drawing overlapping spans apart: spans that overlap always get different layers, so each can
 * draw its underline at its own depth. A sweep over the spans by start; only the spans still open are looked
 * at, so thousands of spans cost little.
 */
import { lowerBound } from '../../shared/offsets'

/** Something with code point offsets. */
export interface Interval {
  id: number
  start: number
  end: number
}

/** Layer (0, 1, 2...) of every span, by id: the lowest one free among the spans it overlaps. */
export function assignLayers(spans: readonly Interval[]): Map<number, number> {
  const order = [...spans].sort((a, b) => a.start - b.start || b.end - a.end || a.id - b.id)
  let open: { end: number; layer: number }[] = []
  const layers = new Map<number, number>()
  for (const span of order) {
    open = open.filter((other) => other.end > span.start)
    let layer = 0
    while (open.some((other) => other.layer === layer)) layer++
    open.push({ end: span.end, layer })
    layers.set(span.id, layer)
  }
  return layers
}

/**
 * The spans that hold another span inside them (from its start to its end; of two spans over exactly the
 * same text, the one first in reading order). Only the innermost spans are tinted, so tints never mix.
 * Spans sorted by start (the longer first): the spans starting inside one are a run after it, and it holds
 * one of them if the smallest end in that run is within it; a sparse table answers that for each span.
 */
export function spansHoldingOthers(spans: readonly Interval[]): Set<number> {
  const order = [...spans].sort((a, b) => a.start - b.start || b.end - a.end || a.id - b.id)
  const n = order.length
  const starts = order.map((span) => span.start)
  // minimum[k][i]: the smallest end among order[i .. i + 2^k).
  const minimum: Int32Array[] = [Int32Array.from(order, (span) => span.end)]
  for (let k = 1; 1 << k <= n; k++) {
    const previous = minimum[k - 1]
    const row = new Int32Array(n - (1 << k) + 1)
    for (let i = 0; i < row.length; i++) row[i] = Math.min(previous[i], previous[i + (1 << (k - 1))])
    minimum.push(row)
  }
  const smallestEnd = (from: number, to: number): number => {
    const k = 31 - Math.clz32(to - from)
    return Math.min(minimum[k][from], minimum[k][to - (1 << k)])
  }
  const holding = new Set<number>()
  for (let i = 0; i < n; i++) {
    const span = order[i]
    // The run after it of spans starting before its end (starts are sorted, and those up to i start before it).
    const lo = lowerBound(starts, span.end)
    if (lo > i + 1 && smallestEnd(i + 1, lo) <= span.end) holding.add(span.id)
  }
  return holding
}
