/**
 * A page load in Chromium asks for nothing the server does not have: the icon linked from the page loads under
 * the page's Content-Security-Policy, and no request is answered 404 (as `/favicon.ico` was).
 */
import { expect, openEditor, test } from './fixtures'

test('the page loads its icon under the CSP, and no request on the way is answered 404', async ({ page, served }) => {
  const failed: string[] = []
  const consoleErrors: string[] = []
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`)
  })
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text())
  })
  const icon = page.waitForResponse((response) => new URL(response.url()).pathname === '/favicon.png')
  await openEditor(page, served)
  expect((await icon).status()).toBe(200)
  expect((await icon).headers()['content-type']).toBe('image/png')
  const loaded = await page.evaluate(async () => {
    const image = new Image()
    image.src = (document.querySelector('link[rel="icon"]') as HTMLLinkElement).href
    return image.decode().then(() => image.naturalWidth, (error: Error) => `not loaded: ${error.message}`)
  })
  expect(loaded).toBe(64) // an image from 'self' passes img-src
  await page.reload()
  await expect(page.locator('.ProseMirror')).toBeVisible()
  expect(failed).toEqual([])
  expect(consoleErrors).toEqual([])
})
