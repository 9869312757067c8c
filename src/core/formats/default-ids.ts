/**
 * The ids of documents their input does not name. A file names them: a one-document file (a `.txt`, a CoNLL file
 * of one section) gives its name (`news/a`), a file of several gives its name and the document's place in it
 * (`batch-3`: line 3, the third task or section). A stream (standard input, a named pipe, a shell's `<(...)`)
 * has no name that stays: `/dev/fd/63` is the next run's too, and every run's standard input is `-`. So a
 * stream's documents are named by what they hold as well: its name (`stdin`, a pipe's file name, `stream` for a
 * descriptor), the place, and the first 10 hex digits of the SHA-256 of the document's text
 * (`stdin-3-5d41402abc`, `stream-1f0e3dad99`). Two streams, in one run or two, give documents of different texts
 * different ids; the same text fed again at the same place gets the same id, so it is the document the corpus has already.
 */
import { createHash } from 'node:crypto'
import type { InputFile } from './format'

/** How many hex digits of the text's digest a stream's document id carries. */
const DIGEST_DIGITS = 10

/**
 * The id of a document `input` does not name: at `place` (a line, a task's or section's number; undefined for
 * the input's only document), with `text` (the document's text, as imported) for a stream's.
 */
export function defaultId(input: Pick<InputFile, 'idBase' | 'stream'>, place: number | undefined, text: string): string {
  const named = place === undefined ? input.idBase : `${input.idBase}-${place}`
  if (input.stream !== true) return named
  return `${named}-${createHash('sha256').update(text).digest('hex').slice(0, DIGEST_DIGITS)}`
}

/** A descriptor's path (`/dev/fd/63` as bash's `<(...)` gives, `/proc/self/fd/11` as zsh's), which names nothing. */
const DESCRIPTOR = /^\/(?:dev|proc\/(?:self|\d+))\/fd\/\d+$/u

/** The name a stream's documents are named after: `stream` for a descriptor, else the file's name without its extension. */
export function streamIdBase(path: string, stem: string): string {
  return isDescriptorPath(path) ? 'stream' : stem
}

/** True if `path` names an open descriptor (`/dev/fd/63`, `/proc/self/fd/11`) rather than a file. */
export function isDescriptorPath(path: string): boolean {
  return DESCRIPTOR.test(path)
}
