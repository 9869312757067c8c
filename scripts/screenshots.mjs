#!/usr/bin/env node
// Makes the documentation's screenshots in Debian's Chromium, through the browser edition, from the sample
// article annotated here (claims linked to speakers and sources, nested spans, spam, a note and an unsure flag):
//   docs/screenshot.png                         the editor as the README shows it
//   docs/screenshots/relations-{light,dark}.png relations drawn as arcs over the text
//   docs/screenshots/nested-{light,dark}.png    spans nested in one another, and spam
//   docs/screenshots/notes-{light,dark}.png     a span with a note and the unsure flag, its note in the panel
// Usage: npm run screenshots (after npm run build). Asserts nothing: the e2e tests check what is drawn.
import { execFileSync, spawn } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { chromium } from 'playwright-core'

const root = join(import.meta.dirname, '..')
const folder = mkdtempSync(join(tmpdir(), 'marginalia-shot-'))
const corpus = join(folder, 'sample.marginalia')
const bin = join(root, 'bin', 'marginalia.cjs')
execFileSync(process.execPath, [bin, 'sample', corpus], { stdio: 'ignore' })
const exported = JSON.parse(execFileSync(process.execPath, [bin, 'export', corpus], { encoding: 'utf8' }))

/** The code point offsets of `needle`, searched for from the first occurrence of `after`. */
const find = (needle, after = needle) => {
  const at = exported.text.indexOf(needle, exported.text.indexOf(after))
  if (at === -1) throw new Error(`"${needle}" is not in the sample`)
  const start = [...exported.text.slice(0, at)].length
  return { start, end: start + [...needle].length }
}
const NOTE = 'Check against the Kremlin transcript: the wording there is “inform the American side”.'
const spans = [
  ['Claim', 'Kim Jong-un has asked Vladimir Putin to serve as an intermediary with the United States'],
  ['Speaker', 'the Russian president', 'the Russian president has said'],
  ['Claim', 'Chairman Kim asked us to inform the American side of his position', undefined, { note: NOTE, unsure: true }],
  ['Speaker', 'Mr Putin', 'Mr Putin told'],
  ['Claim', 'So there are no secrets here'],
  ['Claim', 'demanded Mr Trump replace his “reckless” point man on the nuclear talks'],
  ['Speaker', 'Pyongyang', 'Last week, Pyongyang'],
  ['Claim', 'claimed it had tested a new “tactical guided weapon with a powerful warhead”'],
  ['Claim', 'Russia was in favour of Pyongyang’s “full denuclearisation,”'],
  ['Speaker', 'Mr Putin', 'Mr Putin said, but'],
  ['Claim', 'Washington’s overreaching demands and supposedly threatening posture were hindering this'],
  ['Claim', 'the American president reportedly rejected a North Korean offer of partial disarmament'],
  ['Source', 'reportedly', 'president reportedly'],
  ['Spam', 'Click Here: cheap sydney roosters jersey'],
  ['Claim', 'North Korea needs a guarantee of its security, of the preservation of its sovereignty'],
  ['Claim', 'projects he said had been thwarted as a result of Washington’s influence over Seoul'],
  // Nested: a speaker inside the claim, and a source inside that speaker's words.
  ['Speaker', 'Mr Trump', 'demanded Mr Trump'],
  ['Speaker', 'the American president', 'the American president reportedly'],
].map(([label, needle, after, attrs], i) => ({ id: i + 1, label, ...find(needle, after), ...(attrs ? { attrs } : {}) }))
const relation = (id, head, child) => ({ id, head, child, label: 'attributed_to' })
const record = {
  id: exported.id,
  title: exported.title,
  text: exported.text,
  spans,
  relations: [relation(1, 1, 2), relation(2, 3, 4), relation(3, 5, 4), relation(4, 6, 7), relation(5, 8, 7), relation(6, 9, 10), relation(7, 11, 10), relation(8, 12, 13), relation(9, 15, 10), relation(10, 16, 10)],
}
const input = join(folder, 'annotated.jsonl')
writeFileSync(input, `${JSON.stringify(record)}\n`)
const annotated = join(folder, 'annotated.marginalia')
execFileSync(process.execPath, [bin, 'import', '--annotator', 'ana', annotated, input], { stdio: 'ignore' })
const server = spawn(process.execPath, [join(root, 'out', 'main', 'serve.js'), annotated, '--json', '--annotator', 'ana'], { stdio: ['ignore', 'pipe', 'inherit'] })
const { url } = JSON.parse(await new Promise((resolve) => createInterface({ input: server.stdout }).once('line', resolve)))
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
})
const out = join(root, 'docs', 'screenshots')
mkdirSync(out, { recursive: true })

/** Opens the annotated sample in a fresh page of the given theme, the span `selectId` selected. */
async function openWith(colorScheme, selectId) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, colorScheme })
  await page.goto(url)
  await page.locator('.relation-arcs [data-relation-id]').first().waitFor()
  const span = page.locator(`.ProseMirror [data-span-id="${selectId}"]`).first()
  await span.scrollIntoViewIfNeeded()
  await span.click()
  await page.waitForTimeout(300)
  return page
}

/** Saves a screenshot of the region around the element `selector` (with a margin), or the whole page. */
async function save(page, name, selector) {
  const path = join(out, name)
  if (selector === undefined) await page.screenshot({ path })
  else {
    const box = await page.locator(selector).first().boundingBox()
    const margin = 220
    const clip = { x: 0, y: Math.max(0, box.y - margin), width: 1440, height: Math.min(900, box.height + 2 * margin) }
    await page.screenshot({ path, clip })
  }
  console.log(`wrote docs/screenshots/${name}`)
}

try {
  for (const theme of ['light', 'dark']) {
    let page = await openWith(theme, 3)
    await save(page, `relations-${theme}.png`)
    await page.getByRole('button', { name: 'Hide guidelines' }).click() // the note then shows in the side panel
    await page.waitForTimeout(200)
    await save(page, `notes-${theme}.png`)
    await page.close()
    page = await openWith(theme, 17) // Mr Trump, inside the claim that demands he replace his point man
    await page.keyboard.press('Alt+r') // only the selected span's arcs, so the nesting is easy to see
    await page.waitForTimeout(200)
    await save(page, `nested-${theme}.png`, '.ProseMirror [data-span-id="17"]')
    await page.close()
  }
  copyFileSync(join(out, 'relations-light.png'), join(root, 'docs', 'screenshot.png'))
  console.log('wrote docs/screenshot.png (the light relations screenshot)')
} finally {
  await browser.close()
  server.kill()
  rmSync(folder, { recursive: true, force: true })
}
