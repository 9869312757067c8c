/**
 * The shapes relation arcs are made of, as pure geometry (no DOM): the boxes and points they are measured and
 * drawn in, the sizes of the drawing, and the pieces `arc-layout.ts` routes arcs with (lines of text, levels
 * for overlapping segments, gutter lanes, rounded paths, arrowheads).
 */

/** A point in the layer's coordinates (pixels, y downwards). */
export interface Point {
  x: number
  y: number
}

/** A rectangle in the layer's coordinates. */
export interface Box {
  left: number
  top: number
  right: number
  bottom: number
}

/** One end of a relation: its span, the boxes of its text (one per line once merged), and how it is named. */
export interface ArcEndInput {
  spanId: number
  rects: readonly Box[]
  /** The end's label and text, as said at the viewport's edge: `Speaker "Mr Putin"`. */
  name: string
}

/** A relation to draw. */
export interface ArcInput {
  id: number
  label: string
  head: ArcEndInput
  child: ArcEndInput
  /**
   * Drawn through the view when its ends lie beyond opposite edges of it (the selected span's relations, followed
   * from one end to the other); left out then otherwise, as an arc with no end in view is.
   */
  throughView?: boolean
}

/** Where arcs are drawn. */
export interface ArcFrame {
  /** The visible part of the layer: arcs are clipped to it, and ends outside it are named at its edge. */
  viewport: Box
  /** The x of the text's left edge: arcs between lines run in the gutter left of it. */
  textLeft: number
  /** Width of a label's text in pixels. */
  measure(text: string): number
}

/** A label's box (top-left corner, size) and its text. */
export interface LabelBox {
  x: number
  y: number
  width: number
  height: number
  text: string
}

/** The end of an arc that is out of view, named at the viewport's edge. */
export interface ArcEdge {
  side: 'top' | 'bottom'
  end: 'head' | 'child'
  spanId: number
  box: LabelBox
}

/** How an arc goes: see the module's comment. */
export type Route = 'line' | 'step' | 'gutter'

/** An arc as drawn. */
export interface ArcDrawing {
  id: number
  label: string
  /** `line`: both ends on one line; `step`: on neighbouring lines, through the gap between them; `gutter`: further apart, through the gutter. */
  route: Route
  /** The arc's corners, from the head (or the edge) to the base of the arrowhead. */
  points: Point[]
  /** The path through `points`, with rounded corners (SVG path data). */
  path: string
  /** The arrowhead, a triangle whose first point is its tip: at the child, or at the edge when the child is out of view. */
  arrow: Point[]
  /** Where the arc leaves the head, or null when the head is out of view. */
  start: Point | null
  /** The relation's label, on the arc. */
  labelBox: LabelBox
  /** The ends out of view, named at the viewport's edges: none, one, or both (an arc passing through the view), head first. */
  edges: ArcEdge[]
}

/** Sizes of the drawing, in pixels. */
export const ARC = {
  labelHeight: 13,
  labelPadding: 3,
  /** From the top of a line's text up to the lowest level. */
  rise: 7,
  levelStep: 7,
  corner: 3,
  arrowLength: 5,
  arrowHalfWidth: 3,
  /** From the text's left edge to the first gutter lane. */
  gutterStart: 7,
  laneStep: 5,
  /** Gap kept between arcs on one level, and between labels. */
  gap: 4,
  /** Tops of boxes closer than this are one line. */
  lineTolerance: 6,
  /** Below a line's text, to leave its underlines alone. */
  underline: 3,
} as const

/** True if the boxes lie on one line: they overlap vertically by at least half the lower one's height. */
export function onOneLine(a: Box, b: Box): boolean {
  const overlap = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top)
  return overlap >= 0.5 * Math.min(a.bottom - a.top, b.bottom - b.top)
}

/** True if `lower` is on the line right after `upper`'s: the gap between them is less than a line. */
export function neighbouringLines(upper: Box, lower: Box): boolean {
  return lower.top > upper.top && lower.top - upper.bottom < 1.2 * (upper.bottom - upper.top)
}

/** The boxes of a span's text (as a browser gives them, in pieces) merged into one box per line, top to bottom. */
export function mergeLineRects(rects: readonly Box[]): Box[] {
  const lines: Box[] = []
  for (const rect of [...rects].filter((r) => r.right - r.left > 0.5 && r.bottom > r.top).sort((a, b) => a.top - b.top || a.left - b.left)) {
    const line = lines.find((l) => onOneLine(l, rect))
    if (line === undefined) lines.push({ ...rect })
    else {
      line.left = Math.min(line.left, rect.left)
      line.right = Math.max(line.right, rect.right)
      line.top = Math.min(line.top, rect.top)
      line.bottom = Math.max(line.bottom, rect.bottom)
    }
  }
  return lines.sort((a, b) => a.top - b.top || a.left - b.left)
}

