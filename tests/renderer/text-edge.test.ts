import { EditorState, TextSelection, type Transaction } from 'prosemirror-state'
import { describe, expect, it } from 'vitest'
import { jumpToTextEdge } from '../../src/renderer/editor/commands'
import { TextPositions } from '../../src/renderer/editor/positions'
import { corpusWith, openSession, press, selectText } from './headless'

/** The document of `lines`. */
const documentOf = (lines: string[]) => new TextPositions(lines.join('\n')).document()

/** The state after running `command` on a document of `lines` with the cursor at `at`, and whether it scrolled. */
function after(command: ReturnType<typeof jumpToTextEdge>, lines: string[], anchor: number) {
  const doc = documentOf(lines)
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
  const end = documentOf(lines).content.size - 1 // inside the last paragraph, after its last character

  it('put the cursor at the start or the end of the text and have the editor scroll there', () => {
    expect(after(jumpToTextEdge('end'), lines, 3)).toMatchObject({ selection: { anchor: end, head: end }, scrolled: true })
    expect(after(jumpToTextEdge('start'), lines, 5)).toMatchObject({ selection: { anchor: 1, head: 1 }, scrolled: true })
  })

  it('with Shift stretch the selection from where it was anchored', () => {
    expect(after(jumpToTextEdge('end', true), lines, 3).selection).toMatchObject({ anchor: 3, head: end })
    expect(after(jumpToTextEdge('start', true), lines, 5).selection).toMatchObject({ anchor: 5, head: 1 })
  })
})

describe('Ctrl+Home and Ctrl+End in a document with spans', () => {
  it('let the selected span go, so that Tab steps from the start and Shift+Tab from the end', async () => {
    const text = 'Alpha said one thing. Beta said another. Gamma said a third.'
    const { api, documentId } = corpusWith(text)
    const { session } = await openSession(api, documentId)
    for (const word of ['Alpha', 'Beta', 'Gamma']) {
      const start = text.indexOf(word)
      selectText(session, start, start + word.length)
      expect(press(session, '2')).toBe(true)
      await session.settled()
    }
    const textOf = (id: number | null) => (id === null ? null : session.state.spans.get(id)!.text)
    press(session, 'Tab')
    press(session, 'Tab') // Beta selected
    expect(textOf(session.state.selected)).toBe('Beta')
    expect(press(session, 'Mod-End')).toBe(true)
    expect(session.state.selected).toBeNull()
    press(session, 'Shift-Tab')
    expect(textOf(session.state.selected)).toBe('Gamma')
    press(session, 'Shift-Tab') // Beta
    expect(press(session, 'Mod-Home')).toBe(true)
    press(session, 'Tab')
    expect(textOf(session.state.selected)).toBe('Alpha')
  })
})
