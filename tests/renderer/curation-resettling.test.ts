/// <reference lib="dom" />
/**
 * Curation: what a change of a place's settling keeps of the curated relations there. Enter on a place changed since
 * settled keeps the curated version, relations and all; accepting again a version two analysts share keeps the relation
 * either drew; accepting a place whose relation was settled as nothing by the same curator settles it anew, not twice;
 * so does accepting another relation that joins the same curated ends.
 */
import { describe, expect, it } from 'vitest'
import { CURATED } from '../../src/shared/curation'
import { exportDocuments } from '../../src/core/export/jsonl'
import { settledDocument } from '../../src/core/export/settled'
import { corpusWith, openSession, press } from '../renderer/headless'

const TEXT = 'Mr Kim said sanctions relief was discussed. Putin agreed.'

describe('keeping the curated version of a place changed since settled', () => {
  it('keeps the curated relation between its spans', async () => {
    const made = corpusWith(TEXT, 'lead')
    const { corpus, documentId } = made
    const t = (day: number) => `2020-01-0${day}T10:00:00.000Z`
    corpus.transaction(() => {
      const [claim, speaker] = corpus.insertSpans(documentId, [
        { start: 0, end: 42, label: 'Claim', annotator: 'ana', createdAt: t(1), updatedAt: t(1) },
        { start: 0, end: 6, label: 'Speaker', annotator: 'ana', createdAt: t(1), updatedAt: t(1) },
      ])
      corpus.insertRelation(documentId, { head: claim, child: speaker, label: 'attributed_to', annotator: 'ana' })
      corpus.insertSpans(documentId, [
        { start: 0, end: 42, label: 'Claim', annotator: 'bob', createdAt: t(1), updatedAt: t(1) },
        { start: 3, end: 6, label: 'Speaker', annotator: 'bob', createdAt: t(1), updatedAt: t(1) },
      ])
      // The curator accepted ana's version, with her relation.
      const [cClaim, cSpeaker] = corpus.insertSpans(documentId, [
        { start: 0, end: 42, label: 'Claim', annotator: CURATED, createdAt: t(2), updatedAt: t(2) },
        { start: 0, end: 6, label: 'Speaker', annotator: CURATED, createdAt: t(2), updatedAt: t(2) },
      ])
      corpus.insertRelation(documentId, { head: cClaim, child: cSpeaker, label: 'attributed_to', annotator: CURATED })
      // ana changes her mind afterwards: her speaker is "Mr" only (her relation goes with her old span).
      const anaSpeaker = corpus.spansOf(documentId).find((s) => s.annotator === 'ana' && s.label === 'Speaker')!
      corpus.deleteSpan(documentId, anaSpeaker.id)
      corpus.insertSpan(documentId, { start: 0, end: 2, label: 'Speaker', annotator: 'ana', createdAt: t(3), updatedAt: t(3) })
    })
    const { session } = await openSession(made.api, documentId)
    const place = () => session.curation.items().find((i) => i.pointer.kind === 'place')!
    expect(place()).toMatchObject({ settled: false, changedSince: true, conflicting: false })
    expect(place().versions[0].annotators).toEqual([CURATED])
    press(session, 'Alt-c')
    await session.settled()
    expect(session.state.curation?.version).toBe(0) // the curated version, picked
    press(session, 'Enter') // "Enter keeps the one curated"
    await session.settled()
    expect(place()).toMatchObject({ settled: true, changedSince: false })
    // Keeping what was curated must not take away the curator's relation.
    expect(corpus.relationsOf(documentId).filter((r) => r.annotator === CURATED)).toHaveLength(1)
  })
})

describe('re-accepting a version two analysts share, where only the second drew a relation the curator accepted', () => {
  it('keeps the curated relation that settled the relation disagreement', async () => {
    const made = corpusWith(TEXT, 'lead')
    const { corpus, documentId } = made
    const t = (day: number) => `2020-01-0${day}T10:00:00.000Z`
    corpus.transaction(() => {
      for (const annotator of ['ana', 'bob']) {
        const [claim, speaker] = corpus.insertSpans(documentId, [
          { start: 0, end: 42, label: 'Claim', annotator, createdAt: t(1), updatedAt: t(1) },
          { start: 0, end: 6, label: 'Speaker', annotator, createdAt: t(1), updatedAt: t(1) },
        ])
        if (annotator === 'bob') corpus.insertRelation(documentId, { head: claim, child: speaker, label: 'attributed_to', annotator })
      }
      corpus.insertSpan(documentId, { start: 0, end: 42, label: 'Claim', annotator: 'cy', createdAt: t(1), updatedAt: t(1) })
    })
    const { session } = await openSession(made.api, documentId)
    const place = () => session.curation.items().find((i) => i.pointer.kind === 'place')!
    const link = () => session.curation.items().find((i) => i.pointer.kind === 'relation')!
    const shared = place().versions.findIndex((v) => v.annotators.includes('bob'))
    expect(place().versions[shared].annotators).toEqual(['ana', 'bob'])
    await session.curation.acceptVersionOf(place().pointer, shared)
    await session.curation.acceptVersionOf(link().pointer, link().versions.findIndex((v) => v.annotators.includes('bob')))
    expect(link().settled).toBe(true)
    expect(corpus.relationsOf(documentId).filter((r) => r.annotator === CURATED)).toHaveLength(1)
    // The curator accepts the same version of the place again (as Enter does on a place opened again).
    await session.curation.acceptVersionOf(place().pointer, place().versions.findIndex((v) => v.annotators.includes('bob')))
    expect(corpus.relationsOf(documentId).filter((r) => r.annotator === CURATED)).toHaveLength(1)
    expect(link().settled).toBe(true)
  })
})

