/// <reference lib="dom" />
/**
 * The editor beside other programs writing to the same corpus: what they write appears without a reload
 * (selection, scroll and undo kept), and the analyst's tags all land while a long import runs.
 */
import { spawn, spawnSync } from 'node:child_process'
import { renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { dragSelect, expect, exportedDocuments, inCorpus, openEditor, test } from './fixtures'

const root = join(__dirname, '..', '..')
const bin = join(root, 'bin', 'marginalia.cjs')

test('what another program writes appears within seconds, keeping the selection, the scroll position and undo', async ({ page, served }) => {
  await openEditor(page, served)
  await dragSelect(page, 'Mr Putin', 'Mr Putin told journalists')
  await page.keyboard.press('2')
  await expect(page.locator('.annotation.selected')).toHaveText('Mr Putin')
  const pane = page.locator('.editor-pane')
  await pane.evaluate((element) => (element.scrollTop = 120))
  const scrolled = await pane.evaluate((element) => element.scrollTop)

  // Another program (a script, a colleague's editor) writes to the same file.
  inCorpus(served.corpus, (other) => {
    const text = other.document(1)!.text
    const start = [...text.slice(0, text.indexOf('Vladimir Putin'))].length
    other.insertSpan(1, { start, end: start + 'Vladimir Putin'.length, label: 'Source', annotator: 'colleague' })
    other.setStatus(1, 'skipped')
    other.insertDocument({ externalId: 'late', title: 'A late arrival', text: 'Imported while the editor was open.' })
  }, { transaction: true })

  await expect(page.locator('.ProseMirror [data-label="Source"]')).toHaveText('Vladimir Putin', { timeout: 3_000 })
  await expect(page.locator('.status-bar [data-status]')).toHaveText('skipped')
  await expect(page.getByRole('navigation', { name: 'Document list' })).toContainText('A late arrival')
  await expect(page.locator('.annotation.selected')).toHaveText('Mr Putin')
  expect(Math.abs((await pane.evaluate((element) => element.scrollTop)) - scrolled)).toBeLessThan(2)

  // The analyst's own history still undoes their own last step.
  await page.keyboard.press('Control+z')
  await expect(page.locator('.ProseMirror [data-label="Speaker"]')).toHaveCount(0)
  const [summit] = await exportedDocuments(page, served)
  expect(summit.spans.map((s: { label: string; annotator: string }) => [s.label, s.annotator])).toEqual([['Source', 'colleague']])
})

test('every tag lands while an import of 20,000 documents runs into the same corpus', async ({ page, served }) => {
  test.setTimeout(180_000)
  await openEditor(page, served)
  const input = join(served.corpus, '..', 'many.jsonl')
  const sentence = 'Officials said the summit went well, and that sanctions relief was discussed at length. '
  writeFileSync(input, Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ id: `many-${i}`, text: `${i}: ${sentence.repeat(8)}` })).join('\n') + '\n')
  const importing = spawn(process.execPath, [bin, 'import', '--quiet', served.corpus, input], { stdio: ['ignore', 'ignore', 'pipe'] })
  let importErrors = ''
  importing.stderr.on('data', (data: Buffer) => (importErrors += data.toString('utf8')))
  const imported = new Promise<number | null>((resolve) => importing.on('close', resolve))

  const phrases = ['Kim Jong-un', 'Vladimir Putin', 'Donald Trump', 'Xi Jinping', 'Mike Pompeo', 'Pyongyang’s', 'Vladivostok', 'Beijing', 'Seoul', 'champagne']
  for (const phrase of phrases) {
    await dragSelect(page, phrase)
    await page.keyboard.press('2')
    await expect(page.locator('.ProseMirror [data-label="Speaker"]').filter({ hasText: phrase }).first()).toBeVisible({ timeout: 10_000 })
    await expect(page.getByRole('alert')).toBeHidden()
  }
  expect(await imported, importErrors).toBe(0)
  const documents = await exportedDocuments(page, served)
  expect(documents).toHaveLength(20_002)
  expect(documents[0].spans.map((s: { text: string }) => s.text).sort()).toEqual([...phrases].sort())
})

test('an import replacing the open document with the same text and times, without the analyst’s spans, says that spans of theirs were removed', async ({ page, served }) => {
  await openEditor(page, served)
  await dragSelect(page, 'Mr Putin', 'Mr Putin told journalists')
  await page.keyboard.press('2')
  await dragSelect(page, 'Kim Jong-un')
  await page.keyboard.press('2')
  await expect(page.locator('.ProseMirror [data-label="Speaker"]')).toHaveCount(2)
  // The document as exported (its text and times the same), without its spans: replacing it keeps its row and times.
  const exported = spawnSync(process.execPath, [bin, 'export', served.corpus], { encoding: 'utf8' })
  expect(exported.status, exported.stderr).toBe(0)
  const record = JSON.parse(exported.stdout.split('\n')[0])
  const replacement = join(served.corpus, '..', 'without-spans.jsonl')
  writeFileSync(replacement, `${JSON.stringify({ ...record, spans: [], relations: [] })}\n`)
  const result = spawnSync(process.execPath, [bin, 'import', '--quiet', '--existing', 'replace', served.corpus, replacement], { encoding: 'utf8' })
  expect(result.status, result.stderr).toBe(0)
  await expect(page.locator('.ProseMirror [data-label="Speaker"]')).toHaveCount(0, { timeout: 5_000 })
  await expect(page.getByRole('alert')).toContainText('2 spans of yours in this document were removed by another program or window')
})

