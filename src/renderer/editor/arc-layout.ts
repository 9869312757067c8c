/**
 * Where relation arcs go, as pure geometry (no DOM), so it can be tested without a browser. Given the line
 * boxes of each relation's two spans, in the arc layer's coordinates, it routes each arc:
 * - both ends on one line: up from the head, along a level above the line, down into the child;
 * - ends on neighbouring lines: from the upper end down into the gap between the lines, along it, and into the
 *   lower end;
 * - ends further apart: up from the head into the gap above its line, left into the gutter beside the text,
 *   along the gutter to the child's line, and right to the child; so arcs cross text only in the gaps between
 *   lines;
 * - one end out of view: along the gutter to the viewport's edge, where that end is named;
 * - one end above the view and the other below it (an arc asked to be drawn through the view): along the gutter
 *   from edge to edge, both ends named, its label below the names at the top.
 * Arcs sharing a line's gap get different levels where they overlap, shorter ones lower (as brat does), and
 * runs sharing the gutter get different lanes; labels are slid along their arc so that they do not overlap.
 */
import {
  ARC,
  arrowhead,
  assignLanes,
  assignLevels,
  centre,
  neighbouringLines,
  onOneLine,
  overlaps,
  roundedPath,
  type ArcDrawing,
  type ArcEdge,
  type ArcEndInput,
  type ArcFrame,
  type ArcInput,
  type Box,
  type LabelBox,
  type LabelRoom,
  type Point,
  type Route,
  type Segment,
} from './arc-geometry'

/** A side of the viewport an end out of view lies beyond. */
type Side = 'top' | 'bottom'

/** How an end is seen: its boxes in view, or the side of the viewport it lies beyond. */
type EndView = { rects: Box[] } | { side: Side }

function viewOf(end: ArcEndInput, viewport: Box): EndView | null {
  if (end.rects.length === 0) return null
  const rects = end.rects.filter((r) => r.bottom > viewport.top && r.top < viewport.bottom)
  if (rects.length > 0) return { rects }
  return { side: end.rects[0].top < viewport.top ? 'top' : 'bottom' }
}

/** The closest pair of boxes of two ends: one line if they share one, else the nearest lines. */
function closestPair(head: readonly Box[], child: readonly Box[]): { head: Box; child: Box; sameLine: boolean } {
  let best: { head: Box; child: Box; sameLine: boolean; score: number } | null = null
  for (const h of head) {
    for (const c of child) {
      const sameLine = onOneLine(h, c)
      const score = (sameLine ? 0 : 1e9 + Math.abs(h.top - c.top) * 1e4) + Math.abs(centre(h) - centre(c))
      if (best === null || score < best.score) best = { head: h, child: c, sameLine, score }
    }
  }
  return best!
}

/** An arc being laid out: what is known before its levels, lanes and labels are. */
interface Plan {
  input: ArcInput
  route: Route
  head: Box | null
  child: Box | null
  /** The side of the viewport each end out of view lies beyond (null: in view). */
  off: { head: Side | null; child: Side | null }
  headX: number
  childX: number
  labelWidth: number
}

