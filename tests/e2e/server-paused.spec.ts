/**
 * The server stopped answering (paused, as a hung server or a machine asleep is) while the analyst went on: the
 * change made is kept waiting and saved once it answers, but a move to another document asked for meanwhile is
 * not made a long while later, unasked: it is said instead, to be asked again.
 */
import { dragSelect, exportedDocuments, expect, test } from './fixtures'

test('a move to another document asked for while the server did not answer is said, not made when it answers; the tag before it is saved', async ({ page, served }) => {
  test.setTimeout(120_000)
  await page.goto(served.url)
  const title = page.getByRole('heading', { level: 1 })
  await expect(title).toHaveText('vladivostok-summit')
  process.kill(served.pid, 'SIGSTOP')
  try {
    await dragSelect(page, 'Mr Putin', 'Mr Putin told journalists')
    await page.keyboard.press('2')
    await page.keyboard.press('Alt+n')
    await expect(page.getByRole('alert')).toContainText('Saving: the corpus is slow to answer')
    // The time a server takes to come back is what is tested: the move must be older than a moment by then.
    await page.waitForTimeout(11_000)
  } finally {
    process.kill(served.pid, 'SIGCONT')
  }
  await expect(page.getByRole('alert')).toContainText('The next document was not opened: it was asked for', { timeout: 15_000 })
  await expect(title).toHaveText('vladivostok-summit')
  await expect
    .poll(async () => ((await exportedDocuments(page, served)).find((d) => d.id === 'vladivostok-summit')!.spans as { label: string; text: string }[]).map((s) => `${s.label} ${s.text}`))
    .toEqual(['Speaker Mr Putin'])
})
