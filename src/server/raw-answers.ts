/**
 * Answers the server writes itself where Node's HTTP layer would otherwise answer without our headers, or not
 * at all: bytes the parser cannot read, CONNECT, protocol upgrades. Each carries the headers every answer of
 * the browser edition carries (`COMMON_HEADERS`) and closes the connection.
 */
import { STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'

/** Headers on every answer of the browser edition. */
export const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
}

/** Writes a whole answer (`status`, our headers, `body` as plain text) on `socket` and closes it. */
export function answerOnSocket(socket: Duplex, status: number, body: string): void {
  socket.on('error', () => socket.destroy())
  if (!socket.writable) {
    socket.destroy()
    return
  }
  const text = `${body}\n`
  const headers = {
    connection: 'close',
    'content-type': 'text/plain; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...COMMON_HEADERS,
  }
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('')
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${head}\r\n${text}`)
}

/** Answers a request the HTTP parser could not read (the server's `clientError`). */
export function answerUnreadable(error: NodeJS.ErrnoException, socket: Duplex): void {
  // As Node's own handler does: no answer where a response has already begun on this connection.
  const inProgress = (socket as { _httpMessage?: { headersSent?: boolean } | null })._httpMessage
  if (error.code === 'ECONNRESET' || inProgress?.headersSent === true) {
    socket.destroy()
    return
  }
  if (error.code === 'HPE_HEADER_OVERFLOW') answerOnSocket(socket, 431, 'request headers too large')
  else if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') answerOnSocket(socket, 408, 'the request took too long')
  else answerOnSocket(socket, 400, 'bad request: not HTTP this server reads')
}

/** Refuses CONNECT (the server's `connect`): it is no proxy. */
export function refuseTunnel(_request: unknown, socket: Duplex): void {
  answerOnSocket(socket, 405, 'this server is not a proxy: CONNECT is refused')
}

/** Refuses a protocol upgrade, WebSocket or other (the server's `upgrade`): it speaks HTTP/1.1 only. */
export function refuseUpgrade(_request: unknown, socket: Duplex): void {
  answerOnSocket(socket, 400, 'bad request: this server does not switch protocols')
}