/** Lays out the arcs of `inputs` that have an end in view, or pass through it where asked (`throughView`); the others are left out. */
export function layoutArcs(inputs: readonly ArcInput[], frame: ArcFrame): ArcDrawing[] {
  const { viewport, textLeft } = frame
  const gutter = textLeft - ARC.gutterStart
  const plans: Plan[] = []
  for (const input of inputs) {
    const head = viewOf(input.head, viewport)
    const child = viewOf(input.child, viewport)
    if (head === null || child === null || ('side' in head && 'side' in child && (head.side === child.side || input.throughView !== true))) continue
    const labelWidth = frame.measure(input.label) + 2 * ARC.labelPadding
    const off = { head: 'side' in head ? head.side : null, child: 'side' in child ? child.side : null }
    const plan: Plan = { input, route: 'gutter', head: null, child: null, off, headX: 0, childX: 0, labelWidth }
    if ('rects' in head && 'rects' in child) {
      const pair = closestPair(head.rects, child.rects)
      plan.head = pair.head
      plan.child = pair.child
      const [upper, lower] = pair.head.top < pair.child.top ? [pair.head, pair.child] : [pair.child, pair.head]
      plan.route = pair.sameLine ? 'line' : neighbouringLines(upper, lower) ? 'step' : 'gutter'
    } else if ('rects' in head) {
      plan.head = head.rects.at(off.child === 'top' ? 0 : -1)!
    } else if ('rects' in child) {
      plan.child = child.rects.at(off.head === 'top' ? 0 : -1)!
    } // else through the view: no box in it
    plans.push(plan)
  }
  const channelOf = channels(plans.flatMap((p) => [p.head, p.child].filter((b): b is Box => b !== null)))
  spreadEndpoints(plans, gutter)

  // Levels in each line's gap, for the horizontal parts of every arc (with its label where it sits on them).
  const segments: Segment[] = []
  for (const plan of plans) {
    const key = String(plan.input.id)
    if (plan.route !== 'gutter') {
      const from = Math.min(plan.headX, plan.childX)
      const to = Math.max(plan.headX, plan.childX)
      const mid = (from + to) / 2
      // The gap above the line (both ends'), or between the neighbouring lines (above the lower end's).
      const channel = Math.max(channelOf.get(plan.head!)!, channelOf.get(plan.child!)!)
      const label = { width: plan.labelWidth, at: mid, from, to }
      segments.push({ key: `${key}:line`, channel, from: Math.min(from, mid - plan.labelWidth / 2), to: Math.max(to, mid + plan.labelWidth / 2), label })
    } else {
      const labelled = plan.head !== null ? 'head' : 'child' // (through the view: no segment, its label goes between the names)
      for (const end of ['head', 'child'] as const) {
        const box = plan[end]
        if (box === null) continue
        const x = end === 'head' ? plan.headX : plan.childX
        const reach = end === labelled ? Math.max(x, gutter + plan.labelWidth + ARC.gap) : x
        const label = end === labelled ? gutterLabel(gutter, x, plan.labelWidth) : undefined
        segments.push({ key: `${key}:${end}`, channel: channelOf.get(box)!, from: gutter, to: reach, label })
      }
    }
  }
  const levels = assignLevels(segments)
  const levelY = (box: Box, part: string): number => channelOf.get(box)! - ARC.rise - levels.get(part)! * ARC.levelStep
  const edgeY = (side: Side): number => (side === 'top' ? viewport.top + 1 : viewport.bottom - 1)

  // Lanes in the gutter, for the vertical parts of arcs between lines.
  const runs: { key: string; from: number; to: number }[] = []
  const ys = new Map<number, { head: number; child: number }>()
  for (const plan of plans) {
    if (plan.route !== 'gutter') continue
    const id = plan.input.id
    const head = plan.head === null ? edgeY(plan.off.head!) : levelY(plan.head, `${id}:head`)
    const child = plan.child === null ? edgeY(plan.off.child!) : levelY(plan.child, `${id}:child`)
    ys.set(id, { head, child })
    runs.push({ key: String(id), from: Math.min(head, child), to: Math.max(head, child) })
  }
  const lanes = assignLanes(runs)
  const laneCount = Math.max(1, Math.floor((gutter - viewport.left - 2) / ARC.laneStep) + 1)
  const laneX = (id: number): number => gutter - ((lanes.get(String(id)) ?? 0) % laneCount) * ARC.laneStep

  // The names of ends out of view first, stacked at their edge, so that labels on arcs keep clear of them. Ends out
  // of view named alike (one span several relations lead to, or each analyst's span of the same text and label) are
  // named once: a name per arc stacked the same words over the lines of text at the edge.
  const edges = new Map<number, ArcEdge[]>()
  const edgeStacks = { top: 0, bottom: 0 }
  const named = new Map<string, LabelBox>()
  for (const plan of plans) {
    for (const end of ['head', 'child'] as const) {
      const side = plan.off[end]
      if (side === null) continue
      const other = plan.input[end]
      const text = `${side === 'top' ? '↑' : '↓'} ${other.name}`
      let box = named.get(text)
      if (box === undefined) {
        const width = frame.measure(text) + 2 * ARC.labelPadding
        const row = edgeStacks[side]++
        const y = side === 'top' ? viewport.top + 2 + row * (ARC.labelHeight + 2) : viewport.bottom - 2 - ARC.labelHeight - row * (ARC.labelHeight + 2)
        box = { x: laneX(plan.input.id) + 4, y, width, height: ARC.labelHeight, text }
        named.set(text, box)
      }
      edges.set(plan.input.id, [...(edges.get(plan.input.id) ?? []), { side, end, spanId: other.spanId, box }])
    }
  }
  const drawings: ArcDrawing[] = []
  const placedLabels: LabelBox[] = [...named.values()]
  // Lowest levels first, so that their labels keep their place and higher ones slide along.
  const ordered = [...plans].sort((a, b) => lowestLevel(a, levels) - lowestLevel(b, levels) || a.input.id - b.input.id)
  for (const plan of ordered) {
    const { input } = plan
    const id = input.id
    let points: Point[]
    let arrow: Point[]
    let start: Point | null = null
    let labelY: number
    let slide: LabelRoom
    const edgesOfArc = edges.get(id) ?? []
    if (plan.route === 'line') {
      const head = plan.head!
      const child = plan.child!
      const y = Math.min(levelY(head, `${id}:line`), levelY(child, `${id}:line`))
      start = { x: plan.headX, y: head.top - 1 }
      const tip = { x: plan.childX, y: child.top - 1 }
      points = [start, { x: plan.headX, y }, { x: plan.childX, y }, { x: tip.x, y: tip.y - ARC.arrowLength }]
      arrow = arrowhead(tip, 'down')
      labelY = y
      const from = Math.min(plan.headX, plan.childX)
      const to = Math.max(plan.headX, plan.childX)
      slide = { width: plan.labelWidth, from, to, at: (from + to) / 2 }
    } else if (plan.route === 'step') {
      const head = plan.head!
      const child = plan.child!
      const headAbove = head.top < child.top
      const y = levelY(headAbove ? child : head, `${id}:line`)
      start = { x: plan.headX, y: headAbove ? head.bottom + ARC.underline : head.top - 1 }
      const tip = { x: plan.childX, y: headAbove ? child.top - 1 : child.bottom + ARC.underline }
      const base = headAbove ? tip.y - ARC.arrowLength : tip.y + ARC.arrowLength
      points = [start, { x: plan.headX, y }, { x: plan.childX, y }, { x: tip.x, y: base }]
      arrow = arrowhead(tip, headAbove ? 'down' : 'up')
      labelY = y
      const from = Math.min(plan.headX, plan.childX)
      const to = Math.max(plan.headX, plan.childX)
      slide = { width: plan.labelWidth, from, to, at: (from + to) / 2 }
    } else {
      const x = laneX(id)
      const { head: headY, child: childY } = ys.get(id)!
      points = []
      if (plan.head !== null) {
        start = { x: plan.headX, y: plan.head.top - 1 }
        points.push(start, { x: plan.headX, y: headY }, { x, y: headY })
      } else points.push({ x, y: headY })
      if (plan.child !== null) {
        const tip = { x: plan.childX, y: plan.child.top - 1 }
        points.push({ x, y: childY }, { x: plan.childX, y: childY }, { x: tip.x, y: tip.y - ARC.arrowLength })
        arrow = arrowhead(tip, 'down')
      } else {
        const direction = plan.off.child === 'top' ? 'up' : 'down'
        arrow = arrowhead({ x, y: childY }, direction)
        points.push({ x, y: direction === 'up' ? childY + ARC.arrowLength : childY - ARC.arrowLength })
      }
      if (plan.head === null && plan.child === null) {
        // Through the view: the label beside the lane, below every name at the top.
        labelY = viewport.top + 2 + edgeStacks.top * (ARC.labelHeight + 2) + ARC.labelHeight / 2
        slide = gutterLabel(x, x, plan.labelWidth)
      } else {
        const labelledX = plan.head !== null ? plan.headX : plan.childX
        labelY = plan.head !== null ? headY : childY
        slide = gutterLabel(x, labelledX, plan.labelWidth)
      }
    }
    const labelBox = placeLabel(input.label, labelY, slide, placedLabels, viewport.top)
    placedLabels.push(labelBox)
    drawings.push({ id, label: input.label, route: plan.route, points, path: roundedPath(points), arrow, start, labelBox, edges: edgesOfArc })
  }
  return drawings.sort((a, b) => a.id - b.id)
}

