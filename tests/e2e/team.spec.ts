/// <reference lib="dom" />
/**
 * A team's work in the editor: two analysts' spans, the Agreement view, curating a disagreement from the
 * keyboard, and the curated layer in the export.
 */
import { execFileSync } from 'node:child_process'
import type { Page } from '@playwright/test'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { dragSelect, expect, exportedDocuments, inCorpus, openEditor, test } from './fixtures'

const bin = join(__dirname, '..', '..', 'bin', 'marginalia.cjs')

/** Code point offsets of `needle` in the sample's text. */
function at(text: string, needle: string): { start: number; end: number } {
  const start = [...text.slice(0, text.indexOf(needle))].length
  return { start, end: start + [...needle].length }
}

/** Renames the analyst in the header from `from` to `to`, and waits until the header shows it. */
async function renameAnalyst(page: Page, from: string, to: string): Promise<void> {
  await page.getByRole('button', { name: `Analyst: ${from}` }).click()
  const name = page.getByRole('textbox', { name: 'Your name as analyst' })
  await name.fill(to)
  await name.press('Enter')
  await expect(page.getByRole('button', { name: `Analyst: ${to}` })).toBeVisible()
}

test('two analysts disagree; the lead sees it in the Agreement view, curates it from the keyboard, and exports the curated layer', async ({ page, served }) => {
  inCorpus(served.corpus, (corpus) => {
    const text = corpus.document(1)!.text
    const whole = at(text, 'serve as an intermediary with the United States')
    const part = at(text, 'serve as an intermediary')
    corpus.insertSpan(1, { ...at(text, 'Kim Jong-un'), label: 'Speaker', annotator: 'ana' })
    corpus.insertSpan(1, { ...at(text, 'Kim Jong-un'), label: 'Speaker', annotator: 'bob' })
    corpus.insertSpan(1, { ...whole, label: 'Claim', annotator: 'ana' })
    corpus.insertSpan(1, { ...part, label: 'Claim', annotator: 'bob' })
  }, { transaction: true })
  await openEditor(page, served)
  const distinct = (selector: string) => page.locator(selector).evaluateAll((elements) => new Set(elements.map((e) => e.getAttribute('data-span-id'))).size)
  await expect.poll(() => distinct('.ProseMirror [data-annotator="bob"]')).toBe(2)
  await expect.poll(() => distinct('.ProseMirror .annotation.by-other')).toBe(4) // the editor's analyst is e2e: all four are others'

  await page.getByRole('button', { name: 'Agreement' }).click()
  const dialog = page.getByRole('dialog', { name: 'Agreement' })
  await expect(dialog.locator('.pair[data-reference="ana"][data-compared="bob"]')).toContainText('1 document both annotated')
  await expect(dialog.getByRole('button', { name: 'Close' })).toBeFocused() // not the download: an Enter there would download a file
  await dialog.getByRole('list', { name: 'Documents by disagreement' }).getByRole('button').first().click()

  // The document opens in curation mode at the disagreement: ana's version first; ↓ picks bob's; Enter accepts it.
  const curation = page.getByRole('region', { name: 'Curation' })
  await expect(curation).toContainText('1 disagreement, 0 settled')
  const focused = () =>
    page.locator('.curation-focus').evaluateAll((elements) => elements.filter((e) => !e.parentElement?.closest('.curation-focus')).map((e) => e.textContent).join(''))
  await expect.poll(focused).toBe('serve as an intermediary with the United States')
  await page.keyboard.press('ArrowDown')
  await expect(curation.locator('.versions li[aria-selected="true"]')).toContainText('bob')
  await page.keyboard.press('Enter')
  await expect.poll(() => page.locator('.ProseMirror .annotation.curated').evaluateAll((elements) => elements.map((e) => e.textContent).join(''))).toBe('serve as an intermediary')
  await expect(curation).toContainText('1 disagreement, 1 settled')

  const exported = (args: string[]) => JSON.parse(execFileSync(process.execPath, [bin, 'export', ...args, served.corpus], { encoding: 'utf8' }).split('\n')[0])
  expect(exported(['--annotator', 'curated']).spans.map((s: { text: string }) => s.text)).toEqual(['serve as an intermediary'])
  expect(exported(['--curated-or-agreed']).spans.map((s: { text: string; annotator: string }) => [s.text, s.annotator])).toEqual([
    ['Kim Jong-un', 'agreed'],
    ['serve as an intermediary', 'curated'],
  ])
  // The same settled set, from the Agreement view, without the command line.
  await page.getByRole('button', { name: 'Agreement' }).click()
  const download = page.waitForEvent('download')
  await dialog.getByRole('button', { name: 'Download the settled set (JSONL)' }).click()
  expect((await download).suggestedFilename()).toMatch(/\.settled\.jsonl$/)
  const { readFileSync } = await import('node:fs')
  const [first] = readFileSync((await (await download).path())!, 'utf8').split('\n')
  expect(JSON.parse(first).spans.map((s: { text: string; annotator: string }) => [s.text, s.annotator])).toEqual([
    ['Kim Jong-un', 'agreed'],
    ['serve as an intermediary', 'curated'],
  ])
})

