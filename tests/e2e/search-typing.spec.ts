/// <reference lib="dom" />
/**
 * The search box as a reviewer types into it: punctuation at a word's edges, straight quotes for curly ones,
 * and a box cleared to spaces.
 */
import { expect, openEditor, test } from './fixtures'

test('a word with punctuation at its edges finds the word; a straight apostrophe finds a curly one, marked as written', async ({ page, served }) => {
  await openEditor(page, served)
  const box = page.getByRole('searchbox', { name: 'Search the corpus' })
  const summary = page.locator('.search-summary')
  await box.fill('Kim')
  await expect(summary).toHaveText(/^\d+ match(es)? in 1 document$/)
  const kim = await summary.textContent()
  // Each query after one that matches nothing, so that the summary checked is the answer to it.
  const answerTo = async (query: string) => {
    await box.fill('zzzz')
    await expect(summary).toHaveText('Nothing matches zzzz')
    await box.fill(query)
    await expect(summary).not.toHaveText('Nothing matches zzzz')
  }
  for (const query of ['Kim:', 'Kim,', 'Kim.', 'Kim?', '(Kim)', '“Kim”']) {
    await answerTo(query)
    await expect(summary, query).toHaveText(kim!)
  }
  await answerTo("Pyongyang's")
  await expect(summary).toHaveText(/^1 match in 1 document$/)
  await expect(page.getByRole('list', { name: 'Search results' }).locator('mark')).toHaveText('Pyongyang’s')
  await box.press('Enter')
  await expect(page.locator('.search-match')).toHaveText('Pyongyang’s')
})

test('a box cleared to spaces clears the results, and the occurrence they had shown', async ({ page, served }) => {
  await openEditor(page, served)
  const box = page.getByRole('searchbox', { name: 'Search the corpus' })
  const summary = page.locator('.search-summary')
  await box.fill('Jose')
  await expect(summary).toHaveText('Nothing matches Jose')
  await box.fill('   ')
  await expect(summary).toHaveText('')
  await expect(page.locator('.search-panel')).toBeHidden()
  await box.fill('Kim')
  await box.press('Enter')
  await expect(page.locator('.search-match')).toHaveText('Kim')
  await box.fill(' ')
  await expect(summary).toHaveText('')
  await expect(page.locator('.search-match')).toHaveCount(0)
  await expect(page.getByRole('list', { name: 'Search results' }).locator('.search-hit')).toHaveCount(0)
  await box.press('Enter') // nothing to step to: no occurrence of the old query comes back
  await expect(page.locator('.search-match')).toHaveCount(0)
  await expect(page.locator('.search-panel')).toBeHidden()
})
