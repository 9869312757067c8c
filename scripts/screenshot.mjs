#!/usr/bin/env node
// Makes docs/screenshot.png: the browser edition on the sample article with a few spans and a relation,
// in Debian's Chromium. Usage: npm run screenshot (after npm run build).
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
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
const find = (needle, after = 0) => {
  const at = exported.text.indexOf(needle, exported.text.indexOf(after === 0 ? needle : after))
  const start = [...exported.text.slice(0, at)].length
  return { start, end: start + [...needle].length }
}
const quote = 'Chairman Kim asked us to inform the American side of his position on questions that have arisen amid the processes taking place on the Korean peninsula'
const record = {
  id: exported.id,
  title: exported.title,
  text: exported.text,
  spans: [
    { id: 1, ...find(quote), label: 'Claim' },
    { id: 2, ...find('Mr Putin', 'Mr Putin told'), label: 'Speaker' },
    { id: 3, ...find('Pyongyang', 'Last week, Pyongyang'), label: 'Speaker' },
    { id: 4, ...find('demanded Mr Trump replace his “reckless” point man on the nuclear talks'), label: 'Claim' },
    { id: 5, ...find('Mr Trump'), label: 'Speaker' },
    { id: 6, ...find('Click Here: cheap sydney roosters jersey'), label: 'Spam' },
  ],
  relations: [
    { id: 1, head: 1, child: 2, label: 'attributed_to' },
    { id: 2, head: 4, child: 3, label: 'attributed_to' },
  ],
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
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 })
  await page.goto(url)
  await page.locator('.ProseMirror [data-span-id="1"]').first().click()
  await page.waitForTimeout(300)
  await page.screenshot({ path: join(root, 'docs', 'screenshot.png') })
  console.log('wrote docs/screenshot.png')
} finally {
  await browser.close()
  server.kill()
  rmSync(folder, { recursive: true, force: true })
}
