import { EditorState, TextSelection, type Transaction } from 'prosemirror-state'
import { describe, expect, it } from 'vitest'
import { jumpToTextEdge } from '../../src/renderer/editor/commands'
import { documentFromLines } from '../../src/renderer/editor/schema'

/** The state after running `command` on a document of `lines` with the cursor at `at`, and whether it scrolled. */
function after(command: ReturnType<typeof jumpToTextEdge>, lines: string[], anchor: number) {
  const doc = documentFromLines(lines)
  let state = EditorState.create({ doc, selection: TextSelection.create(doc, anchor) })
  let scrolled = false
  expect(command(state, (tr: Transaction) => {
    scrolled = tr.scrolledIntoView
    state = state.apply(tr)
  })).toBe(true)
  return { selection: state.selection, scrolled }
}

describe('Ctrl+Home and Ctrl+End', () => {
  const lines = ['first 😀 line', '', 'last line']
  const end = documentFromLines(lines).content.size - 1 // inside the last paragraph, after its last character

  it('put the cursor at the start or the end of the text and have the editor scroll there', () => {
    expect(after(jumpToTextEdge('end'), lines, 3)).toMatchObject({ selection: { anchor: end, head: end }, scrolled: true })
    expect(after(jumpToTextEdge('start'), lines, 5)).toMatchObject({ selection: { anchor: 1, head: 1 }, scrolled: true })
  })

  it('with Shift stretch the selection from where it was anchored', () => {
    expect(after(jumpToTextEdge('end', true), lines, 3).selection).toMatchObject({ anchor: 3, head: end })
    expect(after(jumpToTextEdge('start', true), lines, 5).selection).toMatchObject({ anchor: 5, head: 1 })
  })
})
