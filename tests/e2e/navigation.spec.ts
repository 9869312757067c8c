/// <reference lib="dom" />
/**
 * Moving between documents while answers are slow: the document last asked for (by a link, the address or a
 * click) is the one shown, whatever order the server's answers come back in. The documents next to the open
 * one are read ahead, and what another program writes to them meanwhile is still shown.
 */
import type { Page } from '@playwright/test'
import { delayAnswers, dragSelect, EMOJI_TEXT, expect, exportedDocuments, inCorpus, openEditor, test } from './fixtures'

/** Adds two documents after the fixture's two, as another program: "The third" and "The fourth". */
function addThirdAndFourth(corpus: string): void {
  inCorpus(corpus, (other) => {
    for (const id of ['third', 'fourth']) other.insertDocument({ externalId: id, title: `The ${id}`, text: `The ${id} text.` })
  })
}

/** The calls the page makes over the API socket from now on, each as its name and document row id ("openDocument 2"). */
async function logCalls(page: Page): Promise<string[]> {
  const calls: string[] = []
  await page.routeWebSocket('**/api/socket', (socket) => {
    const server = socket.connectToServer()
    socket.onMessage((message) => {
      const call = JSON.parse(String(message)) as { name: string; args: { documentId?: number } }
      calls.push(`${call.name} ${call.args?.documentId ?? ''}`.trim())
      server.send(message)
    })
    server.onMessage((message) => socket.send(message))
  })
  return calls
}

test('a link followed while the page is still loading opens its document, and the page does not then open another', async ({ page, served }) => {
  // The document list answers late, so the page is still starting when the first document is shown.
  await delayAnswers(page, (name) => (name === 'listDocuments' ? 2_000 : 0))
  await page.goto(`${served.url}#doc=emoji`)
  await expect(page.locator('.document-title')).toHaveText('Emoji test')
  expect(await page.locator('.documents').getByText('vladivostok-summit').count()).toBe(0) // still starting
  await page.evaluate(() => (window.location.hash = '#doc=vladivostok-summit'))
  await expect(page.locator('.document-title')).toHaveText('vladivostok-summit')
  await expect(page.locator('.documents').getByText('Emoji test')).toBeVisible() // the list has come
  await page.waitForTimeout(500)
  await expect(page.locator('.document-title')).toHaveText('vladivostok-summit')
  expect(new URL(page.url()).hash).toBe('#doc=vladivostok-summit')
})

test('of two documents opened one after the other, the second stays open even when the first one’s answer comes last', async ({ page, served }) => {
  let slowOpen = false
  await delayAnswers(page, (name) => {
    if (name !== 'openDocument' || !slowOpen) return 0
    slowOpen = false // only the first document opened after this is slow
    return 1_500
  })
  await page.goto(served.url)
  await expect(page.locator('.document-title')).toHaveText('vladivostok-summit')
  await expect(page.locator('.documents').getByText('Emoji test')).toBeVisible()
  slowOpen = true
  await page.locator('.documents').getByText('Emoji test').click() // answered in 1.5 s
  await page.locator('.documents').getByText('vladivostok-summit').click() // answered at once
  await page.waitForTimeout(2_000)
  await expect(page.locator('.document-title')).toHaveText('vladivostok-summit')
  expect(new URL(page.url()).hash).toBe('#doc=vladivostok-summit')
  await expect(page.locator('.documents [aria-current="page"]')).toContainText('vladivostok-summit')
})

test('Alt+N then Alt+P at once step from the document on its way: back where one started, though its answer was slow', async ({ page, served }) => {
  let slowOpen = false
  await delayAnswers(page, (name) => (name === 'openDocument' && slowOpen ? 1_000 : 0))
  await page.goto(served.url)
  await expect(page.locator('.document-title')).toHaveText('vladivostok-summit')
  await expect(page.locator('.documents').getByText('Emoji test')).toBeVisible()
  await page.locator('.ProseMirror').click()
  slowOpen = true
  await page.keyboard.press('Alt+n') // to the emoji document, answered in 1 s
  await page.keyboard.press('Alt+p') // from the emoji document back to the first, not "no previous document"
  await page.waitForTimeout(2_500)
  await expect(page.locator('.document-title')).toHaveText('vladivostok-summit')
  await expect(page.locator('.error-banner')).not.toContainText('no previous document')
})

