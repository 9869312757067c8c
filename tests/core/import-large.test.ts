/**
 * A large import checks every record first, keeping what it prepared of each, and then writes in batches from
 * what it kept: it must end exactly as a small import of the same records does (one transaction, each record
 * taken once), summary and corpus alike, whatever the records hold.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AGREED } from '../../src/shared/curation'
import { Corpus } from '../../src/core/store/corpus'
import { exportDocuments } from '../../src/core/export/jsonl'
import { ImportRefusedError, importInOneTransaction, importPaths, type ImportOptions } from '../../src/core/import/import'
import { opened, scratch, writeJsonl } from '../helpers'

const FILLER = 'Mr Kim said the summit in Vladivostok went well, and officials agreed to meet again next spring. '.repeat(12)

/** Records of every kind that taking one works out before writing it, among enough plain ones to pass 1 MB. */
function records(): unknown[] {
  const special = [
    // Annotations by "agreed" are taken into the curated layer, and said.
    { id: 'agreed', text: 'Mr Kim said so.', spans: [{ start: 0, end: 6, label: 'Speaker', annotator: AGREED }] },
    // A span given twice is merged (with other attributes: the first copy's kept, and said); given twice with two
    // different notes, the record is refused.
    { id: 'twins', text: 'Mr Kim said so.', spans: [{ start: 0, end: 6, label: 'Speaker' }, { start: 0, end: 6, label: 'Speaker' }] },
    { id: 'twins-differ', text: 'Mr Kim said so.', spans: [{ start: 0, end: 6, label: 'Speaker', attrs: { a: 1 } }, { start: 0, end: 6, label: 'Speaker', attrs: { a: 2 } }] },
    { id: 'twins-notes', text: 'Mr Kim said so.', spans: [{ start: 0, end: 6, label: 'Speaker', attrs: { note: 'x' } }, { start: 0, end: 6, label: 'Speaker', attrs: { note: 'y' } }] },
    // A span that ends inside a character (an e and its combining accent) is kept, and said.
    { id: 'split', text: 'Cafe\u0301 talks.', spans: [{ start: 0, end: 4, label: 'Claim' }] },
    // Values nested too deeply, and an analyst's name the editor does not take, refuse the record.
    { id: 'deep', text: 'Deep.', spans: [{ start: 0, end: 4, label: 'Claim', attrs: { a: JSON.parse('['.repeat(120) + ']'.repeat(120)) } }] },
    { id: 'bad-name', text: 'Named.', spans: [{ start: 0, end: 5, label: 'Claim', annotator: ' ana' }] },
    // A span without an id after one with the largest id would be numbered past it.
    { id: 'ids-past', text: 'Mr Kim said so.', spans: [{ id: 2 ** 31 - 1, start: 7, end: 11, label: 'Claim' }, { start: 0, end: 6, label: 'Speaker' }] },
    // A later record of a document taken already joins it (another analyst), or is refused (the same analyst again).
    { id: 'doc-1', text: FILLER, spans: [{ start: 0, end: 6, label: 'Speaker', annotator: 'bob' }] },
  ]
  const plain = Array.from({ length: 1100 }, (_, i) => ({ id: `doc-${i}`, text: FILLER, spans: [{ start: 0, end: 6, label: 'Speaker' }, { start: 7, end: 11, label: 'Claim' }] }))
  return [...plain.slice(0, 500), ...special, ...plain.slice(500), { id: 'doc-2', text: FILLER, spans: [{ start: 0, end: 6, label: 'Speaker' }] }]
}

describe('a large import, written in batches from the records its check kept', () => {
  it('ends as a small import of the same records does: the same summary, the same corpus', async () => {
    const folder = scratch()
    const input = writeJsonl(folder, 'input.jsonl', records())
    const options: ImportOptions = { annotator: 'ana', skipInvalid: true }
    const large = opened(Corpus.open(join(folder, 'large.marginalia'), { create: true }))
    const small = opened(Corpus.open(join(folder, 'small.marginalia'), { create: true }))
    const batched = await importPaths(large, [input], options)
    const once = importInOneTransaction(small, [input], options)
    // Refused: the twins with two notes, the values too deep, the analyst's name, the ids past the largest, doc-2
    // again by the same analyst.
    expect(batched.invalid.map((problem) => problem.line)).toEqual([504, 506, 507, 508, 1110])
    expect(Object.keys(batched.remarks)).toEqual([expect.stringMatching(/^annotations by "agreed"/), expect.stringMatching(/^copies of one span merged/), expect.stringMatching(/^span edges inside a character/)])
    expect(batched.duplicatesMerged).toBe(2)
    expect(batched.joinedIds).toEqual(['doc-1'])
    expect(batched).toEqual(once)
    const contents = (corpus: Corpus) => [...exportDocuments(corpus)].map(({ id, text, spans }) => ({ id, text, spans: spans.map((span) => ({ ...span, created_at: undefined, updated_at: undefined })) }))
    expect(contents(large)).toEqual(contents(small))
    expect(large.documentCounts().documents).toBe(1100 + 4)
  }, 60_000)

  it('without --skip-invalid, is refused whole by its check for what only writing would have found (ids numbered past the largest), writing nothing', async () => {
    const folder = scratch()
    const input = writeJsonl(folder, 'input.jsonl', records())
    const corpus = opened(Corpus.open(join(folder, 'c.marginalia'), { create: true }))
    const refusal = await importPaths(corpus, [input], { annotator: 'ana' }).then(() => null, (error: unknown) => error as ImportRefusedError)
    expect(refusal).toBeInstanceOf(ImportRefusedError)
    expect(refusal!.errors.map((problem) => `${problem.line}: ${problem.reason}`)).toContainEqual(
      '508: spans[1]: a span without an id would take id 2147483648, past the largest a span may have (2147483647), as new ids come after every id given; give it an id, or smaller ids to the others',
    )
    expect(corpus.documentCounts().documents).toBe(0)
  }, 60_000)
})
