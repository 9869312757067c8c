/// <reference lib="dom" />
/**
 * Spans missing a relation, the relation view's state (Alt+R, Alt+U) and stepping with Tab through the spans
 * missing one, in a headless session over a real corpus; which relations the arcs plugin draws.
 */
import { describe, expect, it } from 'vitest'
import { relationsToDraw } from '../../src/renderer/editor/relation-arcs'
import { describeMissing, missingRelations } from '../../src/renderer/editor/missing-relations'
import { relationView } from '../../src/renderer/editor/relation-view'
import type { LabelDefinition } from '../../src/shared/corpus-types'
import { corpusWith, openSession, press, selectText } from './headless'

const TEXT = 'Mr Putin said the summit went well. Pyongyang said it did not. Nobody said anything else.'
const at = (needle: string) => {
  const start = [...TEXT.slice(0, TEXT.indexOf(needle))].length
  return { start, end: start + [...needle].length }
}

/** A session on TEXT with two Speakers and three Claims, the first Claim attributed to Mr Putin. */
async function tagged() {
  const { api, documentId } = corpusWith(TEXT)
  const opened = await openSession(api, documentId)
  const { session } = opened
  const tag = (needle: string, key: string) => {
    selectText(session, at(needle).start, at(needle).end)
    press(session, key)
  }
  tag('Mr Putin', '2')
  tag('the summit went well', '1')
  tag('Pyongyang', '2')
  tag('it did not', '1')
  tag('anything else', '1')
  await session.settled()
  const span = (text: string) => [...session.state.spans.values()].find((s) => s.text === text)!
  session.selectSpan(span('the summit went well').id)
  press(session, 'a')
  await session.completeLink(span('Mr Putin').id)
  const labels: readonly LabelDefinition[] = (await api.corpus({})).labels
  return { ...opened, span, labels, selected: () => session.state.spans.get(session.state.selected!)?.text }
}

describe('spans missing a relation', () => {
  it('counts, for each relation label with head rules, the head-label spans that head no such relation', async () => {
    const { session, labels, span } = await tagged()
    const [missing] = missingRelations(session.state, labels)
    expect(missing.relation).toBe('attributed_to')
    expect(missing.headLabel).toBe('Claim')
    expect(missing.spans.map((s) => s.text)).toEqual(['it did not', 'anything else'])
    expect(describeMissing(missing)).toBe('2 Claims without attributed_to')
    session.selectSpan(span('it did not').id)
    press(session, 'a')
    await session.completeLink(span('Pyongyang').id)
    expect(describeMissing(missingRelations(session.state, labels)[0])).toBe('1 Claim without attributed_to')
    expect(describeMissing({ relation: 'cites', headLabel: 'Source', spans: [] })).toBe('0 Sources without cites')
    expect(describeMissing({ relation: 'r', headLabel: 'Quote box', spans: [] })).toBe('0 Quote boxes without r')
  })

  it("counts the editor's own work with everyone's shown, and the analyst's shown otherwise", async () => {
    const { api, corpus, documentId } = corpusWith(TEXT, 'ana')
    corpus.transaction(() => {
      corpus.insertSpan(documentId, { ...at('the summit went well'), label: 'Claim', annotator: 'bob' })
      corpus.insertSpan(documentId, { ...at('it did not'), label: 'Claim', annotator: 'ana' })
    })
    const { session } = await openSession(api, documentId)
    const labels: readonly LabelDefinition[] = (await api.corpus({})).labels
    const counted = () => missingRelations(session.state, labels)[0].spans.map((s) => `${s.annotator} ${s.text}`)
    expect(counted()).toEqual(['ana it did not']) // bob's Claim is his to link
    session.showAnalyst('bob')
    await session.settled()
    expect(counted()).toEqual(['bob the summit went well'])
    // bob links his Claim to ana's Speaker: his link, shown with his work though its end is ana's.
    const speaker = corpus.insertSpan(documentId, { ...at('Mr Putin'), label: 'Speaker', annotator: 'ana' })
    const claim = [...session.state.spans.values()].find((s) => s.annotator === 'bob')!
    corpus.insertRelation(documentId, { head: claim.id, child: speaker, label: 'attributed_to', annotator: 'bob' })
    await session.refreshFromCorpus()
    expect(counted()).toEqual([])
  })

  it('while curating, counts a curated span linked as every analyst linked theirs (the settled set has that relation)', async () => {
    const { api, corpus, documentId } = corpusWith(TEXT, 'lead')
    corpus.defineLabels(corpus.labels().map(({ id: _id, ...l }) => (l.name === 'Claim' ? { ...l, attributes: [{ name: 'checkworthy', values: ['yes', 'no'] }] } : l)))
    corpus.transaction(() => {
      for (const [annotator, checkworthy] of [['ana', 'yes'], ['bob', 'no']]) {
        const speaker = corpus.insertSpan(documentId, { ...at('Mr Putin'), label: 'Speaker', annotator })
        const claim = corpus.insertSpan(documentId, { ...at('the summit went well'), label: 'Claim', annotator, attrs: { checkworthy } })
        corpus.insertRelation(documentId, { head: claim, child: speaker, label: 'attributed_to', annotator })
      }
      corpus.insertSpan(documentId, { ...at('the summit went well'), label: 'Claim', annotator: 'curated', attrs: { checkworthy: 'yes' } })
      corpus.insertSpan(documentId, { ...at('it did not'), label: 'Claim', annotator: 'curated' }) // the curator's own: unlinked
    })
    const { session } = await openSession(api, documentId)
    const labels: readonly LabelDefinition[] = (await api.corpus({})).labels
    press(session, 'Alt-c')
    await session.settled()
    expect(missingRelations(session.state, labels)[0].spans.map((s) => `${s.annotator} ${s.text}`)).toEqual(['curated it did not'])
  })

  it('leaves out relation labels that allow any head', () => {
    const state = { spans: new Map(), relations: new Map(), shown: null, me: 'ana', curating: false }
    const anyHead: LabelDefinition = { name: 'links', kind: 'relation', color: '#000000', hotkey: null, description: '', head: null, child: null }
    expect(missingRelations(state, [anyHead])).toEqual([])
  })
})

