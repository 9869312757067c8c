/**
 * How the CLI ends: its exit codes, and every failure said in one line naming the file (and line, where
 * there is one) and the reason. No stack trace reaches the user (`MARGINALIA_DEBUG=1` adds it, for a bug
 * report).
 */
import { CopyStoppedError } from '../core/copy'
import { ExportStoppedError } from '../core/export/jsonl'
import { CorpusError, CorpusFileError, explainedReadOnly, InputError, toCorpusError } from '../core/errors'
import { ImportInterruptedError, ImportPartlyWrittenError, ImportRefusedError } from '../core/import/import'
import { MergeInterruptedError } from '../core/merge/merge'

/** The exit codes, as documented in `marginalia --help` and the README. */
export const EXIT = {
  /** Done. */
  ok: 0,
  /** Refused: bad input, a file that is not a corpus or breaks its rules, a `check` that found problems. Nothing was changed. */
  refused: 1,
  /** Wrong usage: an unknown command or option. */
  usage: 2,
  /** The corpus or a file could not be read or written (locked, read-only, disk full, damaged). Nothing was changed. */
  storage: 3,
  /** A fault in Marginalia itself. */
  internal: 70,
  /** Stopped by Ctrl+C (what was written, and what to do, is said). */
  interrupted: 130,
} as const

/** Exit codes as the help text lists them. */
export const EXIT_CODES_HELP = `Exit codes: ${EXIT.ok} done; ${EXIT.refused} refused (bad input, a path that does not exist, not a corpus, check found problems; nothing changed); ${EXIT.usage} wrong usage; ${EXIT.storage} a file could not be read or written (locked, read-only, disk full, damaged; nothing changed, unless an import says what it wrote); ${EXIT.interrupted} stopped by Ctrl+C (143 by kill's SIGTERM, 129 by a closed terminal's SIGHUP); ${EXIT.internal} a fault in Marginalia.`

/** How many problems a refused import lists before summing up the rest. */
const MAX_LISTED_PROBLEMS = 50

/** True for a write to a pipe whose reader has gone (`marginalia export c | head`): not a failure. */
export function isBrokenPipe(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'EPIPE'
}

/**
 * Says what went wrong, in lines for stderr, and the exit code. `corpusPath` names the corpus of the command,
 * so that SQLite's own messages ("attempt to write a readonly database") say which file they are about.
 */
export function describeFailure(error: unknown, corpusPath: string | undefined): { lines: string[]; code: number } {
  if (error instanceof ImportRefusedError) {
    // A file the system would not let us read is a failure of storage, as the help says, not bad input.
    const code = error.unreadable ? EXIT.storage : EXIT.refused
    if (error.errors.length === 1) return { lines: [`${error.errors[0].message}; ${error.message}`], code }
    const lines = error.errors.slice(0, MAX_LISTED_PROBLEMS).map((problem) => problem.message)
    if (error.errors.length > MAX_LISTED_PROBLEMS) lines.push(`... and ${error.errors.length - MAX_LISTED_PROBLEMS} more`)
    lines.push(`${error.message}; fix the input or run with --skip-invalid`)
    return { lines, code }
  }
  if (error instanceof ImportInterruptedError) return { lines: [`${corpusPath ?? 'marginalia'}: ${error.message}`], code: EXIT.interrupted }
  if (error instanceof MergeInterruptedError) return { lines: [error.message], code: EXIT.interrupted } // it names the corpus
  if (error instanceof ExportStoppedError) return { lines: ['export stopped; no output file was changed'], code: EXIT.interrupted }
  if (error instanceof CopyStoppedError) return { lines: [error.message], code: EXIT.interrupted }
  const failure = toCorpusError(error)
  // Errors about a file name it (InputError, CorpusFileError); SQLite's own do not, so they get the corpus's name.
  const namesItsFile = failure instanceof InputError || failure instanceof CorpusFileError || /^[^\s:]*[/\\][^:]*: /.test(failure.message)
  const named = corpusPath === undefined || namesItsFile || failure.message.includes(corpusPath) ? failure.message : `${corpusPath}: ${failure.message}`
  const debug = process.env.MARGINALIA_DEBUG ? [String((error as Error).stack ?? error)] : []
  switch (failure.kind) {
    case 'input':
      return { lines: [named, ...debug], code: failure instanceof InputError && failure.unreadable ? EXIT.storage : EXIT.refused }
    case 'rule':
    case 'changed':
    case 'file':
      return { lines: [named, ...debug], code: EXIT.refused }
    case 'internal':
      return { lines: [`marginalia: ${named} (a fault in Marginalia; please report it, with MARGINALIA_DEBUG=1 for details)`, ...debug], code: EXIT.internal }
    default:
      return { lines: [storageMessage(failure, named), ...debug], code: EXIT.storage }
  }
}

/** A storage failure, with what it means for the user. */
function storageMessage(failure: CorpusError, named: string): string {
  if (failure instanceof ImportPartlyWrittenError) return named // it says what was written
  return explainedReadOnly(failure, named)
}
