/**
 * A damaged corpus file named as such, and as the file it is. SQLite says only "database disk image is
 * malformed" (or, for a damaged search index, "vtable constructor failed"), from whichever connection met the
 * damage; a command that reads one corpus while it writes another file (merge, copy, export -o) would put that
 * down to the file it writes. Each connection to a corpus therefore turns the errors of damage it meets into
 * CorpusFileError naming its own file; likewise "unable to open database file" where an interrupted write's journal
 * beside it cannot be rolled back (`blocked-journal.ts`).
 */
import type Database from 'better-sqlite3'
import { CorpusFileError, sqliteErrorKind } from '../errors'
import { blockedJournal } from './blocked-journal'

/** The message SQLite gives when a virtual table (the search index, FTS5) cannot read its own tables. */
const SEARCH_INDEX_UNREADABLE = /^vtable constructor failed: /

/** `error` as a CorpusFileError naming `path`, if it is SQLite's report of damage in that file; else `error`. */
export function asDamageOf(path: string, error: unknown): unknown {
  if (error instanceof CorpusFileError) return error
  const code = (error as { code?: unknown } | null)?.code
  if (!(error instanceof Error) || typeof code !== 'string' || !code.startsWith('SQLITE_')) return error
  // An interrupted write's journal this process may not roll back: every statement fails so until it can.
  if (code === 'SQLITE_CANTOPEN') return blockedJournal(path, error) ?? error
  if (sqliteErrorKind(code) !== 'corrupt') return error
  const what = SEARCH_INDEX_UNREADABLE.test(error.message) ? `the file is damaged: its search index cannot be read (${error.message})` : `the file is damaged (${error.message})`
  return new CorpusFileError(path, what, 'corrupt', { cause: error })
}

/** `run` as it is, with SQLite's reports of damage turned into CorpusFileError naming `path`. */
function naming<Args extends unknown[], Result>(path: string, run: (...args: Args) => Result): (...args: Args) => Result {
  return (...args) => {
    try {
      return run(...args)
    } catch (error) {
      throw asDamageOf(path, error)
    }
  }
}

/** What a statement does that may read the file: each is wrapped, and `iterate`'s iterator too. */
type Reading = 'get' | 'all' | 'run' | 'iterate'

/** Makes `statement` name `path` in reports of damage; the same statement, for chaining. */
function statementNaming<S extends Database.Statement>(statement: S, path: string): S {
  for (const method of ['get', 'all', 'run'] as const satisfies readonly Reading[]) {
    const original = statement[method].bind(statement) as (...args: unknown[]) => unknown
    Object.defineProperty(statement, method, { value: naming(path, original), configurable: true, writable: true })
  }
  const iterate = statement.iterate.bind(statement) as (...args: unknown[]) => IterableIterator<unknown>
  const iterateNaming = (...args: unknown[]): IterableIterator<unknown> => {
    const rows = naming(path, iterate)(...args)
    const next = naming(path, rows.next.bind(rows))
    return Object.assign(rows, { next })
  }
  Object.defineProperty(statement, 'iterate', { value: iterateNaming, configurable: true, writable: true })
  return statement
}

/**
 * Makes the connection `db` to the corpus at `path` name that file in every report of damage: what it prepares,
 * runs (`exec`, `pragma`) or copies out (`backup`, `serialize`), and what the statements it prepares do.
 */
export function nameDamageAs(db: Database.Database, path: string): void {
  const prepare = db.prepare.bind(db)
  const replace = <K extends 'exec' | 'pragma' | 'backup' | 'serialize'>(method: K): void => {
    const original = (db[method] as (...args: unknown[]) => unknown).bind(db)
    const wrapped = method === 'backup' ? naming(path, (...args: unknown[]) => (original(...args) as Promise<unknown>).catch((error: unknown) => Promise.reject(asDamageOf(path, error)))) : naming(path, original)
    Object.defineProperty(db, method, { value: wrapped, configurable: true, writable: true })
  }
  const prepareNaming = naming(path, prepare)
  Object.defineProperty(db, 'prepare', { value: (source: string) => statementNaming(prepareNaming(source), path), configurable: true, writable: true })
  for (const method of ['exec', 'pragma', 'backup', 'serialize'] as const) replace(method)
}
