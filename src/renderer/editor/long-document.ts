/**
 * Which documents the editor draws near the viewport only (their spans and their text), and what of them it
 * draws before the view has been measured: shared by the annotation plugin (which decorates the spans as the
 * view comes near them), the span window and the text window.
 */

/** Documents with more spans than this draw only what is near view. */
export const WINDOW_FROM_SPANS = 600

/**
 * Documents whose text is longer than this (in positions: UTF-16 units and paragraph ends; about 2,000 words) draw
 * only what is near view. An ordinary news article of 5,000 words drawn whole cost a switch to it about 20 ms of
 * layout and 8 ms of paint on this machine, most of it for text far below the view.
 */
export const WINDOW_FROM_LENGTH = 12_000

/**
 * What is drawn before the view has been measured: the start of the document, this many positions (about
 * 1,300 words: more than the view and a half below the top of a 1400 x 900 window that the first measure wants
 * drawn, so at the top of a document it moves nothing). More only made opening slower: 20,000 cost a long
 * article's first visit about 10% more main-thread CPU and wall time.
 */
export const FIRST_WINDOW = 8_000

/** True if a document of `spans` spans and `size` positions draws only what is near view. */
export function drawnNearViewOnly(spans: number, size: number): boolean {
  return spans > WINDOW_FROM_SPANS || size > WINDOW_FROM_LENGTH
}

/** The first range drawn of a document of `size` positions. */
export function firstWindow(size: number): { from: number; to: number } {
  return { from: 0, to: Math.min(size, FIRST_WINDOW) }
}
