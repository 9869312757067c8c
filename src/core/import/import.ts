/**
 * Importing documents into a corpus from `.txt` files, folders of them, and `.jsonl` files.
 *
 * Bad input refuses the whole run and nothing is written (unless `skipInvalid`). A small import is one
 * transaction. A large one would hold the corpus's write lock for minutes, so it first reads every record
 * to check it (writing nothing), then writes in batches of about half a second, pausing between them so
 * that the editor and other programs get their turn. Stopped between batches (Ctrl+C, Cancel, a `signal`),
 * it has written whole batches only, and running the same command again imports the rest: documents already
 * in the corpus are skipped.
 */
import { totalmem } from 'node:os'
import { setTimeout as pause } from 'node:timers/promises'
import { toCorpusError } from '../errors'
import type { Corpus } from '../store/corpus'
import { documentIdOfIri } from '../formats/w3c-model'
import { listInputFiles, readRecords, type InputFile, type InputRecord } from './input-files'
import { prepareQuickLook } from './exact-shape'
import { ImportPass } from './import-pass'
import { copyOf, emptySummary, ImportInterruptedError, ImportPartlyWrittenError, ImportRefusedError, STORAGE_FAILURES, wroteNothing, type ImportOptions, type ImportSummary } from './outcome'
import { prepareRecord, type PreparedRecord } from './prepared-record'
import { spoolStreams } from './spool'

export { listInputFiles, type InputFile }
export * from './outcome'

/** Inputs up to this size are imported in one transaction (well under a second of work). */
const ONE_TRANSACTION_BYTES = 1 << 20

/** How long one batch of a large import holds the write lock. */
const BATCH_MS = 400
/**
 * Inputs up to this size are read once: the checking pass keeps the records for the writing pass instead of
 * reading and checking them again. Kept records take about twice the input's size in memory (371 MB of
 * JSONL: about 770 MB at the peak, against 280 MB when read twice, which costs 7% more CPU), so the budget
 * is a thirty-second of the machine's memory, at least 128 MiB and at most 512 MiB of input.
 */
const KEEP_RECORDS_BYTES = Math.min(512 * 2 ** 20, Math.max(128 * 2 ** 20, Math.floor(totalmem() / 32)))

/** How long a large import lets go of the lock between batches, so that waiting writers get in. */
const PAUSE_MS = 15

/** How often, at least, reading without writing lets signals and other work in. */
const YIELD_MS = 100

/**
 * Every record of `files`, in order, telling `onBytes` how much input each read consumed; the files in which
 * none was found go into `emptyFiles`, as named.
 */
function* allRecords(files: readonly InputFile[], onBytes: (count: number) => void, options: ImportOptions, corpus: Corpus, emptyFiles = new Set<string>()): Generator<InputRecord> {
  const storedDocument = (iri: string): { id: string; text: string } | undefined => {
    for (const id of [iri, documentIdOfIri(iri)]) {
      const row = id === null ? undefined : corpus.documentId(id)
      const text = row === undefined ? undefined : corpus.document(row)?.text
      if (id !== null && text !== undefined) return { id, text }
    }
    return undefined
  }
  let stored: Map<string, string> | undefined // read once, at the first record that asks
  const storedInputId = (key: string): string | undefined => (stored ??= corpus.documentsByInputHash()).get(key)
  const context = { onBytes, offsets: options.offsets, answers: options.answers ?? 'accepted', inputIds: new Map<string, string>(), storedDocument, storedInputId }
  for (const file of files) {
    let found = false
    for (const record of readRecords(file, context)) {
      found = true
      yield record
    }
    if (!found) emptyFiles.add(file.shownAs ?? file.path)
  }
}

/** A record the checking pass kept for the writing pass, with what it prepared of it (none for a reader's refusal). */
interface KeptRecord {
  record: InputRecord
  prepared: PreparedRecord | undefined
}

/** The records the checking pass kept, handed out again (and let go of) with progress in bytes. */
function* keptRecords(kept: KeptRecord[], bytes: number, onBytes: (count: number) => void): Generator<KeptRecord> {
  const share = bytes / Math.max(1, kept.length)
  for (let i = 0; i < kept.length; i++) {
    const record = kept[i]
    kept[i] = undefined as unknown as KeptRecord // the batch written can be collected
    onBytes(share)
    yield record
  }
}

/** Records read again, with nothing prepared of them. */
function* unprepared(records: Iterable<InputRecord>): Generator<KeptRecord> {
  for (const record of records) yield { record, prepared: undefined }
}

/** Throws ImportRefusedError if a pass found bad records and the run does not skip them. */
function refuseIfInvalid(pass: ImportPass, options: ImportOptions): void {
  if (pass.summary.invalid.length > 0 && !options.skipInvalid) throw new ImportRefusedError(pass.summary.invalid, pass.summary.invalidProblems)
}


/** The inputs of `paths` and their total size in bytes. */
function inputsOf(paths: readonly string[], options: ImportOptions) {
  const listing = listInputFiles(paths, options.format)
  return { ...listing, bytes: listing.files.reduce((sum, file) => sum + file.size, 0), counts: { files: listing.files.length, skipped: listing.skipped } }
}

