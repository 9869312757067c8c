/**
 * Errors the corpus core raises for a person to read. Each has a kind (see `ERROR_KINDS` in the contract)
 * and a message naming what was wrong and where; SQLite's own errors are mapped to a kind by their code.
 */
import type { ErrorKind } from '../shared/api'

/** The kinds of failure the core reports (the others arise at the process boundary). */
export type CoreErrorKind = Exclude<ErrorKind, 'invalid' | 'unreachable'>

/** A failure of the corpus core, of a known kind. */
export class CorpusError extends Error {
  constructor(
    readonly kind: CoreErrorKind,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options)
    this.name = 'CorpusError'
  }
}

/** Input that cannot be imported: names the file, the line (where there is one) and the reason. */
export class InputError extends CorpusError {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly reason: string,
    /** True if the system refused to read the file (no permission, a failing disk): not its content's fault. */
    readonly unreadable = false,
  ) {
    super('input', line === null ? `${file}: ${reason}` : `${file}:${line}: ${reason}`)
    this.name = 'InputError'
  }
}

/** A corpus file that cannot be used as asked: not a corpus, from a newer version, damaged, untrusted, moved. */
export class CorpusFileError extends CorpusError {
  constructor(
    readonly file: string,
    readonly reason: string,
    kind: CoreErrorKind = 'file',
    options?: ErrorOptions,
  ) {
    super(kind, `${file}: ${reason}`, options)
    this.name = 'CorpusFileError'
  }
}

/** An operation on an open corpus that breaks one of its rules (unknown label, offset past the end, ...). */
export class CorpusRuleError extends CorpusError {
  constructor(message: string) {
    super('rule', message)
    this.name = 'CorpusRuleError'
  }
}

/** A change refused because what it changes was changed since the one asking read it (see `changed-since.ts`). */
export class ChangedSinceError extends CorpusError {
  constructor(message: string) {
    super('changed', message)
    this.name = 'ChangedSinceError'
  }
}

/** System calls that look at a path without opening it: refused, a folder on the path is closed to the user. */
const LOOKING_CALLS: ReadonlySet<string> = new Set(['lstat', 'stat'])

/** The kind and reason of an operating system error (`ENOENT`, `EACCES`...) met reading or writing a file. */
export function systemErrorKind(error: unknown): { kind: CoreErrorKind; reason: string } {
  const code = (error as NodeJS.ErrnoException | null)?.code
  switch (code) {
    case 'ENOENT':
      return { kind: 'input', reason: 'no such file or folder' }
    case 'ENOTDIR':
      return { kind: 'input', reason: 'a part of the path is not a folder' }
    case 'EISDIR':
      return { kind: 'input', reason: 'is a folder' }
    case 'EACCES':
    case 'EPERM':
      // Looking at a path needs no permission on it, only on the folders it is in: one of them is closed to the user.
      return { kind: 'readonly', reason: LOOKING_CALLS.has((error as NodeJS.ErrnoException).syscall ?? '') ? 'permission denied (a folder on its path may not be entered)' : 'permission denied' }
    case 'EROFS':
      return { kind: 'readonly', reason: 'on a read-only file system' }
    case 'ENOSPC':
    case 'EDQUOT':
      return { kind: 'full', reason: 'the disk is full' }
    default:
      return { kind: 'io', reason: error instanceof Error ? error.message : String(error) }
  }
}

/** True if `error` is the operating system's (`ENOENT`, `EPIPE`...), which carries its number: not SQLite's (`SQLITE_CORRUPT`) nor Node's own (`ERR_...`), which have codes too. */
export function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  const { code, errno } = (error ?? {}) as NodeJS.ErrnoException
  return !(error instanceof CorpusError) && typeof code === 'string' && typeof errno === 'number'
}

/** True if the system refused to read or list a path it has (no permission, a failing disk), not one that is missing or a folder: a failure of storage, not bad input. */
export function refusedBySystem(error: unknown): boolean {
  return systemErrorKind(error).kind !== 'input'
}

/** Why an input file could not be read, for a problem of the import that names the file itself: "cannot be read: permission denied". */
export function cannotBeRead(error: unknown): string {
  return `cannot be read: ${systemErrorKind(error).reason}`
}

