import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../../src/shared/security'
import { APP_ENTRY_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, appProtocolHandler } from '../../src/main/app-protocol'
import { scratch } from '../helpers'

/** A renderer folder with a page and an asset, beside a file that must stay out of reach. */
function rendererFolder(): string {
  const folder = scratch()
  const renderer = join(folder, 'renderer')
  mkdirSync(join(renderer, 'assets'), { recursive: true })
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Marginalia</title>')
  writeFileSync(join(renderer, 'assets', 'index-abc.js'), 'console.log(1)')
  writeFileSync(join(renderer, 'assets', 'index-abc.css'), 'p{}')
  writeFileSync(join(folder, 'secret.txt'), 'not for the page')
  return renderer
}

const get = (handler: ReturnType<typeof appProtocolHandler>, url: string, method = 'GET') => handler(new Request(url, { method }))

describe('the app scheme', () => {
  it('is registered as a standard, secure scheme that may fetch, and nothing more', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({ scheme: 'marginalia', privileges: { standard: true, secure: true, supportFetchAPI: true } })
    expect(APP_ENTRY_URL).toBe(`${APP_SCHEME}://app/index.html`)
  })

  it('serves the renderer\'s files with their types and the Content-Security-Policy', async () => {
    const handler = appProtocolHandler(rendererFolder())
    const page = await get(handler, APP_ENTRY_URL)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    expect(page.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await page.text()).toContain('<title>Marginalia</title>')
    expect(await (await get(handler, 'marginalia://app/')).text()).toContain('<title>Marginalia</title>')
    const script = await get(handler, 'marginalia://app/assets/index-abc.js')
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(await script.text()).toBe('console.log(1)')
    expect((await get(handler, 'marginalia://app/assets/index-abc.css')).headers.get('content-type')).toBe('text/css; charset=utf-8')
    const head = await get(handler, APP_ENTRY_URL, 'HEAD')
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
  })

  it('serves the built renderer the window loads', async () => {
    const page = await get(appProtocolHandler(join(__dirname, '..', '..', 'out', 'renderer')), APP_ENTRY_URL)
    expect(page.status).toBe(200)
    const html = await page.text()
    const script = html.match(/src="\.\/(assets\/[^"]+\.js)"/)![1]
    const asset = await get(appProtocolHandler(join(__dirname, '..', '..', 'out', 'renderer')), `marginalia://app/${script}`)
    expect(asset.status).toBe(200)
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
  })

  it('refuses paths out of the folder, other hosts, missing files, folders and other methods', async () => {
    const handler = appProtocolHandler(rendererFolder())
    for (const url of [
      'marginalia://app/../secret.txt',
      'marginalia://app/%2e%2e/secret.txt',
      'marginalia://app/..%2fsecret.txt',
      'marginalia://app/assets/..%2f..%2fsecret.txt',
      'marginalia://app/..%5csecret.txt',
      'marginalia://app/index.html%00.js',
      'marginalia://evil/index.html',
      'marginalia://app/missing.js',
      'marginalia://app/assets',
      'marginalia://app/assets/',
      'marginalia://app/%E0%A4%A',
    ]) {
      const response = await get(handler, url)
      expect([400, 404], url).toContain(response.status)
      expect(await response.text(), url).toBe('')
    }
    expect((await get(handler, APP_ENTRY_URL, 'POST')).status).toBe(405)
  })
})
