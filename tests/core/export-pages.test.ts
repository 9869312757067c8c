import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportDocument, exportDocuments, writeJsonl, type ExportFilter } from '../../src/core/export/jsonl'
import { LineBuffer } from '../../src/core/export/line-buffer'
import { Corpus } from '../../src/core/store/corpus'
import { CorpusReader } from '../../src/core/store/reader'
import { cli, opened, scratch } from '../helpers'

const TEXTS = [
  'Mr Putin told journalists: “So there are no secrets here.” 😀 and 👩‍👩‍👧 too',
  '金正恩と習近平が北京で会談した。経済について合意。𝐀𝐁',
  'مرحبا بكم في القاهرة — שלום ירושלים, said the envoy.',
  'Plain ASCII text about the rail project and its delays.',
]

/**
 * A corpus of `count` documents (several export pages) with spans (some overlapping, some on astral
 * characters, some with attrs), relations, document labels by two annotators, documents with none of these,
 * and gaps in the row ids where documents were deleted, including at page boundaries.
 */
function pagedCorpus(folder: string, count: number): string {
  const path = join(folder, 'paged.marginalia')
  const corpus = Corpus.open(path, { create: true })
  corpus.addLabel({ name: 'Politics', kind: 'document', color: '#123456', hotkey: 'p', description: '', head: null, child: null })
  corpus.addLabel({ name: 'Economy', kind: 'document', color: '#654321', hotkey: 'e', description: '', head: null, child: null })
  corpus.transaction(() => {
    for (let i = 0; i < count; i++) {
      const text = `${TEXTS[i % TEXTS.length]} (${i})`
      const status = (['todo', 'done', 'skipped'] as const)[i % 3]
      const doc = corpus.insertDocument({ externalId: `doc-${i}`, title: `Title ${i} ✓`, text, meta: { n: i, tag: 'ü' }, status })
      if (i % 7 === 0) continue // no annotations at all
      const claim = corpus.insertSpan(doc, { start: 0, end: 12, label: 'Claim', annotator: 'ana', attrs: { note: `n${i} 😀`, unsure: i % 2 === 0 } })
      const speaker = corpus.insertSpan(doc, { start: 5, end: 20, label: 'Speaker', annotator: i % 2 ? 'ben' : 'ana' })
      corpus.insertSpan(doc, { start: 2, end: 8, label: 'Source', annotator: 'ben' })
      corpus.insertSpan(doc, { start: 0, end: 12, label: 'Spam', annotator: 'ben' })
      if (i % 3 !== 1) corpus.insertRelation(doc, { head: claim, child: speaker, label: 'attributed_to', annotator: 'ana' })
      if (i % 4 === 0) corpus.insertDocumentLabel(doc, 'Economy', 'ben')
      if (i % 5 !== 2) corpus.insertDocumentLabel(doc, 'Politics', i % 2 ? 'ben' : 'ana')
      if (i % 5 === 0) corpus.insertDocumentLabel(doc, 'Politics', 'cleo')
    }
    for (const id of [1, 2, 256, 257, 300, 511, 512, 513]) corpus.deleteDocument(id)
  })
  corpus.close()
  return path
}

/** The export as the old code made it: one document at a time, each with its own three queries. */
function perDocument(corpus: CorpusReader, filter: ExportFilter = {}): string {
  const rows = corpus.documentsAfter(0, 1_000_000, filter.statuses)
  return rows.map((row) => `${JSON.stringify(exportDocument(corpus, row, filter))}\n`).join('')
}

/** A stream that keeps what is written, asks for `drain` after `highWaterMark` bytes and counts writes. */
function collector(highWaterMark = 16) {
  const chunks: Buffer[] = []
  const stream = new Writable({
    highWaterMark,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(Buffer.from(chunk))
      setImmediate(done)
    },
  })
  return { stream, text: () => Buffer.concat(chunks).toString('utf8'), writes: () => chunks.length }
}

