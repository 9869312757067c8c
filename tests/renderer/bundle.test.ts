/**
 * The page's script, as built into `out/renderer` (`npm test` builds first): it calls the contract's
 * operations but does not carry the contract's schemas or zod (the process that answers validates), which
 * would be most of a fifth of what a first visit parses and compiles before it can ask for anything.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const assets = join(__dirname, '..', '..', 'out', 'renderer', 'assets')

describe("the page's script", () => {
  it('is built, and does not contain zod', () => {
    const scripts = readdirSync(assets).filter((file) => file.endsWith('.js'))
    expect(scripts.length, `no script in ${assets}: run npm run build first`).toBeGreaterThan(0)
    for (const script of scripts) {
      const code = readFileSync(join(assets, script), 'utf8')
      expect(code).not.toMatch(/\$ZodType|ZodError/)
    }
  })
})
