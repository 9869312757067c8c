/**
 * The browser edition's API socket: the same operations and outcomes as POST /api/NAME, answers in the order
 * asked, the token offered as a subprotocol (never in the address), Host and Origin checked at the handshake,
 * and nothing a client sends able to stop the server.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { ApiSocket } from '../../src/server/api-socket'
import type { OperationName, Outcome } from '../../src/shared/api'
import { createSampleCorpus } from '../../src/core/sample'
import { Corpus } from '../../src/core/store/corpus'
import { startServer, type RunningServer } from '../../src/server/http'
import { API_SOCKET_PATH, API_SOCKET_PROTOCOL, API_SOCKET_TOKEN_PREFIX } from '../../src/shared/security'
import { scratch } from '../helpers'
import { raw } from './raw'

const rendererDir = join(__dirname, '..', '..', 'out', 'renderer')

/** An answer as the server sends it. */
interface Answer {
  id: number | null
  outcome: { ok: boolean; value?: unknown; error?: { kind: string; message: string } }
}

describe('the API socket', () => {
  let server: RunningServer
  let corpus: Corpus
  let origin: string

  let folder: string
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'marginalia-socket-')) // for every test here (a scratch folder goes with the first)
    const path = join(folder, 's.marginalia')
    createSampleCorpus(path, { annotator: 'setup' })
    corpus = Corpus.open(path)
    server = await startServer({ corpus, annotator: 'ana', rendererDir })
    origin = `http://127.0.0.1:${server.port}`
  })
  afterAll(async () => {
    await server.close()
    corpus.close()
    rmSync(folder, { recursive: true, force: true })
  })

  /** Opens a socket as a page would (or with other subprotocols and headers); resolves once open, rejects with the refusal. */
  function connect(protocols = [API_SOCKET_PROTOCOL, `${API_SOCKET_TOKEN_PREFIX}${server.token}`], headers: Record<string, string> = { origin }): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(`ws://127.0.0.1:${server.port}${API_SOCKET_PATH}`, protocols, { headers })
      socket.once('open', () => resolve(socket))
      socket.once('unexpected-response', (_request, response) => reject(new Error(`refused with ${response.statusCode}`)))
      socket.once('error', reject)
    })
  }

  /** Sends `messages` as they are and collects as many answers. */
  function exchange(socket: WebSocket, messages: (string | Buffer)[], answers = messages.length): Promise<Answer[]> {
    return new Promise((resolve) => {
      const received: Answer[] = []
      socket.on('message', (data) => {
        received.push(JSON.parse(String(data)) as Answer)
        if (received.length === answers) resolve(received)
      })
      for (const message of messages) socket.send(message)
    })
  }

  it('tells each page of the writes other pages made through the server, not of its own', async () => {
    const [writer, watcher] = [await connect(), await connect()]
    const version = async (socket: WebSocket, id: number) =>
      ((await exchange(socket, [JSON.stringify({ id, name: 'changesElsewhere', args: {} })]))[0].outcome.value as { version: number }).version
    const [writerBefore, watcherBefore] = [await version(writer, 1), await version(watcher, 1)]
    const documentId = (await exchange(writer, [JSON.stringify({ id: 2, name: 'findDocument', args: { id: 'vladivostok-summit' } })]))[0].outcome.value as number
    const [added] = await exchange(writer, [JSON.stringify({ id: 3, name: 'addSpan', args: { documentId, start: 4, end: 9, label: 'Claim' } })])
    expect(added.outcome, JSON.stringify(added.outcome)).toMatchObject({ ok: true })
    expect(await version(writer, 4)).toBe(writerBefore) // its own write: nothing to read again
    expect(await version(watcher, 4)).toBeGreaterThan(watcherBefore) // another tab's write: read again
    const [refused] = await exchange(watcher, [JSON.stringify({ id: 5, name: 'addSpan', args: { documentId: 999_999, start: 0, end: 3, label: 'Claim' } })])
    expect(refused.outcome.ok).toBe(false)
    expect(await version(writer, 6)).toBe(writerBefore) // a refused write changed nothing
    writer.close()
    watcher.close()
  })

  it('answers every call with its outcome and id, in the order asked, as POST /api/NAME does', async () => {
    const socket = await connect()
    expect(socket.protocol).toBe(API_SOCKET_PROTOCOL) // the token is not echoed back
    const calls = [
      { id: 1, name: 'corpus', args: {} },
      { id: 2, name: 'findDocument', args: { id: 'vladivostok-summit' } },
      { id: 3, name: 'search', args: { query: 'roosters', limit: 5 } },
      { id: 4, name: 'addSpan', args: { documentId: 999_999, start: 0, end: 3, label: 'Claim' } },
    ]
    const answers = await exchange(socket, calls.map((call) => JSON.stringify(call)))
    expect(answers.map((answer) => answer.id)).toEqual([1, 2, 3, 4])
    expect(answers[0].outcome).toMatchObject({ ok: true, value: { name: 's.marginalia' } })
    const documentId = answers[1].outcome.value as number
    expect(answers[2].outcome).toMatchObject({ ok: true, value: { documents: [{ documentId }] } })
    expect(answers[3].outcome).toMatchObject({ ok: false, error: { kind: 'rule' } }) // as over HTTP: no such document
    // A write over the socket is in the corpus when its answer comes.
    const [added] = await exchange(socket, [JSON.stringify({ id: 5, name: 'addSpan', args: { documentId, start: 0, end: 3, label: 'Claim' } })])
    expect(added.outcome.ok).toBe(true)
    expect(corpus.spansOf(documentId).some((span) => span.id === (added.outcome.value as { id: number }).id)).toBe(true)
    socket.close()
  })

  it('refuses a handshake without the token, with a wrong one, or from a foreign origin or host', async () => {
    await expect(connect([API_SOCKET_PROTOCOL])).rejects.toThrow('refused with 403')
    await expect(connect([API_SOCKET_PROTOCOL, `${API_SOCKET_TOKEN_PREFIX}${'x'.repeat(server.token.length)}`])).rejects.toThrow('refused with 403')
    await expect(connect([`${API_SOCKET_TOKEN_PREFIX}${server.token}`])).rejects.toThrow('refused with 403') // no API subprotocol
    await expect(connect(undefined, { origin: 'http://evil.example' })).rejects.toThrow('refused with 403')
    await expect(connect(undefined, { origin, host: 'evil.example' })).rejects.toThrow('refused with 403')
    // Upgrades anywhere else are still refused outright.
    const handshake = (path: string, extra = '') =>
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: ${API_SOCKET_PROTOCOL}, ${API_SOCKET_TOKEN_PREFIX}${server.token}\r\n${extra}\r\n`
    expect(await raw(server.port, [handshake('/api%2Fsocket', 'Sec-WebSocket-Version: 13\r\n')])).toMatch(/^HTTP\/1\.1 400 /) // not the socket's path as written
    // A handshake `ws` itself refuses (here a version it does not speak) still gets this server's headers.
    const badVersion = await raw(server.port, [handshake(API_SOCKET_PATH, 'Sec-WebSocket-Version: 99\r\n')])
    expect(badVersion).toMatch(/^HTTP\/1\.1 400 /)
    expect(badVersion.toLowerCase()).toContain('x-content-type-options: nosniff')
    const elsewhere = await raw(server.port, [
      `GET /api/corpus HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: ${API_SOCKET_PROTOCOL}, ${API_SOCKET_TOKEN_PREFIX}${server.token}\r\n\r\n`,
    ])
    expect(elsewhere).toMatch(/^HTTP\/1\.1 400 /)
  })

  it('answers a message it cannot read as invalid, closes on binary or oversized ones, and keeps serving', async () => {
    const socket = await connect()
    const answers = await exchange(socket, [
      'not json',
      '[1, 2]',
      JSON.stringify({ name: 'corpus', args: {} }),
      JSON.stringify({ id: 7, name: 'dropTables', args: {} }),
      JSON.stringify({ id: 8, name: 'search', args: { query: 1 } }),
      JSON.stringify({ id: 9, name: 'search', args: JSON.parse(`${'{"a":'.repeat(200)}1${'}'.repeat(200)}`) }),
      JSON.stringify({ id: 10, name: 'corpus', args: {} }),
    ])
    expect(answers.map((answer) => [answer.id, answer.outcome.ok, answer.outcome.error?.kind])).toEqual([
      [null, false, 'invalid'],
      [null, false, 'invalid'],
      [null, false, 'invalid'],
      [7, false, 'invalid'],
      [8, false, 'invalid'],
      [9, false, 'invalid'],
      [10, true, undefined],
    ])
    expect(answers[3].outcome.error?.message).toContain('no such operation')
    socket.close()

    for (const message of [Buffer.from([1, 2, 3]), 'x'.repeat(5 << 20)]) {
      const doomed = await connect()
      const closed = new Promise<number>((resolve) => doomed.once('close', (code) => resolve(code)))
      doomed.on('error', () => {})
      doomed.send(message)
      expect([1003, 1009, 1006]).toContain(await closed)
    }
    const again = await connect()
    const [alive] = await exchange(again, [JSON.stringify({ id: 1, name: 'corpus', args: {} })])
    expect(alive.outcome.ok).toBe(true)
    again.close()
  })

  it('does not keep the server from stopping', async () => {
    const path = join(scratch(), 'stop.marginalia')
    createSampleCorpus(path, { annotator: 'setup' })
    const other = Corpus.open(path)
    const running = await startServer({ corpus: other, annotator: 'ana', rendererDir })
    const socket = await new Promise<WebSocket>((resolve, reject) => {
      const opened = new WebSocket(`ws://127.0.0.1:${running.port}${API_SOCKET_PATH}`, [API_SOCKET_PROTOCOL, `${API_SOCKET_TOKEN_PREFIX}${running.token}`])
      opened.once('open', () => resolve(opened))
      opened.once('error', reject)
    })
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
    const began = Date.now()
    await running.close()
    await closed
    expect(Date.now() - began).toBeLessThan(1_500)
    other.close()
  })
})

