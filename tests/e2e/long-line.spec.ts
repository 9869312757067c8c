/// <reference lib="dom" />
/**
 * Long articles of other shapes than many paragraphs. One with no line feeds at all (a transcript, text
 * extracted from a PDF) is shown in pieces of a paragraph's length, so that it opens and answers like a long
 * article of many paragraphs (one paragraph of the whole text took a minute to open, and the tab then died).
 * One of thousands of short lines (a sentence a line, as CoNLL's text, or a chat log) shows its lines together,
 * a few hundred characters of lines to a paragraph, instead of a paragraph (an element of the page) a line.
 * Offsets, tags across pieces and lines, and copying keep to the text as stored.
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { clickOnText, copyAll, dragSelect, exportedDocuments, expect, scrollPaneTo, slice, test, type Served } from './fixtures'
import type { Page } from '@playwright/test'

const SENTENCES = 4000

/** The article: numbered sentences, each with astral characters, on one line. */
const TEXT = Array.from({ length: SENTENCES }, (_, i) => `${i}: Mr Putin said the talks with 金正恩 went well 😀 and that sanctions relief was discussed. `).join('')

/** Imports a document of `text` with a Speaker over every fourth "Putin"; returns how many spans it has. */
function importWithSpeakers(served: Served, id: string, text: string): number {
  const spans: { start: number; end: number; label: string }[] = []
  let codePoints = 0 // before `at`
  for (let at = text.indexOf('Putin'), from = 0, i = 0; at !== -1; from = at, at = text.indexOf('Putin', at + 1), i++) {
    codePoints += [...text.slice(from, at)].length
    if (i % 4 === 0) spans.push({ start: codePoints, end: codePoints + 5, label: 'Speaker' })
  }
  const input = join(served.corpus, '..', `${id}.jsonl`)
  writeFileSync(input, `${JSON.stringify({ id, title: id, text, spans })}\n`)
  execFileSync(process.execPath, [join(__dirname, '..', '..', 'bin', 'marginalia.cjs'), 'import', served.corpus, input], { stdio: 'pipe' })
  return spans.length
}

/** Opens document `id`, once its text and a span are drawn. */
async function openDocument(page: Page, served: Served, id: string): Promise<void> {
  await page.goto(`${served.url}#doc=${id}`)
  await expect(page.locator('.ProseMirror.long-document')).toBeVisible()
  await expect(page.locator('.ProseMirror [data-span-id]').first()).toBeVisible()
}

/** Tags `needle` (whole words, once in `text`) as a Claim, and checks the export holds exactly it, by code points. */
async function tagAndCheckExport(page: Page, served: Served, id: string, text: string, needle: string, spansBefore: number): Promise<void> {
  expect(text.split(needle)).toHaveLength(2)
  await dragSelect(page, needle)
  await page.keyboard.press('1')
  await expect(page.getByRole('heading', { name: `Spans (${spansBefore + 1})` })).toBeVisible()
  const start = [...text.slice(0, text.indexOf(needle))].length
  const end = start + [...needle].length
  await expect
    .poll(async () => {
      const document = (await exportedDocuments(page, served)).find((d) => d.id === id)!
      return (document.spans as { start: number; end: number; label: string; text: string }[]).filter((s) => s.label === 'Claim').map((s) => [s.start, s.end, s.text])
    })
    .toEqual([[start, end, needle]])
  expect(slice(text, start, end)).toBe(needle)
}


test('a long article on one line opens in pieces; a tag across two pieces and copying keep to the text', async ({ page, served }) => {
  test.setTimeout(180_000)
  const spans = importWithSpeakers(served, 'one-line', TEXT)
  await openDocument(page, served, 'one-line')
  // Many paragraphs, all but the first continuing the line; most of the text is not in the page.
  const paragraphs = await page.locator('.ProseMirror > p').count()
  expect(paragraphs).toBeGreaterThan(100)
  expect(await page.locator('.ProseMirror > p.joined').count()).toBe(paragraphs - 1)
  expect((await page.locator('.ProseMirror').textContent())!.length).toBeLessThan(TEXT.length / 4)
  // Near the end, select from the end of one piece into the next one, and tag it.
  await scrollPaneTo(page, 0.9)
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
  // The pieces flow on as one paragraph: each drawn piece starts on the line where the one before it ends.
  const lineBreaks = await page.locator('.ProseMirror').evaluate((editor) => {
    const drawn = (p: Element | null) => p !== null && !p.classList.contains('far-paragraph') && p.textContent !== ''
    const pairs = [...editor.querySelectorAll(':scope > p.joined')].filter((p) => drawn(p) && drawn(p.previousElementSibling))
    const breaks = pairs.filter((p) => {
      const before = [...p.previousElementSibling!.getClientRects()].at(-1)!
      return Math.abs(p.getClientRects()[0].top - before.top) > 1
    })
    return { pairs: pairs.length, breaks: breaks.length }
  })
  expect(lineBreaks.pairs).toBeGreaterThan(0)
  expect(lineBreaks.breaks).toBe(0)
  await tagAndCheckExport(page, served, 'one-line', TEXT, `${across!.before}${across!.after}`, spans)
  // Ctrl+A and copy: the whole text, with no line feed between the pieces.
  expect(await copyAll(page)).toBe(TEXT)
})

/** A text of 6,000 short lines, a sentence each. */
const LINES = Array.from({ length: 6000 }, (_, i) => `${i}: Mr Putin said so 😀.`).join('\n')

