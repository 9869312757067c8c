#!/usr/bin/env node
// Makes docs/screenshots/relations-light.png and relations-dark.png: the browser edition on the sample article
// with claims linked to their speakers and sources, the arcs drawn over the text, in light and dark themes, in
// Debian's Chromium. Usage: npm run screenshot:relations (after npm run build).
import { execFileSync, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
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
const spans = [
  ['Claim', 'Kim Jong-un has asked Vladimir Putin to serve as an intermediary with the United States'],
  ['Speaker', 'the Russian president', 'the Russian president has said'],
  ['Claim', 'Chairman Kim asked us to inform the American side of his position'],
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
].map(([label, needle, after], i) => ({ id: i + 1, label, ...find(needle, after) }))
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
const server = spawn(process.execPath, [join(root, 'out', 'main', 'serve.js'), annotated, '--json'], { stdio: ['ignore', 'pipe', 'inherit'] })
const { url } = JSON.parse(await new Promise((resolve) => createInterface({ input: server.stdout }).once('line', resolve)))
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
})
const out = join(root, 'docs', 'screenshots')
mkdirSync(out, { recursive: true })
try {
  for (const colorScheme of ['light', 'dark']) {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, colorScheme })
    await page.goto(url)
    await page.locator('.relation-arcs [data-relation-id]').first().waitFor()
    await page.locator('.ProseMirror [data-span-id="3"]').first().click()
    await page.waitForTimeout(300)
    await page.screenshot({ path: join(out, `relations-${colorScheme}.png`) })
    console.log(`wrote docs/screenshots/relations-${colorScheme}.png`)
    await page.close()
  }
} finally {
  await browser.close()
  server.kill()
  rmSync(folder, { recursive: true, force: true })
}
