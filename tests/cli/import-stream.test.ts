/**
 * Importing from standard input (`-`) while the stream is still coming, as a pipeline's first step writes it:
 * Ctrl+C must stop the import at once, and other programs must be able to write the corpus meanwhile. Read
 * whole inside one write transaction, the stream held the corpus's lock until its end (another import gave up
 * after 30 s) and the import heard no signal until it had written everything. Deadlines here only tell a hang
 * from an answer; they are far above what an answer takes.
 */
import { execFileSync, type ChildProcess } from 'node:child_process'
import { createWriteStream, readdirSync, readFileSync } from 'node:fs'
import type { Writable } from 'node:stream'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { scratch } from '../helpers'
import { BIN, committedDocuments, finished, hasStackTrace, marginalia, startProgram, writeArticles, type Finished } from './process'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** How the process ends, or null if it has not within `ms`. */
async function within(ending: Promise<Finished>, ms: number): Promise<Finished | null> {
  return Promise.race([ending, sleep(ms).then(() => null)])
}

/**
 * Starts `import CORPUS - --format jsonl` and writes the first `count` of 2,000 articles to it, leaving the stream
 * open: standard input a pipe (a FIFO, as a shell's `|` gives), or a socket (as Node's `spawn` gives).
 */
function importStillComing(corpus: string, count: number, stdin: 'pipe' | 'socket' = 'pipe') {
  const lines = readFileSync(writeArticles(join(scratch(), 'stream.jsonl'), 2_000, { prefix: 'piped' }), 'utf8').split('\n')
  const args = [BIN, 'import', '--quiet', corpus, '-', '--format', 'jsonl']
  const temporary = scratch() // where the stream is kept meanwhile: empty again once the import ends
  const env = { ...process.env, TMPDIR: temporary }
  let importing: ChildProcess
  let input: Writable
  if (stdin === 'socket') {
    importing = startProgram(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], env })
    input = importing.stdin!
  } else {
    const fifo = join(scratch(), 'stdin')
    execFileSync('mkfifo', [fifo])
    importing = startProgram('sh', ['-c', 'exec "$0" "$@" < "$FIFO"', process.execPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...env, FIFO: fifo } })
    input = createWriteStream(fifo)
  }
  onTestFinished(() => void importing.kill('SIGKILL'))
  const ending = finished(importing)
  input.on('error', () => {}) // a process that has ended reads no more
  input.write(`${lines.slice(0, count).join('\n')}\n`)
  return { importing, ending, temporary, rest: () => input.end(`${lines.slice(count).join('\n')}`) }
}

describe('import from standard input still coming', () => {
  it('stops at Ctrl+C with 130 and one line, having written nothing', { timeout: 60_000 }, async () => {
    const corpus = join(scratch(), 'c.marginalia')
    expect((await marginalia(['import', '--quiet', corpus, writeArticles(join(scratch(), 'first.jsonl'), 5)])).code).toBe(0)
    const { importing, ending, rest, temporary } = importStillComing(corpus, 1_000)
    await sleep(1_500) // reading the stream by now
    importing.kill('SIGINT')
    const result = await within(ending, 10_000)
    rest() // an import that did not hear the signal reads on, and ends
    const ended = result ?? (await within(ending, 30_000))
    expect(result, `still running 10 s after Ctrl+C (then: exit ${ended?.code}, ${committedDocuments(corpus)} documents)`).not.toBeNull()
    expect(result!.code).toBe(130)
    expect(hasStackTrace(result!.stderr)).toBe(false)
    expect(result!.stderr.trim().split('\n')).toHaveLength(1)
    expect(result!.stderr).toMatch(/import stopped .*before it wrote anything/u)
    expect(committedDocuments(corpus)).toBe(5)
    expect(readdirSync(temporary)).toEqual([])
  })

  it('stops at Ctrl+C while a named pipe given has no writer yet, with 130 and one line', { timeout: 60_000 }, async () => {
    const corpus = join(scratch(), 'c.marginalia')
    const fifo = join(scratch(), 'in.jsonl')
    execFileSync('mkfifo', [fifo])
    const importing = startProgram(process.execPath, [BIN, 'import', corpus, fifo, '--format', 'jsonl'])
    onTestFinished(() => void importing.kill('SIGKILL'))
    await sleep(1_500) // waiting for a writer by now
    importing.kill('SIGINT')
    const result = await within(finished(importing), 10_000)
    expect(result, 'still running 10 s after Ctrl+C').not.toBeNull()
    expect(result!.code).toBe(130)
    expect(result!.stderr).toMatch(/import stopped while reading \S*in\.jsonl, before it wrote anything/u)
  })

  it('lets another program write the corpus meanwhile, and then imports all of it', { timeout: 90_000 }, async () => {
    const corpus = join(scratch(), 'c.marginalia')
    expect((await marginalia(['import', '--quiet', corpus, writeArticles(join(scratch(), 'first.jsonl'), 5)])).code).toBe(0)
    const { ending, rest, temporary } = importStillComing(corpus, 1_000)
    await sleep(1_500)
    const other = await within(marginalia(['import', '--quiet', corpus, writeArticles(join(scratch(), 'other.jsonl'), 3, { prefix: 'other' })]), 20_000)
    rest()
    expect(other, 'the other import was still waiting for the corpus after 20 s').not.toBeNull()
    expect(other!.code, other!.stderr).toBe(0)
    const piped = await within(ending, 60_000)
    expect(piped?.code, piped?.stderr).toBe(0)
    expect(committedDocuments(corpus)).toBe(5 + 3 + 2_000)
    expect(readdirSync(temporary)).toEqual([])
  })

  it('reads standard input that is a socket (as a Node program starting it gives), not only a pipe or a file', { timeout: 60_000 }, async () => {
    const corpus = join(scratch(), 'c.marginalia')
    const { ending, rest } = importStillComing(corpus, 1_000, 'socket')
    rest()
    const result = await within(ending, 50_000)
    expect(result?.code, result?.stderr).toBe(0)
    expect(committedDocuments(corpus)).toBe(2_000)
  })
})
