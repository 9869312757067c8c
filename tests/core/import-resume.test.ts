/**
 * Running a stopped import again completes it: the documents a run had begun (one analyst's record written, the
 * next analyst's record of the same document not yet) get the rest of their work, and work the corpus holds
 * already is not refused as a conflict, with the default rule and with `--existing join`. What is in the corpus
 * from elsewhere is still left as it was.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ImportInterruptedError } from '../../src/core/import/import'
import { cli, parseJsonl, scratch, writeJsonl } from '../helpers'

const TEXT = 'Mr Kim said the talks went well.'
const record = (annotator: string, start: number, end: number, label = 'Claim') => ({
  id: 'd1',
  text: TEXT,
  spans: [{ start, end, label, annotator }],
})
const ANA = record('ana', 12, 31)
const BOB = record('bob', 0, 6, 'Speaker')

async function spansOf(corpus: string): Promise<string[]> {
  const [document] = parseJsonl((await cli('export', corpus)).stdout) as { spans: { annotator: string; label: string }[] }[]
  return document.spans.map((span) => `${span.annotator} ${span.label}`).sort()
}

describe('running a stopped import again', () => {
  it('adds the later analysts\u2019 records of a document the stopped run had begun, and is harmless run once more', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    // What a run stopped after its first batch leaves: the document with the first analyst's record only.
    expect((await cli('import', corpus, writeJsonl(folder, 'first-batch.jsonl', [ANA]))).code).toBe(0)
    const both = writeJsonl(folder, 'both.jsonl', [ANA, BOB])
    const again = await cli('import', corpus, both)
    expect(again.code, again.stderr).toBe(0)
    expect(await spansOf(corpus)).toEqual(['ana Claim', 'bob Speaker'])
    expect(again.stderr).toMatch(/1 record joined 1 document of the same id and text \("d1"\)/)
    const once = await cli('import', corpus, both)
    expect(once.code, once.stderr).toBe(0)
    expect(await spansOf(corpus)).toEqual(['ana Claim', 'bob Speaker'])
  })

  it('adds them though the first record gave a document label or a relation twice (counted once, as written; the later record was left out unsaid)', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    const ana = {
      ...record('ana', 12, 31),
      spans: [
        { id: 1, start: 0, end: 6, label: 'Speaker', annotator: 'ana' },
        { id: 2, start: 12, end: 31, label: 'Claim', annotator: 'ana' },
      ],
      relations: [1, 2].map(() => ({ head: 2, child: 1, label: 'attributed_to', annotator: 'ana' })),
      labels: [1, 2].map(() => ({ label: 'Politics', annotator: 'ana' })),
    }
    expect((await cli('import', '--add-labels', corpus, writeJsonl(folder, 'first-batch.jsonl', [ana]))).code).toBe(0)
    const again = await cli('import', '--add-labels', corpus, writeJsonl(folder, 'both.jsonl', [ana, BOB]))
    expect(again.code, again.stderr).toBe(0)
    expect(await spansOf(corpus)).toEqual(['ana Claim', 'ana Speaker', 'bob Speaker'])
  })

  it('leaves a document the corpus had from elsewhere as it was, the later records too', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    expect((await cli('import', corpus, writeJsonl(folder, 'carl.jsonl', [record('carl', 0, 6, 'Speaker')]))).code).toBe(0)
    const result = await cli('import', corpus, writeJsonl(folder, 'both.jsonl', [ANA, BOB]))
    expect(result.code, result.stderr).toBe(0)
    expect(await spansOf(corpus)).toEqual(['carl Speaker'])
    expect(result.stderr).toMatch(/1 document already in the corpus left as it was/)
  })

  it('leaves a document the corpus had with other work by the same first analyst as it was, the later records too', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    // ana's older work on d1; the input holds her newer work and bob's: not what a stopped run of it leaves.
    expect((await cli('import', corpus, writeJsonl(folder, 'round1.jsonl', [record('ana', 0, 6, 'Speaker')]))).code).toBe(0)
    const result = await cli('import', corpus, writeJsonl(folder, 'round2.jsonl', [ANA, BOB]))
    expect(result.code, result.stderr).toBe(0)
    expect(await spansOf(corpus)).toEqual(['ana Speaker'])
    expect(result.stderr).not.toMatch(/joined/)
  })

  it('with --existing join, refuses a record whose spans are there with other attributes (a note written since), as other work', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    expect((await cli('import', corpus, writeJsonl(folder, 'ana.jsonl', [ANA]))).code).toBe(0)
    const noted = { ...ANA, spans: [{ ...ANA.spans[0], attrs: { note: 'checked twice' } }] }
    const result = await cli('import', '--existing', 'join', corpus, writeJsonl(folder, 'noted.jsonl', [noted]))
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/noted\.jsonl:1: id "d1": "ana" already has work in the corpus's document/)
    const [document] = parseJsonl((await cli('export', corpus)).stdout) as { spans: { attrs: unknown }[] }[]
    expect(document.spans[0].attrs).toEqual({})
  })

  it('with --existing join, takes work the document holds already as there, and still refuses other work by the same analyst', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    expect((await cli('import', corpus, writeJsonl(folder, 'ana.jsonl', [ANA]))).code).toBe(0)
    const bob = writeJsonl(folder, 'bob.jsonl', [BOB])
    expect((await cli('import', '--existing', 'join', corpus, bob)).code).toBe(0)
    const again = await cli('import', '--existing', 'join', corpus, bob)
    expect(again.code, again.stderr).toBe(0)
    // The rule asked for was join: the line says the work is there, not to try --existing join.
    expect(again.stderr).toMatch(/1 document already holds the input's annotations, left as it was \("[^"]+"\)/)
    expect(again.stderr).not.toMatch(/--existing/)
    expect(await spansOf(corpus)).toEqual(['ana Claim', 'bob Speaker'])
    // A file of both, joined again (a stopped run of it begun again): all there, nothing refused.
    const both = await cli('import', '--existing', 'join', corpus, writeJsonl(folder, 'both.jsonl', [ANA, BOB]))
    expect(both.code, both.stderr).toBe(0)
    expect(await spansOf(corpus)).toEqual(['ana Claim', 'bob Speaker'])
    const other = await cli('import', '--existing', 'join', corpus, writeJsonl(folder, 'bob2.jsonl', [record('bob', 4, 7, 'Speaker')]))
    expect(other.code).toBe(1)
    expect(other.stderr).toMatch(/bob2\.jsonl:1: id "d1": "bob" already has work in the corpus's document/)
    expect(await spansOf(corpus)).toEqual(['ana Claim', 'bob Speaker'])
  })
})

describe('work a run joins itself', () => {
  it('is no reason to take the same analyst\u2019s record again as already there: it repeats, as the checking pass says', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    expect((await cli('import', corpus, writeJsonl(folder, 'ana.jsonl', [ANA]))).code).toBe(0)
    const twice = writeJsonl(folder, 'twice.jsonl', [BOB, BOB])
    const refused = await cli('import', '--existing', 'join', corpus, twice)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/twice\.jsonl:2: id "d1": "bob" already has work in the corpus.s document/)
    const skipped = await cli('import', '--existing', 'join', '--skip-invalid', corpus, twice)
    expect(skipped.code, skipped.stderr).toBe(0)
    expect(skipped.stderr).toMatch(/skipped \S*twice\.jsonl:2: id "d1": "bob" already has work/)
    expect(await spansOf(corpus)).toEqual(['ana Claim', 'bob Speaker'])
  })
})

describe('the message of a stopped import', () => {
  const summary = (documents: number, joined: number) =>
    ({ documents, replaced: 0, joined }) as unknown as ConstructorParameters<typeof ImportInterruptedError>[0]
  it('says what it wrote when it only joined work to documents of the corpus', () => {
    expect(new ImportInterruptedError(summary(0, 0)).message).toBe('import stopped before it wrote anything; the corpus is as it was')
    expect(new ImportInterruptedError(summary(0, 4644)).message).toMatch(/^import stopped after writing 0 documents and joining 4644 records to documents in whole batches; run the same command again/)
  })
})

describe('an import that fails after whole batches were written', () => {
  it('says what it wrote and how to go on, not that nothing was written; the kind of failure is kept', async () => {
    const { default: Database } = await import('better-sqlite3')
    const { writeArticles } = await import('../cli/process')
    const { Corpus } = await import('../../src/core/store/corpus')
    const { importPaths } = await import('../../src/core/import/import')
    const { opened } = await import('../helpers')
    const folder = scratch()
    const path = join(folder, 'c.marginalia')
    opened(Corpus.open(path, { create: true })).close()
    const articles = 20_000
    const input = writeArticles(join(folder, 'a.jsonl'), articles)
    const corpus = opened(Corpus.open(path, { lockWaitMs: 300 }))
    const holder = opened(new Database(path))
    let scheduled = false
    // Early in the writing (the check pass counts as the first half of the progress), another program asks for the
    // lock: it gets it when the batch under way has committed, and keeps it, so the next batch fails.
    const onProgress = (done: number, total: number) => {
      if (scheduled || done < total * 0.55) return
      scheduled = true
      setTimeout(() => holder.exec('BEGIN IMMEDIATE'), 0)
    }
    const failure = await importPaths(corpus, [input], { annotator: 'ana', onProgress }).then(
      () => null,
      (error: unknown) => error as Error & { kind: string },
    )
    holder.exec('ROLLBACK')
    expect(failure).not.toBeNull()
    expect(failure!.kind).toBe('busy')
    const written = corpus.documentCounts().documents
    expect(written).toBeGreaterThan(0)
    expect(written).toBeLessThan(articles)
    expect(failure!.message).toBe(
      `import stopped after writing ${written} documents in whole batches, which are kept: another program has kept the corpus locked for 0.3 s; ` +
        'run the same command again to import the rest (what is in the corpus already is not written again)',
    )
  }, 120_000)
})
