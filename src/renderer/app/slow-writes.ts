/**
 * Saying that a write is waiting: a write waits for its turn while another program writes to the corpus (up to 30 s,
 * `src/core/db/write-lock.ts`), and the page would otherwise show nothing until it ends. While any write the editor
 * makes has gone unanswered for a second, the app says so; if one goes unanswered past the longest turn the corpus
 * gives (the server stopped, hung, or its machine asleep), it says that instead; and it takes either back once every
 * write is answered.
 */

/** How long a write goes unanswered before the app says it is waiting. */
export const SLOW_WRITE_MS = 1_000

/** How long a write goes unanswered before the app says the server is not answering: past the corpus's 30 s turn. */
export const SILENT_SERVER_MS = 35_000

/** What is said of the writes under way: nothing yet (or all answered), waiting their turn, or no answer at all. */
export type WriteWait = 'answered' | 'waiting' | 'silent'

/** Counts the writes under way, and says how long the oldest unanswered one has waited. */
export class SlowWriteNotice {
  private pending = 0
  private said: WriteWait = 'answered'
  /** How many times writes have gone unanswered past `silentMs`: a move asked for before the last of them is stale. */
  silences = 0
  private timers: ReturnType<typeof setTimeout>[] = []

  constructor(
    private readonly told: (wait: WriteWait) => void,
    private readonly afterMs = SLOW_WRITE_MS,
    private readonly silentMs = SILENT_SERVER_MS,
  ) {}

  /** True while a write is under way. */
  get underWay(): boolean {
    return this.pending > 0
  }

  /** True while the writes under way have gone unanswered past `silentMs` (the server stopped, hung, or asleep). */
  get silent(): boolean {
    return this.said === 'silent'
  }

  /** A write starts (`true`) or is answered (`false`). */
  writing(on: boolean): void {
    if (on) {
      if (this.pending++ === 0) this.timers = [setTimeout(() => this.say('waiting'), this.afterMs), setTimeout(() => this.say('silent'), this.silentMs)]
      return
    }
    if (--this.pending > 0) return
    for (const timer of this.timers) clearTimeout(timer)
    if (this.said !== 'answered') this.say('answered')
  }

  private say(wait: WriteWait): void {
    if (wait !== 'answered' && this.pending === 0) return
    if (wait === 'silent') this.silences++
    this.said = wait
    this.told(wait)
  }
}
