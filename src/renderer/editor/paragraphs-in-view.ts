/**
 * Where the paragraphs of the editor are: which lie between two client y coordinates, found by bisection over
 * their boxes (a few layout reads, however long the document), and where each starts in the document (shared
 * by the span window, the text window and the relation arcs).
 */
import type { Node } from 'prosemirror-model'
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

const paragraphStarts = new WeakMap<Node, number[]>()

/** The position where each paragraph of `doc` starts, then the end of the last one (worked out once per document). */
export function paragraphStartsOf(doc: Node): readonly number[] {
  let starts = paragraphStarts.get(doc)
  if (starts === undefined) {
    const found: number[] = []
    doc.forEach((_child, offset) => found.push(offset))
    found.push(doc.content.size)
    paragraphStarts.set(doc, (starts = found))
  }
  return starts
}

/** The indices of the first and last paragraphs that positions `range.from` to `range.to` (exclusive) reach. */
export function paragraphsOf(starts: readonly number[], range: { from: number; to: number }): { first: number; last: number } {
  return { first: paragraphAt(starts, range.from), last: paragraphAt(starts, Math.max(range.from, range.to - 1)) }
}

/** The index of the paragraph holding position `pos` (the last one for the document's end). */
export function paragraphAt(starts: readonly number[], pos: number): number {
  return Math.max(0, Math.min(starts.length - 2, firstIndexWhere(starts, (start) => start > pos) - 1))
}