test('a text of thousands of short lines shows them together; a tag across lines and copying keep to the text', async ({ page, served }) => {
  test.setTimeout(180_000)
  const spans = importWithSpeakers(served, 'many-lines', LINES)
  await openDocument(page, served, 'many-lines')
  // A few hundred characters of lines to a paragraph, not a paragraph a line; each line still on a line of its own.
  const paragraphs = await page.locator('.ProseMirror > p').count()
  expect(paragraphs).toBeLessThan(6000 / 20)
  const first = page.locator('.ProseMirror > p').first()
  expect(await first.textContent()).toMatch(/^0: Mr Putin said so 😀\.\n1: Mr Putin said so 😀\.\n/)
  const lineHeight = await first.evaluate((p) => parseFloat(getComputedStyle(p).lineHeight))
  expect(await first.evaluate((p) => p.getBoundingClientRect().height)).toBeGreaterThan(lineHeight * 10)
  // Near the end, select from the end of one line into the next, and tag it.
  await scrollPaneTo(page, 0.9)
  await tagAndCheckExport(page, served, 'many-lines', LINES, 'so 😀.\n5400: Mr', spans)
  expect(await copyAll(page)).toBe(LINES)
})

test('two long lines in a row each start a line of their own, apart as paragraphs are, though each is shown in pieces', async ({ page, served }) => {
  const first = `${'Alpha said the talks went well. '.repeat(80)}END1.`
  const second = `START2 ${'Beta said sanctions relief was discussed. '.repeat(70)}END2.`
  const text = `Short opening line.\n${first}\n${second}\nShort closing line.`
  const input = join(served.corpus, '..', 'two-long.jsonl')
  writeFileSync(input, `${JSON.stringify({ id: 'two-long', title: 'two-long', text, spans: [{ start: 0, end: 5, label: 'Claim' }] })}\n`)
  execFileSync(process.execPath, [join(__dirname, '..', '..', 'bin', 'marginalia.cjs'), 'import', served.corpus, input], { stdio: 'pipe' })
  await page.goto(`${served.url}#doc=two-long`)
  await expect(page.locator('.ProseMirror [data-span-id]').first()).toBeVisible()
  const boxes = await page.evaluate(() => {
    const editor = document.querySelector('.ProseMirror')!
    const box = (word: string) => {
      const walker = document.createTreeWalker(editor, NodeFilter.SHOW_TEXT)
      for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
        const at = node.textContent!.indexOf(word)
        if (at === -1) continue
        const range = document.createRange()
        range.setStart(node, at)
        range.setEnd(node, at + word.length)
        const rect = range.getClientRects()[0]
        return { top: rect.top, bottom: rect.bottom, left: rect.left }
      }
      throw new Error(`${word} is not shown`)
    }
    const lineHeight = parseFloat(getComputedStyle(editor).lineHeight)
    return { end1: box('END1.'), start2: box('START2'), end2: box('END2.'), closing: box('Short closing'), opening: box('opening line'), first: box('Alpha'), lineHeight, left: editor.getBoundingClientRect().left }
  })
  // Each line begins at the text's left edge, below the line before and apart from it as two paragraphs are
  // (a line further than the next line of one paragraph would be).
  for (const [before, after] of [[boxes.opening, boxes.first], [boxes.end1, boxes.start2], [boxes.end2, boxes.closing]]) {
    expect(after.top - before.top).toBeGreaterThan(boxes.lineHeight * 1.2)
    expect(after.left - boxes.left).toBeLessThan(2)
  }
})

test('a triple click selects the line of the text clicked, whatever part of it is drawn: a piece of a long line, or one of many lines shown together', async ({ page, served }) => {
  test.setTimeout(180_000)
  const claimsOf = async (id: string) =>
    ((await exportedDocuments(page, served)).find((d) => d.id === id)!.spans as { start: number; end: number; label: string }[]).filter((s) => s.label === 'Claim').map((s) => [s.start, s.end])
  // Many lines shown together: line 3000 alone.
  importWithSpeakers(served, 'many-lines', LINES)
  await openDocument(page, served, 'many-lines')
  await scrollPaneTo(page, 0.5)
  await clickOnText(page, 'said so', '3000: Mr Putin said so', 3)
  await page.keyboard.press('1')
  const line = '3000: Mr Putin said so 😀.'
  const start = [...LINES.slice(0, LINES.indexOf(line))].length
  await expect.poll(() => claimsOf('many-lines')).toEqual([[start, start + [...line].length]])
  // One long line shown in pieces, clicked far down: the whole line, from its first character to its last.
  importWithSpeakers(served, 'one-line', TEXT)
  await openDocument(page, served, 'one-line')
  await scrollPaneTo(page, 0.6)
  // A sentence drawn in view (the pieces far from it are placeholders, drawn a frame after the scroll).
  let sentence = ''
  await expect
    .poll(async () => {
      sentence = await page.locator('.editor-pane').evaluate((pane) => {
        const view = pane.getBoundingClientRect()
        for (const piece of pane.querySelectorAll('.ProseMirror > p:not(.far-paragraph)')) {
          const rect = piece.getBoundingClientRect()
          const found = rect.top > view.top && rect.top < view.bottom - 100 ? /(\d+): Mr Putin said the talks/u.exec(piece.textContent ?? '') : null
          if (found !== null) return found[1]
        }
        return ''
      })
      return sentence
    })
    .not.toBe('')
  expect(Number(sentence)).toBeGreaterThan(1000)
  await clickOnText(page, 'talks with', `${sentence}: Mr Putin said the talks with`, 3)
  await page.keyboard.press('1')
  await expect.poll(() => claimsOf('one-line')).toEqual([[0, [...TEXT.trimEnd()].length]]) // the tag leaves out the space it ends with, as every tag does
})