test('an address naming no document of the corpus is said so, and the address names the open document again', async ({ page, served }) => {
  await page.goto(`${served.url}#doc=no-such-document`)
  await expect(page.locator('.document-title')).toHaveText('vladivostok-summit') // the first document instead
  await expect(page.locator('.error-banner')).toContainText('This corpus has no document "no-such-document"')
  expect(new URL(page.url()).hash).toBe('#doc=vladivostok-summit')
  await page.evaluate(() => (window.location.hash = '#doc=EMOJI')) // ids are exact: no such document either
  await expect(page.locator('.error-banner')).toContainText('This corpus has no document "EMOJI"')
  await expect.poll(() => new URL(page.url()).hash).toBe('#doc=vladivostok-summit')
  await expect(page.locator('.document-title')).toHaveText('vladivostok-summit')
})

test('Alt+N shows the next document as read ahead, without asking the corpus again; one another program changed since is shown as it is now', async ({ page, served }) => {
  const calls = await logCalls(page)
  await page.goto(served.url)
  await expect(page.locator('.document-title')).toHaveText('vladivostok-summit')
  // Read ahead once the page was idle: where the three steps lead (next, previous, next to do), and the emoji document.
  await expect.poll(() => calls.filter((call) => call === 'neighbourDocument 1').length).toBe(3)
  expect(calls).toContain('openDocument 2')
  await page.locator('.ProseMirror').click()
  const before = calls.length
  await page.keyboard.press('Alt+n')
  await expect(page.locator('.document-title')).toHaveText('Emoji test')
  await expect(page.locator('.ProseMirror')).toContainText('Second line with 金正恩.')
  // Neither where Alt+N leads from the first document, nor the second document, was asked again (what is read
  // ahead from the second one now, its neighbours, may be).
  expect(calls.slice(before).filter((call) => call === 'neighbourDocument 1' || call === 'openDocument 2')).toEqual([])

  // What is read ahead from here has been (the first document, left as it was read, is kept, not read again);
  // then a colleague's program tags the first document.
  await expect.poll(() => calls.slice(before).filter((call) => call === 'neighbourDocument 2').length).toBe(3)
  const written = calls.length
  inCorpus(served.corpus, (other) => {
    const text = other.document(1)!.text
    const start = [...text.slice(0, text.indexOf('Vladimir Putin'))].length
    other.insertSpan(1, { start, end: start + 'Vladimir Putin'.length, label: 'Source', annotator: 'colleague' })
  })
  // The watch sees the change (it asks for the corpus summary), forgets what was read ahead, and reads it again.
  await expect.poll(() => calls.slice(written), { timeout: 5_000 }).toContain('corpus')
  await expect.poll(() => calls.slice(calls.indexOf('corpus', written))).toContain('openDocument 1')
  await page.keyboard.press('Alt+p')
  await expect(page.locator('.document-title')).toHaveText('vladivostok-summit')
  // Shown with the colleague's span: a copy from before would stay as it is, the watch having seen the change already.
  await expect(page.locator('.ProseMirror [data-label="Source"]')).toHaveText('Vladimir Putin', { timeout: 1_000 })
})

test('a document left with nothing changed in it is shown again as it was read, reading nothing; one tagged in is read again', async ({ page, served }) => {
  const calls = await logCalls(page)
  await page.goto(served.url)
  await expect(page.locator('.document-title')).toHaveText('vladivostok-summit')
  await expect.poll(() => calls).toContain('openDocument 2') // read ahead
  await page.locator('.ProseMirror').click()
  const left = calls.length
  await page.keyboard.press('Alt+n')
  await expect(page.locator('.document-title')).toHaveText('Emoji test')
  // What is read ahead from here (where the three steps lead) has been read, without the first document.
  await expect.poll(() => calls.slice(left).filter((call) => call === 'neighbourDocument 2').length).toBe(3)
  await page.waitForTimeout(500)
  await page.keyboard.press('Alt+p')
  await expect(page.locator('.document-title')).toHaveText('vladivostok-summit')
  await expect(page.locator('.ProseMirror')).toContainText('Mr Putin told journalists')
  expect(calls.slice(left)).not.toContain('openDocument 1')

  // Tagged in, it is read again once left (at idle), and shown with the tag.
  await dragSelect(page, 'Mr Putin', 'Mr Putin told journalists')
  await page.keyboard.press('2')
  await expect(page.locator('.ProseMirror [data-label="Speaker"]')).toHaveText('Mr Putin')
  const tagged = calls.length
  await page.keyboard.press('Alt+n')
  await expect(page.locator('.document-title')).toHaveText('Emoji test')
  await expect.poll(() => calls.slice(tagged)).toContain('openDocument 1')
  await page.keyboard.press('Alt+p')
  await expect(page.locator('.ProseMirror [data-label="Speaker"]')).toHaveText('Mr Putin')
})

