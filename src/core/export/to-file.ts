/**
 * Exporting to a file the way both the CLI and the app do it. A regular file (or a name not yet taken) is
 * written atomically: into a temporary file beside it, renamed over it only once complete, so that an
 * interrupted or failed export never leaves half a file where a whole one was expected. A symbolic link is
 * followed and what it points to is written the same way, the link kept. Anything else (a FIFO, a device
 * such as /dev/stdout) is written into directly: renaming over it would replace it.
 */
import { createWriteStream, lstatSync, openSync, readlinkSync, realpathSync, renameSync, rmSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import type { Writable } from 'node:stream'
import { finished } from 'node:stream/promises'
import { CorpusError, fileError, InputError } from '../errors'
import { isSameFile } from '../files'
import type { CorpusReader } from '../store/reader'
import { writeJsonl, type ExportFilter } from './jsonl'

/** Where an export to `output` goes: a path to replace atomically, or one to write into as it is. */
export function exportTarget(output: string): { path: string; atomic: boolean } {
  let path = resolve(output)
  for (let links = 0; links < 40; links++) {
    let stats
    try {
      stats = lstatSync(path)
    } catch {
      return { path, atomic: true } // not there yet
    }
    if (stats.isSymbolicLink()) {
      try {
        path = realpathSync(path)
      } catch {
        path = resolve(dirname(path), readlinkSync(path)) // a dangling link: make what it points to
      }
      continue
    }
    if (stats.isDirectory()) throw new InputError(output, null, 'is a folder; give the name of a file to write')
    return { path, atomic: stats.isFile() }
  }
  throw new InputError(output, null, 'too many symbolic links')
}

/**
 * Writes into the file `output` with `write` (as the rules above say: atomically where it may be replaced,
 * directly into a FIFO or device); `corpusPath` is refused as the output. Resolves with what `write` returns.
 */
export async function writeToFile<T>(output: string, corpusPath: string, write: (out: Writable) => Promise<T>): Promise<T> {
  const { path, atomic } = exportTarget(output)
  if (path === resolve(corpusPath) || isSameFile(path, corpusPath)) {
    throw new InputError(output, null, 'is the corpus itself; choose another output file')
  }
  const written = atomic ? join(dirname(path), `.${basename(path)}.${process.pid}.partial`) : path
  let fd: number
  try {
    fd = openSync(written, atomic ? 'wx' : 'w')
  } catch (error) {
    throw fileError(output, error, 'written')
  }
  const out = createWriteStream('', { fd }) // closes fd when it ends or is destroyed
  try {
    const result = await write(out)
    out.end()
    await finished(out)
    if (atomic) renameSync(written, path)
    return result
  } catch (error) {
    out.destroy()
    if (atomic) rmSync(written, { force: true })
    const systemError = !(error instanceof CorpusError) && typeof (error as NodeJS.ErrnoException).code === 'string'
    throw systemError ? fileError(output, error, 'written') : error
  }
}

/** Writes the JSONL export of `corpus` to `output`; returns the number of documents written. */
export function exportToFile(corpus: CorpusReader, output: string, filter: ExportFilter = {}, signal?: AbortSignal): Promise<number> {
  return writeToFile(output, corpus.path, (out) => writeJsonl(corpus, out, filter, signal))
}
