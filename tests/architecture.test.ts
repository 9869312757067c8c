/**
 * The shape of the tree: the corpus core, the contract, the CLI and the browser edition are plain Node code
 * that never loads Electron; only `src/main` (the shell) and `src/preload` do. The renderer reaches the
 * corpus only through the contract.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(__dirname, '..')
const src = join(root, 'src')

/** Every TypeScript file under `folder`. */
function sources(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(folder, file))
}

/** The modules a file imports, requires or re-exports (static and dynamic). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const found: string[] = []
  const pattern = /(?:^|\s)(?:import|export)\s(?:[^'";]*?\sfrom\s)?\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)|\brequire\(\s*['"]([^'"]+)['"]\s*\)/g
  for (const match of text.matchAll(pattern)) found.push(match[1] ?? match[2] ?? match[3])
  return found
}

/** The folder of `src` a relative import lands in (`core`, `main`...), or null for a package. */
function landsIn(file: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null
  return relative(src, resolve(dirname(file), specifier)).split(/[\\/]/)[0]
}

/** Imports in `folders` that break `allowed`, as `file: specifier`. */
function violations(folders: string[], allowed: (specifier: string, target: string | null) => boolean): string[] {
  return folders.flatMap((folder) =>
    sources(join(src, folder)).flatMap((file) =>
      importsOf(file)
        .filter((specifier) => !allowed(specifier, landsIn(file, specifier)))
        .map((specifier) => `${relative(root, file)}: ${specifier}`),
    ),
  )
}

const isElectron = (specifier: string): boolean => specifier === 'electron' || specifier.startsWith('electron/')

describe('the layout of src', () => {
  it('finds imports in the files it reads (so the checks below can fail)', () => {
    expect(importsOf(join(src, 'main', 'ipc.ts'))).toContain('electron')
    expect(importsOf(join(src, 'preload', 'index.ts'))).toContain('electron')
    expect(violations(['main'], (specifier) => !isElectron(specifier)).length).toBeGreaterThan(0)
  })

  it('keeps Electron out of the core, the contract, the CLI and the browser edition, and out of their imports', () => {
    const plainNode = ['core', 'shared', 'cli', 'server']
    expect(violations(plainNode, (specifier, target) => !isElectron(specifier) && (target === null || plainNode.includes(target)))).toEqual([])
  })

  it('keeps the contract free of any process: it imports only zod and itself', () => {
    expect(violations(['shared'], (specifier, target) => specifier === 'zod' || target === 'shared')).toEqual([])
  })

  it('lets the renderer reach the corpus only through the contract', () => {
    expect(violations(['renderer'], (specifier, target) => !isElectron(specifier) && (target === null || ['renderer', 'shared'].includes(target)))).toEqual([])
  })

  it('builds the CLI and the server without a reference to Electron, in them or in the chunks they load', () => {
    for (const bundle of ['cli.js', 'serve.js']) {
      const seen = new Set<string>()
      const visit = (path: string): void => {
        if (seen.has(path)) return
        seen.add(path)
        expect(existsSync(path), `${path} is built by npm run build`).toBe(true)
        const code = readFileSync(path, 'utf8')
        expect(code, path).not.toMatch(/require\(["']electron["']\)/)
        for (const [, chunk] of code.matchAll(/require\(["'](\.[^"']+)["']\)/g)) visit(resolve(dirname(path), chunk))
      }
      visit(join(root, 'out', 'main', bundle))
      expect(seen.size).toBeGreaterThan(1)
    }
  })
})
