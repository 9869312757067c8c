/**
 * The renderer's way to the corpus: `window.marginalia` when the Electron preload provides it, otherwise the
 * browser edition's API socket (src/renderer/api-socket-client.ts), or its HTTP API with the session token in a
 * header where no socket can be opened. The client has the contract's operations (its type, `MarginaliaApi`),
 * each made on first use from its name, so that the page never loads the contract's schemas (nor zod) only to
 * list them: the process that answers validates every call. Each resolves to its value or throws an ApiError
 * with a message a person can read.
 */
import type { ErrorKind, MarginaliaApi, MarginaliaBridge, OperationName, Outcome } from '../shared/api'
import { TOKEN_HEADER } from '../shared/security'
import { socketTransport } from './api-socket-client'
import { sessionToken } from './browser-edition'

/** A failed operation, of one of the contract's error kinds. */
export class ApiError extends Error {
  constructor(
    readonly kind: ErrorKind,
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

/** Carries one call to whoever owns the corpus and brings back its Outcome. */
export type Transport = (name: OperationName, args: unknown) => Promise<Outcome<unknown>>

/** Calls over the browser edition's HTTP API. */
const httpTransport: Transport = async (name, args) => {
  let response: Response
  try {
    response = await fetch(`/api/${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: sessionToken() },
      body: JSON.stringify(args),
    })
  } catch (error) {
    return { ok: false, error: { kind: 'unreachable', message: `the Marginalia server cannot be reached (${(error as Error).message})` } }
  }
  if (response.status === 403) {
    const reason = await response.text()
    // No token at all: an address copied from the address bar (which the page keeps the token out of), or a new tab.
    const message =
      sessionToken() === ''
        ? 'this tab has no key to the corpus: the address bar leaves it out (so that history and bookmarks do not keep it), so an address copied from there, or typed, opens no corpus. Open the address the server printed when it started, with its ?token=, or go on in the tab that opened it'
        : `the Marginalia server does not know this page (${reason}): it was probably started again since the page was opened, with a new token. Open the address it printed when it started`
    return { ok: false, error: { kind: 'unreachable', message } }
  }
  if (!response.ok) return { ok: false, error: { kind: 'unreachable', message: `${response.status}: ${await response.text()}` } }
  return (await response.json()) as Outcome<unknown>
}

/** Calls through the Electron preload's bridge. */
function bridgeTransport(bridge: MarginaliaBridge): Transport {
  return (name, args) => (bridge[name] as (args: unknown) => Promise<Outcome<unknown>>)(args)
}

/** The API over `transport`: by default the preload's bridge if there is one, else the browser edition's socket (or HTTP). */
export function connectApi(
  transport: Transport = window.marginalia ? bridgeTransport(window.marginalia) : socketTransport(location.origin, sessionToken, httpTransport),
): MarginaliaApi {
  const operation = (name: OperationName) => async (args: unknown) => {
    const outcome = await transport(name, args)
    if (!outcome.ok) throw new ApiError(outcome.error.kind, outcome.error.message)
    return outcome.value
  }
  const made = new Map<string, unknown>()
  return new Proxy({} as MarginaliaApi, {
    get(_target, name) {
      // Not operations: what awaiting or serialising the client would look for.
      if (typeof name !== 'string' || NOT_OPERATIONS.has(name)) return undefined
      let method = made.get(name)
      if (method === undefined) made.set(name, (method = operation(name as OperationName)))
      return method
    },
  })
}

/** Names the client answers with undefined, as a plain object would: `await` and `JSON.stringify` look for them. */
const NOT_OPERATIONS = new Set(['then', 'toJSON'])
