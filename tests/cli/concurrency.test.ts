/**
 * Several programs on one corpus at once, as real processes: imports side by side, the editor (the browser
 * edition's API) writing while an import runs, caches that must notice what others wrote, and imports
 * killed or interrupted halfway.
 */
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { onTestFinished } from 'vitest'
import { describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { opened, scratch } from '../helpers'
import { committedDocuments, exportOf, finished, hasStackTrace, marginalia, serve, start, writeArticles } from './process'
import { CURRENT_SCHEMA_VERSION } from '../../src/core/db/migrations'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Waits until `condition` holds (checking every `every` ms), failing after `ms`. */
async function until(condition: () => boolean, what: string, ms = 30_000, every = 20): Promise<void> {
  const deadline = Date.now() + ms
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(every)
  }
}

/** The size of a file, or 0 if it is not there (a journal comes and goes between batches). */
function sizeOf(path: string): number {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}

/** Documents in the corpus, counted by `stats` (which may run beside a writer). */
async function documentCount(corpus: string): Promise<number> {
  const result = await marginalia(['stats', '--json', corpus])
  if (result.code !== 0) return -1
  return (JSON.parse(result.stdout) as { documents: number }).documents
}

describe('imports side by side', () => {
  it('two imports into one corpus at once both succeed, and every document of both is there', { timeout: 120_000 }, async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    expect((await marginalia(['sample', corpus])).code).toBe(0)
    for (const round of [1, 2]) {
      const a = writeArticles(join(folder, `a${round}.jsonl`), 4_000, { prefix: `a${round}` })
      const b = writeArticles(join(folder, `b${round}.jsonl`), 4_000, { prefix: `b${round}` })
      const [first, second] = await Promise.all([marginalia(['import', corpus, a]), marginalia(['import', corpus, b])])
      for (const result of [first, second]) {
        expect(hasStackTrace(result.stderr), result.stderr).toBe(false)
        expect(result.code, result.stderr).toBe(0)
      }
    }
    expect(await documentCount(corpus)).toBe(1 + 4 * 4_000)
    expect((await marginalia(['check', corpus])).code).toBe(0)
  })

  it('a command waits to read, as to write, while another program holds the corpus for seconds (an exclusive lock)', { timeout: 60_000 }, async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    expect((await marginalia(['sample', corpus])).code).toBe(0)
    const input = writeArticles(join(folder, 'a.jsonl'), 10)
    const holder = opened(new Database(corpus))
    holder.exec('BEGIN EXCLUSIVE') // no other connection may even read until it ends
    holder.prepare(`UPDATE documents SET title = 'held' WHERE id = 1`).run()
    const commands = [start(['import', corpus, input]), start(['stats', corpus]), start(['export', corpus, '-o', join(folder, 'out.jsonl')])]
    await sleep(7_000) // longer than SQLite's 5 s for a read that the browser edition keeps
    holder.exec('COMMIT')
    for (const [i, result] of (await Promise.all(commands.map(finished))).entries()) {
      expect(result.code, `${i}: ${result.stderr}`).toBe(0)
      // Each said it was waiting, once, rather than seem to hang for seconds (a read waits inside SQLite).
      expect(result.stderr.split('\n').filter((line) => line.includes('waiting for its turn')), `${i}: ${result.stderr}`).toHaveLength(1)
    }
    expect(await documentCount(corpus)).toBe(11)
  })

  it('a command whose write waits over a second for another program says so, once, and goes on when it may', { timeout: 60_000 }, async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    expect((await marginalia(['sample', corpus])).code).toBe(0)
    const holder = opened(new Database(corpus))
    holder.exec('BEGIN IMMEDIATE') // another program's write under way: reads go on, writes wait
    const importing = start(['import', corpus, writeArticles(join(folder, 'a.jsonl'), 10)])
    const reading = start(['stats', corpus])
    await sleep(2_500)
    holder.exec('COMMIT')
    const [imported, read] = await Promise.all([finished(importing), finished(reading)])
    expect(imported.code, imported.stderr).toBe(0)
    expect(imported.stderr.split('\n').filter((line) => line.includes('waiting'))).toEqual(['marginalia: another program is using the corpus (writing to it, or reading it while this writes); waiting for its turn (up to 30 s)'])
    expect(read.stderr).not.toMatch(/waiting/)
    expect(await documentCount(corpus)).toBe(11)
  })
})

