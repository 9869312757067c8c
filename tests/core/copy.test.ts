/** `marginalia copy`: a consistent, checked, self-contained copy, even while another program writes. */
import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { copyCorpus } from '../../src/core/copy'
import { CorpusReader } from '../../src/core/store/reader'
import { cli, scratch } from '../helpers'
import { committedDocuments, exportOf, finished, marginalia, start, writeArticles } from '../cli/process'

describe('copy', () => {
  it('writes a checked copy that exports exactly as the source, with nothing beside it', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    expect((await marginalia(['import', corpus, writeArticles(join(folder, 'in.jsonl'), 300)])).code).toBe(0)
    const result = await cli('copy', corpus, join(folder, 'copy.marginalia'))
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/copied .* 300 documents, .* MiB, checked/)
    expect(readdirSync(folder).sort()).toEqual(['c.marginalia', 'copy.marginalia', 'in.jsonl'])
    expect(exportOf(join(folder, 'copy.marginalia'))).toEqual(exportOf(corpus))
    expect((await marginalia(['check', join(folder, 'copy.marginalia')])).code).toBe(0)
  })

  it('refuses, writing nothing, a corpus whose text changed on disk, which SQLite\'s own check does not see but check does', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    expect((await marginalia(['import', corpus, writeArticles(join(folder, 'in.jsonl'), 20)])).code).toBe(0)
    const db = new Database(corpus)
    db.prepare("UPDATE documents SET text = replace(text, 'Officials', 'Offikials') WHERE external_id IN ('doc-3', 'doc-7')").run() // as a flipped byte would
    db.close()
    expect((await marginalia(['check', corpus])).code).not.toBe(0)
    const copy = join(folder, 'copy.marginalia')
    const result = await cli('copy', corpus, copy)
    expect(result.code).not.toBe(0)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr.trim()).toBe(`${corpus}: is damaged (document "doc-3": text_sha256 does not match its text; and 1 more problem; marginalia check "${corpus}" lists every problem): no copy was written to ${copy}`)
    expect(existsSync(copy)).toBe(false)
    expect(readdirSync(folder).sort()).toEqual(['c.marginalia', 'in.jsonl'])
  })

  it('made while another program writes, holds whole documents only, each as the source has it', { timeout: 120_000 }, async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    expect((await marginalia(['sample', corpus])).code).toBe(0)
    const importing = start(['import', corpus, writeArticles(join(folder, 'big.jsonl'), 30_000)])
    while (importing.exitCode === null && !existsSync(`${corpus}-journal`)) await new Promise((resolve) => setTimeout(resolve, 10)) // writing has begun
    const copies: string[] = []
    let halfway = 0 // copies holding some but not all of the import: keep copying until there are two
    while (importing.exitCode === null && halfway < 2 && copies.length < 40) {
      const copy = join(folder, `copy-${copies.length}.marginalia`)
      await copyCorpus(corpus, copy)
      copies.push(copy)
      if (committedDocuments(copy) > 1) halfway++
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect((await finished(importing)).code).toBe(0)
    const final = new Map(exportOf(corpus).map((document) => [document.id, JSON.stringify(document)]))
    const sizes: number[] = []
    for (const copy of copies) {
      expect((await marginalia(['check', copy])).code, copy).toBe(0)
      const documents = exportOf(copy)
      sizes.push(documents.length)
      for (const document of documents) expect(JSON.stringify(document)).toBe(final.get(document.id as string))
      expect(existsSync(`${copy}-journal`)).toBe(false)
    }
    console.log(`[copy] copies of ${sizes.join(', ')} documents made during the import`)
    expect(copies.length).toBeGreaterThan(0)
    expect(sizes.some((size) => size > 1 && size < 30_001), 'a copy made halfway through the import').toBe(true)
  })

  it('holds its read lock only while a step copies: a write between steps gets in at once, and is in the copy', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    expect((await marginalia(['import', corpus, writeArticles(join(folder, 'in.jsonl'), 400)])).code).toBe(0)
    const writer = new Database(corpus, { timeout: 0 }) // fails at once (SQLITE_BUSY) if the copy holds its lock
    const reader = CorpusReader.open(corpus)
    const steps: string[] = []
    try {
      // 64 pages a step: the corpus takes several. Another program marks a document done between two of them.
      await reader.snapshotTo(join(folder, 'copy.marginalia'), {
        stepPages: 64,
        betweenSteps: () => {
          if (steps.length === 1) writer.prepare(`UPDATE documents SET status = 'done' WHERE external_id = 'doc-399'`).run()
          steps.push('step')
        },
      })
    } finally {
      reader.close()
      writer.close()
    }
    expect(steps.length).toBeGreaterThan(2)
    const copied = exportOf(join(folder, 'copy.marginalia'))
    expect(copied).toHaveLength(400)
    expect(copied.find((document) => document.id === 'doc-399')?.status).toBe('done') // the copy started again, with it
    expect((await marginalia(['check', join(folder, 'copy.marginalia')])).code).toBe(0)
  })

  it('copies in one go, as writers wait, when other programs keep writing between its steps', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    expect((await marginalia(['import', corpus, writeArticles(join(folder, 'in.jsonl'), 400)])).code).toBe(0)
    const writer = new Database(corpus, { timeout: 0 })
    const reader = CorpusReader.open(corpus)
    let writes = 0
    try {
      await reader.snapshotTo(join(folder, 'copy.marginalia'), {
        stepPages: 64,
        betweenSteps: () => {
          writes++
          writer.prepare(`UPDATE documents SET status = ? WHERE external_id = 'doc-0'`).run(writes % 2 === 0 ? 'done' : 'skipped')
        },
      })
    } finally {
      reader.close()
      writer.close()
    }
    expect(writes).toBeGreaterThan(8) // it started again after each, and then gave up stepping
    expect(exportOf(join(folder, 'copy.marginalia')).find((document) => document.id === 'doc-0')?.status).toBe(writes % 2 === 0 ? 'done' : 'skipped')
    expect((await marginalia(['check', join(folder, 'copy.marginalia')])).code).toBe(0)
  })

  it('refuses to replace a file unless told to, to copy onto the corpus itself, or into a missing folder; one line each', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    expect((await cli('sample', corpus)).code).toBe(0)
    const taken = join(folder, 'taken.marginalia')
    writeFileSync(taken, 'mine')
    const exists = await cli('copy', corpus, taken)
    expect([exists.code, exists.stderr.trim()]).toEqual([1, `${taken}: already exists; choose another name (or --force to replace it)`])
    expect((await cli('copy', '--force', corpus, taken)).code).toBe(0)
    expect(exportOf(taken)).toEqual(exportOf(corpus))
    // -q, as the other commands take it: nothing said when it is done.
    const quiet = await cli('copy', '-q', corpus, join(folder, 'quiet.marginalia'))
    expect([quiet.code, quiet.stderr, quiet.stdout]).toEqual([0, '', ''])
    expect(await cli('sample', '-q', join(folder, 'quiet-sample.marginalia'))).toEqual({ code: 0, stdout: '', stderr: '' })
    const exported = await cli('export', '-q', '--format', 'conll', corpus, '-o', join(folder, 'quiet.conll'))
    expect([exported.code, exported.stderr]).toEqual([0, ''])
    const itself = await cli('copy', corpus, corpus)
    expect([itself.code, itself.stderr.trim()]).toEqual([1, `${corpus}: is the corpus itself; choose another file for the copy`])
    const missing = await cli('copy', corpus, join(folder, 'no', 'x.marginalia'))
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/no\/x\.marginalia: cannot be written: no such file or folder/)
  })
})
