/// <reference lib="dom" />
/**
 * Issue 10: a long article (2,000 paragraphs, 3,000 spans) draws only the text and spans near view, yet
 * wherever it is scrolled the text in view is there, Tab reaches a span far down and draws and selects it
 * there, a search hit far down opens drawn with the spans around it, a click on a span far down selects it,
 * a relation between far-apart spans is drawn from either end, a selection from the top to far down tags
 * exactly that text, copying takes the whole text, and undo and redo far from the view scroll to what they
 * change.
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { copyAll, dragSelect, exportedDocuments, expect, scrollPaneTo, slice, test, type Served } from './fixtures'
import type { Page } from '@playwright/test'

const PARAGRAPHS = 2000
const SPANS = 3000
const FAR = 1990 // the paragraph holding the rare word, near the end

const SENTENCE = 'Mr Putin said the talks with 金正恩 went well 😀 and that sanctions relief was discussed. '

/** Paragraph `i` of the long article (some longer than others, so that their heights differ). */
const lineOf = (i: number) => `${i}: ${SENTENCE.repeat(1 + (i % 4))}${i === FAR ? 'A zebracorn was seen.' : ''}`

/** Imports the long article into the served corpus. */
function importLongArticle(served: Served): void {
  const lines = Array.from({ length: PARAGRAPHS }, (_, i) => lineOf(i))
  const text = lines.join('\n')
  const codePoints = [...text]
  // Where each line starts, in code points (worked out once: spreading the text before each line for each of
  // 3,000 spans took a minute, four under load, which timed the test out).
  const lineStarts = [0]
  for (const line of lines) lineStarts.push(lineStarts[lineStarts.length - 1] + [...line].length + 1)
  const startOf = (line: number) => lineStarts[line]
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


/** What the paragraphs in the pane's view show: their index, whether drawn as a placeholder, and their text. */
/** True if the last character of the text is inside the editor pane's visible area. */
const lastCharacterInView = (page: Page) =>
  page.evaluate(() => {
    const text = document.querySelector('.ProseMirror > p:last-child')!.lastChild!
    const range = document.createRange()
    range.setStart(text, (text.textContent ?? '').length - 1)
    range.setEnd(text, (text.textContent ?? '').length)
    const character = range.getBoundingClientRect()
    const pane = document.querySelector('.editor-pane')!.getBoundingClientRect()
    return character.height > 0 && character.top >= pane.top && character.bottom <= pane.bottom
  })

const paragraphsInView = (page: Page) =>
  page.locator('.editor-pane').evaluate((pane) => {
    const view = pane.getBoundingClientRect()
    return [...pane.querySelectorAll('.ProseMirror > p')].flatMap((p, index) => {
      const box = p.getBoundingClientRect()
      return box.bottom > view.top && box.top < view.bottom ? [{ index, far: p.classList.contains('far-paragraph'), text: p.textContent ?? '' }] : []
    })
  })

test('the text far from view is not in the page, yet wherever the article is scrolled the text in view is there', async ({ page, served }) => {
  test.setTimeout(240_000)
  await openLongArticle(page, served)
  expect(await page.locator('.ProseMirror > p').count()).toBe(PARAGRAPHS)
  expect(await page.locator('.ProseMirror > p.far-paragraph').count()).toBeGreaterThan(PARAGRAPHS / 2)
  expect(await page.locator('.ProseMirror > p.far-paragraph').first().textContent()).toBe('')
  for (const fraction of [0.5, 0.13, 0.87, 1, 0.3]) {
    await scrollPaneTo(page, fraction)
    await expect
      .poll(async () => {
        const shown = await paragraphsInView(page)
        return shown.length > 0 && shown.every((p) => !p.far && p.text === lineOf(p.index))
      }, { message: `the paragraphs in view at ${fraction} of the article hold their own text` })
      .toBe(true)
  }
  // A paragraph far away brought into view stays in view while the text around it is drawn, though its
  // neighbours' drawn heights differ from their placeholders' (the view keeps its place).
  for (const index of [600, 1400, 250, 1700]) {
    const paragraph = page.locator('.ProseMirror > p').nth(index)
    await paragraph.evaluate((p) => p.scrollIntoView({ block: 'center' }))
    await expect(paragraph).toHaveText(lineOf(index))
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))
    await expect(paragraph).toBeInViewport()
  }
  // Jumps with the keyboard land where they go on the first press, though the paragraphs they pass are
  // placeholders whose heights are estimates: Ctrl+End shows the last line, Ctrl+Home the title.
  const last = page.locator('.ProseMirror > p').last()
  for (const from of [0.2, 0.6]) {
    await scrollPaneTo(page, from)
    await page.locator('.ProseMirror > p:not(.far-paragraph)').first().click()
    await page.keyboard.press('Control+End')
    await expect(last).toHaveText(lineOf(PARAGRAPHS - 1))
    await expect.poll(() => lastCharacterInView(page), { message: `Ctrl+End from ${from} of the article shows the text's last line` }).toBe(true)
    // Scrolling away from it afterwards stays where the reader scrolled (the view is not brought back to the caret).
    await scrollPaneTo(page, 0.5)
    await page.waitForTimeout(300)
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))
    expect(await lastCharacterInView(page)).toBe(false)
    const shown = await paragraphsInView(page)
    expect(Math.abs(shown[0].index - PARAGRAPHS / 2)).toBeLessThan(PARAGRAPHS / 10)
    await page.keyboard.press('Control+Home')
    await expect(page.locator('.document-title')).toBeInViewport()
    await expect(page.locator('.ProseMirror > p').first()).toBeInViewport({ ratio: 1 })
  }
})

