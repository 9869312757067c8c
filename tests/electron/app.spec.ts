/// <reference lib="dom" />
/**
 * The desktop app itself, through Playwright's Electron driver: security settings and one labelling round
 * trip. Runs wherever Electron's binary is installed; elsewhere each test is skipped with the reason printed.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'
import type { MarginaliaBridge } from '../../src/shared/api'

const root = join(__dirname, '..', '..')
const pathFile = join(root, 'node_modules', 'electron', 'path.txt')
const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null
// Found as the electron package finds it: ELECTRON_OVERRIDE_DIST_PATH first (an Electron already on the machine).
const override = process.env.ELECTRON_OVERRIDE_DIST_PATH
const binary = override ? join(override, executable ?? 'electron') : executable === null ? null : join(root, 'node_modules', 'electron', 'dist', executable)
const missing = binary === null ? `${pathFile} is missing` : existsSync(binary) ? null : `${binary} is missing`
const nativeBinding = join(root, 'native', 'electron', 'better_sqlite3.node')

test.beforeAll(() => {
  if (missing !== null) console.log(`[electron] skipped: Electron's binary is not installed here (${missing})`)
  else if (!existsSync(nativeBinding)) console.log(`[electron] skipped: better-sqlite3 was not built for Electron (${nativeBinding})`)
})

test('the window is locked down and a span can be tagged and read back', async () => {
  test.skip(missing !== null, `Electron's binary is not installed here (${missing})`)
  test.skip(!existsSync(nativeBinding), `better-sqlite3 was not built for Electron (run npm run rebuild:electron)`)
  const userData = mkdtempSync(join(tmpdir(), 'marginalia-electron-'))
  const app = await electron.launch({ executablePath: binary!, args: [root, `--user-data-dir=${userData}`], env: { ...process.env, MARGINALIA_ANNOTATOR: 'electron-e2e' } })
  try {
    const page = await app.firstWindow()
    await expect(page.locator('.ProseMirror')).toBeVisible()
    expect(page.url()).toBe('marginalia://app/index.html') // the app's own scheme, not file://
    // The preferences themselves are checked in tests/main/security.test.ts; here, their effects.
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined')
    expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined')
    expect(await page.evaluate(() => Object.keys((window as unknown as { marginalia?: MarginaliaBridge }).marginalia ?? {}).sort())).toContain('addSpan')
    const before = page.url()
    await page.evaluate(() => (window.location.href = 'https://example.org/'))
    await page.waitForTimeout(500)
    expect(page.url()).toBe(before)
    expect(await page.evaluate(() => window.open('https://example.org/'))).toBeNull()
    expect(app.windows()).toHaveLength(1)

    const documents = await page.evaluate(() => (window as unknown as { marginalia: MarginaliaBridge }).marginalia.listDocuments({ status: null, annotator: null, afterId: 0, limit: 10 }))
    expect(documents.ok).toBe(true)
    const id = (documents as { ok: true; value: { id: number }[] }).value[0].id
    const added = await page.evaluate((documentId) => (window as unknown as { marginalia: MarginaliaBridge }).marginalia.addSpan({ documentId, start: 0, end: 11, label: 'Speaker' }), id)
    expect(added).toMatchObject({ ok: true, value: { text: 'Kim Jong-un', annotator: 'electron-e2e' } })
    const bad = await page.evaluate(() => (window as unknown as { marginalia: MarginaliaBridge }).marginalia.addSpan({ documentId: -1, start: 0, end: 1, label: 'x' } as never))
    expect(bad).toMatchObject({ ok: false, error: { kind: 'invalid' } })
    await page.reload()
    await expect(page.locator('.ProseMirror [data-label="Speaker"]')).toHaveText('Kim Jong-un')
  } finally {
    await app.close()
  }
})
