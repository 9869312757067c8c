/// <reference lib="dom" />
/** Issue 9, point 11: guidelines fold away, panes resize, the theme can be switched; all remembered. */
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