test('a selection from the top to far down tags exactly that text; copying all takes the whole text', async ({ page, served }) => {
  test.setTimeout(240_000)
  await openLongArticle(page, served)
  // From a word of the second paragraph that no span covers (a click on a span would select the span) to
  // "seen" at the end of the paragraph near the end, reached by scrolling, with Shift held.
  // (`skip`: how many such words to pass over, so that a click tried again is made on another word.)
  const wordInSecondParagraph = (skip: number) =>
    page.locator('.ProseMirror > p').nth(1).evaluate((p, skip) => {
      const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT)
      let offset = 0
      for (let node = walker.nextNode() as Text | null; node !== null; node = walker.nextNode() as Text | null) {
        const word = node.parentElement === p ? node.data.search(/(?<=^|\s)[A-Za-z]/) : -1
        if (word !== -1 && (word > 0 || /\s$/.test((p.textContent ?? '').slice(0, offset))) && skip-- === 0) {
          const range = document.createRange()
          range.setStart(node, word)
          range.setEnd(node, word + 1)
          const box = range.getBoundingClientRect()
          return { x: box.left + 1, y: box.top + box.height / 2, offset: offset + word }
        }
        offset += node.data.length
      }
      throw new Error('every word of the paragraph is in a span')
    }, skip)
  // The click puts the caret there; should the caret land in another paragraph (CI once found it a paragraph
  // above: the page still settling, perhaps), it is made again on the next such word, where it is now.
  const caretParagraph = () =>
    page.evaluate(() => {
      const node = getSelection()!.anchorNode
      return [...document.querySelectorAll('.ProseMirror > p')].indexOf((node instanceof Element ? node : node?.parentElement)?.closest('.ProseMirror > p') as Element)
    })
  let from = await wordInSecondParagraph(0)
  for (let attempt = 1; ; attempt++) {
    await page.mouse.click(from.x, from.y)
    if ((await caretParagraph()) === 1) break
    if (attempt === 3) throw new Error('a click on the second paragraph kept landing elsewhere')
    from = await wordInSecondParagraph(attempt)
  }
  await scrollPaneTo(page, 1)
  const far = page.locator('.ProseMirror > p').nth(FAR)
  await expect(far).toContainText('zebracorn was seen.')
  await far.evaluate((p) => p.scrollIntoView({ block: 'center' })) // the paragraphs above may have settled to other heights
  await expect(far).toBeInViewport()
  const to = await far.evaluate((p) => {
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode() as Text | null; node !== null; node = walker.nextNode() as Text | null) {
      const at = node.data.indexOf('seen.')
      if (at === -1) continue
      const range = document.createRange()
      range.setStart(node, at + 3)
      range.setEnd(node, at + 4)
      const box = range.getBoundingClientRect()
      return { x: box.right - 1, y: box.top + box.height / 2 }
    }
    throw new Error('no "seen."')
  })
  await page.keyboard.down('Shift')
  await page.mouse.click(to.x, to.y)
  await page.keyboard.up('Shift')
  // The page's selection runs from the second paragraph to the one far down (past the placeholders between).
  const selectedParagraphs = () =>
    page.evaluate(() => {
      const selection = getSelection()!
      const paragraphs = [...document.querySelectorAll('.ProseMirror > p')]
      const indexOf = (node: Node | null) => paragraphs.indexOf((node instanceof Element ? node : node?.parentElement)?.closest('.ProseMirror > p') as Element)
      return [indexOf(selection.anchorNode), indexOf(selection.focusNode)]
    })
  await expect.poll(selectedParagraphs).toEqual([1, FAR])
  await page.keyboard.press('1')
  await expect(page.getByRole('heading', { name: `Spans (${SPANS + 1})` })).toBeVisible({ timeout: 30_000 })
  const text = Array.from({ length: PARAGRAPHS }, (_, i) => lineOf(i)).join('\n')
  const codePoints = (s: string) => [...s].length
  const start = codePoints(lineOf(0)) + 1 + codePoints(lineOf(1).slice(0, from.offset))
  const end = codePoints(text.slice(0, text.lastIndexOf('seen.'))) + 'seen'.length
  await expect
    .poll(async () => {
      const document = (await exportedDocuments(page, served)).find((d) => d.id === 'long')!
      const tagged = (document.spans as { start: number; end: number }[]).filter((s) => s.end - s.start > 10_000)
      return tagged.map((s) => [s.start, s.end])
    }, { timeout: 30_000 })
    .toEqual([[start, end]])
  expect(slice(text, end - 4, end)).toBe('seen')
  // Ctrl+A and copy: the clipboard gets the whole text, though most of it is not in the page.
  const copied = await copyAll(page)
  expect(copied).toBe(text) // one line feed between paragraphs, as stored
})

