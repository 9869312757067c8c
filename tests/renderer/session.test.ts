/// <reference lib="dom" />
/**
 * The editor session without a browser: keys as commands, every change written to a real corpus before it
 * is drawn, undo and redo, refused writes, and keys acting in the order they were pressed.
 */
import { describe, expect, it } from 'vitest'
import type { EditorState } from 'prosemirror-state'
import { annotations } from '../../src/renderer/editor/annotations'
import type { DocumentSession } from '../../src/renderer/editor/session'
import { corpusWith, diskFullAtSpan, openSession, press, refusingWrites, selectText } from './headless'

const TEXT = 'Mr Putin said the summit went well. Pyongyang disagreed.'
const at = (needle: string) => {
  const start = [...TEXT.slice(0, TEXT.indexOf(needle))].length
  return { start, end: start + [...needle].length }
}

/** A session on TEXT where "Mr Putin" was tagged a Speaker, then `claimText` a Claim, both stored. */
async function speakerAndClaim(claimText: string) {
  const { api, corpus, documentId } = corpusWith(TEXT)
  const { session, log, history } = await openSession(api, documentId)
  selectText(session, at('Mr Putin').start, at('Mr Putin').end)
  press(session, '2')
  selectText(session, at(claimText).start, at(claimText).end)
  press(session, '1')
  await session.settled()
  const [putin, claim] = [...session.state.spans.values()]
  return { corpus, documentId, session, log, history, putin, claim }
}