describe('the API socket, with a stand-in for the corpus', () => {
  /** A server that takes every upgrade to the socket, and counts the calls that reach `call`. */
  async function harness(call: (name: OperationName) => Outcome<unknown>): Promise<{ port: number; calls: () => number; server: Server; socket: ApiSocket }> {
    let calls = 0
    const socket = new ApiSocket({ token: 'TOKEN', maxBytes: 4 << 20, maxNesting: 100, call: (name) => (calls++, call(name)) })
    const server = createServer()
    server.on('upgrade', (request, raw, head) => socket.accept(request, raw, head))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
    return { port: (server.address() as AddressInfo).port, calls: () => calls, server, socket }
  }
  const open = (port: number) =>
    new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}${API_SOCKET_PATH}`, [API_SOCKET_PROTOCOL, `${API_SOCKET_TOKEN_PREFIX}TOKEN`])
      ws.once('open', () => resolve(ws))
      ws.once('error', reject)
    })
  const stop = async (h: { server: Server; socket: ApiSocket }) => {
    h.socket.close()
    await new Promise((resolve) => h.server.close(resolve))
  }

  it('cuts off a client that never reads its answers, instead of holding them all', async () => {
    const big = 'x'.repeat(8 << 20) // each answer 8 MiB
    const h = await harness(() => ({ ok: true, value: big }))
    const ws = await open(h.port)
    const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()))
    ;(ws as unknown as { _socket: { pause(): void } })._socket.pause() // reads nothing from now on
    for (let id = 1; id <= 200; id++) ws.send(JSON.stringify({ id, name: 'corpus', args: {} })) // 1.6 GB of answers if all were kept
    await expect.poll(() => h.calls(), { timeout: 20_000 }).toBeGreaterThan(0)
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    expect(h.calls()).toBeLessThan(60) // about 256 MiB of answers, then the socket was ended
    ;(ws as unknown as { _socket: { resume(): void } })._socket.resume()
    await closed
    await stop(h)
  })

  it('answers internal when an outcome cannot be sent, and runs nothing that came after a closing message', async () => {
    const h = await harness(() => ({ ok: true, value: 1n }) as unknown as Outcome<unknown>) // a BigInt JSON cannot hold
    const ws = await open(h.port)
    const answer = await new Promise<{ id: number | null; outcome: { ok: boolean; error?: { kind: string } } }>((resolve) => {
      ws.once('message', (data) => resolve(JSON.parse(String(data))))
      ws.send(JSON.stringify({ id: 1, name: 'corpus', args: {} }))
    })
    expect(answer.outcome).toMatchObject({ ok: false, error: { kind: 'internal' } })
    const before = h.calls()
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
    ws.send(Buffer.from([1, 2, 3]))
    for (let id = 2; id <= 4; id++) ws.send(JSON.stringify({ id, name: 'corpus', args: {} }))
    expect(await closed).toBe(1003)
    expect(h.calls()).toBe(before)
    await stop(h)
  })
})
