// better-sqlite3 built a second time, for Electron's ABI, into native/electron/better_sqlite3.node, which the
// desktop app's main process loads through better-sqlite3's `nativeBinding` option. Node (tests, CLI, browser
// edition) keeps using the usual build in node_modules.
//
// node-gyp is called directly with the Electron target and npm's `nodedir` setting removed from its
// environment: run through npm with `nodedir` set (as on machines whose npm config sets it), electron-rebuild
// silently targets Node's ABI instead.
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs'
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
  // The error itself is the first line of the stack node-gyp prints ("gyp ERR! stack Error: connect …"), unless that
  // is its boilerplate for a failed download ("This is most likely not a problem with node-gyp…"), which says nothing.
  const first = /^gyp ERR! stack (?!\s*at )(\S.*)$/m.exec(stderr)?.[1].trim()
  const cause = first !== undefined && /most likely not a problem with node-gyp/.test(first) ? undefined : first
  const download = [...stderr.matchAll(/^gyp http GET (\S+)/gm)].at(-1)?.[1]
  if (/network connectivity/.test(stderr) || (download !== undefined && /install got an error/.test(stderr))) {
    return `could not download Electron's headers from ${download ?? 'https://electronjs.org/headers'} (${cause ?? 'no network connection to it, or a proxy in the way'})`
  }
  const noise = /^(stack|System|command|cwd|node -v|node-gyp -v|not ok|\$npm_)\b/
  const errors = stderr
    .split('\n')
    .filter((line) => line.startsWith('gyp ERR!'))
    .map((line) => line.replace(/^gyp ERR!\s*/, '').trim())
    .filter((line) => line !== '' && !noise.test(line))
  const said = [...errors.slice(0, 2), ...(cause ? [cause] : [])].join(' | ')
  return said || result.error?.message || `node-gyp exited with ${result.status}`
}

/**
 * Builds better-sqlite3 for Electron `version` (about two minutes; needs a C++ toolchain, Python 3 and
 * Electron's headers, which node-gyp downloads once). Returns null when it is built, else the reason in one line.
 */
export function buildElectronSqlite(root, version) {
  try {
    return build(root, version)
  } catch (error) {
    return String(error?.message ?? error).split('\n')[0].trim()
  }
}

function build(root, version) {
  const installed = join(root, 'node_modules', 'better-sqlite3')
  if (!existsSync(installed)) return `${installed} is not installed; run npm install`
  // The package's own folder: node_modules/better-sqlite3 may be a symbolic link (pnpm, npm link, a
  // workspace), which cpSync would copy as a link onto the build folder instead of as a folder.
  const source = realpathSync(installed)
  const gyp = findNodeGyp(root)
  if (gyp === null) return 'node-gyp was not found (it comes with npm); run npm run rebuild:electron'
  const work = mkdtempSync(join(tmpdir(), 'marginalia-electron-sqlite-'))
  try {
    const oldBuild = join(source, 'build') // the Node build, not copied
    cpSync(source, work, { recursive: true, filter: (path) => path !== oldBuild && !path.startsWith(`${oldBuild}${sep}`) })
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
