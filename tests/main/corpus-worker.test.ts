/** The desktop app's import/export worker, run as the app runs it (the built worker, in a worker thread). */
import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import type { CorpusJob, CorpusJobMessage } from '../../src/main/corpus-worker'
import { exportOf, marginalia, writeArticles } from '../cli/process'
import { scratch } from '../helpers'

const workerFile = join(__dirname, '..', '..', 'out', 'main', 'corpus-worker.js')

/** Runs a job; `cancelWhen` decides, from each progress report, when to press Cancel. Resolves with how it ended. */
function runJob(
  job: CorpusJob,
  cancelWhen: (fraction: number) => boolean = () => false,
  cancelAfterMs?: number,
): Promise<Exclude<CorpusJobMessage, { type: 'progress' }>> {
  const worker = new Worker(workerFile, { workerData: job })
  let cancelled = false
  if (cancelAfterMs !== undefined) setTimeout(() => worker.postMessage({ type: 'cancel' }), cancelAfterMs)
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
    const input = writeArticles(join(folder, 'big.jsonl'), 12_000)
    const outcome = await runJob({ kind: 'import', corpus, paths: [input], annotator: 'ana' }, (fraction) => fraction > 0.7)
    expect(outcome.type).toBe('stopped')
    expect((outcome as { message: string }).message).toMatch(/run the same command again|before it wrote anything/)
    const documents = exportOf(corpus)
    expect(documents.length).toBeGreaterThan(1)
    expect(documents.length).toBeLessThan(12_001)
  })

  it('stops an export on Cancel, leaving no file behind', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    expect((await marginalia(['import', corpus, writeArticles(join(folder, 'big.jsonl'), 12_000)])).code).toBe(0)
    const output = join(folder, 'out.jsonl')
    writeFileSync(output, 'before\n')
    const outcome = await runJob({ kind: 'export', corpus, output }, () => false, 300)
    expect(outcome).toEqual({ type: 'stopped', message: 'Export cancelled; no file was changed.' })
    expect(readdirSync(folder).filter((name) => name.endsWith('.partial'))).toEqual([])
    expect(existsSync(output)).toBe(true)
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
