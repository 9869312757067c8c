/** A small helper for building DOM without HTML strings (so nothing from a corpus is ever parsed as markup). */

type Child = Node | string | null | undefined | false

/** Makes an element with attributes (`on*` functions become listeners) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | boolean | ((event: Event) => void) | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag)
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue
    if (typeof value === 'function') element.addEventListener(name.slice(2).toLowerCase(), value)
    else if (name === 'style') element.style.cssText = String(value)
    else element.setAttribute(name, value === true ? '' : String(value))
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) element.append(child)
  return element
}

/**
 * Makes `wanted` the children of `parent`, in that order, moving only those not already in place and taking out
 * those no longer wanted. A child that stays where it was is never moved, so a long list beside a part that
 * appears or goes (the selected span's details) is not taken out and put back, which makes the browser style and
 * lay out all of it again.
 */
export function placeChildren(parent: Element, wanted: readonly Element[]): void {
  const keep = new Set<Element>(wanted)
  let cursor = parent.firstElementChild
  const dropUnwanted = (): void => {
    while (cursor !== null && !keep.has(cursor)) {
      const next = cursor.nextElementSibling
      cursor.remove()
      cursor = next
    }
  }
  for (const child of wanted) {
    dropUnwanted()
    if (child === cursor) cursor = cursor.nextElementSibling
    else parent.insertBefore(child, cursor)
  }
  dropUnwanted()
}
