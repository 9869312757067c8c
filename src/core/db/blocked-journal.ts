/**
 * An interrupted write that cannot be rolled back: its `-journal` is beside the corpus, and SQLite, which must
 * roll it back before anything can be read, may not write the journal, the corpus or their folder. SQLite says
 * only "unable to open database file", for every read and write from then on, also once permissions are back if
 * the journal itself was left read-only (it takes the corpus's mode when it is made).
 */
import { accessSync, constants, statSync } from 'node:fs'
import { dirname } from 'node:path'
import { CorpusFileError } from '../errors'

/** The error saying why the interrupted write beside `path` cannot be rolled back, or null if there is no journal there. */
export function blockedJournal(path: string, error: Error): CorpusFileError | null {
  const journal = `${path}-journal`
  try {
    if (statSync(journal).size === 0) return null
  } catch {
    return null
  }
  const writable = (file: string): boolean => {
    try {
      accessSync(file, constants.W_OK)
      return true
    } catch {
      return false
    }
  }
  // What this process may not write, named, so that the permission given is the one missing.
  const missing = [!writable(journal) ? `the journal itself (${journal})` : null, !writable(path) ? 'the corpus' : null, !writable(dirname(path)) ? 'their folder' : null].filter((part) => part !== null)
  const who = missing.length === 0 ? 'the corpus, its journal or their folder' : missing.join(', ')
  return new CorpusFileError(
    path,
    `an interrupted write left ${journal} beside it, which must be rolled back before the corpus can be read, and ` +
      `this program may not write ${who} (${error.message}); give this program that permission (Marginalia then ` +
      'rolls the interrupted write back), or copy both files to a folder you can write to',
    'readonly',
    { cause: error },
  )
}
