/// <reference lib="dom" />
/**
 * Relations over the text: an arc per relation from head to child, redrawn on scroll and undo, all or the
 * selected span's (Alt+R), far-apart ends named at the viewport's edge; the side panel's relation list; the
 * status bar's count of Claims without attributed_to and stepping through them (Alt+U).
 */
import type { Page } from '@playwright/test'
import { dragSelect, expect, exportedDocuments, inCorpus, openEditor, test } from './fixtures'

const QUOTE = 'Chairman Kim asked us to inform the American side of his position on questions that have arisen amid the processes taking place on the Korean peninsula'
const FAR_CLAIM = 'Kim Jong-un has asked Vladimir Putin to serve as an intermediary with the United States'
const TRUMP = 'demanded Mr Trump replace his “reckless” point man on the nuclear talks'
const arcs = (page: Page) => page.locator('.relation-arcs [data-relation-id]')
const relationList = (page: Page) => page.getByRole('list', { name: 'Relations' })
const missingCount = (page: Page) => page.locator('.status-bar .missing-count')
const selectedText = (page: Page) => page.locator('.ProseMirror .annotation.selected')

/** Tags the "Mr Putin" that begins `where` as a Speaker and `claim` as a Claim, which is left selected. */
async function tagPutinAndClaim(page: Page, where: string, claim: string): Promise<void> {
  await dragSelect(page, 'Mr Putin', where)
  await page.keyboard.press('2')
  await dragSelect(page, claim)
  await page.keyboard.press('1')
  await expect(selectedText(page)).toHaveText(claim)
}

/** Tags "Mr Putin" as a Speaker and the quote before it as a Claim, which is left selected. */
const tagPutinAndQuote = (page: Page) => tagPutinAndClaim(page, 'Mr Putin told journalists', QUOTE)

/** Tags "Mr Putin" near the bottom of the article as a Speaker and `FAR_CLAIM` near its top as a Claim, which is left selected. */
const tagFarApartPair = (page: Page) => tagPutinAndClaim(page, 'Mr Putin said Russia was still seeking', FAR_CLAIM)

/** Tags the Speaker and the quote and links them with a, then a click on the Speaker: one arc. The Claim stays selected. */
async function linkQuoteToPutin(page: Page): Promise<void> {
  await tagPutinAndQuote(page)
  await page.keyboard.press('a')
  await page.locator('.ProseMirror [data-label="Speaker"]').click()
  await expectOneArc(page, QUOTE, 'Mr Putin')
}

/** Span id of the (only) span drawn with `label` whose text is `text`. */
async function spanId(page: Page, label: string, text: string): Promise<string> {
  const element = page.locator(`.ProseMirror [data-label="${label}"]`).filter({ hasText: text }).first()
  return (await element.getAttribute('data-span-id'))!
}

interface Geometry {
  tip: { x: number; y: number }
  start: { x: number; y: number } | null
  head: { left: number; right: number; top: number; bottom: number }[]
  child: { left: number; right: number; top: number; bottom: number }[]
}

/** Where relation `id`'s arrowhead and start are, and the boxes of its ends' text, in client coordinates. */
function arcGeometry(page: Page, id: string): Promise<Geometry> {
  return page.evaluate((id) => {
    const arc = document.querySelector(`.relation-arcs [data-relation-id="${id}"]`) as SVGGElement
    const centre = (element: Element) => {
      const r = element.getBoundingClientRect()
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 }
    }
    const boxes = (spanId: string) =>
      [...document.querySelectorAll(`.ProseMirror [data-span-id="${spanId}"]`)].flatMap((e) =>
        [...e.getClientRects()].map((r) => ({ left: r.left, right: r.right, top: r.top, bottom: r.bottom })),
      )
    const start = arc.querySelector('.arc-start')!
    return {
      tip: centre(arc.querySelector('.arc-arrow')!),
      start: start.getAttribute('display') === 'none' ? null : centre(start),
      head: boxes(arc.dataset.head!),
      child: boxes(arc.dataset.child!),
    }
  }, id)
}

/** True if `point` is at one of `boxes` (just above or below it counts: arcs meet text at its edges). */
function touches(point: { x: number; y: number }, boxes: Geometry['head'], slack = 9): boolean {
  return boxes.some((b) => point.x >= b.left && point.x <= b.right && point.y >= b.top - slack && point.y <= b.bottom + slack)
}

