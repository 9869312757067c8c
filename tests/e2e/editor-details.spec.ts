/// <reference lib="dom" />
/**
 * Issue 9, points 5 to 7: an exact duplicate selects the span already there; a reload comes back to the same
 * document, scrolled as it was; the selected span's ring stays inside it; long titles have tooltips; a document with
 * no text says so.
 */
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { dragSelect, expect, exportedDocuments, openEditor, test } from './fixtures'

test('tagging exactly an existing span again selects it and says so, instead of making a twin', async ({ page, served }) => {
  await openEditor(page, served)
  await dragSelect(page, 'Mr Putin', 'Mr Putin told journalists')
  await page.keyboard.press('2')
  await page.keyboard.press('Escape')
  await dragSelect(page, 'Mr Putin', 'Mr Putin told journalists')
  await page.keyboard.press('2')
  await expect(page.getByRole('alert')).toContainText('Speaker "Mr Putin" is already tagged')
  await expect(page.locator('.annotation.selected')).toHaveText('Mr Putin')
  const [span] = (await exportedDocuments(page, served))[0].spans
  expect([span.label, span.text]).toEqual(['Speaker', 'Mr Putin'])
  // Its details say when it was made as every message says a time: in UTC, whatever the browser's locale.
  const [, day, time] = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)/.exec(span.updated_at)!
  await expect(page.locator('.side-panel .meta').first()).toHaveText(`by e2e, changed at ${time} UTC on ${day}`)
})

test('a reload opens the same document, scrolled where it was; the address names it', async ({ page, served }) => {
  await openEditor(page, served)
  const pane = page.locator('.editor-pane')
  await pane.evaluate((element) => (element.scrollTop = 600))
  await page.waitForTimeout(500) // the scroll position is noted a moment after scrolling stops
  await page.reload()
  await expect(page.locator('.document-title')).toHaveText('vladivostok-summit')
  await expect.poll(() => pane.evaluate((element) => element.scrollTop)).toBeGreaterThan(590)

  await page.locator('.documents').getByText('Emoji test').click()
  await expect(page.locator('.document-title')).toHaveText('Emoji test')
  expect(new URL(page.url()).hash).toBe('#doc=emoji')
  expect(new URL(page.url()).searchParams.get('token')).toBeNull() // the token never comes back into the address
  await page.reload()
  await expect(page.locator('.document-title')).toHaveText('Emoji test')

  // The address decides: a link to another document opens that one.
  await page.evaluate(() => (window.location.hash = '#doc=vladivostok-summit'))
  await expect(page.locator('.document-title')).toHaveText('vladivostok-summit')
})

test('a document left and opened again (Alt+N and Alt+P, or the list) is scrolled where it was left; the side panel lists the other from its top', async ({ page, served }) => {
  await page.setViewportSize({ width: 1280, height: 500 })
  await openEditor(page, served)
  const pane = page.locator('.editor-pane')
  const panel = page.getByRole('complementary', { name: 'Annotations' })
  await pane.evaluate((element) => (element.scrollTop = 600))
  await panel.evaluate((element) => (element.scrollTop = 300))
  await page.waitForTimeout(500) // the scroll position is noted a moment after scrolling stops
  await page.locator('.ProseMirror').click()
  await page.keyboard.press('Alt+n')
  await expect(page.locator('.document-title')).toHaveText('Emoji test')
  expect(await panel.evaluate((element) => element.scrollTop)).toBe(0)
  await page.keyboard.press('Alt+p')
  await expect(page.locator('.document-title')).toHaveText('vladivostok-summit')
  await expect.poll(() => pane.evaluate((element) => element.scrollTop)).toBeGreaterThan(590)
  // The caret is where the view is, so that Tab and Shift+arrows go on from there, not from the top.
  const caretInView = () =>
    page.evaluate(() => {
      const selection = document.getSelection()!
      const node = selection.focusNode!
      const element = node instanceof Element ? node : node.parentElement!
      const rect = element.getBoundingClientRect()
      const view = document.querySelector('.editor-pane')!.getBoundingClientRect()
      return rect.bottom > view.top && rect.top < view.bottom
    })
  expect(await caretInView()).toBe(true)
  // Scrolled again and left at once (before the pause after scrolling that notes the place): the place is kept too.
  await pane.evaluate((element) => (element.scrollTop = 900))
  await page.keyboard.press('Alt+n')
  await expect(page.locator('.document-title')).toHaveText('Emoji test')
  await page.keyboard.press('Alt+p')
  await expect(page.locator('.document-title')).toHaveText('vladivostok-summit')
  await expect.poll(() => pane.evaluate((element) => element.scrollTop)).toBeGreaterThan(890)
  await page.locator('.documents').getByText('Emoji test').click()
  await expect(page.locator('.document-title')).toHaveText('Emoji test')
  await page.locator('.documents').getByText('vladivostok-summit').click()
  await expect(page.locator('.document-title')).toHaveText('vladivostok-summit')
  await expect.poll(() => pane.evaluate((element) => element.scrollTop)).toBeGreaterThan(890)
})

