/// <reference lib="dom" />
/** Issue 9, point 10: a note and an "unsure" flag on any span, from the keyboard and the side panel. */
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { dragSelect, expect, exportedDocuments, failCalls, inCorpus, notePutin, openEditor, test, type Served } from './fixtures'
import type { Page } from '@playwright/test'

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
  await expect(page.getByRole('list', { name: 'Spans' }).locator('.list-marks')).toHaveText('✎?') // the span list marks it too

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
  // The span is selected, not only its text: back in the text, Alt+M goes to its note.
  await page.keyboard.press('Escape')
  await expect(page.locator('.ProseMirror .annotation.selected')).toHaveText('Mr Putin')
  await page.keyboard.press('Alt+m')
  await expect(page.getByRole('textbox', { name: /note/i })).toBeFocused()
  await expect(page.getByRole('textbox', { name: /note/i })).toHaveValue('Check the Kremlin transcript: the wording may be paraphrased.')
})

test('a note longer than a note may be is not cut: it stays in its box, unsaved, with the reason, until shortened', async ({ page, served }) => {
  await openEditor(page, served)
  const note = await notePutin(page)
  const long = 'Long note. '.repeat(1_000) + 'The end.' // 11,008 characters, as a paste would bring
  await note.fill(long)
  await page.keyboard.press('Control+Enter')
  await expect(note).toBeFocused() // not left: what is in it is not saved
  await expect(page.locator('.note-length')).toHaveText('Not saved: 11,008 characters, and a note holds at most 10,000. Shorten it to save it.')
  await expect(note).toHaveValue(long)
  expect((await exportedDocuments(page, served))[0].spans[0].attrs).toEqual({})
  // Another span selected meanwhile: said, and the note is in its box again when its span is selected again.
  await dragSelect(page, 'Chairman Kim', 'Chairman Kim asked')
  await page.keyboard.press('2')
  await expect(page.getByRole('alert')).toContainText('The note too long to save (11,008 characters) is kept, unsaved, in its box')
  await expect(note).toHaveValue('')
  await page.locator('.ProseMirror [data-label="Speaker"]', { hasText: 'Mr Putin' }).click()
  await expect(note).toHaveValue(long)
  await expect(page.locator('.note-length')).toContainText('Not saved: 11,008 characters')
  await note.fill(long.slice(-9_500))
  await expect(page.locator('.note-length')).toHaveText('9,500 of 10,000 characters')
  await page.keyboard.press('Control+Enter')
  await expect(page.locator('.ProseMirror')).toBeFocused()
  await expect.poll(async () => (await exportedDocuments(page, served))[0].spans.find((s: { text: string }) => s.text === 'Mr Putin').attrs).toEqual({ note: long.slice(-9_500) })
})

test('a note is saved as it is typed: a reload right after typing, without leaving the box, keeps it', async ({ page, served }) => {
  await openEditor(page, served)
  const note = await notePutin(page)
  await page.keyboard.type('Checked against the transcript')
  await expect(note).toBeFocused() // never left
  await expect.poll(async () => (await exportedDocuments(page, served))[0].spans[0].attrs).toEqual({ note: 'Checked against the transcript' })
  await page.keyboard.type(', twice') // and a reload straight after the last key: saved as the page goes
  await page.reload()
  await page.locator('.ProseMirror [data-label="Speaker"]').click()
  await expect(note).toHaveValue('Checked against the transcript, twice')
})

test('a span removed in another tab while its note is typed: the box stays with what was typed, said unsaved, and Ctrl+Enter only leaves it', async ({ page, served }) => {
  await openEditor(page, served)
  await dragSelect(page, 'Mr Putin', 'Mr Putin told journalists')
  await page.keyboard.press('2')
  const other = await page.context().newPage()
  await openEditor(other, served)
  await page.keyboard.press('Alt+m')
  const note = page.getByRole('textbox', { name: 'Note' })
  await note.pressSequentially('first words')
  await expect.poll(async () => (await exportedDocuments(page, served))[0].spans[0].attrs).toEqual({ note: 'first words' })
  // The other tab has seen the note (a Delete of a span changed since that tab read it would be refused).
  await expect(other.locator('.ProseMirror [data-label="Speaker"].has-note')).toHaveCount(1)
  await other.locator('.ProseMirror [data-label="Speaker"]').click()
  // Typed, then removed in the other tab before the pause after typing saves it: on a busy machine a removal made
  // first could reach this tab mid-word, and a box whose span is gone takes no more keys.
  await note.pressSequentially(' and more')
  await other.keyboard.press('Delete')
  await expect(other.locator('.ProseMirror [data-label="Speaker"]')).toHaveCount(0)
  await expect(page.locator('.ProseMirror [data-label="Speaker"]')).toHaveCount(0, { timeout: 5_000 })
  await expect(note).toBeFocused()
  await expect(note).toHaveValue('first words and more')
  await expect(page.locator('.selected-span .gone')).toContainText('This span is no longer there: it was removed in another window or program, and the note below is not saved')
  await page.keyboard.press('Control+Enter')
  await expect(page.locator('.ProseMirror')).toBeFocused()
  await expect(note).toHaveCount(0)
  await page.waitForTimeout(500) // time for a write the key must not have made
  expect((await exportedDocuments(page, served))[0].status).toBe('todo') // the key left the note: the document is not marked done
  await other.close()
})

