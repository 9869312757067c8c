/**
 * Editor commands, shaped `(state, dispatch?) => boolean` like ProseMirror's own: they only change what is
 * selected. Commands that change annotations go through the corpus first (see `session.ts`).
 */
import { TextSelection, type Command } from 'prosemirror-state'
import { annotate, annotations, spansInOrder } from './annotations'

/** Selects the next (1) or previous (-1) span in reading order, from the selected span or the cursor. */
export function selectAdjacentSpan(direction: 1 | -1): Command {
  return (state, dispatch) => {
    const current = annotations(state)
    const ordered = spansInOrder(current)
    if (ordered.length === 0) return false
    let index = ordered.findIndex((span) => span.id === current.selected)
    if (index === -1) {
      // Nothing selected: start from the cursor.
      const cursor = state.selection.from
      const after = ordered.findIndex((span) => current.positions.toPosition(span.start) >= cursor)
      index = direction === 1 ? (after === -1 ? ordered.length : after) - 1 : after === -1 ? ordered.length : after
    }
    const next = ordered[(index + direction + ordered.length) % ordered.length]
    if (dispatch) {
      const tr = annotate(state, { type: 'select', id: next.id })
      dispatch(tr.setSelection(TextSelection.create(tr.doc, state.selection.from)))
    }
    return true
  }
}

/** Drops the span selection, a pending link, or a shown search match, whichever there is. */
export const clearAnnotationSelection: Command = (state, dispatch) => {
  const current = annotations(state)
  if (current.link !== null) {
    dispatch?.(annotate(state, { type: 'link', link: null }))
    return true
  }
  if (current.selected !== null) {
    dispatch?.(annotate(state, { type: 'select', id: null }))
    return true
  }
  if (current.match !== null) {
    dispatch?.(annotate(state, { type: 'match', match: null }))
    return true
  }
  return false
}
