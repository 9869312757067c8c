/// <reference lib="dom" />
/** Issue 9, point 1: keyboard edge moves land on word edges, inside the paragraph, never on a space. */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { dragSelect, expect, exportedDocuments, inCorpus, openEditor, slice, test } from './fixtures'

const CLAIM = 'So there are no secrets here. We will discuss this with our American and Chinese friends'

test('Alt+arrows move a claim’s edges word by word, on across paragraphs, and never store a space', async ({ page, served }) => {
  await openEditor(page, served)
  await dragSelect(page, CLAIM)
  await page.keyboard.press('1')
  const storedClaim = async () => (await exportedDocuments(page, served))[0].spans.find((s: { label: string }) => s.label === 'Claim').text
  const claim = page.locator('.ProseMirror [data-label="Claim"]')
  await expect(claim).toHaveText(CLAIM)

  await page.keyboard.press('Alt+ArrowLeft') // the end goes back to the end of the previous word
  await expect(claim).toHaveText(CLAIM.replace(/ friends$/, ''))
  expect(await storedClaim()).toBe(CLAIM.replace(/ friends$/, ''))

  await page.keyboard.press('Alt+ArrowRight')
  await page.keyboard.press('Alt+ArrowRight') // takes in the closing full stop and quotation mark
  await expect(claim).toHaveText(`${CLAIM}.”`)
  await page.keyboard.press('Alt+ArrowRight') // past the paragraph's end: on to the next paragraph's first word
  expect(await storedClaim()).toBe(`${CLAIM}.”\nLast`)
  await expect(claim.last()).toHaveText('Last')
  await page.keyboard.press('Alt+ArrowLeft') // and back
  await expect.poll(storedClaim).toBe(`${CLAIM}.”`)
  await expect(claim).toHaveText(`${CLAIM}.”`)

  await page.keyboard.press('Alt+Shift+ArrowRight') // the start goes to the next word's start
  expect(await storedClaim()).toBe(`${CLAIM.replace(/^So /, '')}.”`)
  await page.keyboard.press('Alt+Shift+ArrowLeft')
  await page.keyboard.press('Alt+Shift+ArrowLeft') // the previous word, with the punctuation between
  await expect(claim).toHaveText(`journalists. “${CLAIM}.”`)
  expect(await storedClaim()).toBe(`journalists. “${CLAIM}.”`)
})

test('a right-to-left paragraph reads right to left, beside left-to-right ones; a tag in it is stored by code points', async ({ page, served }) => {
  const arabic = 'قال الرئيس إن المحادثات كانت جيدة.'
  const text = `Mr Putin said talks went well.\n${arabic}\nThe end.`
  const input = join(served.corpus, '..', 'rtl.jsonl')
  writeFileSync(input, `${JSON.stringify({ id: 'rtl', title: 'خبر', text })}\n`)
  execFileSync(process.execPath, [join(__dirname, '..', '..', 'bin', 'marginalia.cjs'), 'import', served.corpus, input], { stdio: 'pipe' })
  await page.goto(`${served.url}#doc=rtl`)
  const paragraphs = page.locator('.ProseMirror > p')
  await expect(paragraphs).toHaveCount(3)
  const directions = await paragraphs.evaluateAll((ps) => ps.map((p) => getComputedStyle(p).direction))
  expect(directions).toEqual(['ltr', 'rtl', 'ltr'])
  expect(await page.locator('h1.document-title').evaluate((title) => getComputedStyle(title).direction)).toBe('rtl') // its Arabic title too
  // The full stop, last in the text, is drawn at the paragraph's left end: left of the first word.
  const [stop, first] = await paragraphs.nth(1).evaluate((p, words) => {
    const node = p.firstChild!
    const range = document.createRange()
    const box = (from: number, to: number) => (range.setStart(node, from), range.setEnd(node, to), range.getBoundingClientRect().left)
    return [box(words.length - 1, words.length), box(0, 3)]
  }, arabic)
  expect(stop).toBeLessThan(first)
  await dragSelect(page, 'المحادثات')
  await page.keyboard.press('1')
  await expect
    .poll(async () => ((await exportedDocuments(page, served)).find((d) => d.id === 'rtl')?.spans ?? []).map((s: { text: string; start: number }) => [s.text, s.start]))
    .toEqual([['المحادثات', [...text.slice(0, text.indexOf('المحادثات'))].length]])
})

