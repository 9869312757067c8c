/**
 * What was at a corpus name before a command that may make a corpus there (`import`, `merge`), so that a run
 * refused before it wrote anything leaves the name as it found it: a name with nothing behind it free again, an
 * empty file (which would have become the corpus) as it was, and a symbolic link a link, whether its file was
 * there or not.
 */
import { lstatSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'

/** Links followed at most, as the system does, before giving up on a loop. */
const MAX_LINKS = 40

/** Files larger than this were corpora already: a command never makes one out of them, so they are not kept. */
const KEPT_BYTES = 64 * 1024

/** The file a corpus name leads to, and what it held, noted before the corpus was opened. */
export interface CorpusPlace {
  /** The name as given (a journal may be beside it). */
  readonly path: string
  /** The file the name leads to through any symbolic links (where a corpus made for the name is written). */
  readonly file: string
  /** What the file held (an empty file, most often); null if there was no file; undefined if it could not be read (it is then left alone). */
  readonly held: Buffer | null | undefined
}

/** Notes what is at `path` now. */
export function notePlace(path: string): CorpusPlace {
  const file = fileBehind(path)
  let stat
  try {
    stat = statSync(file, { throwIfNoEntry: false })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return { path, file, held: undefined } // opening it says why there can be no corpus there
    throw error
  }
  if (stat === undefined) return { path, file, held: null }
  if (!stat.isFile() || stat.size > KEPT_BYTES) return { path, file, held: undefined }
  try {
    return { path, file, held: readFileSync(file) }
  } catch {
    return { path, file, held: undefined } // opening it will say why it cannot be used
  }
}

/**
 * Puts back what `place` noted, once a corpus the run made there is closed with nothing written to it: the file
 * holds what it held, or is gone if there was none (a link to it stays, as it was).
 */
export function putPlaceBack(place: CorpusPlace): void {
  if (place.held === undefined) return
  if (place.held === null) rmSync(place.file, { force: true })
  else writeFileSync(place.file, place.held)
  for (const name of new Set([place.file, resolve(place.path)])) rmSync(`${name}-journal`, { force: true })
}

/** The file `path` names, following symbolic links (also to a file not there yet). */
function fileBehind(path: string): string {
  let current = resolve(path)
  for (let i = 0; i < MAX_LINKS; i++) {
    let stat
    try {
      stat = lstatSync(current, { throwIfNoEntry: false })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return current // a path through a file: opening it says so
      throw error
    }
    if (stat === undefined || !stat.isSymbolicLink()) return current
    current = resolve(dirname(current), readlinkSync(current))
  }
  return current
}
