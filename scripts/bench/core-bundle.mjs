/**
 * The corpus core (src/core, TypeScript) bundled for the bench to call in-process, as the app's main process
 * and the browser edition's server call it: `openForEditing` and `createHandlers`. Built with Vite from the
 * sources as they are now into out/bench/ (beside the app's build, so that better-sqlite3 resolves from the
 * project's node_modules); takes a second or two.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { root } from './util.mjs'

const ENTRY = `export { openForEditing } from '../../src/core/open-for-editing'
export { createHandlers } from '../../src/core/operations/handlers'
`

/** Builds the core into out/bench/core.mjs and imports it: resolves with `{ openForEditing, createHandlers }`. */
export async function loadCore() {
  const folder = join(root, 'out', 'bench')
  mkdirSync(folder, { recursive: true })
  const entry = join(folder, 'entry.ts')
  writeFileSync(entry, ENTRY)
  const { build } = await import('vite')
  await build({
    configFile: false,
    logLevel: 'warn',
    root,
    build: {
      ssr: entry,
      outDir: folder,
      emptyOutDir: false,
      minify: false,
      rollupOptions: { output: { entryFileNames: 'core.mjs', format: 'es' } },
    },
  })
  return import(pathToFileURL(join(folder, 'core.mjs')).href)
}
