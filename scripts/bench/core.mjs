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
import Database from 'better-sqlite3'
import { loadCore } from './core-bundle.mjs'
import { RAW_LIST, rawPoints } from './raw.mjs'
import { count, dist, mb, ms, row, seconds, speedRatio } from './table.mjs'
import { call, log, openApiSocket, paths, startServer, summary, timed, timedNode } from './util.mjs'

const SECTION = 'core'
const MB = 1024 ** 2 / 1e6 // MiB (what the processes report) to MB

/** How many times each single operation is timed. */
const REPEATS = {
  full: { open: 10, list: 100, load: 300, write: 1000, search: 30, noop: 200 },
  quick: { open: 5, list: 30, load: 100, write: 200, search: 10, noop: 30 },
}

async function sha256(path) {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk)
  return hash.digest('hex')
}

/** Of two timed runs of a command, the one that took less CPU time. */
function lowerCpu(first, second) {
  return second.cpuS < first.cpuS ? second : first
}

/** `12.3 s / 13.1 s`: the CPU times of two runs. */
function cpuPair(first, second) {
  return `${seconds(first.cpuS)} / ${seconds(second.cpuS)}`
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

  // Each import runs twice, in the order Marginalia, raw, raw, Marginalia, and the lower CPU time of each is
  // taken: a run moves by a tenth or more with what the machine is doing, and the order gives neither the better
  // place.
  log(`import: marginalia import of ${what} (${megabytes.toFixed(0)} MB of JSONL)`)
  const importedFirst = await timedNode([paths.cli, 'import', '--quiet', corpus, ...inputs])
  log(`import: raw baseline, twice (${importedFirst.seconds.toFixed(1)} s for Marginalia)`)
  const rawRuns = []
  for (const name of ['raw.sqlite', 'raw-again.sqlite']) rawRuns.push(await timedNode([paths.raw, 'import', join(folder, name), ...inputs]))
  rmSync(join(folder, 'raw-again.sqlite'))
  log('import: marginalia import again, into another corpus')
  const again = join(folder, 'again.marginalia')
  const importedAgain = await timedNode([paths.cli, 'import', '--quiet', again, ...inputs])
  rmSync(again)
  const imported = lowerCpu(importedFirst, importedAgain)
  const rawImported = lowerCpu(...rawRuns)
  const importRatio = speedRatio(rawImported.seconds, imported.seconds)
  const importCpuRatio = speedRatio(rawImported.cpuS, imported.cpuS)
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
      cpuRatio: importCpuRatio,
      target: '>= 0.45x raw (cpu)',
      pass: importCpuRatio >= 0.45,
      note: `${what}, ${megabytes.toFixed(0)} MB of JSONL; corpus file ${(statSync(corpus).size / 1e6).toFixed(0)} MB. Each the run of lower CPU time of two (Marginalia, raw, raw, Marginalia; CPU ${cpuPair(importedFirst, importedAgain)} and raw ${cpuPair(...rawRuns)}). Raw: documents and spans into two plain tables in one transaction (scripts/bench/raw.mjs rawImport). The target is judged on CPU time (user + system of each process), since wall time on a shared machine depends on the neighbours; both are shown.`,
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
  const exportCpuRatio = speedRatio(rawExported.cpuS, exported.cpuS)
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
      cpuRatio: exportCpuRatio,
      target: '>= 0.75x raw (cpu)',
      pass: exportCpuRatio >= 0.75,
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
      figure: `export memory growth, ${(news.documents / news.small).toFixed(1)}x the docs`,
      value: growth,
      unit: 'share',
      shown: `${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(0)}%`,
      target: 'flat (< +15%)',
      pass: growth < 0.15,
      note: 'Peak RSS (getrusage maxRSS) of the export process itself, reported by scripts/bench/usage.cjs as it exits; both corpora hold the long article too. "Flat" allows 15% for the garbage collector\'s whims. The smaller corpus is large enough (a tenth; --quick two fifths) that the JavaScript heap has reached its working size.',
    }),
  )
  return { corpus, rawDatabase: join(folder, 'raw.sqlite') }
}

/** `times` timings of `fn(i)`, in-process: wall ms and CPU ms (user + system of this process) of each. */
function repeatSync(times, fn) {
  const wall = []
  const cpu = []
  for (let i = 0; i < times; i++) {
    const cpuBefore = process.cpuUsage()
    const begin = performance.now()
    fn(i)
    wall.push(performance.now() - begin)
    const used = process.cpuUsage(cpuBefore)
    cpu.push((used.user + used.system) / 1000)
  }
  return { wall: summary(wall), cpu: summary(cpu) }
}

