/**
 * The server stopped answering (paused, as a hung server or a machine asleep is) while the analyst went on: past
 * the corpus's longest turn the page says so; the change made is kept waiting and saved once it answers, but a move
 * to another document asked for meanwhile (Alt+N, Ctrl+Enter, a click in the list) is not made a long while later,
 * unasked: it is said instead, to be asked again. One asked for after it answered is made.
 */
import { dragSelect, exportedDocuments, expect, test } from './fixtures'

test('moves to another document asked for while the server did not answer are said, not made when it answers; the tag before them is saved', async ({ page, served }) => {
  test.setTimeout(150_000)
  await page.goto(served.url)
  const title = page.getByRole('heading', { level: 1 })
  await expect(title).toHaveText('vladivostok-summit')
  process.kill(served.pid, 'SIGSTOP')
  try {
    await dragSelect(page, 'Mr Putin', 'Mr Putin told journalists')
    await page.keyboard.press('2')
    await page.keyboard.press('Alt+n') // asked before the server is known to be silent
    await expect(page.getByRole('alert')).toContainText('Saving: the corpus is slow to answer')
    await expect(page.getByRole('alert')).toContainText('the Marginalia server has not answered for 35 s', { timeout: 60_000 })
    await page.keyboard.press('Alt+n') // asked while it is known to be silent
    await page.getByRole('list', { name: 'Documents' }).getByRole('button', { name: /Emoji test/ }).click()
  } finally {
    process.kill(served.pid, 'SIGCONT')
  }
  await expect(page.getByRole('alert')).toContainText('was not opened: it was asked for while the Marginalia server was not answering', { timeout: 15_000 })
  await expect
    .poll(async () => ((await exportedDocuments(page, served)).find((d) => d.id === 'vladivostok-summit')!.spans as { label: string; text: string }[]).map((s) => `${s.label} ${s.text}`))
    .toEqual(['Speaker Mr Putin'])
  await expect(title).toHaveText('vladivostok-summit')
  // Asked for again, now that the server answers: made.
  await page.locator('.ProseMirror').press('Alt+n')
  await expect(title).not.toHaveText('vladivostok-summit')
})
