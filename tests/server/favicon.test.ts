/**
 * The page's icon: linked from the page, served from the renderer's folder as PNG with the page's headers, allowed
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

/** The eight bytes every PNG file starts with. */
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

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
    expect(page).toContain('<link rel="icon" type="image/png" sizes="64x64" href="./favicon.png" />')
    expect(readFileSync(join(rendererDir, 'favicon.png')).subarray(0, 8)).toEqual(PNG_SIGNATURE)
    expect(CONTENT_SECURITY_POLICY).toMatch(/(^|; )img-src 'self'( |;|$)/)
    expect(page).toMatch(/img-src 'self'/) // the page's own meta CSP, which the app and the server also send as a header
  })

  it('is served as PNG by the browser edition, and /favicon.ico answers with it rather than 404', async () => {
    for (const path of ['/favicon.png', '/favicon.ico']) {
      const response = await fetch(`http://127.0.0.1:${server.port}${path}`)
      expect(response.status, path).toBe(200)
      expect(response.headers.get('content-type'), path).toBe('image/png')
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff')
      expect(Buffer.from(await response.arrayBuffer()).subarray(0, 8), path).toEqual(PNG_SIGNATURE)
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
      expect((await fetch(`http://127.0.0.1:${other.port}/favicon.png`)).status).toBe(404)
    } finally {
      await other.close()
    }
  })

  it('is served as PNG by the app\'s scheme', async () => {
    const response = await appProtocolHandler(rendererDir)(new Request('marginalia://app/favicon.png'))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('image/png')
  })
})