/** A core figure timed in-process beside its raw baseline: p50 / p99 of each, CPU p50, and the speed ratio of the p50s. */
function pointRow(figure, measured, raw, extra = {}) {
  return row({
    section: 'core API (in-process)',
    figure,
    value: measured.wall.p99,
    unit: 'ms',
    shown: `${dist(measured.wall)} (cpu p50 ${ms(measured.cpu.p50)})`,
    raw: raw === null ? null : raw.wall.p50,
    rawShown: raw === null ? '' : `${dist(raw.wall)} (cpu p50 ${ms(raw.cpu.p50)})`,
    ratio: raw === null ? null : speedRatio(raw.wall.p50, measured.wall.p50),
    ...extra,
  })
}

/**
 * The single operations through the core API in this process (the handlers of
 * src/core/operations/handlers.ts, which the app's main process and the browser edition's server call), each
 * beside the same work in plain SQL on the raw database (raw.mjs rawPoints) or, for search, a plain FTS5 query
 * on the corpus file.
 */
async function coreOperations(corpusPath, rawDatabase, data, repeats, results) {
  log('core API: bundling src/core for in-process calls')
  const { openForEditing, createHandlers } = await loadCore()
  const firstPage = { status: null, annotator: null, afterId: 0, limit: 200 }
  log('core API: open the corpus and the first page of the document list')
  const open = repeatSync(repeats.open, () => {
    const { corpus, readOnly } = openForEditing(corpusPath)
    const handlers = createHandlers(corpus, 'bench', { readOnly })
    handlers.corpus()
    handlers.listDocuments(firstPage)
    corpus.close()
  })
  const rawOpen = repeatSync(repeats.open, () => {
    const db = new Database(rawDatabase, { readonly: true })
    db.prepare(RAW_LIST).all(0, 200)
    db.close()
  })
  results.push(
    pointRow('open corpus + first list page', open, rawOpen, {
      note: `In this process: open the corpus as the editor does (openForEditing: schema checks, statements prepared), the corpus summary and the first 200 rows of the document list, then close; ${repeats.open} times. Raw: open the raw database and read the same page.`,
    }),
  )

  const { corpus, readOnly } = openForEditing(corpusPath)
  const handlers = createHandlers(corpus, 'bench', { readOnly })
  const points = rawPoints(rawDatabase)
  const fts = new Database(corpusPath, { readonly: true })
  try {
    const list = repeatSync(repeats.list, () => handlers.listDocuments(firstPage))
    results.push(pointRow('document list, first page', list, repeatSync(repeats.list, () => points.list(200)), { target: 'p99 <= 100 ms', pass: list.wall.p99 <= 100 }))

    const next = random(0xbe7c4)
    const ids = Array.from({ length: repeats.load }, () => 1 + Math.floor(next() * data.news.documents))
    const lengths = new Map()
    const load = repeatSync(repeats.load, (i) => {
      const document = handlers.openDocument({ documentId: ids[i] })
      JSON.stringify(document)
      lengths.set(ids[i], [...document.text].length)
    })
    results.push(
      pointRow('load one document', load, repeatSync(repeats.load, (i) => points.load(ids[i])), {
        note: 'openDocument (the document with its spans, relations and labels) made into the JSON text the editor is sent; raw: the document and its spans by plain SQL, as JSON text.',
      }),
    )
    const longId = handlers.findDocument({ id: data.long.id })
    const longLoad = repeatSync(5, () => JSON.stringify(handlers.openDocument({ documentId: longId })))
    results.push(pointRow(`load the long article (${count(data.long.spans)} spans)`, longLoad, repeatSync(5, () => points.load(longId))))

    log(`core API: ${repeats.write} spans added and removed`)
    const added = []
    const add = repeatSync(repeats.write, (i) => {
      const documentId = ids[i % ids.length]
      const start = Math.floor(next() * (lengths.get(documentId) - 20))
      added.push({ documentId, id: handlers.addSpan({ documentId, start, end: start + 1 + (i % 15), label: 'Claim' }).id })
    })
    const remove = repeatSync(repeats.write, (i) => handlers.removeSpan({ documentId: added[i].documentId, spanId: added[i].id }))
    const rawAdded = []
    const rawAdd = repeatSync(repeats.write, (i) => {
      const documentId = ids[i % ids.length]
      rawAdded.push({ documentId, id: points.add(documentId, 3, 9) })
    })
    const rawRemove = repeatSync(repeats.write, (i) => points.remove(rawAdded[i].documentId, rawAdded[i].id))
    results.push(
      pointRow('add a span', add, rawAdd, {
        target: 'p99 <= 5 ms',
        pass: add.wall.p99 <= 5,
        note: `addSpan on random documents, ${repeats.write} times, then removeSpan of each: each its own transaction, committed to disk (rollback journal, synchronous FULL), with the checks and the returned span; raw: INSERT or DELETE of one row in its own transaction.`,
      }),
      pointRow('remove a span', remove, rawRemove, { target: 'p99 <= 5 ms', pass: remove.wall.p99 <= 5 }),
    )

    // The raw baseline lists in the order Marginalia's search chose: best first (rank), or corpus order when
    // too many documents match to rank (see SearchAnswer in src/shared/api.ts).
    const rawSearch = {
      rank: fts.prepare(`SELECT d.id, d.title FROM documents_search JOIN documents d ON d.id = documents_search.rowid
        WHERE documents_search MATCH ? ORDER BY rank LIMIT 50`),
      corpus: fts.prepare(`SELECT d.id, d.title FROM documents_search JOIN documents d ON d.id = documents_search.rowid
        WHERE documents_search MATCH ? ORDER BY documents_search.rowid LIMIT 50`),
    }
    for (const [kind, query] of Object.entries(data.searches)) {
      log(`core API: search for the ${kind} ${kind === 'phrase' ? '' : 'term '}${query}`)
      let answer = null
      const measured = repeatSync(repeats.search, () => (answer = handlers.search({ query, limit: 50 })))
      const raw = repeatSync(repeats.search, () => rawSearch[answer.order].all(query))
      const order = answer.order === 'rank' ? 'best first' : answer.tooManyToRank ? 'corpus order: too many to rank' : 'corpus order'
      results.push(
        pointRow(`search, ${kind} ${kind === 'phrase' ? '' : 'term '}${query} (${answer.documents.length} hits, ${order})`, measured, raw, {
          target: 'p99 <= 100 ms',
          pass: measured.wall.p99 <= 100,
          note:
            kind === 'rare'
              ? `The search box's first page (limit 50, with where each hit occurs), ${repeats.search} times each; raw: a plain FTS5 MATCH of the same words on the corpus file, 50 rows by rank (or in corpus order when Marginalia listed so: over 20,000 documents match), ids and titles only.`
              : '',
        }),
      )
    }
  } finally {
    fts.close()
    points.close()
    corpus.close()
  }
}