describe('one curator: a relation settled as nothing, then the place of its ends accepted', () => {
  it('is not two settlings met', async () => {
    const made = corpusWith(TEXT, 'lead')
    const { corpus, documentId } = made
    corpus.transaction(() => {
      const [claim, speaker] = corpus.insertSpans(documentId, [
        { start: 0, end: 42, label: 'Claim', annotator: 'ana' },
        { start: 0, end: 6, label: 'Speaker', annotator: 'ana' },
      ])
      corpus.insertRelation(documentId, { head: claim, child: speaker, label: 'attributed_to', annotator: 'ana' })
      corpus.insertSpans(documentId, [
        { start: 0, end: 42, label: 'Claim', annotator: 'bob' },
        { start: 3, end: 6, label: 'Speaker', annotator: 'bob' },
      ])
    })
    const { session, log } = await openSession(made.api, documentId)
    const place = () => session.curation.items().find((i) => i.pointer.kind === 'place')!
    const link = () => session.curation.items().find((i) => i.pointer.kind === 'relation')!
    // "no such relation" first.
    await session.curation.acceptVersionOf(link().pointer, link().versions.findIndex((v) => v.spans.length === 0))
    expect(link()).toMatchObject({ settled: true, conflicting: false })
    // Then ana's version of the place (her spans and the relation between them).
    await session.curation.acceptVersionOf(place().pointer, place().versions.findIndex((v) => v.annotators.includes('ana')))
    expect(place()).toMatchObject({ settled: true, conflicting: false })
    expect(link().conflicting).toBe(false)
    expect(log.failed.at(-1)?.message).toBe('The attributed_to relation settled as nothing before comes with the version accepted: Ctrl+Z takes it back.')
  })
})

describe('one curator: a relation settled as nothing, then another relation accepted that joins the same curated ends', () => {
  it('takes the earlier settling back (the acceptance is the later word): not two settlings met, and the settled export keeps the relation', async () => {
    // ana: a Claim -> Speaker "Mr Kim"; bob: the same Claim -> Speaker "Kim". Two relation disagreements (their ends differ), one place.
    const made = corpusWith(TEXT, 'lead')
    const { corpus, documentId } = made
    corpus.transaction(() => {
      for (const [annotator, start] of [['ana', 0], ['bob', 3]] as const) {
        const [claim, speaker] = corpus.insertSpans(documentId, [
          { start: 12, end: 42, label: 'Claim', annotator },
          { start, end: 6, label: 'Speaker', annotator },
        ])
        corpus.insertRelation(documentId, { head: claim, child: speaker, label: 'attributed_to', annotator })
      }
    })
    const { session, log } = await openSession(made.api, documentId)
    const place = () => session.curation.items().find((i) => i.pointer.kind === 'place')!
    const links = () => session.curation.items().filter((i) => i.pointer.kind === 'relation')
    const linkOf = (analyst: string) => links().find((i) => i.versions.some((v) => v.spans.length > 0 && v.annotators.includes(analyst)))!
    expect(links()).toHaveLength(2)
    // ana's relation (to "Mr Kim"): "no such relation".
    await session.curation.acceptVersionOf(linkOf('ana').pointer, linkOf('ana').versions.findIndex((v) => v.spans.length === 0))
    // The place: ana's "Mr Kim".
    await session.curation.acceptVersionOf(place().pointer, place().versions.findIndex((v) => v.annotators.includes('ana')))
    // bob's relation accepted: the curated relation joins the curated "Mr Kim", so it settles ana's relation too.
    await session.curation.acceptVersionOf(linkOf('bob').pointer, linkOf('bob').versions.findIndex((v) => v.annotators.includes('bob')))
    expect(corpus.relationsOf(documentId).filter((r) => r.annotator === CURATED)).toHaveLength(1)
    for (const link of links()) expect(link).toMatchObject({ settled: true, conflicting: false })
    expect(log.failed.at(-1)?.message).toBe('The attributed_to relation settled as nothing before comes with the version accepted: Ctrl+Z takes it back.')
    const met: unknown[] = []
    const [stored] = [...exportDocuments(corpus)]
    const settled = settledDocument(stored, undefined, { settlingsMeet: (_d, place) => met.push(place) })
    expect(met).toEqual([])
    expect(settled.relations).toHaveLength(1)
    // Undone, the earlier settling as nothing is back as it was.
    press(session, 'Mod-z')
    await session.settled()
    expect(corpus.relationsOf(documentId).filter((r) => r.annotator === CURATED)).toHaveLength(0)
    expect(linkOf('ana')).toMatchObject({ settled: true, conflicting: false })
  })
})
