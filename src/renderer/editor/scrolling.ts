/** Where the text scrolls: shared by the relation arcs and the drawing of spans near view. */

/** The nearest ancestor that scrolls, or the page's scrolling element. */
export function scrollParent(element: HTMLElement): HTMLElement {
  for (let at = element.parentElement; at !== null; at = at.parentElement) {
    if (/(auto|scroll|overlay)/.test(getComputedStyle(at).overflowY)) return at
  }
  return (element.ownerDocument.scrollingElement as HTMLElement | null) ?? element.ownerDocument.documentElement
}