test('with the list showing one analyst’s work, Alt+N and Alt+P step only through the documents it shows', async ({ page, served }) => {
  inCorpus(served.corpus, (other) => {
    other.insertSpan(2, { start: 2, end: 10, label: 'Speaker', annotator: 'colleague' }) // Mr Putin, in the emoji document only
  })
  await page.goto(`${served.url}#doc=emoji`)
  await expect(page.locator('.document-title')).toHaveText('Emoji test')
  const listFilter = page.getByRole('navigation', { name: 'Document list' }).getByRole('combobox', { name: 'Show the work of' })
  await listFilter.selectOption('colleague')
  await expect(page.locator('.documents li')).toHaveCount(1)
  await page.locator('.ProseMirror').click()
  await page.keyboard.press('Alt+p')
  await expect(page.locator('.error-banner')).toContainText('There is no previous document among the documents the list shows (colleague’s work)')
  await expect(page.locator('.document-title')).toHaveText('Emoji test')
  await listFilter.selectOption('')
  await page.locator('.ProseMirror').click()
  await page.keyboard.press('Alt+p')
  await expect(page.locator('.document-title')).toHaveText('vladivostok-summit')
})

test('with the list showing what is to do, Alt+P after Ctrl+Enter does not go back to the documents just done', async ({ page, served }) => {
  addThirdAndFourth(served.corpus)
  await page.goto(served.url)
  await expect(page.locator('.document-title')).toHaveText('vladivostok-summit')
  await page.getByRole('navigation', { name: 'Document list' }).getByRole('combobox', { name: 'Show documents' }).selectOption('todo')
  await page.locator('.ProseMirror').click()
  await page.keyboard.press('Control+Enter')
  await expect(page.locator('.document-title')).toHaveText('Emoji test')
  await page.locator('.ProseMirror').click()
  await page.keyboard.press('Control+Enter')
  await expect(page.locator('.document-title')).toHaveText('The third')
  await page.locator('.ProseMirror').click()
  await page.keyboard.press('Alt+p')
  await expect(page.locator('.error-banner')).toContainText('There is no previous document among the documents the list shows (todo).')
  // The two done still show in the list, marked done: it says why Alt+P passed them by, and how to go back to one.
  await expect(page.locator('.error-banner')).toContainText('The rows marked otherwise stay in the list until it is read again; Alt+N and Alt+P pass them by (click one to open it).')
  await expect(page.locator('.document-title')).toHaveText('The third')
  // And at typing speed: done, done, back.
  await page.keyboard.press('Control+Enter')
  await page.keyboard.press('Control+Enter')
  await page.keyboard.press('Alt+p')
  await page.waitForTimeout(1_500)
  await expect(page.locator('.error-banner')).toContainText('There is no previous document among the documents the list shows (todo).')
  await expect(page.locator('.document-title')).not.toHaveText('The third')
})

