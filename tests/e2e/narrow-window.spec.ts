/// <reference lib="dom" />
/**
 * A narrow window (half a laptop screen, down to a phone's width): the text keeps a readable column, the search
 * box a usable width, nothing overlaps or scrolls sideways; the side columns narrow, then fold away behind
 * toggles in the header, each shown as a drawer over the text and reachable from the keyboard.
 */
import type { Page } from '@playwright/test'
import { expect, exportedDocuments, notePutin, openEditor, test } from './fixtures'

interface Box {
  left: number
  right: number
  top: number
  bottom: number
  width: number
}

/** Where the parts of the page are drawn (null: not shown), and how wide the page is laid out. */
function measure(page: Page) {
  return page.evaluate(() => {
    const box = (selector: string): Box | null => {
      const element = document.querySelector(selector)
      if (element === null || element.getClientRects().length === 0) return null
      const r = element.getBoundingClientRect()
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width }
    }
    const header = [...document.querySelectorAll('header > *')].filter((e) => e.getClientRects().length > 0).map((e) => e.getBoundingClientRect().right)
    return {
      scrollWidth: document.documentElement.scrollWidth,
      text: box('.ProseMirror'),
      pane: box('.editor-pane'),
      search: box('header .search input'),
      list: box('.left-column'),
      panel: box('.side-panel'),
      headerRight: Math.max(...header),
    }
  })
}

const apart = (a: Box, b: Box) => a.right <= b.left + 1 || b.right <= a.left + 1

for (const width of [1024, 800, 700, 600, 380]) {
  test(`at ${width} px wide the text keeps a readable column and nothing overlaps or scrolls sideways`, async ({ page, served }) => {
    await page.setViewportSize({ width, height: 760 })
    await openEditor(page, served)
    const m = await measure(page)
    expect(m.scrollWidth).toBeLessThanOrEqual(width)
    expect(m.headerRight).toBeLessThanOrEqual(width)
    expect(m.search!.width).toBeGreaterThanOrEqual(160)
    expect(m.text!.width).toBeGreaterThanOrEqual(Math.min(440, width - 40)) // as the README promises
    for (const side of [m.list, m.panel]) if (side !== null) expect(apart(side, m.pane!)).toBe(true)
    // The status buttons take at most two lines.
    const rows = await page.locator('.status-bar > button').evaluateAll((buttons) => new Set(buttons.map((b) => Math.round(b.getBoundingClientRect().top))).size)
    expect(rows).toBeLessThanOrEqual(width < 500 ? 3 : 2)
  })
}

test('in a narrow window the folded document list and side panel open from the header, by keyboard too, and go again', async ({ page, served }) => {
  await page.setViewportSize({ width: 760, height: 760 })
  await openEditor(page, served)
  const documents = page.getByRole('button', { name: 'Documents' })
  const panelToggle = page.getByRole('button', { name: 'Panel' })
  // At 760 px the document list is folded away; the side panel still has room beside the text.
  await expect(page.locator('.left-column')).toBeHidden()
  await expect(page.locator('.side-panel')).toBeVisible()
  await expect(panelToggle).toBeHidden()
  await documents.focus()
  await page.keyboard.press('Enter')
  await expect(documents).toHaveAttribute('aria-expanded', 'true')
  const list = page.locator('.left-column')
  await expect(list).toBeVisible()
  await expect(list.getByRole('button', { name: /vladivostok-summit/ })).toBeVisible()
  expect(await list.evaluate((column) => column.contains(document.activeElement))).toBe(true) // the focus went into it
  await page.keyboard.press('Escape')
  await expect(list).toBeHidden()
  await expect(documents).toBeFocused()

  // Narrower: the side panel folds too, and opens over the text; a click in the text puts it away.
  await page.setViewportSize({ width: 600, height: 760 })
  await expect(panelToggle).toBeVisible()
  await expect(page.locator('.side-panel')).toBeHidden()
  await panelToggle.click()
  await expect(page.locator('.side-panel')).toBeVisible()
  await expect(page.locator('.side-panel h2', { hasText: 'Span labels' })).toBeVisible()
  const panel = (await page.locator('.side-panel').boundingBox())!
  expect(panel.x + panel.width).toBeLessThanOrEqual(601)
  await page.locator('.ProseMirror p').first().click({ position: { x: 5, y: 5 } })
  await expect(page.locator('.side-panel')).toBeHidden()
  await expect(panelToggle).toHaveAttribute('aria-expanded', 'false')

  // Wide again: both columns are back beside the text, and the toggles gone.
  await page.setViewportSize({ width: 1300, height: 760 })
  await expect(page.locator('.left-column')).toBeVisible()
  await expect(page.locator('.side-panel')).toBeVisible()
  await expect(documents).toBeHidden()
})

