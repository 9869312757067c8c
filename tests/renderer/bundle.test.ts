/**
 * The page's script, as built into `out/renderer` (`npm test` builds first): it calls the contract's
 * operations but does not carry the contract's schemas or zod (the process that answers validates), which
 * would be most of a fifth of what a first visit parses and compiles before it can ask for anything. The
 * script the page starts with is small and without the editor (loaded apart, `src/renderer/main.ts`), so that
 * its questions to the corpus leave before the editor's code is compiled.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const renderer = join(__dirname, '..', '..', 'out', 'renderer')
const assets = join(renderer, 'assets')

describe("the page's script", () => {
  it('is built, and does not contain zod', () => {
    const scripts = readdirSync(assets).filter((file) => file.endsWith('.js'))
    expect(scripts.length, `no script in ${assets}: run npm run build first`).toBeGreaterThan(0)
    for (const script of scripts) {
      const code = readFileSync(join(assets, script), 'utf8')
      expect(code).not.toMatch(/\$ZodType|ZodError/)
    }
  })

  it('starts with a small script that does not carry the editor, and loads the editor apart', () => {
    const page = readFileSync(join(renderer, 'index.html'), 'utf8')
    const entries = [...page.matchAll(/<script[^>]+src="\.\/assets\/([^"]+\.js)"/g)].map((match) => match[1])
    expect(entries).toHaveLength(1)
    const entry = readFileSync(join(assets, entries[0]), 'utf8')
    expect(entry.length).toBeLessThan(30_000)
    expect(entry).not.toMatch(/ProseMirror/)
    const loaded = [...entry.matchAll(/import\(["'`]\.\/([^"'`]+\.js)["'`]\)|["'`](?:\.\/)?(?:assets\/)?([\w-]+\.js)["'`]/g)].map((match) => match[1] ?? match[2])
    const editor = loaded.find((file) => file !== entries[0] && readFileSync(join(assets, file.replace(/^assets\//, '')), 'utf8').includes('ProseMirror'))
    expect(editor, `the first script (${entries[0]}) names no script with the editor: ${loaded.join(', ')}`).toBeDefined()
  })
})
