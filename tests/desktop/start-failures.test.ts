/**
 * `npm start` where something goes wrong on the way to the desktop app: a mirror that stops sending, an archive
 * that fails its checksum, better-sqlite3 linked in from elsewhere (pnpm-style), a build step that throws,
 * and a corpus argument that is not named `.marginalia`. Each failure is one line, then the browser edition.
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { scratch } from '../helpers'
import { electronArchive, fakeElectronFolder, projectCopy, repository, runStart, standInElectronArchive, startEnvironment, startMirror } from './stand-ins'

const STACK_TRACE_LINE = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m
const onWindows = process.platform === 'win32'

/** A local server whose requests are answered by `handle`; closed after the test. */
async function serverOf(handle: Parameters<typeof createServer>[1]): Promise<string> {
  const server: Server = createServer(handle)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  onTestFinished(() => {
    server.closeAllConnections()
    return new Promise<void>((resolve) => server.close(() => resolve()))
  })
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
}

/** The sample corpus at `name` in a new folder. */
function corpusIn(name: string): { folder: string; corpus: string } {
  const folder = scratch()
  const corpus = join(folder, name)
  execFileSync(process.execPath, [join(repository, 'bin', 'marginalia.cjs'), 'sample', corpus], { stdio: 'ignore' })
  return { folder, corpus }
}

/** A port where nothing listens (for a proxy that cannot be reached). */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

describe.skipIf(onWindows)('npm start when the download stalls or fails its checksum', () => {
  it('gives up on a mirror that accepts the connection and never answers, in one line, and falls back', async () => {
    const mirror = await serverOf(() => {}) // never answers
    const { folder, corpus } = corpusIn('news.marginalia')
    const env = startEnvironment({ ELECTRON_MIRROR: mirror, MARGINALIA_DOWNLOAD_STALL_SECONDS: '1', INIT_CWD: folder })
    const start = runStart(projectCopy(), ['news.marginalia'], env)
    await start.waitForStdout(/Open http:\/\/127\.0\.0\.1:\d+\/\?token=/)
    expect(start.stderr()).toMatch(/could not download Electron: .*received nothing .* for 1 s/)
    expect(start.stderr()).toContain('starting the browser edition instead')
    expect(start.stderr()).not.toMatch(STACK_TRACE_LINE)
    expect(start.stdout()).toContain(`Marginalia is serving ${corpus}`)
  })

  it('gives up on a mirror that stops sending halfway through the archive', async () => {
    const mirror = await serverOf((_request, response) => {
      response.writeHead(200, { 'content-length': '100000', 'content-type': 'application/zip' })
      response.write(Buffer.alloc(1000))
    })
    const start = runStart(projectCopy(), ['--no-browser-fallback'], startEnvironment({ ELECTRON_MIRROR: mirror, MARGINALIA_DOWNLOAD_STALL_SECONDS: '1' }))
    expect(await start.exited).toBe(1)
    expect(start.stderr()).toMatch(/could not download Electron: .*received nothing .* for 1 s/)
    expect(start.stderr()).not.toMatch(STACK_TRACE_LINE)
  })

  it('waits for a slow mirror that keeps sending, and reports a checksum mismatch with one full stop', async (test) => {
    const record = join(scratch(), 'arguments.txt')
    const archive = standInElectronArchive(record, test)
    if (archive === null) return
    const slowly = (shasum: string) =>
      serverOf(async (request, response) => {
        if (request.url?.endsWith('SHASUMS256.txt')) return response.end(`${shasum} *${electronArchive}\n`)
        response.writeHead(200, { 'content-length': String(archive.length) })
        for (let at = 0; at < archive.length; at += Math.ceil(archive.length / 8)) {
          response.write(archive.subarray(at, at + Math.ceil(archive.length / 8)))
          await new Promise((resolve) => setTimeout(resolve, 300)) // 2.4 s in all, never 1 s without a byte
        }
        response.end()
      })
    const good = await slowly(createHash('sha256').update(archive).digest('hex'))
    const env = { MARGINALIA_DOWNLOAD_STALL_SECONDS: '1', electron_use_remote_checksums: '1' }
    const installed = runStart(projectCopy({ electronSqlite: true }), [], startEnvironment({ ...env, ELECTRON_MIRROR: good }))
    expect(await installed.exited, installed.stderr()).toBe(0)
    expect(existsSync(record)).toBe(true)

    const bad = await slowly('0'.repeat(64))
    const refused = runStart(projectCopy({ electronSqlite: true }), ['--no-browser-fallback'], startEnvironment({ ...env, ELECTRON_MIRROR: bad }))
    expect(await refused.exited).toBe(1)
    expect(refused.stderr()).toContain('did not match expected checksum.')
    expect(refused.stderr()).not.toContain('..')
  })
})

