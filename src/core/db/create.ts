/**
 * Making a corpus file, atomically, however many processes try at once. A new name gets a whole corpus (schema
 * and label set) built in a temporary file beside it and hard-linked to the name: the link fails if the name
 * was taken meanwhile, and then the corpus already there is opened instead. A file that is there but empty
 * (0 bytes, as `touch` leaves it) becomes a corpus inside one `BEGIN IMMEDIATE` transaction that looks again
 * once it holds the lock. Either way nobody ever sees half a corpus, and a process killed halfway leaves
 * nothing behind under the name.
 */
import { randomBytes } from 'node:crypto'
import { accessSync, closeSync, constants, linkSync, openSync, readdirSync, rmSync, statSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import Database from 'better-sqlite3'
import { CorpusFileError, sqliteErrorKind, systemErrorKind } from '../errors'
import { crashPoint } from './crash-points'
import { migrate } from './migrations'
import { inWriteTransaction } from './write-lock'
import { removeQuietly } from '../files'

/** `PRAGMA application_id` of every corpus file: the ASCII bytes "MARG". */
export const APPLICATION_ID = 0x4d415247

/** Fills a corpus just made (its label set, when it was made), inside the transaction that made its schema. */
export type Initialise = (db: Database.Database) => void

/** What the first page of a SQLite file says about it. */
export interface FileHeader {
  applicationId: number
  version: number
  /** Tables, indexes, triggers and views. */
  objectCount: number
}

/** Reads the header of `db`. */
export function readHeader(db: Database.Database): FileHeader {
  return {
    applicationId: db.pragma('application_id', { simple: true }) as number,
    version: db.pragma('user_version', { simple: true }) as number,
    objectCount: db.prepare<[], number>('SELECT count(*) FROM sqlite_schema').pluck().get() ?? 0,
  }
}

/**
 * True for a file with nothing in it yet: no tables and version 0 (with no application id, or with ours, which
 * an older Marginalia set before making the tables).
 */
export function isUnmade(header: FileHeader): boolean {
  return header.version === 0 && header.objectCount === 0 && (header.applicationId === 0 || header.applicationId === APPLICATION_ID)
}

/** Gives `db` (empty, inside a write transaction) the application id, the current schema and what `initialise` adds. */
function fill(db: Database.Database, initialise: Initialise | undefined): void {
  db.pragma(`application_id = ${APPLICATION_ID}`)
  migrate(db)
  crashPoint('corpus-schema-made')
  initialise?.(db)
}

/**
 * Makes the empty file open as `db` a corpus, in one transaction that checks again, once it holds the write
 * lock, that the file is still empty. Returns false (changing nothing) if another process made it first.
 */
export function fillEmptyFile(db: Database.Database, initialise: Initialise | undefined, lockWaitMs?: number): boolean {
  return inWriteTransaction(
    db,
    () => {
      if (!isUnmade(readHeader(db))) return false
      fill(db, initialise)
      return true
    },
    lockWaitMs,
  )
}

/** How the temporary file a corpus is built in ends. */
const MAKING = '.making'

/** How old a temporary file of a process that no longer runs must be before another process removes it. */
const LEFTOVER_AGE_MS = 60_000

/** True if a process with this id runs on this machine. */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Removes temporary files left beside `path` by processes killed while making a corpus there. */
function removeLeftovers(path: string): void {
  const prefix = `.${basename(path)}.`
  let names: string[]
  try {
    names = readdirSync(dirname(path)).filter((name) => name.startsWith(prefix))
  } catch {
    return
  }
  for (const name of names) {
    const match = /^(\d+)-[0-9a-f]{8}\.making(?:-journal)?$/.exec(name.slice(prefix.length))
    if (match === null || running(Number(match[1]))) continue
    const file = join(dirname(path), name)
    try {
      if (Date.now() - statSync(file).mtimeMs > LEFTOVER_AGE_MS) rmSync(file, { force: true })
    } catch {
      // gone already, or not ours to remove
    }
  }
}

/** Error codes of `link` on a file system without hard links. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK', 'EXDEV'])

/** True if `path` is a folder (following links). */
function isFolder(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true
}

/** The reason a corpus cannot be made at `path`, naming its folder when that is what cannot be written. */
function cannotMake(path: string, error: unknown): CorpusFileError {
  const folder = dirname(path)
  try {
    accessSync(folder, constants.W_OK)
  } catch (folderError) {
    const { kind, reason } = systemErrorKind(folderError)
    if ((folderError as NodeJS.ErrnoException).code === 'ENOENT') return new CorpusFileError(path, `cannot be made: the folder ${folder} does not exist`)
    return new CorpusFileError(path, `cannot be made: its folder ${folder} cannot be written (${reason})`, kind)
  }
  if (!isFolder(folder)) return new CorpusFileError(path, `cannot be made: ${folder} is not a folder`)
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string' && code.startsWith('SQLITE_')) {
    return new CorpusFileError(path, `cannot be made: ${(error as Error).message}`, sqliteErrorKind(code))
  }
  const { kind, reason } = systemErrorKind(error)
  return new CorpusFileError(path, `cannot be made: ${reason}`, kind)
}

/**
 * Makes a whole corpus at `path`, which did not exist a moment ago: built in a temporary file in the same
 * folder, then linked to `path`. Returns true if this call made it, false if the name was taken meanwhile
 * (by another process making the same corpus, say); the caller then opens what is there. On a file system
 * without hard links it leaves an empty file at `path` instead (unless one is there), which `fillEmptyFile`
 * makes a corpus under the write lock.
 */
export function createCorpusFile(path: string, initialise: Initialise | undefined, nativeBinding?: string): boolean {
  removeLeftovers(path)
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}${MAKING}`)
  try {
    try {
      const db = new Database(temporary, { nativeBinding })
      try {
        db.pragma('foreign_keys = ON')
        db.pragma('trusted_schema = OFF')
        inWriteTransaction(db, () => fill(db, initialise))
      } finally {
        db.close()
      }
    } catch (error) {
      throw cannotMake(path, error)
    }
    crashPoint('corpus-built')
    try {
      linkSync(temporary, path)
      return true
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? ''
      if (code === 'EEXIST') return false
      if (!NO_HARD_LINKS.has(code)) throw cannotMake(path, error)
    }
    try {
      closeSync(openSync(path, 'wx'))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw cannotMake(path, error)
    }
    return false
  } finally {
    removeQuietly(temporary, `${temporary}-journal`)
  }
}
