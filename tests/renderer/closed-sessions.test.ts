/**
 * The undo history outlives the editors that recorded it (it is the app's, per document): a step must not keep
 * the closed editor's session, with its document, state and view, in memory. Each kind of step is recorded in
 * a session that is then closed; once nothing else holds it, the garbage collector must be able to take it.
 */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { History } from '../../src/renderer/editor/history'
import type { DocumentSession, Write } from '../../src/renderer/editor/session'
import type { MarginaliaApi } from '../../src/shared/api'
import { corpusWith, openSession, press, selectText } from './headless'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

const TEXT = 'Mr Putin said the summit went well. Pyongyang disagreed.'
const at = (needle: string) => {
  const start = [...TEXT.slice(0, TEXT.indexOf(needle))].length
  return { start, end: start + [...needle].length }
}

/** Tags `needle` with the label of key `key`. */
async function tag(session: DocumentSession, needle: string, key: string): Promise<void> {
  selectText(session, at(needle).start, at(needle).end)
  press(session, key)
  await session.settled()
}

/** The steps to record, each in a session of its own on a document that already has a Speaker and a Claim. */
const STEPS: Record<string, (session: DocumentSession) => Promise<void>> = {
  tag: (session) => tag(session, 'Pyongyang', '2'),
  'remove a span': async (session) => {
    session.selectSpan(session.state.spans.keys().next().value!)
    press(session, 'Delete')
    await session.settled()
  },
  'move an edge': async (session) => {
    session.selectSpan(session.state.spans.keys().next().value!)
    press(session, 'Alt-ArrowRight')
    await session.settled()
  },
  'set attributes': async (session) => {
    await session.setSpanAttributes(session.state.spans.keys().next().value!, { note: 'checked' })
  },
  link: async (session) => {
    const [speaker, claim] = [...session.state.spans.values()].sort((a, b) => a.start - b.start)
    session.selectSpan(claim.id)
    await session.startLink('attributed_to')
    await session.completeLink(speaker.id)
    await session.settled()
  },
  status: (session) => session.setStatus('done'),
  'document label': (session) => session.toggleDocumentLabel('Politics'),
}

/** Records `step` in a session on the document, closes the session, and returns a weak reference to it. */
async function recordAndClose(api: MarginaliaApi, documentId: number, history: History<Write>, step: (session: DocumentSession) => Promise<void>): Promise<WeakRef<DocumentSession>> {
  const { session, log } = await openSession(api, documentId, { history })
  await step(session)
  expect(log.failed).toEqual([])
  session.destroy()
  return new WeakRef(session)
}

async function collected(ref: WeakRef<object>): Promise<boolean> {
  for (let i = 0; i < 10 && ref.deref() !== undefined; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0))
    gc()
  }
  return ref.deref() === undefined
}

describe('a closed session', () => {
  for (const [name, step] of Object.entries(STEPS)) {
    it(`is not kept in memory by the undo step it recorded (${name}), which still undoes`, async () => {
      const { api, corpus, documentId } = corpusWith(TEXT)
      corpus.addLabel({ name: 'Politics', kind: 'document', color: '#336699', hotkey: null, description: '', head: null, child: null })
      const history = new History<Write>()
      const setup = await openSession(api, documentId)
      await tag(setup.session, 'Mr Putin', '2')
      await tag(setup.session, 'the summit went well', '1')
      setup.session.destroy()
      const ref = await recordAndClose(api, documentId, history, step)
      expect(history.canUndo(documentId)).toBe(true)
      expect(await collected(ref)).toBe(true)
      const { session, log } = await openSession(api, documentId, { history })
      press(session, 'Mod-z')
      await session.settled()
      expect(log.failed).toEqual([])
      expect(history.canRedo(documentId)).toBe(true)
    })
  }
})
