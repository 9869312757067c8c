/**
 * Streams given to import (standard input, a named pipe, a shell's `<(...)`) copied to a temporary file before
 * anything is checked or written, read without blocking: then they are imported as files are. Read whole inside
 * one transaction instead, a large stream held the corpus's write lock until its end (other writers gave up after
 * 30 s) and Ctrl+C went unheard until it was all written; and a stream can be read only once, where a large input
 * is read twice (checked, then written in batches).
 */
import { spawn } from 'node:child_process'
import { closeSync, createReadStream, createWriteStream, mkdtempSync, openSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { CorpusError, systemErrorKind } from '../errors'
import { isDescriptorPath } from '../formats/default-ids'
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
  const streams = files.filter((file) => file.stream === true)
  if (streams.length === 0) return { files: [...files], remove: () => {} }
  let folder: string
  try {
    folder = mkdtempSync(join(tmpdir(), 'marginalia-import-'))
  } catch (error) {
    throw keepingFailed(streams[0], error)
  }
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
        await untilDoneOrStopped(keep(file.path, copy, signal), signal)
      } catch (error) {
        if (signal?.aborted) throw new ImportInterruptedError(emptySummary(files.length), `import stopped while reading ${file.shownAs ?? file.path},`)
        throw keepingFailed(file, error)
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
 * Copies the stream at `path` to the file `to`. Standard input is read through `process.stdin`, which reads it
 * whatever it is (a pipe, a file, a terminal, a socket, as a Node program's `spawn` gives, which `/dev/stdin` cannot
 * be opened on: ENXIO); a descriptor (`<(...)`'s `/dev/fd/63`) is opened here, its writer being there already. A
 * named pipe is read by another process (`copyInAnotherProcess`): its open waits for a writer, and a thread of this
 * one left waiting so would hold its exit after Ctrl+C.
 */
function keep(path: string, to: string, signal: AbortSignal | undefined): Promise<void> {
  if (path !== STANDARD_INPUT && !isDescriptorPath(path)) return copyInAnotherProcess(path, to, signal)
  return pipeline(path === STANDARD_INPUT ? process.stdin : createReadStream(path), createWriteStream(to, { mode: 0o600 }), { signal })
}

/** What the copying process runs: the file named copied to its standard output, or its failure's code and message as JSON on stderr. */
const COPY_PROGRAM = `
const { pipeline } = require('node:stream')
pipeline(require('node:fs').createReadStream(process.argv[1]), process.stdout, (error) => {
  if (error) process.stderr.write(JSON.stringify({ code: error.code, message: error.message }))
  process.exitCode = error ? 1 : 0
})`

/** Copies `path` to `to` in another Node process, killed if `signal` stops the copy. */
function copyInAnotherProcess(path: string, to: string, signal: AbortSignal | undefined): Promise<void> {
  const out = openSync(to, 'w', 0o600)
  try {
    const child = spawn(process.execPath, ['-e', COPY_PROGRAM, path], { stdio: ['ignore', out, 'pipe'], env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } })
    const stopped = () => child.kill('SIGKILL')
    signal?.addEventListener('abort', stopped, { once: true })
    let said = ''
    child.stderr!.on('data', (chunk: Buffer) => (said += chunk.toString('utf8')))
    return new Promise<void>((resolve, reject) => {
      child.on('error', reject)
      child.on('close', (code) => {
        signal?.removeEventListener('abort', stopped)
        if (code === 0) return resolve()
        let failure: { code?: string; message?: string } = {}
        try {
          failure = JSON.parse(said) as typeof failure
        } catch {
          failure = { message: said.trim() || `the copying process ended with ${String(code)}` }
        }
        reject(Object.assign(new Error(failure.message ?? 'the copy failed'), { code: failure.code, errno: failure.code === undefined ? undefined : -1 }))
      })
    })
  } finally {
    closeSync(out)
  }
}

/** Why `file` could not be kept in a temporary file, naming it and the folder (which TMPDIR chooses). */
function keepingFailed(file: InputFile, error: unknown): CorpusError {
  const { kind, reason } = systemErrorKind(error)
  return new CorpusError(kind, `${file.shownAs ?? file.path}: cannot be kept in a temporary file to import, in ${tmpdir()} (TMPDIR chooses another folder): ${reason}`, { cause: error })
}

/**
 * `copying`, or a rejection as soon as `signal` stops it: a named pipe no program has opened for writing holds its
 * open, and the copy's end with it, until one does, however the stream is destroyed.
 */
function untilDoneOrStopped(copying: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (signal === undefined) return copying
  return new Promise<void>((resolve, reject) => {
    const stopped = () => reject(signal.reason)
    if (signal.aborted) stopped()
    signal.addEventListener('abort', stopped, { once: true })
    copying.then(resolve, reject).finally(() => signal.removeEventListener('abort', stopped))
  })
}
