/// <reference lib="dom" />
/** Curation mode in the editor, headless: stepping through disagreements, choosing and accepting versions. */
import { describe, expect, it } from 'vitest'
import { CURATED, curationOf, meetingKey } from '../../src/shared/curation'
import { corpusWith, diskFullAtSpan, openSession, press, refusingWrites, selectText } from './headless'

const TEXT = 'Mr Kim said sanctions relief was discussed. Putin agreed.'

/** Putin a Speaker to ana, a Source to bob, open by the lead; `accept(name)` accepts that analyst's version. */
async function speakerOrSource() {
  const made = corpusWith(TEXT, 'lead')
  const { corpus, documentId } = made
  corpus.transaction(() => {
    corpus.insertSpan(documentId, { start: 44, end: 49, label: 'Speaker', annotator: 'ana' })
    corpus.insertSpan(documentId, { start: 44, end: 49, label: 'Source', annotator: 'bob' })
  })
  const { session, log } = await openSession(made.api, documentId)
  const placeAt = (start: number) => session.curation.items().find((item) => item.pointer.start === start)!
  const accept = (name: string) => session.curation.acceptVersionOf(placeAt(44).pointer, placeAt(44).versions.findIndex((v) => v.annotators.includes(name)))
  return { corpus, documentId, session, log, accept }
}

