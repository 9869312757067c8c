/**
 * Adding a document with its annotations in one call (what an import does, writing each row once) stores and
 * refuses exactly what adding the document, then its spans, then each relation does.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MAX_ID } from '../../src/shared/corpus-types'
import { Corpus, type NewRelation, type NewSpan } from '../../src/core/store/corpus'
import { opened, scratch } from '../helpers'

const TEXT = 'Mr Kim said the summit went well, and Seoul agreed. 🙂 The end.'
const DOCUMENT = { externalId: 'd1', title: 'd1', text: TEXT, createdAt: '2026-01-01T00:00:00.000Z' }
const STAMP = { createdAt: '2026-01-02T00:00:00.000Z' }

const span = (start: number, end: number, label: string, id?: number): NewSpan => ({ id, start, end, label, annotator: 'ana', ...STAMP })
/** A relation between spans given by index. */
const link = (head: number, child: number, label = 'attributed_to', id?: number): NewRelation => ({ id, head, child, label, annotator: 'ana', ...STAMP })

function bothWays(spans: NewSpan[], relations: NewRelation[]) {
  const folder = scratch()
  const results = [true, false].map((atOnce, i) => {
    const corpus = opened(Corpus.open(join(folder, `${i}.marginalia`), { create: true }))
    const write = (): number => {
      if (atOnce) return corpus.insertDocumentWithAnnotations(DOCUMENT, spans, relations).documentId
      const documentId = corpus.insertDocument(DOCUMENT)
      const ids = corpus.insertSpans(documentId, spans)
      for (const relation of relations) corpus.insertRelation(documentId, { ...relation, head: ids[relation.head], child: ids[relation.child] })
      return documentId
    }
    try {
      const documentId = corpus.transaction(write)
      const stored = { spans: corpus.spansOf(documentId), relations: corpus.relationsOf(documentId) }
      // What the next span and relation added by hand get shows the ids the document keeps for them.
      const [claim, speaker] = ['Claim', 'Speaker'].map((label) => corpus.spansOf(documentId).find((s) => s.label === label))
      const next = corpus.transaction(() => [
        corpus.insertSpan(documentId, span(0, 2, 'Speaker')),
        claim && speaker ? corpus.insertRelation(documentId, { ...link(0, 0), head: claim.id, child: speaker.id, annotator: 'bob' }) : null,
      ])
      return { stored, next }
    } catch (error) {
      return { refused: (error as Error).message, documents: corpus.documentCounts().documents }
    }
  })
  expect(results[0]).toEqual(results[1])
  return results[0]
}

describe('adding a document with its spans and relations at once', () => {
  it('stores what adding them one by one stores, new and given ids alike, and keeps the same next ids', () => {
    const result = bothWays([span(12, 33, 'Claim'), span(0, 6, 'Speaker', 7), span(38, 43, 'Source'), span(52, 53, 'Claim')], [link(0, 1, 'attributed_to', 2), link(0, 2), link(3, 1)])
    // The given span id 7 is kept and new ones come after it.
    expect(result.stored?.spans.map((s) => s.id)).toEqual([7, 8, 9, 10])
    expect(result.stored?.relations.map((r) => r.id)).toEqual([2, 3, 4])
    expect(result.next).toEqual([11, 5])
  })

  it('gives new relations ids after every id given, so that a relation given id 1 after one without an id does not collide with it', () => {
    const corpus = opened(Corpus.open(join(scratch(), 'c.marginalia'), { create: true }))
    const spans = [span(12, 33, 'Claim'), span(0, 6, 'Speaker'), span(38, 43, 'Source')]
    const { documentId } = corpus.transaction(() => corpus.insertDocumentWithAnnotations(DOCUMENT, spans, [link(0, 1), link(0, 2, 'attributed_to', 1)]))
    expect(corpus.relationsOf(documentId).map((r) => [r.id, r.child])).toEqual([
      [1, 3],
      [2, 2],
    ])
  })

  it.each([
    ['a relation whose ends the label does not allow', [link(1, 0)]],
    ['a relation from a span to itself', [link(0, 0)]],
    ['a relation given twice', [link(0, 1), link(0, 1)]],
    ['an unknown relation label', [link(0, 1, 'caused')]],
    ['a relation id past the largest', [link(0, 1, 'attributed_to', 2 ** 53)]],
    ['a new relation after one with the largest id', [link(0, 1, 'attributed_to', MAX_ID), { ...link(0, 1), annotator: 'bob' }]],
  ])('refuses %s as adding it by hand does, and writes nothing', (_, relations) => {
    const result = bothWays([span(12, 33, 'Claim'), span(0, 6, 'Speaker')], relations)
    expect(result.refused).toBeTruthy()
    expect(result.documents).toBe(0)
  })

  it.each([
    ['a span outside the text', [span(0, 500, 'Claim')]],
    ['an unknown span label', [span(0, 2, 'Rumour')]],
    ['a new span after one with the largest id', [span(0, 2, 'Claim', MAX_ID), span(3, 5, 'Claim')]],
  ])('refuses %s as adding it by hand does', (_, spans) => {
    expect(bothWays(spans, []).refused).toBeTruthy()
  })

  it('a savepoint rolled back takes with it the analyst it made: the next span by that analyst is written', () => {
    const corpus = opened(Corpus.open(join(scratch(), 'c.marginalia'), { create: true }))
    corpus.transaction(() => {
      // Refused halfway, after its new analyst was made: the span past the text comes second.
      expect(() => corpus.transaction(() => corpus.insertDocumentWithAnnotations(DOCUMENT, [{ ...span(0, 2, 'Claim'), annotator: 'zed' }, span(0, 500, 'Claim')], []))).toThrow(/outside the text/)
      const { documentId } = corpus.insertDocumentWithAnnotations(DOCUMENT, [{ ...span(0, 2, 'Speaker'), annotator: 'zed' }], [])
      expect(corpus.spansOf(documentId).map((s) => s.annotator)).toEqual(['zed'])
    })
  })
})
