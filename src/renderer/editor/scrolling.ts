/** Where the text scrolls and what of it is shown: shared by the relation arcs, the drawing of spans near view and undo. */

/** The nearest ancestor that scrolls, or the page's scrolling element. */
export function scrollParent(element: HTMLElement): HTMLElement {
  for (let at = element.parentElement; at !== null; at = at.parentElement) {
    if (/(auto|scroll|overlay)/.test(getComputedStyle(at).overflowY)) return at
  }
  return (element.ownerDocument.scrollingElement as HTMLElement | null) ?? element.ownerDocument.documentElement
}

/** The part of `scroller` that shows its content (inside borders, without scroll bars), in client coordinates. */
export function visibleRect(scroller: HTMLElement): { left: number; top: number; right: number; bottom: number } {
  if (scroller === scroller.ownerDocument.scrollingElement) {
    return { left: 0, top: 0, right: scroller.clientWidth, bottom: scroller.clientHeight }
  }
  const rect = scroller.getBoundingClientRect()
  const left = rect.left + scroller.clientLeft
  const top = rect.top + scroller.clientTop
  return { left, top, right: left + scroller.clientWidth, bottom: top + scroller.clientHeight }
}
