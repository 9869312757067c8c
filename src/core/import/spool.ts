/**
 * Streams given to import (standard input, a named pipe, a shell's `<(...)`) copied to a temporary file before
 * anything is checked or written, read without blocking: then they are imported as files are. Read whole inside
 * one transaction instead, a large stream held the corpus's write lock until its end (other writers gave up after
 * 30 s) and Ctrl+C went unheard until it was all written; and a stream can be read only once, where a large input
 * is read twice (checked, then written in batches).
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { CorpusError, systemErrorKind } from '../errors'
import type { InputFile } from '../formats/format'
import { STANDARD_INPUT } from './input-files'
import { emptySummary, ImportInterruptedError } from './outcome'

/** Inputs with every stream among them kept in a temporary file, and how to remove those files. */
export interface SpooledInputs {
  files: InputFile[]
  /** Removes the temporary files (call it however the import ends). */
  remove(): void
}

/**
 * `files` with each stream among them copied to a temporary file (its messages and ids still name the stream:
 * `-`, `stdin-3-…`). `signal` stops the copy (ImportInterruptedError, nothing written); a copy that fails (the
 * temporary folder full) is a CorpusError naming the stream.
 */
export async function spoolStreams(files: readonly InputFile[], signal: AbortSignal | undefined): Promise<SpooledInputs> {
  if (!files.some((file) => file.stream === true)) return { files: [...files], remove: () => {} }
  const folder = mkdtempSync(join(tmpdir(), 'marginalia-import-'))
  const remove = () => rmSync(folder, { recursive: true, force: true })
  try {
    const spooled: InputFile[] = []
    for (const [i, file] of files.entries()) {
      if (file.stream !== true) {
        spooled.push(file)
        continue
      }
      const copy = join(folder, `stream-${i}`)
      try {
        await pipeline(readerOf(file.path), createWriteStream(copy, { mode: 0o600 }), { signal })
      } catch (error) {
        if (signal?.aborted) throw new ImportInterruptedError(emptySummary(files.length), 'import stopped while reading ' + (file.shownAs ?? file.path) + ',')
        const { kind, reason } = systemErrorKind(error)
        throw new CorpusError(kind, `${file.shownAs ?? file.path}: cannot be kept in a temporary file to import (in ${tmpdir()}): ${reason}`, { cause: error })
      }
      spooled.push({ ...file, path: copy, size: statSync(copy).size, shownAs: file.shownAs ?? file.path })
    }
    return { files: spooled, remove }
  } catch (error) {
    remove()
    throw error
  }
}

/**
 * A stream reading `path`: standard input through `process.stdin`, which reads it whatever it is (a pipe, a file,
 * a terminal, a socket, as a Node program's `spawn` gives, which `/dev/stdin` cannot be opened on: ENXIO).
 */
function readerOf(path: string): Readable {
  return path === STANDARD_INPUT ? process.stdin : createReadStream(path)
}