/** Replaces the open sample article with the same text and no spans, as another program: `marginalia import --existing replace`. */
function replaceSampleElsewhere(served: Served, text: string): void {
  const replacement = join(served.corpus, '..', 'replacement.jsonl')
  writeFileSync(replacement, `${JSON.stringify({ id: 'vladivostok-summit', title: 'vladivostok-summit', text })}\n`)
  const bin = join(__dirname, '..', '..', 'bin', 'marginalia.cjs')
  const result = spawnSync(process.execPath, [bin, 'import', '--quiet', '--existing', 'replace', served.corpus, replacement], { encoding: 'utf8' })
  expect(result.status, result.stderr).toBe(0)
}

test('the open document replaced by another program while a note is typed: the keys stay in the box, which keeps what was typed, and act on nothing', async ({ page, served }) => {
  await openEditor(page, served)
  const [before] = await exportedDocuments(page, served)
  const note = await notePutin(page)
  await note.pressSequentially('first words and')
  // Saved before the replacement: a save still waiting for the pause after typing would be refused (its span is
  // gone), and the failure shown would hold back the notice of the replacement.
  await expect.poll(async () => (await exportedDocuments(page, served))[0].spans[0]?.attrs).toEqual({ note: 'first words and' })
  replaceSampleElsewhere(served, before.text)
  await expect(page.getByRole('alert').filter({ hasText: 'was replaced by another program' })).toBeVisible({ timeout: 5_000 })
  await expect(note).toBeFocused() // the new version's text did not take the keys
  await expect(note).toHaveValue('first words and')
  await expect(page.locator('.selected-span .gone')).toContainText('This span is no longer there')
  // Keys typed on go to the box (read-only now), not to the text: no span, no status, no search opened.
  await page.keyboard.press('1')
  await page.keyboard.press('Alt+d')
  await page.keyboard.press('/')
  await expect(note).toBeFocused()
  await page.waitForTimeout(500) // time for a write the keys must not have made
  const [after] = await exportedDocuments(page, served)
  expect([after.spans, after.status, after.labels ?? []]).toEqual([[], 'todo', []])
  await page.keyboard.press('Escape')
  await expect(page.locator('.ProseMirror')).toBeFocused()
})

test('the open document replaced by another program while a search is typed: the search box keeps the keys', async ({ page, served }) => {
  await openEditor(page, served)
  const [before] = await exportedDocuments(page, served)
  const box = page.getByRole('searchbox', { name: 'Search the corpus' })
  await box.click()
  await box.pressSequentially('summ')
  replaceSampleElsewhere(served, before.text)
  await expect(page.getByRole('alert').filter({ hasText: 'was replaced by another program' })).toBeVisible({ timeout: 5_000 })
  await expect(box).toBeFocused()
  await page.keyboard.type('it')
  await expect(box).toHaveValue('summit')
})

/** Declares a Claim's checkworthy (yes, no), opens the editor and tags a Claim, selected. */
async function tagClaimDeclaringCheckworthy(page: Page, served: Served): Promise<void> {
  const db = new Database(served.corpus)
  db.prepare(`UPDATE labels SET attributes = ? WHERE kind = 'span' AND name = 'Claim'`).run(JSON.stringify([{ name: 'checkworthy', values: ['yes', 'no'] }]))
  db.close()
  await openEditor(page, served)
  await dragSelect(page, 'serve as an intermediary with the United States')
  await page.keyboard.press('1')
  await expect(page.locator('.annotation.selected').first()).toBeVisible()
}

