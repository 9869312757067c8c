/**
 * The app's own scheme, `marginalia://app/`, from which the window loads the built renderer instead of
 * `file://`: a standard, secure origin of its own that sees only `out/renderer`, never the rest of the disk.
 * Registered as privileged before the app is ready, then served by `protocol.handle` with the handler below.
 */
import { readFile } from 'node:fs/promises'
import type { CustomScheme } from 'electron'
import { contentTypeOf, fileInside } from '../core/renderer-files'
import { CONTENT_SECURITY_POLICY } from '../shared/security'

/** The scheme's name. */
export const APP_SCHEME = 'marginalia'
/** The only host the scheme serves. */
export const APP_HOST = 'app'
/** The page the window loads. */
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`

/**
 * What `protocol.registerSchemesAsPrivileged` is given: a standard scheme (an origin of its own, relative URLs,
 * so the CSP's 'self' means it) and a secure context, whose fetch support lets the page load its module script.
 * Nothing else: no CORS for other origins, no service workers, no bypassing the CSP.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
}

function refusal(status: 400 | 404 | 405): Response {
  return new Response(null, { status, headers: { 'x-content-type-options': 'nosniff' } })
}

/**
 * The handler `protocol.handle(APP_SCHEME, …)` is given: GET (or HEAD) of `marginalia://app/PATH` answers with
 * the file PATH of `rendererDir` (`/` is index.html), with the Content-Security-Policy; any other host, any
 * path leading out of the folder, a missing file or another method is refused.
 */
export function appProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refusal(405)
    let url: URL
    let path: string
    try {
      url = new URL(request.url)
      path = decodeURIComponent(url.pathname)
    } catch {
      return refusal(400)
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host.toLowerCase() !== APP_HOST) return refusal(404)
    const file = fileInside(rendererDir, path)
    if (file === null) return refusal(404)
    let body: Buffer
    try {
      body = await readFile(file)
    } catch {
      return refusal(404)
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: {
        'content-type': contentTypeOf(file),
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
      },
    })
  }
}
