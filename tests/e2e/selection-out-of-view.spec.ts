/// <reference lib="dom" />
/**
 * A span left selected and scrolled away from. A press dragged over the text and back (selecting nothing) let it
 * stay selected, since ProseMirror calls no click handler for a drag, and the next label key relabelled it, or
 * Delete removed it, far out of view and unsaid. A drag that selects nothing now lets it go, as a click does; a key
 * that acts on the span selected while it is out of view brings it into view (or, removed, says so) and says what
 * it did. And a click on a status button gives the keys back to the text (they went to the page, and Tab to the
 * Done button).
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { exportedDocuments, expect, scrollPaneTo, test, type Served } from './fixtures'
import type { Page } from '@playwright/test'

const PARAGRAPHS = 150
const TEXT = [
  'Anna Lindqvist said the budget would grow by a fifth.',
  ...Array.from({ length: PARAGRAPHS - 1 }, (_, i) => `${i + 1}: The council met again and talked about libraries, roads and schools for an hour.`),
].join('\n')

/** Imports a document whose one span, a Speaker of the page's analyst, is at the very top. */
function importDocument(served: Served): void {
  const input = join(served.corpus, '..', 'tall.jsonl')
  writeFileSync(input, `${JSON.stringify({ id: 'tall', title: 'Tall', text: TEXT, spans: [{ id: 1, start: 0, end: 14, label: 'Speaker', annotator: 'e2e' }] })}\n`)
  execFileSync(process.execPath, [join(__dirname, '..', '..', 'bin', 'marginalia.cjs'), 'import', served.corpus, input], { stdio: 'pipe' })
}

/** The span's label as the corpus holds it, or null if it is gone. */
async function storedLabel(page: Page, served: Served): Promise<string | null> {
  const document = (await exportedDocuments(page, served)).find((d) => d.id === 'tall')!
  return (document.spans as { id: number; label: string }[]).find((span) => span.id === 1)?.label ?? null
}

/** Selects the Speaker at the top with Tab, then scrolls to the end, where it is out of view. */
async function selectThenScrollAway(page: Page): Promise<void> {
  await scrollPaneTo(page, 0)
  await page.locator('.ProseMirror').press('Control+Home')
  await page.keyboard.press('Tab')
  await expect(page.locator('.ProseMirror .annotation.selected')).toHaveText('Anna Lindqvist')
  await scrollPaneTo(page, 1)
  await expect(page.locator('.ProseMirror .annotation.selected')).not.toBeInViewport()
}

test('a drag over the text and back lets a span selected out of view go, as a click does: the label key then asks for text', async ({ page, served }) => {
  importDocument(served)
  await page.goto(`${served.url}#doc=tall`)
  await expect(page.locator('.ProseMirror [data-span-id="1"]')).toBeVisible()
  await selectThenScrollAway(page)
  const word = page.locator('.ProseMirror p').nth(PARAGRAPHS - 2)
  const box = (await word.boundingBox())!
  await page.mouse.move(box.x + 40, box.y + box.height / 2)
  await page.mouse.down()
  await page.mouse.move(box.x + 100, box.y + box.height / 2, { steps: 5 })
  await page.mouse.move(box.x + 40, box.y + box.height / 2, { steps: 5 })
  await page.mouse.up()
  await expect(page.locator('.ProseMirror .annotation.selected')).toHaveCount(0)
  await page.keyboard.press('3')
  await expect(page.getByRole('alert')).toContainText('Select some text first')
  expect(await storedLabel(page, served)).toBe('Speaker')
})

test('a label key or Delete on a span selected out of view brings it into view, or says it went, and says what it did', async ({ page, served }) => {
  importDocument(served)
  await page.goto(`${served.url}#doc=tall`)
  await expect(page.locator('.ProseMirror [data-span-id="1"]')).toBeVisible()
  await selectThenScrollAway(page)
  await page.keyboard.press('3')
  await expect(page.getByRole('alert')).toContainText('Speaker "Anna Lindqvist", the span selected (out of view above), is now Source: Ctrl+Z takes it back.')
  await expect(page.locator('.ProseMirror [data-span-id="1"]').first()).toBeInViewport()
  await expect.poll(() => storedLabel(page, served)).toBe('Source')
  await scrollPaneTo(page, 1)
  await page.keyboard.press('Delete')
  await expect(page.getByRole('alert')).toContainText('Removed Source "Anna Lindqvist", the span selected (out of view above): Ctrl+Z brings it back.')
  await expect.poll(() => storedLabel(page, served)).toBeNull()
})

test('after a click on Done, Skip or To do the keys are the text\'s: Tab steps to a span (it went to the Done button)', async ({ page, served }) => {
  importDocument(served)
  await page.goto(`${served.url}#doc=tall`)
  await expect(page.locator('.ProseMirror [data-span-id="1"]')).toBeVisible()
  for (const name of ['Skip', 'To do', 'Done']) {
    await page.getByRole('button', { name, exact: true }).click()
    await expect(page.locator('.ProseMirror')).toBeFocused()
    await page.locator('.ProseMirror').press('Control+Home')
    await page.keyboard.press('Tab')
    await expect(page.locator('.ProseMirror .annotation.selected')).toHaveText('Anna Lindqvist')
  }
  await expect(page.locator('span.status[data-status]')).toHaveAttribute('data-status', 'done')
})
