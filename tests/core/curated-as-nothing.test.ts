/** Disagreements a curator settled as nothing (schema version 3): stored, read back, merged, gone with their document. */
import { join } from 'node:path'
import { unpackDocument } from '../../src/shared/packed-document'
import { describe, expect, it } from 'vitest'
import { dispatch } from '../../src/core/operations/dispatch'
import { createHandlers } from '../../src/core/operations/handlers'
import { Corpus } from '../../src/core/store/corpus'
import { cli, opened, scratch, writeJsonl } from '../helpers'

describe('settled as nothing', () => {
  it('is written through the API by the analyst, read with the document, merged once, and goes with its document', async () => {
    const folder = scratch()
    const source = join(folder, 'source.marginalia')
    const target = join(folder, 'target.marginalia')
    const input = writeJsonl(folder, 'in.jsonl', [{ id: 'a', text: 'Mr Kim said talks went well.' }])
    for (const path of [source, target]) expect((await cli('import', path, input)).code).toBe(0)

    const corpus = opened(Corpus.open(source))
    const handlers = createHandlers(corpus, 'lead')
    expect(dispatch(handlers, 'settleAsNothing', { documentId: 1, place: 'place:0-6' })).toEqual({ ok: true, value: ['place:0-6'] })
    expect(dispatch(handlers, 'settleAsNothing', { documentId: 1, place: 'place:0-6' })).toEqual({ ok: true, value: ['place:0-6'] })
    expect(dispatch(handlers, 'settleAsNothing', { documentId: 99, place: 'place:0-6' })).toMatchObject({ ok: false, error: { kind: 'rule' } })
    expect(unpackDocument(handlers.openDocument({ documentId: 1 })).settledAsNothing).toEqual(['place:0-6'])
    expect(corpus.curationDecisions(1)).toEqual([{ place: 'place:0-6', annotator: 'lead', created_at: expect.any(String) }])
    expect(corpus.annotators()).not.toContain('lead') // a settling is no annotation: no analyst to show the work of
    corpus.close()

    for (let round = 0; round < 2; round++) expect((await cli('merge', target, source)).code).toBe(0)
    const merged = opened(Corpus.open(target))
    expect(merged.curationDecisions(1)).toEqual(opened(Corpus.open(source)).curationDecisions(1))
    merged.close()

    const replaced = await cli('import', '--existing', 'replace', target, writeJsonl(folder, 'new.jsonl', [{ id: 'a', text: 'Another text.' }]))
    expect(replaced.code, replaced.stderr).toBe(0)
    const after = opened(Corpus.open(target))
    expect(after.curationDecisions(after.documentId('a')!)).toEqual([])
    after.close()
    const unsettle = opened(Corpus.open(source))
    expect(dispatch(createHandlers(unsettle, 'lead'), 'unsettle', { documentId: 1, place: 'place:0-6' })).toEqual({ ok: true, value: [] })
    unsettle.close()
  })

  it('goes out in JSONL (settled_as_nothing) where the export holds the curated layer, and comes back in with an import', async () => {
    const folder = scratch()
    const source = join(folder, 'source.marginalia')
    const input = writeJsonl(folder, 'in.jsonl', [{ id: 'a', text: 'Mr Kim said talks went well.', spans: [{ start: 0, end: 6, label: 'Speaker', annotator: 'ana' }] }, { id: 'b', text: 'Quiet.' }])
    expect((await cli('import', source, input)).code).toBe(0)
    const corpus = opened(Corpus.open(source))
    corpus.settleAsNothing(1, 'place:0-6', 'lead', '2026-11-30T10:00:00.000Z')
    corpus.close()
    const whole = await cli('export', source)
    const [a, b] = whole.stdout.trim().split('\n').map((line) => JSON.parse(line))
    expect(a.settled_as_nothing).toEqual([{ place: 'place:0-6', annotator: 'lead', created_at: '2026-11-30T10:00:00.000Z' }])
    expect(b).not.toHaveProperty('settled_as_nothing') // only where there are some
    // One analyst's work, or the settled set, has no curator's settlings; the curated layer's has them.
    expect(JSON.parse((await cli('export', source, '--annotator', 'ana')).stdout.split('\n')[0])).not.toHaveProperty('settled_as_nothing')
    expect(JSON.parse((await cli('export', source, '--curated-or-agreed')).stdout.split('\n')[0])).not.toHaveProperty('settled_as_nothing')
    expect(JSON.parse((await cli('export', source, '--annotator', 'curated')).stdout.split('\n')[0]).settled_as_nothing).toHaveLength(1)
    // A backup made by export comes back whole: the same bytes out again.
    const backup = join(folder, 'backup.jsonl')
    expect((await cli('export', source, '-o', backup)).code).toBe(0)
    const restored = join(folder, 'restored.marginalia')
    expect((await cli('import', restored, backup)).code).toBe(0)
    expect((await cli('export', restored)).stdout).toBe(whole.stdout)
  })
})
