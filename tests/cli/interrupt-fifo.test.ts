/**
 * Ctrl+C while `export -o FIFO` waits on its output: a reader that opened the FIFO and stopped reading, or no
 * reader at all. The command must end at once, with exit code 130 and its one line, not when (if ever) the
 * reader moves. Deadlines here only tell a hang from an answer; they are far above what an answer takes.
 */
import { execFileSync, spawn } from 'node:child_process'
import { join } from 'node:path'
import { onTestFinished } from 'vitest'
import { describe, expect, it } from 'vitest'
import { scratch } from '../helpers'
import { finished, hasStackTrace, marginalia, start, writeArticles, type Finished } from './process'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** How the process ends, or null if it has not within `ms`. */
async function within(ending: Promise<Finished>, ms: number): Promise<Finished | null> {
  return Promise.race([ending, sleep(ms).then(() => null)])
}

describe('Ctrl+C during an export into a FIFO', () => {
  /** A corpus whose export is far more than a pipe holds. */
  async function bigCorpus(): Promise<string> {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    expect((await marginalia(['import', '--quiet', corpus, writeArticles(join(folder, 'in.jsonl'), 2_000)])).code).toBe(0)
    return corpus
  }

  for (const reader of ['a reader that stopped reading', 'no reader at all']) {
    it(`${reader}: ends with 130 and one line`, { timeout: 60_000 }, async () => {
      const source = await bigCorpus()
      const fifo = join(scratch(), 'out')
      execFileSync('mkfifo', [fifo])
      if (reader === 'a reader that stopped reading') {
        const stuck = spawn('sh', ['-c', 'exec 3< "$0"; sleep 60', fifo], { stdio: 'ignore' })
        onTestFinished(() => void stuck.kill('SIGKILL'))
      }
      const exporting = start(['export', source, '-o', fifo])
      const ending = finished(exporting)
      await sleep(1_500) // the export is waiting on the FIFO by now
      expect(exporting.exitCode).toBeNull()
      exporting.kill('SIGINT')
      const result = await within(ending, 15_000)
      if (result === null) exporting.kill('SIGKILL')
      expect(result, 'still running after Ctrl+C').not.toBeNull()
      expect(result!.code).toBe(130)
      expect(hasStackTrace(result!.stderr)).toBe(false)
      expect(result!.stderr.trim()).toBe('export stopped; no output file was changed')
    })
  }
})