describe('Alt+U: Tab steps through the spans missing a relation', () => {
  it('selects the first at once, steps and wraps with Tab and Shift+Tab, and tells the host', async () => {
    const { session, log, selected, span } = await tagged()
    session.selectSpan(span('Mr Putin').id)
    const changes = log.changed
    expect(press(session, 'Alt-u')).toBe(true)
    expect(relationView(session.view.state).unlinkedOnly).toBe(true)
    expect(log.changed).toBeGreaterThan(changes)
    expect(selected()).toBe('it did not')
    press(session, 'Tab')
    expect(selected()).toBe('anything else')
    press(session, 'Tab')
    expect(selected()).toBe('it did not')
    press(session, 'Shift-Tab')
    expect(selected()).toBe('anything else')
    press(session, 'Alt-u')
    expect(relationView(session.view.state).unlinkedOnly).toBe(false)
    press(session, 'Tab')
    expect(selected()).toBe('Mr Putin') // every span again, wrapping round
  })

  it('with no span missing a relation, says so and is not switched on', async () => {
    const { api, corpus, documentId } = corpusWith(TEXT)
    corpus.transaction(() => void corpus.insertSpan(documentId, { ...at('Mr Putin'), label: 'Speaker', annotator: 'e2e' }))
    const { session, log } = await openSession(api, documentId)
    expect(press(session, 'Alt-u')).toBe(true)
    expect(relationView(session.view.state).unlinkedOnly).toBe(false)
    expect(log.failed.map((f) => f.message)).toEqual(['No span here is missing a relation its label asks for: Tab goes on stepping through every span.'])
  })

  it('steps through every span while a relation is being linked, so a, Tab, Enter still finds the other end', async () => {
    const { session, selected, span, labels, log } = await tagged()
    session.selectSpan(span('it did not').id)
    press(session, 'Alt-u')
    expect(selected()).toBe('it did not') // already one: kept
    press(session, 'Shift-Tab')
    press(session, 'Tab')
    expect(selected()).toBe('it did not')
    press(session, 'a')
    press(session, 'Shift-Tab') // waits for the link to start, then steps through every span
    await session.settled()
    expect(selected()).toBe('Pyongyang')
    press(session, 'Enter')
    await session.settled()
    expect(describeMissing(missingRelations(session.state, labels)[0])).toBe('1 Claim without attributed_to')
    press(session, 'Tab')
    expect(selected()).toBe('anything else')
    session.selectSpan(span('anything else').id)
    press(session, 'a')
    await session.completeLink(span('Pyongyang').id)
    press(session, 'Tab') // none left: Tab stays, and says why
    expect(selected()).toBe('anything else')
    expect(log.failed.at(-1)?.message).toBe('No span is missing a relation: every Claim has its attributed_to. Alt+U lets Tab step through every span again.')
  })
})

describe('Alt+R and which relations are drawn', () => {
  it('draws every relation with an end near the viewport (the selected span’s also with its ends on either side of it), or only the selected span’s', async () => {
    const { session, span } = await tagged()
    session.selectSpan(span('it did not').id)
    press(session, 'a')
    await session.completeLink(span('Pyongyang').id)
    const all = { from: 0, to: TEXT.length }
    const ids = (near = all) => relationsToDraw(session.state, relationView(session.view.state), near).map((r) => session.state.spans.get(r.head)!.text)
    expect(ids()).toEqual(['the summit went well', 'it did not'])
    expect(ids({ from: at('Nobody').start, to: TEXT.length })).toEqual([]) // nothing near
    expect(ids({ from: 0, to: at('Mr Putin').end })).toEqual(['the summit went well']) // one end near is enough
    // Neither end near, one before the view and one after it: the arc passes through the view, drawn for the
    // selected span's relations only.
    const between = { from: at('said').start, to: at('said').end }
    expect(ids(between)).toEqual([])
    session.selectSpan(span('Mr Putin').id)
    expect(ids(between)).toEqual(['the summit went well'])
    session.selectSpan(span('it did not').id)
    expect(press(session, 'Alt-r')).toBe(true)
    expect(relationView(session.view.state).arcs).toBe('selected')
    expect(ids()).toEqual(['it did not'])
    session.selectSpan(null)
    expect(ids()).toEqual([])
    press(session, 'Alt-r')
    expect(ids()).toEqual(['the summit went well', 'it did not'])
  })
})
