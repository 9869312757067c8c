/**
 * The page's side of the API socket: calls matched to answers by id, HTTP when no socket can be opened, and
 * calls waiting on a socket that closes told so (the next call opens a new socket).
 */
import { describe, expect, it } from 'vitest'
import type { OperationName, Outcome } from '../../src/shared/api'
import { socketTransport } from '../../src/renderer/api-socket-client'
import { API_SOCKET_PROTOCOL, API_SOCKET_TOKEN_PREFIX } from '../../src/shared/security'

/** A stand-in WebSocket: records what is sent; the test opens, answers and closes it. */
class FakeSocket {
  readyState = 0
  sent: { id: number; name: string; args: unknown }[] = []
  onopen: (() => void) | null = null
  onmessage: ((event: { data: unknown }) => void) | null = null
  onclose: ((event: { code: number; reason: string }) => void) | null = null
  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {}
  send(text: string): void {
    this.sent.push(JSON.parse(text))
  }
  open(): void {
    this.readyState = 1
    this.onopen?.()
  }
  answer(id: number, outcome: Outcome<unknown>): void {
    this.onmessage?.({ data: JSON.stringify({ id, outcome }) })
  }
  close(code = 1006, reason = ''): void {
    this.readyState = 3
    this.onclose?.({ code, reason })
  }
}

function setUp() {
  const sockets: FakeSocket[] = []
  const overHttp: OperationName[] = []
  const transport = socketTransport(
    'http://127.0.0.1:5173',
    () => 'TOKEN',
    async (name) => {
      overHttp.push(name)
      return { ok: true, value: 'over http' }
    },
    (url, protocols) => {
      const socket = new FakeSocket(url, protocols)
      sockets.push(socket)
      return socket as unknown as WebSocket
    },
  )
  return { sockets, overHttp, transport }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('the API socket client', () => {
  it('opens one socket with the token as a subprotocol and matches answers to calls by id, in any order', async () => {
    const { sockets, transport } = setUp()
    const first = transport('corpus', {})
    const second = transport('search', { query: 'x', limit: 5 })
    expect(sockets).toHaveLength(1)
    expect(sockets[0].url).toBe('ws://127.0.0.1:5173/api/socket')
    expect(sockets[0].protocols).toEqual([API_SOCKET_PROTOCOL, `${API_SOCKET_TOKEN_PREFIX}TOKEN`])
    sockets[0].open()
    await tick()
    expect(sockets[0].sent.map((m) => m.name)).toEqual(['corpus', 'search'])
    const [corpusId, searchId] = sockets[0].sent.map((m) => m.id)
    sockets[0].answer(searchId, { ok: true, value: 'found' })
    sockets[0].answer(corpusId, { ok: false, error: { kind: 'busy', message: 'locked' } })
    expect(await first).toEqual({ ok: false, error: { kind: 'busy', message: 'locked' } })
    expect(await second).toEqual({ ok: true, value: 'found' })
  })

  it('goes over HTTP for good when the socket never opens', async () => {
    const { sockets, overHttp, transport } = setUp()
    const call = transport('corpus', {})
    sockets[0].close()
    expect(await call).toEqual({ ok: true, value: 'over http' })
    expect(await transport('listDocuments', {})).toEqual({ ok: true, value: 'over http' })
    expect(sockets).toHaveLength(1) // not tried again
    expect(overHttp).toEqual(['corpus', 'listDocuments'])
  })

  it('tells calls waiting on a socket that closes that the server was lost, and opens a new one for the next call', async () => {
    const { sockets, overHttp, transport } = setUp()
    const waiting = transport('addSpan', { documentId: 1, start: 0, end: 1, label: 'Claim' })
    sockets[0].open()
    await tick()
    sockets[0].close(1001, 'server stopping')
    const outcome = await waiting
    expect(outcome.ok).toBe(false)
    expect(!outcome.ok && outcome.error.kind).toBe('unreachable')
    expect(!outcome.ok && outcome.error.message).toContain('server stopping')
    const next = transport('corpus', {})
    expect(sockets).toHaveLength(2)
    sockets[1].open()
    await tick()
    sockets[1].answer(sockets[1].sent[0].id, { ok: true, value: 'back' })
    expect(await next).toEqual({ ok: true, value: 'back' })
    expect(overHttp).toEqual([])
  })

  it('replaces a socket that is closing, and its close then fails none of the calls on the new one', async () => {
    const { sockets, overHttp, transport } = setUp()
    const first = transport('corpus', {})
    sockets[0].open()
    await tick()
    sockets[0].answer(sockets[0].sent[0].id, { ok: true, value: 1 })
    await first
    sockets[0].readyState = 2 // CLOSING: its close event has not come yet
    const during = transport('listDocuments', {})
    await tick()
    expect(sockets).toHaveLength(2)
    sockets[1].open()
    await tick()
    sockets[0].close(1000, 'old socket gone') // arrives late
    sockets[1].answer(sockets[1].sent[0].id, { ok: true, value: 'from the new socket' })
    expect(await during).toEqual({ ok: true, value: 'from the new socket' })
    const after = transport('corpus', {})
    await tick()
    expect(sockets).toHaveLength(2) // the new socket is kept
    sockets[1].answer(sockets[1].sent[1].id, { ok: true, value: 2 })
    expect(await after).toEqual({ ok: true, value: 2 })
    expect(overHttp).toEqual([])
  })
})
