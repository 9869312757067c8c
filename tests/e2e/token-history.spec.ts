/**
 * What the browser keeps of the printed address, as `docs/security.md` states it: the page takes the token out of
 * the address bar at once, but a persistent profile's history database (Chromium's `History`) has recorded the
 * visit to the printed address, token included. The token is good only while that server runs.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { chromium } from '@playwright/test'
import { chromiumPath } from '../../playwright.config'
import { expect, test } from './fixtures'

test('the token leaves the address bar, and stays in the history database of a persistent profile', async ({ served }) => {
  const profile = mkdtempSync(join(tmpdir(), 'marginalia-profile-'))
  try {
    const context = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu'] })
    const page = context.pages()[0] ?? (await context.newPage())
    await page.goto(served.url)
    await expect(page.locator('.ProseMirror')).toBeVisible()
    expect(new URL(page.url()).searchParams.has('token')).toBe(false)
    await context.close()

    const history = new Database(join(profile, 'Default', 'History'), { readonly: true, fileMustExist: true })
    const urls = history.prepare<[], string>('SELECT url FROM urls').pluck().all()
    history.close()
    expect(urls).toContain(served.url) // the documented limit: the visit to the printed address is recorded
    expect(urls).toContain(new URL('/', served.url).href)
  } finally {
    rmSync(profile, { recursive: true, force: true })
  }
})
