/// <reference lib="dom" />
/**
 * A long article with no line feeds at all (a transcript, or text extracted from a PDF): shown as pieces of a
 * paragraph's length, so that it opens and answers like a long article of many paragraphs (one paragraph of
 * the whole text took a minute to open, and the tab then died), while offsets, tags across the pieces and
 * copying keep to the text as stored, with no line feed where the text has none.
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { copyAll, dragSelect, exportedDocuments, expect, slice, test, type Served } from './fixtures'
import type { Page } from '@playwright/test'

const SENTENCES = 4000

/** The article: numbered sentences, each with astral characters, on one line. */
const TEXT = Array.from({ length: SENTENCES }, (_, i) => `${i}: Mr Putin said the talks with 金正恩 went well 😀 and that sanctions relief was discussed. `).join('')

/** Imports the article with a Speaker over every fourth "Putin" (1,000 spans). */
function importLongLine(served: Served): void {
  const spans: { start: number; end: number; label: string }[] = []
  let codePoints = 0 // before `at`
  for (let at = TEXT.indexOf('Putin'), from = 0, i = 0; at !== -1; from = at, at = TEXT.indexOf('Putin', at + 1), i++) {
    codePoints += [...TEXT.slice(from, at)].length
    if (i % 4 === 0) spans.push({ start: codePoints, end: codePoints + 5, label: 'Speaker' })
  }
  const input = join(served.corpus, '..', 'long-line.jsonl')
  writeFileSync(input, `${JSON.stringify({ id: 'one-line', title: 'One long line', text: TEXT, spans })}\n`)
  execFileSync(process.execPath, [join(__dirname, '..', '..', 'bin', 'marginalia.cjs'), 'import', served.corpus, input], { stdio: 'pipe' })
}

/** Scrolls the text pane to `fraction` of its height. */
const scrollTo = (page: Page, fraction: number) => page.locator('.editor-pane').evaluate((pane, f) => (pane.scrollTop = f * (pane.scrollHeight - pane.clientHeight)), fraction)

test('a long article on one line opens in pieces; a tag across two pieces and copying keep to the text', async ({ page, served }) => {
  test.setTimeout(180_000)
  importLongLine(served)
  await page.goto(`${served.url}#doc=one-line`)
  await expect(page.locator('.ProseMirror.long-document')).toBeVisible()
  await expect(page.locator('.ProseMirror [data-span-id]').first()).toBeVisible()
  // Many paragraphs, all but the first continuing the line; most of the text is not in the page.
  const paragraphs = await page.locator('.ProseMirror > p').count()
  expect(paragraphs).toBeGreaterThan(100)
  expect(await page.locator('.ProseMirror > p.joined').count()).toBe(paragraphs - 1)
  expect((await page.locator('.ProseMirror').textContent())!.length).toBeLessThan(TEXT.length / 4)
  // Near the end, select from the end of one piece into the next one, and tag it.
  await scrollTo(page, 0.9)
  const across = await page.locator('.ProseMirror').evaluate((editor) => {
    const view = editor.closest('.editor-pane')!.getBoundingClientRect()
    const inView = (p: Element) => p.getBoundingClientRect().bottom > view.top && p.getBoundingClientRect().top < view.bottom
    const joined = [...editor.querySelectorAll(':scope > p.joined')].find(
      (p) => inView(p) && !p.classList.contains('far-paragraph') && !p.previousElementSibling!.classList.contains('far-paragraph'),
    )
    // Whole words (a selection is stretched to them): the last of the piece before, the first two of this one.
    return joined === undefined ? null : { before: joined.previousElementSibling!.textContent!.match(/\S+\s+$/)![0], after: joined.textContent!.match(/^\S+\s+\S+/)![0] }
  })
  expect(across).not.toBeNull()
  const needle = `${across!.before}${across!.after}`
  expect(TEXT.split(needle)).toHaveLength(2) // once in the text (the sentence numbers differ)
  await dragSelect(page, needle)
  await page.keyboard.press('1')
  await expect(page.getByRole('heading', { name: `Spans (${SENTENCES / 4 + 1})` })).toBeVisible()
  const start = [...TEXT.slice(0, TEXT.indexOf(needle))].length
  const end = start + [...needle].length
  await expect
    .poll(async () => {
      const document = (await exportedDocuments(page, served)).find((d) => d.id === 'one-line')!
      return (document.spans as { start: number; end: number; label: string; text: string }[]).filter((s) => s.label === 'Claim').map((s) => [s.start, s.end, s.text])
    })
    .toEqual([[start, end, slice(TEXT, start, end)]])
  expect(slice(TEXT, start, end)).toBe(needle)
  // Ctrl+A and copy: the whole text, with no line feed between the pieces.
  const copied = await copyAll(page)
  expect(copied).toBe(TEXT)
})
