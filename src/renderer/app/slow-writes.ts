/**
 * Saying that a write is waiting: a write waits for its turn while another program writes to the corpus (up to 30 s,
 * `src/core/db/write-lock.ts`), and the page would otherwise show nothing until it ends. While any write the editor
 * makes has gone unanswered for a second, the app says so, and takes it back once every write is answered.
 */

/** How long a write goes unanswered before the app says it is waiting. */
export const SLOW_WRITE_MS = 1_000

/** Counts the writes under way; `waiting(true)` once one has lasted `afterMs`, `waiting(false)` when none is left. */
export class SlowWriteNotice {
  private pending = 0
  private said = false
  private timer: ReturnType<typeof setTimeout> | undefined

  constructor(
    private readonly waiting: (waiting: boolean) => void,
    private readonly afterMs = SLOW_WRITE_MS,
  ) {}

  /** True while a write is under way. */
  get underWay(): boolean {
    return this.pending > 0
  }

  /** A write starts (`true`) or is answered (`false`). */
  writing(on: boolean): void {
    if (on) {
      if (this.pending++ === 0) this.timer = setTimeout(() => this.pending > 0 && !this.said && this.waiting((this.said = true)), this.afterMs)
      return
    }
    if (--this.pending > 0) return
    clearTimeout(this.timer)
    if (this.said) this.waiting((this.said = false))
  }
}