test('the selected span is ringed inside its own box, and cut-off titles have tooltips', async ({ page, served }) => {
  await openEditor(page, served)
  await dragSelect(page, 'Mr Putin', 'Mr Putin told journalists')
  await page.keyboard.press('2')
  const selected = page.locator('.annotation.selected')
  await expect(selected).toHaveText('Mr Putin')
  const ring = await selected.evaluate((element) => {
    const style = getComputedStyle(element)
    return { outline: style.outlineStyle, shadow: style.boxShadow }
  })
  expect(ring.outline).toBe('none')
  expect(ring.shadow).toContain('inset')
  for (const title of await page.locator('.documents .title').all()) expect(await title.getAttribute('title')).toBe(await title.textContent())
  await expect(page.locator('.document-title')).toHaveAttribute('title', 'vladivostok-summit')
})

test('a document with no text says so instead of showing a blank pane, and its status can still be set', async ({ page, served }) => {
  const input = join(served.corpus, '..', 'empty.jsonl')
  const blank = { id: 'blank', title: 'Blank transcript', text: ' \t\n\n   \r\n' }
  writeFileSync(input, `${JSON.stringify({ id: 'empty', title: 'Empty transcript', text: '' })}\n${JSON.stringify(blank)}\n`)
  const result = spawnSync(process.execPath, [join(__dirname, '..', '..', 'bin', 'marginalia.cjs'), 'import', '--quiet', served.corpus, input], { encoding: 'utf8' })
  expect(result.status, result.stderr).toBe(0)
  await openEditor(page, served)
  await page.locator('.documents').getByText('Empty transcript').click()
  await expect(page.locator('.document-title')).toHaveText('Empty transcript')
  const pane = page.locator('.ProseMirror')
  expect(await pane.evaluate((element) => getComputedStyle(element, '::before').content)).toContain('This document has no text')
  // Tab with no span to step to keeps the focus in the text (the label keys then still tag there) and says why.
  await pane.focus()
  await page.keyboard.press('Tab')
  await expect(page.getByRole('alert')).toContainText('This document has no text to tag, so no span to step to')
  expect(await pane.evaluate((element) => element === document.activeElement)).toBe(true)
  await page.keyboard.press('Alt+d')
  await expect(page.locator('.status-bar .status')).toHaveText('done')
  // Nor does one of white space only show a blank pane.
  await page.locator('.documents').getByText('Blank transcript').click()
  await expect(page.locator('.document-title')).toHaveText('Blank transcript')
  expect(await pane.evaluate((element) => getComputedStyle(element, '::before').content)).toContain('only spaces and line breaks')
  // A document with text shows none of it.
  await page.locator('.documents').getByText('Emoji test').click()
  await expect(page.locator('.document-title')).toHaveText('Emoji test')
  expect(await pane.evaluate((element) => getComputedStyle(element, '::before').content)).toBe('none')
})

test('while a tag is being written its text stays selected; a new drag inside it still selects, and a key meanwhile relabels', async ({ page, served }) => {
  // Every answer of the server comes 400 ms late, as on a corpus another program holds locked for a moment.
  await page.routeWebSocket('**/api/socket', (socket) => {
    const server = socket.connectToServer()
    server.onMessage((message) => void setTimeout(() => socket.send(message), 400))
  })
  await openEditor(page, served)
  const quote = 'Chairman Kim asked us to inform the American side of his position'
  await dragSelect(page, quote)
  await page.keyboard.press('1')
  // The press lands on text still selected for the pending tag: it starts a new selection, not a drag of that text.
  await dragSelect(page, 'Chairman Kim', quote)
  await page.keyboard.press('2')
  await expect(page.locator('.ProseMirror [data-label="Speaker"]')).toHaveText('Chairman Kim')
  await expect(page.locator('.ProseMirror [data-label="Claim"]').first()).toBeVisible()
  // A second key while the first is pending relabels the span being written instead of tagging the text twice.
  await dragSelect(page, 'Mr Putin', 'Mr Putin told journalists')
  await page.keyboard.press('2')
  await page.keyboard.press('3')
  await expect(page.locator('.ProseMirror [data-label="Source"]')).toHaveText('Mr Putin')
  const [summit] = (await exportedDocuments(page, served)).filter((d) => d.id === 'vladivostok-summit')
  const mine = summit.spans.filter((s: { annotator: string }) => s.annotator !== 'ana')
  expect(mine.map((s: { label: string; text: string }) => [s.label, s.text]).sort()).toEqual([
    ['Claim', quote],
    ['Source', 'Mr Putin'],
    ['Speaker', 'Chairman Kim'],
  ])
})

