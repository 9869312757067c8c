/**
 * Exporting to a file the way both the CLI and the app do it (see `targets.ts` for where an output path
 * goes). A file that may be replaced is written into a temporary file beside it and renamed over it only
 * once complete, so that an interrupted or failed export never leaves half a file where a whole one was
 * expected. An open descriptor, a device or a FIFO is written into directly.
 */
import { createWriteStream, fstatSync, openSync, renameSync, statSync } from 'node:fs'
import { databaseKindAt } from '../db/file-kind'
import { descriptorRefusal, descriptorStream } from './descriptors'
import { basename, dirname, join, resolve } from 'node:path'
import type { Writable } from 'node:stream'
import { finished } from 'node:stream/promises'
import { CorpusError, fileError, InputError, isSystemError } from '../errors'
import { isSameFile } from '../files'
import type { CorpusReader } from '../store/reader'
import { ExportStoppedError, writeJsonl, type ExportControl, type ExportFilter } from './jsonl'
import { openFifo } from './fifo'
import { exportTarget } from './targets'
import { removeQuietly } from '../files'

export { exportTarget, descriptorOf, type ExportTarget } from './targets'

/** The process's own streams, which an output naming descriptor 1 or 2 is written to (so that nothing else writes there meanwhile), and what stops the export. */
export interface StandardStreams {
  stdout?: Writable
  stderr?: Writable
  /** Aborted: the export stops at once, even while its output takes nothing (ExportStoppedError). */
  signal?: AbortSignal
}

/** A failure of the operating system met writing `output`, as a CorpusError naming it; others as they are. */
export function writeFailure(output: string, error: unknown): unknown {
  if (!isSystemError(error) || error.code === 'EPIPE') return error // EPIPE: the reader went away
  return fileError(output, error, 'written')
}

/**
 * `work`, or ExportStoppedError as soon as `signal` is aborted, even while `work` waits on an output that
 * takes nothing (a FIFO whose reader is stuck, or that nobody opened yet): what it waits for is left behind.
 */
export function stoppable<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return work
  return new Promise<T>((resolve, reject) => {
    const stop = (): void => reject(new ExportStoppedError())
    if (signal.aborted) stop()
    signal.addEventListener('abort', stop, { once: true })
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop))
  })
}

/** Writes with `write` into `out`, ends it and waits until all of it is written; on failure or `signal`, destroys it. */
async function writeAll<T>(out: Writable, write: (out: Writable) => Promise<T>, signal?: AbortSignal): Promise<T> {
  const all = async (): Promise<T> => {
    const result = await write(out)
    out.end()
    await finished(out, { readable: false })
    return result
  }
  try {
    return await stoppable(all(), signal)
  } catch (error) {
    // A write still in flight fails once the stream is destroyed: that failure follows the one thrown here, and
    // is nobody's to hear (unheard, it would end the process with a stack trace).
    out.on('error', () => undefined)
    out.destroy()
    throw error
  }
}

/** Writes into the open descriptor `fd`: through the process's own stream for 1 and 2 (left open), otherwise a stream of its own. */
async function writeToDescriptor<T>(output: string, fd: number, corpusPath: string, write: (out: Writable) => Promise<T>, streams: StandardStreams): Promise<T> {
  const own = fd === 1 ? streams.stdout : fd === 2 ? streams.stderr : undefined
  if (own !== undefined) return stoppable(write(own), streams.signal)
  const refusal = descriptorRefusal(fd)
  if (refusal !== null) throw new InputError(output, null, refusal)
  const stats = fstatSync(fd)
  const corpus = statSync(corpusPath, { throwIfNoEntry: false })
  if (corpus !== undefined && corpus.dev === stats.dev && corpus.ino === stats.ino) {
    throw new InputError(output, null, 'is the corpus itself; choose another output file')
  }
  return writeAll(descriptorStream(fd), write, streams.signal)
}

/**
 * Writes into the file `output` with `write` (as the rules above say: atomically where it may be replaced,
 * directly into a descriptor, FIFO or device); `corpusPath` is refused as the output. Resolves with what
 * `write` returns.
 */
export async function writeToFile<T>(output: string, corpusPath: string, write: (out: Writable) => Promise<T>, streams: StandardStreams = {}): Promise<T> {
  const target = exportTarget(output)
  try {
    if (target.kind === 'descriptor') return await writeToDescriptor(output, target.fd, corpusPath, write, streams)
  } catch (error) {
    throw writeFailure(output, error)
  }
  const { path } = target
  if (path === resolve(corpusPath) || isSameFile(path, corpusPath)) {
    throw new InputError(output, null, 'is the corpus itself; choose another output file')
  }
  const database = target.kind === 'replace' ? databaseAt(path) : null
  if (database !== null) throw new InputError(output, null, `is ${database}, which the export would replace; choose another output file`)
  const atomic = target.kind === 'replace'
  const written = atomic ? join(dirname(path), `.${basename(path)}.${process.pid}.partial`) : path
  let out: Writable
  try {
    out = target.kind === 'into' && target.fifo ? await openFifo(written, streams.signal) : createWriteStream('', { fd: openSync(written, atomic ? 'wx' : 'w') })
  } catch (error) {
    throw error instanceof ExportStoppedError ? error : fileError(output, error, 'written')
  }
  try {
    const result = await writeAll(out, write, streams.signal) // the stream closes its descriptor
    if (atomic) renameSync(written, path)
    return result
  } catch (error) {
    if (atomic) removeQuietly(written)
    throw writeFailure(output, error)
  }
}

/**
 * What the file at `path` is, if it is a database an export must not replace (another corpus, one typing slip
 * away from the output's name, or any SQLite file), else null (no such file, or another kind).
 */
function databaseAt(path: string): string | null {
  // A corpus's journal (or an older SQLite's WAL and shared memory): replacing it would damage that corpus.
  const companion = /-(journal|wal|shm)$/u.exec(path)
  if (companion !== null) {
    const owner = databaseAt(path.slice(0, -companion[0].length))
    if (owner !== null) return `the ${companion[1]} file of ${owner === 'a Marginalia corpus' ? 'a Marginalia corpus' : 'a SQLite database'}`
  }
  return databaseKindAt(path) // not there, or not readable: null, and writing it says why if it fails
}

/** Writes the JSONL export of `corpus` to `output`; returns the number of documents written. */
export function exportToFile(corpus: CorpusReader, output: string, filter: ExportFilter = {}, control: ExportControl = {}, streams: StandardStreams = {}): Promise<number> {
  return writeToFile(output, corpus.path, (out) => writeJsonl(corpus, out, filter, control), { ...streams, signal: streams.signal ?? control.signal })
}
