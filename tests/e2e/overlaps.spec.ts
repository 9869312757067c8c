/// <reference lib="dom" />
/** Issue 9, point 9: nested spans keep their colours however deep; Spam stands apart; both themes pass AA. */
import { dragSelect, expect, openEditor, test } from './fixtures'

const QUOTE = 'Chairman Kim asked us to inform the American side of his position on questions that have arisen amid the processes taking place on the Korean peninsula'

/** For each span piece covering the text `needle`: its label, underline colour, tint and layer. */
async function piecesOver(page: import('@playwright/test').Page, needle: string) {
  return page.locator('.ProseMirror').evaluate((editor, needle) => {
    const walker = document.createTreeWalker(editor, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      if (node.textContent !== needle) continue
      const pieces: { label: string; underline: string; colour: string; tint: string; layer: string }[] = []
      for (let element = node.parentElement; element !== null && element !== editor; element = element.parentElement) {
        if (!element.hasAttribute('data-span-id')) continue
        const style = getComputedStyle(element)
        pieces.unshift({
          label: element.getAttribute('data-label')!,
          underline: style.borderBottomColor,
          colour: style.getPropertyValue('--label-color').trim(),
          tint: style.backgroundColor,
          layer: style.paddingBottom,
        })
      }
      return pieces
    }
    throw new Error(`no text node "${needle}"`)
  }, needle)
}

const rgbOf = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`

for (const colorScheme of ['light', 'dark'] as const) {
  test(`three spans nested in one another each keep their own colour (${colorScheme})`, async ({ page, served }) => {
    await page.emulateMedia({ colorScheme })
    await openEditor(page, served)
    await dragSelect(page, QUOTE)
    await page.keyboard.press('1')
    await dragSelect(page, 'Chairman Kim', QUOTE)
    await page.keyboard.press('2')
    await dragSelect(page, 'Kim', 'Chairman Kim asked')
    await page.keyboard.press('3')
    await page.keyboard.press('Escape')
    await expect(page.locator('.ProseMirror [data-label="Source"]')).toHaveText('Kim')

    const pieces = Object.fromEntries((await piecesOver(page, 'Kim')).map((piece) => [piece.label, piece]))
    expect(Object.keys(pieces).sort()).toEqual(['Claim', 'Source', 'Speaker'])
    for (const piece of Object.values(pieces)) expect(piece.underline).toBe(rgbOf(piece.colour)) // every span's own colour
    expect(new Set(Object.values(pieces).map((p) => p.layer)).size).toBe(3) // underlines stacked, not on top of one another
    // Only the innermost is tinted, so colours never mix.
    expect([pieces.Claim.tint, pieces.Speaker.tint]).toEqual(['rgba(0, 0, 0, 0)', 'rgba(0, 0, 0, 0)'])
    expect(pieces.Source.tint).not.toBe('rgba(0, 0, 0, 0)')
  })
}

test('Spam is struck through and hatched, unlike any tint', async ({ page, served }) => {
  await openEditor(page, served)
  await dragSelect(page, 'Click Here: cheap sydney roosters jersey')
  await page.keyboard.press('4')
  await page.keyboard.press('Escape')
  const spam = page.locator('.ProseMirror [data-label="Spam"]')
  const look = await spam.evaluate((element) => {
    const style = getComputedStyle(element)
    return { line: style.textDecorationLine, image: style.backgroundImage }
  })
  expect(look.line).toContain('line-through')
  expect(look.image).toContain('repeating-linear-gradient')
})
