import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { dispatch } from '../../src/core/operations/dispatch'
import { createHandlers } from '../../src/core/operations/handlers'
import { createSampleCorpus } from '../../src/core/sample'
import { CorpusReader } from '../../src/core/store/reader'
import { Corpus } from '../../src/core/store/corpus'
import { MOST_WRITTEN_TOGETHER, type WriteTogetherResult } from '../../src/shared/annotation-writes'
import type { ExportedRelation, ExportedSpan } from '../../src/shared/corpus-types'
import type { RemovedSpan, RestoredSpan } from '../../src/shared/api'
import { opened, scratch } from '../helpers'

function sample() {
  const path = join(scratch(), 's.marginalia')
  createSampleCorpus(path, { annotator: 'setup' })
  const corpus = opened(Corpus.open(path))
  const handlers = createHandlers(corpus, 'ana')
  const [first] = handlers.listDocuments({ status: null, annotator: null, afterId: 0, limit: 10 })
  const stored = () => corpus.spansOf(first.id).map((s) => `${s.label} ${s.start_offset}-${s.end_offset} ${s.attrs}`)
  return { handlers, corpus, documentId: first.id, stored, relations: () => corpus.relationsOf(first.id).length }
}

describe('writeTogether', () => {
  it('makes every write in one call, a later one naming the span an earlier one made', () => {
    const { handlers, documentId, stored, relations } = sample()
    const outcome = dispatch(handlers, 'writeTogether', {
      documentId,
      writes: [
        { op: 'addSpan', args: { start: 0, end: 5, label: 'Claim' } },
        { op: 'addSpan', args: { start: 10, end: 14, label: 'Speaker' } },
        { op: 'setSpanAttrs', args: { spanId: { madeBy: 1 }, attrs: { note: 'the 🦀 desk', madeBy: 0 } } }, // an attribute named madeBy is only that
        { op: 'addRelation', args: { head: { madeBy: 0 }, child: { madeBy: 1 }, label: 'attributed_to' } },
      ],
    })
    expect(outcome.ok).toBe(true)
    const [claim, speaker, noted, relation] = (outcome as { value: WriteTogetherResult }).value as [ExportedSpan, ExportedSpan, ExportedSpan, ExportedRelation]
    expect(noted).toMatchObject({ id: speaker.id, attrs: { note: 'the 🦀 desk', madeBy: 0 } })
    expect(relation).toMatchObject({ head: claim.id, child: speaker.id, annotator: 'ana' })
    expect(stored()).toHaveLength(2)
    expect(relations()).toBe(1)
  })

  it('writes nothing when one of its writes is refused, whichever it is', () => {
    const { handlers, corpus, documentId, stored, relations } = sample()
    const claim = handlers.addSpan({ documentId, start: 0, end: 5, label: 'Claim' })
    const before = stored()
    for (const refused of [
      { op: 'addSpan', args: { start: 0, end: 99_999, label: 'Claim' } }, // outside the text
      { op: 'removeSpan', args: { spanId: 999_999 } }, // gone
      { op: 'updateSpan', args: { spanId: claim.id, start: 0, end: 6, label: 'Claim', unchangedSince: '2001-01-01T00:00:00.000Z' } }, // changed since
    ]) {
      const outcome = dispatch(handlers, 'writeTogether', {
        documentId,
        writes: [
          { op: 'setSpanAttrs', args: { spanId: claim.id, attrs: { note: 'first' } } },
          { op: 'addSpan', args: { start: 10, end: 14, label: 'Speaker' } },
          { op: 'addRelation', args: { head: claim.id, child: { madeBy: 1 }, label: 'attributed_to' } },
          refused,
        ],
      })
      expect(outcome).toMatchObject({ ok: false, error: { write: 3 } }) // which write was refused
      expect(stored()).toEqual(before)
      expect(relations()).toBe(0)
    }
    corpus.close()
  })

  it('puts a span back with the relations a removal of the same call took away', () => {
    const { handlers, documentId, relations } = sample()
    const claim = handlers.addSpan({ documentId, start: 0, end: 5, label: 'Claim' })
    const speaker = handlers.addSpan({ documentId, start: 10, end: 14, label: 'Speaker' })
    handlers.addRelation({ documentId, head: claim.id, child: speaker.id, label: 'attributed_to' })
    const [removed, restored] = handlers.writeTogether({
      documentId,
      writes: [
        { op: 'removeSpan', args: { spanId: speaker.id } },
        { op: 'restoreSpan', args: { span: { ...speaker, attrs: { note: 'as it was' } }, relations: { removedBy: 0 } } },
      ],
    }) as [RemovedSpan, RestoredSpan]
    expect(removed.relations).toHaveLength(1)
    expect(restored.span.attrs).toEqual({ note: 'as it was' })
    expect(restored.relations.map((r) => r.id)).toEqual(removed.relations.map((r) => r.id))
    expect(relations()).toBe(1)
  })

  it('refuses, naming the write, a reference to a later write or to one that makes no span, and runs nothing', () => {
    const { handlers, documentId, stored } = sample()
    const call = (writes: unknown[]) => dispatch(handlers, 'writeTogether', { documentId, writes })
    const add = { op: 'addSpan', args: { start: 0, end: 5, label: 'Claim' } }
    expect(call([add, { op: 'setSpanAttrs', args: { spanId: { madeBy: 2 }, attrs: {} } }, add])).toMatchObject({
      ok: false,
      error: { kind: 'invalid', message: expect.stringMatching(/^writeTogether: writes\[1\]\.args\.spanId: must name an earlier write of this call/) },
    })
    expect(call([{ op: 'removeRelation', args: { relationId: 1 } }, { op: 'addRelation', args: { head: { madeBy: 0 }, child: 1, label: 'attributed_to' } }])).toMatchObject({
      ok: false,
      error: { kind: 'invalid', message: expect.stringContaining('madeBy must name an addSpan or a restoreSpan (write 0 is removeRelation)') },
    })
    const span = handlers.addSpan({ documentId, start: 20, end: 25, label: 'Claim' })
    const before = stored()
    handlers.removeSpan({ documentId, spanId: span.id })
    expect(call([add, { op: 'restoreSpan', args: { span, relations: { removedBy: 0 } } }])).toMatchObject({
      ok: false,
      error: { kind: 'invalid', message: expect.stringContaining('removedBy must name a removeSpan (write 0 is addSpan)') },
    })
    handlers.restoreSpan({ documentId, span, relations: [] })
    expect(stored()).toEqual(before)
    handlers.removeSpan({ documentId, spanId: span.id })
    // A reference naming no write at all is refused in plain words, never an internal failure.
    for (const [madeBy, said] of [[-1, 'must be at least 0'], [0.5, 'must be a whole number'], ['0', 'must be a number, not a string'], [MOST_WRITTEN_TOGETHER, 'must be at most 999']] as const) {
      expect(call([add, { op: 'setSpanAttrs', args: { spanId: { madeBy }, attrs: {} } }])).toEqual({ ok: false, error: { kind: 'invalid', message: `writeTogether: writes[1].args.spanId.madeBy: ${said}` } })
    }
    expect(call([{ op: 'removeSpan', args: { spanId: span.id } }, { op: 'restoreSpan', args: { span, relations: { removedBy: -3 } } }])).toMatchObject({
      ok: false,
      error: { kind: 'invalid', message: expect.stringMatching(/^writeTogether: writes\[1\]\.args\.relations/) },
    })
    expect(call([{ op: 'drop', args: {} }])).toEqual({ ok: false, error: { kind: 'invalid', message: expect.stringMatching(/^writeTogether: writes\[0\]\.op: must be "addSpan", "updateSpan", .* or "unsettle"$/) } })
    expect(call([])).toEqual({ ok: false, error: { kind: 'invalid', message: 'writeTogether: writes: must hold at least 1 item' } })
    expect(call([{ op: 'setStatus', args: { status: 'done' } }])).toMatchObject({ ok: false, error: { kind: 'invalid' } }) // not a write it makes
    expect(stored()).toEqual([])
  })

  it('names a span put back by an earlier write of the call (madeBy a restoreSpan)', () => {
    const { handlers, documentId, relations } = sample()
    const claim = handlers.addSpan({ documentId, start: 0, end: 5, label: 'Claim' })
    const speaker = handlers.addSpan({ documentId, start: 10, end: 14, label: 'Speaker' })
    handlers.removeSpan({ documentId, spanId: speaker.id })
    const [restored, linked] = handlers.writeTogether({
      documentId,
      writes: [
        { op: 'restoreSpan', args: { span: speaker, relations: [] } },
        { op: 'addRelation', args: { head: claim.id, child: { madeBy: 0 }, label: 'attributed_to' } },
      ],
    }) as [RestoredSpan, ExportedRelation]
    expect(linked).toMatchObject({ head: claim.id, child: restored.span.id })
    expect(restored.span.id).toBe(speaker.id)
    expect(relations()).toBe(1)
  })

  it('is refused on a corpus open read-only, as every write is', () => {
    const { corpus, documentId } = sample()
    const path = corpus.path
    corpus.close()
    const reader = opened(CorpusReader.open(path))
    const outcome = dispatch(createHandlers(reader, 'ana'), 'writeTogether', { documentId, writes: [{ op: 'addSpan', args: { start: 0, end: 5, label: 'Claim' } }] })
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'readonly' } })
    expect(opened(Corpus.open(path)).spansOf(documentId)).toEqual([])
  })

  it('refuses a call of too many writes, or whose answers would be too large, writing nothing (no request can exhaust the server)', () => {
    const { handlers, corpus, documentId, stored } = sample()
    const many = Array.from({ length: MOST_WRITTEN_TOGETHER + 1 }, (_, i) => ({ op: 'settleAsNothing', args: { place: `place:${i}-${i + 1}` } }))
    expect(dispatch(handlers, 'writeTogether', { documentId, writes: many })).toMatchObject({ ok: false, error: { kind: 'invalid' } })
    // Each settling answers every place settled so far: a thousand long places would answer gigabytes.
    const long = Array.from({ length: MOST_WRITTEN_TOGETHER }, (_, i) => ({ op: 'settleAsNothing', args: { place: `${i}:${'x'.repeat(9_000)}` } }))
    const outcome = dispatch(handlers, 'writeTogether', { documentId, writes: long })
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'rule', message: expect.stringMatching(/would answer more than 16 MB; nothing was written: make them in smaller calls$/) } })
    expect(corpus.settledAsNothing(documentId)).toEqual([])
    expect(stored()).toEqual([])
  })
})
