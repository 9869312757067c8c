/// <reference lib="dom" />
/**
 * Issue 9, point 3: search opens exactly the occurrence it shows; phrases match as phrases; every hit of a
 * document is listed with a count and Enter / Shift+Enter step through them; results come as one types; any
 * character can be searched. Point 4: keys act on the document after a click in the side panel.
 */
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { EMOJI_TEXT, dragSelect, expect, exportedDocuments, openEditor, test, type Served } from './fixtures'

/** The text around the `.search-match` element, in the paragraph it is in. */
async function matchInContext(page: import('@playwright/test').Page): Promise<{ match: string; before: string; after: string }> {
  return page.locator('.search-match').first().evaluate((element) => {
    const paragraph = element.closest('p')!
    const range = document.createRange()
    range.setStart(paragraph, 0)
    range.setEndBefore(element)
    const before = range.toString()
    range.setStartAfter(element)
    range.setEnd(paragraph, paragraph.childNodes.length)
    return { match: element.textContent ?? '', before: before.slice(-30), after: range.toString().slice(0, 30) }
  })
}

test('results come as one types, and opening one shows exactly the occurrence its snippet shows', async ({ page, served }) => {
  await openEditor(page, served)
  await page.keyboard.press('/')
  await page.keyboard.type('Mr Kim', { delay: 30 }) // no Enter: results follow the typing
  const results = page.getByRole('list', { name: 'Search results' })
  await expect(page.locator('.search-summary')).toHaveText(/^\d+ matches in 1 document$/)
  const hit = results.locator('.search-hit').filter({ hasText: 'he and Mr Kim had discussed' })
  await expect(hit).toHaveCount(1)
  await expect(hit.locator('mark')).toHaveText('Mr Kim')
  await hit.click()
  const shown = await matchInContext(page)
  expect(shown.match).toBe('Mr Kim')
  expect(shown.before).toMatch(/he said he and $/)
  expect(shown.after).toMatch(/^ had discussed/)
  // The occurrence is selected: a label key tags exactly it.
  await page.keyboard.press('2')
  const [summit] = await exportedDocuments(page, served)
  const tagged = summit.spans.find((s: { label: string }) => s.label === 'Speaker')
  expect(tagged.text).toBe('Mr Kim')
  expect([...summit.text].slice(tagged.start - 12, tagged.start).join('')).toBe('said he and ')
})

test('a quoted phrase matches as a phrase; Enter and Shift+Enter step through every occurrence, with a count', async ({ page, served }) => {
  await openEditor(page, served)
  const box = page.getByRole('searchbox', { name: 'Search the corpus' })
  await box.fill('"sanctions relief"')
  await box.press('Enter')
  await expect(page.locator('.search-summary')).toHaveText('2 matches in 1 document')
  await expect(page.locator('.search-document .count')).toHaveText('2')
  const marks = page.getByRole('list', { name: 'Search results' }).locator('mark')
  await expect(marks).toHaveText(['sanctions relief', 'sanctions relief'])
  await expect(page.locator('.search-match')).toHaveText('sanctions relief')
  const first = await matchInContext(page)
  await box.press('Enter') // the next occurrence; the focus stays in the box
  await expect(box).toBeFocused()
  const second = await matchInContext(page)
  expect(second.match).toBe('sanctions relief')
  expect(second.before).not.toBe(first.before)
  await expect(page.locator('.search-hit[aria-current="true"]')).toHaveCount(1)
  await box.press('Enter') // wraps around to the first
  expect((await matchInContext(page)).before).toBe(first.before)
  await box.press('Shift+Enter') // and back to the last
  expect((await matchInContext(page)).before).toBe(second.before)
  await box.fill('denuclearisation') // another query with matches: the old occurrence is not left highlighted as one of them
  await expect(page.locator('.search-summary')).toHaveText(/^\d+ matches? in 1 document$/)
  await expect(page.locator('.search-match')).toHaveCount(0)
  await box.press('Enter')
  await expect(page.locator('.search-match')).toHaveText(/denuclearisation/i)
  await box.fill('"sanctions zebra"') // nothing matches: no occurrence stays highlighted as if it did
  await box.press('Enter')
  await expect(page.locator('.search-summary')).toHaveText('Nothing matches "sanctions zebra"')
  await expect(page.locator('.search-match')).toHaveCount(0)
  await box.press('Escape')
  await expect(page.locator('.search-panel')).toBeHidden()
})