describe('the editor while an import runs', () => {
  it('every write of the editor succeeds while an import of 60,000 documents runs, and all is there afterwards', { timeout: 180_000 }, async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    expect((await marginalia(['sample', corpus])).code).toBe(0)
    const editor = await serve(corpus, ['--annotator', 'ana'])
    onTestFinished(() => editor.stop())
    const input = writeArticles(join(folder, 'big.jsonl'), 60_000)
    const importing = start(['import', corpus, input])
    const imported = finished(importing)
    let tags = 0
    let tagsWhileWriting = 0
    const waits: number[] = []
    while (importing.exitCode === null) {
      const writing = existsSync(`${corpus}-journal`)
      const started = Date.now()
      const outcome = await editor.call('addSpan', { documentId: 1, start: tags, end: tags + 1, label: 'Claim' })
      waits.push(Date.now() - started)
      expect(outcome, JSON.stringify(outcome)).toMatchObject({ ok: true })
      tags++
      if (writing) tagsWhileWriting++
      await sleep(25)
    }
    const result = await imported
    expect(result.code, result.stderr).toBe(0)
    expect(tagsWhileWriting).toBeGreaterThan(2)
    console.log(`[concurrency] ${tags} tags during the import (${tagsWhileWriting} while it wrote); longest wait ${Math.max(...waits)} ms`)
    const documents = exportOf(corpus) as { id: string; spans: unknown[] }[]
    expect(documents).toHaveLength(60_001)
    expect(documents[0].spans).toHaveLength(tags)
  })

  it('two writers adding 1,000 spans each to one document at once end with 2,000', { timeout: 120_000 }, async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    expect((await marginalia(['sample', corpus])).code).toBe(0)
    const [one, two] = [await serve(corpus, ['--annotator', 'one']), await serve(corpus, ['--annotator', 'two'])]
    onTestFinished(async () => void (await Promise.all([one.stop(), two.stop()])))
    const add = async (writer: typeof one, offset: number) => {
      for (let i = 0; i < 1_000; i++) {
        const outcome = await writer.call('addSpan', { documentId: 1, start: offset + i, end: offset + i + 1, label: 'Claim' })
        expect(outcome, JSON.stringify(outcome)).toMatchObject({ ok: true })
      }
    }
    await Promise.all([add(one, 0), add(two, 1_000)])
    const [document] = exportOf(corpus) as { spans: { id: number; annotator: string }[] }[]
    expect(document.spans).toHaveLength(2_000)
    expect(new Set(document.spans.map((span) => span.id)).size).toBe(2_000)
  })

  it('notices what another program wrote: an annotator another import added is not added twice', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    expect((await marginalia(['sample', corpus])).code).toBe(0)
    const editor = await serve(corpus, ['--annotator', 'bob'])
    onTestFinished(() => editor.stop())
    expect(await editor.call('addSpan', { documentId: 1, start: 4, end: 7, label: 'Claim' })).toMatchObject({ ok: true }) // bob is known now
    const input = writeArticles(join(folder, 'x.jsonl'), 5)
    const other = join(folder, 'y.jsonl')
    writeFileSync(other, `${JSON.stringify({ id: 'y', text: 'Kim said so.', spans: [{ start: 0, end: 3, label: 'Speaker', annotator: 'carol' }] })}\n`)
    expect((await marginalia(['import', '--annotator', 'bob', corpus, input])).code).toBe(0)
    expect((await marginalia(['import', corpus, other])).code).toBe(0) // carol, new to the file, is added by another program
    expect(await editor.call('addSpan', { documentId: 1, start: 0, end: 3, label: 'Claim' })).toMatchObject({ ok: true, value: { annotator: 'bob' } })
    const carol = await serve(corpus, ['--annotator', 'carol'])
    onTestFinished(() => carol.stop())
    expect(await carol.call('addSpan', { documentId: 1, start: 8, end: 12, label: 'Claim' })).toMatchObject({ ok: true, value: { annotator: 'carol' } })
    expect(await editor.call('changesElsewhere', {})).toMatchObject({ ok: true, value: { version: 2 } }) // noticed twice: the imports (before one call), then carol
    expect(await editor.call('listDocuments', { status: null, annotator: null, afterId: 0, limit: 100 })).toMatchObject({ ok: true, value: { length: 7 } })
  })
})

describe('the editor while another program holds the corpus', () => {
  it('a write waits its turn behind an exclusive lock held longer than a read may wait (5 s), and is written', { timeout: 60_000 }, async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    expect((await marginalia(['sample', corpus])).code).toBe(0)
    const editor = await serve(corpus, ['--annotator', 'ana'])
    onTestFinished(() => editor.stop())
    const holder = opened(new Database(corpus))
    holder.exec('BEGIN EXCLUSIVE') // no other connection may even read until it ends
    const started = Date.now()
    const tagging = editor.call('addSpan', { documentId: 1, start: 0, end: 5, label: 'Claim' })
    await sleep(7_000)
    holder.exec('COMMIT')
    const outcome = await tagging
    expect(outcome, JSON.stringify(outcome)).toMatchObject({ ok: true })
    expect(Date.now() - started).toBeGreaterThan(6_500)
    const [document] = exportOf(corpus) as { spans: { start: number; end: number; annotator: string }[] }[]
    expect(document.spans).toEqual([expect.objectContaining({ start: 0, end: 5, annotator: 'ana' })])
  })
})

