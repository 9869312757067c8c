/**
 * The SVG layer that relation arcs are drawn into, over the text: one `<g class="relation-arc">` per relation
 * drawn, carrying `data-relation-id` and `data-label` (the DOM contract tests and user stylesheets rely on),
 * with the line, the arrowhead and, for each end out of view, its name at the viewport's edge. The labels on the
 * arcs (`<g class="arc-label" data-relation-of="…">`) are drawn after every line, so that no line crosses a
 * label. The elements of a relation are kept from one drawing to the next and only their attributes changed.
 */
import { safeColor } from '../../shared/contract-values'
import type { ArcDrawing, LabelBox, Point } from './arc-geometry'

const SVG = 'http://www.w3.org/2000/svg'

/** What the layer is told about a relation beyond its geometry. */
export interface ArcMeta {
  head: number
  child: number
  /** Touches the selected span. */
  active: boolean
  /** Said when the pointer rests on the name of an end out of view. */
  edgeTitle: string
}

interface ArcElements {
  group: SVGGElement
  line: SVGPathElement
  start: SVGCircleElement
  arrow: SVGPathElement
  label: SVGGElement
  /** The names of the ends out of view (head first), made as needed: an arc passing through the view has two. */
  edges: SVGGElement[]
}

/** The arc layer: an `<svg class="relation-arcs">` placed over the visible part of the text. */
export class ArcLayer {
  readonly element: SVGSVGElement
  private readonly arcs = new Map<number, ArcElements>()
  private readonly probe: SVGTextElement
  /** The groups of the arcs, and above them the labels on the arcs. */
  private readonly lines: SVGGElement
  private readonly labels: SVGGElement
  private context: CanvasRenderingContext2D | null | undefined

  constructor(
    private readonly document: Document,
    private readonly colors: ReadonlyMap<string, string>,
    /** A click on the name of an end out of view: go to that span. */
    pick: (spanId: number) => void,
  ) {
    this.element = this.make('svg', { class: 'relation-arcs', 'aria-hidden': 'true' })
    this.probe = this.make('text', { class: 'arc-label-text', visibility: 'hidden' })
    this.lines = this.make('g', { class: 'arc-lines' })
    this.labels = this.make('g', { class: 'arc-labels' })
    this.element.append(this.probe, this.lines, this.labels)
    // Only the names at the edge take the pointer (see relations.css); the mouse button going down there must
    // not take the focus from the text.
    this.element.addEventListener('mousedown', (event) => {
      if ((event.target as Element).closest('[data-target-span]') !== null) event.preventDefault()
    })
    this.element.addEventListener('click', (event) => {
      const target = (event.target as Element).closest('[data-target-span]')
      if (target !== null) pick(Number(target.getAttribute('data-target-span')))
    })
  }

  /** Width of `text` in the labels' font (as the stylesheet sets it). */
  measure(text: string): number {
    if (this.context === undefined) {
      this.context = this.document.createElement('canvas').getContext('2d')
      if (this.context !== null) this.context.font = getComputedStyle(this.probe).font || '600 10px sans-serif'
    }
    return this.context === null ? text.length * 6 : this.context.measureText(text).width
  }

  /** Puts the layer at `box` (relative to its offset parent), or hides it (null). */
  place(box: { left: number; top: number; width: number; height: number } | null, scope: string): void {
    const style = this.element.style
    if (box === null) {
      style.display = 'none'
      return
    }
    style.display = ''
    style.left = `${box.left}px`
    style.top = `${box.top}px`
    style.width = `${box.width}px`
    style.height = `${box.height}px`
    set(this.element, 'viewBox', `0 0 ${box.width} ${box.height}`)
    set(this.element, 'data-scope', scope)
  }

  /** Draws exactly `drawings`: relations no longer among them are removed. */
  render(drawings: readonly ArcDrawing[], meta: ReadonlyMap<number, ArcMeta>): void {
    const kept = new Set<number>()
    for (const drawing of drawings) {
      const info = meta.get(drawing.id)
      if (info === undefined) continue
      kept.add(drawing.id)
      this.draw(drawing, info)
    }
    for (const [id, arc] of this.arcs) {
      if (kept.has(id)) continue
      arc.group.remove()
      arc.label.remove()
      this.arcs.delete(id)
    }
  }

