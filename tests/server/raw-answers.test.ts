/**
 * Answers that Node's HTTP layer would otherwise make itself, or not make at all: a request without Host, an
 * unknown expectation, CONNECT, a protocol upgrade and bytes that are not HTTP. Each must come from this server,
 * with the headers `docs/security.md` promises on every answer, and none may stop it.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSampleCorpus } from '../../src/core/sample'
import { Corpus } from '../../src/core/store/corpus'
import { startServer, type RunningServer } from '../../src/server/http'
import { scratch } from '../helpers'
import { headOf, raw, statusOf } from './raw'

const rendererDir = join(__dirname, '..', '..', 'out', 'renderer')

/** Checks the headers every answer carries. */
function expectCommonHeaders(answer: string, what: string): void {
  const head = headOf(answer)
  expect(head, `${what} says nosniff`).toMatch(/^x-content-type-options: nosniff$/m)
  expect(head, `${what} says no-store`).toMatch(/^cache-control: no-store$/m)
  expect(head, `${what} says no-referrer`).toMatch(/^referrer-policy: no-referrer$/m)
}

describe('answers Node would make for the server', () => {
  let server: RunningServer
  let corpus: Corpus
  let host: string

  beforeAll(async () => {
    const path = join(scratch(), 's.marginalia')
    createSampleCorpus(path, { annotator: 'setup' })
    corpus = Corpus.open(path)
    server = await startServer({ corpus, annotator: 'ana', rendererDir, requestTimeoutMs: 1500 })
    host = `127.0.0.1:${server.port}`
  })
  afterAll(async () => {
    await server.close()
    corpus.close()
  })

  it('refuses a request without Host itself, with 400 and its headers', async () => {
    for (const version of ['1.1', '1.0']) {
      const answer = await raw(server.port, [`GET / HTTP/${version}\r\nConnection: close\r\n\r\n`])
      expect(statusOf(answer), `HTTP/${version}: ${answer.split('\r\n')[0]}`).toBe(400)
      expectCommonHeaders(answer, `HTTP/${version} without Host`)
      expect(answer).toContain('no Host header')
    }
  })

  it('answers an expectation it cannot meet with 417 and its headers, and still takes 100-continue', async () => {
    const answer = await raw(server.port, [`POST / HTTP/1.1\r\nHost: ${host}\r\nExpect: foo\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`])
    expect(statusOf(answer), answer.split('\r\n')[0]).toBe(417)
    expectCommonHeaders(answer, 'Expect: foo')
    // Kept alive, the body it did not read would be taken for the next request: the connection closes instead.
    const kept = await raw(server.port, [`POST / HTTP/1.1\r\nHost: ${host}\r\nExpect: foo\r\nContent-Length: 2\r\n\r\n{}`])
    expect(kept.match(/^HTTP\/1\.1 /gm), kept).toHaveLength(1)
    expect(headOf(kept)).toMatch(/^connection: close$/m)
    const call = `POST /api/corpus HTTP/1.1\r\nHost: ${host}\r\nx-marginalia-token: ${server.token}\r\nExpect: 100-continue\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`
    const continued = await raw(server.port, [call])
    expect(continued).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 /)
  })

  it('refuses CONNECT with 405 and its headers, and survives a tunnel reset halfway', async () => {
    const answer = await raw(server.port, [`CONNECT ${host} HTTP/1.1\r\nHost: ${host}\r\n\r\n`])
    expect(statusOf(answer), `CONNECT: ${JSON.stringify(answer)}`).toBe(405)
    expectCommonHeaders(answer, 'CONNECT')
    for (let i = 0; i < 5; i++) await raw(server.port, [`CONNECT ${host} HTTP/1.1\r\nHost: ${host}\r\n\r\n`], { reset: true })
    expect((await fetch(`http://${host}/`)).status).toBe(200)
  })

  it('does not switch protocols: an upgrade is refused with 400 and its headers', async () => {
    const upgrade = `GET / HTTP/1.1\r\nHost: ${host}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`
    const answer = await raw(server.port, [upgrade])
    expect(statusOf(answer), answer.split('\r\n')[0]).toBe(400)
    expectCommonHeaders(answer, 'an upgrade')
    for (let i = 0; i < 5; i++) await raw(server.port, [upgrade], { reset: true })
  })

  it('answers bytes that are not HTTP, and headers too large, with its headers', async () => {
    const garbage = await raw(server.port, ['\u0000\u0001 not http\r\n\r\n'])
    expect(statusOf(garbage)).toBe(400)
    expectCommonHeaders(garbage, 'garbage')
    const big = await raw(server.port, [`GET / HTTP/1.1\r\nHost: ${host}\r\nX-Big: ${'x'.repeat(100_000)}\r\n\r\n`])
    expect(statusOf(big)).toBe(431)
    expectCommonHeaders(big, 'headers too large')
  })

  it('still serves the page and the API after all of them', async () => {
    expect((await fetch(`http://${host}/`)).status).toBe(200)
    const api = await fetch(`http://${host}/api/corpus`, { method: 'POST', headers: { 'x-marginalia-token': server.token }, body: '{}' })
    expect(await api.json()).toMatchObject({ ok: true })
  })
})
