/// <reference lib="dom" />
/** Issue 9, point 10: a note and an "unsure" flag on any span, from the keyboard and the side panel. */
import { dragSelect, expect, exportedDocuments, openEditor, test } from './fixtures'

test('a note and the unsure flag: set from the keyboard and the panel, marked on the span, stored, exported and searchable', async ({ page, served }) => {
  await openEditor(page, served)
  await dragSelect(page, 'Mr Putin', 'Mr Putin told journalists')
  await page.keyboard.press('2')
  await expect(page.locator('.annotation.selected')).toHaveText('Mr Putin')

  await page.keyboard.press('Alt+q')
  const marker = page.locator('.ProseMirror .span-marker')
  await expect(marker).toHaveText('?')
  await page.keyboard.press('Alt+m')
  const note = page.getByRole('textbox', { name: 'Note' })
  await expect(note).toBeFocused()
  await note.fill('Check the Kremlin transcript: the wording may be paraphrased.')
  await page.keyboard.press('Control+Enter')
  await expect(page.locator('.ProseMirror')).toBeFocused()
  await expect(marker).toHaveText('✎?')
  await expect(marker).toHaveAttribute('title', 'Unsure: Check the Kremlin transcript: the wording may be paraphrased.')

  // The panel's checkbox takes the flag off again; keys still act on the text afterwards.
  await page.getByRole('checkbox', { name: /Unsure/ }).click()
  await expect(marker).toHaveText('✎')
  let [summit] = await exportedDocuments(page, served)
  expect(summit.spans[0].attrs).toEqual({ note: 'Check the Kremlin transcript: the wording may be paraphrased.' })
  await page.keyboard.press('Control+z') // undoes the checkbox
  await expect(marker).toHaveText('✎?')
  ;[summit] = await exportedDocuments(page, served)
  expect(summit.spans[0].attrs).toEqual({ note: 'Check the Kremlin transcript: the wording may be paraphrased.', unsure: true })

  // Notes are searchable: the hit names the span and opens it.
  await page.reload()
  await expect(page.locator('.ProseMirror .span-marker')).toHaveText('✎?')
  const box = page.getByRole('searchbox', { name: 'Search the corpus' })
  await box.fill('kremlin transcript')
  await box.press('Enter')
  await expect(page.locator('.search-hit .in-note')).toContainText('Mr Putin')
  await expect(page.locator('.search-hit mark')).toHaveText('Kremlin transcript')
  await expect(page.locator('.search-match')).toHaveText('Mr Putin')
})
