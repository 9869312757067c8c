/**
 * A list of the side panel that stays quick with thousands of items: up to `DRAWN_WHOLE_UP_TO` items it draws
 * them all; above that it draws only the rows in and near the part of the panel in view, each a row of fixed
 * height placed at its index (the list keeps the height of all of them, so the scroll bar is right), and draws
 * others as the panel scrolls. Rows are made once per item and kept while the item is the same, so a change
 * touches only the rows of the items it changed.
 */
import { placeChildren } from './dom'

/** How a windowed list draws its items. */
export interface WindowedListOptions<T> {
  /** The list's accessible name. */
  label: string
  /** Height of a row, in pixels, when windowed (the stylesheet gives `.windowed > li` the same). */
  rowHeight: number
  /** Each item's key (stable across changes). */
  key(item: T): number
  /** True if two versions of an item draw the same (its row is kept). */
  same(a: T, b: T): boolean
  /** Makes an item's row. */
  render(item: T): HTMLLIElement
  /** Marks a row drawn (as selected or active, say); called on every update for the rows drawn. */
  mark?(row: HTMLLIElement, item: T): void
}

/**
 * Up to this many items, a list draws every one (rows as tall as their text); over it, only those near view. About
 * two panels of span rows: drawing all 190 rows of an ordinary article's spans (1,100 elements) was a third of the
 * style and layout of switching to it.
 */
export const DRAWN_WHOLE_UP_TO = 50

/** Rows drawn beyond the edges of the panel's view, on each side. */
const OVERSCAN = 20

/** A list drawing only the rows near view once it is long. */
export class WindowedList<T> {
  readonly element: HTMLOListElement
  private items: readonly T[] = []
  private rows = new Map<number, { item: T; row: HTMLLIElement }>()

  constructor(private readonly options: WindowedListOptions<T>) {
    this.element = document.createElement('ol')
    this.element.setAttribute('aria-label', options.label)
  }

  /** The items now, in order; draws them (or those near view). */
  setItems(items: readonly T[]): void {
    this.items = items
    this.update()
  }

  /** Draws the rows for the part of the panel in view (after a scroll or resize, or a change of the items). */
  update(): void {
    const { items, options } = this
    const windowed = items.length > DRAWN_WHOLE_UP_TO
    this.element.classList.toggle('windowed', windowed)
    this.element.style.height = windowed ? `${items.length * options.rowHeight}px` : ''
    let first = 0
    let last = items.length
    if (windowed) {
      const view = visibleBand(this.element)
      const top = this.element.getBoundingClientRect().top
      first = Math.max(0, Math.floor((view.top - top) / options.rowHeight) - OVERSCAN)
      last = Math.min(items.length, Math.max(first, Math.ceil((view.bottom - top) / options.rowHeight) + OVERSCAN))
    }
    const wanted: HTMLLIElement[] = []
    const kept = new Map<number, { item: T; row: HTMLLIElement }>()
    for (let i = first; i < last; i++) {
      const item = items[i]
      const key = options.key(item)
      let drawn = this.rows.get(key)
      if (drawn === undefined || (drawn.item !== item && !options.same(drawn.item, item))) drawn = { item, row: options.render(item) }
      else drawn.item = item
      kept.set(key, drawn)
      drawn.row.style.top = windowed ? `${i * options.rowHeight}px` : ''
      options.mark?.(drawn.row, item)
      wanted.push(drawn.row)
    }
    this.rows = kept
    // Only the rows not already in place move: an item removed from the middle must not make every row after it
    // move up one by one.
    placeChildren(this.element, wanted)
  }

  /** The index of the item with key `key`, or -1. */
  indexOf(key: number): number {
    return this.items.findIndex((item) => this.options.key(item) === key)
  }
}

/** The part of the window in view through `element`'s scrolling ancestors, in client coordinates (vertically). */
function visibleBand(element: HTMLElement): { top: number; bottom: number } {
  let top = 0
  let bottom = element.ownerDocument.defaultView?.innerHeight ?? 0
  for (let at = element.parentElement; at !== null; at = at.parentElement) {
    if (at.scrollHeight <= at.clientHeight) continue
    const rect = at.getBoundingClientRect()
    top = Math.max(top, rect.top)
    bottom = Math.min(bottom, rect.bottom)
  }
  return { top, bottom }
}