describe('a document session', () => {
  it('labels the selected text: written to the corpus, then drawn and selected, the text selection collapsed', async () => {
    const { api, corpus, documentId } = corpusWith(TEXT)
    const { session } = await openSession(api, documentId)
    const { start, end } = at('Putin sa') // snaps to whole words
    selectText(session, start, end)
    expect(press(session, '2')).toBe(true)
    await session.settled()
    const [stored] = corpus.spansOf(documentId)
    expect(stored).toMatchObject({ label: 'Speaker', annotator: 'ana', ...{ start_offset: at('Putin said').start, end_offset: at('Putin said').end } })
    expect([...session.state.spans.values()].map((s) => s.text)).toEqual(['Putin said'])
    expect(session.state.selected).toBe(stored.id)
    expect(session.view.state.selection.empty).toBe(true)
  })

  it('is unchanged since opened until it writes or draws what is read back (only then may the app show the document as opened again)', async () => {
    const { api, documentId } = corpusWith(TEXT)
    const { session } = await openSession(api, documentId)
    selectText(session, at('Mr Putin').start, at('Mr Putin').end) // a selection is not a change
    expect(session.unchangedSinceOpened).toBe(true)
    press(session, '2')
    await session.settled()
    expect(session.unchangedSinceOpened).toBe(false)
    const again = (await openSession(api, documentId)).session
    await again.refreshFromCorpus()
    expect(again.unchangedSinceOpened).toBe(false)
  })

  it('lets keys that do not apply decline, so that nothing happens and nothing is queued, or says what they need', async () => {
    const { api, documentId } = corpusWith(TEXT)
    const { session, log } = await openSession(api, documentId)
    expect(press(session, 'Enter')).toBe(false) // no relation pending
    expect(press(session, 'Alt-t')).toBe(false) // already to do
    expect(session.busy).toBe(false)
    expect(log.failed).toEqual([])
    // A label key, Alt+arrows, Alt+M, Alt+Q, Delete, undo, redo and Tab with nothing to act on are taken (Alt+←
    // would be the browser's Back; Mod-Shift-z would otherwise be tried as Mod-z; Tab would take the focus, and
    // the label keys with it, out of the text) and say what they need, queueing nothing.
    for (const key of ['Delete', 'Mod-z', 'Mod-Shift-z', '1', 'Alt-ArrowRight', 'Alt-Shift-ArrowLeft', 'Alt-m', 'Alt-q', 'Tab']) expect(press(session, key)).toBe(true)
    expect(session.busy).toBe(false)
    expect(log.failed.map((f) => f.message)).toEqual([
      'Select a span first (Tab, or a click), then Delete removes it.',
      'Nothing to undo in this document.',
      'Nothing to redo in this document.',
      expect.stringMatching(/^Select some text first, then press 1 to tag it Claim/),
      expect.stringMatching(/^Select a span first .*: Alt\+← and Alt\+→ move its end/),
      expect.stringMatching(/^Select a span first .*: Alt\+← and Alt\+→ move its end/),
      expect.stringMatching(/^Select a span first .*Alt\+M writes its note/),
      expect.stringMatching(/^Select a span first .*Alt\+Q marks it unsure/),
      'No span to step to in this document yet: select some text and press a label key to tag it.',
    ])
  })

  it('says what Enter needs while a relation is drawn from the span selected, and what Shift with a digit does with no document label', async () => {
    const { api, documentId } = corpusWith(TEXT)
    const { session, log } = await openSession(api, documentId)
    press(session, 'a') // nothing selected yet
    await session.settled()
    expect(log.failed.at(-1)?.message).toBe('Select a span first (Tab, or a click), then press a to link it as attributed_to.')
    selectText(session, at('Pyongyang').start, at('Pyongyang').end)
    press(session, '1')
    await session.settled()
    press(session, 'a') // attributed_to from the Claim just made
    await session.settled()
    expect(session.state.link).not.toBeNull()
    expect(press(session, 'Enter')).toBe(true) // the head itself is selected: no other end yet
    expect(log.failed.at(-1)?.message).toBe('Tab to the other end first (or click it), then Enter links it; Escape cancels the link.')
    expect(session.state.link).not.toBeNull() // still drawing
    expect(press(session, 'Shift-1')).toBe(true)
    expect(log.failed.at(-1)?.message).toBe('Shift+1 would put a document label on, but this corpus has none.')
  })

  it('says why an edge move does nothing: a one-word span made shorter, or the text ending there', async () => {
    const { api, documentId } = corpusWith(TEXT)
    const { session, log } = await openSession(api, documentId)
    selectText(session, at('Pyongyang').start, at('Pyongyang').end)
    press(session, '2')
    await session.settled()
    press(session, 'Alt-ArrowLeft')
    await session.settled()
    expect(log.failed.at(-1)?.message).toBe('Speaker "Pyongyang" is one word: it cannot be made shorter.')
    selectText(session, at('disagreed').start, at('disagreed').end)
    press(session, '1')
    await session.settled()
    press(session, 'Alt-ArrowRight') // takes in the full stop
    press(session, 'Alt-ArrowRight')
    await session.settled()
    expect(log.failed.at(-1)?.message).toBe('Claim "disagreed." already ends at the end of the text.')
  })

  it('acts on keys in the order they were pressed, even before earlier writes are stored', async () => {
    const { api, corpus, documentId } = corpusWith(TEXT)
    const { session } = await openSession(api, documentId)
    selectText(session, at('Pyongyang').start, at('Pyongyang').end)
    press(session, '2')
    // Pressed before the Speaker is stored: Delete cannot know yet what will be selected, so it waits.
    expect(press(session, 'Delete')).toBe(true)
    await session.settled()
    expect(corpus.spansOf(documentId)).toEqual([])
    expect(session.state.spans.size).toBe(0)
  })

  it('keeps the tagged text selected until its span is drawn; a label key meanwhile relabels that span', async () => {
    const { api, corpus, documentId } = corpusWith(TEXT)
    const { session } = await openSession(api, documentId)
    selectText(session, at('Pyongyang').start, at('Pyongyang').end)
    press(session, '2')
    expect(session.view.state.selection.empty).toBe(false) // no repaint of the selection while the write is under way
    press(session, '3') // before the Speaker is stored: relabels it rather than tagging the same text again
    await session.settled()
    expect(corpus.spansOf(documentId).map((s) => [s.label, s.start_offset])).toEqual([['Source', at('Pyongyang').start]])
    expect(session.view.state.selection.empty).toBe(true)
    expect(session.state.selected).toBe(corpus.spansOf(documentId)[0].id)
    // Text selected anew after the span is drawn is tagged anew.
    selectText(session, at('Pyongyang').start, at('Pyongyang').end)
    press(session, '2')
    await session.settled()
    expect(corpus.spansOf(documentId).map((s) => s.label).sort()).toEqual(['Source', 'Speaker'])
  })

  it('draws a tag and collapses its text selection in one step (the browser places the selection once)', async () => {
    const { api, documentId } = corpusWith(TEXT)
    const { session } = await openSession(api, documentId)
    selectText(session, at('Mr Putin').start, at('Mr Putin').end)
    const drawn = recordStates(session)
    press(session, '2')
    await session.settled()
    expect(drawn.map((state) => [annotations(state).spans.size, state.selection.empty])).toEqual([[1, true]])
  })

  it('leaves text selected for a later tag as it is when an earlier tag is drawn', async () => {
    const { api, documentId } = corpusWith(TEXT)
    const { session } = await openSession(api, documentId)
    selectText(session, at('Mr Putin').start, at('Mr Putin').end)
    press(session, '2')
    selectText(session, at('Pyongyang').start, at('Pyongyang').end) // before the Speaker is stored
    const drawn = recordStates(session)
    press(session, '3')
    await session.settled()
    const texts = (state: EditorState) => [...annotations(state).spans.values()].map((span) => span.text)
    // The Speaker is drawn with Pyongyang still selected; the Source's drawing collapses that selection.
    expect(drawn.map((state) => [texts(state), state.selection.empty])).toEqual([
      [['Mr Putin'], false],
      [['Mr Putin', 'Pyongyang'], true],
    ])
  })

  it('lets the selected span go on a click on untagged text, so a label key there does not relabel it', async () => {
    const { api, corpus, documentId } = corpusWith(TEXT)
    const { session } = await openSession(api, documentId)
    selectText(session, at('Mr Putin').start, at('Mr Putin').end)
    press(session, '2')
    const caret = session.positions.toPosition(at('summit').start)
    session.clickText(caret) // while the Speaker is being written: acts after it is drawn and selected
    await session.settled()
    expect(session.state.selected).toBe(null)
    expect(press(session, '4')).toBe(true) // no text and no span selected: nothing to label (it says so)
    expect(corpus.spansOf(documentId).map((s) => s.label)).toEqual(['Speaker'])
    // With nothing under way: at once, the cursor where the click put the caret.
    const [speaker] = [...session.state.spans.values()]
    session.selectSpan(speaker.id)
    session.clickText(caret)
    expect(session.state.selected).toBe(null)
    expect(session.view.state.selection.from).toBe(caret)
    // While a relation is pending, its start stays selected: the click may have missed the other end.
    session.selectSpan(speaker.id)
    press(session, 'a')
    session.clickText(caret)
    await session.settled()
    expect(session.state.selected).toBe(speaker.id)
    expect(session.state.link?.spanId).toBe(speaker.id)
  })

  it('selects a span brought back by redoing its tag or undoing its removal, as the tag and the removal left it', async () => {
    const { api, documentId } = corpusWith(TEXT)
    const { session } = await openSession(api, documentId)
    selectText(session, at('Mr Putin').start, at('Mr Putin').end)
    press(session, '2')
    await session.settled()
    const [speaker] = [...session.state.spans.values()]
    press(session, 'Mod-z')
    await session.settled()
    expect(session.state.spans.size).toBe(0)
    press(session, 'Mod-Shift-z')
    await session.settled()
    expect(session.state.selected).toBe(speaker.id)
    press(session, 'Delete')
    await session.settled()
    expect(session.state.selected).toBe(null)
    press(session, 'Mod-z')
    await session.settled()
    expect(session.state.selected).toBe(speaker.id)
  })

  it('undoes and redoes each kind of change, in the corpus and in the view', async () => {
    const { api, corpus, documentId } = corpusWith(TEXT)
    const { session } = await openSession(api, documentId)
    selectText(session, at('the summit went well').start, at('the summit went well').end)
    press(session, '1')
    selectText(session, at('Mr Putin').start, at('Mr Putin').end)
    press(session, '2')
    await session.settled()
    const [claim, speaker] = [...session.state.spans.values()]
    // Link the claim to the speaker: select the claim, press a, click the speaker.
    session.selectSpan(claim.id)
    press(session, 'a')
    await session.clickSpan(speaker.id)
    press(session, 'Alt-d')
    await session.settled()
    expect(corpus.relationsOf(documentId)).toHaveLength(1)
    expect(session.state.status).toBe('done')

    press(session, 'Mod-z') // status back to todo
    await session.settled()
    expect(corpus.document(documentId)?.status).toBe('todo')
    expect(session.state.status).toBe('todo')
    press(session, 'Mod-z') // the relation goes
    await session.settled()
    expect(corpus.relationsOf(documentId)).toEqual([])
    expect(session.state.relations.size).toBe(0)
    press(session, 'Mod-Shift-z') // and comes back with its id
    await session.settled()
    expect(corpus.relationsOf(documentId).map((r) => [r.head, r.child])).toEqual([[claim.id, speaker.id]])

    // Removing the claim takes its relation along; undo puts both back, ids unchanged.
    session.selectSpan(claim.id)
    press(session, 'Delete')
    await session.settled()
    expect(corpus.relationsOf(documentId)).toEqual([])
    press(session, 'Mod-z')
    await session.settled()
    expect(corpus.spansOf(documentId).map((s) => s.id).sort()).toEqual([claim.id, speaker.id].sort())
    expect(corpus.relationsOf(documentId)).toHaveLength(1)
    expect(session.state.relations.size).toBe(1)
  })

  it('relabels the selected span and moves its end word by word', async () => {
    const { api, corpus, documentId } = corpusWith(TEXT)
    const { session } = await openSession(api, documentId)
    selectText(session, at('Mr Putin').start, at('Mr Putin').end)
    press(session, '3')
    await session.settled()
    press(session, '2')
    press(session, 'Alt-ArrowRight')
    await session.settled()
    const [span] = [...session.state.spans.values()]
    expect([span.label, span.text]).toEqual(['Speaker', 'Mr Putin said'])
    expect(corpus.spansOf(documentId).map((s) => [s.label, s.start_offset, s.end_offset])).toEqual([['Speaker', span.start, span.end]])
  })

  it("does not relabel a span so that a relation it is an end of would break its rule: says why, keeps it selected, writes nothing", async () => {
    const { api, corpus, documentId } = corpusWith(TEXT)
    const { session, log } = await openSession(api, documentId)
    selectText(session, at('Mr Putin').start, at('Mr Putin').end)
    press(session, '2')
    selectText(session, at('the summit went well').start, at('the summit went well').end)
    press(session, '1')
    await session.settled()
    press(session, 'a') // attributed_to, from the Claim just tagged
    const speaker = [...session.state.spans.values()].find((s) => s.label === 'Speaker')!
    await session.completeLink(speaker.id)
    const claim = [...session.state.spans.values()].find((s) => s.label === 'Claim')!
    session.selectSpan(claim.id)
    press(session, '2') // a Speaker cannot head attributed_to
    await session.settled()
    expect(log.failed.map((f) => [f.kind, f.message])).toEqual([
      ['info', 'Claim "the summit went well" stays a Claim: it is the head of its attributed_to relation, and "attributed_to" links a Claim to a Speaker or Source. Remove that relation first (its × in the side panel\'s list of relations) to relabel it Speaker.'],
    ])
    expect(session.state.selected).toBe(claim.id)
    expect(corpus.spansOf(documentId).map((s) => s.label).sort()).toEqual(['Claim', 'Speaker'])
    // A colleague's relation to the analyst's span: theirs to remove, so it is not offered.
    for (const relation of corpus.relationsOf(documentId)) corpus.deleteRelation(documentId, relation.id)
    const bens = corpus.insertSpan(documentId, { ...at('Pyongyang'), label: 'Claim', annotator: 'ben' })
    corpus.insertRelation(documentId, { head: bens, child: speaker.id, label: 'attributed_to', annotator: 'ben' })
    await session.refreshFromCorpus()
    session.selectSpan(speaker.id)
    press(session, '4') // Spam
    await session.settled()
    expect(log.failed.at(-1)?.message).toBe(
      'Speaker "Mr Putin" stays a Speaker: it is the child of ben\'s attributed_to relation, and "attributed_to" links a Claim to a Speaker or Source. It stays while that relation needs it.',
    )
    expect(corpus.spansOf(documentId).map((s) => s.label).sort()).toEqual(['Claim', 'Claim', 'Speaker'])
  })

  it('an undo or redo that puts a span back or changes one selects it, though nothing was selected', async () => {
    const { api, documentId } = corpusWith(TEXT)
    const { session } = await openSession(api, documentId)
    selectText(session, at('Mr Putin').start, at('Mr Putin').end)
    press(session, '1')
    await session.settled()
    press(session, '2') // relabelled
    await session.settled()
    session.selectSpan(null)
    press(session, 'Mod-z') // back to a Claim: selected, so Alt+arrows and labels go on from it
    await session.settled()
    const selected = () => session.state.spans.get(session.state.selected!)
    expect([selected()?.label, selected()?.text]).toEqual(['Claim', 'Mr Putin'])
    session.selectSpan(null)
    press(session, 'Mod-Shift-z')
    await session.settled()
    expect(selected()?.label).toBe('Speaker')
  })

  it('Tab while linking steps from a search match shown far from the span the link starts from, so a far end is reached', async () => {
    const { api, documentId } = corpusWith(TEXT)
    const { session } = await openSession(api, documentId)
    const tag = (needle: string, key: string) => {
      selectText(session, at(needle).start, at(needle).end)
      press(session, key)
    }
    tag('Mr Putin', '2')
    tag('Pyongyang', '2')
    tag('the summit went well', '1')
    await session.settled()
    const selected = () => session.state.spans.get(session.state.selected!)?.text
    expect(selected()).toBe('the summit went well')
    press(session, 'a')
    await session.settled()
    session.showMatch(at('disagreed')) // a search shows a match after Pyongyang; the link still starts from the Claim
    press(session, 'Shift-Tab')
    expect(selected()).toBe('Pyongyang') // the end before the match, not the one before the Claim (Mr Putin)
    press(session, 'Shift-Tab')
    expect(selected()).toBe('Mr Putin') // and on from there
  })

  it('undoes and redoes a step recorded before its document was left and opened again, in the editor open now', async () => {
    const { api, corpus, documentId } = corpusWith(TEXT)
    const first = await openSession(api, documentId)
    selectText(first.session, at('Mr Putin').start, at('Mr Putin').end)
    press(first.session, '2')
    await first.session.settled()
    first.session.destroy() // another document was opened; then this one again, with the same history
    const { session, log } = await openSession(api, documentId, { history: first.history })
    expect([...session.state.spans.values()].map((s) => s.text)).toEqual(['Mr Putin'])
    press(session, 'Mod-z')
    await session.settled()
    expect([session.state.spans.size, corpus.spansOf(documentId).length]).toEqual([0, 0])
    press(session, 'Mod-Shift-z')
    await session.settled()
    expect([...session.state.spans.values()].map((s) => s.text)).toEqual(['Mr Putin'])
    expect(corpus.spansOf(documentId)).toHaveLength(1)
    expect(log.failed).toEqual([])
  })

  it('shows a refused write and draws what the corpus holds, keeping the steps before it undoable (each checks again what it changes)', async () => {
    const { corpus, documentId, session, log, history, putin, claim } = await speakerAndClaim('Pyongyang')
    // Linked in another window, unseen here: the editor cannot know the relabel below breaks it, the corpus can.
    corpus.insertRelation(documentId, { head: claim.id, child: putin.id, label: 'attributed_to', annotator: 'ana' })
    session.selectSpan(putin.id)
    press(session, '1') // a Claim cannot be what a claim is attributed to: the corpus refuses
    await session.settled()
    expect(log.failed.map((f) => f.message)).toEqual([`Not saved: "attributed_to" links a Claim to a Speaker or Source: it cannot end at Claim "Mr Putin"`])
    expect(corpus.spansOf(documentId).map((s) => s.label)).toEqual(['Speaker', 'Claim'])
    expect(session.state.spans.get(putin.id)?.label).toBe('Speaker')
    expect(session.state.spans.get(claim.id)?.label).toBe('Claim')
    // The tags before it are still this window's to undo; the Claim's tag is not undone past the relation made since.
    expect(history.canUndo(documentId)).toBe(true)
    press(session, 'Mod-z')
    await session.settled()
    expect(log.failed.at(-1)?.message).toMatch(/has a relation made since .* it is kept/)
    expect(corpus.spansOf(documentId).map((s) => s.label)).toEqual(['Speaker', 'Claim'])
  })

  it('keeps the history after a relation refused because its end was removed in another window: earlier tags stay undoable', async () => {
    const { corpus, documentId, session, log, history, putin, claim } = await speakerAndClaim('Pyongyang disagreed')
    corpus.deleteSpan(documentId, claim.id) // removed in another window, unseen here
    session.selectSpan(claim.id)
    press(session, 'a')
    press(session, 'Shift-Tab')
    press(session, 'Enter')
    await session.settled()
    expect(log.failed.at(-1)?.message).toMatch(/no longer in this document/)
    expect(history.canUndo(documentId)).toBe(true)
    press(session, 'Mod-z') // the Claim's tag: gone already, said
    press(session, 'Mod-z') // the Speaker's tag, which nobody else touched: undone
    await session.settled()
    expect(corpus.spansOf(documentId).map((s) => s.id)).not.toContain(putin.id)
  })

  it('says at once when the selected span can take no part in a relation, and writes nothing', async () => {
    const { api, corpus, documentId } = corpusWith(TEXT)
    const { session, log } = await openSession(api, documentId)
    selectText(session, at('Pyongyang').start, at('Pyongyang').end)
    press(session, '4') // Spam
    await session.settled()
    press(session, 'a')
    await session.settled()
    expect(log.failed).toEqual([{ message: expect.stringMatching(/^"attributed_to" links a Claim to a Speaker or Source: Spam "Pyongyang" cannot take part in it$/), kind: 'info' }])
    expect(session.state.link).toBe(null)
    expect(corpus.relationsOf(documentId)).toEqual([])
  })

  it('links the allowed way round when the child was picked first, and refuses two spans it cannot join', async () => {
    const { api, corpus, documentId } = corpusWith(TEXT)
    const { session, log } = await openSession(api, documentId)
    selectText(session, at('Mr Putin').start, at('Mr Putin').end)
    press(session, '2') // Speaker
    selectText(session, at('Pyongyang').start, at('Pyongyang').end)
    press(session, '3') // Source
    await session.settled()
    const [putin, pyongyang] = [...session.state.spans.values()]
    session.selectSpan(putin.id)
    press(session, 'a')
    await session.clickSpan(pyongyang.id) // Speaker and Source: no attributed_to either way
    expect(log.failed.map((f) => [f.message, f.kind])).toEqual([
      ['"attributed_to" links a Claim to a Speaker or Source: it cannot join Speaker "Mr Putin" and Source "Pyongyang"', 'info'],
    ])
    session.selectSpan(pyongyang.id)
    press(session, '1') // the Source becomes a Claim
    await session.settled()
    session.selectSpan(putin.id)
    press(session, 'a') // from the Speaker...
    await session.clickSpan(pyongyang.id) // ...to the Claim: stored from the Claim to the Speaker
    expect(corpus.relationsOf(documentId).map((r) => [r.head, r.child, r.label])).toEqual([[pyongyang.id, putin.id, 'attributed_to']])
  })

  it('completes a relation from the keyboard (a, Tab, Enter) and keeps taking keys afterwards', async () => {
    const { api, corpus, documentId } = corpusWith(TEXT)
    const { session } = await openSession(api, documentId)
    selectText(session, at('Pyongyang disagreed').start, at('Pyongyang disagreed').end)
    press(session, '1')
    selectText(session, at('Mr Putin').start, at('Mr Putin').end)
    press(session, '2')
    await session.settled()
    const [claim, putin] = [...session.state.spans.values()]
    session.selectSpan(claim.id)
    press(session, 'a')
    press(session, 'Tab') // to the Speaker
    press(session, 'Enter')
    press(session, 'Alt-d') // a key after Enter still acts
    await Promise.race([session.settled(), new Promise((_, reject) => setTimeout(() => reject(new Error('the session hangs after Enter')), 2000))])
    expect(corpus.relationsOf(documentId).map((r) => [r.head, r.child])).toEqual([[claim.id, putin.id]])
    expect(corpus.document(documentId)?.status).toBe('done')
  })

  it('selects the span already there instead of tagging exactly the same text with the same label twice', async () => {
    const { api, corpus, documentId } = corpusWith(TEXT)
    const { session, log } = await openSession(api, documentId)
    selectText(session, at('Mr Putin').start, at('Mr Putin').end)
    press(session, '2')
    selectText(session, at('Pyongyang').start, at('Pyongyang').end)
    press(session, '2')
    await session.settled()
    const putin = [...session.state.spans.values()].find((s) => s.text === 'Mr Putin')!
    selectText(session, at('Mr Putin').start, at('Mr Putin').end)
    press(session, '2')
    await session.settled()
    expect(corpus.spansOf(documentId)).toHaveLength(2)
    expect(session.state.selected).toBe(putin.id)
    expect(log.failed).toEqual([{ message: 'Speaker "Mr Putin" is already tagged: it is selected instead of being tagged twice.', kind: 'info' }])
    selectText(session, at('Mr Putin').start, at('Mr Putin').end)
    press(session, '3') // another label on the same text is a new span
    await session.settled()
    expect(corpus.spansOf(documentId).map((s) => s.label).sort()).toEqual(['Source', 'Speaker', 'Speaker'])
  })

  it('neither a relabel nor an edge moved makes a span the analyst already has: the one there is named (and, relabelling, selected)', async () => {
    const { api, corpus, documentId } = corpusWith(TEXT)
    const { session, log } = await openSession(api, documentId)
    selectText(session, at('Mr Putin').start, at('Mr Putin').end)
    press(session, '2')
    selectText(session, at('Mr Putin').start, at('Mr Putin').end)
    press(session, '3') // a Source over the same text
    selectText(session, at('Putin').start, at('Putin').end)
    press(session, '2') // a Speaker over part of it
    await session.settled()
    const spans = () => corpus.spansOf(documentId).map((s) => `${s.label} ${s.start_offset}-${s.end_offset}`).sort()
    const before = spans()
    const [speaker, source, part] = [...session.state.spans.values()].sort((a, b) => a.id - b.id)
    session.selectSpan(source.id)
    press(session, '2') // Source → Speaker: the Speaker over "Mr Putin" is there already
    await session.settled()
    expect(session.state.selected).toBe(speaker.id)
    session.selectSpan(part.id)
    press(session, 'Alt-Shift-ArrowLeft') // "Putin" → "Mr Putin": that Speaker again
    await session.settled()
    expect(spans()).toEqual(before)
    expect(session.state.selected).toBe(part.id)
    expect(log.failed).toEqual([
      { message: 'Speaker "Mr Putin" is already tagged: it is selected instead of being made twice.', kind: 'info' },
      { message: 'Speaker "Mr Putin" is already tagged: the edge stays, as moving it there would make it twice.', kind: 'info' },
    ])
    press(session, '3') // another label is fine
    await session.settled()
    expect(corpus.spansOf(documentId).find((s) => s.id === part.id)?.label).toBe('Source')
  })

  it('tells the host each time a write succeeds, so an earlier failure can be cleared', async () => {
    const { api, documentId } = corpusWith(TEXT)
    const { session, log } = await openSession(api, documentId)
    selectText(session, at('Mr Putin').start, at('Mr Putin').end)
    press(session, '2')
    await session.settled()
    expect(log.saved).toBe(1)
    press(session, 'Mod-z')
    await session.settled()
    expect(log.saved).toBe(2)
  })

  it('keeps the status and document labels in the editor state, not on the document it was opened from', async () => {
    const { api, corpus, documentId } = corpusWith(TEXT)
    corpus.addLabel({ name: 'Politics', kind: 'document', color: '#000000', hotkey: 'p', description: '', head: null, child: null })
    const { session, log } = await openSession(api, documentId)
    const changesBefore = log.changed
    press(session, 'Shift-p')
    press(session, 'Alt-s')
    await session.settled()
    expect(session.state.documentLabels.map((l) => [l.label, l.annotator])).toEqual([['Politics', 'ana']])
    expect(session.state.status).toBe('skipped')
    expect(corpus.documentLabelsOf(documentId)).toHaveLength(1)
    expect(log.changed).toBeGreaterThan(changesBefore)
    press(session, 'Mod-z')
    press(session, 'Mod-z')
    await session.settled()
    expect(session.state.documentLabels).toEqual([])
    expect(session.state.status).toBe('todo')
    expect(corpus.documentLabelsOf(documentId)).toEqual([])
  })

  it('leaves Ctrl+Enter (done, then the next to do) to the app, which takes it in turn with the other steps', async () => {
    const { api, corpus, documentId } = corpusWith(TEXT)
    const { session, log } = await openSession(api, documentId)
    expect(press(session, 'Mod-Enter')).toBe(true)
    await session.settled()
    expect(log.navigated).toEqual(['next after done'])
    expect(corpus.document(documentId)?.status).toBe('todo') // not by the key itself: the app marks it when its turn comes
  })

  it('on a read-only corpus, says why instead of writing, and changes nothing', async () => {
    const { api, corpus, documentId } = corpusWith(TEXT)
    const { session, log } = await openSession(api, documentId, { readOnly: 'you may not write this file' })
    selectText(session, at('Mr Putin').start, at('Mr Putin').end)
    press(session, '2')
    press(session, 'Alt-d')
    await session.settled()
    expect(corpus.spansOf(documentId)).toEqual([])
    expect(corpus.document(documentId)?.status).toBe('todo')
    expect(session.state.spans.size).toBe(0)
    expect(log.failed).toEqual([
      { message: expect.stringContaining('read-only (you may not write this file)'), kind: 'info' },
      { message: expect.stringContaining('Save a copy to annotate'), kind: 'info' },
    ])
  })
})