test('in a narrow window a search shows its results in the document list, opened over the text while the search box has the focus', async ({ page, served }) => {
  await page.setViewportSize({ width: 700, height: 760 })
  await openEditor(page, served)
  await page.getByRole('searchbox', { name: 'Search the corpus' }).fill('Putin')
  const results = page.getByRole('list', { name: 'Search results' })
  await expect(results).toBeVisible()
  await expect(page.getByRole('button', { name: 'Documents' })).toHaveAttribute('aria-expanded', 'true')
  await page.keyboard.press('Escape') // closes the search: the focus goes back to the text, and the drawer away
  await expect(results).toBeHidden()
  await expect(page.locator('.left-column')).toBeHidden()
})

test('in a narrow window a hit stepped to with Enter is not left under the results: the drawer goes, the box keeps the keys, typing shows the results again', async ({ page, served }) => {
  await page.setViewportSize({ width: 700, height: 760 })
  await openEditor(page, served)
  const box = page.getByRole('searchbox', { name: 'Search the corpus' })
  await box.fill('Kim')
  const results = page.getByRole('list', { name: 'Search results' })
  await expect(results).toBeVisible()
  // Each hit stepped to is seen: what is drawn at its middle is the hit, not the list over the text.
  const seen = () =>
    page.evaluate(() => {
      const match = document.querySelector('.ProseMirror .search-match')
      if (match === null) return false
      const rect = match.getClientRects()[0]
      const top = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2)
      return top !== null && match.contains(top)
    })
  for (let i = 0; i < 3; i++) {
    await box.press('Enter')
    await expect.poll(seen).toBe(true)
    await expect(box).toBeFocused()
  }
  await box.press('Backspace')
  await expect(results).toBeVisible() // the results back once the query changes
})

test('a side column made wider in a narrow window leaves the text its width', async ({ page, served }) => {
  await page.setViewportSize({ width: 900, height: 760 })
  await openEditor(page, served)
  const handle = page.getByRole('separator', { name: 'Width of the side panel' })
  await handle.focus()
  for (let i = 0; i < 6; i++) await page.keyboard.press('Shift+ArrowLeft')
  const m = await measure(page)
  expect(m.text!.width).toBeGreaterThanOrEqual(439)
  expect(m.scrollWidth).toBeLessThanOrEqual(900)
})

test('in a narrow window Alt+M shows the folded side panel with the note box in it, and leaving the note puts it away', async ({ page, served }) => {
  await page.setViewportSize({ width: 600, height: 760 })
  await openEditor(page, served)
  const note = await notePutin(page)
  await expect(note).toBeVisible()
  await page.keyboard.type('seen in a narrow window')
  await page.keyboard.press('Escape')
  await expect(page.locator('.ProseMirror')).toBeFocused()
  await expect(note).toBeHidden() // the drawer went with the focus
  await expect.poll(async () => (await exportedDocuments(page, served))[0].spans[0].attrs).toEqual({ note: 'seen in a narrow window' })
})

test('in a narrow window the keyboard reference stays inside it, what each key does beside it', async ({ page, served }) => {
  await page.setViewportSize({ width: 420, height: 800 })
  await openEditor(page, served)
  await page.locator('.ProseMirror').click()
  await page.keyboard.press('?')
  const help = page.locator('dialog.help')
  await expect(help).toBeVisible()
  const { right, widest } = await help.evaluate((dialog) => ({
    right: dialog.getBoundingClientRect().right,
    widest: Math.max(...[...dialog.querySelectorAll('th')].map((th) => th.getBoundingClientRect().width)),
  }))
  expect(right).toBeLessThanOrEqual(420)
  expect(widest).toBeLessThan(420 * 0.45)
})
