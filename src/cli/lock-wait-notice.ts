/**
 * What a command says when one of its writes waits long for another program's lock (an editor's or another
 * command's write, up to 30 s): once, after a second, so that a command that seems to hang says why.
 */
import type { LockWaitHooks } from '../core/db/write-lock'
import { DEFAULT_LOCK_WAIT_MS } from '../core/db/write-lock'

/** How long a write waits before the command says it is waiting. */
export const NOTICE_AFTER_MS = 1_000

/** Lock-wait hooks that write the notice to `stderr` once per process. */
export function lockWaitNotice(stderr: { write(text: string): unknown }): LockWaitHooks {
  let said = false
  return {
    started: () => undefined,
    ended: () => undefined,
    waiting: (elapsedMs) => {
      if (said || elapsedMs < NOTICE_AFTER_MS) return
      said = true
      stderr.write(`marginalia: another program is using the corpus (writing to it, or reading it while this writes); waiting for its turn (up to ${DEFAULT_LOCK_WAIT_MS / 1000} s)\n`)
    },
  }
}