describe('notes and the unsure flag', () => {
  it('sets, changes and removes them as undoable steps, keeping other attributes', async () => {
    const { api, corpus, documentId } = corpusWith(TEXT)
    const { session } = await openSession(api, documentId)
    selectText(session, at('Mr Putin').start, at('Mr Putin').end)
    press(session, '2')
    await session.settled()
    const [span] = [...session.state.spans.values()]
    const stored = () => JSON.parse(corpus.spansOf(documentId)[0].attrs)
    press(session, 'Alt-q')
    await session.setSpanAttributes(span.id, { note: 'was it him?' })
    expect(stored()).toEqual({ unsure: true, note: 'was it him?' })
    expect(session.state.spans.get(span.id)?.attrs).toEqual({ unsure: true, note: 'was it him?' })
    press(session, 'Alt-q') // no longer unsure
    await session.settled()
    expect(stored()).toEqual({ note: 'was it him?' })
    press(session, 'Mod-z')
    press(session, 'Mod-z')
    await session.settled()
    expect(stored()).toEqual({ unsure: true })
    await session.setSpanAttributes(span.id, { unsure: undefined })
    expect(stored()).toEqual({})
  })
})

describe('with word snapping off', () => {
  it('a selection inside an emoji sequence or on a combining mark still tags whole characters', async () => {
    const text = 'Family 👨‍👩‍👧‍👦 and cafe\u0301 here.'
    const { api, corpus, documentId } = corpusWith(text)
    const { session } = await openSession(api, documentId, { snapping: false })
    const family = [...text].indexOf('👨')
    selectText(session, family + 2, family + 4) // the middle of the seven code points of the family
    press(session, '1')
    await session.settled()
    const accent = [...text].indexOf('\u0301')
    selectText(session, accent, accent + 1) // the accent alone
    press(session, '2')
    await session.settled()
    const spans = corpus.spansOf(documentId).map((s) => [...text].slice(s.start_offset, s.end_offset).join(''))
    expect(spans).toEqual(['👨‍👩‍👧‍👦', 'e\u0301'])
  })

  it('a selection of nothing but spaces or a line break tags nothing, and says so', async () => {
    const text = 'One line.\nAnother  line.'
    const { api, corpus, documentId } = corpusWith(text)
    const { session, log } = await openSession(api, documentId, { snapping: false })
    const gap = text.indexOf('  ')
    for (const [from, to] of [[gap, gap + 1], [gap, gap + 2], [text.indexOf('\n'), text.indexOf('\n') + 1]]) {
      selectText(session, from, to)
      press(session, '4')
      await session.settled()
    }
    expect(corpus.spansOf(documentId)).toEqual([])
    expect(log.failed.map((f) => f.message)).toEqual(Array(3).fill('The selection holds no word, only spaces or line breaks: there is nothing in it to tag.'))
    selectText(session, gap - 1, gap + 1) // with a character that is not white space, it is tagged as selected
    press(session, '4')
    await session.settled()
    expect(corpus.spansOf(documentId).map((s) => text.slice(s.start_offset, s.end_offset))).toEqual(['r '])
  })

  it('with word snapping on, a selection of punctuation alone tags nothing and says how to tag it; off, it is tagged', async () => {
    const text = 'He said so last year. Then he left.'
    const { api, corpus, documentId } = corpusWith(text)
    const dot = text.indexOf('. ')
    const { session, log } = await openSession(api, documentId, { snapping: true })
    selectText(session, dot, dot + 2)
    press(session, '4')
    await session.settled()
    expect(corpus.spansOf(documentId)).toEqual([])
    expect(log.failed.map((f) => f.message)).toEqual(['The selection holds no word, only ".": snapping to words tags words; Alt+W switches it off to tag a mark alone.'])
    const off = await openSession(api, documentId, { snapping: false })
    selectText(off.session, dot, dot + 1)
    press(off.session, '4')
    await off.session.settled()
    expect(corpus.spansOf(documentId).map((s) => text.slice(s.start_offset, s.end_offset))).toEqual(['.'])
  })
})

