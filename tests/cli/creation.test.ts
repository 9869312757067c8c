/**
 * Making a new corpus, as real processes do it: several at once on the same new name, and a process killed
 * halfway through. Whoever wins, the file that appears is a whole corpus with its label set, and every other
 * process opens that one instead of making its own.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
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
