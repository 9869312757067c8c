/**
 * The browser edition's server under hostile and broken requests: none may end or wedge it, every answer
 * says `nosniff`, and the token travels only in a header (never in a cookie).
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSampleCorpus } from '../../src/core/sample'
import { Corpus } from '../../src/core/store/corpus'
import { startServer, type RunningServer } from '../../src/server/http'
import { scratch } from '../helpers'
import { raw, statusOf } from './raw'

const rendererDir = join(__dirname, '..', '..', 'out', 'renderer')

describe('the browser edition server', () => {
  let server: RunningServer
  let corpus: Corpus
  let host: string
  const api = (name: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`http://127.0.0.1:${server.port}/api/${name}`, { method: 'POST', headers: { 'x-marginalia-token': server.token, 'content-type': 'application/json', ...headers }, body })

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

  /** The server is alive: it serves the page and answers the API. */
  async function stillAnswers(): Promise<void> {
    expect((await fetch(`http://127.0.0.1:${server.port}/`)).status).toBe(200)
    const response = await api('corpus', '{}')
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ ok: true, value: { name: 's.marginalia' } })
  }

  it('refuses a body that is not UTF-8, and text with a lone surrogate, changing nothing; restored annotations keep the analyst name rules', async () => {
    const before = JSON.stringify(corpus.spansOf(1))
    const bytes = Buffer.concat([Buffer.from('{"documentId":1,"spanId":1,"attrs":{"note":"bad '), Buffer.from([0xff, 0xfe]), Buffer.from('"}}')])
    const notUtf8 = await fetch(`http://127.0.0.1:${server.port}/api/setSpanAttrs`, { method: 'POST', headers: { 'x-marginalia-token': server.token }, body: bytes })
    expect([notUtf8.status, await notUtf8.text()]).toEqual([400, 'bad request: the body is not valid UTF-8'])
    for (const [name, body] of [
      ['setAnalyst', '{"name":"eve\\ud800"}'],
      ['setSpanAttrs', '{"documentId":1,"spanId":1,"attrs":{"note":"x\\udc00y"}}'],
      ['settleAsNothing', '{"documentId":1,"place":"place:\\ud800"}'],
    ] as const) {
      const outcome = await (await api(name, body)).json()
      expect(outcome, name).toMatchObject({ ok: false, error: { kind: 'invalid', message: expect.stringContaining('contains a lone surrogate, which is not valid Unicode') } })
    }
    const restored = await (
      await api(
        'restoreSpan',
        JSON.stringify({ documentId: 1, span: { id: 777, start: 0, end: 3, label: 'Claim', text: 'Kim', attrs: {}, annotator: 'agreed', created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z' }, relations: [] }),
      )
    ).json()
    expect(restored).toMatchObject({ ok: false, error: { kind: 'rule', message: expect.stringContaining('"agreed" names what every analyst agreed on') } })
    expect(JSON.stringify(corpus.spansOf(1))).toBe(before)
    await stillAnswers()
  })

  it('answers malformed requests with 400 or 404 and goes on, without the token and with it', async () => {
    const requests: [string, string][] = [
      ['a path of two slashes', `GET // HTTP/1.1\r\nHost: ${host}\r\n\r\n`],
      ['a broken percent encoding', `GET /%E0%A4%A HTTP/1.1\r\nHost: ${host}\r\n\r\n`],
      ['a lone percent sign', `GET /% HTTP/1.1\r\nHost: ${host}\r\n\r\n`],
      ['a broken encoding with the token', `GET /%E0%A4%A HTTP/1.1\r\nHost: ${host}\r\nx-marginalia-token: ${'TOKEN'}\r\n\r\n`],
      ['a path out of the renderer folder', `GET /../../../../etc/passwd HTTP/1.1\r\nHost: ${host}\r\n\r\n`],
      ['an encoded path out of it', `GET /..%2f..%2f..%2fetc%2fpasswd HTTP/1.1\r\nHost: ${host}\r\n\r\n`],
      ['an asterisk target', `OPTIONS * HTTP/1.1\r\nHost: ${host}\r\n\r\n`],
      ['an absolute target', `GET http://evil.example/ HTTP/1.1\r\nHost: ${host}\r\n\r\n`],
      ['an unknown method', `BREW /api/corpus HTTP/1.1\r\nHost: ${host}\r\n\r\n`],
      ['an API call with a bad operation name', `POST /api/%ZZ HTTP/1.1\r\nHost: ${host}\r\nx-marginalia-token: TOKEN\r\ncontent-length: 2\r\n\r\n{}`],
      ['an API call whose body is not JSON', `POST /api/corpus HTTP/1.1\r\nHost: ${host}\r\nx-marginalia-token: TOKEN\r\ncontent-length: 5\r\n\r\n{oops`],
      ['garbage instead of a request line', '\u0000\u0001\u0002 not http\r\n\r\n'],
      ['a header line without a colon', `GET / HTTP/1.1\r\nHost: ${host}\r\nthis is not a header\r\n\r\n`],
    ]
    for (const [what, request] of requests) {
      const answer = await raw(server.port, [request.replaceAll('TOKEN', server.token).replace('\r\n\r\n', '\r\nConnection: close\r\n\r\n')])
      const status = statusOf(answer)
      expect([400, 403, 404, 405], `${what}: ${answer.split('\r\n')[0]}`).toContain(status)
      expect(answer, `${what} is answered with nosniff`).toMatch(/x-content-type-options: nosniff/i)
    }
    await stillAnswers()
  })

  it('answers a body nested beyond reason with 400 in one line, before any operation sees it, and goes on', async () => {
    const half = (4 << 20) / 2 - 200 // as deep as a body under the 4 MiB limit can go
    const bodies: [string, string][] = [
      ['corpus', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
      ['corpus', `${'['.repeat(half)}${']'.repeat(half)}`],
      ['corpus', `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`],
      ['setSpanAttrs', `{"documentId":1,"spanId":1,"attrs":{"deep":${'['.repeat(half - 100)}${']'.repeat(half - 100)}}}`],
      ['setSpanAttrs', `{"documentId":1,"spanId":1,"attrs":{"deep":${'['.repeat(5_000)}${']'.repeat(5_000)}}}`],
    ]
    for (const [name, body] of bodies) {
      const response = await api(name, body)
      const text = await response.text()
      expect(response.status, `${name} ${body.slice(0, 60)}: ${text}`).toBe(400)
      expect(text).toMatch(/^bad request: the body is nested more than \d+ levels deep$/)
    }
    expect(JSON.stringify(corpus.spansOf(1))).not.toContain('deep') // nothing was written
    await stillAnswers()
  })

  it('survives huge headers, oversized, slow and aborted bodies', async () => {
    expect(statusOf(await raw(server.port, [`GET / HTTP/1.1\r\nHost: ${host}\r\nX-Big: ${'x'.repeat(100_000)}\r\n\r\n`]))).toBe(431)
    const big = `POST /api/corpus HTTP/1.1\r\nHost: ${host}\r\nx-marginalia-token: ${server.token}\r\ncontent-length: ${8 << 20}\r\n\r\n`
    const tooBig = await raw(server.port, [big, Buffer.alloc(5 << 20, 0x20)], { waitMs: 2000 })
    expect(statusOf(tooBig)).toBe(413)
    expect(tooBig).toContain('\r\nrequest body too large: the API takes at most 4 MiB\r\n')
    // Sent without a length: cut off at the limit all the same.
    const response = await api('corpus', `{"text":"${'x'.repeat(5 << 20)}"}`).catch(() => null)
    if (response !== null) {
      expect(response.status).toBe(413)
      expect(await response.text()).toBe('request body too large: the API takes at most 4 MiB')
    }
    // A body that stops halfway, then the connection is dropped.
    await raw(server.port, [`POST /api/corpus HTTP/1.1\r\nHost: ${host}\r\nx-marginalia-token: ${server.token}\r\ncontent-length: 100\r\n\r\n{"a":`], { abort: true })
    // A body that trickles in slower than the server waits for.
    const slow = await raw(
      server.port,
      [`POST /api/corpus HTTP/1.1\r\nHost: ${host}\r\nx-marginalia-token: ${server.token}\r\ncontent-length: 40\r\n\r\n`, ...'{"a":1'.split('')],
      { gapMs: 400, waitMs: 1500 },
    )
    expect([0, 408]).toContain(statusOf(slow))
    // Many connections opened and dropped at once.
    await Promise.all(Array.from({ length: 50 }, () => raw(server.port, [`GET / HTTP/1.1\r\nHost: ${host}\r\n`], { abort: true })))
    await stillAnswers()
  })

  it('says nosniff on every answer: page, API, refusals and the export', async () => {
    const answers = [
      await fetch(`http://127.0.0.1:${server.port}/`),
      await api('corpus', '{}'),
      await api('corpus', '{}', { 'x-marginalia-token': 'wrong' }),
      await fetch(`http://127.0.0.1:${server.port}/no-such-file.js`),
      await fetch(`http://127.0.0.1:${server.port}/export.jsonl`, { headers: { 'x-marginalia-token': server.token } }),
    ]
    for (const response of answers) {
      expect(response.headers.get('x-content-type-options'), response.url).toBe('nosniff')
      await response.arrayBuffer()
    }
  })

  it('never sets a cookie, and never takes the token from a cookie or the address for the API', async () => {
    const page = await fetch(`http://127.0.0.1:${server.port}/?token=${server.token}`)
    expect(page.headers.get('set-cookie')).toBeNull()
    await page.arrayBuffer()
    const byCookie = await fetch(`http://127.0.0.1:${server.port}/api/corpus`, {
      method: 'POST',
      headers: { cookie: `marginalia_token=${server.token}`, 'content-type': 'application/json' },
      body: '{}',
    })
    expect(byCookie.status).toBe(403)
    await byCookie.arrayBuffer()
    const byAddress = await fetch(`http://127.0.0.1:${server.port}/api/corpus?token=${server.token}`, { method: 'POST', body: '{}' })
    expect(byAddress.status).toBe(403)
    await byAddress.arrayBuffer()
  })

  it('hands the page a download address that works once', async () => {
    const ticket = await fetch(`http://127.0.0.1:${server.port}/download-ticket`, { method: 'POST', headers: { 'x-marginalia-token': server.token } })
    expect(ticket.status).toBe(200)
    const { url } = (await ticket.json()) as { url: string }
    const first = await fetch(`http://127.0.0.1:${server.port}${url}`)
    expect(first.status).toBe(200)
    expect(first.headers.get('content-disposition')).toMatch(/attachment; filename="s\.jsonl"/)
    expect((await first.text()).split('\n').filter(Boolean)).toHaveLength(1)
    const again = await fetch(`http://127.0.0.1:${server.port}${url}`)
    expect(again.status).toBe(404)
    await again.arrayBuffer()
    const noToken = await fetch(`http://127.0.0.1:${server.port}/download-ticket`, { method: 'POST' })
    expect(noToken.status).toBe(403)
    await noToken.arrayBuffer()
  })
})
