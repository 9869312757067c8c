/**
 * The renderer's way to the corpus: `window.marginalia` when the Electron preload provides it, otherwise the
 * browser edition's HTTP API with the session token from the page address. The client has exactly the
 * contract's operations (built from their names, as the preload is); each resolves to its value or throws an
 * ApiError with a message a person can read.
 */
import { perOperation, type ErrorKind, type MarginaliaApi, type MarginaliaBridge, type OperationName, type Outcome } from '../shared/api'

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

/** The session token of the browser edition, from the page address. */
export function pageToken(): string {
  return new URLSearchParams(window.location.search).get('token') ?? ''
}

/** Calls over the browser edition's HTTP API. */
const httpTransport: Transport = async (name, args) => {
  let response: Response
  try {
    response = await fetch(`/api/${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-marginalia-token': pageToken() },
      body: JSON.stringify(args),
    })
  } catch (error) {
    return { ok: false, error: { kind: 'unreachable', message: `the Marginalia server cannot be reached (${(error as Error).message})` } }
  }
  if (!response.ok) return { ok: false, error: { kind: 'unreachable', message: `${response.status}: ${await response.text()}` } }
  return (await response.json()) as Outcome<unknown>
}

/** Calls through the Electron preload's bridge. */
function bridgeTransport(bridge: MarginaliaBridge): Transport {
  return (name, args) => (bridge[name] as (args: unknown) => Promise<Outcome<unknown>>)(args)
}

/** The API over `transport` (by default the preload's bridge if there is one, else HTTP). */
export function connectApi(transport: Transport = window.marginalia ? bridgeTransport(window.marginalia) : httpTransport): MarginaliaApi {
  return perOperation<MarginaliaApi>((name) => async (args: unknown) => {
    const outcome = await transport(name, args)
    if (!outcome.ok) throw new ApiError(outcome.error.kind, outcome.error.message)
    return outcome.value as never
  })
}
