/// <reference lib="dom" />
/**
 * A merge's record of two settlings met (`meet:START-END`) holds only while the curated spans there are no analyst's
 * version: a curator removing one of the two by hand, or the analysts coming to agree with one, ends it.
 */
import { describe, expect, it } from 'vitest'
import { settledDocument } from '../../src/core/export/settled'
import { CURATED, curationOf, meetingKey } from '../../src/shared/curation'
import { corpusWith, openSession, press } from './headless'

const TEXT = 'Mr Kim said sanctions relief was discussed. Putin agreed.'

/** ana Speaker, bob Source on "Putin"; two curators' copies merged: curated Speaker and Source, and the merge's record. */
function merged() {
  const made = corpusWith(TEXT, 'lead')
  const { corpus, documentId } = made
  corpus.transaction(() => {
    // The analysts' work first, then each curator's settling (times fixed, so that none is changed since it was settled).
    const at = (minute: number) => ({ createdAt: `2026-01-01T08:0${minute}:00.000Z`, updatedAt: `2026-01-01T08:0${minute}:00.000Z` })
    corpus.insertSpan(documentId, { start: 44, end: 49, label: 'Speaker', annotator: 'ana', ...at(0) })
    corpus.insertSpan(documentId, { start: 44, end: 49, label: 'Source', annotator: 'bob', ...at(0) })
    corpus.insertSpan(documentId, { start: 44, end: 49, label: 'Speaker', annotator: CURATED, ...at(1) })
    corpus.insertSpan(documentId, { start: 44, end: 49, label: 'Source', annotator: CURATED, ...at(2) })
    corpus.settleAsNothing(documentId, meetingKey({ start: 44, end: 49 }), CURATED)
  })
  return made
}

describe("the merge's record of two settlings met", () => {
  it('goes when the curator removes one of the two settlings by hand (Backspace on the curated Source)', async () => {
    const made = merged()
    const { corpus, documentId } = made
    const { session } = await openSession(made.api, documentId)
    press(session, 'Alt-c')
    await session.settled()
    const source = corpus.spansOf(documentId).find((s) => s.annotator === CURATED && s.label === 'Source')!
    session.selectSpan(source.id)
    press(session, 'Backspace')
    await session.settled()
    expect(corpus.spansOf(documentId).filter((s) => s.annotator === CURATED).map((s) => s.label)).toEqual(['Speaker'])
    // One curated span, ana's version exactly: nothing meets here any more.
    const item = session.curation.items().find((i) => i.pointer.start === 44)!
    expect({ settled: item.settled, conflicting: item.conflicting }).toEqual({ settled: true, conflicting: false })
  })

  it('goes, or can be taken away, once the analysts agree there (the place is no longer listed in curation)', async () => {
    const made = merged()
    const { corpus, documentId } = made
    // bob comes round to Speaker: the place is agreed, and no curation item any more.
    const bobs = corpus.spansOf(documentId).find((s) => s.annotator === 'bob')!
    corpus.updateSpan(documentId, bobs.id, { start: 44, end: 49, label: 'Speaker' })
    const curatedSource = corpus.spansOf(documentId).find((s) => s.annotator === CURATED && s.label === 'Source')!
    corpus.deleteSpan(documentId, curatedSource.id) // and the curator removed the curated Source
    const { session } = await openSession(made.api, documentId)
    expect(session.curation.items().filter((i) => i.pointer.start === 44)).toEqual([]) // nothing to press Enter on
    const spans = corpus.spansOf(documentId).map((s) => ({ id: s.id, start: s.start_offset, end: s.end_offset, label: s.label, annotator: s.annotator, attrs: {}, text: 'Putin', created_at: s.created_at, updated_at: s.updated_at }))
    const place = curationOf(spans, [], () => [], new Set(corpus.settledAsNothing(documentId))).places[0]
    const doc = { id: 'd', title: 'd', meta: {}, status: 'done' as const, text: TEXT, spans, relations: [], labels: [], created_at: 'x', updated_at: 'x', settled_as_nothing: corpus.settledAsNothing(documentId).map((place) => ({ place, annotator: CURATED, created_at: 'x' })) }
    const met: unknown[] = []
    settledDocument(doc as never, undefined, { settlingsMeet: (_d, p) => met.push(p) })
    // The curated Speaker, everyone's Speaker: settled; the settled export does not say two settlings meet.
    expect({ conflicting: place.conflicting, met }).toEqual({ conflicting: false, met: [] })
  })
})