/** An interval on one line's gap (`channel`) that an arc's level must keep to itself. */
export interface Segment {
  key: string
  channel: number
  from: number
  to: number
  /** The arc's label, if it sits on this segment: its width, where its centre goes, and how far it may slide. */
  label?: LabelRoom
}

/** Where a label of `width` may go along its arc: centred at `at` if clear, else anywhere from `from` to `to`. */
export interface LabelRoom {
  width: number
  at: number
  from: number
  to: number
}

/**
 * Levels for segments sharing a gap: the shorter first, each on the lowest level where it overlaps no segment
 * of its gap already placed (with `gap` pixels between them). A label is taller than a level's step, so two
 * segments whose labels could not slide apart also keep a level between them.
 */
export function assignLevels(segments: readonly Segment[], gap: number = ARC.gap): Map<string, number> {
  const levels = new Map<string, number>()
  const placed = new Map<number, (Segment & { level: number })[]>()
  const levelsForLabel = Math.ceil(ARC.labelHeight / ARC.levelStep)
  for (const segment of [...segments].sort((a, b) => a.to - a.from - (b.to - b.from) || a.from - b.from || (a.key < b.key ? -1 : 1))) {
    const taken = placed.get(segment.channel) ?? []
    let level = 0
    const clashes = (t: Segment & { level: number }): boolean => {
      if (t.level === level) return t.from < segment.to + gap && segment.from < t.to + gap
      if (Math.abs(t.level - level) >= levelsForLabel || t.label === undefined || segment.label === undefined) return false
      // Labels are placed lowest level first: the later one must find room beside the first.
      return t.level < level ? !roomBeside(t.label, segment.label, gap) : !roomBeside(segment.label, t.label, gap)
    }
    while (taken.some(clashes)) level++
    taken.push({ ...segment, level })
    placed.set(segment.channel, taken)
    levels.set(segment.key, level)
  }
  return levels
}

/** Whether a label can slide clear of `first`, placed at its `at`: to one side or the other, within its own room. */
function roomBeside(first: LabelRoom, later: LabelRoom, gap: number): boolean {
  const apart = (first.width + later.width) / 2 + gap
  return later.to - first.at >= apart || first.at - later.from >= apart
}

/** Lanes for vertical runs in the gutter: the shorter nearer the text, none sharing a lane where they overlap. */
export function assignLanes(runs: readonly { key: string; from: number; to: number }[], gap = 2): Map<string, number> {
  return assignLevels(
    runs.map((run) => ({ ...run, channel: 0 })),
    gap,
  )
}

/** SVG path data through `points`, with corners rounded to `radius` (less where a side is short). */
export function roundedPath(points: readonly Point[], radius: number = ARC.corner): string {
  if (points.length === 0) return ''
  const f = (p: Point) => `${round(p.x)} ${round(p.y)}`
  let d = `M${f(points[0])}`
  for (let i = 1; i < points.length - 1; i++) {
    const [prev, at, next] = [points[i - 1], points[i], points[i + 1]]
    const r = Math.min(radius, distance(prev, at) / 2, distance(at, next) / 2)
    d += ` L${f(toward(at, prev, r))} Q${f(at)} ${f(toward(at, next, r))}`
  }
  if (points.length > 1) d += ` L${f(points[points.length - 1])}`
  return d
}

const round = (n: number): number => Math.round(n * 10) / 10
const distance = (a: Point, b: Point): number => Math.hypot(a.x - b.x, a.y - b.y)

/** The x of a box's middle. */
export const centre = (box: Box): number => (box.left + box.right) / 2

function toward(from: Point, to: Point, length: number): Point {
  const d = distance(from, to)
  return d === 0 ? from : { x: from.x + ((to.x - from.x) * length) / d, y: from.y + ((to.y - from.y) * length) / d }
}

/** A triangle pointing `direction` with its tip at `tip`, tip first. */
export function arrowhead(tip: Point, direction: 'up' | 'down'): Point[] {
  const back = direction === 'down' ? -ARC.arrowLength : ARC.arrowLength
  return [tip, { x: tip.x - ARC.arrowHalfWidth, y: tip.y + back }, { x: tip.x + ARC.arrowHalfWidth, y: tip.y + back }]
}

/** True if two labels overlap, or come closer than `gap` pixels side by side. */
export function overlaps(a: LabelBox, b: LabelBox, gap: number): boolean {
  return a.x < b.x + b.width + gap && b.x < a.x + a.width + gap && a.y < b.y + b.height && b.y < a.y + a.height
}
