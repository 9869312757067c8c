import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Corpus } from '../../src/core/store/corpus'
import { cli, parseJsonl, scratch, writeJsonl, opened } from '../helpers'
import { hardText, pythonLength, pythonSlice } from './text-arbitraries'

/** A corpus with two documents, spans by two annotators, a relation and a document label. */
function annotatedCorpus(folder: string): string {
  const path = join(folder, 'annotated.marginalia')
  const corpus = opened(Corpus.open(path, { create: true }))
  corpus.addLabel({ name: 'Politics', kind: 'document', color: '#123456', hotkey: 'p', description: '', head: null, child: null })
  corpus.transaction(() => {
    const text = 'Mr Putin told journalists: “So there are no secrets here.” 😀'
    const doc = corpus.insertDocument({ externalId: 'summit', title: 'Summit', text, meta: { url: 'https://example.org/a' }, status: 'done' })
    const speaker = corpus.insertSpan(doc, { start: 0, end: 8, label: 'Speaker', annotator: 'ana', attrs: { confidence: 0.9 } })
    const claim = corpus.insertSpan(doc, { start: 28, end: 57, label: 'Claim', annotator: 'ben' })
    corpus.insertSpan(doc, { start: 59, end: 60, label: 'Spam', annotator: 'ben' })
    corpus.insertRelation(doc, { head: claim, child: speaker, label: 'attributed_to', annotator: 'ana' })
    corpus.insertDocumentLabel(doc, 'Politics', 'ana')
    corpus.insertDocument({ externalId: 'other', title: 'Other', text: 'Nothing tagged.', status: 'skipped' })
  })
  corpus.close()
  return path
}

describe('export', () => {
  it('writes one line per document with code point offsets, span texts, relations and labels', async () => {
    const corpus = annotatedCorpus(scratch())
    const result = await cli('export', corpus)
    expect(result.code).toBe(0)
    const [summit, other] = parseJsonl(result.stdout) as any[]
    expect(Object.keys(summit)).toEqual(['id', 'title', 'meta', 'status', 'text', 'spans', 'relations', 'labels', 'created_at', 'updated_at'])
    expect(summit).toMatchObject({ id: 'summit', title: 'Summit', meta: { url: 'https://example.org/a' }, status: 'done' })
    expect(summit.spans.map((s: any) => [s.id, s.start, s.end, s.label, s.text, s.annotator])).toEqual([
      [1, 0, 8, 'Speaker', 'Mr Putin', 'ana'],
      [2, 28, 57, 'Claim', 'So there are no secrets here.', 'ben'],
      [3, 59, 60, 'Spam', '😀', 'ben'],
    ])
    expect(summit.spans[0].attrs).toEqual({ confidence: 0.9 })
    for (const span of summit.spans) expect(pythonSlice(summit.text, span.start, span.end)).toBe(span.text)
    expect(summit.relations).toMatchObject([{ id: 1, head: 2, child: 1, label: 'attributed_to', annotator: 'ana' }])
    expect(summit.labels).toMatchObject([{ label: 'Politics', annotator: 'ana' }])
    expect(other).toMatchObject({ id: 'other', status: 'skipped', spans: [], relations: [], labels: [] })
  })

  it('round-trips losslessly: export, import into a new corpus, export again gives the same bytes', async () => {
    const folder = scratch()
    const first = await cli('export', annotatedCorpus(folder))
    const exported = join(folder, 'export.jsonl')
    writeFileSync(exported, first.stdout)
    const copy = join(folder, 'copy.marginalia')
    const imported = await cli('import', '--add-labels', copy, exported)
    expect(imported.code, imported.stderr).toBe(0)
    expect((await cli('export', copy)).stdout).toBe(first.stdout)
  })

  it('filters by status, label and annotator', async () => {
    const corpus = annotatedCorpus(scratch())
    const ids = async (...args: string[]) => parseJsonl((await cli('export', corpus, ...args)).stdout) as any[]
    expect((await ids('--status', 'done')).map((d) => d.id)).toEqual(['summit'])
    expect((await ids('--status', 'done', '--status', 'skipped')).map((d) => d.id)).toEqual(['summit', 'other'])
    const [byLabel] = await ids('--label', 'Claim', '--label', 'Speaker')
    expect(byLabel.spans.map((s: any) => s.label)).toEqual(['Speaker', 'Claim'])
    expect(byLabel.relations).toEqual([]) // attributed_to was not asked for
    const [byAnnotator] = await ids('--annotator', 'ben')
    expect(byAnnotator.spans.map((s: any) => s.annotator)).toEqual(['ben', 'ben'])
    expect(byAnnotator.labels).toEqual([])
    const bad = await cli('export', corpus, '--status', 'finished')
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--status "finished" is not one of todo, done, skipped/)
  })

  it('writes -o FILE whole, leaving no partial file behind', async () => {
    const folder = scratch()
    const corpus = annotatedCorpus(folder)
    const out = join(folder, 'out.jsonl')
    const result = await cli('export', corpus, '-o', out)
    expect(result.stderr).toMatch(/exported 2 documents to/)
    expect(parseJsonl(readFileSync(out, 'utf8'))).toHaveLength(2)
    expect(readdirSync(folder).filter((name) => name.includes('partial'))).toEqual([])
    expect((await cli('export', corpus, '-o', corpus)).stderr).toMatch(/is the corpus itself/)
  })

  it('keeps exported offsets slicing the exported text to the span text, for any text and spans', async () => {
    const folder = scratch()
    let run = 0
    await fc.assert(
      fc.asyncProperty(
        // Import turns CR into LF and drops a leading BOM by design (tested with normaliseText), so none here.
        hardText(30)
          .map((text) => text.replace(/\r/g, '').replace(/^\ufeff+/, ''))
          .filter((text) => pythonLength(text) > 0),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('Claim', 'Speaker', 'Source', 'Spam')), { maxLength: 6 }),
        async (text, rawSpans) => {
          const length = pythonLength(text)
          const spans = rawSpans
            .map(([a, b, label]) => ({ start: Math.min(a, b) % length, end: (Math.max(a, b) % length) + 1, label }))
            .filter((span) => span.end > span.start)
            .map((span) => ({ ...span, text: pythonSlice(text, span.start, span.end) }))
          run++
          const input = writeJsonl(folder, `in${run}.jsonl`, [{ id: 'd', text, spans }])
          const corpus = join(folder, `c${run}.marginalia`)
          const imported = await cli('import', corpus, input)
          expect(imported.code, imported.stderr).toBe(0)
          const [doc] = parseJsonl((await cli('export', corpus)).stdout) as any[]
          expect(doc.text).toBe(text)
          // Exact duplicates (same offsets and label, one annotator) are merged into one span.
          expect(doc.spans).toHaveLength(new Set(spans.map((s) => `${s.start}:${s.end}:${s.label}`)).size)
          for (const span of doc.spans) expect(pythonSlice(doc.text, span.start, span.end)).toBe(span.text)
          const given = [...new Set(spans.map((s) => `${s.start}:${s.end}:${s.label}:${s.text}`))].sort()
          expect(doc.spans.map((s: any) => `${s.start}:${s.end}:${s.label}:${s.text}`).sort()).toEqual(given)
        },
      ),
      { numRuns: 40 },
    )
  })
})

