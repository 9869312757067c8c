/**
 * The page's icon: linked from the page, served from the renderer's folder as SVG with the page's headers, allowed
 * by the Content-Security-Policy (`img-src 'self'`), and `/favicon.ico`, which browsers ask for by themselves,
 * answered with it too, so that no page load logs a 404.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appProtocolHandler } from '../../src/main/app-protocol'
import { createSampleCorpus } from '../../src/core/sample'
import { Corpus } from '../../src/core/store/corpus'
import { startServer, type RunningServer } from '../../src/server/http'
import { CONTENT_SECURITY_POLICY } from '../../src/shared/security'
import { scratch } from '../helpers'

const rendererDir = join(__dirname, '..', '..', 'out', 'renderer')

describe('the favicon', () => {
  let server: RunningServer
  let corpus: Corpus
  beforeAll(async () => {
    const path = join(scratch(), 's.marginalia')
    createSampleCorpus(path, { annotator: 'setup' })
    corpus = Corpus.open(path)
    server = await startServer({ corpus, annotator: 'ana', rendererDir })
  })
  afterAll(async () => {
    await server.close()
    corpus.close()
  })

  it('is linked from the built page, beside it, as the CSP allows', () => {
    const page = readFileSync(join(rendererDir, 'index.html'), 'utf8')
    expect(page).toContain('<link rel="icon" type="image/svg+xml" href="./favicon.svg" />')
    expect(readFileSync(join(rendererDir, 'favicon.svg'), 'utf8')).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/)
    expect(CONTENT_SECURITY_POLICY).toMatch(/(^|; )img-src 'self'( |;|$)/)
    expect(page).toMatch(/img-src 'self'/) // the page's own meta CSP, which the app and the server also send as a header
  })

  it('is served as SVG by the browser edition, and /favicon.ico answers with it rather than 404', async () => {
    for (const path of ['/favicon.svg', '/favicon.ico']) {
      const response = await fetch(`http://127.0.0.1:${server.port}${path}`)
      expect(response.status, path).toBe(200)
      expect(response.headers.get('content-type'), path).toBe('image/svg+xml')
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff')
      expect(await response.text(), path).toMatch(/^<svg /)
    }
  })

  it('answers /favicon.ico with 204 where no icon was built, never 404', async () => {
    const bare = scratch()
    writeFileSync(join(bare, 'index.html'), '<!doctype html><title>Marginalia</title>')
    const other = await startServer({ corpus, annotator: 'ana', rendererDir: bare })
    try {
      const response = await fetch(`http://127.0.0.1:${other.port}/favicon.ico`)
      expect(response.status).toBe(204)
      expect(response.headers.get('x-content-type-options')).toBe('nosniff')
      expect((await fetch(`http://127.0.0.1:${other.port}/favicon.svg`)).status).toBe(404)
    } finally {
      await other.close()
    }
  })

  it('is served as SVG by the app\'s scheme', async () => {
    const response = await appProtocolHandler(rendererDir)(new Request('marginalia://app/favicon.svg'))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('image/svg+xml')
  })
})
