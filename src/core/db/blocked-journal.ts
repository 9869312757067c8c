/**
 * An interrupted write that cannot be rolled back: its `-journal` is beside the corpus, and SQLite, which must
 * roll it back before anything can be read, may not write the journal, the corpus or their folder. SQLite says
 * only "unable to open database file", for every read and write from then on, also once permissions are back if
 * the journal itself was left read-only (it takes the corpus's mode when it is made).
 */
import { accessSync, constants, statSync } from 'node:fs'
import { dirname } from 'node:path'
import { CorpusFileError } from '../errors'

/** True if this process may write `file` (as the system says, `access`). */
function mayWrite(file: string): boolean {
  try {
    accessSync(file, constants.W_OK)
    return true
  } catch {
    return false
  }
}

/**
 * The error saying why the interrupted write beside `path` cannot be rolled back, or null if there is no journal
 * there or nothing there is this process's to be refused (`writable` says what it may write).
 */
export function blockedJournal(path: string, error: Error, writable: (file: string) => boolean = mayWrite): CorpusFileError | null {
  const journal = `${path}-journal`
  try {
    if (statSync(journal).size === 0) return null
  } catch {
    return null
  }
  // What this process may not write, named, so that the permission given is the one missing. Where it may write
  // them all, the failure is another (too many open files, say): not put down to the journal.
  const journalWritable = writable(journal)
  const missing = [journalWritable ? null : 'the journal itself', writable(path) ? null : 'the corpus', writable(dirname(path)) ? null : 'their folder'].filter((part) => part !== null)
  if (missing.length === 0) return null
  // A journal left read-only stays so when copied: it must be made writable (SQLite gives it the corpus's mode).
  const remedy = journalWritable
    ? 'give this program that permission (Marginalia then rolls the interrupted write back), or copy both files to a folder you can write to'
    : `make the journal writable (chmod u+w ${journal}; Marginalia then rolls the interrupted write back)`
  return new CorpusFileError(
    path,
    `an interrupted write left ${journal} beside it, which must be rolled back before the corpus can be read, and this ` +
      `program may not write ${missing.join(', ')} (SQLite: ${error.message}); ${remedy}`,
    'readonly',
    { cause: error },
  )
}