test('keys pressed while a document is being marked done act in the order pressed: Ctrl+Enter twice marks both done, Ctrl+Enter then Alt+P comes back', async ({ page, served }) => {
  addThirdAndFourth(served.corpus)
  await delayAnswers(page, (name) => (name === 'setStatus' ? 600 : 0))
  const statuses = async () => Object.fromEntries((await exportedDocuments(page, served)).map((d) => [d.id, d.status]))
  await page.goto(`${served.url}#doc=emoji`)
  await expect(page.locator('.document-title')).toHaveText('Emoji test')
  // Done with this one (on to the next to do, the third), then back to it.
  await page.locator('.ProseMirror').click()
  await page.keyboard.press('Control+Enter')
  await page.keyboard.press('Alt+p')
  await page.waitForTimeout(1_500)
  await expect(page.locator('.document-title')).toHaveText('Emoji test')
  await expect(page.locator('.status-bar [data-status]')).toHaveText('done')
  // Back to the first; done with it, then with the next to do (the third), pressed before the first is written.
  await page.keyboard.press('Alt+p')
  await expect(page.locator('.document-title')).toHaveText('vladivostok-summit')
  await page.keyboard.press('Control+Enter')
  await page.keyboard.press('Control+Enter')
  await expect(page.locator('.document-title')).toHaveText('The fourth')
  await expect.poll(statuses).toEqual({ 'vladivostok-summit': 'done', emoji: 'done', third: 'done', fourth: 'todo' })
})

test('the undo history of a document left is forgotten when another program changes the corpus: a replaced one may come back under the same row id', async ({ page, served }) => {
  await page.goto(`${served.url}#doc=emoji`)
  await expect(page.locator('.document-title')).toHaveText('Emoji test')
  await dragSelect(page, 'Mr Putin')
  await page.keyboard.press('2')
  await expect(page.locator('.ProseMirror [data-label="Speaker"]')).toHaveText('Mr Putin')
  await page.keyboard.press('Alt+p')
  await expect(page.locator('.document-title')).toHaveText('vladivostok-summit')
  // A colleague's program replaces the emoji document (the last one: SQLite gives its row id again) with a tag of theirs.
  inCorpus(served.corpus, (other) => {
    other.deleteDocument(2)
    const again = other.insertDocument({ externalId: 'emoji', title: 'Emoji test', text: EMOJI_TEXT })
    expect(again).toBe(2)
    other.insertSpan(again, { start: 2, end: 10, label: 'Source', annotator: 'colleague' }) // Mr Putin
  }, { transaction: true })
  await page.waitForTimeout(2_500) // the watch sees it
  await page.locator('.ProseMirror').click()
  await page.keyboard.press('Alt+n')
  await expect(page.locator('.ProseMirror [data-label="Source"]')).toHaveText('Mr Putin')
  await page.keyboard.press('Control+z') // the tag undone here was made on the old version: nothing to undo now
  await page.waitForTimeout(500)
  const [, emoji] = await exportedDocuments(page, served)
  expect(emoji.spans.map((s: { label: string; annotator: string }) => [s.label, s.annotator])).toEqual([['Source', 'colleague']])
})

test('an analyst’s first tag offers them in the analyst filters at once, not after a reload', async ({ page, served }) => {
  await page.goto(served.url)
  await expect(page.locator('.document-title')).toHaveText('vladivostok-summit')
  const listFilter = page.getByRole('navigation', { name: 'Document list' }).getByRole('combobox', { name: 'Show the work of' })
  await expect(listFilter.locator('option[value="e2e"]')).toHaveCount(0)
  await dragSelect(page, 'Mr Putin', 'Mr Putin told journalists')
  await page.keyboard.press('2')
  await expect(page.locator('.ProseMirror [data-label="Speaker"]')).toHaveText('Mr Putin')
  await listFilter.selectOption('e2e')
  await expect(page.locator('.documents li')).toHaveCount(1)
  await expect(page.getByRole('complementary', { name: 'Annotations' }).getByRole('combobox', { name: 'Show the work of' }).locator('option[value="e2e"]')).toHaveCount(1)
})

