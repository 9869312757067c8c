/**
 * Merging corpora: bringing other corpora's documents and annotations into this one (`File > Merge from
 * Corpus...`, `marginalia merge`).
 *
 * The sources are opened read-only and never written. Before anything is written, every source is opened
 * and checked (not the target itself, labels of the right kind) and the labels their annotations use are
 * looked up in the target: if any is missing the whole merge is refused, unless `addLabels` copies their
 * definitions. Then the documents are written as a large import writes: in batches of about 0.4 s, each one
 * transaction, with a pause between them so that the editor and other programs get the lock, stopping
 * between batches when `signal` is aborted. What the target already has is never added twice (see
 * `documents.ts`), so a stopped merge is completed by running it again.
 */
import { setTimeout as pause } from 'node:timers/promises'
import { CorpusRuleError } from '../errors'
import type { Corpus } from '../store/corpus'
import { mergeDocument, type CuratedBeforeRun } from './documents'
import { MergeInterruptedError, MergeRefusedError } from './errors'
import { copyMissingLabels, labelDifferences, missingLabels } from './labels'
import { openSource, sourceDocuments, type MergeSource } from './sources'
import { addCounts, emptyCounts, summarise, wroteAnything, type MergeSummary, type SourceMergeSummary } from './summary'

export { MergeInterruptedError, MergeRefusedError, type MissingLabel } from './errors'
export { describeMerge, type MergeCounts, type MergeSummary, type RefusedAnnotation, type SourceMergeSummary, type TextDiffers } from './summary'

/** How a merge behaves. */
export interface MergeOptions {
  /** Copy labels the target lacks from the sources instead of refusing the merge (default false). */
  addLabels?: boolean
  /** Told how far the merge has got, in documents of all sources, after each batch. */
  onProgress?: (done: number, total: number) => void
  /** Stops the merge at the next pause between batches (MergeInterruptedError). */
  signal?: AbortSignal
  /** Path of a better-sqlite3 native addon built for the running runtime (Electron's), to open the sources. */
  nativeBinding?: string
}

/** How long one batch holds the target's write lock, as a large import's do. */
const BATCH_MS = 400

/** How long the merge lets go of the lock between batches, so that waiting writers get in. */
const PAUSE_MS = 15

/**
 * Merges the corpora at `sources` (paths) into `target`, in order, and says what it did. Throws, having
 * written nothing: CorpusFileError for a source that cannot be read, is not a corpus or is the target;
 * MergeRefusedError for labels the target lacks (without `addLabels`). Throws MergeInterruptedError when
 * `signal` stops it (having written whole batches only; running the same merge again completes it).
 */
export async function mergeCorpora(target: Corpus, sources: readonly string[], options: MergeOptions = {}): Promise<MergeSummary> {
  const opened: MergeSource[] = []
  try {
    for (const path of sources) opened.push(openSource(path, target.path, { nativeBinding: options.nativeBinding }))
    target.refresh() // the label set as it is now, should another program have changed it
    const missing = missingLabels(target, opened)
    if (missing.length > 0 && options.addLabels !== true) throw new MergeRefusedError(target.path, missing)

    const results: SourceMergeSummary[] = opened.map((source) => ({ source: source.path, ...emptyCounts() }))
    opened.forEach((source, index) => {
      for (const { kind, name, what } of labelDifferences(target, source)) {
        results[index].labelsDiffering.push(`${source.path}: the ${kind} label ${name} is defined otherwise in ${target.path} (${what.join('; ')}); its definition there is kept`)
      }
    })
    const stopIfAsked = (): void => {
      if (options.signal?.aborted) throw new MergeInterruptedError(summarise(target.path, results))
    }
    const total = opened.reduce((sum, source) => sum + source.documents, 0)
    let done = 0
    stopIfAsked()
    options.onProgress?.(done, total)

    if (missing.length > 0) {
      // Looked up again inside the transaction, in case another program added some meanwhile.
      target.transaction(() => opened.map((source) => copyMissingLabels(target, source))).forEach((added, index) => {
        results[index].labelsAdded.push(...added)
      })
    }

    const curatedBefore: CuratedBeforeRun = new Map()
    for (const [index, source] of opened.entries()) {
      const documents = sourceDocuments(source)
      let finished = false
      while (!finished) {
        await pause(PAUSE_MS)
        stopIfAsked()
        const batch = emptyCounts()
        let written = 0
        target.transaction(() => {
          const started = Date.now()
          for (;;) {
            const next = documents.next()
            if (next.done === true) {
              finished = true
              return
            }
            try {
              mergeDocument(target, source, next.value, batch, curatedBefore)
            } catch (error) {
              throw stoppedAt(error, source, next.value.external_id, summarise(target.path, results))
            }
            written++
            if (Date.now() - started >= BATCH_MS) return
          }
        })
        // Counted only once committed: a batch that throws was rolled back.
        addCounts(results[index], batch)
        done += written
        options.onProgress?.(done, total)
      }
      source.close()
    }
    return summarise(target.path, results)
  } finally {
    for (const source of opened) source.close()
  }
}

/**
 * A rule of the target that a document broke while it was being merged (a label removed meanwhile, say), as
 * an error naming the source and the document; other errors are returned as they are.
 */
function stoppedAt(error: unknown, source: MergeSource, document: string, before: MergeSummary): unknown {
  if (!(error instanceof CorpusRuleError)) return error
  const written = wroteAnything(before.total)
    ? `the merge stopped there, after writing whole batches to ${before.target}; running it again once that is fixed completes it`
    : `nothing was written to ${before.target}`
  return new CorpusRuleError(`${source.path}: document "${document}": ${error.message} (${written})`)
}
