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

/** The layer of each span and the spans holding another (see `assignLayers` and `spansHoldingOthers`). */
export interface Layering {
  readonly layers: ReadonlyMap<number, number>
  readonly holding: ReadonlySet<number>
}

/** `Layering` of `order`, spans in reading order, worked out whole. */
export function layerAll(order: readonly Interval[]): Layering {
  return { layers: assignLayers(order), holding: spansHoldingOthers(order) }
}

/**
 * `Layering` of `order` (spans in reading order) after a change near `near` (the old and new ranges of what
 * changed; `gone`: ids no longer there), from `previous`, the layering before it. A span's layer and whether it
 * holds another depend only on the spans it overlaps, by way of others: its cluster, a run of the order that
 * no span crosses. Only the clusters meeting `near` are worked out again (a removed span's cluster may have
 * split: each part meets its range), so a tag in a long article costs its cluster, not ten thousand spans.
 * `changed`: the spans whose layer or holding differ from `previous`.
 */
export function relayer(
  order: readonly Interval[],
  previous: Layering,
  near: { start: number; end: number },
  gone: Iterable<number>,
): { layering: Layering; changed: Set<number> } {
  // The first and last index (exclusive) of the clusters meeting `near`.
  let from = -1
  let to = -1
  let clusterStart = 0
  let reach = -Infinity
  for (let i = 0; i <= order.length; i++) {
    if (i === order.length || order[i].start >= reach) {
      // The cluster order[clusterStart .. i) ends here; it covers order[clusterStart].start up to reach.
      // Edges count as meeting: an empty span's range, or one removed next to a cluster, is not missed.
      if (i > clusterStart && order[clusterStart].start <= near.end && near.start <= reach) {
        if (from < 0) from = clusterStart
        to = i
      }
      if (i === order.length || order[i].start > near.end) break
      clusterStart = i
    }
    reach = Math.max(reach, order[i].end)
  }
  const layers = new Map(previous.layers)
  const holding = new Set(previous.holding)
  const changed = new Set<number>()
  for (const id of gone) {
    layers.delete(id)
    holding.delete(id)
  }
  if (from >= 0) {
    const cluster = order.slice(from, to)
    const fresh = assignLayers(cluster)
    const holds = spansHoldingOthers(cluster)
    for (const { id } of cluster) {
      const layer = fresh.get(id)!
      if (layers.get(id) !== layer) {
        layers.set(id, layer)
        changed.add(id)
      }
      if (holding.has(id) !== holds.has(id)) {
        if (holds.has(id)) holding.add(id)
        else holding.delete(id)
        changed.add(id)
      }
    }
  }
  return { layering: { layers, holding }, changed }
}