test('undo and redo of a tag far from the view scroll to where they change the text', async ({ page, served }) => {
  test.setTimeout(240_000)
  await openLongArticle(page, served)
  await scrollPaneTo(page, 1) // as a reader would, before selecting text down there
  await expect(page.locator('.ProseMirror > p').nth(FAR)).toContainText('zebracorn')
  await dragSelect(page, 'seen', 'zebracorn was seen')
  await page.keyboard.press('1')
  const tagged = page.locator('.ProseMirror .annotation.selected')
  await expect(tagged).toHaveText('seen')
  const id = await tagged.first().getAttribute('data-span-id')
  const far = page.locator('.ProseMirror p').nth(FAR)
  const toTop = () => scrollPaneTo(page, 0)
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

test('Ctrl+A selects the whole text and leaves the view where it was; a label key then tags all of it', async ({ page, served }) => {
  test.setTimeout(180_000)
  await openLongArticle(page, served)
  await page.locator('.ProseMirror').click()
  await scrollPaneTo(page, 0.4)
  const pane = page.locator('.editor-pane')
  const before = await pane.evaluate((element) => element.scrollTop)
  await page.keyboard.press('Control+a')
  await page.waitForTimeout(300) // a scroll the key would make
  expect(Math.abs((await pane.evaluate((element) => element.scrollTop)) - before)).toBeLessThan(50)
  await page.keyboard.press('4')
  await expect
    .poll(async () => {
      const long = (await exportedDocuments(page, served)).find((d) => d.id === 'long')!
      return (long.spans as { label: string; start: number; end: number }[]).filter((s) => s.label === 'Spam').map((s) => [s.start, s.end])
    })
    .toEqual([[0, [...Array.from({ length: PARAGRAPHS }, (_, i) => lineOf(i)).join('\n').trimEnd()].length]])
})

/** Imports a chat log of 5,000 short lines, no spans, the rare word on line 3,000. */
function importChatLog(served: Served): void {
  const lines = Array.from({ length: 5000 }, (_, i) => `[${String(i).padStart(4, '0')}] ana: ok 👍 see you at ${i % 24}h, bring the notes${i === 3000 ? ' zebracorn' : ''}`)
  const input = join(served.corpus, '..', 'chat.txt')
  writeFileSync(input, lines.join('\n'))
  execFileSync(process.execPath, [join(__dirname, '..', '..', 'bin', 'marginalia.cjs'), 'import', served.corpus, input], { stdio: 'pipe' })
}

for (const kind of ['article', 'chat log'] as const) {
  test(`the first Enter of a search opening a long ${kind} shows its hit: in view (lines of a chat log grouped in tall paragraphs moved it out), and in a narrow window not under the results`, async ({ page, served }) => {
    test.setTimeout(240_000)
    if (kind === 'article') importLongArticle(served)
    else importChatLog(served)
    await page.setViewportSize({ width: 700, height: 760 })
    await page.goto(served.url)
    await expect(page.locator('.ProseMirror')).toBeVisible()
    await expect(page.locator('.ProseMirror.long-document')).toHaveCount(0) // another document open first
    const box = page.getByRole('searchbox', { name: 'Search the corpus' })
    await box.fill('zebracorn')
    await expect(page.getByRole('list', { name: 'Search results' }).locator('.search-hit').first()).toBeVisible()
    await box.press('Enter')
    const match = page.locator('.ProseMirror .search-match')
    await expect(match).toHaveText('zebracorn')
    await expect(page.locator('.ProseMirror.long-document')).toHaveCount(1) // drawn near view only
    // What is drawn at the hit's middle is the hit: in view, and not under the results.
    const seen = () =>
      page.evaluate(() => {
        const hit = document.querySelector('.ProseMirror .search-match')
        if (hit === null) return 'no hit'
        const rect = hit.getClientRects()[0]
        const pane = document.querySelector('.editor-pane')!.getBoundingClientRect()
        if (rect.bottom > pane.bottom || rect.top < pane.top) return 'out of view'
        const top = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2)
        return top !== null && hit.contains(top) ? 'seen' : `under ${top?.className}`
      })
    await expect.poll(seen, { timeout: 5_000 }).toBe('seen')
    await expect(box).toBeFocused()
  })
}