/** Expects one arc, attributed_to, from the Claim `claim` to the Speaker `speaker`; returns its id. */
async function expectOneArc(page: Page, claim: string, speaker: string): Promise<string> {
  await expect(arcs(page)).toHaveCount(1)
  const arc = page.locator('.relation-arcs [data-relation-id][data-label="attributed_to"]')
  await expect(arc).toHaveCount(1)
  await expect(arc).toHaveAttribute('data-head', await spanId(page, 'Claim', claim))
  await expect(arc).toHaveAttribute('data-child', await spanId(page, 'Speaker', speaker))
  const id = (await arc.getAttribute('data-relation-id'))!
  const geometry = await arcGeometry(page, id)
  expect(touches(geometry.tip, geometry.child), 'the arrowhead is at the Speaker').toBe(true)
  expect(touches(geometry.tip, geometry.head), 'the arrowhead is not at the Claim').toBe(false)
  expect(touches(geometry.start!, geometry.head), 'the arc leaves from the Claim').toBe(true)
  return id
}

test('linking a Claim to its Speaker (a, then a click) draws one arc from the Claim to the Speaker', async ({ page, served }) => {
  await openEditor(page, served)
  await tagPutinAndQuote(page)
  await expect(arcs(page)).toHaveCount(0)
  await page.keyboard.press('a')
  await page.locator('.ProseMirror [data-label="Speaker"]').click()
  const id = await expectOneArc(page, QUOTE, 'Mr Putin')
  await expect(page.locator('.relation-arc.active')).toHaveCount(1) // it touches the selected Claim
  // The layer lets clicks through to the text: what is under the arrowhead and the label is the text.
  const under = await page.evaluate((id) => {
    const arc = document.querySelector(`.relation-arcs [data-relation-id="${id}"]`)!
    const label = document.querySelector(`.relation-arcs .arc-label[data-relation-of="${id}"]`)!
    return [arc.querySelector('.arc-arrow')!, label, arc.querySelector('.arc-line')!].map((part) => {
      const r = part.getBoundingClientRect()
      return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)?.closest('.relation-arcs') === null
    })
  }, id)
  expect(under).toEqual([true, true, true])
})

test('a link begun takes away the notice of a key that did nothing before it, so that the two are not shown together', async ({ page, served }) => {
  await openEditor(page, served)
  await tagPutinAndQuote(page)
  await page.keyboard.press('Escape') // nothing selected now
  await page.keyboard.press('1')
  const banner = page.locator('.error-banner')
  await expect(banner).toBeVisible()
  await page.locator('.ProseMirror [data-label="Claim"]').first().click()
  await page.keyboard.press('a')
  await expect(page.locator('.link-status')).toContainText('Linking Claim')
  await expect(banner).toBeHidden()
})

test('linking a Claim to its Speaker again, from either end, says it is linked already and makes no second relation', async ({ page, served }) => {
  await openEditor(page, served)
  await linkQuoteToPutin(page)
  // (By keys: a second click on the Speaker this soon after the first would be a double click, which selects a word.)
  await page.keyboard.press('a')
  await page.keyboard.press('Tab')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('alert')).toContainText(`is already linked to Speaker "Mr Putin" by attributed_to`)
  await page.getByRole('list', { name: 'Spans' }).getByRole('button', { name: /Speaker.*Mr Putin/ }).click()
  await page.keyboard.press('a')
  await page.keyboard.press('Shift+Tab')
  await expect(selectedText(page)).toHaveText(QUOTE)
  await page.keyboard.press('Enter')
  await expect(page.getByRole('alert')).toContainText(`is already linked to Speaker "Mr Putin" by attributed_to`)
  await expect(arcs(page)).toHaveCount(1)
  await expect(relationList(page).locator('li')).toHaveCount(1)
  expect((await exportedDocuments(page, served))[0].relations).toHaveLength(1)
})

test('a relation removed with its × in the side panel gives the keys back to the text; a refusal is cleared by the next write that succeeds', async ({ page, served }) => {
  await openEditor(page, served)
  await linkQuoteToPutin(page)
  await page.keyboard.press('Tab')
  await expect(selectedText(page)).toHaveText('Mr Putin')
  await page.keyboard.press('4') // a Speaker linked as attributed_to's child cannot become Spam
  await expect(page.getByRole('alert')).toContainText('Speaker "Mr Putin" stays a Speaker: it is the child of its attributed_to relation')
  await relationList(page).getByRole('button', { name: /^Remove attributed_to from Claim ".*" to Speaker "Mr Putin"$/ }).click()
  await expect(arcs(page)).toHaveCount(0)
  await expect(page.locator('.ProseMirror')).toBeFocused()
  await page.keyboard.press('Tab') // the keys act on the text: Tab steps to a span
  await expect(selectedText(page)).toHaveCount(1)
  await expect(page.getByRole('alert')).toBeHidden() // the removal was written: the refusal before it is out of date
})

