/**
 * How the browser edition stops on SIGINT (Ctrl+C) and SIGTERM. Normally gracefully: the signal's listener
 * closes the server and the corpus. But a corpus call is synchronous, and a write that waits for another
 * program's lock (up to 30 s, `src/core/db/write-lock.ts`) blocks the only thread, so no listener can run
 * until it ends. While such a call runs, the listeners are therefore taken off: a signal then has its default
 * effect and ends the process at once. That loses nothing: a waiting write holds no lock and has written
 * nothing, and SQLite rolls back a write cut off halfway (its journal) the next time the corpus is opened.
 */

const SIGNALS = ['SIGINT', 'SIGTERM'] as const

/** The stop signals of one process, answered gracefully except during blocking corpus calls. */
export class Shutdown {
  private blockingDepth = 0
  private stopping = false
  private readonly listener = (signal: NodeJS.Signals): void => {
    this.stopping = true
    this.unlisten() // a second signal, while closing, ends the process at once
    this.stop(signal)
  }

  /** Listens for SIGINT and SIGTERM, calling `stop` (once) on the first, outside blocking calls. */
  constructor(private readonly stop: (signal: NodeJS.Signals) => void) {
    this.listen()
  }

  /**
   * Runs `call`, a synchronous corpus call that may block, with the stop signals left to their default effect
   * (ending the process at once), then listens again.
   */
  readonly blocking = <T>(call: () => T): T => {
    if (this.blockingDepth++ === 0) this.unlisten()
    try {
      return call()
    } finally {
      if (--this.blockingDepth === 0 && !this.stopping) this.listen()
    }
  }

  private listen(): void {
    for (const signal of SIGNALS) if (!process.listeners(signal).includes(this.listener)) process.on(signal, this.listener)
  }

  private unlisten(): void {
    for (const signal of SIGNALS) process.off(signal, this.listener)
  }
}
