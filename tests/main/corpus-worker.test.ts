/** The desktop app's import/export worker, run as the app runs it (the built worker, in a worker thread). */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import type { CorpusJob, CorpusJobMessage } from '../../src/main/corpus-worker'
import { exportOf, marginalia, writeArticles } from '../cli/process'
import { scratch } from '../helpers'

const workerFile = join(__dirname, '..', '..', 'out', 'main', 'corpus-worker.js')

/** Runs a job; `cancelWhen` decides, from each progress report, when to press Cancel. Resolves with how it ended. */
function runJob(job: CorpusJob, cancelWhen: (fraction: number) => boolean = () => false): Promise<Exclude<CorpusJobMessage, { type: 'progress' }>> {
  const worker = new Worker(workerFile, { workerData: job })
  let cancelled = false
  return new Promise((resolve, reject) => {
    worker.on('message', (message: CorpusJobMessage) => {
      if (message.type !== 'progress') {
        void worker.terminate()
        resolve(message)
      } else if (!cancelled && cancelWhen(message.fraction)) {
        cancelled = true
        worker.postMessage({ type: 'cancel' })
      }
    })
    worker.on('error', reject)
  })
}

describe('the import and export worker', () => {
  it('imports and reports in the words the CLI uses', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    expect((await marginalia(['sample', corpus])).code).toBe(0)
    const outcome = await runJob({ kind: 'import', corpus, paths: [writeArticles(join(folder, 'in.jsonl'), 10)], annotator: 'ana' })
    expect(outcome).toEqual({ type: 'done', summary: 'imported 10 documents (30 spans, 0 relations, 0 document labels) from 1 file' })
  })

  it('stops an import on Cancel between batches and says what it wrote and how to go on', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    expect((await marginalia(['sample', corpus])).code).toBe(0)
    // Cancel is pressed at the first report of the writing pass (past half way: checking counts for the first
    // half), so the worker sees it once its first batch (400 ms of writing) is committed. The input takes about
    // four such batches to write here, so a later batch is always left. (Pressed later, as this test once did at
    // 70%, it could land in the last batch, and the import rightly finished.)
    const input = writeArticles(join(folder, 'big.jsonl'), 20_000)
    const outcome = await runJob({ kind: 'import', corpus, paths: [input], annotator: 'ana' }, (fraction) => fraction > 0.5)
    expect(outcome.type).toBe('stopped')
    expect((outcome as { message: string }).message).toMatch(/run the same command again/)
    const documents = exportOf(corpus)
    expect(documents.length).toBeGreaterThan(1)
    expect(documents.length).toBeLessThan(20_001)
  })

  it('stops an export on Cancel, leaving no file behind', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    expect((await marginalia(['import', corpus, writeArticles(join(folder, 'big.jsonl'), 12_000)])).code).toBe(0)
    const output = join(folder, 'out.jsonl')
    writeFileSync(output, 'before\n')
    // Cancel is pressed at the first report of progress, after one page of documents: far from the end.
    const reports: number[] = []
    const outcome = await runJob({ kind: 'export', corpus, output }, (fraction) => reports.push(fraction) > 0)
    expect(reports[0]).toBeGreaterThan(0)
    expect(reports[0]).toBeLessThan(0.1)
    expect(outcome).toEqual({ type: 'stopped', message: 'Export cancelled; no file was changed.' })
    expect(readdirSync(folder).filter((name) => name.endsWith('.partial'))).toEqual([])
    expect(existsSync(output)).toBe(true)
  })

  it('reports an export\'s progress in rising steps that end at 1', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    expect((await marginalia(['import', corpus, writeArticles(join(folder, 'in.jsonl'), 2_000)])).code).toBe(0)
    const reports: number[] = []
    const outcome = await runJob({ kind: 'export', corpus, output: join(folder, 'out.jsonl') }, (fraction) => reports.push(fraction) < 0)
    expect(outcome).toEqual({ type: 'done', summary: `exported 2000 documents to ${join(folder, 'out.jsonl')}` })
    expect(reports.length).toBeGreaterThan(5)
    expect(reports).toEqual([...reports].sort((a, b) => a - b))
    expect(reports.at(-1)).toBe(1)
  })

  it('exports the settled set (File › Export Settled Set…): curated, else agreed', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    const records = [
      { id: 'd', text: 'Mr Kim said sanctions relief was discussed.', spans: [{ start: 0, end: 6, label: 'Speaker', annotator: 'ana' }, { start: 0, end: 6, label: 'Speaker', annotator: 'bob' }, { start: 12, end: 42, label: 'Claim', annotator: 'ana' }] },
    ]
    writeFileSync(join(folder, 'in.jsonl'), records.map((r) => JSON.stringify(r)).join('\n'))
    expect((await marginalia(['import', corpus, join(folder, 'in.jsonl')])).code).toBe(0)
    const output = join(folder, 'settled.jsonl')
    // ana's Claim alone waits for a curator, and the message says so (an export made before curation is finished).
    expect(await runJob({ kind: 'export', corpus, output, settled: true })).toEqual({
      type: 'done',
      summary: `exported the settled set of 1 document to ${output}; 1 place where the analysts differ, in 1 document, not settled by a curator yet: of each, only what every analyst's version holds is in the settled set (curate them, Alt+C, for the rest): d`,
    })
    const [document] = readFileSync(output, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line))
    expect(document.spans.map((s: { text: string; annotator: string }) => [s.text, s.annotator])).toEqual([['Mr Kim', 'agreed']]) // ana's Claim alone is not settled
  })

  it('saves a checked copy and merges another corpus in, saying what it did', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    expect((await marginalia(['import', corpus, writeArticles(join(folder, 'a.jsonl'), 20, { prefix: 'a' })])).code).toBe(0)
    const copy = join(folder, 'copy.marginalia')
    expect(await runJob({ kind: 'copy', corpus, output: copy })).toEqual({ type: 'done', summary: `saved a copy of 20 documents to ${copy}` })
    expect(exportOf(copy)).toEqual(exportOf(corpus))
    const other = join(folder, 'other.marginalia')
    expect((await marginalia(['import', other, writeArticles(join(folder, 'b.jsonl'), 5, { prefix: 'b' })])).code).toBe(0)
    const merged = await runJob({ kind: 'merge', corpus, sources: [other], addLabels: false })
    expect(merged.type).toBe('done')
    expect((merged as { summary: string }).summary).toMatch(/5 documents added/)
    expect(exportOf(corpus)).toHaveLength(25)
  })
})