/** The states the session's view is given from now on. */
function recordStates(session: DocumentSession): EditorState[] {
  const states: EditorState[] = []
  const view = session.view
  const update = view.updateState.bind(view)
  view.updateState = (state) => {
    states.push(state)
    update(state)
  }
  return states
}

describe('undo and redo beside another analyst or window', () => {
  /** Lets the clock move on, so that a change made now has another `updated_at` than one made just before. */
  const aMoment = () => new Promise((resolve) => setTimeout(resolve, 3))

  /** A session on TEXT that has just tagged "Mr Putin" as a Speaker. */
  async function speakerTagged() {
    const { api, corpus, documentId } = corpusWith(TEXT)
    const { session, log } = await openSession(api, documentId)
    selectText(session, at('Mr Putin').start, at('Mr Putin').end)
    press(session, '2')
    await session.settled()
    return { corpus, documentId, session, log }
  }

  it('do not remove a span another analyst relabelled since: refused, shown, and the span stays as they left it', async () => {
    const { corpus, documentId, session, log } = await speakerTagged()
    const [tagged] = corpus.spansOf(documentId)
    await aMoment()
    corpus.updateSpan(documentId, tagged.id, { start: tagged.start_offset, end: tagged.end_offset, label: 'Source' }) // another analyst's window
    press(session, 'Mod-z')
    await session.settled()
    expect(corpus.spansOf(documentId)).toMatchObject([{ id: tagged.id, label: 'Source' }])
    expect(log.failed.map((f) => f.message)).toEqual([expect.stringMatching(/^Not undone: the span "Mr Putin" was changed since \(it is now Source, changed at \d\d:\d\d:\d\d UTC on \d{4}-\d\d-\d\d\), by another analyst or in another window/)])
    expect(session.state.spans.get(tagged.id)?.label).toBe('Source') // drawn as stored
  })

  it("do not overwrite a note another window wrote since this one read the span: refused, and the other's note shown", async () => {
    const { corpus, documentId, session, log } = await speakerTagged()
    const [tagged] = corpus.spansOf(documentId)
    await aMoment()
    corpus.setSpanAttrs(documentId, tagged.id, { note: 'from the other window' }) // unseen here: the same server connection
    await session.setSpanAttributes(tagged.id, { note: 'from this window' })
    await session.settled()
    expect(JSON.parse(corpus.spansOf(documentId)[0].attrs)).toEqual({ note: 'from the other window' })
    expect(log.failed.map((f) => f.message)).toEqual([expect.stringMatching(/^Not saved: the span "Mr Putin" was changed since .*by another analyst or in another window/)])
    expect(session.state.spans.get(tagged.id)?.attrs).toEqual({ note: 'from the other window' }) // drawn as stored
    expect(session.state.selected).toBe(tagged.id) // still selected,
    expect(session.canUndo()).toBe(true) // and the tag still undoable: each step checks again what it changes
    // Nor is a relabel written over a change made elsewhere; once the span is read as it is, changes go through.
    await aMoment()
    corpus.updateSpan(documentId, tagged.id, { start: tagged.start_offset, end: tagged.end_offset, label: 'Source' })
    session.selectSpan(tagged.id)
    press(session, '1')
    await session.settled()
    expect(corpus.spansOf(documentId)[0].label).toBe('Source')
    expect(log.failed).toHaveLength(2)
    await session.setSpanAttributes(tagged.id, { note: 'now seen' })
    await session.settled()
    expect(JSON.parse(corpus.spansOf(documentId)[0].attrs)).toEqual({ note: 'now seen' })
  })

  it('do not remove a span someone linked since, with their relation', async () => {
    const { corpus, documentId, session, log } = await speakerTagged()
    const [speaker] = corpus.spansOf(documentId)
    const claim = corpus.insertSpan(documentId, { ...at('the summit went well'), label: 'Claim', annotator: 'ben' })
    corpus.insertRelation(documentId, { head: claim, child: speaker.id, label: 'attributed_to', annotator: 'ben' })
    press(session, 'Mod-z')
    await session.settled()
    expect(corpus.spansOf(documentId)).toHaveLength(2)
    expect(corpus.relationsOf(documentId)).toMatchObject([{ head: claim, child: speaker.id, annotator: 'ben' }])
    expect(log.failed.map((f) => f.message)).toEqual([expect.stringMatching(/has a relation made since \(attributed_to by ben\)/)])
  })

  it('do not put back a label another analyst changed since a relabel', async () => {
    const { corpus, documentId, session, log } = await speakerTagged()
    press(session, '3') // relabelled here: Source
    await session.settled()
    const [span] = corpus.spansOf(documentId)
    await aMoment()
    corpus.updateSpan(documentId, span.id, { start: span.start_offset, end: span.end_offset, label: 'Spam' })
    press(session, 'Mod-z') // would put Speaker back over their Spam
    await session.settled()
    expect(corpus.spansOf(documentId)).toMatchObject([{ label: 'Spam' }])
    expect(log.failed).toHaveLength(1)
  })

  it("links to the analyst's own copy of a span when another analyst's copy of it is picked, and so never twice to look-alikes", async () => {
    const { api, corpus, documentId } = corpusWith(TEXT)
    const own = corpus.insertSpan(documentId, { ...at('Mr Putin'), label: 'Speaker', annotator: 'ana' })
    const theirs = corpus.insertSpan(documentId, { ...at('Mr Putin'), label: 'Speaker', annotator: 'ben' })
    const claim = corpus.insertSpan(documentId, { ...at('the summit went well'), label: 'Claim', annotator: 'ana' })
    const { session, log } = await openSession(api, documentId)
    for (const picked of [own, theirs]) {
      session.selectSpan(claim)
      press(session, 'a')
      await session.clickSpan(picked)
      await session.settled()
    }
    expect(corpus.relationsOf(documentId).map((r) => [r.head, r.child, r.annotator])).toEqual([[claim, own, 'ana']])
    expect(log.failed.map((f) => f.message)).toEqual([expect.stringMatching(/is already linked to Speaker "Mr Putin" by attributed_to/)])
  })

  it('redo a removal of a linked span after its undo, the relation with it; refuse it once someone linked it anew', async () => {
    const { api, corpus, documentId } = corpusWith(TEXT)
    const speaker = corpus.insertSpan(documentId, { ...at('Mr Putin'), label: 'Speaker', annotator: 'ana' })
    const claim = corpus.insertSpan(documentId, { ...at('the summit went well'), label: 'Claim', annotator: 'ana' })
    corpus.insertRelation(documentId, { head: claim, child: speaker, label: 'attributed_to', annotator: 'ana' })
    const { session, log } = await openSession(api, documentId)
    session.selectSpan(speaker)
    press(session, 'Delete')
    await session.settled()
    press(session, 'Mod-z')
    await session.settled()
    expect(corpus.relationsOf(documentId)).toHaveLength(1)
    press(session, 'Mod-Shift-z')
    await session.settled()
    expect(log.failed).toEqual([])
    expect(corpus.spansOf(documentId).map((s) => s.label)).toEqual(['Claim'])
    expect(corpus.relationsOf(documentId)).toEqual([])
    press(session, 'Mod-z')
    await session.settled()
    const source = corpus.insertSpan(documentId, { ...at('Pyongyang'), label: 'Source', annotator: 'ben' })
    corpus.insertRelation(documentId, { head: claim, child: source, label: 'attributed_to', annotator: 'ben' })
    corpus.insertRelation(documentId, { head: claim, child: speaker, label: 'attributed_to', annotator: 'ben' })
    press(session, 'Mod-Shift-z')
    await session.settled()
    expect(corpus.spansOf(documentId).map((s) => s.label).sort()).toEqual(['Claim', 'Source', 'Speaker'])
    expect(log.failed.map((f) => f.message)).toEqual([expect.stringMatching(/has a relation made since \(attributed_to by ben\)/)])
  })

  it('go through this editor’s own chain of changes to one span: tag, relabel, note, all undone and redone', async () => {
    const { corpus, documentId, session, log } = await speakerTagged()
    await aMoment()
    press(session, '3')
    await session.settled()
    await aMoment()
    const id = session.state.selected!
    await session.setSpanAttributes(id, { note: 'check the quote' })
    for (let i = 0; i < 3; i++) {
      await aMoment()
      press(session, 'Mod-z')
      await session.settled()
    }
    expect(corpus.spansOf(documentId)).toEqual([])
    for (let i = 0; i < 3; i++) {
      await aMoment()
      press(session, 'Mod-Shift-z')
      await session.settled()
    }
    expect(corpus.spansOf(documentId)).toMatchObject([{ id, label: 'Source', attrs: JSON.stringify({ note: 'check the quote' }) }])
    expect(log.failed).toEqual([])
  })
})