test('a document opened from the Agreement view while curating stays in curation mode (the click turned it off)', async ({ page, served }) => {
  inCorpus(served.corpus, (corpus) => {
    const text = corpus.document(1)!.text
    corpus.insertSpan(1, { ...at(text, 'Kim Jong-un'), label: 'Speaker', annotator: 'ana' })
    corpus.insertSpan(1, { ...at(text, 'serve as an intermediary'), label: 'Claim', annotator: 'bob' })
  }, { transaction: true })
  await page.goto(`${served.url}#doc=emoji`)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Emoji test')
  await page.locator('.ProseMirror').press('Alt+c')
  await expect(page.getByRole('button', { name: 'Curate' })).toHaveAttribute('aria-pressed', 'true')
  await page.getByRole('button', { name: 'Agreement' }).click()
  const dialog = page.getByRole('dialog', { name: 'Agreement' })
  await dialog.getByRole('list', { name: 'Documents by disagreement' }).getByRole('button').first().click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('vladivostok-summit')
  await expect(page.getByRole('region', { name: 'Curation' })).toContainText('2 disagreements, 0 settled')
  await expect(page.getByRole('button', { name: 'Curate' })).toHaveAttribute('aria-pressed', 'true')
})

test('the Agreement view compares relations and declared attributes, not spans alone', async ({ page, served }) => {
  inCorpus(served.corpus, (corpus) => {
    const claim = corpus.labels().find((label) => label.kind === 'span' && label.name === 'Claim')!
    corpus.defineLabels([{ ...claim, attributes: [{ name: 'checkworthy', values: ['yes', 'no'] }] }])
    const text = corpus.document(1)!.text
    for (const [annotator, checkworthy] of [['ana', 'yes'], ['bob', 'no']]) {
      const speaker = corpus.insertSpan(1, { ...at(text, 'Kim Jong-un'), label: 'Speaker', annotator })
      const said = corpus.insertSpan(1, { ...at(text, 'serve as an intermediary'), label: 'Claim', annotator, attrs: { checkworthy } })
      corpus.insertRelation(1, { head: said, child: speaker, label: 'attributed_to', annotator })
    }
  }, { transaction: true })
  await openEditor(page, served)
  await page.getByRole('button', { name: 'Agreement' }).click()
  const dialog = page.getByRole('dialog', { name: 'Agreement' })
  const relations = dialog.getByRole('table', { name: 'Relations of ana and bob' })
  await expect(relations.locator('tr').filter({ hasText: 'attributed_to' }).locator('td')).toHaveText(['1 / 1', '1', '1.00', '1.00', '1.00'])
  // Their claims and speakers agree exactly, and so does the relation; the claim's checkworthy does not.
  const attributes = dialog.getByRole('table', { name: 'Attributes given by ana and bob' })
  await expect(attributes.locator('tr').filter({ hasText: 'Claim: checkworthy' }).locator('td')).toHaveText(['1', '0', '0.00', '0.00'])
  // In a narrow window the dialog stays inside it; its tables scroll within it, so the last column can be reached.
  await page.setViewportSize({ width: 420, height: 800 })
  await expect.poll(() => dialog.evaluate((element) => element.getBoundingClientRect().right)).toBeLessThanOrEqual(420)
  const kappa = attributes.locator('tr').filter({ hasText: 'Claim: checkworthy' }).locator('td').last()
  await kappa.scrollIntoViewIfNeeded()
  const box = (await kappa.boundingBox())!
  expect(box.x + box.width).toBeLessThanOrEqual(420)
})

