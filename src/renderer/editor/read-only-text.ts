/** The plugin that blocks every change to the text itself: the editor selects and annotates, it never edits. */
import { Plugin } from 'prosemirror-state'

/** Refuses transactions that change the document, and swallows typing, pasting, dropping and cutting. */
export const readOnlyText = new Plugin({
  filterTransaction: (tr) => !tr.docChanged,
  props: {
    handleTextInput: () => true,
    handlePaste: () => true,
    handleDrop: () => true,
    handleDOMEvents: {
      beforeinput: (_view, event) => {
        event.preventDefault()
        return true
      },
      cut: (_view, event) => {
        event.preventDefault()
        return true
      },
    },
  },
})
