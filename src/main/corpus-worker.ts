/**
 * Worker thread for long corpus jobs of the desktop app (import, export, copy, merge), so the window stays responsive,
 * progress can be shown, and a job can be cancelled: on `cancel` the job stops at its next pause (an import
 * between batches, an export between documents) and reports what it left, as the CLI does on Ctrl+C.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { EXPORT_CACHE_MIB, ExportStoppedError } from '../core/export/jsonl'
import { exportToFile } from '../core/export/to-file'
import { settledSetNotes } from '../core/export/export'
import { ImportInterruptedError, ImportRefusedError, importPaths } from '../core/import/import'
import { describeImport } from '../core/import/summary'
import { copyCorpus } from '../core/copy'
import { describeMerge, mergeCorpora, MergeInterruptedError } from '../core/merge/merge'
import { Corpus } from '../core/store/corpus'
import { CorpusReader } from '../core/store/reader'
import { plural } from '../shared/text'

/** A job for the worker. */
export type CorpusJob =
  | { kind: 'import'; corpus: string; paths: string[]; annotator: string; nativeBinding?: string }
  | { kind: 'export'; corpus: string; output: string; settled?: boolean; nativeBinding?: string }
  | { kind: 'copy'; corpus: string; output: string; nativeBinding?: string }
  | { kind: 'merge'; corpus: string; sources: string[]; addLabels: boolean; nativeBinding?: string }

/** What the worker reports. */
export type CorpusJobMessage =
  | { type: 'progress'; fraction: number }
  | { type: 'done'; summary: string }
  | { type: 'stopped'; message: string }
  | { type: 'failed'; message: string }

/** What the app tells the worker. */
export type CorpusJobCommand = { type: 'cancel' }

function post(message: CorpusJobMessage): void {
  parentPort?.postMessage(message)
}

const cancel = new AbortController()
parentPort?.on('message', (command: CorpusJobCommand) => {
  if (command.type === 'cancel') cancel.abort()
})

/** The last progress reported, in thousandths: an import reports every record, the app needs a step in a thousand. */
let reportedThousandths = -1

/** Reports how far a job has come, as a fraction of its work, each time it moves by a thousandth. */
function reportProgress(done: number, total: number): void {
  const fraction = total === 0 ? 1 : Math.min(1, done / total)
  const thousandths = Math.floor(fraction * 1000)
  if (thousandths === reportedThousandths) return
  reportedThousandths = thousandths
  post({ type: 'progress', fraction })
}

async function run(job: CorpusJob): Promise<string> {
  if (job.kind === 'import') {
    const corpus = Corpus.open(job.corpus, { nativeBinding: job.nativeBinding })
    try {
      const summary = await importPaths(corpus, job.paths, {
        annotator: job.annotator,
        onProgress: reportProgress,
        signal: cancel.signal,
      })
      return describeImport(summary, { annotatorNamed: true }) // the app's analyst, named in its header
    } finally {
      corpus.close()
    }
  }
  if (job.kind === 'copy') {
    const { documents } = await copyCorpus(job.corpus, job.output, { overwrite: true, nativeBinding: job.nativeBinding, signal: cancel.signal })
    return `saved a copy of ${plural(documents, 'document')} to ${job.output}`
  }
  if (job.kind === 'merge') {
    const corpus = Corpus.open(job.corpus, { nativeBinding: job.nativeBinding })
    try {
      const summary = await mergeCorpora(corpus, job.sources, {
        addLabels: job.addLabels,
        onProgress: reportProgress,
        signal: cancel.signal,
        nativeBinding: job.nativeBinding,
      })
      return describeMerge(summary)
    } finally {
      corpus.close()
    }
  }
  const corpus = CorpusReader.open(job.corpus, { nativeBinding: job.nativeBinding, cacheMiB: EXPORT_CACHE_MIB })
  try {
    const written = await exportToFile(corpus, job.output, { settled: job.settled }, { signal: cancel.signal, onProgress: reportProgress })
    // What the settled set left out (places where two settlings meet) is said, as the CLI's export says it.
    const notes = job.settled === true ? settledSetNotes(corpus) : []
    return `exported ${job.settled === true ? 'the settled set of ' : ''}${plural(written, 'document')} to ${job.output}${notes.map((note) => `; ${note}`).join('')}`
  } finally {
    corpus.close()
  }
}

run(workerData as CorpusJob).then(
  (summary) => post({ type: 'done', summary }),
  (error: unknown) => {
    if (error instanceof ImportInterruptedError || error instanceof MergeInterruptedError) return post({ type: 'stopped', message: error.message })
    if (error instanceof ExportStoppedError) return post({ type: 'stopped', message: 'Export cancelled; no file was changed.' })
    const details = error instanceof ImportRefusedError ? `\n${error.errors.slice(0, 10).map((e) => e.message).join('\n')}` : ''
    post({ type: 'failed', message: `${error instanceof Error ? error.message : String(error)}${details}` })
  },
)
