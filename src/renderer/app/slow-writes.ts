/**
 * Saying that a write is waiting: a write waits for its turn while another program writes to the corpus (up to 30 s,
 * `src/core/db/write-lock.ts`), and the page would otherwise show nothing until it ends. The API is wrapped so that,
 * while any write has gone unanswered for a second, the app says so, and takes it back once every write is answered.
 */
import { API, OPERATION_NAMES, type MarginaliaApi, type OperationName } from '../../shared/api'

/** How long a write goes unanswered before the app says it is waiting. */
export const SLOW_WRITE_MS = 1_000

/** `api` with its writes watched: `waiting(true)` once one has waited `afterMs`, `waiting(false)` when none is left. */
export function withSlowWriteNotice(api: MarginaliaApi, waiting: (waiting: boolean) => void, afterMs = SLOW_WRITE_MS): MarginaliaApi {
  let pending = 0
  let said = false
  const watched = <Name extends OperationName>(name: Name) => {
    const operation = api[name] as (args: unknown) => Promise<unknown>
    return async (args: unknown) => {
      pending++
      const timer = setTimeout(() => {
        if (pending > 0 && !said) waiting((said = true))
      }, afterMs)
      try {
        return await operation(args)
      } finally {
        clearTimeout(timer)
        if (--pending === 0 && said) waiting((said = false))
      }
    }
  }
  // Every operation read from `api` by name (the client is a proxy with no keys of its own to copy).
  return Object.fromEntries(OPERATION_NAMES.map((name) => [name, API[name].effect === 'write' ? watched(name) : api[name]])) as MarginaliaApi
}