test('linking a Claim to a Speaker chosen in the side panel’s span list draws the arc, as a click in the text does', async ({ page, served }) => {
  await openEditor(page, served)
  await tagPutinAndQuote(page)
  await page.keyboard.press('a')
  await page.getByRole('list', { name: 'Spans' }).getByRole('button', { name: /Speaker.*Mr Putin/ }).click()
  await expectOneArc(page, QUOTE, 'Mr Putin')
  await expect(page.getByText(/^Linking as/)).toHaveCount(0)
  await expect(selectedText(page)).toHaveText(QUOTE) // the Claim stays selected, as after a click in the text
})

test('a Claim chosen in the side panel’s span list is where Tab steps on from, also while linking from it, not the cursor left elsewhere', async ({ page, served }) => {
  await openEditor(page, served)
  await dragSelect(page, 'Kim Jong-un') // a Speaker at the very start of the text, before the Claim
  await page.keyboard.press('2')
  await tagPutinAndQuote(page) // the Speaker Mr Putin after the Claim
  await page.keyboard.press('Control+Home') // the cursor at the start, before every span
  await page.getByRole('list', { name: 'Spans' }).getByRole('button', { name: /Claim.*Chairman Kim/ }).click()
  await expect(selectedText(page)).toHaveText(QUOTE)
  await page.keyboard.press('a')
  await page.keyboard.press('Tab')
  await expect(selectedText(page)).toHaveText('Mr Putin') // the next Speaker after the Claim, not the first after the cursor
  await page.keyboard.press('Enter')
  await expectOneArc(page, QUOTE, 'Mr Putin')
  await page.getByRole('list', { name: 'Spans' }).getByRole('button', { name: /Claim.*Chairman Kim/ }).click()
  await page.keyboard.press('Shift+Tab')
  await expect(selectedText(page)).toHaveText('Kim Jong-un')
})

test('linking with a, Tab, Enter draws the arc; scrolling moves it with the text, and undo takes it away', async ({ page, served }) => {
  await openEditor(page, served)
  await tagPutinAndQuote(page)
  await page.keyboard.press('a')
  await page.keyboard.press('Tab')
  await expect(selectedText(page)).toHaveText('Mr Putin')
  await page.keyboard.press('Enter')
  const id = await expectOneArc(page, QUOTE, 'Mr Putin')

  const pane = page.locator('.editor-pane')
  const before = await arcGeometry(page, id)
  await pane.evaluate((element) => element.scrollBy(0, 120))
  await expect.poll(async () => Math.round((await arcGeometry(page, id)).tip.y)).toBe(Math.round(before.tip.y - 120))
  const after = await arcGeometry(page, id)
  expect(touches(after.tip, after.child)).toBe(true)
  expect(touches(after.start!, after.head)).toBe(true)

  await page.keyboard.press('Control+z')
  await expect(arcs(page)).toHaveCount(0)
  await expect(relationList(page).locator('li')).toHaveCount(0)
  await page.keyboard.press('Control+Shift+z')
  await expect(arcs(page)).toHaveCount(1)
})

test('Alt+R draws only the selected span’s arcs, and all of them again', async ({ page, served }) => {
  await openEditor(page, served)
  await tagPutinAndQuote(page)
  await page.keyboard.press('a')
  await page.locator('.ProseMirror [data-label="Speaker"]').click()
  await dragSelect(page, 'Pyongyang', 'Last week, Pyongyang')
  await page.keyboard.press('2')
  await dragSelect(page, TRUMP)
  await page.keyboard.press('1')
  await expect(selectedText(page)).toHaveText(TRUMP)
  await page.keyboard.press('a')
  await page.locator('.ProseMirror [data-label="Speaker"]', { hasText: 'Pyongyang' }).click()
  await expect(arcs(page)).toHaveCount(2)
  await expect(page.locator('.relation-arcs')).toHaveAttribute('data-scope', 'all')

  await page.keyboard.press('Alt+r')
  await expect(page.locator('.relation-arcs')).toHaveAttribute('data-scope', 'selected')
  await expect(page.locator('.status-bar .arc-scope')).toHaveText('Arcs: selected span')
  await expect(selectedText(page)).toHaveText(TRUMP) // linking leaves the Claim selected
  await expect(arcs(page)).toHaveCount(1)
  await expect(arcs(page)).toHaveAttribute('data-head', await spanId(page, 'Claim', TRUMP))
  await page.locator('.ProseMirror [data-label="Speaker"]', { hasText: 'Mr Putin' }).click()
  await expect(arcs(page)).toHaveCount(1)
  await expect(arcs(page)).toHaveAttribute('data-child', await spanId(page, 'Speaker', 'Mr Putin'))
  await page.keyboard.press('Escape')
  await expect(arcs(page)).toHaveCount(0)

  await page.keyboard.press('Alt+r')
  await expect(page.locator('.relation-arcs')).toHaveAttribute('data-scope', 'all')
  await expect(arcs(page)).toHaveCount(2)
  // The status bar's button switches too.
  await page.locator('.status-bar .arc-scope').click()
  await expect(arcs(page)).toHaveCount(0)
  await expect(page.locator('.status-bar .arc-scope')).toHaveAttribute('aria-pressed', 'true')
})