test("a result's title opens its document at the first match", async ({ page, served }) => {
  await openEditor(page, served)
  await expect(page.locator('.document-title')).toHaveText('vladivostok-summit')
  const box = page.getByRole('searchbox', { name: 'Search the corpus' })
  await box.fill('flags')
  const title = page.getByRole('list', { name: 'Search results' }).getByRole('button', { name: 'Emoji test' })
  await title.click()
  await expect(page.locator('.document-title')).toHaveText('Emoji test')
  await expect(page.locator('.search-match')).toHaveText('flags')
})

test('emoji and CJK inside a run of characters can be searched, and the hit opens in their document', async ({ page, served }) => {
  await openEditor(page, served)
  const box = page.getByRole('searchbox', { name: 'Search the corpus' })
  for (const needle of ['👩‍👩‍👧', '正恩', '🇷🇺']) {
    await box.fill(needle)
    await box.press('Enter')
    await expect(page.locator('.document-title')).toHaveText('Emoji test')
    await expect(page.locator('.search-match')).toHaveText(needle)
    expect(EMOJI_TEXT).toContain(needle)
  }
})

test('after a click in the side panel, undo and label keys still act on the document', async ({ page, served }) => {
  await openEditor(page, served)
  await dragSelect(page, 'Mr Putin', 'Mr Putin told journalists')
  await page.keyboard.press('2')
  await dragSelect(page, 'Vladimir Putin')
  await page.keyboard.press('3')
  // The new Source comes first in the span list, moving the Speaker down: wait for it, as a person would.
  await expect(page.getByRole('list', { name: 'Spans' }).getByRole('button', { name: /^Source Vladimir Putin/ })).toBeVisible()
  // Select the Speaker from the span list: the focus is now on that button, not in the text.
  await page.getByRole('list', { name: 'Spans' }).getByRole('button', { name: /^Speaker Mr Putin/ }).click()
  await expect(page.locator('.annotation.selected')).toHaveText('Mr Putin')
  await page.keyboard.press('1') // relabels the selected span
  await expect(page.locator('.ProseMirror [data-label="Claim"]')).toHaveText('Mr Putin')
  await page.getByRole('list', { name: 'Spans' }).getByRole('button', { name: /^Source Vladimir Putin/ }).click()
  await page.keyboard.press('Control+z') // undoes the relabelling
  await expect(page.locator('.ProseMirror [data-label="Speaker"]')).toHaveText('Mr Putin')
  await page.keyboard.press('Delete') // removes the selected Source
  await expect(page.locator('.ProseMirror [data-label="Source"]')).toHaveCount(0)
  expect((await exportedDocuments(page, served))[0].spans.map((s: { label: string }) => s.label)).toEqual(['Speaker'])
})

test('NOT or a minus leaves out the documents holding a word; alone, it lists the documents without it', async ({ page, served }) => {
  await openEditor(page, served)
  await page.keyboard.press('/')
  const results = page.getByRole('list', { name: 'Search results' })
  const summit = results.locator('.search-document').filter({ hasText: /vladivostok/i })
  await page.keyboard.type('Putin', { delay: 20 })
  await expect(summit).toHaveCount(1)
  await page.keyboard.type(' NOT Pyongyang', { delay: 20 }) // the sample article has both
  await expect(page.locator('.search-summary')).not.toHaveText(/Putin$/)
  await expect(summit).toHaveCount(0)
  await page.keyboard.press('Control+a')
  await page.keyboard.type('NOT Pyongyang', { delay: 20 })
  await expect(page.locator('.search-summary')).toHaveText(/^\d+ documents? without what is left out, in corpus order$/)
  await expect(results.locator('.search-document')).not.toHaveCount(0)
  await expect(results.getByText('Only the title matches')).toHaveCount(0)
  const without = await results.locator('.search-document').count()
  // A minus before a term leaves it out too; NOT typed alone (twice) is the word, not a query of nothing but NOT.
  await page.keyboard.press('Control+a')
  await page.keyboard.type('Putin -Pyongyang', { delay: 20 })
  await expect(page.locator('.search-summary')).not.toHaveText(/Putin$/)
  await expect(summit).toHaveCount(0)
  await page.keyboard.press('Control+a')
  await page.keyboard.type('-Pyongyang', { delay: 20 })
  await expect(page.locator('.search-summary')).toHaveText(/^\d+ documents? without what is left out, in corpus order$/)
  await expect(results.locator('.search-document')).toHaveCount(without)
  await page.keyboard.press('Control+a')
  await page.keyboard.type('NOT NOT', { delay: 20 })
  await expect(page.locator('.search-summary')).not.toHaveText(/without what/)
  await page.keyboard.press('Control+a')
  await page.keyboard.type('NOT Pyongyang', { delay: 20 })
  await expect(page.locator('.search-summary')).toHaveText(/without what is left out/)
  await results.locator('.search-hit').first().click()
  await expect(page.locator('h1.document-title')).not.toHaveText('')
})

