/** Relation arcs' geometry and layout without a browser: merging line boxes, routing, levels, lanes, labels and the viewport's edge. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ARC, assignLevels, mergeLineRects, roundedPath, type ArcDrawing, type ArcInput, type Box, type LabelBox } from '../../src/renderer/editor/arc-geometry'
import { layoutArcs } from '../../src/renderer/editor/arc-layout'

/** A line of text 20 px high every 36 px, from y = 100: the editor's look (line-height 2.1). */
const line = (n: number, left: number, right: number): Box => ({ left, right, top: 100 + 36 * n, bottom: 120 + 36 * n })
const frame = { viewport: { left: 0, top: 0, right: 800, bottom: 600 }, textLeft: 32, measure: (text: string) => text.length * 6 }

function arc(id: number, head: Box[], child: Box[], headId = id * 10, childId = id * 10 + 1): ArcInput {
  return {
    throughView: false,
    id,
    label: 'attributed_to',
    head: { spanId: headId, rects: head, name: `Claim "claim ${id}"` },
    child: { spanId: childId, rects: child, name: `Speaker "speaker ${id}"` },
  }
}

const tip = (drawing: ArcDrawing) => drawing.arrow[0]
const overlap = (a: LabelBox, b: LabelBox) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height

describe('merging a span’s boxes into lines', () => {
  it('joins the pieces of one line (nested spans split the text), keeps lines apart, and drops empty boxes', () => {
    const merged = mergeLineRects([
      { left: 50, right: 80, top: 100, bottom: 120 },
      { left: 80, right: 130, top: 100, bottom: 128 }, // a nested span's element, with its underline padding
      { left: 32, right: 90, top: 136, bottom: 156 },
      { left: 90, right: 90, top: 136, bottom: 156 },
    ])
    expect(merged).toEqual([
      { left: 50, right: 130, top: 100, bottom: 128 },
      { left: 32, right: 90, top: 136, bottom: 156 },
    ])
  })
})

describe('levels', () => {
  it('puts the shorter of two overlapping segments lower, and segments apart on one level', () => {
    const levels = assignLevels([
      { key: 'outer', channel: 0, from: 0, to: 300 },
      { key: 'inner', channel: 0, from: 100, to: 150 },
      { key: 'apart', channel: 0, from: 400, to: 500 },
      { key: 'other line', channel: 36, from: 0, to: 300 },
    ])
    expect(Object.fromEntries(levels)).toEqual({ inner: 0, apart: 0, outer: 1, 'other line': 0 })
  })
})