test('a Claim near the top linked to a Speaker near the bottom is drawn to the edge of the view, the other end named there', async ({ page, served }) => {
  await openEditor(page, served)
  await tagFarApartPair(page)
  const claim = FAR_CLAIM
  await page.keyboard.press('a')
  await page.locator('.ProseMirror [data-label="Speaker"]').click() // scrolls down to it
  await expect(arcs(page)).toHaveCount(1)
  const arc = arcs(page)
  const pane = await page.locator('.editor-pane').boundingBox()

  // Linked: the Claim, selected again for the keys that come next, is brought back into view; the Speaker below
  // the view is named at its bottom edge, and the arc leaves from the Claim.
  await expect(selectedText(page)).toHaveText(claim)
  await expect(selectedText(page)).toBeInViewport()
  await expect(arc).toHaveAttribute('data-edge', 'bottom')
  const edge = arc.locator('.arc-edge text')
  await expect(edge).toHaveText('↓ Speaker "Mr Putin"')
  const box = (await edge.boundingBox())!
  expect(box.y + box.height).toBeGreaterThan(pane!.y + pane!.height - 24)
  const id = (await arc.getAttribute('data-relation-id'))!
  const top = await arcGeometry(page, id)
  expect(touches(top.start!, top.head)).toBe(true)
  expect(top.tip.y).toBeGreaterThan(pane!.y + pane!.height - 24)

  // At the bottom: the Claim is above the view, named at its top edge; the arrowhead is at the Speaker.
  await page.locator('.editor-pane').evaluate((element) => (element.scrollTop = element.scrollHeight))
  await expect(arc).toHaveAttribute('data-edge', 'top')
  await expect(edge).toHaveText('↑ Claim "Kim Jong-un has asked Vladimir Putin to…"')
  expect((await edge.boundingBox())!.y).toBeLessThan(pane!.y + 20)
  const bottom = await arcGeometry(page, id)
  expect(bottom.start).toBeNull()
  expect(touches(bottom.tip, bottom.child)).toBe(true)

  // The name takes a click: it goes to that end.
  await edge.click()
  await expect(selectedText(page)).toHaveText(claim)
  await expect(selectedText(page)).toBeInViewport()
  await expect(arc).toHaveAttribute('data-edge', 'bottom')
})

test('a relation whose Claim is above the view and Speaker below it is drawn through the view, both ends named at its edges', async ({ page, served }) => {
  await page.setViewportSize({ width: 1200, height: 420 })
  await openEditor(page, served)
  await tagFarApartPair(page)
  const claim = FAR_CLAIM
  await page.keyboard.press('a')
  await page.locator('.ProseMirror [data-label="Speaker"]').click()
  await expect(arcs(page)).toHaveCount(1)
  const speaker = page.locator('.ProseMirror [data-label="Speaker"]')

  // The middle of the article at the top of the view: the Claim is above it, the Speaker below it.
  await page.locator('.ProseMirror p').nth(11).evaluate((p) => p.scrollIntoView({ block: 'start' }))
  await expect(selectedText(page)).not.toBeInViewport()
  await expect(speaker).not.toBeInViewport()
  const arc = arcs(page)
  await expect(arc).toHaveCount(1)
  await expect(arc).toHaveAttribute('data-edge', 'top bottom')
  await expect(arc.locator('.arc-edge text')).toHaveText(['↑ Claim "Kim Jong-un has asked Vladimir Putin to…"', '↓ Speaker "Mr Putin"'])
  // From the top edge to the bottom one, beside the text, with its label in view.
  const pane = (await page.locator('.editor-pane').boundingBox())!
  const line = (await arc.locator('.arc-line').boundingBox())!
  expect(line.y).toBeLessThan(pane.y + 4)
  expect(line.y + line.height).toBeGreaterThan(pane.y + pane.height - 12)
  const text = (await page.locator('.ProseMirror').boundingBox())!
  expect(line.x + line.width).toBeLessThanOrEqual(text.x + 1)
  await expect(page.locator('.relation-arcs .arc-label text')).toHaveText('attributed_to')
  await expect(page.locator('.relation-arcs .arc-label')).toBeInViewport()

  // The name at the bottom takes a click: it goes to the Speaker.
  await arc.locator('.arc-edge').nth(1).click()
  await expect(selectedText(page)).toHaveText('Mr Putin')
  await expect(selectedText(page)).toBeInViewport()
  await expect(arc).toHaveAttribute('data-edge', 'top')

  // With neither end selected, a relation passing by is not drawn through the view (every one would be).
  await page.keyboard.press('Escape')
  await expect(selectedText(page)).toHaveCount(0)
  await page.locator('.ProseMirror p').nth(11).evaluate((p) => p.scrollIntoView({ block: 'start' }))
  await expect(speaker).not.toBeInViewport()
  await expect(arcs(page)).toHaveCount(0)
})