test('the analyst names themself, sees one analyst\'s work at a time, and the document list follows', async ({ page, served }) => {
  inCorpus(served.corpus, (corpus) => {
    corpus.insertSpan(1, { start: 0, end: 11, label: 'Speaker', annotator: 'ana' })
  })
  await openEditor(page, served)
  await renameAnalyst(page, 'e2e', 'Carla Reyes')
  await page.locator('.ProseMirror').click()
  await page.keyboard.press('Alt+d')
  await expect(page.locator('.document-list .progress')).toHaveText('1 of 2 done')

  await page.getByRole('combobox', { name: 'Show the work of' }).last().selectOption('ana')
  await expect(page.locator('.ProseMirror [data-annotator="ana"]')).toHaveText('Kim Jong-un')
  await page.getByRole('navigation', { name: 'Document list' }).getByRole('combobox', { name: 'Show the work of' }).selectOption('ana')
  await expect(page.locator('.documents li')).toHaveCount(1)
  await expect(page.locator('.document-list .progress')).toHaveText('1 of 1 done')
})

test('a false Spam one analyst tagged is settled as nothing with a click on the other analyst\'s version, and stays settled after a reload', async ({ page, served }) => {
  inCorpus(served.corpus, (corpus) => {
    const text = corpus.document(1)!.text
    corpus.insertSpan(1, { ...at(text, 'Kim Jong-un'), label: 'Speaker', annotator: 'ana' })
    corpus.insertSpan(1, { ...at(text, 'Kim Jong-un'), label: 'Speaker', annotator: 'bob' })
    corpus.insertSpan(1, { ...at(text, 'Click Here: cheap sydney roosters jersey'), label: 'Claim', annotator: 'bob' }) // ana tagged nothing there
  }, { transaction: true })
  await openEditor(page, served)
  await page.keyboard.press('Alt+c')
  const curation = page.getByRole('region', { name: 'Curation' })
  await expect(curation).toContainText('1 disagreement, 0 settled')
  await curation.getByRole('button', { name: /ana: nothing here/ }).click()
  await expect(curation).toContainText('1 disagreement, 1 settled')
  await expect(curation.locator('li[data-settled="true"]')).toHaveCount(1)
  await page.reload() // still curating (the address says so): the settling read back from the corpus
  await expect(page.locator('.ProseMirror .annotation').first()).toBeVisible()
  await expect(page.getByRole('region', { name: 'Curation' })).toContainText('1 disagreement, 1 settled')
  const settled = JSON.parse(execFileSync(process.execPath, [bin, 'export', '--curated-or-agreed', served.corpus], { encoding: 'utf8' }).split('\n')[0])
  expect(settled.spans.map((s: { text: string }) => s.text)).toEqual(['Kim Jong-un'])
})

test('a place two curators settled otherwise (one as nothing, one a Speaker), merged, is settled with one Enter on a version, and the list says so at once', async ({ page, served }) => {
  inCorpus(served.corpus, (corpus) => {
    const text = corpus.document(1)!.text
    const kim = at(text, 'Kim Jong-un')
    corpus.insertSpan(1, { ...kim, label: 'Speaker', annotator: 'ana' })
    for (const annotator of ['ana', 'bob']) corpus.insertSpan(1, { ...at(text, 'Vladivostok'), label: 'Source', annotator }) // agreed; bob tagged nothing at Kim Jong-un
    corpus.insertSpan(1, { ...kim, label: 'Speaker', annotator: 'curated' }) // one curator took ana's Speaker
    corpus.settleAsNothing(1, `place:${kim.start}-${kim.end}`, 'lead-b') // the other settled it as nothing
    corpus.settleAsNothing(1, `meet:${kim.start}-${kim.end}`, 'curated') // as the merge of their copies records it
  }, { transaction: true })
  await openEditor(page, served)
  // The settled set downloaded from the Agreement view says what it leaves out, as the CLI's export does.
  await page.getByRole('button', { name: 'Agreement' }).click()
  const dialog = page.getByRole('dialog', { name: 'Agreement' })
  const download = page.waitForEvent('download')
  await dialog.getByRole('button', { name: 'Download the settled set (JSONL)' }).click()
  await download
  // (The fixture's emoji document carries a label its importer alone gave: named too.)
  await expect(dialog.locator('.settled-notes')).toHaveText(
    /^1 place where two settlings meet \(curated copies merged, each settled otherwise\) left out of the settled set, to settle again in curation \(vladivostok-summit \d+-\d+\)\. 1 document annotated by one analyst alone taken as agreed \(.*\): emoji \(\S+\)\.$/,
  )
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await page.locator('.ProseMirror').focus()
  await page.keyboard.press('Alt+c')
  const curation = page.getByRole('region', { name: 'Curation' })
  await expect(curation.locator('li[aria-current="true"]')).toContainText('two settlings meet here') // the one disagreement
  await page.keyboard.press('Enter') // the first version: ana's Speaker, which the curated layer holds already
  await expect(curation.locator('li', { hasText: 'Kim Jong-un' }).first()).toContainText('settled')
  await expect(curation).not.toContainText('two settlings meet here')
})

