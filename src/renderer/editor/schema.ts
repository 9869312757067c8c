/**
 * The editor's ProseMirror schema: a document is paragraphs of plain text, one per line of the corpus text,
 * a long line in several, and in a text of very many lines several lines in one (see `positions.ts`).
 */
import { Schema, type Fragment, type Node } from 'prosemirror-model'

/** The class of a paragraph continuing the line of the one before it: drawn with no gap between them. */
export const JOINED_PARAGRAPH = 'joined'

/** Paragraphs of text, nothing else: annotations are decorations, never marks in the document. */
export const schema = new Schema({
  nodes: {
    doc: { content: 'paragraph+' },
    paragraph: {
      content: 'text*',
      // `joined`: the paragraph continues the line of the one before (no line feed between them in the text).
      attrs: { joined: { default: false } },
      // Line feeds inside a paragraph (the lines of a text of very many, shown together) are kept and shown as line breaks.
      whitespace: 'pre',
      // `dir="auto"`: each paragraph takes the direction of its first strong character, so Arabic or Hebrew reads right to left.
      toDOM: (node) => (node.attrs.joined === true ? ['p', { class: JOINED_PARAGRAPH, dir: 'auto' }, 0] : ['p', { dir: 'auto' }, 0]),
    },
    text: {},
  },
})

/** A paragraph as the editor shows it: its text, and whether it continues the line of the one before. */
export interface TextParagraph {
  text: string
  joined: boolean
}

/** The ProseMirror document showing `paragraphs`. */
export function documentFromParagraphs(paragraphs: readonly TextParagraph[]): Node {
  return schema.node(
    'doc',
    null,
    paragraphs.map(({ text, joined }) => schema.node('paragraph', joined ? { joined } : null, text === '' ? [] : [schema.text(text)])),
  )
}

/**
 * The text between `from` and `to` of `content` as the corpus holds it: paragraphs separated by a line feed,
 * except a joined paragraph, which continues the one before (as ProseMirror's `textBetween`, which puts one
 * separator between every two paragraphs).
 */
export function plainTextBetween(content: Fragment, from: number, to: number): string {
  let text = ''
  let first = true
  content.nodesBetween(from, to, (node, pos) => {
    if (node.isText) text += (node.text ?? '').slice(Math.max(from, pos) - pos, to - pos)
    else if (node.isTextblock) {
      if (!first && node.attrs.joined !== true) text += '\n'
      first = false
    }
  })
  return text
}