test('a Speaker far down linked to by keys (a, Shift+Tab, Enter) leaves the Claim linked from, selected again, in view', async ({ page, served }) => {
  await openEditor(page, served)
  await tagFarApartPair(page)
  const claim = FAR_CLAIM
  await page.keyboard.press('a')
  await page.keyboard.press('Shift+Tab') // the Speaker, far below: scrolled to
  await expect(selectedText(page)).toHaveText('Mr Putin')
  await expect(page.locator('.ProseMirror [data-label="Claim"]')).not.toBeInViewport()
  await page.keyboard.press('Enter')
  await expect(arcs(page)).toHaveCount(1)
  await expect(selectedText(page)).toHaveText(claim)
  await expect(selectedText(page)).toBeInViewport() // what Delete or a label key would act on is in sight
})

test('the side panel lists each relation with both ends’ text and place; a click selects its head', async ({ page, served }) => {
  await openEditor(page, served)
  await tagPutinAndQuote(page)
  await page.keyboard.press('a')
  await page.locator('.ProseMirror [data-label="Speaker"]').click()
  const item = relationList(page).locator('li')
  await expect(item).toHaveCount(1)
  await expect(item.locator('.relation-end.head')).toContainText(QUOTE)
  await expect(item.locator('.relation-end.child')).toContainText('Mr Putin')
  await expect(item.locator('.relation-end.head .where')).toHaveText(/^¶3, \d+–\d+$/)
  await expect(item.locator('.relation-end.child .where')).toHaveText(/^¶3, \d+–\d+$/)
  await expect(item).toContainText('attributed_to')
  await page.keyboard.press('Escape')
  await expect(selectedText(page)).toHaveCount(0)
  await item.locator('.relation-item').click()
  await expect(selectedText(page)).toHaveText(QUOTE)
})

test('the status bar counts Claims without attributed_to, and Alt+U or a click on it makes Tab step through just those', async ({ page, served }) => {
  await openEditor(page, served)
  await expect(missingCount(page)).toHaveText('0 Claims without attributed_to')
  await tagPutinAndQuote(page)
  await dragSelect(page, 'So there are no secrets here')
  await page.keyboard.press('1')
  await expect(selectedText(page)).toHaveText('So there are no secrets here')
  await expect(missingCount(page)).toHaveText('2 Claims without attributed_to')
  await dragSelect(page, TRUMP)
  await page.keyboard.press('1')
  await expect(missingCount(page)).toHaveText('3 Claims without attributed_to')
  await expect(selectedText(page)).toHaveText(TRUMP)
  await page.locator('.ProseMirror [data-label="Claim"]', { hasText: 'Chairman Kim' }).click()
  await page.keyboard.press('a')
  await page.locator('.ProseMirror [data-label="Speaker"]').click()
  await expect(missingCount(page)).toHaveText('2 Claims without attributed_to')

  // Alt+U: the next Claim without attributed_to is selected, and Tab and Shift+Tab go only between those two.
  await page.keyboard.press('Alt+u')
  await expect(missingCount(page)).toHaveAttribute('aria-pressed', 'true')
  await expect(selectedText(page)).toHaveText('So there are no secrets here')
  await page.keyboard.press('Tab')
  await expect(selectedText(page)).toHaveText(TRUMP)
  await page.keyboard.press('Tab')
  await expect(selectedText(page)).toHaveText('So there are no secrets here')
  await page.keyboard.press('Shift+Tab')
  await expect(selectedText(page)).toHaveText(TRUMP)

  // Linking still finds the other end with Tab among every span; the count goes down, stepping goes on.
  await dragSelect(page, 'Pyongyang', 'Last week, Pyongyang')
  await page.keyboard.press('2')
  // Drawn before the next click: a click whose span is redrawn as the button comes up is lost (not the arcs' doing).
  await expect(selectedText(page)).toHaveText('Pyongyang')
  await page.locator('.ProseMirror [data-label="Claim"]', { hasText: 'demanded' }).click()
  await page.keyboard.press('a')
  await page.keyboard.press('Shift+Tab')
  await expect(selectedText(page)).toHaveText('Pyongyang')
  await page.keyboard.press('Enter')
  await expect(missingCount(page)).toHaveText('1 Claim without attributed_to')
  await page.keyboard.press('Tab')
  await expect(selectedText(page)).toHaveText('So there are no secrets here')

  // A click on the count switches it back: Tab goes through every span again.
  await missingCount(page).click()
  await expect(missingCount(page)).toHaveAttribute('aria-pressed', 'false')
  await page.keyboard.press('Shift+Tab')
  await expect(selectedText(page)).toHaveText('Mr Putin')
  await missingCount(page).click()
  await expect(selectedText(page)).toHaveText('So there are no secrets here')

  await page.keyboard.press('?')
  await expect(page.getByRole('dialog', { name: 'Keyboard reference' })).toContainText('Alt+U')
  await expect(page.getByRole('dialog', { name: 'Keyboard reference' })).toContainText('Alt+R')
})

