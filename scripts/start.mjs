#!/usr/bin/env node
// `npm start [-- CORPUS] [--no-browser-fallback] [ELECTRON OPTIONS…]`: runs the desktop app on CORPUS
// (or on the last corpus, the sample corpus on a first run). Where Electron's binary is missing it downloads it
// with the electron package's own installer, and builds better-sqlite3 for Electron on first start. If either
// cannot be done, it says why in one line and serves the browser edition on the same corpus instead (unless
// --no-browser-fallback, for scripts: then it exits 1).
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { downloadElectron, findElectron } from './electron-binary.mjs'
import { buildElectronSqlite, electronSqliteBuilt } from './electron-sqlite.mjs'
import { nodeTooOld } from './node-support.mjs'
import { parseArguments, UsageError } from './start-arguments.mjs'

const root = join(import.meta.dirname, '..')
const say = (line) => process.stderr.write(`Marginalia: ${line}\n`)
/** `text` ending in one full stop (reasons from elsewhere may bring their own). */
const sentence = (text) => (/[.!?…]$/.test(text) ? text : `${text}.`)
/** An error's message in one line (never its stack). */
const oneLine = (error) => String(error?.message ?? error).split('\n')[0].trim()

/**
 * Runs `command` with this terminal and exits with its exit code. Ctrl+C reaches the child from the terminal
 * itself (so it is not sent twice, which would stop the browser edition before it closes its corpus);
 * termination and hang-up are passed on.
 */
function runInForeground(command, args, env = process.env) {
  const child = spawn(command, args, { stdio: 'inherit', env })
  process.on('SIGINT', () => {})
  for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal))
  child.on('error', (error) => {
    say(`could not run ${command}: ${error.message}`)
    process.exit(1)
  })
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}

/** Says the desktop app cannot start, then serves the browser edition on the same corpus (or exits 1). */
function startBrowserEditionInstead(options) {
  if (!options.browserFallback) {
    say('the desktop app cannot start; not starting the browser edition (--no-browser-fallback).')
    process.exit(1)
  }
  const server = join(root, 'out', 'main', 'serve.js')
  if (!existsSync(server)) {
    say('the browser edition is not built either; run npm run build, then npm start again.')
    process.exit(1)
  }
  say(`starting the browser edition instead, on ${options.corpus ?? 'a copy of the sample corpus'}: the same editor, in your browser.`)
  runInForeground(process.execPath, [server, ...(options.corpus === undefined ? [] : [options.corpus])])
}

/** Electron's binary, downloaded first if it is missing; or `{ failure }`. */
async function electronBinary() {
  const found = findElectron(root)
  if (found.path !== undefined) return found
  if (!found.downloadable) return { failure: found.missing }
  const mirror = process.env.ELECTRON_MIRROR || process.env.npm_config_electron_mirror
  say(`Electron's binary is not installed yet: downloading it with Electron's installer (once, about 100 MB${mirror ? `, from ${mirror}` : ''})…`)
  const started = Date.now()
  const ticker = setInterval(() => say(`still downloading Electron (${Math.round((Date.now() - started) / 1000)} s)…`), 30_000)
  const failure = await downloadElectron(root).finally(() => clearInterval(ticker))
  if (failure !== null) return { failure: `could not download Electron: ${failure}` }
  const installed = findElectron(root)
  return installed.path !== undefined ? installed : { failure: `Electron's installer finished, but ${installed.missing}` }
}

let options
try {
  options = parseArguments(process.argv.slice(2), process.env.INIT_CWD ?? process.cwd())
} catch (error) {
  if (!(error instanceof UsageError)) throw error
  say(error.message)
  process.exit(2)
}
const tooOld = nodeTooOld()
if (tooOld !== null) {
  say(tooOld)
  process.exit(1)
}

let electron
try {
  electron = await electronBinary()
} catch (error) {
  electron = { failure: `could not find or download Electron: ${oneLine(error)}` }
}
if (electron.failure !== undefined) {
  say(sentence(`the desktop app cannot start here: ${electron.failure}`))
  startBrowserEditionInstead(options)
} else if (!electronSqliteBuilt(root, electron.version)) {
  say(`building SQLite for Electron ${electron.version} (once; about two minutes)…`)
  let failure
  try {
    failure = buildElectronSqlite(root, electron.version)
  } catch (error) {
    failure = oneLine(error)
  }
  if (failure === null) {
    say('built SQLite for Electron.')
    launchApp(electron.path)
  } else {
    say(
      `the desktop app cannot open corpora yet: building SQLite for Electron ${electron.version} failed (${failure}). ` +
        'It needs a C++ toolchain, Python 3 and access to electronjs.org (for Electron\'s headers); fix that, then run npm run rebuild:electron.',
    )
    startBrowserEditionInstead(options)
  }
} else {
  launchApp(electron.path)
}

/** Runs the app (this project's folder, whose package.json names out/main/index.js) in Electron. */
function launchApp(binary) {
  if (!existsSync(join(root, 'out', 'main', 'index.js'))) {
    say('the app is not built yet; run npm run build, then npm start again.')
    process.exit(1)
  }
  const env = { ...process.env }
  delete env.ELECTRON_RUN_AS_NODE // set by some editors' terminals; it would run the app as plain Node
  runInForeground(binary, [root, ...options.electronArgs], env)
}