test('a choice attribute the Claim label declares is edited in the side panel, stored, undone and exported', async ({ page, served }) => {
  await tagClaimDeclaringCheckworthy(page, served)
  const choice = page.getByRole('combobox', { name: 'checkworthy' })
  await expect(choice).toHaveValue('')
  await choice.selectOption('yes')
  await expect.poll(async () => (await exportedDocuments(page, served))[0].spans[0].attrs).toEqual({ checkworthy: 'yes' })
  await page.keyboard.press('Control+z') // the panel gave the keys back to the document
  await expect.poll(async () => (await exportedDocuments(page, served))[0].spans[0].attrs).toEqual({})
  await expect(choice).toHaveValue('')
  // Another program declares a third value (as labels --define does): the open panel offers it without a reload.
  const declare = (values: string[]) => {
    const writer = new Database(served.corpus)
    writer.prepare(`UPDATE labels SET attributes = ? WHERE kind = 'span' AND name = 'Claim'`).run(JSON.stringify([{ name: 'checkworthy', values }]))
    writer.close()
  }
  declare(['yes', 'no', 'maybe'])
  await expect(choice.locator('option')).toHaveText(['—', 'yes', 'no', 'maybe'])
  await choice.selectOption('maybe')
  await expect.poll(async () => (await exportedDocuments(page, served))[0].spans[0].attrs).toEqual({ checkworthy: 'maybe' })
  await choice.focus()
  await page.keyboard.press('Escape') // back to the text, as from the note
  await expect(page.locator('.ProseMirror')).toBeFocused()
  // A value no longer declared is shown as such, never as no value.
  declare(['yes', 'no'])
  await expect(choice.locator('option')).toHaveText(['—', 'yes', 'no', 'maybe (not declared)'])
  await expect(choice).toHaveValue('maybe')
  // A Speaker declares nothing: no choice for it.
  await dragSelect(page, 'Mr Putin', 'Mr Putin told journalists')
  await page.keyboard.press('2')
  await expect(page.getByRole('combobox', { name: 'checkworthy' })).toHaveCount(0)
})

test('Alt+A takes the keys to the selected span\'s attributes (it took F6 and a dozen Tabs), Escape back; a span whose label declares none is said', async ({ page, served }) => {
  await tagClaimDeclaringCheckworthy(page, served)
  await page.keyboard.press('Alt+a')
  const choice = page.getByRole('combobox', { name: 'checkworthy' })
  await expect(choice).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(page.locator('.ProseMirror')).toBeFocused()
  await dragSelect(page, 'Mr Putin', 'Mr Putin told journalists')
  await page.keyboard.press('2')
  await expect(page.locator('.annotation.selected').first()).toHaveText('Mr Putin')
  await page.keyboard.press('Alt+a')
  await expect(page.getByRole('alert')).toContainText('Speaker declares no attributes to choose')
  await expect(page.locator('.ProseMirror')).toBeFocused()
})

test('a note written in another tab while this one types in its box is not written over: said, and shown once the box is left', async ({ page, served }) => {
  await openEditor(page, served)
  const note = await notePutin(page)
  await note.pressSequentially('from this tab')
  const stored = async () => (await exportedDocuments(page, served))[0].spans[0].attrs.note
  await expect.poll(stored).toBe('from this tab')
  // Another tab selects the span and writes its own note, having seen this one's.
  const other = await page.context().newPage()
  await openEditor(other, served)
  await other.locator('.ProseMirror [data-label="Speaker"]').click()
  await other.keyboard.press('Alt+m')
  const otherNote = other.getByRole('textbox', { name: 'Note' })
  await expect(otherNote).toHaveValue('from this tab')
  await otherNote.fill('from the other tab')
  await other.keyboard.press('Control+Enter')
  await expect.poll(stored).toBe('from the other tab')
  // This tab sees the change (its box still has the focus and its own text), and says so instead of writing over it.
  await expect(page.locator('.selected-span .gone-elsewhere')).toContainText('The note was changed in another window meanwhile, to "from the other tab"', { timeout: 5_000 })
  await note.pressSequentially(', and more')
  await page.keyboard.press('Escape') // leaving the box saves it, but not over the other tab's note
  await expect(page.locator('.ProseMirror')).toBeFocused()
  await page.waitForTimeout(1_200) // past the pause after which typing is saved
  expect(await stored()).toBe('from the other tab')
  await page.keyboard.press('Alt+m')
  await expect(note).toHaveValue('from the other tab')
  await other.close()
})