describe('paged export', () => {
  // Made once for the tests below (which only read it), in a folder of its own: scratch folders go after each test.
  let folder = ''
  let path = ''
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'marginalia-test-'))
    path = pagedCorpus(folder, 700)
  })
  afterAll(() => rmSync(folder, { recursive: true, force: true }))

  it('gives exactly the records of the per-document export, across page boundaries and id gaps', () => {
    const corpus = opened(CorpusReader.open(path))
    const paged = [...exportDocuments(corpus)]
    expect(paged.length).toBe(692)
    expect(paged.map((d) => `${JSON.stringify(d)}\n`).join('')).toBe(perDocument(corpus))
    // The fixture really has what the comparison is about, past the first page too.
    const late = paged.filter((d) => Number(d.id.slice(4)) > 520)
    expect(late.some((d) => d.relations.length > 0 && d.labels.length > 1 && d.spans.some((s) => Object.keys(s.attrs).length > 0))).toBe(true)
    expect(late.some((d) => d.spans.length === 0 && d.relations.length === 0 && d.labels.length === 0)).toBe(true)
  })

  it('gives the same records under status, label, annotator and settled filters', () => {
    const corpus = opened(CorpusReader.open(path))
    const filters: ExportFilter[] = [{ statuses: ['done'] }, { labels: ['Claim', 'Speaker', 'attributed_to', 'Politics'] }, { annotators: ['ben'] }, { settled: true }]
    for (const filter of filters) {
      const paged = [...exportDocuments(corpus, filter)].map((d) => `${JSON.stringify(d)}\n`).join('')
      expect(paged, JSON.stringify(filter)).toBe(perDocument(corpus, filter))
    }
  })

  it('writes the same bytes through writeJsonl, the CLI to stdout and export -o', async () => {
    const corpus = opened(CorpusReader.open(path))
    const expected = perDocument(corpus)
    const out = collector()
    expect(await writeJsonl(corpus, out.stream)).toBe(692)
    expect(out.text()).toBe(expected)
    expect(out.writes()).toBeLessThan(10) // whole buffers, not a write per line
    const stdout = await cli('export', path)
    expect(stdout.code, stdout.stderr).toBe(0)
    expect(stdout.stdout).toBe(expected)
    const file = join(scratch(), 'out.jsonl')
    expect((await cli('export', path, '-o', file)).code).toBe(0)
    expect(readFileSync(file, 'utf8')).toBe(expected)
  })
})

describe('LineBuffer', () => {
  it('writes every line whole and in order, whatever its length and characters, in few writes', async () => {
    const out = collector(8)
    const lines = new LineBuffer(out.stream, 64)
    const sent = ['a', '😀😀😀', 'x'.repeat(21), 'é'.repeat(30), 'lone \uD800 surrogate', '金'.repeat(100), '', 'end 👩‍👩‍👧']
    let waits = 0
    for (const line of sent) {
      if (!lines.add(line)) {
        waits++
        await new Promise((resolve) => out.stream.once('drain', resolve))
      }
    }
    if (!lines.flush()) await new Promise((resolve) => out.stream.once('drain', resolve))
    expect(lines.count).toBe(sent.length)
    expect(out.text()).toBe(`${sent.map((l) => l.replace('\uD800', '\uFFFD')).join('\n')}\n`)
    expect(out.writes()).toBeLessThan(sent.length)
    expect(waits).toBeGreaterThan(0) // it passes on the stream's request to wait
  })

  it('writes nothing until a buffer is full or flushed', () => {
    const out = collector(1024)
    const lines = new LineBuffer(out.stream, 1024)
    expect(lines.add('one')).toBe(true)
    expect(lines.add('two')).toBe(true)
    expect(out.writes()).toBe(0)
    expect(lines.flush()).toBe(true)
    expect(lines.flush()).toBe(true) // nothing more to write
  })
})

describe('an export while an import replaces documents', () => {
  it('lists each document once: a document replaced keeps its place in the corpus, so a page read before or after finds one version', async () => {
    const { writeArticles } = await import('../cli/process')
    const { importPaths } = await import('../../src/core/import/import')
    const { exportDocuments } = await import('../../src/core/export/jsonl')
    const { CorpusReader } = await import('../../src/core/store/reader')
    const { writeFileSync } = await import('node:fs')
    const folder = scratch()
    const path = join(folder, 'c.marginalia')
    const writer = opened(Corpus.open(path, { create: true }))
    await importPaths(writer, [writeArticles(join(folder, 'a.jsonl'), 600)], { annotator: 'ana' })
    const reader = opened(CorpusReader.open(path))
    const ids: string[] = []
    for (const document of exportDocuments(reader)) {
      ids.push(document.id)
      if (ids.length === 10) {
        // doc-0 (written already) and doc-500 (not yet) replaced by another program, between two pages.
        const replacement = join(folder, 'r.jsonl')
        writeFileSync(replacement, ['doc-0', 'doc-500'].map((id) => JSON.stringify({ id, title: `${id} (v2)`, text: 'New text.' })).join('\n'))
        await importPaths(writer, [replacement], { annotator: 'eve', existing: 'replace' })
      }
    }
    expect(ids).toHaveLength(600)
    expect(new Set(ids).size).toBe(600)
  })
})
