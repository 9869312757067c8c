/** Security settings shared by the Electron shell and the browser edition. */

/**
 * Content-Security-Policy of the editor page: only its own scripts and styles, no inline script, no plugins,
 * no framing, and network access only back to where the page came from.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ')

/** Header the browser edition's page sends its session token in, and the server looks for it in. */
export const TOKEN_HEADER = 'x-marginalia-token'

/** Where the browser edition's page opens its API WebSocket (see src/server/api-socket.ts). */
export const API_SOCKET_PATH = '/api/socket'

/** The subprotocol the API socket speaks; the page offers it with the token as a second one. */
export const API_SOCKET_PROTOCOL = 'marginalia-api'

/** The second subprotocol a page offers: this prefix, then the session token (which is a valid subprotocol name). */
export const API_SOCKET_TOKEN_PREFIX = 'marginalia-token.'