describe('JSONL that every reader splits into the same records', () => {
  // Python's str.splitlines() (and readers built on it) also ends lines at these, which JSON leaves raw.
  const pythonLines = (text: string) => text.split(/\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/).filter((line) => line !== '')
  const text = 'Mr Putin\u2028said\u0085talks\u2029went 😀 well.'

  it('writes next line, line and paragraph separators as escapes, in every line-based export', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    const records = [
      { id: 'a\u2028b', title: 'T\u0085', text, meta: { note: '\u2029' }, spans: [{ start: 9, end: 13, label: 'Claim', attrs: { why: 'x\u2028y' } }] },
      { id: 'plain', text: 'Nothing odd.' },
    ]
    expect((await cli('import', corpus, writeJsonl(folder, 'in.jsonl', records))).code).toBe(0)
    for (const format of [[], ['--format', 'jsonl', '--offsets', 'utf16'], ['--format', 'w3c-jsonl']]) {
      const { code, stdout } = await cli('export', ...format, corpus)
      expect(code).toBe(0)
      expect(stdout).not.toMatch(/[\x85\u2028\u2029]/)
      const lines = pythonLines(stdout)
      expect(lines, format.join(' ')).toHaveLength(stdout.trimEnd().split('\n').length)
      expect(lines.some((line) => JSON.stringify(JSON.parse(line)).includes('\u2028'))).toBe(true) // read back: the characters themselves
    }
    const [first] = parseJsonl((await cli('export', corpus)).stdout) as { id: string; title: string; text: string; spans: { text: string; attrs: unknown }[] }[]
    expect([first.id, first.title, first.text, first.spans[0].text, first.spans[0].attrs]).toEqual(['a\u2028b', 'T\u0085', text, 'said', { why: 'x\u2028y' }])
  })
})