describe('routing', () => {
  it('draws ends on one line as an arc above it, from the head down into the child with the arrowhead there', () => {
    const [drawing] = layoutArcs([arc(1, [line(0, 100, 300)], [line(0, 400, 460)])], frame)
    expect(drawing.route).toBe('line')
    expect(drawing.start).toEqual({ x: 200, y: 99 })
    expect(tip(drawing)).toEqual({ x: 430, y: 99 })
    expect(drawing.arrow[1].y).toBeLessThan(tip(drawing).y) // pointing down, into the child
    const top = Math.min(...drawing.points.map((p) => p.y))
    expect(top).toBe(100 - ARC.rise)
    expect(top).toBeGreaterThan(120 - 36) // within the gap above the line, below the line before
    expect(drawing.labelBox.x + drawing.labelBox.width / 2).toBeCloseTo(315)
    expect(drawing.edges).toEqual([])
    expect(drawing.path.startsWith('M200 99 L')).toBe(true)
  })

  it('lifts an arc over one it spans, and keeps the labels of both apart', () => {
    const drawings = layoutArcs(
      [arc(1, [line(0, 100, 160)], [line(0, 600, 660)]), arc(2, [line(0, 300, 360)], [line(0, 400, 460)])],
      frame,
    )
    const height = (d: ArcDrawing) => Math.min(...d.points.map((p) => p.y))
    expect(height(drawings[0])).toBe(100 - ARC.rise - ARC.levelStep)
    expect(height(drawings[1])).toBe(100 - ARC.rise)
    expect(overlap(drawings[0].labelBox, drawings[1].labelBox)).toBe(false)
  })

  it('keeps apart the labels of short arcs from one head, which have no room to slide aside (as two levels would not)', () => {
    const head = line(0, 100, 160)
    const cases = [
      [arc(1, [head], [line(0, 170, 200)], 1, 2), arc(2, [head], [line(0, 210, 240)], 1, 3)], // children side by side
      [arc(1, [head], [line(0, 170, 200)], 1, 2), arc(2, [head], [line(0, 40, 80)], 1, 3)], // one either side
      [arc(1, [head], [line(1, 170, 200)], 1, 2), arc(2, [head], [line(1, 210, 240)], 1, 3)], // on the next line
      [arc(1, [head], [line(0, 170, 200)], 1, 2), { ...arc(2, [head], [line(0, 170, 200)], 1, 2), label: 'source_of' }], // one child, two labels
    ]
    for (const arcs of cases) {
      const [a, b] = layoutArcs(arcs, frame)
      expect(overlap(a.labelBox, b.labelBox), JSON.stringify([a.labelBox, b.labelBox])).toBe(false)
    }
  })

  it('keeps apart the labels of two or three relations from one head to words of its line and the next', () => {
    // Spans as words are: side by side on a line, none overlapping; the first of them the head of every relation.
    const spans = fc.array(fc.record({ line: fc.integer({ min: 0, max: 1 }), width: fc.integer({ min: 24, max: 120 }), space: fc.integer({ min: 5, max: 80 }) }), { minLength: 2, maxLength: 8 })
    const labels = ['attributed_to', 'cites', 'source_of_the_claim']
    fc.assert(
      fc.property(spans, fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 2, maxLength: 3 }), (words, picks) => {
        const ends = [0, 0, 0]
        const boxes = words.map((word) => {
          const left = 40 + ends[word.line] + word.space
          ends[word.line] = left - 40 + word.width
          return line(word.line, left, left + word.width)
        })
        const arcs = picks.map(([child, label], i) => {
          const childIndex = 1 + (child % (boxes.length - 1))
          return { ...arc(i + 1, [boxes[0]], [boxes[childIndex]], 0, childIndex), label: labels[label % labels.length] }
        })
        const unique = arcs.filter((a, i) => arcs.findIndex((b) => b.child.spanId === a.child.spanId && b.label === a.label) === i)
        const drawings = layoutArcs(unique, frame)
        for (let i = 0; i < drawings.length; i++) {
          for (let j = i + 1; j < drawings.length; j++) expect(overlap(drawings[i].labelBox, drawings[j].labelBox), JSON.stringify(drawings.map((d) => d.labelBox))).toBe(false)
        }
      }),
      { numRuns: 500 },
    )
  })

  it('spreads arcs meeting one span over its width (its boxes given afresh for each arc), each level 0 where they do not overlap', () => {
    const drawings = layoutArcs([arc(1, [line(0, 100, 160)], [line(0, 300, 360)], 1, 9), arc(2, [line(0, 500, 560)], [line(0, 300, 360)], 2, 9)], frame)
    for (const d of drawings) expect(Math.min(...d.points.map((p) => p.y))).toBe(100 - ARC.rise)
    expect(tip(drawings[0]).x).toBeLessThan(tip(drawings[1]).x)
    for (const d of drawings) expect(tip(d).x).toBeGreaterThan(300)
    for (const d of drawings) expect(tip(d).x).toBeLessThan(360)
  })

  it('joins neighbouring lines through the gap between them, pointing up into a child above its head', () => {
    const [down, up] = layoutArcs([arc(1, [line(0, 400, 700)], [line(1, 100, 160)]), arc(2, [line(3, 400, 700)], [line(2, 100, 160)])], frame)
    expect(down.route).toBe('step')
    expect(down.start!.y).toBeGreaterThan(120) // leaves from below the head
    expect(tip(down).y).toBe(135) // into the child's top
    for (const p of down.points) expect(p.y).toBeGreaterThan(119)
    for (const p of down.points) expect(p.y).toBeLessThan(137)
    expect(up.route).toBe('step')
    expect(tip(up).y).toBeGreaterThan(120 + 72) // into the child's bottom
    expect(up.arrow[1].y).toBeGreaterThan(tip(up).y) // pointing up
  })

  it('runs arcs between lines further apart through the gutter left of the text, each in its own lane', () => {
    const drawings = layoutArcs([arc(1, [line(0, 300, 400)], [line(5, 100, 160)]), arc(2, [line(2, 300, 400)], [line(6, 500, 560)])], frame)
    for (const d of drawings) {
      expect(d.route).toBe('gutter')
      const left = Math.min(...d.points.map((p) => p.x))
      expect(left).toBeLessThan(frame.textLeft)
      expect(left).toBeGreaterThan(0)
      // Horizontal parts only in the gaps above the ends' lines (above each line's text).
      for (const p of d.points) if (p.x > frame.textLeft) expect([100, 100 + 36 * 2, 100 + 36 * 5, 100 + 36 * 6].some((t) => p.y <= t && p.y > t - 16)).toBe(true)
    }
    const lane = (d: ArcDrawing) => Math.min(...d.points.map((p) => p.x))
    expect(lane(drawings[0])).not.toBe(lane(drawings[1]))
  })
})

