/**
 * A program that only reads must not make writes fail: the corpus has a rollback journal, so a reader's open
 * transaction holds up a writer's COMMIT, which then waits as long as taking the write lock may (30 s).
 */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { scratch } from '../helpers'
import { exportOf, marginalia, writeArticles } from './process'

const root = join(__dirname, '..', '..')

/** Starts a process that holds a read transaction on `corpus` for `ms`; resolves once it holds it, with how it ends. */
async function holdRead(corpus: string, ms: number): Promise<{ ended: Promise<number | null> }> {
  const script = `
    const Database = require('better-sqlite3')
    const db = new Database(process.argv[1], { readonly: true })
    db.exec('BEGIN')
    db.prepare('SELECT count(*) FROM documents').get()
    process.stdout.write('reading\\n')
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(process.argv[2]))
    db.exec('COMMIT')
    db.close()`
  const reader = spawn(process.execPath, ['-e', script, corpus, String(ms)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] })
  const ended = new Promise<number | null>((resolve) => reader.on('close', resolve))
  await new Promise<void>((resolve, reject) => {
    reader.stdout.on('data', (data: Buffer) => data.toString().includes('reading') && resolve())
    reader.on('close', () => reject(new Error('the reader ended before it read')))
  })
  return { ended }
}

describe('a reader holding a read transaction', () => {
  it('for 8 s: an import commits once the reader is done, instead of failing after 5 s', { timeout: 60_000 }, async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    expect((await marginalia(['sample', corpus])).code).toBe(0)
    const input = writeArticles(join(folder, 'in.jsonl'), 20)
    const reader = await holdRead(corpus, 8_000)
    const started = Date.now()
    const result = await marginalia(['import', corpus, input])
    const waited = Date.now() - started
    expect(result.stderr).not.toMatch(/locked/)
    expect(result.code, result.stderr).toBe(0)
    expect(waited).toBeGreaterThan(6_000) // it did wait for the reader
    expect(await reader.ended).toBe(0)
    expect(exportOf(corpus)).toHaveLength(21)
  })
})
