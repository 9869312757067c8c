/**
 * Opening a `.marginalia` file: recognising it by `application_id`, bringing its schema up to date, and
 * refusing anything that is not exactly a corpus this build wrote, since corpora arrive from other people.
 */
import { statSync } from 'node:fs'
import Database from 'better-sqlite3'
import { CorpusFileError, sqliteErrorKind, systemErrorKind } from '../errors'
import { APPLICATION_ID, createCorpusFile, fillEmptyFile, isUnmade, readHeader, type FileHeader, type Initialise } from './create'
import { CURRENT_SCHEMA_VERSION, NewerSchemaError, migrate } from './migrations'
import { busyTimeoutMs, readWaitingItsTurn } from './write-lock'
import { nameDamageAs } from './damage'
import { blockedJournal } from './blocked-journal'

export { APPLICATION_ID }

/** How to open a corpus file. */
export interface OpenDatabaseOptions {
  /** Make the file if it does not exist (default false). */
  create?: boolean
  /** Never write to the file; an older schema is upgraded in a copy held in memory (default false). */
  readonly?: boolean
  /** Path of a better-sqlite3 native addon built for the running runtime (Electron's main process). */
  nativeBinding?: string
  /**
   * SQLite's page cache in MiB (default 64: large imports read the same pages again and again). A reader that
   * goes through the file once, such as an export, needs little and should not hold 64 MiB of pages.
   */
  cacheMiB?: number
  /** Fills a corpus this call makes (its label set), in the transaction that makes its schema. */
  initialise?: Initialise
  /** How long making a corpus in an empty file waits for the write lock (default 30 s). */
  lockWaitMs?: number
}

/** An open corpus database, whether this call made it, and the schema version of the file itself. */
export interface OpenedDatabase {
  db: Database.Database
  created: boolean
  /** The file's schema version as found (an older file opened read-only is upgraded in memory only). */
  fileVersion: number
}

type SchemaEntry = { type: string; name: string; tbl_name: string; sql: string | null }

const SCHEMA_QUERY = `SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`

let expectedSchema: Map<string, SchemaEntry> | undefined

/** The schema objects a current corpus has, read off a fresh in-memory database. */
function currentSchema(nativeBinding?: string): Map<string, SchemaEntry> {
  if (expectedSchema === undefined) {
    const memory = new Database(':memory:', { nativeBinding })
    migrate(memory)
    expectedSchema = new Map(memory.prepare<[], SchemaEntry>(SCHEMA_QUERY).all().map((e) => [`${e.type} ${e.name}`, e]))
    memory.close()
  }
  return expectedSchema
}

/** Reasons why the schema of `db` is not exactly the one this build makes (extra triggers, changed tables). */
function schemaDifferences(db: Database.Database, nativeBinding?: string): string[] {
  const expected = currentSchema(nativeBinding)
  const actual = db.prepare<[], SchemaEntry>(SCHEMA_QUERY).all()
  const differences: string[] = []
  const seen = new Set<string>()
  for (const entry of actual) {
    const key = `${entry.type} ${entry.name}`
    seen.add(key)
    const wanted = expected.get(key)
    if (wanted === undefined) differences.push(`it has an unexpected ${entry.type} "${entry.name}"`)
    else if (wanted.sql !== entry.sql) differences.push(`its ${entry.type} "${entry.name}" has been altered`)
  }
  for (const key of expected.keys()) if (!seen.has(key)) differences.push(`it lacks the ${key.replace(' ', ' "')}"`)
  return differences
}

/** SQLite's page cache unless told otherwise: the default 2 MiB makes large imports read the same pages again and again. */
const DEFAULT_CACHE_MIB = 64

/** Sets the connection up for a corpus: foreign keys on, no trust in functions named by the file's schema, its page cache. */
function configure(db: Database.Database, cacheMiB = DEFAULT_CACHE_MIB): void {
  // Setting the page cache reads the schema, which waits for another program's lock (as long as busy_timeout says).
  db.pragma('foreign_keys = ON')
  db.pragma('trusted_schema = OFF')
  db.pragma(`cache_size = ${-Math.max(1, Math.round(cacheMiB)) * 1024}`) // negative: KiB
}

/**
 * Rolls back a write that was interrupted (the process killed, the machine stopped) and left a hot
 * `-journal` beside the corpus, as SQLite does whenever a connection that may write opens it. A read-only
 * connection cannot, and would report "attempt to write a readonly database"; so before opening read-only,
 * a connection that may write has a look. If this process may not write the file or its folder, the
 * reason is said plainly.
 */
function recoverInterruptedWrite(path: string, nativeBinding: string | undefined): void {
  const journal = `${path}-journal`
  let size = 0
  try {
    size = statSync(journal).size
  } catch {
    return
  }
  if (size === 0) return
  try {
    const db = new Database(path, { fileMustExist: true, nativeBinding, timeout: busyTimeoutMs() })
    try {
      db.pragma(`busy_timeout = ${busyTimeoutMs()}`)
      readWaitingItsTurn(db, () => db.prepare('SELECT count(*) FROM sqlite_schema').get()) // rolls a hot journal back, if it is one
    } finally {
      db.close()
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code
    if (typeof code === 'string' && sqliteErrorKind(code) === 'busy') return // a live writer's journal, not a hot one
    throw blockedJournal(path, error as Error) ?? error
  }
}

/**
 * True if something is at `path`, false if nothing is; throws CorpusFileError if the system will not say (a folder
 * on the way the user may not enter), which `existsSync` would take for nothing there.
 */
function exists(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false }) !== undefined
  } catch (error) {
    const { kind, reason } = systemErrorKind(error)
    if (kind === 'input') return false // a part of the path is not a folder: nothing can be there
    throw new CorpusFileError(path, `cannot be read: ${reason}`, kind, { cause: error })
  }
}

