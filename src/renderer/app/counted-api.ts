/**
 * The editor's API with its answers counted: a step of several writes that fails can then be told apart from one
 * whose first write was refused, which wrote nothing (`SessionHost.answered`).
 */
import type { MarginaliaApi } from '../../shared/api'

/** `api` whose calls that are answered (not refused) are counted, and the count so far. */
export function countedApi(api: MarginaliaApi): { api: MarginaliaApi; answered: () => number } {
  let answered = 0
  const counted = new Proxy(api, {
    get(target, name) {
      const operation: unknown = Reflect.get(target, name)
      if (typeof operation !== 'function') return operation
      return async (args: unknown) => {
        const value: unknown = await (operation as (args: unknown) => Promise<unknown>)(args)
        answered++
        return value
      }
    },
  })
  return { api: counted, answered: () => answered }
}