test('in curation, Tab steps on from the caret once it has left the disagreement picked (Ctrl+End, Ctrl+Home), as Tab does outside curation', async ({ page, served }) => {
  inCorpus(served.corpus, (corpus) => {
    const text = corpus.document(1)!.text
    // Three places, in this order, where ana tagged a Claim and bob nothing.
    for (const needle of ['Mr Putin told journalists', 'sanctions relief', 'Click Here: cheap sydney roosters jersey']) corpus.insertSpan(1, { ...at(text, needle), label: 'Claim', annotator: 'ana' })
    corpus.insertSpan(1, { ...at(text, 'Kim Jong-un'), label: 'Speaker', annotator: 'bob' })
  }, { transaction: true })
  await openEditor(page, served)
  await page.locator('.ProseMirror').click()
  await page.keyboard.press('Alt+c')
  const picked = page.getByRole('region', { name: 'Curation' }).locator('li[aria-current="true"]')
  await expect(picked).toContainText('Kim Jong-un')
  await page.keyboard.press('Tab')
  await expect(picked).toContainText('Mr Putin told journalists')
  await page.keyboard.press('Control+End')
  await page.keyboard.press('Tab') // past the last place: round to the first
  await expect(picked).toContainText('Kim Jong-un')
  await page.keyboard.press('Tab')
  await expect(picked).toContainText('Mr Putin told journalists') // and on from there
  await page.keyboard.press('Control+End')
  await page.keyboard.press('Shift+Tab') // back from the end: the last place
  await expect(picked).toContainText('Click Here')
  await page.keyboard.press('Control+Home')
  await page.keyboard.press('Shift+Tab') // back from the start: round to the last disagreement
  await expect(picked).toContainText('Click Here')
  await page.keyboard.press('Control+Home')
  await page.keyboard.press('Tab') // from the start: the first place
  await expect(picked).toContainText('Kim Jong-un')
  // Enter settles the one picked and picks the next itself, the caret not moved: Tab goes on from there, not back.
  await page.keyboard.press('Enter')
  await expect(picked).toContainText('Mr Putin told journalists')
  await page.keyboard.press('Tab')
  await expect(picked).toContainText('sanctions relief')
  // A disagreement picked in the side panel: Shift+Tab goes back from it.
  await page.getByRole('region', { name: 'Curation' }).getByText('Click Here: cheap sydney roosters jersey').first().click()
  await expect(picked).toContainText('Click Here')
  await page.keyboard.press('Shift+Tab')
  await expect(picked).toContainText('sanctions relief')
})

test('an analyst another program adds (a merge, a colleague\'s editor) is offered by both analyst filters without a reload, the choice kept', async ({ page, served }) => {
  await openEditor(page, served)
  const listFilter = page.getByRole('navigation', { name: 'Document list' }).getByRole('combobox', { name: 'Show the work of' })
  const panelFilter = page.getByRole('complementary', { name: 'Annotations' }).getByRole('combobox', { name: 'Show the work of' })
  await expect(listFilter.locator('option', { hasText: 'e2e' })).toHaveCount(0)
  inCorpus(served.corpus, (corpus) => {
    corpus.insertSpan(1, { ...at(corpus.document(1)!.text, 'Kim Jong-un'), label: 'Speaker', annotator: 'zoe' })
  })
  await expect(listFilter.locator('option', { hasText: 'zoe' })).toHaveCount(1)
  await expect(panelFilter.locator('option', { hasText: 'zoe' })).toHaveCount(1)
  await panelFilter.selectOption('zoe')
  inCorpus(served.corpus, (again) => {
    again.insertSpan(1, { ...at(again.document(1)!.text, 'Vladimir Putin'), label: 'Speaker', annotator: 'yan' })
  })
  await expect(panelFilter.locator('option', { hasText: 'yan' })).toHaveCount(1)
  await expect(panelFilter).toHaveValue('zoe')
})

