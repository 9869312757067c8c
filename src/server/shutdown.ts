/**
 * How the browser edition stops on SIGINT (Ctrl+C) and SIGTERM. Normally gracefully: the signal's listener
 * closes the server and the corpus. But a corpus call is synchronous, and a write that waits for another
 * program's lock (up to 30 s, `src/core/db/write-lock.ts`) blocks the only thread, so no listener can run
 * until it ends. While such a wait lasts, the listeners are therefore taken off: a signal then has its default
 * effect and ends the process at once. That loses nothing: a waiting write holds no lock and has written
 * nothing, and SQLite rolls back a write cut off halfway (its journal) the next time the corpus is opened.
 *
 * The listeners come off only for a wait, not around every call: Node drops a signal that has arrived but not
 * yet reached its listener when the listener is removed, so a Ctrl+C pressed while the server answered a
 * stream of calls was lost. (One that arrives during the very call that then starts waiting still is: a
 * second ends the process.)
 */
import type { LockWaitHooks } from '../core/db/write-lock'

const SIGNALS = ['SIGINT', 'SIGTERM'] as const

/** The stop signals of one process, answered gracefully except while a write waits for another program's lock. */
export class Shutdown implements LockWaitHooks {
  private waits = 0
  private stopping = false
  private readonly listener = (signal: NodeJS.Signals): void => {
    this.stopping = true
    this.unlisten() // a second signal, while closing, ends the process at once
    this.stop(signal)
  }

  /** Listens for SIGINT and SIGTERM, calling `stop` (once) on the first, except during lock waits. */
  constructor(private readonly stop: (signal: NodeJS.Signals) => void) {
    this.listen()
  }

  /** A write starts waiting for the lock: the stop signals are left to their default effect (ending the process at once). */
  started(): void {
    if (this.waits++ === 0) this.unlisten()
  }

  /** The wait is over: the stop signals are listened for again. */
  ended(): void {
    if (--this.waits === 0 && !this.stopping) this.listen()
  }

  private listen(): void {
    for (const signal of SIGNALS) if (!process.listeners(signal).includes(this.listener)) process.on(signal, this.listener)
  }

  private unlisten(): void {
    for (const signal of SIGNALS) process.off(signal, this.listener)
  }
}
