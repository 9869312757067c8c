/**
 * Worker thread for long corpus jobs of the desktop app (import, export), so the window stays responsive,
 * progress can be shown, and a job can be cancelled: terminating the worker before the import's transaction
 * commits leaves the corpus as it was.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { exportToFile } from '../core/export/to-file'
import { ImportRefusedError, importPaths } from '../core/import/import'
import { describeImport } from '../core/import/summary'
import { Corpus } from '../core/store/corpus'
import { CorpusReader } from '../core/store/reader'
import { plural } from '../shared/text'

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
      const summary = await importPaths(corpus, job.paths, {
        annotator: job.annotator,
        onProgress: (done, total) => post({ type: 'progress', fraction: total === 0 ? 1 : done / total }),
      })
      return describeImport(summary)
    } finally {
      corpus.close()
    }
  }
  const corpus = CorpusReader.open(job.corpus, { nativeBinding: job.nativeBinding })
  try {
    return `exported ${plural(await exportToFile(corpus, job.output), 'document')} to ${job.output}`
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