test('another analyst’s span is theirs: its note cannot be edited here, Delete leaves it, and a label key tags the text as one’s own', async ({ page, served }) => {
  inCorpus(served.corpus, (corpus) => {
    corpus.insertSpan(1, { ...at(corpus.document(1)!.text, 'Kim Jong-un'), label: 'Speaker', annotator: 'ana' })
  })
  await openEditor(page, served)
  await page.locator('.ProseMirror [data-label="Speaker"]').first().click()
  const details = page.getByRole('region', { name: 'Selected span' })
  await expect(details).toContainText("ana's span: theirs to change")
  await expect(details.getByRole('textbox', { name: 'Note' })).not.toBeEditable()
  await page.keyboard.press('Delete')
  await expect(page.getByRole('alert')).toContainText('Speaker "Kim Jong-un" is ana\'s: removing it is theirs to do')
  await page.keyboard.press('3') // Source
  await expect(page.locator('.ProseMirror [data-label="Source"]')).toHaveText('Kim Jong-un')
  await expect(details).toContainText('by e2e')
  await expect(details.getByRole('textbox', { name: 'Note' })).toBeEditable()
  inCorpus(served.corpus, (stored) => {
    expect(stored.spansOf(1).map((s) => `${s.label} ${s.annotator}`).sort()).toEqual(['Source e2e', 'Speaker ana'])
  })
})

test("Alt+M on another analyst's span takes the keys to its note, shown but not editable: a note typed on after it changes nothing (a digit in it tagged)", async ({ page, served }) => {
  const span = inCorpus(served.corpus, (corpus) => {
    const id = corpus.insertSpan(1, { ...at(corpus.document(1)!.text, 'Kim Jong-un'), label: 'Speaker', annotator: 'ana' })
    corpus.setSpanAttrs(1, id, { note: 'ana checked this' })
    return id
  })
  await openEditor(page, served)
  await page.locator('.ProseMirror').click()
  await page.keyboard.press('Control+Home')
  await page.keyboard.press('Tab')
  await expect(page.locator('.ProseMirror .annotation.selected')).toHaveText('Kim Jong-un')
  await page.keyboard.press('Alt+m')
  const note = page.getByRole('region', { name: 'Selected span' }).getByRole('textbox', { name: 'Note' })
  await expect(note).toBeFocused()
  await expect(note).not.toBeEditable()
  await expect(note).toHaveValue('ana checked this')
  await expect(page.getByRole('alert')).toContainText("is ana's: writing its note is theirs to do. It is shown, not editable: Escape goes back to the text")
  await page.keyboard.type('checked 1 source, and a link')
  // ana changes her note in her window meanwhile: the box shows it (nothing was typed into it to keep).
  inCorpus(served.corpus, (corpus) => corpus.setSpanAttrs(1, span, { note: 'ana checked this twice' }))
  await expect(note).toHaveValue('ana checked this twice', { timeout: 5_000 })
  await expect(page.locator('.gone-elsewhere')).toHaveCount(0)
  await expect(note).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(page.locator('.ProseMirror')).toBeFocused()
  await page.waitForTimeout(500) // time for a write the keys must not have made
  const [summit] = await exportedDocuments(page, served)
  expect(summit.spans.map((s: { label: string; annotator: string; attrs: object }) => [s.label, s.annotator, s.attrs])).toEqual([['Speaker', 'ana', { note: 'ana checked this twice' }]])
})

test("another analyst's relation is theirs: no × in the list, and one's own span it needs stays when deleted", async ({ page, served }) => {
  inCorpus(served.corpus, (corpus) => {
    const text = corpus.document(1)!.text
    const speaker = corpus.insertSpan(1, { ...at(text, 'Kim Jong-un'), label: 'Speaker', annotator: 'e2e' }) // the editor's analyst's
    const claim = corpus.insertSpan(1, { ...at(text, 'serve as an intermediary'), label: 'Claim', annotator: 'bob' })
    corpus.insertRelation(1, { head: claim, child: speaker, label: 'attributed_to', annotator: 'bob' })
  }, { transaction: true })
  await openEditor(page, served)
  const row = page.locator('.relation-list li[data-relation-id]')
  await expect(row).toHaveCount(1)
  await expect(row.getByRole('button', { name: /^Remove / })).toHaveCount(0)
  await expect(row.locator('.owner')).toHaveText('bob')
  await page.locator('.ProseMirror [data-label="Speaker"]').first().click()
  await page.keyboard.press('Delete')
  await expect(page.getByRole('alert')).toContainText('Speaker "Kim Jong-un" is an end of bob\'s attributed_to relation: it stays while that relation needs it')
  await expect(page.locator('.ProseMirror [data-label="Speaker"]')).toHaveCount(1)
  await expect(row).toHaveCount(1)
  inCorpus(served.corpus, (stored) => {
    expect(stored.spansOf(1).map((s) => `${s.label} ${s.annotator}`).sort()).toEqual(['Claim bob', 'Speaker e2e'])
  })
})

