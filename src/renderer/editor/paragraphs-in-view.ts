/**
 * Which paragraphs of the editor lie between two client y coordinates, found by bisection over their boxes
 * (a few layout reads, however long the document): shared by the span window and the relation arcs.
 */

/** The first index in [0, n) for which `after` holds (it must hold for every index after it), or n. */
function bisect(n: number, after: (i: number) => boolean): number {
  let lo = 0
  let hi = n
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (after(mid)) hi = mid
    else lo = mid + 1
  }
  return lo
}

/**
 * The indices of the first and last of `paragraphs` (at least one, in document order) that reach between client
 * y `top` and `bottom`; the nearest ones where none does.
 */
export function paragraphsBetween(paragraphs: HTMLCollection, top: number, bottom: number): { first: number; last: number } {
  const n = paragraphs.length
  const rect = (i: number) => paragraphs[i].getBoundingClientRect()
  const first = Math.min(n - 1, bisect(n, (i) => rect(i).bottom >= top))
  const last = Math.max(first, bisect(n, (i) => rect(i).top > bottom) - 1)
  return { first, last }
}