test('several relations from the first line have their labels in full view, below the status bar, apart and over every line', async ({ page, served }) => {
  const { execFileSync } = await import('node:child_process')
  const { writeFileSync } = await import('node:fs')
  const { join } = await import('node:path')
  const text = 'Crowds cheered as Mayor Ana Pérez said "taxes will fall by 10%" on Monday, and Critics said the claim was false; Ben Ode said so too.'
  const span = (id: number, needle: string, label: string) => ({ id, start: text.indexOf(needle), end: text.indexOf(needle) + needle.length, label, annotator: 'e2e' })
  const spans = [span(1, 'Ana Pérez', 'Speaker'), span(2, 'taxes will fall by 10%', 'Claim'), span(3, 'Critics', 'Speaker'), span(4, 'the claim was false', 'Claim'), span(5, 'Ben Ode', 'Speaker'), span(6, 'Crowds', 'Source'), span(7, 'Monday', 'Claim')]
  const pairs = [[2, 1], [4, 3], [4, 5], [2, 6], [7, 1]]
  const relations = pairs.map(([head, child], i) => ({ id: i + 1, head, child, label: 'attributed_to', annotator: 'e2e' }))
  const file = join(served.corpus, '..', 'arcs.jsonl')
  writeFileSync(file, `${JSON.stringify({ id: 'arcs', title: 'Arcs', text, spans, relations })}\n`)
  execFileSync(process.execPath, [join(__dirname, '..', '..', 'bin', 'marginalia.cjs'), 'import', served.corpus, file], { stdio: 'pipe' })
  await page.goto(`${served.url}#doc=arcs`)
  await expect(arcs(page)).toHaveCount(5)
  const boxes = await page.locator('.relation-arcs .arc-label rect').evaluateAll((rects) => rects.map((rect) => rect.getBoundingClientRect().toJSON() as DOMRect))
  const bar = (await page.locator('.status-bar').boundingBox())!
  expect(boxes).toHaveLength(5)
  for (const box of boxes) expect(box.top).toBeGreaterThanOrEqual(bar.y + bar.height)
  for (const [i, a] of boxes.entries()) {
    for (const b of boxes.slice(i + 1)) expect(a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top, `labels overlap: ${JSON.stringify([a, b])}`).toBe(true)
  }
  // Every label is painted after (over) every line, so that no other arc's line crosses its text.
  const labelsAfterLines = await page.evaluate(() => {
    const lines = [...document.querySelectorAll('.relation-arcs .arc-line')]
    return [...document.querySelectorAll('.relation-arcs .arc-label')].every((label) => lines.every((line) => line.compareDocumentPosition(label) & Node.DOCUMENT_POSITION_FOLLOWING))
  })
  expect(labelsAfterLines).toBe(true)
})

