#!/usr/bin/env node
// Benchmark of the corpus core through the real `marginalia` command: import, export, stats and check of
// generated corpora of growing size. Prints figures; asserts nothing. Usage: npm run bench [-- 1000 10000 100000]
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, statSync, writeFileSync, createWriteStream } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { once } from 'node:events'

const root = join(import.meta.dirname, '..')
const bin = join(root, 'bin', 'marginalia.cjs')
const preload = join(root, 'scripts', 'report-usage.cjs')
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0)
const counts = sizes.length > 0 ? sizes : [1_000, 10_000, 100_000]
const LABELS = ['Claim', 'Speaker', 'Source', 'Spam']
const WORDS = ['Mr', 'Putin', 'said', 'the', 'talks', 'went', 'well', '😀', 'Kim', '金正恩', 'مرحبا', 'café', 'summit', 'in', 'Vladivostok']

/** A deterministic pseudo-random article of about 300 words with a dozen spans. */
function article(i) {
  let seed = i * 2654435761 % 2 ** 32
  const next = () => (seed = (seed * 1664525 + 1013904223) % 2 ** 32) / 2 ** 32
  const words = Array.from({ length: 300 }, (_, w) => WORDS[Math.floor(next() * WORDS.length)] + (w % 25 === 24 ? '.\n' : ' '))
  const text = words.join('')
  const length = [...text].length
  const spans = Array.from({ length: 12 }, () => {
    const start = Math.floor(next() * (length - 40))
    return { start, end: start + 1 + Math.floor(next() * 30), label: LABELS[Math.floor(next() * LABELS.length)] }
  })
  return { id: `doc-${i}`, text, spans }
}

async function writeInput(path, count) {
  const out = createWriteStream(path)
  for (let i = 0; i < count; i++) if (!out.write(`${JSON.stringify(article(i))}\n`)) await once(out, 'drain')
  out.end()
  await once(out, 'finish')
}

function run(args) {
  const started = process.hrtime.bigint()
  const result = spawnSync(process.execPath, ['--require', preload, bin, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 })
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  if (result.status !== 0) throw new Error(`marginalia ${args.join(' ')} failed:\n${result.stderr}`)
  const usage = JSON.parse(result.stderr.split('\n').find((line) => line.startsWith('@usage ')).slice(7))
  return { seconds, ...usage }
}

const folder = mkdtempSync(join(tmpdir(), 'marginalia-bench-'))
try {
  console.log('documents  step     wall s   cpu s  peak RSS MiB  note')
  for (const count of counts) {
    const input = join(folder, `in-${count}.jsonl`)
    const corpus = join(folder, `c-${count}.marginalia`)
    const exported = join(folder, `out-${count}.jsonl`)
    await writeInput(input, count)
    const steps = [
      ['import', ['import', '--quiet', corpus, input], `${(statSync(input).size / 2 ** 20).toFixed(0)} MiB of JSONL in`],
      ['export', ['export', corpus, '-o', exported], 'to a file'],
      ['stats', ['stats', corpus], ''],
      ['check', ['check', corpus], 'reads every text'],
    ]
    for (const [name, args, note] of steps) {
      const r = run(args)
      const extra = name === 'import' ? `${note}; corpus ${(statSync(corpus).size / 2 ** 20).toFixed(0)} MiB` : note
      console.log(`${String(count).padStart(9)}  ${name.padEnd(7)} ${r.seconds.toFixed(2).padStart(7)} ${r.cpuS.toFixed(2).padStart(7)} ${r.maxRssMiB.toFixed(0).padStart(13)}  ${extra}`)
    }
    rmSync(input)
    rmSync(exported)
  }
} finally {
  rmSync(folder, { recursive: true, force: true })
}
