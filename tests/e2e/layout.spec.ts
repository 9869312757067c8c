/// <reference lib="dom" />
/** Issue 9, point 11: guidelines fold away, panes resize, the theme can be switched; all remembered. */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, openEditor, test } from './fixtures'

test('guidelines fold away, the side panel and document list resize, and the theme switches; a reload keeps all three', async ({ page, served }) => {
  await openEditor(page, served)
  const guideline = page.locator('.side-panel .guideline').first()
  await expect(guideline).toBeVisible()
  const spansHeading = page.locator('.side-panel h2', { hasText: 'Spans' })
  const before = (await spansHeading.boundingBox())!.y
  await page.getByRole('button', { name: 'Hide guidelines' }).click()
  await expect(guideline).toBeHidden()
  expect((await spansHeading.boundingBox())!.y).toBeLessThan(before - 100) // the lists move up into view

  const panel = page.locator('.side-panel')
  const panelWidth = async () => (await panel.boundingBox())!.width
  const start = await panelWidth()
  const handle = page.getByRole('separator', { name: 'Width of the side panel' })
  const box = (await handle.boundingBox())!
  await page.mouse.move(box.x + box.width / 2, box.y + 200)
  await page.mouse.down()
  await page.mouse.move(box.x + box.width / 2 - 120, box.y + 200, { steps: 6 })
  await page.mouse.up()
  expect(await panelWidth()).toBeGreaterThan(start + 100)
  const list = page.getByRole('separator', { name: 'Width of the document list' })
  await list.focus()
  await page.keyboard.press('Shift+ArrowRight')
  await expect(list).toHaveAttribute('aria-valuenow', '304')

  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor)
  const light = await background()
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark')
  await expect.poll(background).not.toBe(light)
  const dark = await background()

  const widened = await panelWidth()
  await page.reload()
  await expect(page.locator('.ProseMirror')).toBeVisible()
  await expect(page.locator('.side-panel .guideline').first()).toBeHidden()
  expect(Math.abs((await panelWidth()) - widened)).toBeLessThan(2)
  await expect(page.getByRole('separator', { name: 'Width of the document list' })).toHaveAttribute('aria-valuenow', '304')
  expect(await background()).toBe(dark)
  await expect(page.getByRole('combobox', { name: 'Theme' })).toHaveValue('dark')
  await expect(page.locator('header')).toContainText('e2e') // the analyst's name
})

test('a row of a long span list keeps its analyst on its line, the text cut short before it', async ({ page, served }) => {
  const words = Array.from({ length: 4000 }, (_, i) => `word${i}`)
  const text = words.join(' ')
  const starts: number[] = []
  words.reduce((at, word) => (starts.push(at), at + word.length + 1), 0)
  // 400 spans (a windowed list), every other one long enough to be cut short.
  const spans = Array.from({ length: 400 }, (_, i) => ({ start: starts[i * 10], end: starts[i * 10 + (i % 2 === 0 ? 9 : 1)] - 1, label: 'Claim', annotator: 'alice' }))
  const input = join(served.corpus, '..', 'list.jsonl')
  writeFileSync(input, `${JSON.stringify({ id: 'list', text, spans })}\n`)
  execFileSync(process.execPath, [join(__dirname, '..', '..', 'bin', 'marginalia.cjs'), 'import', served.corpus, input], { stdio: 'pipe' })
  await page.goto(`${served.url}#doc=list`)
  const rows = page.getByRole('list', { name: 'Spans' }).getByRole('listitem')
  await expect(rows.first()).toBeVisible()
  const boxes = await rows.evaluateAll((items) =>
    items.slice(0, 6).map((item) => {
      const row = item.getBoundingClientRect()
      const name = item.querySelector('.annotator')!.getBoundingClientRect()
      const text = item.querySelector('.span-text')!
      return { inside: name.top >= row.top && name.bottom <= row.bottom && name.right <= row.right + 1, cut: text.scrollWidth > text.clientWidth }
    }),
  )
  expect(boxes.map((b) => b.inside)).toEqual([true, true, true, true, true, true])
  expect(boxes[0].cut).toBe(true) // the long one's text is cut short, not the analyst pushed out
})
