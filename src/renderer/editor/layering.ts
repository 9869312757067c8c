/**
 * Layers for drawing overlapping spans apart: spans that overlap always get different layers, so each can
 * draw its underline at its own depth. A sweep over the spans by start; only the spans still open are looked
 * at, so thousands of spans cost little.
 */

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