describe('curation mode', () => {
  it('steps to each disagreement, accepts the version chosen into the curated layer as one undoable step, and moves on', async () => {
    const { api, corpus, documentId } = corpusWith(TEXT, 'lead')
    corpus.transaction(() => {
      corpus.insertSpan(documentId, { start: 0, end: 6, label: 'Speaker', annotator: 'ana' })
      corpus.insertSpan(documentId, { start: 0, end: 6, label: 'Speaker', annotator: 'bob' }) // agreed: not a disagreement
      corpus.insertSpan(documentId, { start: 12, end: 42, label: 'Claim', annotator: 'ana' })
      corpus.insertSpan(documentId, { start: 12, end: 28, label: 'Claim', annotator: 'bob' })
      corpus.insertSpan(documentId, { start: 44, end: 49, label: 'Speaker', annotator: 'bob' })
    })
    const { session } = await openSession(api, documentId)
    expect(press(session, 'ArrowDown')).toBe(false) // not curating: arrows move the caret as usual
    expect(press(session, 'Alt-c')).toBe(true)
    await session.settled()
    expect(session.state.curating).toBe(true)
    expect(session.state.curation).toMatchObject({ item: { kind: 'place', start: 12, end: 42 }, version: 0 })
    expect(press(session, 'ArrowDown')).toBe(true) // bob's version
    await session.settled()
    expect(session.state.curation?.version).toBe(1)
    expect(press(session, 'Enter')).toBe(true)
    await session.settled()
    const curated = () => corpus.spansOf(documentId).filter((s) => s.annotator === CURATED).map((s) => [s.start_offset, s.end_offset, s.label])
    expect(curated()).toEqual([[12, 28, 'Claim']])
    expect(session.state.curation?.item).toMatchObject({ start: 44, end: 49 }) // on to the next one not settled
    press(session, 'Mod-z')
    await session.settled()
    expect(curated()).toEqual([])
    press(session, 'Mod-Shift-z')
    await session.settled()
    expect(curated()).toEqual([[12, 28, 'Claim']])
  })

  it('opens a settled place again where an analyst changed their work after it was settled, until the curator settles it again', async () => {
    const { api, corpus, documentId } = corpusWith(TEXT, 'lead')
    corpus.transaction(() => {
      corpus.insertSpan(documentId, { start: 12, end: 42, label: 'Claim', annotator: 'ana', updatedAt: '2026-01-01T10:00:00.000Z' })
      corpus.insertSpan(documentId, { start: 12, end: 28, label: 'Claim', annotator: 'bob', updatedAt: '2026-01-01T10:00:00.000Z' })
      corpus.insertSpan(documentId, { start: 12, end: 28, label: 'Claim', annotator: CURATED, updatedAt: '2026-01-02T10:00:00.000Z' }) // bob's, settled the day after
    })
    const { session, log } = await openSession(api, documentId)
    const item = () => session.curation.items().find((candidate) => candidate.pointer.kind === 'place')!
    expect(item()).toMatchObject({ settled: true, changedSince: false })
    // ana tags a Source over the claim's end after it was settled: her version there is not what the curator saw.
    corpus.insertSpan(documentId, { start: 22, end: 42, label: 'Source', annotator: 'ana', updatedAt: '2026-01-03T10:00:00.000Z' })
    await session.refreshFromCorpus()
    expect(item()).toMatchObject({ settled: false, changedSince: true })
    press(session, 'Alt-c')
    await session.settled()
    expect(session.state.curation?.item).toMatchObject({ kind: 'place', start: 12, end: 42 }) // stepped to, as not settled
    // The version curated is the one picked (not the first, ana's): Enter keeps it, settling the place again.
    const bobs = item().versions.findIndex((version) => version.annotators.includes('bob'))
    expect(bobs).toBeGreaterThan(0)
    expect(session.state.curation?.version).toBe(bobs)
    press(session, 'Enter')
    await session.settled()
    expect(item()).toMatchObject({ settled: true, changedSince: false })
    expect(corpus.spansOf(documentId).filter((span) => span.annotator === CURATED).map((span) => [span.start_offset, span.end_offset, span.label])).toEqual([[12, 28, 'Claim']])
    // bob, whose version was curated, changes it too: no analyst has the curated version now. It is offered first, as
    // the curated layer's, and Enter keeps it.
    const [bobsClaim] = corpus.spansOf(documentId).filter((span) => span.annotator === 'bob')
    corpus.updateSpan(documentId, bobsClaim.id, { start: 12, end: 31, label: 'Claim' })
    await session.refreshFromCorpus()
    expect(item()).toMatchObject({ settled: false, changedSince: true })
    expect(item().versions[0].annotators).toEqual([CURATED])
    press(session, 'Tab')
    press(session, 'Shift-Tab')
    await session.settled()
    expect(session.state.curation).toMatchObject({ item: { start: 12 }, version: 0 })
    const curatedNow = () => corpus.spansOf(documentId).filter((span) => span.annotator === CURATED).map((span) => [span.id, span.updated_at])
    const beforeKept = curatedNow()
    press(session, 'Enter')
    await session.settled()
    expect(item()).toMatchObject({ settled: true, changedSince: false })
    expect(corpus.spansOf(documentId).filter((span) => span.annotator === CURATED).map((span) => [span.start_offset, span.end_offset, span.label])).toEqual([[12, 28, 'Claim']])
    // Undone, keeping it is taken back: the place is open again, the curated span as it was; redone, settled again.
    expect(curatedNow()).not.toEqual(beforeKept) // written again, newer than bob's change
    press(session, 'Mod-z')
    await session.settled()
    expect(item()).toMatchObject({ settled: false, changedSince: true })
    expect(curatedNow()).toEqual(beforeKept)
    press(session, 'Mod-Shift-z')
    await session.settled()
    expect(item()).toMatchObject({ settled: true, changedSince: false })
    expect(curatedNow()[0][0]).toBe(beforeKept[0][0])
    expect(log.failed).toEqual([])
    // A change stamped later than now (a colleague's clock ahead, merged in) cannot be settled after: it opens nothing.
    corpus.insertSpan(documentId, { start: 44, end: 49, label: 'Speaker', annotator: 'ana', updatedAt: '2025-01-01T00:00:00.000Z' })
    corpus.insertSpan(documentId, { start: 44, end: 49, label: 'Source', annotator: 'bob', updatedAt: '2025-01-01T00:00:00.000Z' })
    corpus.insertSpan(documentId, { start: 44, end: 49, label: 'Speaker', annotator: CURATED, updatedAt: '2025-01-02T00:00:00.000Z' })
    corpus.insertSpan(documentId, { start: 45, end: 49, label: 'Claim', annotator: 'ana', updatedAt: '2999-01-01T00:00:00.000Z' })
    await session.refreshFromCorpus()
    expect(session.curation.items().find((candidate) => candidate.pointer.start === 44)).toMatchObject({ settled: true, changedSince: false })
  })

  it('writes what the curator tags into the curated layer, and not the analyst\'s', async () => {
    const { api, corpus, documentId } = corpusWith(TEXT, 'lead')
    corpus.insertSpan(documentId, { start: 12, end: 42, label: 'Claim', annotator: 'ana' })
    corpus.insertSpan(documentId, { start: 12, end: 28, label: 'Claim', annotator: 'bob' })
    const { session } = await openSession(api, documentId)
    press(session, 'Alt-c')
    await session.settled()
    selectText(session, 12, 31) // snaps to the end of "was"
    press(session, '1')
    await session.settled()
    expect(corpus.spansOf(documentId).filter((s) => s.annotator === CURATED).map((s) => [s.start_offset, s.end_offset])).toEqual([[12, 32]])
    press(session, 'Alt-c') // curation off: tags are the analyst's again
    await session.settled()
    selectText(session, 44, 49)
    press(session, '2')
    await session.settled()
    expect(corpus.spansOf(documentId).find((s) => s.start_offset === 44)?.annotator).toBe('lead')
  })

  it('changes a settling: another version replaces the curated spans there, nothing removes them, a version undoes a settling as nothing; each undoable', async () => {
    const { api, corpus, documentId } = corpusWith(TEXT, 'lead')
    corpus.transaction(() => {
      corpus.insertSpan(documentId, { start: 12, end: 42, label: 'Claim', annotator: 'ana' })
      corpus.insertSpan(documentId, { start: 12, end: 28, label: 'Claim', annotator: 'bob' })
      corpus.insertSpan(documentId, { start: 29, end: 42, label: 'Claim', annotator: 'bob' })
      corpus.insertSpan(documentId, { start: 29, end: 42, label: 'Claim', annotator: 'cy' })
      corpus.insertSpan(documentId, { start: 44, end: 49, label: 'Speaker', annotator: 'dan' }) // nothing at the claims
    })
    const { session } = await openSession(api, documentId)
    const curated = () => corpus.spansOf(documentId).filter((s) => s.annotator === CURATED).map((s) => [s.start_offset, s.end_offset, s.label])
    const place = () => session.curation.items().find((item) => item.pointer.kind === 'place' && item.pointer.start <= 12 && item.pointer.end >= 42)!
    const versionOf = (who: string) => place().versions.findIndex((v) => v.annotators.includes(who))
    const accept = async (who: string) => {
      await session.curation.acceptVersionOf(place().pointer, versionOf(who))
      await session.settled()
    }
    press(session, 'Alt-c')
    await session.settled()
    await accept('bob')
    expect(curated()).toEqual([[12, 28, 'Claim'], [29, 42, 'Claim']])
    await accept('cy') // the curator changes their mind: cy's version instead of bob's, not beside it
    expect(curated()).toEqual([[29, 42, 'Claim']])
    expect(place().settled).toBe(true)
    // Coming back to it, the version accepted is the one picked.
    for (let i = 0; i < 3 && session.state.curation?.item.start !== place().pointer.start; i++) session.curation.step(1)
    expect(session.state.curation?.item).toMatchObject(place().pointer)
    expect(session.state.curation?.version).toBe(versionOf('cy'))
    await accept('ana') // ana's version shares nothing with cy's
    expect(curated()).toEqual([[12, 42, 'Claim']])
    // Nothing at all: the curated spans go, and the place is settled as nothing.
    await accept('dan')
    expect(curated()).toEqual([])
    expect(corpus.settledAsNothing(documentId)).toHaveLength(1)
    expect(place().settled).toBe(true)
    await accept('bob') // and back from nothing to a version
    expect(curated()).toEqual([[12, 28, 'Claim'], [29, 42, 'Claim']])
    expect(corpus.settledAsNothing(documentId)).toEqual([])
    press(session, 'Mod-z')
    await session.settled()
    expect(curated()).toEqual([])
    expect(corpus.settledAsNothing(documentId)).toHaveLength(1)
    press(session, 'Mod-z')
    await session.settled()
    press(session, 'Mod-z')
    await session.settled()
    expect(curated()).toEqual([[29, 42, 'Claim']]) // back to cy's, step by step
    press(session, 'Mod-z')
    await session.settled()
    expect(curated()).toEqual([[12, 28, 'Claim'], [29, 42, 'Claim']])
  })

  it("tells versions apart by their declared attributes' values, and the curated span takes the value accepted", async () => {
    const { api, corpus, documentId } = corpusWith(TEXT, 'lead')
    corpus.defineLabels(corpus.labels().map(({ id: _id, ...l }) => (l.name === 'Claim' ? { ...l, attributes: [{ name: 'checkworthy', values: ['yes', 'no'] }] } : l)))
    corpus.insertSpan(documentId, { start: 12, end: 42, label: 'Claim', annotator: 'ana', attrs: { checkworthy: 'yes', note: 'ana’s remark' } })
    corpus.insertSpan(documentId, { start: 12, end: 42, label: 'Claim', annotator: 'bob', attrs: { checkworthy: 'no' } })
    const { session } = await openSession(api, documentId)
    const [item] = session.curation.items()
    expect(item.versions.map((v) => v.annotators)).toEqual([['ana'], ['bob']])
    await session.curation.acceptVersionOf(item.pointer, 1)
    await session.settled()
    const curated = () => corpus.spansOf(documentId).filter((s) => s.annotator === CURATED).map((s) => [s.start_offset, s.end_offset, JSON.parse(s.attrs)])
    expect(curated()).toEqual([[12, 42, { checkworthy: 'no' }]])
    await session.curation.acceptVersionOf(session.curation.items()[0].pointer, 0) // ana's instead: the same extent, the other value
    await session.settled()
    expect(curated()).toEqual([[12, 42, { checkworthy: 'yes' }]]) // her value, not her note
  })

  it('changes only the value where versions differ only in a declared attribute: the curated span, its note and its relations stay, undoably', async () => {
    const { api, corpus, documentId } = corpusWith(TEXT, 'lead')
    corpus.defineLabels(corpus.labels().map(({ id: _id, ...l }) => (l.name === 'Claim' ? { ...l, attributes: [{ name: 'checkworthy', values: ['yes', 'no'] }] } : l)))
    corpus.insertSpan(documentId, { start: 12, end: 42, label: 'Claim', annotator: 'ana', attrs: { checkworthy: 'yes' } })
    corpus.insertSpan(documentId, { start: 12, end: 42, label: 'Claim', annotator: 'bob', attrs: { checkworthy: 'no' } })
    const { session } = await openSession(api, documentId)
    const bobs = session.curation.items()[0].versions.findIndex((v) => v.annotators.includes('bob'))
    await session.curation.acceptVersionOf(session.curation.items()[0].pointer, bobs)
    await session.settled()
    // The curator then links the curated claim to a curated speaker, and writes a note on it.
    const claim = corpus.spansOf(documentId).find((s) => s.annotator === CURATED)!
    const speaker = corpus.insertSpan(documentId, { start: 0, end: 6, label: 'Speaker', annotator: CURATED })
    corpus.insertRelation(documentId, { head: claim.id, child: speaker, label: 'attributed_to', annotator: CURATED })
    corpus.setSpanAttrs(documentId, claim.id, { checkworthy: 'no', note: 'checked with the desk' })
    await session.refreshFromCorpus()
    const place = () => session.curation.items().find((item) => item.place !== undefined)!
    await session.curation.acceptVersionOf(place().pointer, place().versions.findIndex((v) => v.annotators.includes('ana')))
    await session.settled()
    const curatedClaims = () => corpus.spansOf(documentId).filter((s) => s.annotator === CURATED && s.label === 'Claim').map((s) => [s.id, JSON.parse(s.attrs)])
    const curatedRelations = () => corpus.relationsOf(documentId).filter((r) => r.annotator === CURATED).map((r) => [r.head, r.child])
    expect(curatedClaims()).toEqual([[claim.id, { checkworthy: 'yes', note: 'checked with the desk' }]])
    expect(curatedRelations()).toEqual([[claim.id, speaker]])
    expect(place().settled).toBe(true)
    press(session, 'Mod-z')
    await session.settled()
    expect(curatedClaims()).toEqual([[claim.id, { checkworthy: 'no', note: 'checked with the desk' }]])
    expect(curatedRelations()).toEqual([[claim.id, speaker]])
    press(session, 'Mod-Shift-z')
    await session.settled()
    expect(curatedClaims()).toEqual([[claim.id, { checkworthy: 'yes', note: 'checked with the desk' }]])
  })

  it('moves the curated span where another version of the same label is accepted: its note and relations stay; another label says what goes with it', async () => {
    const { api, corpus, documentId } = corpusWith(TEXT, 'lead')
    corpus.transaction(() => {
      corpus.insertSpan(documentId, { start: 12, end: 42, label: 'Claim', annotator: 'ana' })
      corpus.insertSpan(documentId, { start: 12, end: 28, label: 'Claim', annotator: 'bob' })
      corpus.insertSpan(documentId, { start: 44, end: 49, label: 'Speaker', annotator: 'ana' })
      corpus.insertSpan(documentId, { start: 44, end: 49, label: 'Source', annotator: 'bob' })
    })
    const { session, log } = await openSession(api, documentId)
    const placeAt = (start: number) => session.curation.items().find((item) => item.pointer.start === start)!
    const accept = (start: number, name: string) => session.curation.acceptVersionOf(placeAt(start).pointer, placeAt(start).versions.findIndex((v) => v.annotators.includes(name)))
    await accept(12, 'ana')
    await accept(44, 'bob')
    const curatedSpans = () => corpus.spansOf(documentId).filter((s) => s.annotator === CURATED)
    const claim = curatedSpans().find((s) => s.label === 'Claim')!
    const source = curatedSpans().find((s) => s.label === 'Source')!
    corpus.setSpanAttrs(documentId, claim.id, { note: 'checked with the desk' })
    corpus.insertRelation(documentId, { head: claim.id, child: source.id, label: 'attributed_to', annotator: CURATED })
    await session.refreshFromCorpus()
    const shape = () => curatedSpans().map((s) => [s.id, s.start_offset, s.end_offset, s.label, JSON.parse(s.attrs)])
    const relations = () => corpus.relationsOf(documentId).filter((r) => r.annotator === CURATED).map((r) => [r.head, r.child])
    await accept(12, 'bob')
    expect(shape()).toContainEqual([claim.id, 12, 28, 'Claim', { note: 'checked with the desk' }])
    expect(relations()).toEqual([[claim.id, source.id]])
    expect(log.failed).toEqual([])
    press(session, 'Mod-z')
    await session.settled()
    expect(shape()).toContainEqual([claim.id, 12, 42, 'Claim', { note: 'checked with the desk' }])
    press(session, 'Mod-Shift-z')
    await session.settled()
    expect(shape()).toContainEqual([claim.id, 12, 28, 'Claim', { note: 'checked with the desk' }])
    // Another label: the curated Source goes, and its relation with it; said, since the curator may not expect it.
    await accept(44, 'ana')
    expect(shape().map((s) => s[3])).toEqual(['Claim', 'Speaker'])
    expect(relations()).toEqual([])
    expect(log.failed).toEqual([{ kind: 'info', message: expect.stringMatching(/^The curated Source "Putin" was replaced, and its attributed_to relation with Claim "sanctions relief" went with it: Ctrl\+Z brings them back\.$/) }])
    press(session, 'Mod-z')
    await session.settled()
    expect(relations()).toEqual([[claim.id, source.id]])
  })

  it('undoing a change of settling that replaced two curated spans gives back the relation between them too', async () => {
    const { api, corpus, documentId } = corpusWith(TEXT, 'lead')
    corpus.transaction(() => {
      corpus.insertSpan(documentId, { start: 12, end: 42, label: 'Claim', annotator: 'ana' })
      corpus.insertSpan(documentId, { start: 12, end: 28, label: 'Claim', annotator: 'bob' })
    })
    const { session } = await openSession(api, documentId)
    const placeAt = (start: number) => session.curation.items().find((item) => item.pointer.start === start)!
    const accept = (name: string) => session.curation.acceptVersionOf(placeAt(12).pointer, placeAt(12).versions.findIndex((v) => v.annotators.includes(name)))
    await accept('ana')
    // The curator adds a Source inside the curated Claim and links them (curated spans over one place).
    const claim = corpus.spansOf(documentId).find((s) => s.annotator === CURATED)!
    corpus.transaction(() => {
      const source = corpus.insertSpan(documentId, { start: 29, end: 42, label: 'Source', annotator: CURATED })
      corpus.insertRelation(documentId, { head: claim.id, child: source, label: 'attributed_to', annotator: CURATED })
    })
    await session.refreshFromCorpus()
    const relations = () => corpus.relationsOf(documentId).filter((r) => r.annotator === CURATED).length
    expect(relations()).toBe(1)
    await accept('bob')
    const curated = () => corpus.spansOf(documentId).filter((s) => s.annotator === CURATED).map((s) => `${s.label} ${s.start_offset}-${s.end_offset}`).sort()
    expect(curated()).not.toContain('Claim 12-42')
    press(session, 'Mod-z')
    await session.settled()
    expect(curated()).toEqual(['Claim 12-42', 'Source 29-42'])
    expect(relations()).toBe(1)
  })

  it('a change of settling refused after the curated span it replaces was removed leaves that span, with its note, as it was', async () => {
    const { corpus, documentId, session, log, accept } = await speakerOrSource()
    await accept('ana')
    const curated = () => corpus.spansOf(documentId).filter((s) => s.annotator === CURATED).map((s) => [s.label, JSON.parse(s.attrs)])
    const speaker = corpus.spansOf(documentId).find((s) => s.annotator === CURATED)!
    corpus.setSpanAttrs(documentId, speaker.id, { note: 'confirmed by the desk' })
    await session.refreshFromCorpus()
    expect(curated()).toEqual([['Speaker', { note: 'confirmed by the desk' }]])
    // The curated Speaker is removed, then the disk is full when the Source comes to be: neither is written.
    const diskBack = diskFullAtSpan(corpus, (span) => span.annotator === CURATED && span.label === 'Source')
    await accept('bob')
    diskBack()
    expect(log.failed.at(-1)?.message).toMatch(/database or disk is full$/)
    expect(curated()).toEqual([['Speaker', { note: 'confirmed by the desk' }]])
    expect([...session.state.spans.values()].filter((s) => s.annotator === CURATED).map((s) => s.attrs)).toEqual([{ note: 'confirmed by the desk' }])
    await accept('bob')
    expect(curated()).toEqual([['Source', {}]])
    press(session, 'Mod-z')
    await session.settled()
    expect(curated()).toEqual([['Speaker', { note: 'confirmed by the desk' }]])
  })

  it('an undo of a change of settling that fails partway writes nothing of it, and can be made again', async () => {
    const { corpus, documentId, session, log, accept } = await speakerOrSource()
    await accept('ana')
    await accept('bob') // the Source replaces the Speaker
    const curated = () => corpus.spansOf(documentId).filter((s) => s.annotator === CURATED).map((s) => s.label)
    expect(curated()).toEqual(['Source'])
    // The undo takes the Source away, then the disk is full when the Speaker comes back: neither is written.
    const diskBack = diskFullAtSpan(corpus, (span) => span.annotator === CURATED && span.label === 'Speaker')
    press(session, 'Mod-z')
    await session.settled()
    diskBack()
    expect(log.failed.at(-1)?.message).toMatch(/database or disk is full$/)
    expect(curated()).toEqual(['Source'])
    press(session, 'Mod-z') // the step is still there to undo
    await session.settled()
    expect(curated()).toEqual(['Speaker'])
  })

  it('shows a place where two settlings meet (curators\' copies merged) as not settled, and one version accepted there settles it', async () => {
    const made = corpusWith(TEXT, 'lead')
    const { corpus, documentId } = made
    corpus.transaction(() => {
      corpus.insertSpan(documentId, { start: 0, end: 6, label: 'Speaker', annotator: 'ana' })
      corpus.insertSpan(documentId, { start: 0, end: 11, label: 'Speaker', annotator: 'bob' })
      corpus.insertSpan(documentId, { start: 0, end: 6, label: 'Speaker', annotator: CURATED })
      corpus.insertSpan(documentId, { start: 0, end: 11, label: 'Speaker', annotator: CURATED })
      corpus.insertSpan(documentId, { start: 44, end: 49, label: 'Speaker', annotator: 'bob' })
      corpus.insertSpan(documentId, { start: 44, end: 49, label: 'Speaker', annotator: CURATED })
      corpus.settleAsNothing(documentId, 'place:44-49', 'lead-b')
    })
    const { session } = await openSession(made.api, documentId)
    const item = (start: number) => session.curation.items().find((i) => i.pointer.start === start)!
    expect([item(0), item(44)].map((i) => [i.settled, i.conflicting])).toEqual([
      [false, true],
      [false, true],
    ])
    await session.curation.acceptVersionOf(item(0).pointer, item(0).versions.findIndex((v) => v.annotators.includes('ana')))
    await session.curation.acceptVersionOf(item(44).pointer, item(44).versions.findIndex((v) => v.spans.length === 0))
    expect([item(0), item(44)].map((i) => [i.settled, i.conflicting])).toEqual([
      [true, false],
      [true, false],
    ])
    expect(corpus.spansOf(documentId).filter((s) => s.annotator === CURATED).map((s) => [s.start_offset, s.end_offset])).toEqual([[0, 6]])
  })

  it('shows two labels on one text a merge recorded as met, and a relation both accepted and settled as nothing, as two settlings met, until one version is accepted', async () => {
    const made = corpusWith(TEXT, 'lead')
    const { corpus, documentId } = made
    corpus.transaction(() => {
      // Curator A took ana's Speaker for "Putin", curator B bob's Source: merged, the curated layer holds both.
      corpus.insertSpan(documentId, { start: 44, end: 49, label: 'Speaker', annotator: 'ana' })
      corpus.insertSpan(documentId, { start: 44, end: 49, label: 'Source', annotator: 'bob' })
      corpus.insertSpan(documentId, { start: 44, end: 49, label: 'Speaker', annotator: CURATED })
      corpus.insertSpan(documentId, { start: 44, end: 49, label: 'Source', annotator: CURATED })
      // Both tagged the claim and its speaker alike; ana linked them, A accepted the link, B settled it as nothing.
      for (const annotator of ['ana', 'bob', CURATED]) {
        const [speaker, claim] = corpus.insertSpans(documentId, [
          { start: 0, end: 6, label: 'Speaker', annotator },
          { start: 12, end: 42, label: 'Claim', annotator },
        ])
        if (annotator !== 'bob') corpus.insertRelation(documentId, { head: claim, child: speaker, label: 'attributed_to', annotator })
      }
    })
    const key = curationOf(corpus.spansOf(documentId).map((s) => ({ id: s.id, start: s.start_offset, end: s.end_offset, label: s.label, annotator: s.annotator })), corpus.relationsOf(documentId)).relationDisagreements[0].key
    corpus.settleAsNothing(documentId, `relation:${key}`, 'lead-b')
    corpus.settleAsNothing(documentId, meetingKey({ start: 44, end: 49 }), CURATED) // as the merge of the two copies records it
    const { session } = await openSession(made.api, documentId)
    const place = () => session.curation.items().find((i) => i.pointer.kind === 'place')!
    const link = () => session.curation.items().find((i) => i.pointer.kind === 'relation')!
    expect([place(), link()].map((i) => [i.settled, i.conflicting])).toEqual([
      [false, true],
      [false, true],
    ])
    await session.curation.acceptVersionOf(place().pointer, place().versions.findIndex((v) => v.annotators.includes('bob')))
    await session.curation.acceptVersionOf(link().pointer, link().versions.findIndex((v) => v.annotators.includes('ana')))
    expect([place(), link()].map((i) => [i.settled, i.conflicting])).toEqual([
      [true, false],
      [true, false],
    ])
    expect(corpus.spansOf(documentId).filter((s) => s.annotator === CURATED && s.start_offset === 44).map((s) => s.label)).toEqual(['Source'])
    expect(corpus.settledAsNothing(documentId)).toEqual([])
    expect(corpus.relationsOf(documentId).filter((r) => r.annotator === CURATED)).toHaveLength(1)
  })

  it("takes away, with a change of a place's settling, the earlier version's relations there that the version accepted lacks, and keeps one to a span elsewhere", async () => {
    const made = corpusWith(TEXT, 'lead')
    const { corpus, documentId } = made
    corpus.transaction(() => {
      // ana: the claim and its speaker "Mr Kim" inside it, linked; bob: the same claim, its speaker "Kim", not linked.
      const [claim, speaker] = corpus.insertSpans(documentId, [
        { start: 0, end: 42, label: 'Claim', annotator: 'ana' },
        { start: 0, end: 6, label: 'Speaker', annotator: 'ana' },
      ])
      corpus.insertRelation(documentId, { head: claim, child: speaker, label: 'attributed_to', annotator: 'ana' })
      corpus.insertSpans(documentId, [
        { start: 0, end: 42, label: 'Claim', annotator: 'bob' },
        { start: 3, end: 6, label: 'Speaker', annotator: 'bob' },
      ])
      corpus.insertSpans(documentId, ['ana', 'bob', CURATED].map((annotator) => ({ start: 44, end: 49, label: 'Source', annotator }))) // agreed, and curated
    })
    const { session, log } = await openSession(made.api, documentId)
    const place = () => session.curation.items().find((i) => i.pointer.kind === 'place' && i.pointer.start === 0)!
    const curatedRelations = () =>
      corpus.relationsOf(documentId).filter((r) => r.annotator === CURATED).map((r) => {
        const end = (id: number) => corpus.spansOf(documentId).find((s) => s.id === id)!
        return `${end(r.head).label} ${end(r.head).start_offset}-${end(r.head).end_offset} ${r.label} ${end(r.child).label} ${end(r.child).start_offset}-${end(r.child).end_offset}`
      })
    await session.curation.acceptVersionOf(place().pointer, place().versions.findIndex((v) => v.annotators.includes('ana')))
    expect(curatedRelations()).toEqual(['Claim 0-42 attributed_to Speaker 0-6'])
    // The curator links the curated claim to the curated Source elsewhere: their own work, no part of a version.
    const claim = corpus.spansOf(documentId).find((s) => s.annotator === CURATED && s.label === 'Claim')!
    const source = corpus.spansOf(documentId).find((s) => s.annotator === CURATED && s.label === 'Source')!
    corpus.insertRelation(documentId, { head: claim.id, child: source.id, label: 'attributed_to', annotator: CURATED })
    await session.refreshFromCorpus()
    await session.curation.acceptVersionOf(place().pointer, place().versions.findIndex((v) => v.annotators.includes('bob')))
    expect(corpus.spansOf(documentId).filter((s) => s.annotator === CURATED).map((s) => `${s.label} ${s.start_offset}-${s.end_offset}`).sort()).toEqual(['Claim 0-42', 'Source 44-49', 'Speaker 3-6'])
    expect(curatedRelations()).toEqual(['Claim 0-42 attributed_to Source 44-49'])
    expect(log.failed.at(-1)).toEqual({ kind: 'info', message: 'The curated attributed_to relation there is not in the version accepted and was removed: Ctrl+Z brings it back.' })
    press(session, 'Mod-z')
    await session.settled()
    expect(curatedRelations().sort()).toEqual(['Claim 0-42 attributed_to Source 44-49', 'Claim 0-42 attributed_to Speaker 0-6'])
  })

  it('takes a relation as settled once a version without one of its ends is accepted at its place, and as the version that brings the end back has it', async () => {
    const { api, corpus, documentId } = corpusWith(TEXT, 'lead')
    corpus.transaction(() => {
      // ana: a Claim over the whole sentence, the Source "Mr Kim" inside it, linked; bob: the Source alone.
      const [claim, source] = corpus.insertSpans(documentId, [
        { start: 0, end: 42, label: 'Claim', annotator: 'ana' },
        { start: 0, end: 6, label: 'Source', annotator: 'ana' },
      ])
      corpus.insertRelation(documentId, { head: claim, child: source, label: 'attributed_to', annotator: 'ana' })
      corpus.insertSpan(documentId, { start: 0, end: 6, label: 'Source', annotator: 'bob' })
    })
    const { session } = await openSession(api, documentId)
    const place = () => session.curation.items().find((item) => item.place !== undefined)!
    const relation = () => session.curation.items().find((item) => item.relation !== undefined)!
    expect(relation().settled).toBe(false)
    await session.curation.acceptVersionOf(place().pointer, place().versions.findIndex((v) => v.annotators.includes('bob'))) // no Claim
    expect(relation().settled).toBe(true) // it cannot stand without its Claim: nothing is left to choose
    expect(corpus.settledAsNothing(documentId)).toEqual([])
    await session.curation.acceptVersionOf(place().pointer, place().versions.findIndex((v) => v.annotators.includes('ana'))) // the Claim after all
    expect(place().settled).toBe(true)
    expect(corpus.relationsOf(documentId).filter((r) => r.annotator === CURATED)).toHaveLength(1) // ana's version brings her relation
    expect(relation().settled).toBe(true)
  })

  it('opens again a relation settled as nothing at a place whose settling changes, since its ends are not what they were', async () => {
    const { api, corpus, documentId } = corpusWith(TEXT, 'lead')
    corpus.transaction(() => {
      for (const [annotator, label] of [['ana', 'Speaker'], ['bob', 'Source']]) {
        const [end, claim] = corpus.insertSpans(documentId, [
          { start: 44, end: 49, label, annotator },
          { start: 12, end: 42, label: 'Claim', annotator },
        ])
        corpus.insertRelation(documentId, { head: claim, child: end, label: 'attributed_to', annotator })
      }
    })
    const { session, log } = await openSession(api, documentId)
    const place = () => session.curation.items().find((item) => item.place !== undefined)!
    const relationOf = (name: string) => session.curation.items().find((item) => item.relation?.annotators.includes(name))!
    await session.curation.acceptVersionOf(place().pointer, place().versions.findIndex((v) => v.annotators.includes('bob'))) // Putin a Source
    const nothing = relationOf('ana').versions.findIndex((v) => v.spans.length === 0)
    await session.curation.acceptVersionOf(relationOf('ana').pointer, nothing) // so no attributed_to to a Speaker Putin
    expect(relationOf('ana').settled).toBe(true)
    await session.curation.acceptVersionOf(place().pointer, place().versions.findIndex((v) => v.annotators.includes('ana'))) // Putin a Speaker after all
    expect(corpus.settledAsNothing(documentId)).toEqual([])
    expect(relationOf('ana').settled).toBe(false) // to be judged again, now that Putin is a Speaker
    expect(log.failed.at(-1)?.message).toBe('The attributed_to relation settled as nothing there is open again, to judge between the ends settled now.')
    press(session, 'Mod-z')
    await session.settled()
    expect(corpus.settledAsNothing(documentId)).toHaveLength(1)
    expect(relationOf('ana').settled).toBe(true)
  })

  it('refuses a settling made on a curated layer another curator changed at that place since it was read, and shows theirs', async () => {
    const { api, corpus, documentId } = corpusWith(TEXT, 'lead')
    corpus.insertSpan(documentId, { start: 12, end: 42, label: 'Claim', annotator: 'ana' })
    corpus.insertSpan(documentId, { start: 12, end: 28, label: 'Claim', annotator: 'bob' })
    corpus.insertSpan(documentId, { start: 44, end: 49, label: 'Speaker', annotator: 'bob' }) // ana tagged nothing here
    const first = await openSession(api, documentId)
    const second = await openSession(api, documentId) // another tab, opened at the same time: it has not seen the first's writes
    const curated = () => corpus.spansOf(documentId).filter((s) => s.annotator === CURATED).map((s) => [s.start_offset, s.end_offset])
    const claimPlace = (session: typeof first.session) => session.curation.items().find((item) => item.pointer.start === 12)!
    const speakerPlace = (session: typeof first.session) => session.curation.items().find((item) => item.pointer.start === 44)!
    const whose = (session: typeof first.session, item: ReturnType<typeof claimPlace>, name: string) => item.versions.findIndex((v) => v.annotators.includes(name))
    await first.session.curation.acceptVersionOf(claimPlace(first.session).pointer, whose(first.session, claimPlace(first.session), 'ana'))
    await second.session.curation.acceptVersionOf(claimPlace(second.session).pointer, whose(second.session, claimPlace(second.session), 'bob'))
    expect(curated()).toEqual([[12, 42]]) // the first curator's, alone
    expect(second.log.failed).toEqual([{ message: expect.stringMatching(/^Not saved: the curated layer at "sanctions relief was discussed" was changed since .*Claim "sanctions relief was discussed"/), kind: undefined }])
    expect(claimPlace(second.session).settled).toBe(true) // the second tab shows what is stored
    // Settling as nothing where the other settled with a span is refused too; and the other way round.
    await first.session.curation.acceptVersionOf(speakerPlace(first.session).pointer, whose(first.session, speakerPlace(first.session), 'bob'))
    const nothing = speakerPlace(second.session).versions.findIndex((v) => v.spans.length === 0)
    await second.session.curation.acceptVersionOf(speakerPlace(second.session).pointer, nothing)
    expect(corpus.settledAsNothing(documentId)).toEqual([])
    expect(curated()).toEqual([[12, 42], [44, 49]])
    expect(second.log.failed).toHaveLength(2)
    // Once it has seen them, the second tab changes either settling as it likes.
    await second.session.curation.acceptVersionOf(claimPlace(second.session).pointer, whose(second.session, claimPlace(second.session), 'bob'))
    expect(curated()).toEqual([[12, 28], [44, 49]])
    expect(second.log.failed).toHaveLength(2)
  })

  it('shows a place settled with a version of the curator’s own as such, and after an undo the version it is settled with', async () => {
    const { api, corpus, documentId } = corpusWith(TEXT, 'lead')
    corpus.defineLabels(corpus.labels().map(({ id: _id, ...l }) => (l.name === 'Claim' ? { ...l, attributes: [{ name: 'checkworthy', values: ['yes', 'no'] }] } : l)))
    corpus.insertSpan(documentId, { start: 12, end: 42, label: 'Claim', annotator: 'ana', attrs: { checkworthy: 'yes' } })
    corpus.insertSpan(documentId, { start: 12, end: 42, label: 'Claim', annotator: 'bob', attrs: { checkworthy: 'no' } })
    corpus.insertSpan(documentId, { start: 44, end: 49, label: 'Spam', annotator: 'ana' }) // bob tagged nothing here
    const { session } = await openSession(api, documentId)
    await session.curation.acceptVersionOf(session.curation.items()[0].pointer, 0) // ana's yes
    // The curator then takes the value off the curated claim: no analyst's version any more.
    const [claim] = corpus.spansOf(documentId).filter((s) => s.annotator === CURATED)
    corpus.setSpanAttrs(documentId, claim.id, {})
    await session.refreshFromCorpus()
    press(session, 'Alt-c')
    await session.settled()
    press(session, 'Shift-Tab') // from the Spam place back to the claim
    await session.settled()
    const item = session.curation.items()[0]
    expect(item).toMatchObject({ settled: true, pointer: { start: 12 } })
    expect(item.versions[0]).toMatchObject({ annotators: [CURATED], spans: [{ attrs: {} }] })
    expect(session.state.curation).toMatchObject({ item: { start: 12 }, version: 0 })
    // At the Spam place, settled as nothing, ana's Spam accepted, then undone: nothing is picked again.
    const spam = () => session.curation.items().find((i) => i.pointer.start === 44)!
    const nothing = spam().versions.findIndex((v) => v.spans.length === 0)
    press(session, 'Tab')
    await session.settled()
    await session.curation.acceptVersionOf(spam().pointer, nothing)
    await session.curation.acceptVersionOf(spam().pointer, spam().versions.findIndex((v) => v.spans.length > 0))
    expect(session.state.curation).toMatchObject({ item: { start: 44 }, version: spam().versions.findIndex((v) => v.spans.length > 0) })
    press(session, 'Mod-z')
    await session.settled()
    expect(corpus.settledAsNothing(documentId)).toEqual(['place:44-49'])
    expect(session.state.curation).toMatchObject({ item: { start: 44 }, version: nothing })
  })

  it('says an undo was not done, not that something was not saved, when another tab changed the settling since; and shows theirs', async () => {
    const { api, corpus, documentId } = corpusWith(TEXT, 'lead')
    corpus.insertSpan(documentId, { start: 44, end: 49, label: 'Speaker', annotator: 'ana' })
    corpus.insertSpan(documentId, { start: 44, end: 49, label: 'Source', annotator: 'bob' })
    const first = await openSession(api, documentId)
    const versionOf = (session: typeof first.session, name: string) => session.curation.items()[0].versions.findIndex((v) => v.annotators.includes(name))
    await first.session.curation.acceptVersionOf(first.session.curation.items()[0].pointer, versionOf(first.session, 'bob'))
    const second = await openSession(api, documentId) // opened after: it sees the first tab's settling, and changes it
    await second.session.curation.acceptVersionOf(second.session.curation.items()[0].pointer, versionOf(second.session, 'ana'))
    press(first.session, 'Mod-z')
    await first.session.settled()
    expect(first.log.failed).toEqual([{ kind: undefined, message: expect.stringMatching(/^Not undone: that span is no longer there/) }])
    expect([...first.session.state.spans.values()].filter((s) => s.annotator === CURATED).map((s) => s.label)).toEqual(['Speaker'])
    expect(corpus.spansOf(documentId).filter((s) => s.annotator === CURATED).map((s) => s.label)).toEqual(['Speaker'])
  })

  it('says so when there is nothing to curate', async () => {
    const { api, corpus, documentId } = corpusWith(TEXT, 'lead')
    corpus.insertSpan(documentId, { start: 0, end: 6, label: 'Speaker', annotator: 'ana' })
    const { session, log } = await openSession(api, documentId)
    press(session, 'Alt-c')
    await session.settled()
    expect(session.state.curation).toBeNull()
    expect(log.failed).toEqual([{ message: "Only ana annotated this document: there is no other analyst's work to compare, so nothing to curate.", kind: 'info' }])
    corpus.insertSpan(documentId, { start: 0, end: 6, label: 'Speaker', annotator: 'bob' })
    await session.refreshFromCorpus()
    press(session, 'Alt-c')
    press(session, 'Alt-c')
    await session.settled()
    expect(log.failed.at(-1)).toEqual({ message: 'The analysts agree everywhere in this document: nothing to curate.', kind: 'info' })
  })

  it('settles a place as nothing (the version of the analysts who tagged nothing there), counted as settled, undoable, kept in the corpus', async () => {
    const { api, corpus, documentId } = corpusWith(TEXT, 'lead')
    corpus.insertSpan(documentId, { start: 44, end: 49, label: 'Spam', annotator: 'bob' }) // ana tagged nothing here
    corpus.insertSpan(documentId, { start: 0, end: 6, label: 'Speaker', annotator: 'ana' }) // nor bob here
    const { session } = await openSession(api, documentId)
    press(session, 'Alt-c')
    await session.settled()
    expect(session.state.curation).toMatchObject({ item: { kind: 'place', start: 0, end: 6 } })
    const nothing = session.curation.items()[0].versions.findIndex((version) => version.spans.length === 0)
    expect(session.curation.items()[0].versions[nothing].annotators).toEqual(['bob'])
    for (let i = 0; i < nothing; i++) press(session, 'ArrowDown')
    await session.settled()
    press(session, 'Enter')
    await session.settled()
    expect(session.curation.items().map((item) => item.settled)).toEqual([true, false])
    expect(corpus.settledAsNothing(documentId)).toEqual(['place:0-6'])
    expect(corpus.spansOf(documentId).filter((s) => s.annotator === CURATED)).toEqual([]) // the curated layer stays empty there
    expect(session.state.curation?.item).toMatchObject({ start: 44, end: 49 }) // on to the next one not settled
    press(session, 'Mod-z')
    await session.settled()
    expect(corpus.settledAsNothing(documentId)).toEqual([])
    expect(session.curation.items().map((item) => item.settled)).toEqual([false, false])
    press(session, 'Mod-Shift-z')
    await session.settled()
    expect(corpus.settledAsNothing(documentId)).toEqual(['place:0-6'])
    // A session opened afresh reads it from the corpus.
    const again = await openSession(api, documentId)
    expect(again.session.curation.items().map((item) => item.settled)).toEqual([true, false])
    // There, Enter on the version already settled (nothing here) writes nothing: no step for undo to take it back with.
    press(again.session, 'Alt-c')
    await again.session.settled()
    again.session.curation.acceptVersionOf(again.session.curation.items()[0].pointer, nothing)
    await again.session.settled()
    expect(again.session.canUndo()).toBe(false)
    press(again.session, 'Mod-z')
    await again.session.settled()
    expect(corpus.settledAsNothing(documentId)).toEqual(['place:0-6'])
    // bob, who had tagged nothing there, tags inside the place (its extent the same): no analyst says nothing any
    // more, so the settling as nothing no longer holds.
    corpus.insertSpan(documentId, { start: 3, end: 6, label: 'Speaker', annotator: 'bob' })
    await again.session.refreshFromCorpus()
    expect(again.session.curation.items()[0]).toMatchObject({ pointer: { start: 0, end: 6 }, settled: false })
  })

  it('settles a relation some analysts made as no such relation', async () => {
    const { api, corpus, documentId } = corpusWith(TEXT, 'lead')
    corpus.transaction(() => {
      for (const annotator of ['ana', 'bob']) {
        const [speaker, claim] = corpus.insertSpans(documentId, [
          { start: 0, end: 6, label: 'Speaker', annotator },
          { start: 12, end: 42, label: 'Claim', annotator },
        ])
        if (annotator === 'ana') corpus.insertRelation(documentId, { head: claim, child: speaker, label: 'attributed_to', annotator })
      }
    })
    const { session } = await openSession(api, documentId)
    press(session, 'Alt-c')
    await session.settled()
    const items = session.curation.items()
    expect(items).toHaveLength(1)
    expect(items[0].versions.map((version) => [version.annotators, version.relations.length])).toEqual([[['ana'], 1], [['bob'], 0]])
    press(session, 'ArrowDown')
    await session.settled()
    press(session, 'Enter')
    await session.settled()
    expect(session.curation.items()[0].settled).toBe(true)
    expect(corpus.settledAsNothing(documentId)).toEqual([expect.stringMatching(/^relation:12:42:Claim>attributed_to>0:6:Speaker$/)])
  })
})

