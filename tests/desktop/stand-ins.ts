/**
 * Stand-ins for testing `npm start` where Electron cannot be downloaded: a copy of the project whose electron
 * package has no binary (the real node_modules linked in beside it), a local HTTP server to use as
 * ELECTRON_MIRROR, a fake Electron executable that records its arguments, and `npm start` run as a process.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { onTestFinished } from 'vitest'
import { scratch } from '../helpers'

/** The real checkout. */
export const repository = join(__dirname, '..', '..')
/** The Electron version the project depends on. */
export const electronVersion: string = JSON.parse(readFileSync(join(repository, 'node_modules', 'electron', 'package.json'), 'utf8')).version
/** The archive Electron's installer asks a mirror for on this machine. */
export const electronArchive = `electron-v${electronVersion}-${process.platform}-${process.arch}.zip`

/**
 * A copy of the project (its package.json and scripts) in a scratch folder, with `out` and every installed
 * package linked to the real ones, except the electron package, which is copied without its binary. With
 * `electronSqlite`, it also has a (stand-in) Electron build of better-sqlite3, so that `npm start` goes on to
 * launch Electron; `without` leaves packages out of node_modules.
 */
export function projectCopy(options: { electronSqlite?: boolean; without?: string[] } = {}): string {
  const root = scratch()
  cpSync(join(repository, 'package.json'), join(root, 'package.json'))
  cpSync(join(repository, 'scripts'), join(root, 'scripts'), { recursive: true })
  symlinkSync(join(repository, 'out'), join(root, 'out'), 'junction')
  const modules = join(root, 'node_modules')
  mkdirSync(modules)
  for (const name of readdirSync(join(repository, 'node_modules'))) {
    if (name === 'electron' || name === '.bin' || options.without?.includes(name)) continue
    symlinkSync(join(repository, 'node_modules', name), join(modules, name), 'junction')
  }
  const electron = join(repository, 'node_modules', 'electron')
  for (const file of readdirSync(electron)) {
    if (!['dist', 'path.txt', 'node_modules'].includes(file)) cpSync(join(electron, file), join(modules, 'electron', file), { recursive: true })
  }
  if (options.electronSqlite) {
    mkdirSync(join(root, 'native', 'electron'), { recursive: true })
    writeFileSync(join(root, 'native', 'electron', 'better_sqlite3.node'), 'stand-in')
    writeFileSync(join(root, 'native', 'electron', `better_sqlite3.node.${electronVersion}`), 'stand-in')
  }
  return root
}

/** A local HTTP server standing in for Electron's download mirror: it records each path asked for. */
export interface Mirror {
  /** The value for ELECTRON_MIRROR (ends in a slash). */
  url: string
  /** The paths requested, in order. */
  requests: string[]
}

/** Starts a mirror serving `files` (path → content); everything else is 404. Stopped after the test. */
export async function startMirror(files: Record<string, Buffer | string> = {}): Promise<Mirror> {
  const requests: string[] = []
  const server = createServer((request, response) => {
    requests.push(request.url ?? '')
    const file = files[request.url ?? '']
    if (file === undefined) {
      response.writeHead(404).end('not here')
      return
    }
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': Buffer.byteLength(file) }).end(file)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, requests }
}

/** The shell script of a fake Electron that writes its arguments, one a line, to `record`, then exits with `exitCode`. */
export function fakeElectronScript(record: string, exitCode = 0): string {
  return `#!/bin/sh\nprintf '%s\\n' "$@" > '${record}'\nexit ${exitCode}\n`
}

/** A folder holding a fake Electron executable (`electron`), for ELECTRON_OVERRIDE_DIST_PATH. */
export function fakeElectronFolder(exitCode = 0): { folder: string; record: string } {
  const folder = scratch()
  const record = join(folder, 'arguments.txt')
  writeFileSync(join(folder, 'electron'), fakeElectronScript(record, exitCode))
  chmodSync(join(folder, 'electron'), 0o755)
  return { folder, record }
}

/** A zip of `files` (name → content, each executable), made with Python's zipfile (as in CI); null without python3. */
export function zipOf(files: Record<string, string>): Buffer | null {
  const folder = scratch()
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(folder, name), content)
    chmodSync(join(folder, name), 0o755)
  }
  const zip = join(folder, 'archive.zip')
  const made = spawnSync('python3', ['-m', 'zipfile', '-c', zip, ...Object.keys(files)], { cwd: folder })
  return made.status === 0 ? readFileSync(zip) : null
}

/**
 * The stand-in Electron archive a mirror serves: a fake `electron` that records its arguments in `record`, and
 * the `version` file. Python's zipfile module makes it; without python3 the test is skipped, saying why.
 */
export function standInElectronArchive(record: string, test: { skip: () => void }): Buffer | null {
  const archive = zipOf({ electron: fakeElectronScript(record), version: `${electronVersion}\n` })
  if (archive === null) {
    console.warn('[desktop] skipped: python3 is needed to make the stand-in Electron archive')
    test.skip()
  }
  return archive
}

/** An environment for `npm start` without the caller's Electron settings, its download cache in a scratch folder. */
export function startEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const key of Object.keys(env)) {
    if (/^(ELECTRON_|electron_|npm_config_electron_|npm_package_config_electron)/i.test(key)) delete env[key]
  }
  return { ...env, electron_config_cache: scratch(), ELECTRON_GET_NO_PROGRESS: '1', ...extra }
}

/** `npm start` running in a project copy: its output so far, and ways to wait for more or for its end. */
export interface StartRun {
  process: ChildProcess
  stdout(): string
  stderr(): string
  /** Resolves with stdout's first match of `pattern`; rejects if the process ends first. */
  waitForStdout(pattern: RegExp): Promise<RegExpMatchArray>
  /** Resolves with the exit code when the process ends. */
  exited: Promise<number | null>
}

/** Runs `scripts/start.mjs` of `root` with `args`; the process is killed after the test if still running. */
export function runStart(root: string, args: string[], env: NodeJS.ProcessEnv, nodeOptions: string[] = []): StartRun {
  const child = spawn(process.execPath, [...nodeOptions, join(root, 'scripts', 'start.mjs'), ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  const waiters: (() => void)[] = []
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
    for (const wake of waiters) wake()
  })
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  onTestFinished(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      await exited
    }
  })
  return {
    process: child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    waitForStdout: (pattern) =>
      new Promise((resolve, reject) => {
        const check = (): boolean => {
          const match = stdout.match(pattern)
          if (match !== null) resolve(match)
          return match !== null
        }
        if (check()) return
        waiters.push(check)
        void exited.then(() => {
          if (!check()) reject(new Error(`npm start ended before printing ${pattern}; stdout: ${stdout}; stderr: ${stderr}`))
        })
      }),
  }
}