test('clicks again on spans stacked on one text pick each in turn: one\'s own first, then the others\'', async ({ page, served }) => {
  inCorpus(served.corpus, (corpus) => {
    const place = at(corpus.document(1)!.text, 'Kim Jong-un')
    for (const annotator of ['ana', 'e2e', 'bob']) corpus.insertSpan(1, { ...place, label: 'Speaker', annotator })
  }, { transaction: true })
  await openEditor(page, served)
  const details = page.getByRole('region', { name: 'Selected span' })
  const word = page.locator('.ProseMirror [data-label="Speaker"]').first()
  const picked: string[] = []
  for (let i = 0; i < 4; i++) {
    await word.click()
    await expect(details).toContainText('by ')
    picked.push((await details.locator('.meta').first().textContent())!.replace(/^by (\w+),.*$/s, '$1'))
    await page.waitForTimeout(600) // apart: two clicks within half a second are a double click
  }
  expect(picked).toEqual(['e2e', 'ana', 'bob', 'e2e'])
  // Quick clicks, which the browser counts as a double and a triple click, step on just the same.
  const by = async () => (await details.locator('.meta').first().textContent())!.replace(/^by (\w+),.*$/s, '$1')
  await word.click()
  await expect.poll(by).toBe('ana')
  await word.click()
  await expect.poll(by).toBe('bob')
  await word.click()
  await expect.poll(by).toBe('e2e')
})

test('a name set in another tab of the browser edition is shown in this one, and said, before anything is tagged under it', async ({ page, served }) => {
  await openEditor(page, served)
  const other = await page.context().newPage()
  await openEditor(other, served)
  await renameAnalyst(other, 'e2e', 'ben')
  await expect(page.getByRole('button', { name: 'Analyst: ben' })).toBeVisible({ timeout: 5_000 })
  await expect(page.getByRole('alert')).toContainText('Your edits are now recorded as ben: the name was changed in another tab')
  await other.close()
})

test('what one tab of the browser edition writes is shown in its other tabs, as what another program writes is', async ({ page, served }) => {
  await openEditor(page, served)
  const other = await page.context().newPage()
  await openEditor(other, served)
  await dragSelect(page, 'Kim Jong-un')
  await page.keyboard.press('2')
  await expect(page.locator('.ProseMirror [data-label="Speaker"]')).toHaveText('Kim Jong-un')
  await expect(other.locator('.ProseMirror [data-label="Speaker"]')).toHaveText('Kim Jong-un', { timeout: 5_000 })
  await other.close()
})

test('curation mode stays on from one document to another, until Alt+C leaves it', async ({ page, served }) => {
  const input = join(served.corpus, '..', 'second.jsonl')
  const text = 'Mr Kim said talks went well.'
  const spans = [
    { start: 0, end: 6, label: 'Speaker', annotator: 'ana' },
    { start: 3, end: 6, label: 'Speaker', annotator: 'bob' },
  ]
  writeFileSync(input, `${JSON.stringify({ id: 'second', title: 'second', text, spans })}\n`)
  execFileSync(process.execPath, [bin, 'import', served.corpus, input], { stdio: 'pipe' })
  await openEditor(page, served)
  const curate = page.getByRole('button', { name: 'Curate' })
  await page.keyboard.press('Alt+c')
  await expect(curate).toHaveAttribute('aria-pressed', 'true')
  await page.locator('.document-list').getByText('second', { exact: true }).click() // another document, from the list
  await expect(page.locator('h1.document-title')).toHaveText('second')
  await expect(curate).toHaveAttribute('aria-pressed', 'true')
  await expect(page.getByRole('region', { name: 'Curation' })).toContainText('1 disagreement, 0 settled')
  // A page reloaded while curating comes back to curation mode (the address says so), on the same document.
  await page.reload()
  await expect(page.locator('h1.document-title')).toHaveText('second')
  await expect(curate).toHaveAttribute('aria-pressed', 'true')
  await page.keyboard.press('Alt+c')
  await expect(curate).toHaveAttribute('aria-pressed', 'false')
  await page.keyboard.press('Alt+p')
  await expect(page.locator('h1.document-title')).not.toHaveText('second')
  await expect(curate).toHaveAttribute('aria-pressed', 'false')
  await page.reload()
  await expect(page.locator('h1.document-title')).not.toHaveText('second')
  await expect(curate).toHaveAttribute('aria-pressed', 'false')
})