test('an edge moved out of view is scrolled to, so the change is seen', async ({ page, served }) => {
  // A Spam span from the first paragraph to the last but one word of the text, which opens scrolled to the top.
  inCorpus(served.corpus, (corpus) => {
    const text = [...corpus.document(1)!.text]
    const end = text.join('').lastIndexOf(' closed')
    corpus.insertSpan(1, { start: 0, end: [...text.join('').slice(0, end)].length, label: 'Spam', annotator: 'e2e' })
  })
  await page.setViewportSize({ width: 1200, height: 500 })
  await openEditor(page, served)
  const spam = page.locator('.ProseMirror [data-label="Spam"]')
  await spam.first().click()
  await expect(spam.first()).toHaveClass(/selected/)
  await page.keyboard.press('Alt+ArrowRight')
  await expect.poll(async () => (await exportedDocuments(page, served))[0].spans[0].text).toMatch(/Comments are closed$/)
  await expect(spam.last()).toBeInViewport()
  await expect(spam.first()).not.toBeInViewport()
})

test('a double click selects the emoji, word or mark under the pointer, on either half of it (all of "U.S", not its "U"), and a label key tags exactly that', async ({ page, served }) => {
  const text = '消息人士👩🏿‍💻称，经济将增长🕒，2.5%🇯🇵\nMr Putin 👍🏽 said U.S. talks went well.'
  const input = join(served.corpus, '..', 'emoji.jsonl')
  writeFileSync(input, `${JSON.stringify({ id: 'double-click', title: 'Double click', text })}\n`)
  execFileSync(process.execPath, [join(__dirname, '..', '..', 'bin', 'marginalia.cjs'), 'import', served.corpus, input], { stdio: 'pipe' })
  await page.goto(`${served.url}#doc=double-click`)
  await expect(page.locator('.document-title')).toHaveText('Double click')
  await expect(page.locator('.ProseMirror > p')).toHaveCount(2)
  /** Where `needle` (its first occurrence) is drawn, as a fraction `across` of its width, in the middle of its height. */
  const pointAt = (needle: string, across: number) =>
    page.locator('.ProseMirror').evaluate(
      (editor, { needle, across }) => {
        const walker = document.createTreeWalker(editor, NodeFilter.SHOW_TEXT)
        for (let node = walker.nextNode() as Text | null; node !== null; node = walker.nextNode() as Text | null) {
          const at = node.data.indexOf(needle)
          if (at === -1) continue
          const range = document.createRange()
          range.setStart(node, at)
          range.setEnd(node, at + needle.length)
          const box = range.getBoundingClientRect()
          return { x: box.left + box.width * across, y: box.top + box.height / 2 }
        }
        throw new Error(`${needle} is not drawn in ${JSON.stringify(editor.textContent)}`)
      },
      { needle, across },
    )
  const tagged: string[] = []
  for (const [needle, across] of [['👩🏿‍💻', 0.8], ['🕒', 0.75], ['🇯🇵', 0.8], ['👍🏽', 0.25], ['Putin', 0.9], ['U.S', 0.1]] as const) {
    await page.keyboard.press('Escape')
    const { x, y } = await pointAt(needle, across)
    await page.mouse.dblclick(x, y)
    await expect.poll(() => page.evaluate(() => window.getSelection()?.toString())).toBe(needle) // shown selected before any key
    await page.keyboard.press('4') // Spam
    tagged.push(needle)
    await expect(page.locator('.ProseMirror [data-label="Spam"]')).toHaveCount(tagged.length)
  }
  await expect
    .poll(async () => ((await exportedDocuments(page, served)).find((d) => d.id === 'double-click')?.spans ?? []).map((s: { text: string; start: number; end: number }) => [s.text, slice(text, s.start, s.end)]))
    .toEqual(tagged.map((needle) => [needle, needle]).sort((a, b) => text.indexOf(a[0]) - text.indexOf(b[0])))
})
