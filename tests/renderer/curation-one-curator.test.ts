/// <reference lib="dom" />
/**
 * One curator's own settling of two labels on one text (tagged in curation mode, or an analyst's version accepted that
 * an analyst changed since) is settled, and the settled export keeps it: only a merge of two curators' copies records a
 * place as two settlings met.
 */
import { describe, expect, it } from 'vitest'
import { CURATED, curationOf } from '../../src/shared/curation'
import { settledDocument } from '../../src/core/export/settled'
import { corpusWith, openSession, press, selectText } from './headless'

const TEXT = 'Mr Kim said sanctions relief was discussed. Putin agreed.'

describe('one curator, two labels on one text', () => {
  it('a curator who tags both labels on "Putin" (ana said Speaker, bob Source) has settled the place', async () => {
    const made = corpusWith(TEXT, 'lead')
    const { corpus, documentId } = made
    corpus.transaction(() => {
      corpus.insertSpan(documentId, { start: 44, end: 49, label: 'Speaker', annotator: 'ana' })
      corpus.insertSpan(documentId, { start: 44, end: 49, label: 'Source', annotator: 'bob' })
    })
    const { session } = await openSession(made.api, documentId)
    press(session, 'Alt-c')
    await session.settled()
    // The curator's own version, tagged in curation mode: both labels apply.
    selectText(session, 44, 49)
    press(session, '2')
    await session.settled()
    selectText(session, 44, 49)
    press(session, '3')
    await session.settled()
    const curated = corpus.spansOf(documentId).filter((s) => s.annotator === CURATED).map((s) => s.label).sort()
    expect(curated).toEqual(['Source', 'Speaker'])
    const item = session.curation.items().find((i) => i.pointer.start === 44)!
    // One curator, one decision: it should be settled (as a single-label own version is), not "two settlings meet".
    expect({ settled: item.settled, conflicting: item.conflicting }).toEqual({ settled: true, conflicting: false })
  })

  it('the settled export keeps that one curator\'s two labels', () => {
    const span = (id: number, label: string, annotator: string) => ({ id, start: 44, end: 49, label, annotator, attrs: {}, text: 'Putin', created_at: 'x', updated_at: 'x' })
    const spans = [span(1, 'Speaker', 'ana'), span(2, 'Source', 'bob'), span(3, 'Speaker', CURATED), span(4, 'Source', CURATED)]
    expect(curationOf(spans, []).places[0]).toMatchObject({ settled: true, conflicting: false })
    const doc = { id: 'd', title: 'd', meta: {}, status: 'done' as const, text: TEXT, spans, relations: [], labels: [], created_at: 'x', updated_at: 'x' }
    const met: unknown[] = []
    const settled = settledDocument(doc as never, undefined, { settlingsMeet: (_d, place) => met.push(place) })
    expect(settled.spans.map((s) => s.label).sort()).toEqual(['Source', 'Speaker'])
    expect(met).toEqual([])
  })

  it("an analyst's later edit leaves a single curator's settling of two labels settled, not two settlings met", () => {
    // ana tagged Speaker+Source on "Putin", bob nothing; the curator accepted ana's version; ana later relabels Source as Spam.
    const span = (id: number, label: string, annotator: string) => ({ id, start: 44, end: 49, label, annotator, attrs: {}, text: 'Putin', created_at: 'x', updated_at: 'x' })
    const spans = [span(1, 'Speaker', 'ana'), span(2, 'Spam', 'ana'), { ...span(5, 'Claim', 'bob'), start: 0, end: 6 }, span(3, 'Speaker', CURATED), span(4, 'Source', CURATED)]
    const place = curationOf(spans, []).places.find((p) => p.start === 44)!
    // Settled (the editor shows "changed since", offering the curated version first).
    expect({ settled: place.settled, conflicting: place.conflicting }).toEqual({ settled: true, conflicting: false })
  })
})