describe('accepting a relation in curation', () => {
  /** ana and bob agree on the Claim but not on its Speaker ("Kim" / "Mr Kim"), and each links the Claim to theirs. */
  function twoSpeakers() {
    const made = corpusWith(TEXT, 'lead')
    const { corpus, documentId } = made
    corpus.transaction(() => {
      for (const [annotator, start] of [['ana', 3], ['bob', 0]] as const) {
        const speaker = corpus.insertSpan(documentId, { start, end: 6, label: 'Speaker', annotator })
        const claim = corpus.insertSpan(documentId, { start: 12, end: 42, label: 'Claim', annotator })
        corpus.insertRelation(documentId, { head: claim, child: speaker, label: 'attributed_to', annotator })
      }
    })
    return made
  }
  const curated = (corpus: ReturnType<typeof corpusWith>['corpus'], documentId: number) =>
    corpus.spansOf(documentId).filter((s) => s.annotator === CURATED).map((s) => `${s.label} ${s.start_offset}-${s.end_offset}`).sort()

  it('joins the span the curator chose where the analysts differed, rather than adding the analyst’s beside it', async () => {
    const { api, corpus, documentId } = twoSpeakers()
    const { session, log } = await openSession(api, documentId)
    press(session, 'Alt-c')
    await session.settled()
    const place = session.curation.items().find((item) => item.place !== undefined)!
    await session.curation.acceptVersionOf(place.pointer, place.versions.findIndex((v) => v.annotators.includes('bob'))) // "Mr Kim"
    const anas = session.curation.items().find((item) => item.relation?.annotators.includes('ana'))!
    await session.curation.acceptVersionOf(anas.pointer, 0)
    expect(log.failed).toEqual([])
    expect(curated(corpus, documentId)).toEqual(['Claim 12-42', 'Speaker 0-6']) // not also "Speaker 3-6"
    const mrKim = corpus.spansOf(documentId).find((s) => s.annotator === CURATED && s.label === 'Speaker')!
    expect(corpus.relationsOf(documentId).filter((r) => r.annotator === CURATED)).toMatchObject([{ child: mrKim.id, label: 'attributed_to' }])
  })

  it('is refused, saying why, while an end lies where the analysts differ and nothing is settled there; nothing is written', async () => {
    const { api, corpus, documentId } = twoSpeakers()
    const { session, log } = await openSession(api, documentId)
    press(session, 'Alt-c')
    await session.settled()
    const anas = session.curation.items().find((item) => item.relation?.annotators.includes('ana'))!
    await session.curation.acceptVersionOf(anas.pointer, 0)
    expect(curated(corpus, documentId)).toEqual([])
    expect(log.failed).toEqual([{ kind: 'info', message: expect.stringMatching(/^Settle Speaker "Kim" first: the analysts differ there/) }])
    expect(session.curation.items().find((item) => item.place !== undefined)?.settled).toBe(false)
  })
})

