/**
 * Who may talk to the browser edition: requests that name this server in `Host` (and `Origin`, when sent),
 * which shuts out other sites and DNS rebinding; and, for the corpus itself, that carry the session token
 * in a header, which shuts out other programs and users of the machine. The token never travels in a cookie
 * (cookies are not scoped by port, so any other server on 127.0.0.1 would receive it).
 */
import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { TOKEN_HEADER } from '../shared/security'

/** The address to open for a server on `port`: as a browser writes it (no `:80`), so its Host header agrees. */
export function serverOrigin(port: number): string {
  return new URL(`http://127.0.0.1:${port}`).origin
}

/** The `Host` values that name a server on `port` (a browser leaves out the default port 80). */
export function allowedHosts(port: number): string[] {
  return ['127.0.0.1', 'localhost'].flatMap((name) => (port === 80 ? [name, `${name}:80`] : [`${name}:${port}`]))
}

/** True if the request names no host at all (Node is told not to refuse it itself, so that the answer has our headers). */
export function lacksHost(request: IncomingMessage): boolean {
  return request.headers.host === undefined
}

/** Why a request may not come in at all (foreign Host or Origin), or null. */
export function foreignRequest(request: IncomingMessage, port: number): string | null {
  const hosts = allowedHosts(port)
  if (!hosts.includes(request.headers.host ?? '')) return 'foreign Host header'
  const origin = request.headers.origin
  if (origin !== undefined && !hosts.some((host) => origin === `http://${host}`)) return 'foreign Origin header'
  return null
}

/** True if the request carries `token` in its header (compared in constant time). */
export function carriesToken(request: IncomingMessage, token: string): boolean {
  const given = request.headers[TOKEN_HEADER]
  if (typeof given !== 'string') return false
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * The path a request asks for, decoded, or null if its target is not a path this server could serve (`*`,
 * an absolute URL, `//`, a broken percent encoding, a NUL byte).
 */
export function requestPath(target: string | undefined): string | null {
  if (target === undefined || !target.startsWith('/') || target.startsWith('//')) return null
  const path = target.split(/[?#]/)[0]
  try {
    const decoded = decodeURIComponent(path)
    return decoded.includes('\u0000') ? null : decoded
  } catch {
    return null
  }
}