/**
 * An input file's read failure as a problem of the import: why, and whether the system refused to read it (no
 * permission, a failing disk: `unreadable`) rather than the path being wrong (gone, a folder), which is bad input.
 */
export function readFailure(error: unknown): { error: string; unreadable: boolean } {
  return { error: cannotBeRead(error), unreadable: refusedBySystem(error) }
}

/** A failure to read, write or open the file at `path` (not the corpus), as a CorpusFileError naming it. */
export function fileError(path: string, error: unknown, doing: 'read' | 'written' | 'opened'): CorpusError {
  const { kind, reason } = systemErrorKind(error)
  return new CorpusFileError(path, `cannot be ${doing}: ${reason}`, kind, { cause: error })
}

/** SQLite's error code families (`SQLITE_BUSY_SNAPSHOT` belongs to `SQLITE_BUSY`) and the kind of each. */
const SQLITE_KINDS: Record<string, CoreErrorKind> = {
  SQLITE_BUSY: 'busy',
  SQLITE_LOCKED: 'busy',
  SQLITE_READONLY: 'readonly',
  SQLITE_PERM: 'readonly',
  SQLITE_AUTH: 'readonly',
  SQLITE_FULL: 'full',
  SQLITE_CORRUPT: 'corrupt',
  SQLITE_NOTADB: 'corrupt',
  SQLITE_CONSTRAINT: 'rule',
  SQLITE_CANTOPEN: 'io',
  SQLITE_IOERR: 'io',
}

/** The kind of a SQLite error code such as `SQLITE_IOERR_WRITE`; `io` for codes not listed. */
export function sqliteErrorKind(code: string): CoreErrorKind {
  const family = /^SQLITE_[A-Z]+/.exec(code)?.[0] ?? ''
  return SQLITE_KINDS[family] ?? 'io'
}

function sqliteCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code
  return error instanceof Error && typeof code === 'string' && code.startsWith('SQLITE_') ? code : null
}

/**
 * `message` (by default `failure`'s own), with what SQLite's bare "attempt to write a readonly database" means for
 * the user added: the corpus file or its folder cannot be written (made read-only, or its folder, since it was
 * opened). Not for a corpus Marginalia opened read-only on purpose (a CorpusFileError, which says so itself).
 */
export function explainedReadOnly(failure: CorpusError, message = failure.message): string {
  if (failure.kind !== 'readonly' || failure instanceof CorpusFileError) return message
  if (!/readonly database|read-only/i.test(message) || /permission|interrupted/.test(message)) return message
  return `${message} (the file or its folder cannot be written; nothing was changed)`
}

/** The failure of one write of a `writeTogether` call, `at` its place in the call (from 0): the call's answer names it. */
export class WriteTogetherFailure extends Error {
  constructor(
    readonly at: number,
    readonly failure: unknown,
  ) {
    super(failure instanceof Error ? failure.message : String(failure), { cause: failure })
  }
}

/** System calls that only look at a path or read it: a refusal of one means the path cannot be read (or reached). */
const READING_CALLS: ReadonlySet<string> = new Set(['lstat', 'stat', 'realpath', 'readlink', 'read', 'readdir', 'scandir', 'opendir'])

/**
 * Any failure as a CorpusError: core errors as they are, SQLite's by their code, the system's about a path
 * (`EACCES` at an `lstat` inside a folder the user may not enter) as a failure to read or write that path, named,
 * and anything else as `internal`.
 */
export function toCorpusError(error: unknown): CorpusError {
  if (error instanceof WriteTogetherFailure) return toCorpusError(error.failure)
  if (error instanceof CorpusError) return error
  const code = sqliteCode(error)
  if (code !== null) return new CorpusError(sqliteErrorKind(code), (error as Error).message, { cause: error })
  if (isSystemError(error) && typeof error.path === 'string') {
    // Opening says nothing of whether it was to read or to write; an access check is Marginalia's, before writing.
    return fileError(error.path, error, error.syscall === 'open' ? 'opened' : READING_CALLS.has(error.syscall ?? '') ? 'read' : 'written')
  }
  return new CorpusError('internal', error instanceof Error ? error.message : String(error), { cause: error })
}
