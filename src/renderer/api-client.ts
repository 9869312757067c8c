/**
 * The renderer's way to the corpus: `window.marginalia` when the Electron preload provides it, otherwise the
 * browser edition's API socket (src/renderer/api-socket-client.ts), or its HTTP API with the session token in a
 * header where no socket can be opened. The client has exactly the
 * contract's operations (built from their names, as the preload is); each resolves to its value or throws an
 * ApiError with a message a person can read.
 */
import { perOperation, type ErrorKind, type MarginaliaApi, type MarginaliaBridge, type OperationName, type Outcome } from '../shared/api'
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
    return { ok: false, error: { kind: 'unreachable', message: `the server refused this page (${reason}); open the address that \`npm run serve\` printed, token included` } }
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
  return perOperation<MarginaliaApi>((name) => async (args: unknown) => {
    const outcome = await transport(name, args)
    if (!outcome.ok) throw new ApiError(outcome.error.kind, outcome.error.message)
    return outcome.value as never
  })
}