test('a second drag that starts on text already selected selects anew, and the key tags what it selected', async ({ page, served }) => {
  await openEditor(page, served)
  await dragSelect(page, 'Mr Putin', 'Mr Putin told journalists')
  await dragSelect(page, 'Mr Putin told journalists', 'Mr Putin told journalists')
  await page.keyboard.press('2')
  await expect(page.locator('.ProseMirror [data-label="Speaker"]')).toHaveText('Mr Putin told journalists')
})

test('undo and redo of a tag still work after leaving its document and coming back', async ({ page, served }) => {
  await openEditor(page, served)
  await dragSelect(page, 'Mr Putin', 'Mr Putin told journalists')
  await page.keyboard.press('2')
  await expect(page.locator('.ProseMirror [data-label="Speaker"]')).toHaveText('Mr Putin')
  for (const away of ['list', 'keys']) {
    if (away === 'list') {
      await page.locator('.documents').getByText('Emoji test').click()
      await expect(page.locator('.document-title')).toHaveText('Emoji test')
      await page.locator('.documents').getByText('vladivostok-summit').click()
    } else {
      await page.keyboard.press('Alt+n')
      await expect(page.locator('.document-title')).toHaveText('Emoji test')
      await page.keyboard.press('Alt+p')
    }
    await expect(page.locator('.document-title')).toHaveText('vladivostok-summit')
    await page.locator('.ProseMirror').focus()
    await page.keyboard.press('Control+z')
    await expect(page.locator('.ProseMirror [data-label="Speaker"]')).toHaveCount(0)
    await page.keyboard.press('Control+Shift+z')
    await expect(page.locator('.ProseMirror [data-label="Speaker"]')).toHaveText('Mr Putin')
    await expect(page.locator('.error-banner')).not.toContainText('Not saved')
    expect((await exportedDocuments(page, served))[0].spans.map((s: { label: string; text: string }) => [s.label, s.text])).toEqual([['Speaker', 'Mr Putin']])
  }
})

test('a relation or document label named as a span label leaves the span chips in the span label colour', async ({ page, served }) => {
  const labels = join(served.corpus, '..', 'labels.json')
  writeFileSync(labels, JSON.stringify([
    { name: 'Speaker', kind: 'relation', color: '#00aa00' },
    { name: 'Speaker', kind: 'document', color: '#aa00aa' },
  ]))
  const defined = spawnSync(process.execPath, [join(__dirname, '..', '..', 'bin', 'marginalia.cjs'), 'labels', '--quiet', served.corpus, '--define', labels], { encoding: 'utf8' })
  expect(defined.status, defined.stderr).toBe(0)
  await openEditor(page, served)
  await dragSelect(page, 'Mr Putin', 'Mr Putin told journalists')
  await page.keyboard.press('2')
  const colour = (locator: ReturnType<typeof page.locator>) => locator.evaluate((element) => getComputedStyle(element).getPropertyValue('--label-color').trim())
  const inText = await colour(page.locator('.ProseMirror [data-label="Speaker"]').first())
  const chip = page.locator('.span-list li .chip').first()
  await expect(chip).toHaveText('Speaker')
  expect(await colour(chip)).toBe(inText)
  expect(inText).not.toBe('#00aa00')
  expect(inText).not.toBe('#aa00aa')
})

test('F6 and Shift+F6 take the keys out of the text to the side panel and the document list, and back', async ({ page, served }) => {
  await openEditor(page, served)
  const text = page.locator('.ProseMirror')
  await dragSelect(page, 'Mr Putin', 'Mr Putin told journalists')
  await page.keyboard.press('2')
  await expect(text).toBeFocused()
  const panel = page.getByRole('complementary', { name: 'Annotations' })
  const list = page.getByRole('navigation', { name: 'Document list' })
  const focusedIn = (region: typeof panel) => region.evaluate((element) => element.contains(document.activeElement))
  await page.keyboard.press('Tab') // in the text, Tab steps through spans: the keys stay there
  await expect(page.locator('.annotation.selected').first()).toBeVisible()
  await expect(text).toBeFocused()
  await page.keyboard.press('F6')
  await expect.poll(() => focusedIn(panel)).toBe(true)
  await page.keyboard.press('F6')
  await expect.poll(() => focusedIn(list)).toBe(true)
  await expect(list.locator('[aria-current] button')).toBeFocused() // the open document's row
  await page.keyboard.press('F6')
  await expect(text).toBeFocused()
  await page.keyboard.press('Shift+F6')
  await expect.poll(() => focusedIn(list)).toBe(true)
  await page.keyboard.press('Shift+F6')
  await expect.poll(() => focusedIn(panel)).toBe(true)
  await page.keyboard.press('Shift+F6')
  await expect(text).toBeFocused()
})