/** Imports a log of 250 lines with "zebra" on each, opens the editor and searches for it; returns the search box. */
async function searchZebraLog(page: import('@playwright/test').Page, served: Served): Promise<import('@playwright/test').Locator> {
  const input = join(dirname(served.corpus), 'zebras.jsonl')
  const text = Array.from({ length: 250 }, (_, i) => `Sighting ${i}: a zebra crossed.`).join('\n')
  writeFileSync(input, `${JSON.stringify({ id: 'zebras', title: 'Zebra log', text })}\n`)
  const result = spawnSync(process.execPath, [join(__dirname, '..', '..', 'bin', 'marginalia.cjs'), 'import', '--quiet', served.corpus, input], { encoding: 'utf8' })
  expect(result.status, result.stderr).toBe(0)
  await openEditor(page, served)
  const box = page.getByRole('searchbox', { name: 'Search the corpus' })
  await box.fill('zebra')
  return box
}

test('Enter and Shift+Enter reach every occurrence of a document, past the first 200 listed', async ({ page, served }) => {
  const box = await searchZebraLog(page, served)
  await expect(page.locator('.search-document .count')).toHaveText('250')
  await expect(page.locator('.search-more')).toHaveText('and 50 more matches: list them all')
  await box.press('Shift+Enter') // from nothing shown, back: the last occurrence, listed once asked for
  await expect(page.locator('.search-match')).toHaveText('zebra')
  expect((await matchInContext(page)).before).toBe('Sighting 249: a ')
  await expect(page.getByRole('list', { name: 'Search results' }).locator('mark')).toHaveCount(250)
  await expect(page.locator('.search-more')).toHaveCount(0)
  await box.press('Enter') // wraps round to the first
  expect((await matchInContext(page)).before).toBe('Sighting 0: a ')
})

test('Enters pressed faster than the occurrences past the first 200 are listed each step once, none lost', async ({ page, served }) => {
  const box = await searchZebraLog(page, served)
  await expect(page.locator('.search-more')).toHaveText('and 50 more matches: list them all')
  // 205 Enters as a held key sends them, none waiting for the one before: the 205th occurrence is shown.
  await box.evaluate((element) => {
    for (let i = 0; i < 205; i++) element.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }))
  })
  const shown = async () => (await matchInContext(page).catch(() => ({ before: '' }))).before // '' while the match is redrawn
  await expect.poll(shown, { timeout: 20_000 }).toBe('Sighting 204: a ')
  await page.waitForTimeout(500)
  expect((await matchInContext(page)).before).toBe('Sighting 204: a ')
})

test("a span tagged over the search match shows its own colour: the match is drawn as a ring around it, not a fill over it", async ({ page, served }) => {
  await openEditor(page, served)
  const box = page.getByRole('searchbox', { name: 'Search the corpus' })
  await box.fill('"sanctions relief"')
  await box.press('Enter')
  const match = page.locator('.ProseMirror .search-match')
  await expect(match).toHaveText('sanctions relief')
  const fill = await match.evaluate((element) => getComputedStyle(element).backgroundColor)
  expect(fill).not.toBe('rgba(0, 0, 0, 0)') // alone, the match is filled
  await box.press('Escape')
  await expect(page.locator('.ProseMirror')).toBeFocused()
  await dragSelect(page, 'immediate sanctions relief') // the match within the span
  await page.keyboard.press('1')
  await expect(page.locator('.ProseMirror [data-label="Claim"]')).toHaveText(['immediate ', 'sanctions relief'])
  await page.keyboard.press('Escape') // the span let go: drawn as any span, not as the selected one
  await expect(page.locator('.ProseMirror .annotation.selected')).toHaveCount(0)
  await expect(match).toHaveText('sanctions relief') // still shown
  // Whichever way the two are nested, no element over the Claim's text paints the match's fill, and the match is ringed.
  const looks = await page.locator('.ProseMirror').evaluate((editor) => {
    const matchElement = editor.querySelector('.search-match')!
    // The match's own element, or the innermost element inside it: what paints over the text.
    let inner: Element = matchElement
    while (inner.firstElementChild !== null) inner = inner.firstElementChild
    return { fill: getComputedStyle(inner).backgroundColor, matchFill: getComputedStyle(matchElement).backgroundColor, ring: getComputedStyle(matchElement).outlineStyle }
  })
  expect(looks.fill).not.toBe(fill)
  expect(looks.matchFill).not.toBe(fill)
  expect(looks.ring).toBe('solid')
})