test('a pending link is shown at the text: the span linked from marked with the relation, a line at the foot of the text pane, the pointer a crosshair', async ({ page, served }) => {
  await page.setViewportSize({ width: 1000, height: 700 })
  await openEditor(page, served)
  await tagPutinAndQuote(page)
  const pane = page.locator('.editor-pane')
  const status = pane.getByRole('status').filter({ hasText: /^Linking Claim/ })
  await expect(status).toHaveCount(0)
  await page.keyboard.press('a')
  // A line in the text pane, in view, says what is going on and what to do.
  await expect(status).toBeVisible()
  await expect(status).toContainText('as attributed_to')
  await expect(status).toContainText('Escape cancels')
  const paneBox = (await pane.boundingBox())!
  const statusBox = (await status.boundingBox())!
  expect(statusBox.y).toBeGreaterThanOrEqual(paneBox.y)
  expect(statusBox.y + statusBox.height).toBeLessThanOrEqual(paneBox.y + paneBox.height)
  expect(statusBox.x).toBeGreaterThanOrEqual(paneBox.x)
  expect(statusBox.x + statusBox.width).toBeLessThanOrEqual(paneBox.x + paneBox.width)
  // The Claim carries a badge naming the relation, drawn just above its first character.
  const badge = page.locator('.ProseMirror .link-start')
  await expect(badge).toHaveCount(1)
  const label = await badge.evaluate((element) => getComputedStyle(element, '::before').content)
  expect(label).toContain('attributed_to')
  const quote = await selectedText(page).first().evaluate((span) => span.getClientRects()[0]) // its first line
  const badgeBox = await badge.evaluate((element) => {
    const before = getComputedStyle(element, '::before')
    const r = element.getBoundingClientRect()
    return { x: r.x, bottom: r.bottom, height: parseFloat(before.height) }
  })
  expect(Math.abs(badgeBox.x - quote.x)).toBeLessThan(4)
  expect(badgeBox.bottom).toBeLessThan(quote.bottom + 2)
  expect(badgeBox.height).toBeGreaterThan(8)
  // Over the text, the pointer says that a click picks the other end.
  expect(await page.locator('.ProseMirror').evaluate((editor) => getComputedStyle(editor).cursor)).toBe('crosshair')
  if (process.env.LINK_SHOT) await page.screenshot({ path: process.env.LINK_SHOT })
  // Done: the cue goes with the link.
  await page.locator('.ProseMirror [data-label="Speaker"]').click()
  await expectOneArc(page, QUOTE, 'Mr Putin')
  await expect(status).toHaveCount(0)
  await expect(badge).toHaveCount(0)
  expect(await page.locator('.ProseMirror').evaluate((editor) => getComputedStyle(editor).cursor)).not.toBe('crosshair')
  // And Escape cancels one.
  await page.keyboard.press('a')
  await expect(status).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(status).toHaveCount(0)
  await expect(badge).toHaveCount(0)
})

test('the badge of a pending link from a span at the right edge of a line reads leftwards, in full view', async ({ page, served }) => {
  await page.setViewportSize({ width: 1000, height: 700 })
  await openEditor(page, served)
  // The last word of the first line of the first paragraph, with the text before it to find it by.
  const { word, context } = await page.evaluate(() => {
    const paragraph = document.querySelector('.ProseMirror p')!
    const text = paragraph.textContent!
    const node = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT).nextNode()!
    const top = (start: number, end: number) => {
      const range = document.createRange()
      range.setStart(node, start)
      range.setEnd(node, end)
      return range.getBoundingClientRect().top
    }
    const firstTop = top(0, 1)
    let last = { start: 0, end: 0 }
    for (const match of text.matchAll(/\p{L}+/gu)) {
      if (Math.abs(top(match.index!, match.index! + match[0].length) - firstTop) > 4) break
      last = { start: match.index!, end: match.index! + match[0].length }
    }
    return { word: text.slice(last.start, last.end), context: text.slice(Math.max(0, last.start - 25), last.end) }
  })
  await dragSelect(page, word, context)
  await page.keyboard.press('1')
  await expect(page.locator('.annotation.selected')).toHaveText(word)
  await page.keyboard.press('a')
  const badge = page.locator('.ProseMirror .link-start')
  await expect(badge).toHaveClass(/ends-there/)
  // It ends at the span's start, so it lies within the text's column.
  const [badgeLeft, textLeft] = await badge.evaluate((element) => [
    element.getBoundingClientRect().left - parseFloat(getComputedStyle(element, '::before').width),
    document.querySelector('.editor-mount')!.getBoundingClientRect().left,
  ])
  expect(badgeLeft).toBeGreaterThanOrEqual(textLeft)
})

test('while linking, Tab and Shift+Tab step only to spans the relation may join, and say so when there is none', async ({ page, served }) => {
  await openEditor(page, served)
  await dragSelect(page, 'Click Here: cheap sydney roosters jersey')
  await page.keyboard.press('4')
  await dragSelect(page, QUOTE)
  await page.keyboard.press('1')
  await expect(selectedText(page)).toHaveText(QUOTE)
  // No Speaker or Source yet: nothing for attributed_to to join the Claim to, and Tab says so instead of going to the Spam.
  await page.keyboard.press('a')
  await page.keyboard.press('Tab')
  await expect(page.getByRole('alert')).toContainText('No span here can be the other end of this link')
  await expect(selectedText(page)).toHaveText(QUOTE)
  await page.keyboard.press('Escape')
  await dragSelect(page, 'Mr Putin', 'Mr Putin told journalists')
  await page.keyboard.press('2')
  await page.keyboard.press('Shift+Tab')
  await expect(selectedText(page)).toHaveText(QUOTE)
  // Shift+Tab from the Claim goes round the end of the text past the Spam, to the Speaker after the Claim.
  await page.keyboard.press('a')
  await page.keyboard.press('Shift+Tab')
  await expect(selectedText(page)).toHaveText('Mr Putin')
  await page.keyboard.press('Enter')
  await expectOneArc(page, QUOTE, 'Mr Putin')
})

