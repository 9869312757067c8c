/**
 * Stopping the browser edition while a write waits for the corpus lock (another program holding `BEGIN
 * IMMEDIATE`): the wait blocks the server's only thread, so SIGTERM and SIGINT must end it anyway, at once,
 * leaving the corpus as it was. Without a wait, they still close it gracefully (exit 0).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { createSampleCorpus } from '../../src/core/sample'
import { CorpusReader } from '../../src/core/store/reader'
import { opened, scratch } from '../helpers'

const serveEntry = join(__dirname, '..', '..', 'out', 'main', 'serve.js')

/** `serve` on a new sample corpus: the process, its address and token, and its exit. */
async function serve(): Promise<{
  child: ChildProcess
  corpus: string
  url: string
  token: string
  exited: Promise<{ code: number | null; signal: string | null; at: number }>
  /** What it has printed to stderr so far. */
  stderr: () => string
}> {
  const corpus = join(scratch(), 'locked.marginalia')
  createSampleCorpus(corpus, { annotator: 'setup' })
  const child = spawn(process.execPath, [serveEntry, corpus, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] })
  const exited = new Promise<{ code: number | null; signal: string | null; at: number }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, at: Date.now() })), // its output read to the end
  )
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve))
  const { url } = JSON.parse(line) as { url: string }
  return { child, corpus, url, token: new URL(url).searchParams.get('token')!, exited, stderr: () => stderr }
}

describe('stopping the browser edition', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`ends at once on ${signal} while a write waits for another program's lock, and the corpus is unchanged`, async () => {
      const { child, corpus, url, token, exited } = await serve()
      const holder = opened(new Database(corpus))
      holder.exec('BEGIN IMMEDIATE') // another program's write, held
      try {
        const write = fetch(new URL('/api/setStatus', url), { method: 'POST', headers: { 'x-marginalia-token': token }, body: '{"documentId":1,"status":"done"}' })
        write.catch(() => {})
        await new Promise((resolve) => setTimeout(resolve, 500)) // the write is waiting now
        const sent = Date.now()
        child.kill(signal)
        const ended = await Promise.race([exited, new Promise<null>((resolve) => setTimeout(() => resolve(null), 5_000))])
        expect(ended, `serve still running 5 s after ${signal}`).not.toBeNull()
        expect(ended!.at - sent).toBeLessThan(2_000)
      } finally {
        holder.exec('ROLLBACK')
        child.kill('SIGKILL')
      }
      const reader = opened(CorpusReader.open(corpus))
      expect(reader.document(1)?.status).not.toBe('done')
    }, 20_000)
  }

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`closes gracefully on ${signal} while it answers a stream of calls (a signal that comes between two calls is not lost)`, async () => {
      const { child, corpus, url, token, exited, stderr } = await serve()
      let stopped = false
      const call = (name: string, body: string) =>
        fetch(new URL(`/api/${name}`, url), { method: 'POST', headers: { 'x-marginalia-token': token }, body }).then(
          (response) => response.arrayBuffer(),
          () => (stopped = true),
        )
      // Four clients calling without a pause, as a page reading ahead and tagging does.
      const clients = Array.from({ length: 4 }, async (_, client) => {
        for (let i = 0; !stopped; i++) await call(i % 2 === 0 ? 'openDocument' : 'setStatus', i % 2 === 0 ? '{"documentId":1}' : `{"documentId":1,"status":"${client % 2 === 0 ? 'done' : 'todo'}"}`)
      })
      try {
        await new Promise((resolve) => setTimeout(resolve, 500))
        const sent = Date.now()
        child.kill(signal)
        const ended = await Promise.race([exited, new Promise<null>((resolve) => setTimeout(() => resolve(null), 5_000))])
        expect(ended, `serve still running 5 s after ${signal}`).not.toBeNull()
        expect(ended).toMatchObject({ code: 0, signal: null })
        expect(ended!.at - sent).toBeLessThan(3_000)
        expect(stderr()).toContain(`marginalia serve: stopped; every change made is saved in ${corpus}\n`)
      } finally {
        stopped = true
        child.kill('SIGKILL')
        await Promise.all(clients)
      }
    }, 20_000)
  }

  it('closes gracefully, exit 0, when no write is waiting', async () => {
    const { child, url, exited } = await serve()
    expect((await fetch(url)).status).toBe(200)
    child.kill('SIGTERM')
    expect(await exited).toMatchObject({ code: 0, signal: null })
  })

  it('does not say on stopping that the changes are at the corpus path when the file there is no longer the one served', async () => {
    const { renameSync } = await import('node:fs')
    const { child, corpus, url, exited, stderr } = await serve()
    expect((await fetch(url)).status).toBe(200)
    renameSync(corpus, `${corpus}.moved`)
    child.kill('SIGTERM')
    expect(await exited).toMatchObject({ code: 0, signal: null })
    expect(stderr()).toContain(`marginalia serve: stopped; the corpus file was moved or deleted from ${corpus} while it was served`)
    expect(stderr()).not.toContain('every change made is saved')
  })
})
