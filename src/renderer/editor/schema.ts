/** The editor's ProseMirror schema: a document is paragraphs of plain text, one per line of the corpus text. */
import { Schema, type Node } from 'prosemirror-model'

/** Paragraphs of text, nothing else: annotations are decorations, never marks in the document. */
export const schema = new Schema({
  nodes: {
    doc: { content: 'paragraph+' },
    paragraph: { content: 'text*', toDOM: () => ['p', 0] },
    text: {},
  },
})

/** The ProseMirror document showing `lines` (the text split at line feeds). */
export function documentFromLines(lines: readonly string[]): Node {
  return schema.node(
    'doc',
    null,
    lines.map((line) => schema.node('paragraph', null, line === '' ? [] : [schema.text(line)])),
  )
}
