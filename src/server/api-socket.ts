/**
 * The browser edition's API over one WebSocket per page, beside `POST /api/NAME`: the same operations, the same
 * outcomes, the same checks, without an HTTP request per call. In Chromium a fetch to this server takes 5 to
 * 15 ms however little the call does, a WebSocket message about 1 ms, and every key press that writes waits
 * for one round trip.
 *
 * Who may connect is checked at the handshake, as for any request: `Host` and `Origin` must name this server,
 * and the page offers the session token as a second subprotocol (`marginalia-token.TOKEN`; a page cannot set
 * other headers on a WebSocket), so the token still never travels in an address or a cookie. A message is
 * `{"id": n, "name": "op", "args": {...}}`; the answer `{"id": n, "outcome": {...}}` comes in the order asked.
 * A message that cannot be read is answered with an `invalid` outcome (id null when it has none) or, if it
 * is not text or is too large, the socket is closed; nothing a page sends can stop the server.
 */
import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import { isOperationName, type OperationName, type Outcome } from '../shared/api'
import { API_SOCKET_PROTOCOL, API_SOCKET_TOKEN_PREFIX } from '../shared/security'
import { tooDeep } from '../core/validation'
import { answerOnSocket } from './raw-answers'

/** How many bytes of answers may wait for a client to read them before the server stops reading its messages. */
const UNREAD_BYTES = 16 * 2 ** 20

/**
 * How many may wait before the socket is ended: messages read in the same chunk still run after reading stops,
 * and a few bytes of request can ask for megabytes of answer, so this bounds what a client that never reads
 * can make the server hold.
 */
const UNREAD_LIMIT = 256 * 2 ** 20

/** What the socket needs from the server around it. */
export interface ApiSocketOptions {
  token: string
  /** Largest message taken, in bytes (as for an HTTP body). */
  maxBytes: number
  /** Deepest nesting of a message's arguments. */
  maxNesting: number
  /** Runs one operation (validation and errors included) for `caller` (the connection it came on) and returns its outcome. */
  call(name: OperationName, args: unknown, caller: object): Outcome<unknown>
}

/** A message as the page sends it, once read. */
interface ApiMessage {
  id: number
  name: OperationName
  args: unknown
}

/** The WebSocket side of the browser edition: takes upgrades the server has let through, and closes them all on stop. */
export class ApiSocket {
  private readonly sockets: WebSocketServer

  constructor(private readonly options: ApiSocketOptions) {
    this.sockets = new WebSocketServer({
      noServer: true,
      clientTracking: true,
      perMessageDeflate: false,
      maxPayload: options.maxBytes,
      handleProtocols: (offered) => (offered.has(API_SOCKET_PROTOCOL) ? API_SOCKET_PROTOCOL : false),
    })
    // A handshake `ws` cannot complete (a bad key or version): refused with this server's own headers.
    this.sockets.on('wsClientError', (error: Error, socket: Duplex) => answerOnSocket(socket, 400, `bad request: ${error.message}`))
  }

  /** Completes the handshake of an upgrade whose Host and Origin were checked, if it offers the token. */
  accept(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!this.offersToken(request)) {
      answerOnSocket(socket, 403, `refused: the API socket needs the subprotocols ${API_SOCKET_PROTOCOL} and ${API_SOCKET_TOKEN_PREFIX}TOKEN`)
      return
    }
    socket.on('error', () => socket.destroy())
    this.sockets.handleUpgrade(request, socket, head, (connection) => this.serve(connection))
  }

  /** Ends every open socket at once (stopping must not wait for pages to let go). */
  close(): void {
    for (const connection of this.sockets.clients) connection.terminate()
    this.sockets.close()
  }

  private offersToken(request: IncomingMessage): boolean {
    const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((value) => value.trim())
    const expected = Buffer.from(`${API_SOCKET_TOKEN_PREFIX}${this.options.token}`)
    return (
      offered.includes(API_SOCKET_PROTOCOL) &&
      offered.some((value) => {
        const given = Buffer.from(value)
        return given.length === expected.length && timingSafeEqual(given, expected)
      })
    )
  }

  private serve(connection: WebSocket): void {
    connection.on('error', () => connection.terminate()) // a broken frame, too large a message: that socket ends
    connection.on('message', (data, isBinary) => {
      // Messages that arrived with one that closed the socket are not run: nobody would hear their answers.
      if (connection.readyState !== connection.OPEN) return
      if (connection.bufferedAmount > UNREAD_LIMIT) {
        connection.terminate() // its answers are not being read: they are dropped, and so is it
        return
      }
      if (isBinary) {
        connection.close(1003, 'the API socket takes text messages')
        return
      }
      let answer: string
      try {
        const message = this.read(data.toString())
        answer = JSON.stringify(
          'error' in message
            ? { id: message.id, outcome: { ok: false, error: { kind: 'invalid', message: message.error } } }
            : { id: message.id, outcome: this.callSafely(message, connection) },
        )
      } catch (error) {
        answer = JSON.stringify({ id: null, outcome: { ok: false, error: { kind: 'internal', message: `the answer could not be made: ${(error as Error).message}` } } })
      }
      this.send(connection, answer)
    })
  }

  /**
   * Sends an answer; a client that does not read its answers is not read from either until it does (HTTP gets
   * the same from the socket's own backpressure), and is cut off past UNREAD_LIMIT.
   */
  private send(connection: WebSocket, answer: string): void {
    connection.send(answer, () => {
      if (connection.isPaused && connection.bufferedAmount <= UNREAD_BYTES) connection.resume()
    })
    if (connection.bufferedAmount > UNREAD_BYTES) connection.pause()
  }

  private callSafely(message: ApiMessage, connection: WebSocket): Outcome<unknown> {
    try {
      return this.options.call(message.name, message.args, connection)
    } catch (error) {
      return { ok: false, error: { kind: 'internal', message: `${message.name} failed inside Marginalia: ${(error as Error).message}` } }
    }
  }

  /** The message as a call, or why it is not one (with its id when it has a usable one). */
  private read(text: string): ApiMessage | { id: number | null; error: string } {
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch (error) {
      return { id: null, error: `bad request: the message is not JSON (${(error as Error).message})` }
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return { id: null, error: 'bad request: a message is a JSON object' }
    const { id, name, args } = value as Record<string, unknown>
    if (typeof id !== 'number' || !Number.isSafeInteger(id)) return { id: null, error: 'bad request: a message needs an integer id' }
    if (typeof name !== 'string' || !isOperationName(name)) return { id, error: `bad request: no such operation ${JSON.stringify(name)}` }
    if (tooDeep(args ?? {}, this.options.maxNesting) !== null) return { id, error: `bad request: the arguments are nested more than ${this.options.maxNesting} levels deep` }
    // Arguments left out are none ({}), as an empty HTTP body is; `null` is checked as given, as over HTTP.
    return { id, name, args: args === undefined ? {} : args }
  }
}