describe.skipIf(onWindows)('npm start building SQLite for Electron', () => {
  it('copies a better-sqlite3 that is a symbolic link (pnpm-style) and reports the build\'s failure in one line, then falls back', async () => {
    const electron = fakeElectronFolder()
    const root = projectCopy() // every package in its node_modules is a symbolic link to the real one
    const proxy = `http://127.0.0.1:${await closedPort()}`
    const { folder, corpus } = corpusIn('news.marginalia')
    const env = startEnvironment({ ELECTRON_OVERRIDE_DIST_PATH: electron.folder, INIT_CWD: folder, https_proxy: proxy, HTTPS_PROXY: proxy, npm_config_devdir: scratch() })
    const start = runStart(root, ['news.marginalia'], env)
    await start.waitForStdout(/Open http:\/\/127\.0\.0\.1:\d+\/\?token=/)
    expect(start.stderr()).not.toContain('ERR_FS_CP')
    expect(start.stderr()).toMatch(/^Marginalia: the desktop app cannot open corpora yet: building SQLite for Electron .* failed \(could not download Electron's headers from https:\/\/electronjs\.org\/headers\/\S+ \(Error: .*ECONNREFUSED.*\)\)\..*$/m)
    expect(start.stderr()).toContain('starting the browser edition instead')
    expect(start.stderr()).not.toMatch(STACK_TRACE_LINE)
    expect(start.stdout()).toContain(`Marginalia is serving ${corpus}`)
    expect(existsSync(electron.record)).toBe(false)
  })

  it('reports a step that throws in one line and falls back', async () => {
    const electron = fakeElectronFolder()
    const { folder, corpus } = corpusIn('news.marginalia')
    const env = startEnvironment({ ELECTRON_OVERRIDE_DIST_PATH: electron.folder, INIT_CWD: folder, TMPDIR: join(scratch(), 'no-such-folder') })
    const start = runStart(projectCopy(), ['news.marginalia'], env)
    await start.waitForStdout(/Open http:\/\/127\.0\.0\.1:\d+\/\?token=/)
    expect(start.stderr()).toMatch(/building SQLite for Electron .* failed \(.*no-such-folder.*\)/)
    expect(start.stderr()).not.toMatch(STACK_TRACE_LINE)
    expect(start.stdout()).toContain(`Marginalia is serving ${corpus}`)
  })
})

describe.skipIf(onWindows)('npm start on a corpus not named .marginalia', () => {
  it('serves the file it is given, whatever its name', async () => {
    const mirror = await startMirror()
    const { folder, corpus } = corpusIn('st.db')
    const start = runStart(projectCopy(), ['st.db'], startEnvironment({ ELECTRON_MIRROR: mirror.url, INIT_CWD: folder }))
    await start.waitForStdout(/Open http:\/\/127\.0\.0\.1:\d+\/\?token=/)
    expect(start.stderr()).toContain(`starting the browser edition instead, on ${corpus}`)
    expect(start.stdout()).toContain(`Marginalia is serving ${corpus}`)
  })

  it('hands it to the desktop app, which takes it by --corpus', async () => {
    const electron = fakeElectronFolder()
    const { folder, corpus } = corpusIn('st.db')
    const start = runStart(projectCopy({ electronSqlite: true }), ['st.db'], startEnvironment({ ELECTRON_OVERRIDE_DIST_PATH: electron.folder, INIT_CWD: folder }))
    expect(await start.exited).toBe(0)
    expect(readFileSync(electron.record, 'utf8').split('\n').filter(Boolean).slice(1)).toEqual([`--corpus=${corpus}`])
  })

  it('refuses, in one line and before any download, a file that does not exist or a second corpus', async () => {
    const mirror = await startMirror()
    const folder = scratch()
    writeFileSync(join(folder, 'a.marginalia'), '')
    for (const [args, reason] of [
      [['missing.db'], `no such file: ${join(folder, 'missing.db')}`],
      [['a.marginalia', 'b.marginalia'], 'one corpus at a time'],
      [['--corpus=missing.db'], `no such file: ${join(folder, 'missing.db')}`],
    ] as const) {
      const start = runStart(projectCopy(), [...args], startEnvironment({ ELECTRON_MIRROR: mirror.url, INIT_CWD: folder }))
      expect(await start.exited).toBe(2)
      expect(start.stderr()).toContain(reason)
      expect(start.stderr().trim().split('\n')).toHaveLength(1)
    }
    expect(mirror.requests).toEqual([])
  })

  it('passes a file that is not a corpus on, and the browser edition refuses it in one line', async () => {
    const mirror = await startMirror()
    const folder = scratch()
    writeFileSync(join(folder, 'notes.txt'), 'not a corpus at all, just some notes\n'.repeat(20))
    const start = runStart(projectCopy(), ['notes.txt'], startEnvironment({ ELECTRON_MIRROR: mirror.url, INIT_CWD: folder }))
    expect(await start.exited).toBe(1)
    expect(start.stderr()).toMatch(/marginalia serve: .*notes\.txt.*not a Marginalia corpus/)
    expect(start.stderr()).not.toMatch(STACK_TRACE_LINE)
    expect(start.stdout()).toBe('')
  })
})
