/// <reference lib="dom" />
/**
 * The browser edition's page talks to its server over one WebSocket (the page's CSP allows it: `connect-src
 * 'self'`), with the token as a subprotocol and never in the socket's address; where the socket cannot be
 * opened, the same calls go over HTTP and nothing is lost.
 */
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
  await page.keyboard.press('Control+z')
  await page.keyboard.press('Control+y')
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