describe('the viewport’s edge', () => {
  const viewport = { left: 0, top: 0, right: 800, bottom: 300 }

  it('draws an arc whose child is below the viewport to the bottom edge, naming the child there', () => {
    const [drawing] = layoutArcs([arc(1, [line(0, 300, 400)], [line(20, 100, 160)])], { ...frame, viewport })
    expect(drawing.route).toBe('gutter')
    expect(drawing.start).not.toBeNull()
    expect(tip(drawing).y).toBe(299)
    expect(drawing.arrow[1].y).toBeLessThan(299) // pointing down, off the view
    expect(drawing.edges).toMatchObject([{ side: 'bottom', end: 'child', spanId: 11 }])
    expect(drawing.edges[0].box.text).toBe('↓ Speaker "speaker 1"')
    expect(drawing.edges[0].box.y + drawing.edges[0].box.height).toBeLessThanOrEqual(300)
    for (const p of drawing.points) expect(p.y).toBeLessThanOrEqual(300)
  })

  it('draws an arc whose head is above the viewport from the top edge, naming the head there', () => {
    const [drawing] = layoutArcs([arc(1, [line(-20, 300, 400)], [line(2, 100, 160)])], { ...frame, viewport })
    expect(drawing.start).toBeNull()
    expect(drawing.points[0].y).toBe(1)
    expect(tip(drawing)).toMatchObject({ y: 171 })
    expect(drawing.edges).toMatchObject([{ side: 'top', end: 'head', spanId: 10 }])
    expect(drawing.edges[0].box.text).toBe('↑ Claim "claim 1"')
  })

  /** An arc asked to be drawn through the view (the selected span's). */
  const through = (input: ArcInput): ArcInput => ({ ...input, throughView: true })

  it('draws an arc asked to, whose head is above the viewport and child below it, through the view, naming both ends at their edges', () => {
    const [drawing] = layoutArcs([through(arc(1, [line(-20, 300, 400)], [line(40, 100, 160)]))], { ...frame, viewport })
    expect(drawing.route).toBe('gutter')
    expect(drawing.start).toBeNull()
    expect(drawing.points[0].y).toBe(1) // from the top edge
    expect(tip(drawing).y).toBe(299) // to the bottom edge, pointing down
    expect(drawing.arrow[1].y).toBeLessThan(299)
    const lane = drawing.points[0].x
    expect(lane).toBeLessThan(frame.textLeft)
    for (const p of drawing.points) expect(p.x).toBe(lane) // straight down the gutter, over no text
    expect(drawing.edges).toMatchObject([
      { side: 'top', end: 'head', spanId: 10 },
      { side: 'bottom', end: 'child', spanId: 11 },
    ])
    expect(drawing.edges.map((edge) => edge.box.text)).toEqual(['↑ Claim "claim 1"', '↓ Speaker "speaker 1"'])
    // Its label between the two names, clear of both.
    for (const edge of drawing.edges) expect(overlap(drawing.labelBox, edge.box)).toBe(false)
    expect(drawing.labelBox.y).toBeGreaterThan(drawing.edges[0].box.y)
    expect(drawing.labelBox.y).toBeLessThan(drawing.edges[1].box.y)
  })

  it('draws an arc from below the viewport to above it upwards, the arrowhead at the top edge', () => {
    const [drawing] = layoutArcs([through(arc(1, [line(40, 300, 400)], [line(-20, 100, 160)]))], { ...frame, viewport })
    expect(drawing.points[0].y).toBe(299)
    expect(tip(drawing).y).toBe(1)
    expect(drawing.arrow[1].y).toBeGreaterThan(1) // pointing up, off the view
    expect(drawing.edges.map((edge) => [edge.side, edge.end])).toEqual([
      ['bottom', 'head'],
      ['top', 'child'],
    ])
  })

  it('stacks the names at one edge, and leaves out arcs with both ends on one side of the view', () => {
    const drawings = layoutArcs(
      [
        arc(1, [line(0, 300, 400)], [line(20, 100, 160)]),
        arc(2, [line(1, 300, 400)], [line(30, 100, 160)]),
        arc(3, [line(-10, 300, 400)], [line(20, 100, 160)]), // through the view, not asked to be drawn so
        through(arc(7, [line(-10, 300, 400)], [line(20, 100, 160)])), // through the view, asked
        arc(4, [line(-10, 300, 400)], [line(-5, 100, 160)]), // both above: nothing of it in view
        arc(6, [line(20, 300, 400)], [line(25, 100, 160)]), // both below
        arc(5, [], [line(1, 100, 160)]),
      ],
      { ...frame, viewport },
    )
    expect(drawings.map((d) => d.id)).toEqual([1, 2, 7])
    const names = drawings.flatMap((d) => d.edges.map((edge) => edge.box))
    expect(names).toHaveLength(4)
    for (const a of names) for (const b of names) if (a !== b) expect(overlap(a, b)).toBe(false)
  })

  it('keeps the labels of arcs through the view in view and clear of the names and of each other, beside other arcs to the edge', () => {
    const drawings = layoutArcs(
      [
        through(arc(1, [line(-20, 300, 400)], [line(40, 100, 160)])),
        arc(2, [line(-4, 300, 400)], [line(5, 100, 160)]), // its head above the view too: its name at the top
        through(arc(3, [line(-20, 300, 400)], [line(40, 100, 160)], 10, 31)), // the same head as arc 1
        through(arc(4, [line(-30, 300, 400)], [line(50, 100, 160)])),
      ],
      { ...frame, viewport: { left: 0, top: 0, right: 800, bottom: 600 } },
    )
    expect(drawings.map((d) => d.id)).toEqual([1, 2, 3, 4])
    const names = [...new Set(drawings.flatMap((d) => d.edges.map((edge) => edge.box)))]
    const labels = drawings.map((d) => d.labelBox)
    for (const label of labels) {
      expect(label.y).toBeGreaterThanOrEqual(0)
      expect(label.y + label.height).toBeLessThanOrEqual(600)
      for (const name of names) expect(overlap(label, name)).toBe(false)
      for (const other of labels) if (other !== label) expect(overlap(label, other)).toBe(false)
    }
  })

  it('names a span out of view once, however many arcs lead to it, and spans named alike (each analyst\'s of the same text) once', () => {
    const same = arc(2, [line(1, 300, 400)], [line(20, 100, 160)], 20, 99) // to the same span below the view as arc 1
    same.child.name = 'Speaker "speaker 1"'
    const twin = arc(4, [line(3, 300, 400)], [line(20, 100, 160)], 40, 98)
    twin.child.name = 'Speaker "speaker 1"' // another analyst's span of the same text and label as arc 1's end
    const [a, b, c, d] = layoutArcs(
      [
        arc(1, [line(0, 300, 400)], [line(20, 100, 160)], 10, 99),
        same,
        arc(3, [line(2, 300, 400)], [line(30, 100, 160)], 30, 31), // to another
        twin,
      ],
      { ...frame, viewport },
    )
    expect(b.edges[0].box).toBe(a.edges[0].box)
    expect(d.edges[0].box).toBe(a.edges[0].box)
    expect(c.edges[0].box.y).toBe(a.edges[0].box.y - ARC.labelHeight - 2) // the next name, one row up: no row left empty between
  })

  it('slides a label on an arc clear of a name at the edge', () => {
    const drawings = layoutArcs([arc(1, [line(5, 60, 100)], [line(5, 240, 280)]), arc(2, [line(0, 300, 400)], [line(20, 100, 160)])], {
      ...frame,
      viewport: { ...viewport, bottom: 290 },
    })
    const [label, edge] = [drawings[0].labelBox, drawings[1].edges[0].box]
    expect(label.x + label.width / 2).not.toBeCloseTo(170) // not at the middle of its arc, where the name is
    expect(overlap(edge, label)).toBe(false)
  })

  it('anchors a span that runs out of the viewport on its lines in view', () => {
    const claim = [line(5, 200, 700), line(6, 32, 700), line(7, 32, 700), line(8, 32, 300)]
    const [drawing] = layoutArcs([arc(1, claim, [line(4, 100, 160)])], { ...frame, viewport: { ...viewport, bottom: 100 + 36 * 6 + 10 } })
    expect(drawing.edges).toEqual([])
    expect(drawing.route).toBe('step')
    expect(drawing.start!.y).toBe(claim[0].top - 1)
  })
})

describe('paths', () => {
  it('rounds corners without overshooting short sides', () => {
    expect(roundedPath([{ x: 0, y: 10 }, { x: 0, y: 0 }, { x: 20, y: 0 }])).toBe('M0 10 L0 3 Q0 0 3 0 L20 0')
    expect(roundedPath([{ x: 0, y: 2 }, { x: 0, y: 0 }, { x: 20, y: 0 }])).toBe('M0 2 L0 1 Q0 0 1 0 L20 0')
  })
})
