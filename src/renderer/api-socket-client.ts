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

/** Calls over the API socket of the server at `origin` (`http://host:port`), and over `fallback` when it cannot be opened. */
export function socketTransport(
  origin: string,
  token: () => string,
  fallback: Transport,
  open: OpenSocket = (url, protocols) => new WebSocket(url, protocols),
): Transport {
  const url = `${origin.replace(/^http/u, 'ws')}${API_SOCKET_PATH}`
  const waiting = new Map<number, (outcome: Outcome<unknown>) => void>()
  let socket: Promise<WebSocket | null> | null = null
  let everOpened = false
  let useFallback = false
  let nextId = 1

  const connect = (): Promise<WebSocket | null> =>
    new Promise((resolve) => {
      let opened = false
      let ws: WebSocket
      try {
        ws = open(url, [API_SOCKET_PROTOCOL, `${API_SOCKET_TOKEN_PREFIX}${token()}`])
      } catch {
        resolve(null)
        return
      }
      ws.onopen = () => {
        opened = everOpened = true
        resolve(ws)
      }
      ws.onmessage = (event: MessageEvent) => {
        if (typeof event.data !== 'string') return
        const answer = JSON.parse(event.data) as { id: number | null; outcome: Outcome<unknown> }
        if (answer.id === null) return // an answer to a message that could not be read: none of ours
        const settle = waiting.get(answer.id)
        waiting.delete(answer.id)
        settle?.(answer.outcome)
      }
      ws.onclose = (event: CloseEvent) => {
        socket = null
        if (!opened) return resolve(null)
        for (const settle of waiting.values()) settle(lost(event.reason || `code ${event.code}`))
        waiting.clear()
      }
    })

  return async (name, args) => {
    if (!useFallback) {
      socket ??= connect()
      const ws = await socket
      if (ws !== null && ws.readyState === OPEN) {
        const id = nextId++
        return new Promise((resolve) => {
          waiting.set(id, resolve)
          ws.send(JSON.stringify({ id, name, args }))
        })
      }
      socket = null
      if (!everOpened) useFallback = true // never opened: this server or the way to it does not take sockets
    }
    return fallback(name, args)
  }
}