test('a tag leaves the side panel’s lists as they were drawn: an analyst’s first tag and the selected span’s details redraw no row of the span list', async ({ page, served }) => {
  inCorpus(served.corpus, (other) => {
    other.insertSpan(2, { start: 2, end: 10, label: 'Speaker', annotator: 'colleague' }) // Mr Putin
    other.insertSpan(2, { start: 25, end: 30, label: 'Claim', annotator: 'colleague' }) // claim
  })
  await page.goto(`${served.url}#doc=emoji`)
  await expect(page.locator('.document-title')).toHaveText('Emoji test')
  const panel = page.getByRole('complementary', { name: 'Annotations' })
  const rows = panel.getByRole('list', { name: 'Spans' }).getByRole('listitem')
  await expect(rows).toHaveCount(2)
  // The rows and sections drawn now are marked; whatever is drawn anew or taken out and put back is counted.
  await page.evaluate(() => {
    const body = document.querySelector('.side-panel')!
    for (const row of body.querySelectorAll('.span-list li')) (row as unknown as { kept: boolean }).kept = true
    const moved: string[] = ((window as unknown as { moved: string[] }).moved = [])
    new MutationObserver((records) => {
      for (const record of records) for (const node of record.removedNodes) if (node instanceof Element && node.matches('section.span-list, section.relation-list')) moved.push(node.className)
    }).observe(body, { childList: true, subtree: true })
  })
  await dragSelect(page, 'flags')
  await page.keyboard.press('1') // e2e's first span in the corpus: the analyst filters offer e2e from now on
  await expect(rows).toHaveCount(3)
  await expect(panel.getByRole('combobox', { name: 'Show the work of' }).locator('option[value="e2e"]')).toHaveCount(1)
  await expect(panel.locator('.selected-span')).toContainText('flags')
  await page.keyboard.press('Control+z')
  await expect(rows).toHaveCount(2)
  const kept = await page.evaluate(() => [...document.querySelectorAll('.side-panel .span-list li')].map((row) => (row as unknown as { kept?: boolean }).kept === true))
  expect(kept).toEqual([true, true])
  expect(await page.evaluate(() => (window as unknown as { moved: string[] }).moved)).toEqual([])
})

test('a filter that leaves the list empty says so, naming what it filters by; the rows coming back take the note away; a reload keeps the filter', async ({ page, served }) => {
  await page.goto(served.url)
  await expect(page.locator('.document-title')).toHaveText('vladivostok-summit')
  const list = page.getByRole('navigation', { name: 'Document list' })
  const note = list.locator('.list-empty')
  await expect(list.getByRole('listitem')).toHaveCount(2)
  await expect(note).toBeHidden()
  await list.getByRole('combobox', { name: 'Show documents' }).selectOption('skipped')
  await expect(note).toHaveText('No documents skipped.')
  await expect(list.getByRole('listitem')).toHaveCount(0)
  await list.getByRole('combobox', { name: 'Show documents' }).selectOption('todo')
  await expect(list.getByRole('listitem')).toHaveCount(2)
  await expect(note).toBeHidden()
  // Both done: the list of what is to do, read again, is empty.
  for (const title of ['vladivostok-summit', 'Emoji test']) {
    await expect(page.locator('.document-title')).toHaveText(title)
    await page.locator('.ProseMirror').click()
    await page.keyboard.press('Control+Enter')
  }
  await expect(list.locator('[data-status="done"]')).toHaveCount(2)
  await list.getByRole('combobox', { name: 'Show documents' }).selectOption('done')
  await list.getByRole('combobox', { name: 'Show documents' }).selectOption('todo')
  await expect(note).toHaveText('No documents left to do.')
  await page.reload()
  await expect(page.locator('.document-title')).toHaveText('Emoji test')
  await expect(list.getByRole('combobox', { name: 'Show documents' })).toHaveValue('todo')
  await expect(note).toHaveText('No documents left to do.')
  await list.getByRole('combobox', { name: 'Show documents' }).selectOption('')
  await page.reload()
  await expect(list.getByRole('listitem')).toHaveCount(2)
  await expect(list.getByRole('combobox', { name: 'Show documents' })).toHaveValue('')
})