/**
 * Imports `paths` into `corpus` in one transaction (meant for small inputs, such as the sample: it holds the
 * write lock throughout). Throws InputError for a path that cannot be read, and ImportRefusedError (having
 * written nothing) for bad records unless `skipInvalid` is set.
 */
export function importInOneTransaction(corpus: Corpus, paths: readonly string[], options: ImportOptions): ImportSummary {
  return importFilesInOneTransaction(corpus, inputsOf(paths, options), options)
}

/** `importInOneTransaction` of inputs listed. */
function importFilesInOneTransaction(corpus: Corpus, { files, bytes, counts }: ReturnType<typeof inputsOf>, options: ImportOptions): ImportSummary {
  let done = 0
  return corpus.transaction(() => corpus.withSearchIndexFilledAtEnd(() => {
    const pass = new ImportPass(corpus, options, counts, false)
    const empty = new Set<string>()
    for (const record of allRecords(files, (count) => options.onProgress?.((done += count), bytes), options, corpus, empty)) pass.take(record)
    refuseIfInvalid(pass, options)
    pass.summary.emptyFiles = [...empty]
    return pass.summary
  }))
}

/**
 * Imports `paths` into `corpus`: in one transaction if the input is small, in batches otherwise. Throws
 * InputError for a path that cannot be read, ImportRefusedError (having written nothing) for bad records
 * unless `skipInvalid` is set, and ImportInterruptedError when `signal` stops it (having written whole
 * batches only).
 */
export async function importPaths(corpus: Corpus, paths: readonly string[], options: ImportOptions): Promise<ImportSummary> {
  const listed = inputsOf(paths, options)
  // A stream (standard input, a named pipe) is kept in a temporary file first, and then imported as a file is.
  const spooled = await spoolStreams(listed.files, options.signal)
  try {
    const files = spooled.files
    return await importFiles(corpus, { ...listed, files, bytes: files.reduce((sum, file) => sum + file.size, 0) }, options)
  } finally {
    spooled.remove()
  }
}

/** `importPaths` of inputs listed. */
async function importFiles(corpus: Corpus, inputs: ReturnType<typeof inputsOf>, options: ImportOptions): Promise<ImportSummary> {
  const { files, bytes, counts } = inputs
  let done = 0
  const progress = (total: number) => (count: number) => {
    done += count
    options.onProgress?.(done, total)
  }
  const stopIfAsked = (summary: ImportSummary): void => {
    if (options.signal?.aborted) throw new ImportInterruptedError(summary)
  }

  if (bytes <= ONE_TRANSACTION_BYTES) {
    stopIfAsked(emptySummary(files.length))
    return importFilesInOneTransaction(corpus, inputs, options)
  }

  // Large: records whose shape needs nothing of zod are taken without it (exact-shape.ts).
  await prepareQuickLook()
  // Check everything first, writing nothing, so that bad input still refuses the whole run. The
  // records read are kept for the writing pass, with what was prepared of them, unless the input is too large
  // to hold in memory.
  const kept: KeptRecord[] | null = bytes <= KEEP_RECORDS_BYTES ? [] : null
  const check = new ImportPass(corpus, options, counts, true, kept !== null)
  let lastYield = Date.now()
  const empty = new Set<string>()
  for (const record of allRecords(files, progress(2 * bytes), options, corpus, empty)) {
    const prepared = 'error' in record ? undefined : prepareRecord(record, options.annotator)
    kept?.push({ record, prepared })
    check.take(record, prepared)
    if (Date.now() - lastYield >= YIELD_MS) {
      await pause(0)
      stopIfAsked(emptySummary(files.length))
      lastYield = Date.now()
    }
  }
  refuseIfInvalid(check, options)

  // Then write in batches, letting go of the lock between them.
  const write = new ImportPass(corpus, options, counts, false, kept !== null)
  const records = kept === null ? unprepared(allRecords(files, progress(2 * bytes), options, corpus)) : keptRecords(kept, bytes, progress(2 * bytes))
  let finished = false
  while (!finished) {
    await pause(PAUSE_MS)
    stopIfAsked(write.summary)
    const before = copyOf(write.summary)
    try {
      corpus.transaction(() => corpus.withSearchIndexFilledAtEnd(() => {
        const started = Date.now()
        for (;;) {
          const next = records.next()
          if (next.done) {
            finished = true
            return
          }
          write.take(next.value.record, next.value.prepared)
          if (write.summary.invalid.length > 0 && !options.skipInvalid) {
            throw new ImportInterruptedError(before, `import stopped at ${write.summary.invalid[0].message}, which changed after it was checked,`)
          }
          if (Date.now() - started >= BATCH_MS) return
        }
      }))
    } catch (error) {
      Object.assign(write.summary, before) // the batch was rolled back
      const failure = toCorpusError(error)
      // A failure of the corpus's storage (the lock, the disk): what was written stays, and running again goes on.
      if (error instanceof ImportInterruptedError || wroteNothing(before) || !STORAGE_FAILURES.has(failure.kind)) throw error
      throw new ImportPartlyWrittenError(before, failure)
    }
  }
  write.summary.emptyFiles = [...empty]
  return write.summary
}