/**
 * Opens (or with `create`, makes) a corpus file. Throws CorpusFileError naming the file and the reason for
 * anything else: a missing file, a file that is not SQLite or not a corpus, one from a newer Marginalia, or
 * one whose schema has been tampered with. A corpus is made atomically (see `create.ts`), so processes making
 * the same one at once all open the one corpus; `created` is true for the one that made it.
 */
export function openCorpusDatabase(path: string, options: OpenDatabaseOptions = {}): OpenedDatabase {
  const { create = false, readonly = false, nativeBinding } = options
  let made = false
  if (path !== ':memory:' && !exists(path)) {
    if (!create || readonly) throw new CorpusFileError(path, 'no such corpus file')
    made = createCorpusFile(path, options.initialise, nativeBinding)
  }
  if (path !== ':memory:' && statSync(path, { throwIfNoEntry: false })?.isDirectory() === true) throw new CorpusFileError(path, 'is a folder, not a corpus file')
  if (readonly && path !== ':memory:') recoverInterruptedWrite(path, nativeBinding)
  let db: Database.Database
  try {
    db = new Database(path, { readonly, fileMustExist: !create || readonly, nativeBinding, timeout: busyTimeoutMs() })
  } catch (error) {
    const code = (error as { code?: unknown }).code
    throw new CorpusFileError(path, `cannot open it: ${(error as Error).message}`, typeof code === 'string' ? sqliteErrorKind(code) : 'file')
  }
  try {
    const opened = prepare(db, path, options)
    return { ...opened, created: opened.created || made }
  } catch (error) {
    db.close()
    throw error
  }
}

/** Sets the connection up and reads the header of `db`, or says why the file cannot be read as SQLite. */
function headerOf(db: Database.Database, path: string, cacheMiB?: number): FileHeader {
  try {
    db.pragma(`busy_timeout = ${busyTimeoutMs()}`)
    return readWaitingItsTurn(db, () => {
      configure(db, cacheMiB)
      return readHeader(db)
    })
  } catch (error) {
    const code = (error as { code?: unknown }).code
    const kind = typeof code === 'string' && code !== 'SQLITE_NOTADB' ? sqliteErrorKind(code) : 'file'
    const message = (error as Error).message
    if (kind === 'corrupt') throw new CorpusFileError(path, `the file is damaged (${message})`, 'corrupt')
    if (kind === 'busy') throw new CorpusFileError(path, `another program keeps it locked (${message})`, 'busy')
    // An interrupted write's journal it may not roll back (opening to write reads the header first): said as such.
    const blocked = code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY' ? blockedJournal(path, error as Error) : null
    if (blocked !== null) throw blocked
    throw new CorpusFileError(path, `not a Marginalia corpus: ${message}${importHint(path)}`)
  }
}

/** Extensions of the files `marginalia import` reads, which people sometimes give where a corpus is wanted. */
const IMPORTED_EXTENSIONS = ['.jsonl', '.json', '.txt', '.ann', '.conll', '.conllu', '.csv', '.tsv', '.ndjson']

/** For a file named like one to import, what to do with it instead; else nothing. */
function importHint(path: string): string {
  const lower = path.toLowerCase()
  return IMPORTED_EXTENSIONS.some((extension) => lower.endsWith(extension)) ? ' (a file to bring documents in from? marginalia import CORPUS FILE reads it)' : ''
}

function prepare(db: Database.Database, path: string, options: OpenDatabaseOptions): OpenedDatabase {
  const { readonly = false, nativeBinding } = options
  let header = headerOf(db, path, options.cacheMiB)
  let created = false
  if (isUnmade(header)) {
    if (readonly && header.applicationId === 0) throw new CorpusFileError(path, 'the file is empty, not a Marginalia corpus')
    if (!readonly) {
      created = fillEmptyFile(db, options.initialise, options.lockWaitMs)
      header = headerOf(db, path, options.cacheMiB)
    }
  }
  if (header.applicationId !== APPLICATION_ID) {
    throw new CorpusFileError(path, `not a Marginalia corpus (its SQLite application_id is ${header.applicationId})`)
  }
  if (header.version > CURRENT_SCHEMA_VERSION) {
    throw new CorpusFileError(path, new NewerSchemaError(header.version, CURRENT_SCHEMA_VERSION).message)
  }
  let opened = db
  if (header.version < CURRENT_SCHEMA_VERSION) {
    if (readonly) {
      opened = new Database(db.serialize(), { nativeBinding })
      db.close()
      configure(opened, options.cacheMiB)
    }
    migrate(opened) // takes the write lock and reads the version again: another process may have upgraded it meanwhile
  }
  const differences = schemaDifferences(opened, nativeBinding)
  if (differences.length > 0) {
    throw new CorpusFileError(path, `refusing to open a corpus whose schema is not Marginalia's: ${differences.join('; ')}`)
  }
  nameDamageAs(opened, path)
  return { db: opened, created, fileVersion: header.version }
}

/** Rewrites the database file at `path` compactly (`VACUUM`): for a file of one's own, which nobody else has open. */
export function compactFile(path: string, nativeBinding?: string): void {
  const db = new Database(path, { fileMustExist: true, nativeBinding })
  try {
    db.exec('VACUUM')
  } finally {
    db.close()
  }
}
