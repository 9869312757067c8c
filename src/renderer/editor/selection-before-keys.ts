/**
 * Keys act on the selection made last. ProseMirror learns of a selection made with the mouse from the page's
 * `selectionchange` event, which the browser runs as an ordinary task, while a key press is an input event,
 * which a busy browser runs first: a label key pressed right after a drag could then act on the selection
 * before it (relabelling the span selected before instead of tagging the text just selected). Before a key is
 * handled, the editor is made to read the page's selection now, as that event would have it do.
 */
import { Plugin } from 'prosemirror-state'

/**
 * Makes `view` read the page's selection now, as the page's next `selectionchange` event would have it do. Before
 * a key acts on it, and before the view is redrawn: a redraw puts the editor's own selection back into the page,
 * which would undo a selection the mouse made that the editor had not read yet.
 */
export function takePageSelection(view: { dom: Partial<Pick<Node, 'ownerDocument'>> }): void {
  view.dom.ownerDocument?.dispatchEvent(new Event('selectionchange')) // (none in the headless editor of unit tests)
}

/** Makes the editor take the page's current selection before any key binding sees the key (first among the plugins). */
export function selectionBeforeKeys(): Plugin {
  return new Plugin({
    props: {
      handleKeyDown(view) {
        takePageSelection(view)
        return false // the key itself is left to the bindings after this
      },
    },
  })
}