/** Where the label of an arc through the gutter goes: on its part to the labelled end at `endX`, beside that end, from the lane at `laneX`. */
function gutterLabel(laneX: number, endX: number, width: number): LabelRoom {
  return { width, from: laneX, to: Math.max(endX, laneX + width), at: Math.max(endX - width / 2 - ARC.gap, laneX + width / 2 + 2) }
}

function lowestLevel(plan: Plan, levels: ReadonlyMap<string, number>): number {
  const id = plan.input.id
  return Math.min(...[`${id}:line`, `${id}:head`, `${id}:child`].map((k) => levels.get(k) ?? Infinity))
}

/** Groups the tops of `boxes` into lines: each box maps to the top of its line's highest box. */
function channels(boxes: readonly Box[]): Map<Box, number> {
  const sorted = [...new Set(boxes)].sort((a, b) => a.top - b.top)
  const result = new Map<Box, number>()
  let lineTop = -Infinity
  let last = -Infinity
  for (const box of sorted) {
    if (box.top - last > ARC.lineTolerance) lineTop = box.top
    last = box.top
    result.set(box, lineTop)
  }
  return result
}

/**
 * Where each arc meets its spans: arcs meeting one box share out its width, in the order of where they go
 * (arcs to the gutter first), so that they do not leave from one point.
 */