/**
 * What the browser edition adds on top: starting it and getting the first list page over HTTP; then, over
 * HTTP and over the API socket its page uses, a round trip that does no work and a span added and removed.
 */
async function httpOperations(corpus, data, repeats, results) {
  const section = 'browser edition (HTTP API and API socket)'
  log('browser edition: start it, the corpus and the first page of the document list')
  const server = await startServer(corpus)
  const socket = await openApiSocket(server)
  try {
    await call(server, 'corpus')
    await call(server, 'listDocuments', { status: null, annotator: null, afterId: 0, limit: 200 })
    const openMs = performance.now() - server.began
    results.push(
      row({
        section,
        figure: 'start + first list page',
        value: openMs,
        unit: 'ms',
        shown: ms(openMs),
        note: 'From starting node out/main/serve.js CORPUS until the corpus summary and the first 200 rows of the document list have come back over HTTP (starting Node included).',
      }),
    )
    const ways = [
      ['HTTP', (name, args) => call(server, name, args)],
      ['socket', (name, args) => socket.call(name, args)],
    ]
    for (const [way, send] of ways) {
      const noop = summary(await repeat(repeats.noop, () => send('changesElsewhere', {})))
      results.push(
        row({
          section,
          figure: `round trip, no work (${way})`,
          value: noop.p99,
          unit: 'ms',
          shown: dist(noop),
          note: way === 'HTTP' ? 'changesElsewhere (one pragma): what the transport and the API layer add to every operation; the page uses the socket, HTTP where none opens. From Node: in Chromium a fetch takes 5-15 ms more, a socket message about 1 ms.' : '',
        }),
      )
      const next = random(0x5e7e)
      const add = []
      const remove = []
      for (let i = 0; i < repeats.write; i++) {
        const documentId = 1 + Math.floor(next() * data.news.documents)
        const added = await timed(() => send('addSpan', { documentId, start: 2, end: 9, label: 'Claim' }))
        add.push(added.ms)
        remove.push((await timed(() => send('removeSpan', { documentId, spanId: added.value.id }))).ms)
      }
      results.push(
        row({ section, figure: `add a span (${way})`, value: summary(add).p99, unit: 'ms', shown: dist(summary(add)) }),
        row({ section, figure: `remove a span (${way})`, value: summary(remove).p99, unit: 'ms', shown: dist(summary(remove)) }),
      )
    }
  } finally {
    socket.close()
    await server.stop()
  }
}

/** Runs every core figure on the generated data in `folder`; returns the rows. */
export async function runCore(folder, data, quick) {
  const results = []
  const { corpus, rawDatabase } = await bulk(folder, data, results)
  const repeats = quick ? REPEATS.quick : REPEATS.full
  await coreOperations(corpus, rawDatabase, data, repeats, results)
  await httpOperations(corpus, data, repeats, results)
  return results
}
