/**
 * Making a new corpus, as real processes do it: several at once on the same new name, and a process killed
 * halfway through. Whoever wins, the file that appears is a whole corpus with its label set, and every other
 * process opens that one instead of making its own.
 */
import { existsSync, readdirSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '../../src/core/db/migrations'
import { APPLICATION_ID } from '../../src/core/db/open'
import { scratch } from '../helpers'
import { exportOf, hasStackTrace, marginalia } from './process'

/** 50 small documents, each with a Claim. */
function fiftyDocuments(folder: string): string {
  const lines = Array.from({ length: 50 }, (_, i) => JSON.stringify({ id: `d${i}`, text: `Officials said the summit went well. ${i}`, spans: [{ start: 0, end: 9, label: 'Claim' }] }))
  const path = join(folder, 'c50.jsonl')
  writeFileSync(path, `${lines.join('\n')}\n`)
  return path
}

describe('several processes making the same new corpus at once', () => {
  it('all succeed (or sample says the corpus exists), 25 times over, and the corpus is whole', { timeout: 240_000 }, async () => {
    const folder = scratch()
    const input = fiftyDocuments(folder)
    const failures: string[] = []
    for (let round = 0; round < 25; round++) {
      const corpus = join(folder, `n${round}.marginalia`)
      const results = await Promise.all([
        marginalia(['import', corpus, input]),
        marginalia(['import', corpus, input]),
        marginalia(['import', corpus, input]),
        marginalia(['sample', corpus]),
      ])
      for (const [index, result] of results.entries()) {
        const sampleRefused = index === 3 && result.code === 1 && /already exists/.test(result.stderr)
        if (result.code !== 0 && !sampleRefused) failures.push(`round ${round}, process ${index}: exit ${result.code}: ${result.stderr.trim()}`)
        expect(hasStackTrace(result.stderr), result.stderr).toBe(false)
      }
      const check = await marginalia(['check', corpus])
      if (check.code !== 0) {
        failures.push(`round ${round}: check: ${check.stderr.trim()}`)
        continue
      }
      const documents = exportOf(corpus).length
      const expected = results[3].code === 0 ? 51 : 50
      if (documents !== expected) failures.push(`round ${round}: ${documents} documents, not ${expected}`)
    }
    expect(failures).toEqual([])
  })
})

describe('a process killed while it makes a corpus', () => {
  const points = ['corpus-schema-made', 'corpus-built']
  for (const point of points) {
    for (const start of ['no file', 'an empty file']) {
      it(`killed at ${point}, starting from ${start}: the next import makes the whole corpus`, async () => {
        const folder = scratch()
        const input = fiftyDocuments(folder)
        const corpus = join(folder, 'n.marginalia')
        if (start === 'an empty file') writeFileSync(corpus, '')
        const killed = await marginalia(['import', corpus, input], { env: { ...process.env, MARGINALIA_CRASH_AT: point } })
        const reached = !(start === 'an empty file' && point === 'corpus-built') // an empty file is made a corpus in place
        expect(killed.signal, killed.stderr).toBe(reached ? 'SIGKILL' : null)
        if (existsSync(corpus)) {
          const check = await marginalia(['check', corpus])
          expect(check.stderr).not.toMatch(/no span labels/)
        }
        for (const leftover of readdirSync(folder).filter((name) => name.includes('.making'))) {
          const past = new Date(Date.now() - 120_000)
          utimesSync(join(folder, leftover), past, past) // as if the killed process had died a while ago
        }
        const again = await marginalia(['import', corpus, input])
        expect(again.code, again.stderr).toBe(0)
        expect((await marginalia(['check', corpus])).code).toBe(0)
        expect(exportOf(corpus)).toHaveLength(50)
        expect(readdirSync(folder).sort()).toEqual(['c50.jsonl', 'n.marginalia'])
      })
    }
  }
})

describe('a corpus an older Marginalia left half-made (killed while making it)', () => {
  for (const version of [0, 1, 2]) {
    it(`at schema version ${version} with no labels: check says so, and import completes it`, async () => {
      const folder = scratch()
      const input = fiftyDocuments(folder)
      const corpus = join(folder, 'half.marginalia')
      const db = new Database(corpus)
      db.pragma(`application_id = ${APPLICATION_ID}`)
      migrate(db, version)
      db.close()
      const check = await marginalia(['check', corpus])
      expect(check.code).toBe(1)
      expect(check.stderr).toMatch(/no span labels/)
      const again = await marginalia(['import', corpus, input])
      expect(again.code, again.stderr).toBe(0)
      expect((await marginalia(['check', corpus])).code).toBe(0)
      expect(exportOf(corpus)).toHaveLength(50)
    })
  }
})
