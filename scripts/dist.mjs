#!/usr/bin/env node
// `npm run dist [-- ELECTRON-BUILDER OPTIONS]`: this platform's installers in dist/ (AppImage and deb on Linux,
// dmg on macOS, NSIS on Windows), configured by electron-builder.yml. Builds the app, makes sure better-sqlite3
// is built for Electron (it is shipped unpacked beside the ASAR archive), then runs electron-builder, which
// downloads Electron for the target (honouring ELECTRON_MIRROR) and flips the fuses after packing.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { buildElectronSqlite, electronSqliteBuilt } from './electron-sqlite.mjs'

const root = join(import.meta.dirname, '..')
const say = (line) => process.stderr.write(`marginalia dist: ${line}\n`)
const args = process.argv.slice(2)

/** Runs a command in the foreground; stops with its exit code if it fails. */
function run(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' })
  if (result.status !== 0) {
    say(`${[command, ...commandArgs].join(' ')} failed${result.error ? ` (${result.error.message})` : ''}`)
    process.exit(result.status ?? 1)
  }
}

/** The options naming another platform or architecture than this machine's, which this build cannot serve. */
function foreignTargets(options) {
  const platforms = { '--linux': 'linux', '-l': 'linux', '--mac': 'darwin', '-m': 'darwin', '--macos': 'darwin', '--win': 'win32', '-w': 'win32', '--windows': 'win32' }
  const arches = { '--x64': 'x64', '--arm64': 'arm64', '--ia32': 'ia32', '--armv7l': 'arm', '--universal': 'universal' }
  return options.filter((option) => (platforms[option] ?? process.platform) !== process.platform || (arches[option] ?? process.arch) !== process.arch)
}

const foreign = foreignTargets(args)
if (foreign.length > 0) {
  say(`${foreign.join(' ')}: build each platform's installers on that platform and architecture; the SQLite module shipped is built for this one (${process.platform}-${process.arch}).`)
  process.exit(1)
}
const [major, minor] = process.versions.node.split('.').map(Number)
if (major < 22 || (major === 22 && minor < 12)) {
  say(`electron-builder's dependencies (@electron/rebuild, node-abi) need Node 22.12 or later; this is Node ${process.versions.node}.`)
  process.exit(1)
}
const npm = process.env.npm_execpath
run(npm ? process.execPath : 'npm', [...(npm ? [npm] : []), 'run', 'build'])
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version
if (!electronSqliteBuilt(root, electronVersion)) {
  say(`building SQLite for Electron ${electronVersion}…`)
  const failure = buildElectronSqlite(root, electronVersion)
  if (failure !== null) {
    say(`could not build SQLite for Electron ${electronVersion} (${failure}); the installers need it. Fix that and run npm run dist again.`)
    process.exit(1)
  }
}
const builder = createRequire(join(root, 'package.json')).resolve('electron-builder/cli.js')
run(process.execPath, [builder, '--publish', 'never', ...args])
