/** The plugin that blocks every change to the text itself: the editor selects and annotates, it never edits. */
import { Plugin } from 'prosemirror-state'
import { plainTextBetween } from './schema'

/**
 * Refuses transactions that change the document, and swallows typing, pasting, dropping and cutting. Copied
 * text is the text as stored: lines joined by one line feed (ProseMirror's default puts a blank line between
 * blocks) and the pieces of a long line by nothing, so that offsets counted on it are the corpus's.
 */
export const readOnlyText = new Plugin({
  filterTransaction: (tr) => !tr.docChanged,
  props: {
    clipboardTextSerializer: (slice) => plainTextBetween(slice.content, 0, slice.content.size),
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
