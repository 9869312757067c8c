/** The plugin that blocks every change to the text itself: the editor selects and annotates, it never edits. */
import { Plugin } from 'prosemirror-state'

/**
 * Refuses transactions that change the document, and swallows typing, pasting, dropping and cutting. Copied
 * text is the text as stored: paragraphs joined by one line feed (ProseMirror's default puts a blank line
 * between blocks), so that offsets counted on it are the corpus's.
 */
export const readOnlyText = new Plugin({
  filterTransaction: (tr) => !tr.docChanged,
  props: {
    clipboardTextSerializer: (slice) => slice.content.textBetween(0, slice.content.size, '\n'),
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
