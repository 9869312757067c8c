#!/usr/bin/env node
// `npm run rebuild:electron`, and the postinstall step: builds better-sqlite3 for the installed Electron's ABI
// (see electron-sqlite.mjs). A failure (no Electron headers reachable, say) is reported and leaves the install
// intact: `npm start` tries again when it needs the module. `--strict` makes a failure exit 1 (`npm run rebuild:electron`, which a
// user or script runs to get the module, and `npm run dist`).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildElectronSqlite, electronSqliteBuilt } from './electron-sqlite.mjs'

const root = join(import.meta.dirname, '..')
const strict = process.argv.includes('--strict')
const say = (text) => process.stderr.write(`marginalia: ${text}\n`)

if (process.env.MARGINALIA_SKIP_ELECTRON_SQLITE && !strict) process.exit(0)
let version
try {
  version = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version
} catch {
  if (strict) say('the electron package is not installed; run npm install')
  process.exit(strict ? 1 : 0)
}
if (electronSqliteBuilt(root, version)) process.exit(0)
say(`building SQLite for Electron ${version} (once; about two minutes)…`)
const failure = buildElectronSqlite(root, version)
if (failure === null) {
  say(`built SQLite for Electron ${version} in native/electron/`)
} else {
  say(`could not build SQLite for Electron ${version} (${failure}); the desktop app needs it, the CLI, tests and browser edition do not. Retry with: npm run rebuild:electron`)
  if (strict) process.exit(1)
}
