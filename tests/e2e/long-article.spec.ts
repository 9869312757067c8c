/// <reference lib="dom" />
/**
 * Issue 10: a long article (2,000 paragraphs, 3,000 spans) draws only the spans near view, yet Tab reaches a
 * span far down and draws and selects it there, a search hit far down opens drawn with the spans around it,
 * a click on a span far down selects it, a relation between far-apart spans is drawn from either end, and
 * undo and redo far from the view scroll to what they change.
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { dragSelect, expect, test, type Served } from './fixtures'
import type { Page } from '@playwright/test'

const PARAGRAPHS = 2000
const SPANS = 3000
const FAR = 1990 // the paragraph holding the rare word, near the end

/** Imports the long article into the served corpus; resolves the text. */
function importLongArticle(served: Served): void {
  const sentence = 'Mr Putin said the talks with 金正恩 went well 😀 and that sanctions relief was discussed. '
  const lines = Array.from({ length: PARAGRAPHS }, (_, i) => `${i}: ${sentence.repeat(2)}${i === FAR ? 'A zebracorn was seen.' : ''}`)
  const text = lines.join('\n')
  const codePoints = [...text]
  const startOf = (line: number) => [...lines.slice(0, line).join('\n')].length + (line > 0 ? 1 : 0)
  const labels = ['Claim', 'Speaker', 'Source']
  const spans = Array.from({ length: SPANS - 1 }, (_, i) => {
    const start = Math.floor((i / SPANS) * (startOf(FAR) - 100))
    return { id: i + 1, start, end: start + 4 + (i % 5) * 9, label: labels[i % 3] }
  })
  const rare = startOf(FAR) + [...lines[FAR]].length - 'zebracorn was seen.'.length
  spans.push({ id: SPANS, start: rare, end: rare + 'zebracorn'.length, label: 'Speaker' })
  expect(codePoints.slice(rare, rare + 9).join('')).toBe('zebracorn')
  // A Claim near the top attributed to the Speaker near the end.
  const relations = [{ id: 1, head: 1, child: SPANS, label: 'attributed_to' }]
  const input = join(served.corpus, '..', 'long.jsonl')
  writeFileSync(input, `${JSON.stringify({ id: 'long', title: 'Long article', text, spans, relations })}\n`)
  execFileSync(process.execPath, [join(__dirname, '..', '..', 'bin', 'marginalia.cjs'), 'import', served.corpus, input], { stdio: 'pipe' })
}

async function openLongArticle(page: Page, served: Served): Promise<void> {
  importLongArticle(served)
  await page.goto(`${served.url}#doc=long`)
  await expect(page.locator('.ProseMirror.long-document')).toBeVisible()
  await expect(page.locator('.ProseMirror [data-span-id]').first()).toBeVisible()
}

const selected = (page: Page) => page.locator('.ProseMirror .annotation.selected')

test('only the spans near view are drawn; Tab reaches a span far down, scrolled to, drawn and selected', async ({ page, served }) => {
  test.setTimeout(240_000)
  await openLongArticle(page, served)
  const drawn = await page.locator('.ProseMirror [data-span-id]').count()
  expect(drawn).toBeGreaterThan(0)
  expect(drawn).toBeLessThan(SPANS / 2)
  // From the start, Shift+Tab goes round to the last span; Shift+Tab again to the one before it.
  await page.locator('.ProseMirror p').first().click({ position: { x: 2, y: 5 } })
  await page.keyboard.press('Home')
  await page.keyboard.press('Shift+Tab')
  await expect(selected(page)).toHaveText('zebracorn')
  await expect(selected(page)).toHaveCount(1)
  await expect(selected(page)).toBeInViewport()
  await expect(page.locator('.span-list li[aria-selected="true"]')).toHaveCount(0) // the list row is not in view: fine
  await page.keyboard.press('Shift+Tab')
  await expect(selected(page)).toBeInViewport()
  await expect(selected(page)).not.toHaveText('zebracorn')
  // The spans around it are drawn too, and a click on one selects it.
  const other = page.locator('.ProseMirror .annotation:not(.selected)').last()
  await expect(other).toBeInViewport()
  const id = await other.getAttribute('data-span-id')
  await other.click({ position: { x: 2, y: 4 } })
  await expect(page.locator(`.ProseMirror .annotation.selected[data-span-id="${id}"]`).first()).toBeVisible()
  // Tab goes round to the first span, at the top.
  await page.keyboard.press('End')
  for (let i = 0; i < 60 && (await page.locator('.editor-pane').evaluate((e) => e.scrollTop)) > 1000; i++) await page.keyboard.press('Tab')
  await expect(selected(page)).toBeInViewport()
})

test('a search hit far down opens drawn, with the spans around it; a relation to far away is drawn from both ends', async ({ page, served }) => {
  test.setTimeout(240_000)
  await openLongArticle(page, served)
  // At the top, the relation's Claim is in view: its arc is drawn to the edge of the view.
  await expect(page.locator('.relation-arcs [data-relation-id]')).toHaveCount(1)
  await page.keyboard.press('/')
  await page.keyboard.type('zebracorn')
  const hit = page.getByRole('list', { name: 'Search results' }).locator('.search-hit').first()
  await expect(hit).toBeVisible()
  await hit.click()
  const match = page.locator('.ProseMirror .search-match')
  await expect(match).toHaveText('zebracorn')
  await expect(match).toBeInViewport()
  // The span over it and the ones before it are drawn once the view has moved there.
  await expect(page.locator('.ProseMirror [data-label="Speaker"]', { hasText: 'zebracorn' }).first()).toBeInViewport()
  const near = await page.locator('.ProseMirror p').nth(FAR - 3).locator('[data-span-id]').count()
  expect(near).toBeGreaterThan(0)
  // The relation's Speaker is in view here: its arc is drawn again, from this end.
  await expect(page.locator('.relation-arcs [data-relation-id]')).toHaveCount(1)
})

test('undo and redo of a tag far from the view scroll to where they change the text', async ({ page, served }) => {
  test.setTimeout(240_000)
  await openLongArticle(page, served)
  await dragSelect(page, 'seen', 'zebracorn was seen')
  await page.keyboard.press('1')
  const tagged = page.locator('.ProseMirror .annotation.selected')
  await expect(tagged).toHaveText('seen')
  const id = await tagged.first().getAttribute('data-span-id')
  const far = page.locator('.ProseMirror p').nth(FAR)
  const toTop = () => page.locator('.editor-pane').evaluate((pane) => (pane.scrollTop = 0))
  await toTop()
  await expect(far).not.toBeInViewport()
  await page.keyboard.press('Control+z')
  await expect(far).toBeInViewport()
  await expect(page.locator(`.ProseMirror [data-span-id="${id}"]`)).toHaveCount(0)
  await toTop()
  await expect(far).not.toBeInViewport()
  await page.keyboard.press('Control+Shift+z')
  await expect(page.locator(`.ProseMirror [data-span-id="${id}"]`).first()).toBeInViewport()
})
