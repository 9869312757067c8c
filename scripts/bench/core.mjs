/**
 * The core figures: import and export through the real `marginalia` command, export's peak memory at two
 * corpus sizes, and single operations through the browser edition's HTTP API (the handlers of
 * `src/core/operations/handlers.ts`, as the editor calls them); each beside its raw baseline (`raw.mjs`) or
 * its target.
 */
import { createHash } from 'node:crypto'
import { createReadStream, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { random } from './generate.mjs'
import { rawPoints } from './raw.mjs'
import { count, dist, mb, ms, row, seconds, speedRatio } from './table.mjs'
import { call, log, paths, startServer, summary, timed, timedNode } from './util.mjs'

const SECTION = 'core'
const MB = 1024 ** 2 / 1e6 // MiB (what the processes report) to MB

/** How many times each single operation is timed. */
const REPEATS = {
  full: { list: 50, load: 200, write: 500, search: 20, noop: 200 },
  quick: { list: 10, load: 30, write: 50, search: 5, noop: 30 },
}

async function sha256(path) {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk)
  return hash.digest('hex')
}

/** `times` timings of `fn(i)` (awaited in turn), in ms. */
async function repeat(times, fn) {
  const samples = []
  for (let i = 0; i < times; i++) samples.push((await timed(() => fn(i))).ms)
  return samples
}

/** Import and export through the CLI, each beside its raw script; export memory at two sizes. */
async function bulk(folder, data, results) {
  const { files, news, long } = data
  const corpus = join(folder, 'news.marginalia')
  const inputs = [files.news, files.long]
  const megabytes = (statSync(files.news).size + statSync(files.long).size) / 1e6
  const what = `${count(news.documents + 1)} documents, ${count(news.spans + long.spans)} spans, ${count(news.relations + long.relations)} relations`

  log(`import: marginalia import of ${what} (${megabytes.toFixed(0)} MB of JSONL)`)
  const imported = await timedNode([paths.cli, 'import', '--quiet', corpus, ...inputs])
  log(`import: raw baseline (${imported.seconds.toFixed(1)} s for Marginalia)`)
  const rawImported = await timedNode([paths.raw, 'import', join(folder, 'raw.sqlite'), ...inputs])
  const importRatio = speedRatio(rawImported.seconds, imported.seconds)
  results.push(
    row({
      section: SECTION,
      figure: 'import (marginalia import)',
      value: importRatio,
      unit: 'x',
      shown: `${seconds(imported.seconds)} (cpu ${seconds(imported.cpuS)})`,
      raw: rawImported.seconds,
      rawShown: `${seconds(rawImported.seconds)} (cpu ${seconds(rawImported.cpuS)})`,
      ratio: importRatio,
      target: '>= 0.45x raw',
      pass: importRatio >= 0.45,
      note: `${what}, ${megabytes.toFixed(0)} MB of JSONL; corpus file ${(statSync(corpus).size / 1e6).toFixed(0)} MB. Raw: documents and spans into two plain tables in one transaction (scripts/bench/raw.mjs rawImport).`,
    }),
  )

  const output = join(folder, 'export.jsonl')
  const rawOutput = join(folder, 'export-raw.jsonl')
  log('export: marginalia export -o')
  const exported = await timedNode([paths.cli, 'export', corpus, '-o', output])
  log(`export: raw baseline (${exported.seconds.toFixed(1)} s for Marginalia)`)
  const rawExported = await timedNode([paths.raw, 'export', corpus, rawOutput])
  const same = (await sha256(output)) === (await sha256(rawOutput))
  if (!same) log('warning: the raw export differs from Marginalia\'s; its figure is not comparable')
  const exportMegabytes = statSync(output).size / 1e6
  rmSync(output)
  rmSync(rawOutput)
  const exportRatio = speedRatio(rawExported.seconds, exported.seconds)
  results.push(
    row({
      section: SECTION,
      figure: 'export (marginalia export -o)',
      value: exportRatio,
      unit: 'x',
      shown: `${seconds(exported.seconds)} (cpu ${seconds(exported.cpuS)})`,
      raw: rawExported.seconds,
      rawShown: `${seconds(rawExported.seconds)} (cpu ${seconds(rawExported.cpuS)})`,
      ratio: exportRatio,
      target: '>= 0.75x raw',
      pass: exportRatio >= 0.75,
      note: `${exportMegabytes.toFixed(0)} MB of JSONL written. Raw: the same corpus read with plain SQL and written as JSONL (scripts/bench/raw.mjs rawExport); its output ${same ? 'is byte for byte the same as' : 'DIFFERS from'} Marginalia's.`,
    }),
  )

  log(`export memory: a corpus of ${count(news.small + 1)} documents`)
  const small = join(folder, 'small.marginalia')
  await timedNode([paths.cli, 'import', '--quiet', small, files.newsSmall, files.long])
  const smallExported = await timedNode([paths.cli, 'export', small, '-o', output])
  const smallRaw = await timedNode([paths.raw, 'export', small, rawOutput])
  rmSync(output)
  rmSync(rawOutput)
  for (const [documents, measured, raw] of [
    [news.small + 1, smallExported, smallRaw],
    [news.documents + 1, exported, rawExported],
  ]) {
    const peak = measured.maxRssMiB * MB
    results.push(
      row({
        section: SECTION,
        figure: `export peak memory, ${count(documents)} docs`,
        value: peak,
        unit: 'MB',
        shown: `${mb(peak)} RSS`,
        raw: raw.maxRssMiB * MB,
        rawShown: `${mb(raw.maxRssMiB * MB)} RSS`,
        target: '< 200 MB',
        pass: peak < 200,
      }),
    )
  }
  const growth = (exported.maxRssMiB - smallExported.maxRssMiB) / smallExported.maxRssMiB
  results.push(
    row({
      section: SECTION,
      figure: 'export memory growth, 10x the docs',
      value: growth,
      unit: 'share',
      shown: `${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(0)}%`,
      target: 'flat (< +15%)',
      pass: growth < 0.15,
      note: 'Peak RSS (getrusage maxRSS) of the export process itself, reported by scripts/bench/usage.cjs as it exits; both corpora hold the long article too. "Flat" allows 15% for the garbage collector\'s whims.',
    }),
  )
  return { corpus, rawDatabase: join(folder, 'raw.sqlite') }
}

