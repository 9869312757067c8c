/// <reference lib="dom" />
/**
 * The browser edition's page talks to its server over one WebSocket (the page's CSP allows it: `connect-src
 * 'self'`), with the token as a subprotocol and never in the socket's address; where the socket cannot be
 * opened, the same calls go over HTTP and nothing is lost.
 */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { Page, Request } from '@playwright/test'
import { dragSelect, expect, exportedDocuments, openEditor, test } from './fixtures'

/** HTTP calls to the API the page makes from now on. */
function apiRequests(page: Page): string[] {
  const calls: string[] = []
  page.on('request', (request: Request) => {
    const { pathname } = new URL(request.url())
    if (pathname.startsWith('/api/')) calls.push(pathname)
  })
  return calls
}

async function tagPutin(page: Page): Promise<void> {
  await dragSelect(page, 'Mr Putin', 'Mr Putin told journalists')
  await page.keyboard.press('2')
  await expect(page.locator('.ProseMirror [data-span-id]').filter({ hasText: 'Mr Putin' }).first()).toBeVisible()
}

test('the page calls its server over one WebSocket, with no token in its address', async ({ page, served }) => {
  const sockets: string[] = []
  page.on('websocket', (socket) => sockets.push(socket.url()))
  const overHttp = apiRequests(page)
  await openEditor(page, served)
  await tagPutin(page)
  // Undone and redone, each seen drawn before the next key (a key's write is done once drawn).
  const putin = page.locator('.ProseMirror [data-span-id]').filter({ hasText: 'Mr Putin' })
  await page.keyboard.press('Control+z')
  await expect(putin).toHaveCount(0)
  await page.keyboard.press('Control+y')
  await expect(putin.first()).toBeVisible()
  const [summit] = (await exportedDocuments(page, served)).filter((d) => d.id === 'vladivostok-summit')
  expect(summit.spans.some((s: { label: string; text: string }) => s.label === 'Speaker' && s.text === 'Mr Putin')).toBe(true)
  expect(sockets).toEqual([`ws://127.0.0.1:${served.port}/api/socket`])
  expect(overHttp).toEqual([])
})

test('where no socket can be opened, the page calls over HTTP and the tag is kept', async ({ page, served }) => {
  await page.routeWebSocket('**/api/socket', (socket) => socket.close({ code: 1011, reason: 'no sockets here' }))
  const overHttp = apiRequests(page)
  await openEditor(page, served)
  await tagPutin(page)
  const [summit] = (await exportedDocuments(page, served)).filter((d) => d.id === 'vladivostok-summit')
  expect(summit.spans.some((s: { label: string; text: string }) => s.label === 'Speaker' && s.text === 'Mr Putin')).toBe(true)
  expect(overHttp).toContain('/api/addSpan')
  await expect(page.locator('.banner')).toBeHidden()
})

test("the addressed document is asked for before the editor's code has loaded, and is opened once it has", async ({ page, served }) => {
  const events: string[] = []
  await page.routeWebSocket('**/api/socket', (socket) => {
    const server = socket.connectToServer()
    socket.onMessage((message) => {
      events.push(`call ${(JSON.parse(String(message)) as { name: string }).name}`)
      server.send(message)
    })
    server.onMessage((message) => socket.send(message))
  })
  await page.route('**/assets/app-*.js', async (route) => {
    events.push('editor asked for')
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    events.push('editor sent')
    await route.continue()
  })
  await page.goto(`${served.url}#doc=emoji`)
  await expect(page.locator('.document-title')).toHaveText('Emoji test')
  const sent = events.indexOf('editor sent')
  expect(sent, events.join(', ')).toBeGreaterThan(0)
  expect(events.slice(0, sent), events.join(', ')).toEqual(expect.arrayContaining(['call findDocument', 'call openDocument', 'call corpus']))
})

test("where the editor's code cannot be loaded, the page says so instead of staying blank", async ({ page, served }) => {
  await page.route('**/assets/app-*.js', (route) => route.abort())
  await page.goto(served.url)
  await expect(page.getByRole('alert')).toContainText('Marginalia cannot open the corpus')
})

test('a page whose server stops says so within seconds, before any write, and then asks only every few seconds; started again, the server does not know the page, which says so', async ({ page, served }) => {
  test.setTimeout(90_000)
  await openEditor(page, served)
  const failures: string[] = []
  page.on('console', (message) => void (message.type() === 'error' && failures.push(message.text())))
  page.on('requestfailed', (request) => void failures.push(request.url()))
  await served.stop()
  const stoppedAt = Date.now()
  await expect(page.locator('.error-banner')).toContainText('The Marginalia server cannot be reached', { timeout: 5_000 })
  await expect(page.locator('.error-banner')).toContainText('Nothing can be saved meanwhile.')
  const said = Date.now() - stoppedAt
  expect(said).toBeLessThan(4_000)
  // Asked at 0, 2, 4 s and so on, not every second: each question is one socket and one HTTP try.
  const before = failures.length
  await page.waitForTimeout(8_000)
  expect(failures.length - before).toBeLessThanOrEqual(4 * 3)
  // The server started again on the same port has a new token: the page is told to open its new address.
  const again = spawn(process.execPath, [join(__dirname, '..', '..', 'out', 'main', 'serve.js'), served.corpus, '--port', String(served.port), '--json'], { stdio: ['ignore', 'pipe', 'ignore'] })
  try {
    await new Promise((resolve) => createInterface({ input: again.stdout! }).once('line', resolve))
    await expect(page.locator('.error-banner')).toContainText('does not know this page', { timeout: 20_000 })
    await expect(page.locator('.error-banner')).toContainText('Open the address it printed when it started. Nothing can be saved meanwhile.')
  } finally {
    again.kill('SIGKILL')
  }
})
