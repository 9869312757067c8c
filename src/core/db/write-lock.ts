/**
 * Taking a corpus's write lock fairly. Several processes may write one corpus at once (the editor while a
 * script imports); each write transaction starts `BEGIN IMMEDIATE`, so it either holds the lock before it
 * reads anything it will write from, or waits. SQLite's own busy handler sleeps longer and longer between
 * tries (up to 100 ms), so a writer that lets go of the lock only briefly between batches would keep it
 * almost forever; here the waiting side tries every millisecond or so, and a long writer pauses between its
 * batches, so that every waiter gets its turn within about one batch. A COMMIT, which must wait for readers
 * to finish, waits as long.
 */
import type Database from 'better-sqlite3'
import { CorpusError, sqliteErrorKind } from '../errors'

/** How long a write waits for another program's transaction before it gives up (default). */
export const DEFAULT_LOCK_WAIT_MS = 30_000

/**
 * How long a connection waits for a lock before SQLite reports it busy, outside `beginImmediate` and `commit`
 * (a read, while another program commits), unless this process lets reads wait longer: a server answering a
 * page on its one thread should not freeze for long.
 */
export const BUSY_TIMEOUT_MS = 5_000

let readWaitMs = BUSY_TIMEOUT_MS

/** How long a read of this process waits for another program's lock (SQLite's `busy_timeout`). */
export function busyTimeoutMs(): number {
  return readWaitMs
}

/**
 * Lets reads wait for another program's lock as long as a write waits for its turn: for a command-line run,
 * which freezes nothing by waiting, so that a program holding the corpus for seconds fails none of its reads.
 */
export function letReadsWaitAsLongAsWrites(): void {
  readWaitMs = DEFAULT_LOCK_WAIT_MS
}

const sleeper = new Int32Array(new SharedArrayBuffer(4))

/** What a process does while one of its writes waits for another program's lock, its only thread blocked. */
export interface LockWaitHooks {
  /** A write has found the corpus locked and starts waiting (no event, timer or signal listener runs until it ends). */
  started(): void
  /** The wait is over: the lock was taken, or the write gave up. */
  ended(): void
  /** The write is still waiting, `elapsedMs` after it started to (called after each try; the thread is blocked meanwhile, so say things now). */
  waiting?(elapsedMs: number): void
}

let lockWaitHooks: LockWaitHooks | null = null

/**
 * Sets what this process does while a write waits for another program's lock (null: nothing). The browser
 * edition lets a stop signal end it at once meanwhile (`src/server/shutdown.ts`).
 */
export function onLockWait(hooks: LockWaitHooks | null): void {
  lockWaitHooks = hooks
}

/** Blocks this thread for `ms` milliseconds (a write transaction is synchronous, so its wait is too). */
export function sleepSync(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms)
}

/** True for SQLite's "database is locked" and "table is locked" errors. */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && sqliteErrorKind(code) === 'busy'
}

/**
 * Runs `statement` on `db` until no other connection stands in its way, trying again every millisecond or two
 * for up to `waitMs`; throws CorpusError `busy` with `busyMessage` if they never let it through.
 */
function retryWhileBusy(db: Database.Database, statement: string, waitMs: number, busyMessage: string): void {
  const started = Date.now()
  const hooks = lockWaitHooks
  let waiting = false
  db.pragma('busy_timeout = 0')
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        db.exec(statement)
        return
      } catch (error) {
        if (!isBusy(error)) throw error
        if (Date.now() - started >= waitMs) throw new CorpusError('busy', busyMessage, { cause: error })
        if (!waiting) hooks?.started()
        waiting = true
        sleepSync(attempt < 20 ? 1 : 2)
        hooks?.waiting?.(Date.now() - started)
      }
    }
  } finally {
    if (waiting) hooks?.ended()
    db.pragma(`busy_timeout = ${busyTimeoutMs()}`)
  }
}

/** How long a read tries before this process's lock-wait hooks are told it waits (the CLI's notice comes after a second). */
const READ_TRIES_MS = 1_000

/**
 * Runs `read` on `db`, waiting for another program's lock as a read does (`busyTimeoutMs`), but in two tries, so
 * that this process's lock-wait hooks hear of a wait past a second (the thread is blocked inside SQLite meanwhile:
 * a command that seems to hang can say why). For the first read of a corpus, which another program's exclusive
 * lock (a write committing, or a long one) holds back.
 */
export function readWaitingItsTurn<T>(db: Database.Database, read: () => T): T {
  const waitMs = busyTimeoutMs()
  if (waitMs <= READ_TRIES_MS) return read()
  const started = Date.now()
  db.pragma(`busy_timeout = ${READ_TRIES_MS}`)
  try {
    return read()
  } catch (error) {
    if (!isBusy(error)) throw error
    const hooks = lockWaitHooks
    hooks?.started()
    hooks?.waiting?.(Date.now() - started)
    try {
      db.pragma(`busy_timeout = ${Math.max(0, waitMs - (Date.now() - started))}`)
      return read()
    } finally {
      hooks?.ended()
    }
  } finally {
    db.pragma(`busy_timeout = ${waitMs}`)
  }
}

/** `waitMs` in seconds as a message says it: whole seconds, tenths below ten. */
function secondsOf(waitMs: number): number {
  return waitMs >= 10_000 ? Math.round(waitMs / 1000) : Math.round(waitMs / 100) / 10
}

/**
 * Starts a write transaction on `db`, waiting up to `waitMs` for other connections to let go of the lock,
 * trying again every millisecond or two. Throws CorpusError `busy` if they never do.
 */
export function beginImmediate(db: Database.Database, waitMs = DEFAULT_LOCK_WAIT_MS): void {
  const seconds = secondsOf(waitMs)
  retryWhileBusy(db, 'BEGIN IMMEDIATE', waitMs, `another program has kept the corpus locked for ${seconds} s; nothing was written, try again`)
}

/**
 * Commits the write transaction of `db`. The corpus has a rollback journal, so a COMMIT waits until no other
 * connection is reading; it waits as long as taking the write lock may (`waitMs`), trying again every
 * millisecond or two, instead of SQLite's 5 s. Throws CorpusError `busy` if the readers never finish; the
 * transaction is then still open, for the caller to roll back (after SQLITE_BUSY it stays open, and COMMIT
 * may be tried again).
 */
export function commit(db: Database.Database, waitMs = DEFAULT_LOCK_WAIT_MS): void {
  const seconds = secondsOf(waitMs)
  retryWhileBusy(db, 'COMMIT', waitMs, `another program kept reading the corpus for ${seconds} s, so this write could not be finished; nothing was written, try again`)
}

/**
 * Runs `fn` as one write transaction on `db` (`beginImmediate`, waiting up to `waitMs` for the lock): all its
 * writes commit together, or none do if it throws. While it runs, anything that must wait for readers (a page
 * cache spilling into the file, the COMMIT) waits as long as the lock may. Inside a transaction the caller
 * already holds, `fn` simply runs as part of it.
 */
export function inWriteTransaction<T>(db: Database.Database, fn: () => T, waitMs = DEFAULT_LOCK_WAIT_MS): T {
  if (db.inTransaction) return fn()
  beginImmediate(db, waitMs)
  try {
    db.pragma(`busy_timeout = ${waitMs}`)
    const result = fn()
    commit(db, waitMs)
    return result
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK')
    throw error
  } finally {
    db.pragma(`busy_timeout = ${busyTimeoutMs()}`)
  }
}