test('a note too long to save is kept in its box across a switch to another document and back, not only to another span', async ({ page, served }) => {
  await openEditor(page, served)
  const note = await notePutin(page)
  const long = 'Too long to keep. '.repeat(600) // 10,800 characters
  await note.fill(long)
  await expect(page.locator('.note-length')).toContainText('Not saved: 10,800 characters')
  await page.getByRole('button', { name: /Emoji test/ }).click()
  await expect(page.locator('.document-title')).toHaveText('Emoji test')
  await expect(page.getByRole('alert')).toContainText('The note too long to save (10,800 characters) is kept, unsaved, in its box')
  await page.getByRole('button', { name: /vladivostok-summit/ }).click()
  await expect(page.locator('.document-title')).toHaveText('vladivostok-summit')
  await page.locator('.ProseMirror [data-label="Speaker"]', { hasText: 'Mr Putin' }).click()
  await expect(note).toHaveValue(long)
  await expect(page.locator('.note-length')).toContainText('Not saved: 10,800 characters')
})

test('a note is measured in characters as everywhere outside the editor (code points): 9,500 emoji are 9,500, and saved', async ({ page, served }) => {
  await openEditor(page, served)
  const note = await notePutin(page)
  const emoji = '😀'.repeat(9_500) // 19,000 UTF-16 code units, which a text box's length counts
  await note.fill(emoji)
  await expect(page.locator('.note-length')).toHaveText('9,500 of 10,000 characters')
  await page.keyboard.press('Control+Enter')
  await expect(page.locator('.ProseMirror')).toBeFocused()
  await expect.poll(async () => (await exportedDocuments(page, served))[0].spans.find((s: { text: string }) => s.text === 'Mr Putin').attrs).toEqual({ note: emoji })
  await page.locator('.ProseMirror [data-label="Speaker"]', { hasText: 'Mr Putin' }).click()
  await note.focus()
  await note.fill(`${emoji}${'🇷🇺'.repeat(300)}`) // a flag is two code points: 10,100
  await expect(page.locator('.note-length')).toHaveText('Not saved: 10,100 characters, and a note holds at most 10,000. Shorten it to save it.')
})

test('a note whose save fails stays in its box, said unsaved, also across another span, and is sent again when the box is left', async ({ page, served }) => {
  let failing = false
  await failCalls(page, 'setSpanAttrs', () => failing)
  await openEditor(page, served)
  await dragSelect(page, 'Kim Jong-un')
  await page.keyboard.press('2')
  const note = await notePutin(page)
  const noteOf = async () => (await exportedDocuments(page, served))[0].spans.find((s: { text: string }) => s.text === 'Mr Putin').attrs.note
  // Left with Ctrl+Enter while the disk is full: the text stays, with the reason.
  failing = true
  await note.fill('Checked against the 📝 Kremlin transcript')
  await page.keyboard.press('Control+Enter')
  await expect(page.getByRole('alert')).toContainText('Not saved: the corpus could not be written: database or disk is full')
  await expect(note).toHaveValue('Checked against the 📝 Kremlin transcript')
  await expect(page.locator('.note-length')).toContainText('Not saved (see the message above): it is kept here')
  // Another span selected, then this one again: the note is given back, still said unsaved.
  await page.locator('.ProseMirror [data-label="Speaker"]', { hasText: 'Kim Jong-un' }).click()
  await expect(page.getByRole('alert')).toContainText('The note that could not be saved is kept, unsaved, in its box')
  await expect(note).toHaveValue('')
  await page.locator('.ProseMirror [data-label="Speaker"]', { hasText: 'Mr Putin' }).click()
  await expect(note).toHaveValue('Checked against the 📝 Kremlin transcript')
  await expect(page.locator('.note-length')).toContainText('Not saved')
  expect(await noteOf()).toBeUndefined()
  // The disk has room again: leaving the box sends it.
  failing = false
  await note.focus()
  await page.keyboard.press('Control+Enter')
  await expect.poll(noteOf).toBe('Checked against the 📝 Kremlin transcript')
  await expect(page.locator('.note-length')).toBeHidden()
})