describe('an import stopped halfway', () => {
  it('killed (kill -9) midway leaves a corpus that check, stats and export read as it was after its last batch; running it again completes it', { timeout: 120_000 }, async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    expect((await marginalia(['sample', corpus])).code).toBe(0)
    // Enough batches that the test sees one being committed: only then has the file itself changed, and a batch
    // commits in a few milliseconds of its 400.
    const articles = 40_000
    const input = writeArticles(join(folder, 'big.jsonl'), articles)
    const sizeBefore = statSync(corpus).size
    const importing = start(['import', corpus, input])
    const killed = finished(importing)
    const journal = `${corpus}-journal`
    // Killed while a write is under way and has already changed the file: what a crash leaves.
    const writingIntoTheFile = () => sizeOf(journal) > 0 && sizeOf(corpus) > sizeBefore
    await until(() => committedDocuments(corpus) >= 2, 'a first batch to be committed', 60_000, 5)
    await until(writingIntoTheFile, 'the next batch to write into the file', 60_000, 1)
    expect(importing.exitCode, 'the import ended before it could be killed').toBeNull()
    importing.kill('SIGKILL')
    expect((await killed).signal).toBe('SIGKILL')
    expect(existsSync(journal)).toBe(true) // an interrupted write: a hot journal

    const check = await marginalia(['check', corpus])
    expect(check.stderr).toBe('')
    expect(check.stdout).toMatch(new RegExp(`ok \\(schema version ${CURRENT_SCHEMA_VERSION}`))
    const stats = await marginalia(['stats', '--json', corpus])
    expect(stats.code, stats.stderr).toBe(0)
    const documents = exportOf(corpus) as { id: string; spans: unknown[] }[]
    expect(documents.length).toBe((JSON.parse(stats.stdout) as { documents: number }).documents)
    expect(documents.length).toBeLessThan(articles + 1)
    for (const document of documents.slice(1)) expect(document.spans).toHaveLength(3) // whole documents only

    const again = await marginalia(['import', corpus, input])
    expect(again.code, again.stderr).toBe(0)
    expect(again.stderr).toMatch(new RegExp(`${documents.length - 1} documents already in the corpus left as they were`))
    expect(await documentCount(corpus)).toBe(articles + 1)
  })

  it('stopped with Ctrl+C before it wrote anything leaves no new corpus behind', async () => {
    const folder = scratch()
    const corpus = join(folder, 'new.marginalia')
    const input = writeArticles(join(folder, 'big.jsonl'), 12_000)
    const importing = start(['import', corpus, input])
    await until(() => existsSync(corpus), 'the corpus to be made')
    importing.kill('SIGINT')
    const result = await finished(importing)
    expect(result.code).toBe(130)
    expect(result.stderr).toMatch(/before it wrote anything/)
    expect(hasStackTrace(result.stderr)).toBe(false)
    expect(readdirSync(folder).sort()).toEqual(['big.jsonl'])
  })

  it('stopped with Ctrl+C while writing says how to go on, and running it again completes it', { timeout: 120_000 }, async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    const input = writeArticles(join(folder, 'big.jsonl'), 40_000)
    const importing = start(['import', corpus, input])
    await until(() => committedDocuments(corpus) >= 1, 'a first batch to be committed', 60_000, 5)
    expect(importing.exitCode, 'the import ended before it could be stopped').toBeNull()
    importing.kill('SIGINT')
    const result = await finished(importing)
    expect(result.code).toBe(130)
    expect(result.stderr).toMatch(/run the same command again/)
    const again = await marginalia(['import', corpus, input])
    expect(again.code, again.stderr).toBe(0)
    expect(await documentCount(corpus)).toBe(40_000)
  })

  it.each([
    ['Ctrl+C', 'SIGINT', 130],
    ['kill (SIGTERM)', 'SIGTERM', 143],
    ['a closed terminal (SIGHUP)', 'SIGHUP', 129],
  ] as const)('an export -o stopped with %s leaves the output as it was and no partial file', async (_how, signal, code) => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    expect((await marginalia(['import', corpus, writeArticles(join(folder, 'big.jsonl'), 12_000)])).code).toBe(0)
    const output = join(folder, 'out.jsonl')
    writeFileSync(output, 'what was there before\n')
    const exporting = start(['export', corpus, '-o', output])
    await until(() => readdirSync(folder).some((name) => name.endsWith('.partial')), 'the export to start')
    exporting.kill(signal)
    const result = await finished(exporting)
    expect(result.code).toBe(code)
    expect(result.stderr.trim()).toBe('export stopped; no output file was changed')
    expect(readdirSync(folder).filter((name) => name.endsWith('.partial'))).toEqual([])
    expect(existsSync(output) && statSync(output).size).toBe('what was there before\n'.length)
  })
})
