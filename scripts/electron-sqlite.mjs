// better-sqlite3 built a second time, for Electron's ABI, into native/electron/better_sqlite3.node, which the
// desktop app's main process loads through better-sqlite3's `nativeBinding` option. Node (tests, CLI, browser
// edition) keeps using the usual build in node_modules.
//
// node-gyp is called directly with the Electron target and npm's `nodedir` setting removed from its
// environment: run through npm with `nodedir` set (as on machines whose npm config sets it), electron-rebuild
// silently targets Node's ABI instead.
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, sep } from 'node:path'

/** Where the Electron build of better-sqlite3 goes in the project at `root`. */
export function electronSqlitePath(root) {
  return join(root, 'native', 'electron', 'better_sqlite3.node')
}

/** True when better-sqlite3 has been built for Electron `version` in the project at `root`. */
export function electronSqliteBuilt(root, version) {
  const target = electronSqlitePath(root)
  return existsSync(target) && existsSync(`${target}.${version}`)
}

/** node-gyp's entry point: the project's own, npm's (when run by npm), or the one bundled with this Node's npm. */
function findNodeGyp(root) {
  const bases = [root]
  if (process.env.npm_execpath) bases.push(dirname(dirname(process.env.npm_execpath)))
  const nodeDir = dirname(process.execPath)
  bases.push(join(nodeDir, '..', 'lib', 'node_modules', 'npm'), join(nodeDir, 'node_modules', 'npm'))
  for (const base of bases) {
    try {
      return createRequire(join(base, 'package.json')).resolve('node-gyp/bin/node-gyp.js')
    } catch {}
  }
  return null
}

/** One line saying why node-gyp failed, from what it printed. */
function nodeGypFailure(result) {
  const stderr = result.stderr ?? ''
  if (/network connectivity/.test(stderr)) {
    const url = [...stderr.matchAll(/^gyp http GET (\S+)/gm)].at(-1)?.[1] ?? 'https://electronjs.org/headers'
    return `could not download Electron's headers from ${url}`
  }
  const noise = /^(stack|System|command|cwd|node -v|node-gyp -v|not ok)\b/
  const errors = stderr
    .split('\n')
    .filter((line) => line.startsWith('gyp ERR!'))
    .map((line) => line.replace(/^gyp ERR!\s*/, '').trim())
    .filter((line) => line !== '' && !noise.test(line))
  return errors.slice(0, 2).join(' | ') || result.error?.message || `node-gyp exited with ${result.status}`
}

/**
 * Builds better-sqlite3 for Electron `version` (about two minutes; needs a C++ toolchain, Python 3 and
 * Electron's headers, which node-gyp downloads once). Returns null when it is built, else the reason in one line.
 */
export function buildElectronSqlite(root, version) {
  const source = join(root, 'node_modules', 'better-sqlite3')
  if (!existsSync(source)) return `${source} is not installed; run npm install`
  const gyp = findNodeGyp(root)
  if (gyp === null) return 'node-gyp was not found (it comes with npm); run npm run rebuild:electron'
  const work = mkdtempSync(join(tmpdir(), 'marginalia-electron-sqlite-'))
  try {
    cpSync(source, work, { recursive: true, filter: (path) => !path.includes(`${sep}better-sqlite3${sep}build`) })
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_config_(nodedir|target|runtime|dist_url|disturl)$/i.test(key)))
    const result = spawnSync(
      process.execPath,
      [gyp, 'rebuild', '--release', `--target=${version}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'],
      { cwd: work, env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', timeout: 15 * 60_000 },
    )
    const built = join(work, 'build', 'Release', 'better_sqlite3.node')
    if (result.status !== 0 || !existsSync(built)) return nodeGypFailure(result)
    const target = electronSqlitePath(root)
    mkdirSync(dirname(target), { recursive: true })
    cpSync(built, target)
    cpSync(built, `${target}.${version}`)
    return null
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}