/** ana and bob differ on Kim Jong-un (Speaker, Source) and on the summit (ana's Claim), and on `more` spans by bob. */
function kimAndSummit(corpusPath: string, more: { text: string; label: string }[] = []): void {
  inCorpus(corpusPath, (corpus) => {
    const text = corpus.document(1)!.text
    corpus.insertSpan(1, { ...at(text, 'Kim Jong-un'), label: 'Speaker', annotator: 'ana' })
    corpus.insertSpan(1, { ...at(text, 'Kim Jong-un'), label: 'Source', annotator: 'bob' })
    corpus.insertSpan(1, { ...at(text, 'A summit in Vietnam in February broke down'), label: 'Claim', annotator: 'ana' })
    for (const span of more) corpus.insertSpan(1, { ...at(text, span.text), label: span.label, annotator: 'bob' })
  }, { transaction: true })
}

test('Enter in curation accepts and goes on to the next disagreement not settled, scrolled into view before it can be accepted', async ({ page, served }) => {
  kimAndSummit(served.corpus)
  await page.setViewportSize({ width: 1200, height: 500 }) // the last paragraph is far below the first
  await openEditor(page, served)
  await page.keyboard.press('Alt+c')
  const curation = page.getByRole('region', { name: 'Curation' })
  await expect(curation).toContainText('2 disagreements, 0 settled')
  await page.keyboard.press('Enter') // ana's Speaker over bob's Source, then on to the summit Claim
  await expect(curation).toContainText('2 disagreements, 1 settled')
  const focus = page.locator('.curation-focus').first()
  await expect(focus).toContainText('A summit in Vietnam')
  await expect(focus).toBeInViewport()
})

test('a click in the curation list picks a disagreement or accepts a version, and leaves the keys with the text', async ({ page, served }) => {
  kimAndSummit(served.corpus, [{ text: 'Click Here: cheap sydney roosters jersey', label: 'Spam' }])
  await openEditor(page, served)
  await page.keyboard.press('Alt+c')
  const curation = page.getByRole('region', { name: 'Curation' })
  const list = curation.getByRole('list', { name: 'Disagreements' })
  await expect(curation).toContainText('3 disagreements, 0 settled')
  await expect(list.locator(':scope > li[aria-current="true"]')).toContainText('Kim Jong-un')
  await list.getByRole('button', { name: /A summit in Vietnam/ }).click() // the heading of another disagreement
  await expect(list.locator(':scope > li[aria-current="true"]')).toContainText('A summit in Vietnam')
  await expect(page.locator('.ProseMirror')).toBeFocused()
  await curation.getByRole('button', { name: /^bob: nothing here/ }).click()
  await expect(curation).toContainText('3 disagreements, 1 settled')
  await expect(page.locator('.ProseMirror')).toBeFocused()
  await page.keyboard.press('Tab') // the keys go on from the text: on to the next disagreement
  await expect(list.locator(':scope > li[aria-current="true"]')).not.toContainText('A summit in Vietnam')
  await page.keyboard.press('Enter')
  await expect(curation).toContainText('3 disagreements, 2 settled')
})

test('the list of disagreements shows those around the one picked, and says how many more there are before and after', async ({ page, served }) => {
  inCorpus(served.corpus, (corpus) => {
    const text = corpus.document(1)!.text
    const words = [...text.matchAll(/\p{L}{6,}/gu)].slice(0, 61)
    for (const [i, word] of words.entries()) {
      const start = [...text.slice(0, word.index)].length
      corpus.insertSpan(1, { start, end: start + [...word[0]].length, label: 'Claim', annotator: i === 0 ? 'bob' : 'ana' })
    }
  }, { transaction: true })
  await openEditor(page, served)
  await page.keyboard.press('Alt+c')
  const curation = page.getByRole('region', { name: 'Curation' })
  await expect(curation).toContainText('Curation: 61 disagreements, 0 settled')
  const list = curation.getByRole('list', { name: 'Disagreements' })
  await expect(list.locator(':scope > li:not(.more)')).toHaveCount(40)
  await expect(list.locator(':scope > li.more')).toHaveText(['… 21 disagreements after (Tab steps through them)'])
  for (let i = 0; i < 40; i++) await page.keyboard.press('Tab')
  await expect(list.locator(':scope > li[aria-current="true"]')).toHaveCount(1)
  await expect(list.locator(':scope > li.more')).toHaveText(['… 20 disagreements before (Tab steps through them)', '… 1 disagreement after (Tab steps through them)'])
})

