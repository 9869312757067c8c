/**
 * The browser edition's calls over one WebSocket to its server (see src/server/api-socket.ts): a call is a
 * message with an id, its outcome the answer with the same id. In Chromium that takes about 1 ms where a
 * fetch takes 5 to 15, and each key press that writes waits for one. If the socket cannot be opened at all
 * (a proxy in the way, an older server), calls go over HTTP instead; if an open socket closes (the server
 * stopped), the calls waiting on it fail as unreachable, and the next call opens a new one.
 */
import type { Outcome } from '../shared/api'
import { API_SOCKET_PATH, API_SOCKET_PROTOCOL, API_SOCKET_TOKEN_PREFIX } from '../shared/security'
import type { Transport } from './api-client'

/** WebSocket.OPEN (the global is absent where tests run). */
const OPEN = 1

/** Opens a WebSocket; tests give their own. */
export type OpenSocket = (url: string, protocols: string[]) => WebSocket

const lost = (why: string): Outcome<unknown> => ({
  ok: false,
  error: { kind: 'unreachable', message: `the connection to the Marginalia server was lost (${why}); the change may not have been saved, and the document is read again` },
})

/** One open socket and the calls waiting on it. */
interface Connection {
  ws: WebSocket
  waiting: Map<number, (outcome: Outcome<unknown>) => void>
}

/** Calls over the API socket of the server at `origin` (`http://host:port`), and over `fallback` when it cannot be opened. */
export function socketTransport(
  origin: string,
  token: () => string,
  fallback: Transport,
  open: OpenSocket = (url, protocols) => new WebSocket(url, protocols),
): Transport {
  const url = `${origin.replace(/^http/u, 'ws')}${API_SOCKET_PATH}`
  let current: Promise<Connection | null> | null = null
  let everOpened = false
  let useFallback = false
  let nextId = 1

  const connect = (): Promise<Connection | null> => {
    const connecting = new Promise<Connection | null>((resolve) => {
      let ws: WebSocket
      try {
        ws = open(url, [API_SOCKET_PROTOCOL, `${API_SOCKET_TOKEN_PREFIX}${token()}`])
      } catch {
        resolve(null)
        return
      }
      const connection: Connection = { ws, waiting: new Map() }
      let opened = false
      ws.onopen = () => {
        opened = everOpened = true
        resolve(connection)
      }
      ws.onmessage = (event: MessageEvent) => {
        if (typeof event.data !== 'string') return
        const answer = JSON.parse(event.data) as { id: number | null; outcome: Outcome<unknown> }
        if (answer.id === null) return // an answer to a message that could not be read: none of ours
        const settle = connection.waiting.get(answer.id)
        connection.waiting.delete(answer.id)
        settle?.(answer.outcome)
      }
      ws.onclose = (event: CloseEvent) => {
        if (current === connecting) current = null // a newer socket may already have taken its place
        if (!opened) return resolve(null)
        for (const settle of connection.waiting.values()) settle(lost(event.reason || `code ${event.code}`))
        connection.waiting.clear()
      }
    })
    return connecting
  }

  return async (name, args) => {
    // A socket that opened once and has since closed (or is closing) is replaced: the server is there.
    for (let attempt = 0; attempt < 2 && !useFallback; attempt++) {
      const pending = (current ??= connect())
      const connection = await pending
      if (connection !== null && connection.ws.readyState === OPEN) {
        const id = nextId++
        return new Promise((resolve) => {
          connection.waiting.set(id, resolve)
          connection.ws.send(JSON.stringify({ id, name, args }))
        })
      }
      if (connection === null && !everOpened) useFallback = true // never opened: this server or the way to it takes no sockets
      if (current === pending) current = null // closed or closing: the next attempt opens a new socket
    }
    return fallback(name, args)
  }
}