describe('a settling beside another tab, and its undo (found by a review)', () => {
  const withCheckworthy = (corpus: ReturnType<typeof corpusWith>['corpus']) =>
    corpus.defineLabels(corpus.labels().map(({ id: _id, ...l }) => (l.name === 'Claim' ? { ...l, attributes: [{ name: 'checkworthy', values: ['yes', 'no'] }] } : l)))
  type Session = Awaited<ReturnType<typeof openSession>>['session']
  const placeAt = (session: Session, start: number) => session.curation.items().find((item) => item.place !== undefined && item.pointer.start === start)!
  const whose = (session: Session, start: number, name: string) => placeAt(session, start).versions.findIndex((v) => v.annotators.includes(name))
  const nothingAt = (session: Session, start: number) => placeAt(session, start).versions.findIndex((v) => v.spans.length === 0)

  /** ana: Claim 12-42; bob: Claim 12-28 and Source 29-42, one place. */
  function claimAndSource() {
    const made = corpusWith(TEXT, 'lead')
    made.corpus.transaction(() => {
      made.corpus.insertSpan(made.documentId, { start: 12, end: 42, label: 'Claim', annotator: 'ana' })
      made.corpus.insertSpan(made.documentId, { start: 12, end: 28, label: 'Claim', annotator: 'bob' })
      made.corpus.insertSpan(made.documentId, { start: 29, end: 42, label: 'Source', annotator: 'bob' })
    })
    const curated = () => made.corpus.spansOf(made.documentId).filter((s) => s.annotator === CURATED).map((s) => [s.start_offset, s.end_offset, s.label, s.updated_at])
    return { ...made, curated }
  }

  it('undo twice and redo twice over a settling that moved the curated span brings back exactly each state', async () => {
    const { api, documentId, curated } = claimAndSource()
    const { session, log } = await openSession(api, documentId)
    await session.curation.acceptVersionOf(placeAt(session, 12).pointer, whose(session, 12, 'bob'))
    const bobs = curated()
    await session.curation.acceptVersionOf(placeAt(session, 12).pointer, whose(session, 12, 'ana'))
    const anas = curated()
    for (const key of ['Mod-z', 'Mod-z', 'Mod-Shift-z']) {
      press(session, key)
      await session.settled()
    }
    expect(curated()).toEqual(bobs) // as it was, times and all
    press(session, 'Mod-Shift-z')
    await session.settled()
    expect(log.failed).toEqual([])
    expect(curated().map((s) => s.slice(0, 3))).toEqual(anas.map((s) => s.slice(0, 3)))
    press(session, 'Mod-z')
    await session.settled()
    expect(curated()).toEqual(bobs)
    expect(log.failed).toEqual([])
  })

  it('undoing a value change at a place an analyst reopened opens it again', async () => {
    const { api, corpus, documentId } = corpusWith(TEXT, 'lead')
    withCheckworthy(corpus)
    corpus.insertSpan(documentId, { start: 12, end: 42, label: 'Claim', annotator: 'ana', attrs: { checkworthy: 'yes' }, updatedAt: '2026-01-01T10:00:00.000Z' })
    const bob = corpus.insertSpan(documentId, { start: 12, end: 42, label: 'Claim', annotator: 'bob', attrs: { checkworthy: 'no' }, updatedAt: '2026-01-01T10:00:00.000Z' })
    corpus.insertSpan(documentId, { start: 12, end: 42, label: 'Claim', annotator: CURATED, attrs: { checkworthy: 'yes' }, updatedAt: '2026-01-02T10:00:00.000Z' })
    corpus.setSpanAttrs(documentId, bob, { checkworthy: 'no', note: 'hm' }, '2026-01-03T10:00:00.000Z')
    const { session } = await openSession(api, documentId)
    expect(placeAt(session, 12)).toMatchObject({ settled: false, changedSince: true })
    await session.curation.acceptVersionOf(placeAt(session, 12).pointer, whose(session, 12, 'bob'))
    expect(placeAt(session, 12)).toMatchObject({ settled: true })
    press(session, 'Mod-z')
    await session.settled()
    expect(placeAt(session, 12)).toMatchObject({ settled: false, changedSince: true })
  })

  it('refuses, before it writes anything, a change of settling where another curator changed a curated span there (a note), and leaves all as it was', async () => {
    const { api, corpus, documentId, curated } = claimAndSource()
    const first = await openSession(api, documentId)
    await first.session.curation.acceptVersionOf(placeAt(first.session, 12).pointer, whose(first.session, 12, 'bob'))
    const { session, log } = await openSession(api, documentId)
    const claim = corpus.spansOf(documentId).find((s) => s.annotator === CURATED && s.label === 'Claim')!
    corpus.setSpanAttrs(documentId, claim.id, { note: 'checked' }, '2030-01-01T00:00:00.000Z') // another curator's note, not seen here
    const before = curated()
    await session.curation.acceptVersionOf(placeAt(session, 12).pointer, whose(session, 12, 'ana'))
    expect(log.failed).toEqual([{ kind: undefined, message: expect.stringMatching(/^Not saved: the curated layer at .* was changed since/) }])
    expect(curated()).toEqual(before)
    expect(session.canUndo()).toBe(false)
  })

  it('refuses a settling as nothing over a value another tab changed since (the curated span kept its id)', async () => {
    const { api, corpus, documentId } = corpusWith(TEXT, 'lead')
    withCheckworthy(corpus)
    corpus.insertSpan(documentId, { start: 12, end: 42, label: 'Claim', annotator: 'ana', attrs: { checkworthy: 'yes' } })
    corpus.insertSpan(documentId, { start: 12, end: 42, label: 'Claim', annotator: 'bob', attrs: { checkworthy: 'no' } })
    corpus.insertSpan(documentId, { start: 0, end: 6, label: 'Speaker', annotator: 'cy' })
    const setup = await openSession(api, documentId)
    await setup.session.curation.acceptVersionOf(placeAt(setup.session, 12).pointer, whose(setup.session, 12, 'ana'))
    const a = await openSession(api, documentId)
    const b = await openSession(api, documentId)
    await a.session.curation.acceptVersionOf(placeAt(a.session, 12).pointer, whose(a.session, 12, 'bob'))
    await b.session.curation.acceptVersionOf(placeAt(b.session, 12).pointer, nothingAt(b.session, 12))
    expect(b.log.failed).toEqual([{ kind: undefined, message: expect.stringMatching(/\(it now has Claim "sanctions relief was discussed" \(checkworthy: no\)\)/) }])
    expect(corpus.spansOf(documentId).filter((s) => s.annotator === CURATED).map((s) => JSON.parse(s.attrs))).toEqual([{ checkworthy: 'no' }])
    expect(corpus.settledAsNothing(documentId)).toEqual([])
  })

  it('refuses a span settling where another tab settled the place as nothing meanwhile', async () => {
    const { api, corpus, documentId } = corpusWith(TEXT, 'lead')
    corpus.insertSpan(documentId, { start: 44, end: 49, label: 'Speaker', annotator: 'bob' })
    corpus.insertSpan(documentId, { start: 0, end: 6, label: 'Speaker', annotator: 'ana' })
    corpus.insertSpan(documentId, { start: 0, end: 6, label: 'Speaker', annotator: 'bob' })
    const a = await openSession(api, documentId)
    const b = await openSession(api, documentId)
    await a.session.curation.acceptVersionOf(placeAt(a.session, 44).pointer, nothingAt(a.session, 44))
    await b.session.curation.acceptVersionOf(placeAt(b.session, 44).pointer, whose(b.session, 44, 'bob'))
    expect(b.log.failed).toEqual([{ kind: undefined, message: expect.stringMatching(/^Not saved: the curated layer at "Putin" was changed since it was read \(it is now settled as nothing\)/) }])
    expect(corpus.settledAsNothing(documentId)).toEqual(['place:44-49'])
    expect(corpus.spansOf(documentId).filter((s) => s.annotator === CURATED)).toEqual([])
  })

  it('refuses settling a relation as nothing where another tab accepted it meanwhile', async () => {
    const { api, corpus, documentId } = corpusWith(TEXT, 'lead')
    for (const who of ['ana', 'bob']) {
      corpus.insertSpan(documentId, { start: 0, end: 6, label: 'Speaker', annotator: who })
      corpus.insertSpan(documentId, { start: 12, end: 42, label: 'Claim', annotator: who })
    }
    const anas = (label: string) => corpus.spansOf(documentId).find((s) => s.annotator === 'ana' && s.label === label)!
    corpus.insertRelation(documentId, { head: anas('Claim').id, child: anas('Speaker').id, label: 'attributed_to', annotator: 'ana' })
    const a = await openSession(api, documentId)
    const b = await openSession(api, documentId)
    const relation = (session: Session) => session.curation.items().find((item) => item.relation !== undefined)!
    await a.session.curation.acceptVersionOf(relation(a.session).pointer, 0)
    await b.session.curation.acceptVersionOf(relation(b.session).pointer, 1)
    expect(b.log.failed).toHaveLength(1)
    expect(corpus.settledAsNothing(documentId)).toEqual([])
    expect(corpus.relationsOf(documentId).filter((r) => r.annotator === CURATED)).toHaveLength(1)
  })

  it('says nothing was replaced when the corpus refused the change (read-only), and "removed" when settling as nothing', async () => {
    const { api, corpus, documentId } = corpusWith(TEXT, 'lead')
    corpus.insertSpan(documentId, { start: 44, end: 49, label: 'Speaker', annotator: 'ana' })
    corpus.insertSpan(documentId, { start: 44, end: 49, label: 'Source', annotator: 'bob' })
    corpus.insertSpan(documentId, { start: 0, end: 6, label: 'Speaker', annotator: 'cy' }) // cy tagged nothing at "Putin"
    corpus.insertSpan(documentId, { start: 44, end: 49, label: 'Source', annotator: CURATED, attrs: { note: 'checked' } })
    const readOnly = await openSession(api, documentId, { readOnly: 'opened read-only' })
    await readOnly.session.curation.acceptVersionOf(placeAt(readOnly.session, 44).pointer, whose(readOnly.session, 44, 'ana'))
    expect(readOnly.log.failed.map((f) => f.message)).toEqual([expect.stringMatching(/read-only/)])
    const { session, log } = await openSession(api, documentId)
    await session.curation.acceptVersionOf(placeAt(session, 44).pointer, whose(session, 44, 'ana'))
    expect(log.failed.map((f) => f.message)).toEqual(['The curated Source "Putin" was replaced, and its note went with it: Ctrl+Z brings them back.'])
    press(session, 'Mod-z')
    await session.settled()
    expect(nothingAt(session, 44)).toBeGreaterThanOrEqual(0)
    await session.curation.acceptVersionOf(placeAt(session, 44).pointer, nothingAt(session, 44))
    expect(log.failed.at(-1)?.message).toBe('The curated Source "Putin" was removed, and its note went with it: Ctrl+Z brings them back.')
  })
})