describe('stats and check', () => {
  it('counts documents by status and spans by label and annotator', async () => {
    const corpus = annotatedCorpus(scratch())
    const stats = JSON.parse((await cli('stats', '--json', corpus)).stdout)
    expect(stats.documentsByStatus).toEqual({ todo: 0, done: 1, skipped: 1 })
    expect(stats.spansByLabel).toEqual([
      { label: 'Claim', annotator: 'ben', count: 1 },
      { label: 'Speaker', annotator: 'ana', count: 1 },
      { label: 'Spam', annotator: 'ben', count: 1 },
    ])
    expect(stats.relations).toBe(1)
    expect((await cli('stats', corpus)).stdout).toMatch(/documents: 2 \(todo 0, done 1, skipped 1\)/)
  })

  it('passes a sound corpus and fails one with offsets past the text, wrong label kinds or a changed text', async () => {
    const corpus = annotatedCorpus(scratch())
    expect((await cli('check', corpus)).code).toBe(0)
    const db = opened(new Database(corpus))
    db.prepare(`UPDATE spans SET end_offset = 99 WHERE id = 3`).run()
    db.prepare(`UPDATE spans SET label_id = (SELECT id FROM labels WHERE name = 'attributed_to') WHERE id = 1`).run()
    db.prepare(`UPDATE documents SET text = 'Nothing tagged!' WHERE external_id = 'other'`).run()
    db.prepare(`UPDATE spans SET attrs = '[1,2]' WHERE id = 2`).run()
    db.close()
    const result = await cli('check', corpus)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/1 span has attrs that is not a JSON object \(for example document "\S+" span 2\)/)
    expect(result.stderr).toMatch(/span 3 \[59, 99\) ends past the text \(60 code points\)/)
    expect(result.stderr).toMatch(/a span label use names "attributed_to", a relation label/)
    expect(result.stderr).toMatch(/document "other": text_sha256 does not match its text/)
  })

  it('warns of a --label or --annotator the corpus does not have, which would leave every document empty', async () => {
    const corpus = annotatedCorpus(scratch())
    const result = await cli('export', corpus, '--label', 'Claimm', '--annotator', 'curatd', '--annotator', 'curated', '-o', join(scratch(), 'out.jsonl'))
    expect(result.code).toBe(0)
    expect(result.stderr).toMatch(/warning: --label "Claimm" names no label of this corpus \(.*Claim.*\): no annotation has it/)
    expect(result.stderr).toMatch(/warning: --annotator "curatd" names no analyst of this corpus \(ana and ben\): no annotation is theirs/)
    expect(result.stderr).toMatch(/warning: the curated layer is empty in this corpus/)
    const known = await cli('export', corpus, '--label', 'Claim', '--annotator', 'ana', '-o', join(scratch(), 'out.jsonl'))
    expect(known.stderr).not.toMatch(/warning/)
  })

  it('refuses --curated-or-agreed with an analyst’s name, which would export every document empty; the layers’ own names are fine', async () => {
    const corpus = annotatedCorpus(scratch())
    const out = join(scratch(), 'out.jsonl')
    const result = await cli('export', corpus, '--curated-or-agreed', '--annotator', 'ana', '-o', out)
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^marginalia export: --annotator "ana" with --curated-or-agreed would export nothing: the settled set holds only .*\(curated, agreed\) \(see marginalia export --help\)\n$/)
    expect(readdirSync(join(out, '..'))).toEqual([])
    expect((await cli('export', corpus, '--curated-or-agreed', '--annotator', 'agreed', '-o', out)).code).toBe(0)
  })

  it('refuses, in one line, to export a span whose offsets a damaged or hand-edited file put outside its text', async () => {
    const corpus = annotatedCorpus(scratch())
    const db = opened(new Database(corpus))
    db.prepare(`UPDATE spans SET end_offset = 999999 WHERE id = 3`).run()
    db.close()
    const result = await cli('export', corpus, '-o', join(scratch(), 'out.jsonl'))
    expect(result.code).toBe(3)
    expect(result.stderr).toMatch(/^\S+annotated\.marginalia: document "summit": span 3 \[59, 999999\) is not within its text \(60 code points\), so it cannot be exported; marginalia check lists every such problem\n$/)
  })

  it('refuses, in one line, to export an annotation whose label or analyst row another program removed, rather than leave it out', async () => {
    const cases: [string, string, RegExp][] = [
      ['a span label', `UPDATE spans SET label_id = 999 WHERE id = 2`, /document "summit": span 2 names a label the corpus does not hold/],
      ['a relation analyst', `UPDATE relations SET annotator_id = 999`, /document "summit": relation 1 names an analyst the corpus does not hold/],
      ['a document label', `UPDATE document_labels SET label_id = 999`, /document "summit": a document label names a label the corpus does not hold/],
    ]
    for (const [what, damage, said] of cases) {
      const corpus = annotatedCorpus(scratch())
      const db = opened(new Database(corpus))
      db.pragma('foreign_keys = OFF') // as another program may have it
      db.prepare(damage).run()
      db.close()
      const out = join(scratch(), 'out.jsonl')
      const result = await cli('export', corpus, '-o', out)
      expect(result.code, what).toBe(3)
      expect(result.stderr, what).toMatch(said)
      expect(result.stderr.trim().split('\n'), what).toHaveLength(1)
      expect(result.stderr, what).toMatch(/so it cannot be exported; marginalia check lists every such problem\n$/)
    }
  })

  it('fails a corpus where an analyst has a span twice (an older file, or one written by another program), naming both', async () => {
    const corpus = annotatedCorpus(scratch())
    const db = opened(new Database(corpus))
    const [original] = db.prepare<[], { document_id: number; id: number; start_offset: number; end_offset: number; label_id: number; annotator_id: number }>(`SELECT * FROM spans LIMIT 1`).all()
    db.prepare(`INSERT INTO spans (document_id, id, start_offset, end_offset, label_id, annotator_id, created_at, updated_at) VALUES (?, 77, ?, ?, ?, ?, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`).run(
      original.document_id,
      original.start_offset,
      original.end_offset,
      original.label_id,
      original.annotator_id,
    )
    db.close()
    const result = await cli('check', corpus)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(new RegExp(`spans ${original.id}, 77 are the same \\w+ \\[${original.start_offset}, ${original.end_offset}\\) by \\w+ \\(a span made twice`))
  })

  it('fails a file that is not a corpus, with the reason', async () => {
    const folder = scratch()
    const path = join(folder, 'x.marginalia')
    writeFileSync(path, 'hello')
    const result = await cli('check', path)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/FAILED: not a Marginalia corpus/)
  })
})

