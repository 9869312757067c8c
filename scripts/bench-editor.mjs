#!/usr/bin/env node
// Benchmark of the editor in Chromium through the browser edition: opens a long article carrying many
// overlapping spans, then times opening it, tagging a span, selecting with Tab and undoing. Prints figures;
// asserts nothing. Usage: npm run bench:editor [-- SPANS PARAGRAPHS]   (after npm run build)
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { chromium } from 'playwright-core'

const [spanCount = 5000, paragraphs = 2000] = process.argv.slice(2).map(Number)
const root = join(import.meta.dirname, '..')
const folder = mkdtempSync(join(tmpdir(), 'marginalia-bench-editor-'))
const sentence = 'Mr Putin said the talks with 金正恩 went well 😀 and that sanctions relief was discussed at length. '
const text = Array.from({ length: paragraphs }, (_, i) => `${i}: ${sentence.repeat(3)}`).join('\n')
const length = [...text].length
const labels = ['Claim', 'Speaker', 'Source', 'Spam']
const spans = Array.from({ length: spanCount }, (_, i) => {
  const start = Math.floor((i / spanCount) * (length - 200))
  return { start, end: start + 5 + (i % 7) * 20, label: labels[i % 4] }
})
const input = join(folder, 'long.jsonl')
writeFileSync(input, `${JSON.stringify({ id: 'long', title: 'Long article', text, spans })}\n`)
const corpus = join(folder, 'long.marginalia')
execFileSync(process.execPath, [join(root, 'bin', 'marginalia.cjs'), 'import', corpus, input], { stdio: 'ignore' })
const server = spawn(process.execPath, [join(root, 'out', 'main', 'serve.js'), corpus, '--json'], { stdio: ['ignore', 'pipe', 'inherit'] })
const { url } = JSON.parse(await new Promise((resolve) => createInterface({ input: server.stdout }).once('line', resolve)))
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
})
const time = async (what, action) => {
  const started = performance.now()
  await action()
  console.log(`${what.padEnd(44)} ${(performance.now() - started).toFixed(0).padStart(6)} ms`)
}
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
  console.log(`document: ${paragraphs} paragraphs, ${length} code points, ${spanCount} spans`)
  await time('open the editor on it (until spans are drawn)', async () => {
    await page.goto(url)
    await page.locator(`.ProseMirror [data-span-id="${spanCount}"]`).first().waitFor({ state: 'attached' })
  })
  await page.locator('.ProseMirror p').first().click({ position: { x: 2, y: 5 } })
  await page.keyboard.press('Home')
  await time('select text and tag it (written, then drawn)', async () => {
    await page.keyboard.press('Shift+End')
    await page.keyboard.press('1')
    await page.locator(`.ProseMirror [data-span-id="${spanCount + 1}"]`).first().waitFor({ state: 'attached' })
  })
  await time('Tab to the next span, 20 times', async () => {
    for (let i = 0; i < 20; i++) await page.keyboard.press('Tab')
    await page.locator('.annotation.selected').first().waitFor()
  })
  await time('undo the tag (removed, then redrawn)', async () => {
    await page.keyboard.press('Control+z')
    await page.locator(`.ProseMirror [data-span-id="${spanCount + 1}"]`).first().waitFor({ state: 'detached' })
  })
} finally {
  await browser.close()
  server.kill()
  rmSync(folder, { recursive: true, force: true })
}
