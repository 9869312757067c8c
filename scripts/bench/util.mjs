/** What the bench's parts share: progress lines, percentiles, and the processes it starts (timed, and all stopped at the end). */
import { spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'

export const root = join(import.meta.dirname, '..', '..')
export const paths = {
  cli: join(root, 'bin', 'marginalia.cjs'),
  cliBundle: join(root, 'out', 'main', 'cli.js'),
  serve: join(root, 'out', 'main', 'serve.js'),
  renderer: join(root, 'out', 'renderer', 'index.html'),
  raw: join(import.meta.dirname, 'raw.mjs'),
  usage: join(import.meta.dirname, 'usage.cjs'),
}

const started = performance.now()

/** A progress line on stderr, with the time since the bench started. */
export function log(message) {
  const seconds = ((performance.now() - started) / 1000).toFixed(0).padStart(4)
  process.stderr.write(`bench ${seconds}s  ${message}\n`)
}

/** The `p`th percentile (0–100) of `values`, by nearest rank. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]
}

/** p50, p95, p99 and max of `values`, with how many there were. */
export function summary(values) {
  return { n: values.length, p50: percentile(values, 50), p95: percentile(values, 95), p99: percentile(values, 99), max: Math.max(...values) }
}

/** Every process started and not yet ended, to stop them all if the bench stops early. */
const running = new Set()

function track(child) {
  running.add(child)
  child.once('exit', () => running.delete(child))
  return child
}

/** Stops every process the bench started that is still running. */
export function stopAll() {
  for (const child of running) child.kill('SIGKILL')
}

/**
 * Runs `node --require usage.cjs ARGS...` and resolves with its wall time, peak RSS and CPU time (as the process
 * itself reports them when it exits) and its stdout; rejects with its stderr if it fails. The machine's dirty
 * pages are written out first (`sync`, not timed): once too much is waiting to be written, Linux makes a process
 * that writes wait for the writeback and do part of it, so a run would pay for the files of the one before (a
 * second import right after the first took a third more CPU than it).
 */
export function timedNode(args, options = {}) {
  spawnSync('sync')
  return new Promise((resolve, reject) => {
    const begin = performance.now()
    const child = track(spawn(process.execPath, ['--require', paths.usage, ...args], { stdio: ['ignore', 'pipe', 'pipe'], ...options }))
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      const seconds = (performance.now() - begin) / 1000
      const line = stderr.split('\n').find((l) => l.startsWith('@usage '))
      if (code !== 0 || line === undefined) {
        reject(new Error(`node ${args.join(' ')} failed (${signal ?? `exit ${code}`}): ${stderr.replace(/@usage .*\n?/, '').trim().split('\n').slice(-3).join(' / ')}`))
        return
      }
      resolve({ seconds, ...JSON.parse(line.slice('@usage '.length)), stdout })
    })
  })
}

/** Starts the browser edition on `corpus`; resolves once it prints its address, with the time that took. */
export function startServer(corpus) {
  return new Promise((resolve, reject) => {
    const begin = performance.now()
    const child = track(
      spawn(process.execPath, [paths.serve, corpus, '--json'], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, MARGINALIA_ANNOTATOR: 'bench' },
      }),
    )
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.once('exit', (code) => reject(new Error(`the browser edition exited (${code}) before printing its address: ${stderr.trim()}`)))
    createInterface({ input: child.stdout }).once('line', (line) => {
      const { url } = JSON.parse(line)
      const parsed = new URL(url)
      resolve({
        url,
        origin: parsed.origin,
        token: parsed.searchParams.get('token'),
        startMs: performance.now() - begin,
        began: begin,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done()
            child.once('exit', done)
            child.kill('SIGTERM')
          }),
      })
    })
  })
}

/** Calls operation `name` of the browser edition's HTTP API; resolves with its value, or rejects with its error. */
export async function call(server, name, args = {}) {
  const response = await fetch(`${server.origin}/api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-marginalia-token': server.token },
    body: JSON.stringify(args),
  })
  const outcome = await response.json()
  if (!outcome.ok) throw new Error(`${name} failed: ${outcome.error.message}`)
  return outcome.value
}

/**
 * Opens the browser edition's API socket (as its page does: the token as a subprotocol); resolves with
 * `call(name, args)`, which resolves with the value or rejects with the error, and `close()`.
 */
export async function openApiSocket(server) {
  const { default: WebSocket } = await import('ws')
  const socket = new WebSocket(`${server.origin.replace('http', 'ws')}/api/socket`, ['marginalia-api', `marginalia-token.${server.token}`], { headers: { origin: server.origin } })
  await new Promise((resolve, reject) => {
    socket.once('open', resolve)
    socket.once('error', reject)
  })
  const waiting = new Map()
  let nextId = 1
  socket.on('message', (data) => {
    const { id, outcome } = JSON.parse(String(data))
    const settle = waiting.get(id)
    waiting.delete(id)
    settle?.(outcome)
  })
  return {
    call: (name, args = {}) =>
      new Promise((resolve, reject) => {
        const id = nextId++
        waiting.set(id, (outcome) => (outcome.ok ? resolve(outcome.value) : reject(new Error(`${name} failed: ${outcome.error.message}`))))
        socket.send(JSON.stringify({ id, name, args }))
      }),
    close: () => socket.close(),
  }
}

/** Calls `fn` and resolves with how many milliseconds it took, and its result. */
export async function timed(fn) {
  const begin = performance.now()
  const value = await fn()
  return { ms: performance.now() - begin, value }
}