/** ana, another analyst, tags "Mr Putin" (of "Mr Putin told journalists") and "Chairman Kim" as Speakers in the sample article. */
function anaTagsPutinAndKim(corpus: string): void {
  inCorpus(corpus, (other) => {
    const text = other.document(1)!.text
    const at = (needle: string, within = needle) => [...text.slice(0, text.indexOf(within) + within.indexOf(needle))].length
    other.transaction(() => {
      other.insertSpan(1, { start: at('Mr Putin', 'Mr Putin told journalists'), end: at('Mr Putin', 'Mr Putin told journalists') + 'Mr Putin'.length, label: 'Speaker', annotator: 'ana' })
      other.insertSpan(1, { start: at('Chairman Kim', QUOTE), end: at('Chairman Kim', QUOTE) + 'Chairman Kim'.length, label: 'Speaker', annotator: 'ana' })
    })
  })
}

test("while linking, Tab passes over a colleague's span where the analyst has one of the same label over that text, and still reaches one where they have none", async ({ page, served }) => {
  // ana tagged "Mr Putin" and "Chairman Kim" as Speakers; this analyst tags only "Putin" of "Mr Putin".
  anaTagsPutinAndKim(served.corpus)
  await openEditor(page, served)
  await dragSelect(page, 'Putin', 'Mr Putin told journalists')
  await page.keyboard.press('2')
  await dragSelect(page, QUOTE)
  await page.keyboard.press('1')
  // A span drawn over ana's is in pieces: its text is theirs together.
  const selected = async () => (await selectedText(page).allTextContents()).join('')
  await expect.poll(selected).toBe(QUOTE)
  await page.keyboard.press('a')
  const reached: string[] = []
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press('Tab')
    reached.push(await selected())
  }
  expect(reached).toContain('Putin')
  expect(reached).toContain('Chairman Kim') // ana's, with nothing of this analyst's over it
  expect(reached).not.toContain('Mr Putin')
  // On to this analyst's "Putin": Enter links it there.
  for (let i = 0; i < 4 && (await selected()) !== 'Putin'; i++) await page.keyboard.press('Tab')
  await page.keyboard.press('Enter')
  const [summit] = (await exportedDocuments(page, served)).filter((d) => d.id === 'vladivostok-summit')
  const byId = new Map<number, { text: string; annotator: string }>(summit.spans.map((s: { id: number; text: string; annotator: string }) => [s.id, s]))
  expect(summit.relations.map((r: { head: number; child: number }) => [byId.get(r.head)!.text, byId.get(r.child)!.text, byId.get(r.child)!.annotator])).toEqual([[QUOTE, 'Putin', 'e2e']])
})

test("while linking, Tab reaches a colleague's span that the analyst's own of the same label only crosses, and passes over one the analyst's holds", async ({ page, served }) => {
  // ana tagged "Mr Putin" and "Chairman Kim" as Speakers; this analyst tags "Putin told" (crossing ana's "Mr Putin":
  // another extent, which Tab must still reach) and "Chairman Kim asked" (holding ana's "Chairman Kim": the same mention).
  anaTagsPutinAndKim(served.corpus)
  await openEditor(page, served)
  await dragSelect(page, 'Putin told', 'Mr Putin told journalists')
  await page.keyboard.press('2')
  await dragSelect(page, 'Chairman Kim asked', QUOTE)
  await page.keyboard.press('2')
  await dragSelect(page, 'So there are no secrets')
  await page.keyboard.press('1')
  const selected = async () => (await selectedText(page).allTextContents()).join('')
  await expect.poll(selected).toBe('So there are no secrets')
  await page.keyboard.press('a')
  const reached = new Set<string>()
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Tab')
    reached.add(await selected())
  }
  expect([...reached].sort()).toEqual(['Chairman Kim asked', 'Mr Putin', 'Putin told'])
  // Enter on ana's "Mr Putin" links it there, as the analyst chose.
  for (let i = 0; i < 4 && (await selected()) !== 'Mr Putin'; i++) await page.keyboard.press('Tab')
  await page.keyboard.press('Enter')
  const [summit] = (await exportedDocuments(page, served)).filter((d) => d.id === 'vladivostok-summit')
  const byId = new Map<number, { text: string; annotator: string }>(summit.spans.map((s: { id: number; text: string; annotator: string }) => [s.id, s]))
  expect(summit.relations.map((r: { head: number; child: number }) => [byId.get(r.head)!.text, byId.get(r.child)!.text, byId.get(r.child)!.annotator])).toEqual([['So there are no secrets', 'Mr Putin', 'ana']])
})