/** The single operations, through the browser edition's HTTP API, beside plain SQL on the raw database. */
async function operations(corpus, rawDatabase, data, repeats, results) {
  const documents = data.news.documents
  log('browser edition: opening the corpus and the first page of the document list')
  const server = await startServer(corpus)
  try {
    await call(server, 'corpus')
    const firstPage = await call(server, 'listDocuments', { status: null, annotator: null, afterId: 0, limit: 200 })
    const openMs = performance.now() - server.began
    const rawOpen = await timedNode([paths.raw, 'list', rawDatabase, '200'])
    results.push(
      row({
        section: SECTION,
        figure: 'open corpus + first list page',
        value: openMs,
        unit: 'ms',
        shown: ms(openMs),
        raw: rawOpen.seconds * 1000,
        rawShown: ms(rawOpen.seconds * 1000),
        ratio: speedRatio(rawOpen.seconds * 1000, openMs),
        note: `From starting the process (node out/main/serve.js CORPUS) until the corpus summary and the first ${firstPage.length} rows of the document list have come back over HTTP; raw: a new node process opening the raw database and reading the same page (raw.mjs list). Both include starting Node.`,
      }),
    )

    const points = rawPoints(rawDatabase)
    try {
      log('browser edition: API round trip, document list, documents')
      const noop = summary(await repeat(repeats.noop, () => call(server, 'changesElsewhere')))
      results.push(
        row({
          section: SECTION,
          figure: 'API round trip, no work',
          value: noop.p99,
          unit: 'ms',
          shown: dist(noop),
          note: 'changesElsewhere (one pragma): what HTTP and the API layer cost every operation below, which the in-process raw baselines do not pay.',
        }),
      )

      const list = summary(await repeat(repeats.list, () => call(server, 'listDocuments', { status: null, annotator: null, afterId: 0, limit: 200 })))
      const rawList = summary(await repeat(repeats.list, () => points.list(200)))
      results.push(
        row({
          section: SECTION,
          figure: 'document list, first page',
          value: list.p99,
          unit: 'ms',
          shown: dist(list),
          raw: rawList.p50,
          rawShown: dist(rawList),
          ratio: speedRatio(rawList.p50, list.p50),
          target: `p99 <= 100 ms`,
          pass: list.p99 <= 100,
        }),
      )

      const next = random(0xbe7c4)
      const ids = Array.from({ length: repeats.load }, () => 1 + Math.floor(next() * documents))
      const lengths = new Map()
      const load = summary(
        await repeat(repeats.load, async (i) => {
          const document = await call(server, 'openDocument', { documentId: ids[i] })
          lengths.set(ids[i], [...document.text].length)
        }),
      )
      const rawLoad = summary(await repeat(repeats.load, (i) => points.load(ids[i])))
      results.push(
        row({ section: SECTION, figure: 'load one document', value: load.p99, unit: 'ms', shown: dist(load), raw: rawLoad.p50, rawShown: dist(rawLoad), ratio: speedRatio(rawLoad.p50, load.p50) }),
      )
      const longId = await call(server, 'findDocument', { id: data.long.id })
      const longLoad = summary(await repeat(5, () => call(server, 'openDocument', { documentId: longId })))
      const rawLongLoad = summary(await repeat(5, () => points.load(longId)))
      results.push(
        row({
          section: SECTION,
          figure: `load the long article`,
          value: longLoad.p50,
          unit: 'ms',
          shown: `p50 ${ms(longLoad.p50)}`,
          raw: rawLongLoad.p50,
          rawShown: `p50 ${ms(rawLongLoad.p50)}`,
          ratio: speedRatio(rawLongLoad.p50, longLoad.p50),
          note: `openDocument of ${count(data.long.words)} words with ${count(data.long.spans)} spans (5 times); raw: the document and its spans by plain SQL, as JSON text.`,
        }),
      )

      log(`browser edition: ${repeats.write} spans added and removed`)
      const add = []
      const remove = []
      const rawAdd = []
      const rawRemove = []
      for (let i = 0; i < repeats.write; i++) {
        const documentId = ids[i % ids.length]
        const start = Math.floor(next() * (lengths.get(documentId) - 20))
        const end = start + 1 + Math.floor(next() * 15)
        const added = await timed(() => call(server, 'addSpan', { documentId, start, end, label: 'Claim' }))
        add.push(added.ms)
        remove.push((await timed(() => call(server, 'removeSpan', { documentId, spanId: added.value.id }))).ms)
        const rawAdded = await timed(() => points.add(documentId, start, end))
        rawAdd.push(rawAdded.ms)
        rawRemove.push((await timed(() => points.remove(documentId, rawAdded.value))).ms)
      }
      for (const [figure, samples, rawSamples] of [
        ['add a span', add, rawAdd],
        ['remove a span', remove, rawRemove],
      ]) {
        const s = summary(samples)
        const r = summary(rawSamples)
        results.push(
          row({
            section: SECTION,
            figure: `${figure} (API)`,
            value: s.p99,
            unit: 'ms',
            shown: dist(s),
            raw: r.p50,
            rawShown: dist(r),
            ratio: speedRatio(r.p50, s.p50),
            target: 'p99 <= 5 ms',
            pass: s.p99 <= 5,
            note:
              figure === 'add a span'
                ? `addSpan then removeSpan on random documents, ${repeats.write} times, each its own transaction written to disk; raw: INSERT and DELETE of a row, each in a transaction, in-process.`
                : '',
          }),
        )
      }

      for (const [kind, query] of Object.entries(data.searches)) {
        log(`browser edition: search for the ${kind} ${kind === 'phrase' ? '' : 'term '}${query}`)
        let hits = 0
        const samples = await repeat(repeats.search, async () => (hits = (await call(server, 'search', { query, limit: 50 })).length))
        const s = summary(samples)
        results.push(
          row({
            section: SECTION,
            figure: `search, ${kind} ${kind === 'phrase' ? '' : 'term '}${query}`,
            value: s.p99,
            unit: 'ms',
            shown: `${dist(s)}, ${hits} hits`,
            target: 'p99 <= 100 ms',
            pass: s.p99 <= 100,
            note: kind === 'rare' ? `The search box's first page (limit 50) through the API, ${repeats.search} times each, the first call included; p99 of so few is the slowest.` : '',
          }),
        )
      }
    } finally {
      points.close()
    }
  } finally {
    await server.stop()
  }
}

/** Runs every core figure on the generated data in `folder`; returns the rows. */
export async function runCore(folder, data, quick) {
  const results = []
  const { corpus, rawDatabase } = await bulk(folder, data, results)
  await operations(corpus, rawDatabase, data, quick ? REPEATS.quick : REPEATS.full, results)
  return results
}
