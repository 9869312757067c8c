/**
 * Keys act on the selection made last. ProseMirror learns of a selection made with the mouse from the page's
 * `selectionchange` event, which the browser runs as an ordinary task, while a key press is an input event,
 * which a busy browser runs first: a label key pressed right after a drag could then act on the selection
 * before it (relabelling the span selected before instead of tagging the text just selected). Before a key is
 * handled, the editor is made to read the page's selection now, as that event would have it do.
 */
import { Plugin } from 'prosemirror-state'

/** Makes the editor take the page's current selection before any key binding sees the key (first among the plugins). */
export function selectionBeforeKeys(): Plugin {
  return new Plugin({
    props: {
      handleKeyDown(view) {
        view.dom.ownerDocument?.dispatchEvent(new Event('selectionchange')) // (none in the headless editor of unit tests)
        return false // the key itself is left to the bindings after this
      },
    },
  })
}