test('undoing the removal of a Claim whose Speaker another program removed meanwhile puts the Claim back without the relation, and says so', async ({ page, served }) => {
  const speaker = inCorpus(served.corpus, (corpus) => {
    const text = corpus.document(1)!.text
    const start = [...text.slice(0, text.indexOf('Mr Putin told'))].length
    return corpus.insertSpan(1, { start, end: start + 'Mr Putin'.length, label: 'Speaker', annotator: 'bob' })
  })
  await openEditor(page, served)
  await dragSelect(page, 'Chairman Kim asked us to inform the American side')
  await page.keyboard.press('1')
  await expect(page.locator('.ProseMirror .annotation.selected')).toHaveText('Chairman Kim asked us to inform the American side')
  await page.keyboard.press('a')
  await expect(page.getByText(/^Linking as attributed_to/)).toBeVisible()
  await page.locator('.ProseMirror [data-label="Speaker"]').click()
  await expect(page.locator('.relation-arcs [data-relation-id]')).toHaveCount(1)
  await page.locator('.ProseMirror [data-label="Claim"]').click()
  await page.keyboard.press('Delete')
  await expect(page.locator('.ProseMirror [data-label="Claim"]')).toHaveCount(0)
  inCorpus(served.corpus, (corpus) => corpus.deleteSpan(1, speaker), { transaction: true }) // bob's, removed in his window
  await page.keyboard.press('Control+z')
  await expect(page.locator('.ProseMirror [data-label="Claim"]')).toHaveText('Chairman Kim asked us to inform the American side')
  await expect(page.getByRole('alert')).toContainText('Undone: the span is back, without its relation to a span removed meanwhile')
  const [document] = await exportedDocuments(page, served)
  expect(document.spans.map((s: { label: string }) => s.label)).toEqual(['Claim'])
  expect(document.relations).toEqual([])
})

test('undoing a status another program has changed since keeps theirs and says so; an undo with nothing changed since still undoes', async ({ page, served }) => {
  await openEditor(page, served)
  const status = async () => (await exportedDocuments(page, served))[0].status
  await page.keyboard.press('Alt+d')
  await expect.poll(status).toBe('done')
  await page.keyboard.press('Control+z')
  await expect.poll(status).toBe('todo')
  await page.keyboard.press('Alt+d')
  await expect.poll(status).toBe('done')
  inCorpus(served.corpus, (corpus) => corpus.setStatus(1, 'skipped'), { transaction: true }) // a colleague skips it
  await page.keyboard.press('Control+z')
  await expect(page.getByRole('alert')).toContainText("Not undone: the document's status was changed since (it is now skipped)")
  expect(await status()).toBe('skipped')
})

test('a corpus file moved away while open is said within seconds, before a write finds out; a write then is refused', async ({ page, served }) => {
  await openEditor(page, served)
  renameSync(served.corpus, `${served.corpus}.moved`)
  await expect(page.getByRole('alert')).toContainText('The corpus file was moved, deleted or replaced since it was opened: nothing more can be saved to it', { timeout: 5_000 })
  await dragSelect(page, 'Mr Putin', 'Mr Putin told journalists')
  await page.keyboard.press('2')
  await expect(page.getByRole('alert')).toContainText('Not saved')
  await expect(page.locator('.ProseMirror [data-label="Speaker"]')).toHaveCount(0)
})

test('a document another program replaces is followed to its new version; labels it adds are drawn and bound at once', async ({ page, served }) => {
  await openEditor(page, served)
  await page.locator('.documents').getByText('Emoji test').click()
  await expect(page.locator('.document-title')).toHaveText('Emoji test')
  const folder = join(served.corpus, '..')
  const replacement = join(folder, 'replacement.jsonl')
  writeFileSync(
    replacement,
    `${JSON.stringify({ id: 'emoji', title: 'Emoji test, corrected', text: 'A rumour 🙊 says the summit was cancelled.', spans: [{ start: 2, end: 8, label: 'Rumour' }] })}\n`,
  )
  const result = spawnSync(process.execPath, [bin, 'import', '--quiet', '--add-labels', '--existing', 'replace', served.corpus, replacement], { encoding: 'utf8' })
  expect(result.status, result.stderr).toBe(0)

  await expect(page.locator('.document-title')).toHaveText('Emoji test, corrected', { timeout: 5_000 })
  await expect(page.getByRole('alert')).toContainText('"Emoji test" was replaced by another program')
  await expect(page.locator('.ProseMirror')).toContainText('A rumour 🙊 says the summit was cancelled.')
  // The new label is in the palette and its span is drawn in its own colour, not the grey of an unknown label.
  await expect(page.locator('[data-palette-label="Rumour"]')).toBeVisible()
  const rumour = page.locator('.ProseMirror [data-label="Rumour"]')
  await expect(rumour).toHaveText('rumour')
  expect(await rumour.evaluate((element) => getComputedStyle(element).getPropertyValue('--label-color').trim())).not.toBe('#888888')

  // Tagging in the new version works: the document is the one the corpus holds now.
  await dragSelect(page, 'summit')
  await page.keyboard.press('2')
  await expect(page.locator('.ProseMirror [data-label="Speaker"]')).toHaveText('summit')
  const emoji = (await exportedDocuments(page, served)).find((d) => d.id === 'emoji')!
  expect(emoji.spans.map((s: { label: string; text: string }) => [s.label, s.text])).toEqual([
    ['Rumour', 'rumour'],
    ['Speaker', 'summit'],
  ])
})