describe('another analyst’s span', () => {
  it('stays as they made it: a label key tags the same text as this analyst’s own; Delete, edge moves and notes are refused, saying whose it is', async () => {
    const { api, corpus, documentId } = corpusWith(TEXT, 'ben')
    const theirs = corpus.insertSpan(documentId, { ...at('Mr Putin'), label: 'Speaker', annotator: 'ana' })
    const { session, log } = await openSession(api, documentId)
    session.selectSpan(theirs)
    press(session, '3') // Source
    await session.settled()
    expect(corpus.spansOf(documentId).map((s) => [s.label, s.annotator]).sort()).toEqual([
      ['Source', 'ben'],
      ['Speaker', 'ana'],
    ])
    const mine = corpus.spansOf(documentId).find((s) => s.annotator === 'ben')!
    expect(session.state.selected).toBe(mine.id)
    press(session, '3') // theirs again: this analyst's Source there is selected, not made twice
    session.selectSpan(theirs)
    press(session, '3')
    await session.settled()
    expect(session.state.selected).toBe(mine.id)
    expect(corpus.spansOf(documentId)).toHaveLength(2)

    session.selectSpan(theirs)
    press(session, 'Delete')
    press(session, 'Alt-ArrowRight')
    await session.setSpanAttributes(theirs, { note: 'not a speaker' })
    await session.settled()
    expect(corpus.spansOf(documentId).find((s) => s.id === theirs)).toMatchObject({ label: 'Speaker', annotator: 'ana', start_offset: at('Mr Putin').start, end_offset: at('Mr Putin').end, attrs: '{}' })
    session.selectSpan(theirs)
    expect(session.mayChangeSelected('writing its note')).toBe(false) // Alt+M: the focus stays in the text
    session.selectSpan(mine.id)
    expect(session.mayChangeSelected('writing its note')).toBe(true)
    expect(log.failed.map((f) => f.kind)).toEqual(['info', 'info', 'info', 'info'])
    expect(log.failed[0].message).toMatch(/^Speaker "Mr Putin" is ana's: removing it is theirs to do\. A label key tags the same text as your own\.$/)
  })
})

describe('a write the corpus could not take (read-only, disk full, locked too long)', () => {
  it('is shown, and keeps the steps saved before it and the selection: the corpus is as it was', async () => {
    const { api, corpus, documentId } = corpusWith(TEXT)
    const { api: flaky, state } = refusingWrites(api, 'readonly', 'attempt to write a readonly database')
    const { session, log } = await openSession(flaky, documentId)
    selectText(session, at('Mr Putin').start, at('Mr Putin').end)
    press(session, '2')
    selectText(session, at('Pyongyang').start, at('Pyongyang').end)
    press(session, '2')
    await session.settled()
    const pyongyang = [...session.state.spans.values()].find((s) => s.text === 'Pyongyang')!
    state.failFrom = state.writes + 1
    await session.setSpanAttributes(pyongyang.id, { note: 'a remark' })
    await session.settled()
    expect(log.failed.map((f) => f.message)).toEqual(['Not saved: attempt to write a readonly database'])
    expect(session.state.selected).toBe(pyongyang.id) // still selected: its note box is not told it was removed
    state.failFrom = 0
    press(session, 'Mod-z')
    await session.settled()
    expect(corpus.spansOf(documentId).map((s) => s.label + ' ' + s.start_offset)).toEqual([`Speaker ${at('Mr Putin').start}`])
  })
})

/** A session on TEXT with "Mr Putin" tagged Speaker by it and selected. */
async function putinSelected() {
  const { api, corpus, documentId } = corpusWith(TEXT)
  const { session, log } = await openSession(api, documentId)
  selectText(session, at('Mr Putin').start, at('Mr Putin').end)
  press(session, '2')
  await session.settled()
  const [putin] = corpus.spansOf(documentId)
  session.selectSpan(putin.id)
  return { corpus, documentId, session, log, putin }
}

describe('a label key over a selection of spaces only', () => {
  it('tags nothing and leaves the span selected before as it is, saying why', async () => {
    const { corpus, documentId, session, log, putin } = await putinSelected()
    // A drag that caught only the space after "Putin", the span still selected in the side panel.
    selectText(session, at('Mr Putin').end, at('Mr Putin').end + 1)
    expect(session.state.selected).toBe(putin.id)
    press(session, '1')
    await session.settled()
    expect(corpus.spansOf(documentId).map((s) => s.label)).toEqual(['Speaker'])
    expect(log.failed.map((f) => f.message)).toEqual(['The selection holds no word, only spaces or line breaks: there is nothing in it to tag.'])
  })
})

describe('Delete beside another window', () => {
  it('does not remove a span another window changed since this one read it (its note, here): refused, and the span shown as it is', async () => {
    const { corpus, documentId, session, log, putin } = await putinSelected()
    await new Promise((resolve) => setTimeout(resolve, 5))
    corpus.setSpanAttrs(documentId, putin.id, { note: 'from the other window' }) // unseen here: the same server connection
    press(session, 'Delete')
    await session.settled()
    expect(corpus.spansOf(documentId).map((s) => JSON.parse(s.attrs))).toEqual([{ note: 'from the other window' }])
    expect(log.failed.map((f) => f.message)).toEqual([expect.stringMatching(/^Not saved: the span "Mr Putin" was changed since/)])
    expect(session.state.spans.get(putin.id)?.attrs).toEqual({ note: 'from the other window' })
    // Read as it is now, Delete removes it.
    press(session, 'Delete')
    await session.settled()
    expect(corpus.spansOf(documentId)).toEqual([])
  })
})

describe('a digit no label has', () => {
  it('says so, with the keys there are, and changes nothing', async () => {
    const { api, corpus, documentId } = corpusWith(TEXT)
    const { session, log } = await openSession(api, documentId)
    selectText(session, at('Mr Putin').start, at('Mr Putin').end)
    expect(press(session, '7')).toBe(true)
    await session.settled()
    expect(corpus.spansOf(documentId)).toEqual([])
    expect(log.failed).toEqual([{ kind: 'info', message: expect.stringMatching(/^No label has the key 7: 1 Claim, 2 Speaker, 3 Source, 4 Spam, a attributed_to\.$/) }])
  })
})

describe('a document another program replaced under the same row id', () => {
  it('is not taken for the one open: refreshing says it changed, so the app opens it anew and forgets the old steps', async () => {
    const { writeFileSync } = await import('node:fs')
    const { join } = await import('node:path')
    const { importPaths } = await import('../../src/core/import/import')
    const { scratch } = await import('../helpers')
    const { api, corpus, documentId } = corpusWith(TEXT)
    corpus.insertDocument({ externalId: 'later', title: 'Later', text: 'Another document.' }) // the replaced one is not the last
    const { session } = await openSession(api, documentId)
    selectText(session, at('Mr Putin').start, at('Mr Putin').end)
    press(session, '2')
    await session.settled()
    const input = join(scratch(), 'replacement.jsonl')
    writeFileSync(input, `${JSON.stringify({ id: 'doc', title: 'Doc', text: TEXT, spans: [{ start: at('Pyongyang').start, end: at('Pyongyang').end, label: 'Speaker' }] })}\n`)
    await importPaths(corpus, [input], { annotator: 'ana', existing: 'replace' })
    expect(await api.findDocument({ id: 'doc' })).toBe(documentId) // its place kept
    expect(await session.refreshFromCorpus()).toBe(false) // the same text, but another document
  })
})

describe('an undo the corpus could not take, and a step refused half-way (found by a review)', () => {

  it('keeps an undo refused before it wrote anything, so that Ctrl+Z again undoes that step, not the one before', async () => {
    const { api, corpus, documentId } = corpusWith(TEXT)
    const { api: flaky, state } = refusingWrites(api, 'busy', 'another program has kept the corpus locked for 30 s; nothing was written, try again')
    const { session } = await openSession(flaky, documentId)
    for (const needle of ['Mr Putin', 'Pyongyang']) {
      selectText(session, at(needle).start, at(needle).end)
      press(session, '2')
    }
    await session.settled()
    state.failFrom = state.writes + 1
    press(session, 'Mod-z')
    await session.settled()
    state.failFrom = 0
    press(session, 'Mod-z')
    await session.settled()
    expect(corpus.spansOf(documentId).map((s) => TEXT.slice(s.start_offset, s.end_offset))).toEqual(['Mr Putin'])
  })

  it('writes nothing of a step of several writes refused at its last one, and keeps the steps before it to undo and redo', async () => {
    const made = corpusWith('Mr Kim said sanctions relief was discussed. Putin agreed.', 'lead')
    const { corpus, documentId } = made
    corpus.insertSpan(documentId, { start: 12, end: 28, label: 'Claim', annotator: 'ana' })
    corpus.insertSpan(documentId, { start: 29, end: 42, label: 'Source', annotator: 'ana' })
    corpus.insertSpan(documentId, { start: 12, end: 42, label: 'Claim', annotator: 'bob' })
    corpus.insertSpan(documentId, { start: 44, end: 49, label: 'Speaker', annotator: 'bob' }) // ana tagged nothing here
    const { session, log } = await openSession(made.api, documentId)
    const place = (start: number) => session.curation.items().find((item) => item.pointer.start === start)!
    await session.curation.acceptVersionOf(place(44).pointer, place(44).versions.findIndex((v) => v.annotators.includes('bob'))) // a whole step
    expect(session.canUndo()).toBe(true)
    // ana's version: its Claim is written, then the disk is full when its Source comes to be.
    const diskBack = diskFullAtSpan(corpus, (span) => span.annotator === 'curated' && span.label === 'Source')
    await session.curation.acceptVersionOf(place(12).pointer, place(12).versions.findIndex((v) => v.annotators.includes('ana')))
    diskBack()
    expect(log.failed.at(-1)?.message).toMatch(/^Not saved: the corpus could not be written: database or disk is full$/)
    const curated = () => corpus.spansOf(documentId).filter((s) => s.annotator === 'curated').map((s) => s.label).sort()
    expect(curated()).toEqual(['Speaker']) // not the Claim: the step's writes are one transaction
    expect([...session.state.spans.values()].filter((s) => s.annotator === 'curated').map((s) => s.label)).toEqual(['Speaker'])
    // The step before it is undone and redone as usual.
    press(session, 'Mod-z')
    await session.settled()
    expect(curated()).toEqual([])
    press(session, 'Mod-Shift-z')
    await session.settled()
    expect(curated()).toEqual(['Speaker'])
    await session.curation.acceptVersionOf(place(12).pointer, place(12).versions.findIndex((v) => v.annotators.includes('ana'))) // the disk has room again
    expect(curated()).toEqual(['Claim', 'Source', 'Speaker'])
  })
})
