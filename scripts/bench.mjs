#!/usr/bin/env node
/**
 * `npm run bench [-- --quick] [-- --only core|editor]`: Marginalia's performance against its targets and
 * against plain better-sqlite3 on the same data (see docs/performance.md). A measuring script, not a test:
 * it prints a table on stdout, progress on stderr, and writes bench/results.json (bench/results-quick.json
 * with --quick). Its data are generated into a temporary folder, removed at the end.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, platform, release, tmpdir, totalmem } from 'node:os'
import { join, relative } from 'node:path'
import { parseArgs } from 'node:util'
import { generate, SCALES } from './bench/generate.mjs'
import { formatTable, count } from './bench/table.mjs'
import { log, paths, root, stopAll } from './bench/util.mjs'

const USAGE = 'usage: npm run bench [-- --quick] [-- --only core|editor]'

function fail(message, code = 1) {
  process.stderr.write(`bench: ${message}\n`)
  process.exit(code)
}

let options
try {
  options = parseArgs({ options: { quick: { type: 'boolean', default: false }, only: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }).values
} catch (error) {
  fail(`${error.message}\n${USAGE}`, 2)
}
if (options.help) {
  process.stdout.write(`${USAGE}\n  --quick   a smaller scale, in under a minute\n  --only    core (import, export, API) or editor (Chromium)\n`)
  process.exit(0)
}
if (options.only !== undefined && !['core', 'editor'].includes(options.only)) fail(`--only takes core or editor, not "${options.only}"\n${USAGE}`, 2)
const parts = options.only === undefined ? ['core', 'editor'] : [options.only]

for (const file of [paths.cliBundle, paths.serve, paths.renderer]) {
  if (!existsSync(file)) fail(`the build is missing (${relative(root, file)} not found); run \`npm run build\` first`)
}
/** The newest modification time of the files under `folder`. */
const newest = (folder) => Math.max(...readdirSync(folder, { recursive: true }).map((name) => statSync(join(folder, name)).mtimeMs))
if (newest(join(root, 'src')) > statSync(paths.cliBundle).mtimeMs) log('warning: src/ has changed since the last build; the figures are of the build in out/ (npm run build)')
let editor
if (parts.includes('editor')) {
  editor = await import('./bench/editor.mjs')
  if (!existsSync(editor.chromiumPath)) fail(`no Chromium at ${editor.chromiumPath} for the editor figures; install Debian's chromium, set CHROMIUM_PATH, or run --only core`)
}

const scaleName = options.quick ? 'quick' : 'full'
const scale = SCALES[scaleName]
const folder = mkdtempSync(join(tmpdir(), 'marginalia-bench-'))
const cleanUp = () => {
  stopAll()
  rmSync(folder, { recursive: true, force: true })
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    log(`stopped by ${signal}; removing ${folder}`)
    cleanUp()
    process.exit(130)
  })
}

try {
  log(`generating the data in ${folder} (${scaleName} scale)`)
  const data = await generate(folder, scale, { news: parts.includes('core') })
  const rows = []
  let chromium = null
  if (parts.includes('core')) rows.push(...(await (await import('./bench/core.mjs')).runCore(folder, data, options.quick)))
  if (parts.includes('editor')) {
    const result = await editor.runEditor(folder, data, options.quick)
    rows.push(...result.rows)
    chromium = result.chromium
  }
  const machine = { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', memoryGB: Math.round(totalmem() / 1e9), os: `${platform()} ${release()}`, node: process.version, chromium }
  const what = [
    data.news === null ? null : `${count(data.news.documents)} news documents, ${count(data.news.spans)} spans, ${count(data.news.relations)} relations`,
    `a long article of ${count(data.long.words)} words with ${count(data.long.spans)} spans`,
  ].filter(Boolean)
  const title = [
    `Marginalia bench, ${scaleName} scale${options.quick ? ' (targets are set for the full scale: a quick pass or FAIL is only a hint)' : ''}${options.only ? `, ${options.only} only` : ''}`,
    `data: ${what.join('; ')}`,
    `machine: ${machine.cpus} x ${machine.cpu}, ${machine.memoryGB} GB, ${machine.os}, Node ${machine.node}${chromium ? `, Chromium ${chromium}` : ''}; ${new Date().toISOString().slice(0, 16)}Z`,
  ].join('\n')
  process.stdout.write(`${formatTable(rows, title)}\n`)
  const output = join(root, 'bench', options.quick ? 'results-quick.json' : 'results.json')
  mkdirSync(join(root, 'bench'), { recursive: true })
  const { files: _files, ...counts } = data
  writeFileSync(output, `${JSON.stringify({ date: new Date().toISOString(), scale: scaleName, only: options.only ?? null, machine, data: counts, rows }, null, 2)}\n`)
  log(`written ${relative(root, output)}`)
} catch (error) {
  process.exitCode = 1
  log(`failed: ${error instanceof Error ? error.message : String(error)}`)
} finally {
  cleanUp()
}
