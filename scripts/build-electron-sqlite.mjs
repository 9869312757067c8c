#!/usr/bin/env node
// Builds better-sqlite3 a second time, for Electron's ABI, into native/electron/better_sqlite3.node, which the
// desktop app's main process loads through better-sqlite3's `nativeBinding` option. Node (tests, CLI, browser
// edition) keeps using the usual build in node_modules. Runs after `npm install`; a failure (no Electron
// headers reachable, say) is reported and leaves the install intact.
//
// node-gyp is called directly with the Electron target and npm's `nodedir` setting removed from its
// environment: run through npm with `nodedir` set, a rebuild silently targets Node's ABI instead.
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

const root = join(import.meta.dirname, '..')
const target = join(root, 'native', 'electron', 'better_sqlite3.node')
const say = (text) => process.stderr.write(`marginalia: ${text}\n`)

function nodeGyp() {
  const npmRoot = process.env.npm_execpath ? dirname(dirname(process.env.npm_execpath)) : null
  for (const base of [root, npmRoot].filter(Boolean)) {
    try {
      return createRequire(join(base, 'package.json')).resolve('node-gyp/bin/node-gyp.js')
    } catch {}
  }
  return null
}

const electronPackage = join(root, 'node_modules', 'electron', 'package.json')
const sqliteSource = join(root, 'node_modules', 'better-sqlite3')
if (process.env.MARGINALIA_SKIP_ELECTRON_SQLITE) process.exit(0)
if (!existsSync(electronPackage) || !existsSync(sqliteSource)) process.exit(0)
const electronVersion = JSON.parse(readFileSync(electronPackage, 'utf8')).version
const stamp = `${target}.${electronVersion}`
if (existsSync(target) && existsSync(stamp)) process.exit(0)

const gyp = nodeGyp()
if (gyp === null) {
  say('node-gyp not found; the desktop app will not find its SQLite module (the CLI, tests and browser edition work)')
  process.exit(0)
}
const work = mkdtempSync(join(tmpdir(), 'marginalia-electron-sqlite-'))
try {
  cpSync(sqliteSource, work, { recursive: true, filter: (path) => !path.includes(`${join('better-sqlite3', 'build')}`) })
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_config_(nodedir|target|runtime|dist_url|disturl)$/i.test(key)))
  const result = spawnSync(
    process.execPath,
    [gyp, 'rebuild', '--release', `--target=${electronVersion}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'],
    { cwd: work, env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', timeout: 15 * 60_000 },
  )
  const built = join(work, 'build', 'Release', 'better_sqlite3.node')
  if (result.status !== 0 || !existsSync(built)) {
    const reason = (result.stderr ?? '').split('\n').filter((line) => /ERR!/.test(line)).slice(0, 3).join(' | ') || `exit ${result.status}`
    say(`could not build SQLite for Electron ${electronVersion} (${reason}); the desktop app needs it, the CLI, tests and browser edition do not. Retry with: npm run rebuild:electron`)
    process.exit(0)
  }
  mkdirSync(dirname(target), { recursive: true })
  cpSync(built, target)
  cpSync(built, stamp)
  say(`built SQLite for Electron ${electronVersion} in native/electron/`)
} finally {
  rmSync(work, { recursive: true, force: true })
}
