/// <reference lib="dom" />
/** Issue 9, point 1: keyboard edge moves land on word edges, inside the paragraph, never on a space. */
import { dragSelect, expect, exportedDocuments, openEditor, test } from './fixtures'

const CLAIM = 'So there are no secrets here. We will discuss this with our American and Chinese friends'

test('Alt+arrows move a claim’s edges word by word, keep to its paragraph and never store a space', async ({ page, served }) => {
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
  await page.keyboard.press('Alt+ArrowRight') // the end of the paragraph: it stays
  await expect(claim).toHaveText(`${CLAIM}.”`)
  expect(await storedClaim()).toBe(`${CLAIM}.”`)

  await page.keyboard.press('Alt+Shift+ArrowRight') // the start goes to the next word's start
  expect(await storedClaim()).toBe(`${CLAIM.replace(/^So /, '')}.”`)
  await page.keyboard.press('Alt+Shift+ArrowLeft')
  await page.keyboard.press('Alt+Shift+ArrowLeft') // the previous word, with the punctuation between
  await expect(claim).toHaveText(`journalists. “${CLAIM}.”`)
  expect(await storedClaim()).toBe(`journalists. “${CLAIM}.”`)
})
