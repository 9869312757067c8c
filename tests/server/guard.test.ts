import type { IncomingMessage } from 'node:http'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createSampleCorpus } from '../../src/core/sample'
import { Corpus } from '../../src/core/store/corpus'
import { allowedHosts, carriesToken, foreignRequest, requestPath, serverOrigin } from '../../src/server/guard'
import { startServer } from '../../src/server/http'
import { opened, scratch } from '../helpers'
import { isRoot } from '../cli/process'

const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage

describe('who may talk to the browser edition', () => {
  it('prints the address a browser writes, and accepts the Host that address sends, port 80 included', () => {
    expect(serverOrigin(80)).toBe('http://127.0.0.1')
    expect(serverOrigin(8080)).toBe('http://127.0.0.1:8080')
    expect(allowedHosts(80)).toContain('127.0.0.1')
    expect(allowedHosts(80)).toContain('localhost')
    expect(foreignRequest(request({ host: new URL(serverOrigin(80)).host }), 80)).toBeNull()
    expect(foreignRequest(request({ host: '127.0.0.1' }), 8080)).toBe('foreign Host header')
    expect(foreignRequest(request({ host: '127.0.0.1:8080', origin: 'http://127.0.0.1:8080' }), 8080)).toBeNull()
    expect(foreignRequest(request({ host: '127.0.0.1:8080', origin: 'http://evil.example' }), 8080)).toBe('foreign Origin header')
    expect(foreignRequest(request({ host: 'evil.example:8080' }), 8080)).toBe('foreign Host header')
  })

  it('takes the token from its header only, compared whole', () => {
    expect(carriesToken(request({ 'x-marginalia-token': 'abc' }), 'abc')).toBe(true)
    expect(carriesToken(request({ 'x-marginalia-token': 'abd' }), 'abc')).toBe(false)
    expect(carriesToken(request({ 'x-marginalia-token': 'ab' }), 'abc')).toBe(false)
    expect(carriesToken(request({ cookie: 'marginalia_token=abc' }), 'abc')).toBe(false)
  })

  it('reads a request path only when it is one, decoded', () => {
    expect(requestPath('/assets/a%20b.js?x=1')).toBe('/assets/a b.js')
    for (const bad of ['//', '//x', '*', 'http://evil/', '/%E0%A4%A', '/%', '/a%00b', undefined]) expect(requestPath(bad)).toBeNull()
  })

  it.skipIf(!isRoot)('serves on port 80 at an address whose own Host it accepts', async () => {
    const path = join(scratch(), 's.marginalia')
    createSampleCorpus(path, { annotator: 'setup' })
    let server
    try {
      server = await startServer({ corpus: opened(Corpus.open(path)), annotator: 'ana', rendererDir: join(__dirname, '..', '..', 'out', 'renderer'), port: 80 })
    } catch (error) {
      console.log(`[guard] skipped the port 80 check: ${(error as Error).message}`)
      return
    }
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1\/\?token=/)
      const response = await fetch(new URL('/api/corpus', server.url), { method: 'POST', headers: { 'x-marginalia-token': server.token }, body: '{}' })
      expect(response.status).toBe(200)
    } finally {
      await server.close()
    }
  })
})