function spreadEndpoints(plans: Plan[], gutter: number): void {
  // By span and line (not by object: a caller may hand the same span's boxes over afresh for each relation).
  const groups = new Map<string, { box: Box; at: { plan: Plan; end: 'head' | 'child'; toward: number }[] }>()
  for (const plan of plans) {
    for (const end of ['head', 'child'] as const) {
      const box = plan[end]
      if (box === null) continue
      const other = plan[end === 'head' ? 'child' : 'head']
      const toward = plan.route !== 'gutter' && other !== null ? centre(other) : gutter
      const key = `${plan.input[end].spanId}@${box.left},${box.top}`
      const group = groups.get(key) ?? { box, at: [] }
      group.at.push({ plan, end, toward })
      groups.set(key, group)
    }
  }
  for (const { box, at } of groups.values()) {
    at.sort((a, b) => a.toward - b.toward || a.plan.input.id - b.plan.input.id || (a.end === 'head' ? -1 : 1))
    const width = box.right - box.left
    at.forEach(({ plan, end }, i) => {
      const x = box.left + (width * (i + 1)) / (at.length + 1)
      if (end === 'head') plan.headX = x
      else plan.childX = x
    })
  }
}

/**
 * A label of `slide.width` centred on `y`, at `slide.at` or, where that overlaps a label already placed, slid
 * along its arc (from `slide.from` to `slide.to`) to the nearest place that does not, or, with no room along
 * it, lifted above it (never above `top`, the view's top edge: a label out of view is no label; overlapping is
 * the last resort).
 */
/** How many labels' heights a label may be lifted above its arc (or lowered below it) to keep clear of others. */
const MAX_LABEL_LIFT = 4

function placeLabel(text: string, y: number, slide: LabelRoom, placed: readonly LabelBox[], top: number): LabelBox {
  const { width } = slide
  const box = (centreX: number): LabelBox => ({ x: centreX - width / 2, y: y - ARC.labelHeight / 2, width, height: ARC.labelHeight, text })
  const clear = (candidate: LabelBox): boolean => !placed.some((p) => overlaps(p, candidate, 2))
  const at = box(slide.at)
  if (clear(at)) return at
  // Nearest first, either way, in steps of twice the gap, as far as the arc goes, and its very ends.
  const step = 2 * ARC.gap
  for (let offset = step; slide.at - offset >= slide.from || slide.at + offset <= slide.to; offset += step) {
    for (const x of [slide.at - offset, slide.at + offset]) {
      if (x < slide.from || x > slide.to) continue
      const candidate = box(x)
      if (clear(candidate)) return candidate
    }
  }
  const end = [box(slide.from), box(slide.to)].find(clear)
  if (end !== undefined) return end
  // No room along the arc: lifted above it, as little as keeps it clear and in view; else lowered below it.
  for (const direction of [-1, 1]) {
    for (let lift = 1; lift <= MAX_LABEL_LIFT; lift++) {
      const moved = { ...at, y: at.y + direction * lift * (ARC.labelHeight + 2) }
      if (moved.y < top) break
      if (clear(moved)) return moved
    }
  }
  return at
}
