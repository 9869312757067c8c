/**
 * A corpus as one self-contained file to pass to a colleague: a consistent snapshot taken even while other
 * programs write to it, written beside the destination, checked, and only then renamed into place, so that
 * the destination is never half a corpus and has no `-journal` or `-wal` beside it.
 */
import { accessSync, constants, existsSync, renameSync, statSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { isSameFile } from './files'
import { CorpusError, CorpusFileError, fileError, InputError, isSystemError, toCorpusError } from './errors'
import { exportTarget } from './export/targets'
import { documentProblems } from './reports/check'
import { CorpusReader, type ReadOptions } from './store/reader'
import { removeQuietly } from './files'

/** A copy stopped (Ctrl+C) before it was done: the destination was not touched. */
export class CopyStoppedError extends Error {
  constructor(destination: string) {
    super(`copy stopped; ${destination} was not written`)
    this.name = 'CopyStoppedError'
  }
}

/** What a copy wrote. */
export interface CopySummary {
  documents: number
  bytes: number
}

/**
 * Copies the corpus at `source` to `destination`. Refuses a destination that exists unless `overwrite`,
 * that is the source itself, or that is a folder. The copy is checked (SQLite's integrity check and
 * Marginalia's schema) before it replaces anything.
 */
export async function copyCorpus(source: string, destination: string, options: ReadOptions & { overwrite?: boolean; signal?: AbortSignal } = {}): Promise<CopySummary> {
  const where = exportTarget(destination)
  if (where.kind !== 'replace') {
    throw new InputError(destination, null, 'is not a regular file (a device, FIFO or open descriptor); a copy of a corpus is written as a file')
  }
  const target = where.path
  if (resolve(target) === resolve(source) || isSameFile(target, source)) {
    throw new InputError(destination, null, 'is the corpus itself; choose another file for the copy')
  }
  if (existsSync(target) && !options.overwrite) {
    throw new InputError(destination, null, 'already exists; choose another name (or --force to replace it)')
  }
  try {
    accessSync(dirname(target), constants.W_OK)
  } catch (error) {
    throw fileError(destination, error, 'written')
  }
  if (statSync(dirname(target)).isDirectory() !== true) throw new InputError(destination, null, 'cannot be written: a part of the path is not a folder')
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.partial`)
  const corpus = CorpusReader.open(source, options)
  const stop = (): void => {
    if (options.signal?.aborted) throw new CopyStoppedError(destination)
  }
  try {
    try {
      await corpus.snapshotTo(temporary, { betweenSteps: stop, nativeBinding: options.nativeBinding })
    } finally {
      corpus.close()
    }
    const copy = CorpusReader.open(temporary, options)
    let documents: number
    try {
      // SQLite's own check, and the texts against their stored lengths and hashes (bytes changed on disk).
      const problems = copy.sqliteProblems()
      if (problems.length === 0) documentProblems(copy, problems)
      if (problems.length > 0) {
        const more = problems.length === 1 ? '' : `; and ${problems.length - 1} more ${problems.length === 2 ? 'problem' : 'problems'}`
        throw new CorpusFileError(source, `is damaged (${problems[0]}${more}; marginalia check ${JSON.stringify(source)} lists every problem): no copy was written to ${destination}`, 'corrupt')
      }
      documents = copy.documentCounts().documents
    } finally {
      copy.close()
    }
    const bytes = statSync(temporary).size
    renameSync(temporary, target)
    return { documents, bytes }
  } catch (error) {
    removeQuietly(temporary, `${temporary}-journal`)
    throw isSystemError(error) ? fileError(destination, error, 'written') : writingFailure(destination, error)
  }
}

/**
 * SQLite's failure to write the copy (a full disk, a folder it may not write in), as an error naming the copy:
 * the source's damage comes named already (`damage.ts`), and its lock (`busy`) is the source's; others as they are.
 */
function writingFailure(destination: string, error: unknown): unknown {
  if (error instanceof CorpusError) return error
  const failure = toCorpusError(error)
  return ['full', 'readonly', 'io'].includes(failure.kind) ? new CorpusError(failure.kind, `${destination}: cannot be written: ${failure.message}`, { cause: error }) : error
}
