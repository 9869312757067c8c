/**
 * Which paragraphs of the editor lie between two client y coordinates, found by bisection over their boxes
 * (a few layout reads, however long the document): shared by the span window and the relation arcs.
 */
import { firstIndexWhere } from '../../shared/offsets'

/**
 * The indices of the first and last of `paragraphs` (at least one, in document order) that reach between client
 * y `top` and `bottom`; the nearest ones where none does.
 */
export function paragraphsBetween(paragraphs: HTMLCollection, top: number, bottom: number): { first: number; last: number } {
  const first = Math.min(paragraphs.length - 1, firstIndexWhere(paragraphs, (paragraph) => paragraph.getBoundingClientRect().bottom >= top))
  const last = Math.max(first, firstIndexWhere(paragraphs, (paragraph) => paragraph.getBoundingClientRect().top > bottom) - 1)
  return { first, last }
}
