/**
 * Worker thread for long corpus jobs of the desktop app (import, export), so the window stays responsive,
 * progress can be shown, and a job can be cancelled: terminating the worker before the import's transaction
 * commits leaves the corpus as it was.
 */
import { createWriteStream, renameSync, rmSync } from 'node:fs'
import { finished } from 'node:stream/promises'
import { parentPort, workerData } from 'node:worker_threads'
import { writeJsonl } from './corpus/export'
import { ImportRefusedError, importPaths } from './corpus/import'
import { Corpus } from './corpus/store'

/** A job for the worker. */
export type CorpusJob =
  | { kind: 'import'; corpus: string; paths: string[]; annotator: string; nativeBinding?: string }
  | { kind: 'export'; corpus: string; output: string; nativeBinding?: string }

/** What the worker reports. */
export type CorpusJobMessage =
  | { type: 'progress'; fraction: number }
  | { type: 'done'; summary: string }
  | { type: 'failed'; message: string }

function post(message: CorpusJobMessage): void {
  parentPort?.postMessage(message)
}

async function run(job: CorpusJob): Promise<string> {
  if (job.kind === 'import') {
    const corpus = Corpus.open(job.corpus, { nativeBinding: job.nativeBinding })
    try {
      const summary = importPaths(corpus, job.paths, {
        annotator: job.annotator,
        onProgress: (done, total) => post({ type: 'progress', fraction: total === 0 ? 1 : done / total }),
      })
      return `Imported ${summary.documents} documents (${summary.spans} spans); ${summary.alreadyPresent.length} already in the corpus were left as they were.`
    } finally {
      corpus.close()
    }
  }
  const corpus = Corpus.open(job.corpus, { readonly: true, nativeBinding: job.nativeBinding })
  const temporary = `${job.output}.partial`
  try {
    const out = createWriteStream(temporary)
    const lines = await writeJsonl(corpus, out)
    out.end()
    await finished(out)
    renameSync(temporary, job.output)
    return `Exported ${lines} documents to ${job.output}.`
  } catch (error) {
    rmSync(temporary, { force: true })
    throw error
  } finally {
    corpus.close()
  }
}

run(workerData as CorpusJob).then(
  (summary) => post({ type: 'done', summary }),
  (error: unknown) => {
    const details = error instanceof ImportRefusedError ? `\n${error.errors.slice(0, 10).map((e) => e.message).join('\n')}` : ''
    post({ type: 'failed', message: `${error instanceof Error ? error.message : String(error)}${details}` })
  },
)