test("a document label's box is the analyst's own: a colleague's label is named beside it, not shown as theirs", async ({ page, served }) => {
  inCorpus(served.corpus, (corpus) => {
    corpus.transaction(() => corpus.insertDocumentLabel(1, 'Politics', 'ana'))
  })
  await openEditor(page, served)
  const politics = page.getByRole('checkbox', { name: 'Politics' })
  await expect(politics).not.toBeChecked()
  await expect(page.locator('.document-labels')).toContainText('Politics also ana')
  await politics.check() // puts e2e's on beside ana's
  await expect(politics).toBeChecked()
  const labels = async () => (await exportedDocuments(page, served))[0].labels.map((l: any) => l.annotator).sort()
  await expect.poll(labels).toEqual(['ana', 'e2e'])
  await politics.uncheck() // takes e2e's off, leaving ana's
  await expect(politics).not.toBeChecked()
  await expect.poll(labels).toEqual(['ana'])
  // Shown the work of one analyst, the colleagues named are those whose work is shown.
  await page.getByRole('complementary', { name: 'Annotations' }).getByRole('combobox', { name: 'Show the work of' }).selectOption('e2e')
  await expect(page.locator('.document-labels')).not.toContainText('also ana')
})

test("curation lists a relation drawn to a colleague's span apart from the colleague's own, saying whose span its end is", async ({ page, served }) => {
  // ana links her Claim to her "Kim Jong-un"; bob tagged the same Claim but linked it to ana's Speaker, never tagging one.
  inCorpus(served.corpus, (corpus) => {
    const text = corpus.document(1)!.text
    const speaker = corpus.insertSpan(1, { ...at(text, 'Kim Jong-un'), label: 'Speaker', annotator: 'ana' })
    const claims = ['ana', 'bob'].map((annotator) => corpus.insertSpan(1, { ...at(text, 'Click Here: cheap sydney roosters jersey'), label: 'Claim', annotator }))
    for (const [i, annotator] of ['ana', 'bob'].entries()) corpus.insertRelation(1, { head: claims[i], child: speaker, label: 'attributed_to', annotator })
  }, { transaction: true })
  await openEditor(page, served)
  await page.keyboard.press('Alt+c')
  const curation = page.getByRole('region', { name: 'Curation' })
  // The Speaker only ana tagged, and the two relations, each one analyst's: bob's names the end as ana's span.
  await expect(curation).toContainText('3 disagreements, 0 settled')
  await expect(curation).toContainText('(ana’s span)')
  const titles = await curation.locator('li').allTextContents()
  expect(titles.filter((title) => title.includes('attributed_to') && title.includes('(ana’s span)'))).toHaveLength(1)
})

test("spaces typed into another analyst's note box, shown read-only, move nothing (the side panel scrolled), and the notice saying how to leave it goes with Escape", async ({ page, served }) => {
  inCorpus(served.corpus, (corpus) => {
    const text = corpus.document(1)!.text
    const words = [...text.matchAll(/\p{L}{4,}/gu)].slice(0, 80)
    for (const word of words) {
      const start = [...text.slice(0, word.index)].length
      corpus.insertSpan(1, { start, end: start + [...word[0]].length, label: 'Source', annotator: 'ana' })
    }
  }, { transaction: true })
  await openEditor(page, served)
  await page.locator('.ProseMirror').click()
  await page.keyboard.press('Control+Home')
  await page.keyboard.press('Tab')
  await page.keyboard.press('Alt+m')
  const note = page.getByRole('region', { name: 'Selected span' }).getByRole('textbox', { name: 'Note' })
  await expect(note).toBeFocused()
  await expect(note).not.toBeEditable()
  const panel = page.locator('.side-panel')
  expect(await panel.evaluate((element) => element.scrollHeight > element.clientHeight + 200)).toBe(true)
  const before = await panel.evaluate((element) => element.scrollTop)
  for (let i = 0; i < 5; i++) await page.keyboard.press(' ')
  await page.waitForTimeout(300)
  expect(await panel.evaluate((element) => element.scrollTop)).toBe(before)
  await expect(note).toBeFocused()
  // The notice told how to leave the box (Escape); once the keys are back in the text it goes (it stayed its 5 s).
  const notice = page.getByRole('alert').filter({ hasText: 'Escape goes back to the text' })
  await expect(notice).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.locator('.ProseMirror')).toBeFocused()
  await expect(notice).toBeHidden({ timeout: 1_000 })
})