test('a document set to the status the list shows comes into the list, and the progress counts it at once', async ({ page, served }) => {
  await page.goto(served.url)
  await expect(page.locator('.document-title')).toHaveText('vladivostok-summit')
  const list = page.getByRole('navigation', { name: 'Document list' })
  await list.getByRole('combobox', { name: 'Show documents' }).selectOption('skipped')
  await expect(list.locator('.list-empty')).toHaveText('No documents skipped.')
  await expect(list.locator('.progress')).toHaveText('0 of 2 done')
  await page.locator('.ProseMirror').click()
  await page.keyboard.press('Alt+s')
  await expect(list.getByRole('listitem')).toHaveCount(1)
  await expect(list.getByRole('listitem')).toContainText('vladivostok-summit')
  await expect(list.getByRole('listitem')).toHaveAttribute('aria-current', 'page')
  await expect(list.locator('.list-empty')).toBeHidden()
  await expect(list.locator('.progress')).toHaveText('0 of 2 done, 1 skipped')
  // Undone: the progress follows; the row stays, showing the status it has now, until the list is read again.
  await page.keyboard.press('Control+z')
  await expect(list.locator('.progress')).toHaveText('0 of 2 done')
  await expect(list.getByRole('listitem')).toHaveAttribute('data-status', 'todo')
})

test('a filter chosen while the rows of the one before are on their way shows only its own rows', async ({ page, served }) => {
  await delayAnswers(page, (name, args) => (name === 'listDocuments' && args.status === 'done' ? 1_000 : 0))
  await page.goto(served.url)
  await expect(page.locator('.document-title')).toHaveText('vladivostok-summit')
  await page.locator('.ProseMirror').click()
  await page.keyboard.press('Control+Enter') // the summit done; on to the emoji test
  await expect(page.locator('.document-title')).toHaveText('Emoji test')
  const list = page.getByRole('navigation', { name: 'Document list' })
  const filter = list.getByRole('combobox', { name: 'Show documents' })
  await filter.selectOption('done')
  await filter.selectOption('todo')
  await page.waitForTimeout(1_500) // the rows of "done" have come by now
  await expect(list.getByRole('listitem')).toHaveCount(1)
  await expect(list.getByRole('listitem')).toContainText('Emoji test')
})

/** Adds `count` short documents after the fixture's two, as another program: "bulk-001"... at row ids 3, 4... */
function addMany(corpus: string, count: number): void {
  inCorpus(corpus, (other) => {
    for (let i = 1; i <= count; i++) {
      const id = `bulk-${String(i).padStart(3, '0')}`
      other.insertDocument({ externalId: id, title: id, text: `Document ${i} of the bulk.` })
    }
  })
}

/** The row id of the document list's row that has the focus, or null. */
const focusedRow = (page: Page) => page.evaluate(() => document.activeElement?.closest('li')?.getAttribute('data-document-id') ?? null)

test('ArrowDown and ArrowUp move through the document list, Enter opens the row; from the last row read, ArrowDown reads the next page', async ({ page, served }) => {
  addMany(served.corpus, 250) // the list reads 200 rows at a time
  await openEditor(page, served)
  const rows = page.locator('.document-list li')
  await expect(rows).toHaveCount(200)
  await rows.first().locator('button').focus()
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('ArrowDown')
  expect(await focusedRow(page)).toBe('3')
  await page.keyboard.press('ArrowUp')
  expect(await focusedRow(page)).toBe('2')
  await page.keyboard.press('Enter')
  await expect(page.locator('.document-title')).toHaveText('Emoji test')

  await rows.nth(199).locator('button').focus()
  await page.keyboard.press('ArrowDown')
  await expect(rows).toHaveCount(252)
  await expect.poll(() => focusedRow(page)).toBe('201')
  // Still the list's: the editor's document was not changed by the keys.
  await expect(page.locator('.document-title')).toHaveText('Emoji test')
})

test('stepping past the last row read with Alt+N reads the next page of the list and highlights the document open there', async ({ page, served }) => {
  addMany(served.corpus, 250)
  await page.goto(`${served.url}#doc=bulk-198`) // row 200, the last of the first page
  await expect(page.locator('.document-title')).toHaveText('bulk-198')
  await expect(page.locator('.document-list li[aria-current="page"]')).toHaveAttribute('data-document-id', '200')
  await page.locator('.ProseMirror').click()
  await page.keyboard.press('Alt+n')
  await expect(page.locator('.document-title')).toHaveText('bulk-199')
  await expect(page.locator('.document-list li[aria-current="page"]')).toHaveAttribute('data-document-id', '201')
  await expect(page.locator('.document-list li[aria-current="page"]')).toBeInViewport()
})