test('a note whose save failed survives a reload (the server out of reach, then back): it is offered again in its box and saved when the box is left', async ({ page, served }) => {
  let failing = false
  await failCalls(page, 'setSpanAttrs', () => failing, { kind: 'unreachable', message: 'the connection to the Marginalia server was lost' })
  await openEditor(page, served)
  const note = await notePutin(page)
  const noteOf = async () => (await exportedDocuments(page, served))[0].spans.find((s: { text: string }) => s.text === 'Mr Putin').attrs.note
  failing = true
  await note.fill('Kremlin transcript, page 4')
  await page.keyboard.press('Control+Enter')
  await expect(page.locator('.note-length')).toContainText('Not saved')
  await page.reload() // as the banner advises once the server is back, or by habit
  await expect(page.locator('.ProseMirror')).toBeVisible()
  await expect(page.locator('.error-banner')).toContainText('A note not saved before the page was left is kept for Speaker "Mr Putin": select that span to see it and save it.')
  await page.locator('.ProseMirror [data-label="Speaker"]', { hasText: 'Mr Putin' }).click()
  await expect(note).toHaveValue('Kremlin transcript, page 4')
  await expect(page.locator('.note-length')).toContainText('Not saved')
  expect(await noteOf()).toBeUndefined()
  failing = false
  await note.focus()
  await page.keyboard.press('Control+Enter')
  await expect.poll(noteOf).toBe('Kremlin transcript, page 4')
  // Saved: nothing is kept any more, and a reload says nothing of it.
  await page.reload()
  await expect(page.locator('.ProseMirror')).toBeVisible()
  await page.locator('.ProseMirror [data-label="Speaker"]', { hasText: 'Mr Putin' }).click()
  await expect(note).toHaveValue('Kremlin transcript, page 4')
  await expect(page.locator('.note-length')).toBeHidden()
  await expect(page.locator('.error-banner')).not.toContainText('not saved')
})

test('a note kept unsaved for a span is not given to the span of another document with the same id and time of creation', async ({ page, served }) => {
  const created = '2026-01-01T09:00:00.000Z'
  inCorpus(served.corpus, (corpus) => {
    const text = corpus.document(1)!.text
    const start = [...text.slice(0, text.indexOf('Mr Putin told'))].length
    corpus.insertSpan(1, { start, end: start + 8, label: 'Speaker', annotator: 'e2e', createdAt: created, updatedAt: created })
    corpus.insertSpan(2, { start: 2, end: 10, label: 'Speaker', annotator: 'e2e', createdAt: created, updatedAt: created }) // "Mr Putin" too, span 1 of its document
  }, { transaction: true })
  let failing = true
  await failCalls(page, 'setSpanAttrs', () => failing)
  await openEditor(page, served)
  await page.locator('.ProseMirror [data-label="Speaker"]').click()
  await page.keyboard.press('Alt+m')
  const note = page.getByRole('textbox', { name: 'Note' })
  await note.fill('Only about the summit article')
  await page.keyboard.press('Control+Enter')
  await expect(page.locator('.note-length')).toContainText('Not saved (see the message above): it is kept here')
  await page.getByRole('button', { name: /Emoji test/ }).click()
  await expect(page.locator('.document-title')).toHaveText('Emoji test')
  await page.locator('.ProseMirror [data-label="Speaker"]').click()
  await expect(note).toHaveValue('')
  failing = false
  await note.focus()
  await page.keyboard.press('Control+Enter')
  await page.getByRole('button', { name: /vladivostok-summit/ }).click()
  await page.locator('.ProseMirror [data-label="Speaker"]').click()
  await expect(note).toHaveValue('Only about the summit article')
  await note.focus()
  await page.keyboard.press('Control+Enter')
  const notes = async () => (await exportedDocuments(page, served)).map((d) => d.spans[0]?.attrs.note)
  await expect.poll(notes).toEqual(['Only about the summit article', undefined])
})

test('Alt+N in a note box saves the note and opens the next document, as from the text', async ({ page, served }) => {
  await openEditor(page, served)
  const title = await page.locator('.document-title').textContent()
  const note = await notePutin(page)
  await note.fill('Check the transcript.')
  await page.keyboard.press('Alt+n')
  await expect(page.locator('.document-title')).not.toHaveText(title!)
  await expect
    .poll(async () => (await exportedDocuments(page, served)).flatMap((d) => d.spans).find((s: { text: string }) => s.text === 'Mr Putin')?.attrs.note)
    .toBe('Check the transcript.')
})