  private draw(drawing: ArcDrawing, meta: ArcMeta): void {
    let arc = this.arcs.get(drawing.id)
    if (arc === undefined) {
      arc = {
        group: this.make('g', { class: 'relation-arc' }),
        line: this.make('path', { class: 'arc-line' }),
        start: this.make('circle', { class: 'arc-start', r: '2' }),
        arrow: this.make('path', { class: 'arc-arrow' }),
        label: labelGroup(this, 'arc-label'),
        edges: [],
      }
      arc.group.append(arc.line, arc.start, arc.arrow)
      this.lines.append(arc.group)
      this.labels.append(arc.label)
      this.arcs.set(drawing.id, arc)
    }
    const { group } = arc
    set(group, 'data-relation-id', String(drawing.id))
    set(group, 'data-label', drawing.label)
    set(group, 'data-head', String(meta.head))
    set(group, 'data-child', String(meta.child))
    set(group, 'data-route', drawing.route)
    set(group, 'data-edge', drawing.edges.length === 0 ? null : drawing.edges.map((edge) => edge.side).join(' '))
    set(group, 'class', meta.active ? 'relation-arc active' : 'relation-arc')
    set(arc.label, 'data-relation-of', String(drawing.id))
    set(arc.label, 'class', meta.active ? 'arc-label active' : 'arc-label')
    const color = safeColor(this.colors.get(drawing.label))
    // Through the CSSOM: the page's Content-Security-Policy refuses style attributes.
    for (const element of [group, arc.label]) {
      if (element.style.getPropertyValue('--label-color') !== color) element.style.setProperty('--label-color', color)
    }
    set(arc.line, 'd', drawing.path)
    set(arc.arrow, 'd', polygon(drawing.arrow))
    set(arc.start, 'display', drawing.start === null ? 'none' : null)
    if (drawing.start !== null) {
      set(arc.start, 'cx', num(drawing.start.x))
      set(arc.start, 'cy', num(drawing.start.y))
    }
    placeLabel(arc.label, drawing.labelBox)
    while (arc.edges.length < drawing.edges.length) {
      const name = labelGroup(this, 'arc-edge')
      name.prepend(this.make('title', {}))
      arc.group.append(name)
      arc.edges.push(name)
    }
    arc.edges.forEach((name, i) => {
      const edge = drawing.edges.at(i)
      set(name, 'display', edge === undefined ? 'none' : null)
      set(name, 'data-target-span', edge === undefined ? null : String(edge.spanId))
      if (edge === undefined) return
      placeLabel(name, edge.box)
      const title = name.firstChild as SVGTitleElement
      if (title.textContent !== meta.edgeTitle) title.textContent = meta.edgeTitle
    })
  }

  /** Makes an SVG element with these attributes. */
  make<K extends keyof SVGElementTagNameMap>(name: K, attributes: Record<string, string>): SVGElementTagNameMap[K] {
    const element = this.document.createElementNS(SVG, name)
    for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value)
    return element
  }
}

function labelGroup(layer: ArcLayer, className: string): SVGGElement {
  const group = layer.make('g', { class: className })
  group.append(layer.make('rect', { rx: '3' }), layer.make('text', { class: 'arc-label-text', 'dominant-baseline': 'central', 'text-anchor': 'middle' }))
  return group
}

function placeLabel(group: SVGGElement, box: LabelBox): void {
  const rect = group.querySelector('rect')!
  const text = group.querySelector('text')!
  set(rect, 'x', num(box.x))
  set(rect, 'y', num(box.y))
  set(rect, 'width', num(box.width))
  set(rect, 'height', num(box.height))
  set(text, 'x', num(box.x + box.width / 2))
  set(text, 'y', num(box.y + box.height / 2))
  if (text.textContent !== box.text) text.textContent = box.text
}

function polygon(points: readonly Point[]): string {
  return points.length === 0 ? '' : `M${points.map((p) => `${num(p.x)} ${num(p.y)}`).join(' L')} Z`
}

/** A coordinate to a tenth of a pixel. */
function num(n: number): string {
  return String(Math.round(n * 10) / 10)
}

/** Sets (or, with null, removes) an attribute, touching the element only if it changes. */
function set(element: Element, name: string, value: string | null): void {
  if (element.getAttribute(name) === value) return
  if (value === null) element.removeAttribute(name)
  else element.setAttribute(name, value)
}
