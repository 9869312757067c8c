/**
 * Running the built `marginalia` command (and the browser edition) as real processes, as users and scripts
 * do. `MARGINALIA_BIN` points the tests at another build of the command (for instance an older checkout's,
 * to see a test fail on the code before a fix).
 */
import Database from 'better-sqlite3'
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process'
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseJsonl } from '../helpers'

const root = join(__dirname, '..', '..')

/** The command under test. */
export const BIN = process.env.MARGINALIA_BIN ?? join(root, 'bin', 'marginalia.cjs')

/** The browser edition's entry under test. */
export const SERVE = process.env.MARGINALIA_SERVE ?? join(root, 'out', 'main', 'serve.js')

/** What a finished process printed and how it ended. */
export interface Finished {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** Runs `marginalia ARGS...` and resolves when it ends. */
export function marginalia(args: string[], options: SpawnOptions = {}): Promise<Finished> {
  return finished(start(args, options))
}

/** A started process, with what it printed and a promise of how it ends (taken from its start, so never missed). */
type Started = ChildProcess & { ending: Promise<Finished> }

/** Starts `marginalia ARGS...` and returns the process (its output is collected for `finished`). */
export function start(args: string[], options: SpawnOptions = {}): ChildProcess {
  return startProgram(process.execPath, [BIN, ...args], options)
}

/** Starts `program ARGS...` (a shell that runs the command, say) as `start` does. */
export function startProgram(program: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options }) as Started
  const output = { stdout: '', stderr: '' }
  child.stdout?.on('data', (data: Buffer) => (output.stdout += data.toString('utf8')))
  child.stderr?.on('data', (data: Buffer) => (output.stderr += data.toString('utf8')))
  child.ending = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, ...output })))
  return child
}

/** Resolves when `child` (made by `start`) ends, even if it already has. */
export function finished(child: ChildProcess): Promise<Finished> {
  return (child as Started).ending
}

/** True if the text holds a JavaScript stack trace. */
export function hasStackTrace(text: string): boolean {
  return /\n\s+at .+(:\d+:\d+|\(native\)|<anonymous>)/.test(text) || /node:internal/.test(text)
}

/** Running as root, which ignores file permissions: tests of permissions run their commands as `nobody` instead. */
export const isRoot = process.getuid?.() === 0

/** Spawn options that run a command as a user other than the file's owner (nobody, when running as root). */
export function asOtherUser(): SpawnOptions {
  return isRoot ? { uid: 65534, gid: 65534 } : {}
}

/** Lets every user into `folder` (a scratch folder is private by default). */
export function openToAll(folder: string): void {
  chmodSync(folder, 0o755)
}

/** Writes `count` generated news-like records as JSONL, each with a few spans; returns the path. */
export function writeArticles(path: string, count: number, options: { prefix?: string; spans?: number } = {}): string {
  const { prefix = 'doc', spans = 3 } = options
  const sentence = 'Officials said the summit in Vladivostok went well, and that sanctions relief was discussed. 😀 '
  const lines: string[] = []
  for (let i = 0; i < count; i++) {
    const text = `${prefix} ${i}: ${sentence.repeat(8)}`
    const record = {
      id: `${prefix}-${i}`,
      text,
      spans: Array.from({ length: spans }, (_, s) => ({ start: s * 30, end: s * 30 + 9, label: 'Claim' })),
    }
    lines.push(JSON.stringify(record))
  }
  writeFileSync(path, `${lines.join('\n')}\n`)
  return path
}

/** The corpus's export, parsed (run through the command under test). */
export function exportOf(corpus: string): Record<string, unknown>[] {
  const result = spawnSync(process.execPath, [BIN, 'export', corpus], { encoding: 'utf8', maxBuffer: 1 << 30, timeout: 60_000 })
  if (result.status !== 0) throw new Error(`export failed: ${result.stderr}`)
  return parseJsonl(result.stdout)
}

/** A running browser edition: its address, token and process. */
export interface Serving {
  port: number
  token: string
  process: ChildProcess
  /** Calls an operation of the contract and resolves to its Outcome. */
  call(name: string, args: unknown): Promise<{ ok: boolean; value?: unknown; error?: { kind: string; message: string } }>
  stop(): Promise<void>
}

/** Starts the browser edition on `corpus` and resolves once it listens. */
export async function serve(corpus: string, extra: string[] = [], options: SpawnOptions = {}): Promise<Serving> {
  // A name set in a test's page is remembered in a folder of its own, never in the user's configuration.
  const env = { ...process.env, XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'marginalia-config-')), ...options.env }
  const child = spawn(process.execPath, [SERVE, corpus, '--json', ...extra], { stdio: ['ignore', 'pipe', 'pipe'], ...options, env })
  let errors = ''
  child.stderr?.on('data', (data: Buffer) => (errors += data.toString('utf8')))
  const line = await new Promise<string>((resolve, reject) => {
    let buffered = ''
    child.stdout?.on('data', (data: Buffer) => {
      buffered += data.toString('utf8')
      if (buffered.includes('\n')) resolve(buffered.split('\n')[0])
    })
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${errors}`)))
  })
  const url = new URL((JSON.parse(line) as { url: string }).url)
  const port = Number(url.port)
  const token = url.searchParams.get('token')!
  return {
    port,
    token,
    process: child,
    call: async (name, args) => {
      const response = await fetch(`http://127.0.0.1:${port}/api/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-marginalia-token': token },
        body: JSON.stringify(args),
      })
      if (!response.ok) return { ok: false, error: { kind: 'http', message: `${response.status} ${await response.text()}` } }
      return (await response.json()) as { ok: boolean; value?: unknown; error?: { kind: string; message: string } }
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

/**
 * Documents committed so far, read in this process (a few milliseconds, where `stats` takes a process start:
 * an import can finish between two of those). 0 while the file cannot be read yet.
 */
export function committedDocuments(corpus: string): number {
  let db: Database.Database | undefined
  try {
    db = new Database(corpus, { readonly: true, fileMustExist: true, timeout: 0 })
    return (db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n
  } catch {
    return 0
  } finally {
    db?.close()
  }
}
