/**
 * The renderer's way to the corpus: `window.marginalia` when the Electron preload provides it, otherwise the
 * browser edition's HTTP API with the session token from the page address. Either way every operation of the
 * contract resolves to its value or throws an ApiError with a message a person can read.
 */
import type { MarginaliaApi, MarginaliaBridge, OperationName, Outcome } from '../shared/api'

/** A failed operation: invalid arguments, a broken corpus rule, or a write the corpus could not take. */
export class ApiError extends Error {
  constructor(
    readonly kind: 'invalid' | 'rule' | 'storage',
    message: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in the browser edition. */
    marginalia?: MarginaliaBridge
  }
}

/** The session token of the browser edition, from the page address. */
export function pageToken(): string {
  return new URLSearchParams(window.location.search).get('token') ?? ''
}

async function callOverHttp(name: string, args: unknown): Promise<Outcome<unknown>> {
  let response: Response
  try {
    response = await fetch(`/api/${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-marginalia-token': pageToken() },
      body: JSON.stringify(args),
    })
  } catch (error) {
    return { ok: false, error: { kind: 'storage', message: `the Marginalia server cannot be reached (${(error as Error).message})` } }
  }
  if (!response.ok) return { ok: false, error: { kind: 'storage', message: `${response.status}: ${await response.text()}` } }
  return (await response.json()) as Outcome<unknown>
}

/** The API, over whichever transport this page has. */
export function connectApi(): MarginaliaApi {
  const bridge = window.marginalia
  const call = (name: string, args: unknown): Promise<Outcome<unknown>> =>
    bridge !== undefined ? (bridge[name as OperationName] as (a: unknown) => Promise<Outcome<unknown>>)(args) : callOverHttp(name, args)
  return new Proxy({} as MarginaliaApi, {
    get: (_target, name) => async (args: unknown) => {
      const outcome = await call(String(name), args)
      if (!outcome.ok) throw new ApiError(outcome.error.kind, outcome.error.message)
      return outcome.value
    },
  })
}