describe('the built command', () => {
  const bin = join(__dirname, '..', '..', 'bin', 'marginalia.cjs')
  const sample = join(__dirname, '..', '..', 'resources', 'sample', 'vladivostok-summit.txt')

  it('imports the sample article and exports it as one line whose text is the article exactly', () => {
    const folder = scratch()
    const corpus = join(folder, 'x.marginalia')
    execFileSync(process.execPath, [bin, 'import', corpus, sample], { encoding: 'utf8' })
    const out = execFileSync(process.execPath, [bin, 'export', corpus], { encoding: 'utf8' })
    const lines = out.split('\n').filter(Boolean)
    expect(lines).toHaveLength(1)
    expect(JSON.parse(lines[0]).text).toBe(readFileSync(sample, 'utf8'))
  })

  it('makes the sample corpus, and refuses to overwrite a file', () => {
    const folder = scratch()
    const corpus = join(folder, 'sample.marginalia')
    const made = spawnSync(process.execPath, [bin, 'sample', corpus], { encoding: 'utf8' })
    expect(made.status).toBe(0)
    expect(made.stderr).toMatch(/imported 1 document/)
    const again = spawnSync(process.execPath, [bin, 'sample', corpus], { encoding: 'utf8' })
    expect(again.status).toBe(1)
    expect(again.stderr).toMatch(/already exists/)
  })

  it('describes every command and option in --help', () => {
    const help = execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8' })
    for (const command of ['import', 'export', 'stats', 'check', 'labels', 'sample']) expect(help).toContain(command)
    const importHelp = execFileSync(process.execPath, [bin, 'import', '--help'], { encoding: 'utf8' })
    for (const option of ['--labels', '--add-labels', '--skip-invalid', '--existing', '--annotator']) expect(importHelp).toContain(option)
  })

  it('lets Python read the same spans straight from the file with sqlite3', (context) => {
    const python = spawnSync('python3', ['--version'])
    if (python.status !== 0) {
      console.warn('skipped: python3 is not installed, so the Python reading test cannot run')
      context.skip()
    }
    const corpus = annotatedCorpus(scratch())
    const script = `
import json, sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
rows = db.execute("""SELECT d.external_id, d.text, s.id, s.start_offset, s.end_offset, l.name
  FROM spans s JOIN documents d ON d.id = s.document_id JOIN labels l ON l.id = s.label_id
  ORDER BY d.id, s.start_offset""").fetchall()
print(json.dumps([[doc, sid, label, text[start:end]] for doc, text, sid, start, end, label in rows], ensure_ascii=False))
`
    const out = execFileSync('python3', ['-c', script, corpus], { encoding: 'utf8' })
    expect(JSON.parse(out)).toEqual([
      ['summit', 1, 'Speaker', 'Mr Putin'],
      ['summit', 2, 'Claim', 'So there are no secrets here.'],
      ['summit', 3, 'Spam', '😀'],
    ])
  })
})
