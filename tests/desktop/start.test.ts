/**
 * `npm start` where Electron's binary is missing and cannot be downloaded, as on this machine: the download is
 * attempted through Electron's own installer (seen at a local stand-in mirror), its failure is one line, and
 * the browser edition serves the same corpus instead; with a stand-in Electron (downloaded from the stand-in
 * mirror, or named by ELECTRON_OVERRIDE_DIST_PATH), the app's entry is launched with the corpus.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createHash } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { scratch } from '../helpers'
import {
  electronArchive,
  electronVersion,
  fakeElectronFolder,
  projectCopy,
  repository,
  runStart,
  standInElectronArchive,
  startEnvironment,
  startMirror,
} from './stand-ins'

const STACK_TRACE_LINE = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m
const onWindows = process.platform === 'win32'
if (onWindows) console.warn('[desktop] skipped: the stand-in Electron is a shell script, which Windows cannot run')

/** A real corpus (the sample) at `name` in a new folder; returns the folder and the corpus's absolute path. */
function corpusIn(name: string): { folder: string; corpus: string } {
  const folder = scratch()
  const corpus = join(folder, name)
  execFileSync(process.execPath, [join(repository, 'bin', 'marginalia.cjs'), 'sample', corpus], { stdio: 'ignore' })
  return { folder, corpus }
}

describe.skipIf(onWindows)('npm start without Electron\'s binary', () => {
  it('downloads it with Electron\'s installer from ELECTRON_MIRROR; on failure says why in one line and serves the browser edition on the same corpus', async () => {
    const mirror = await startMirror()
    const { folder, corpus } = corpusIn('news.marginalia')
    const start = runStart(projectCopy(), ['news.marginalia'], startEnvironment({ ELECTRON_MIRROR: mirror.url, INIT_CWD: folder }))

    const [, address] = await start.waitForStdout(/Open (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/)
    expect(mirror.requests).toEqual([`/v${electronVersion}/${electronArchive}`])
    expect(start.stderr()).toContain("downloading it with Electron's installer")
    expect(start.stderr()).toContain(`could not download Electron: HTTPError: Response code 404 (Not Found) for ${mirror.url}v${electronVersion}/${electronArchive}`)
    expect(start.stderr()).toContain('starting the browser edition instead')
    expect(start.stderr()).not.toMatch(STACK_TRACE_LINE)
    expect(start.stdout()).toContain(`Marginalia is serving ${corpus}`)

    const page = await fetch(address)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<title>Marginalia</title>')

    start.process.kill('SIGTERM')
    expect(await start.exited).toBe(0)
    await expect(fetch(address)).rejects.toThrow() // the browser edition stopped with it
  })

  it('with --no-browser-fallback, exits 1 after the reason; ELECTRON_CUSTOM_DIR shapes the download address as Electron documents', async () => {
    const mirror = await startMirror()
    const start = runStart(projectCopy(), ['--no-browser-fallback'], startEnvironment({ ELECTRON_MIRROR: mirror.url, ELECTRON_CUSTOM_DIR: 'custom/{{ version }}' }))
    expect(await start.exited).toBe(1)
    expect(mirror.requests).toEqual([`/custom/${electronVersion}/${electronArchive}`])
    expect(start.stderr()).toMatch(/the desktop app cannot start here: could not download Electron: HTTPError: Response code 404/)
    expect(start.stderr()).toContain('--no-browser-fallback')
    expect(start.stderr()).not.toMatch(STACK_TRACE_LINE)
    expect(start.stdout()).toBe('')
  })

  it('gives the network error\'s cause when the mirror cannot be reached', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve)) // nothing listens there any more
    const start = runStart(projectCopy(), ['--no-browser-fallback'], startEnvironment({ ELECTRON_MIRROR: `http://127.0.0.1:${port}/` }))
    expect(await start.exited).toBe(1)
    expect(start.stderr()).toMatch(/could not download Electron: TypeError: fetch failed \(connect ECONNREFUSED 127\.0\.0\.1:\d+\)/)
    expect(start.stderr()).not.toMatch(STACK_TRACE_LINE)
  })

  it('installs what the mirror serves (checked against its SHASUMS256.txt) and launches it on the app and the corpus', async (test) => {
    const record = join(scratch(), 'arguments.txt')
    const archive = standInElectronArchive(record, test)
    if (archive === null) return
    const shasums = `${createHash('sha256').update(archive).digest('hex')} *${electronArchive}\n`
    const mirror = await startMirror({ [`/v${electronVersion}/${electronArchive}`]: archive, [`/v${electronVersion}/SHASUMS256.txt`]: shasums })
    const root = projectCopy({ electronSqlite: true })
    const { folder, corpus } = corpusIn('field notes.marginalia')
    const env = startEnvironment({ ELECTRON_MIRROR: mirror.url, electron_use_remote_checksums: '1', INIT_CWD: folder })
    const start = runStart(root, ['field notes.marginalia'], env)

    expect(await start.exited).toBe(0)
    expect(start.stderr()).not.toMatch(STACK_TRACE_LINE)
    expect(mirror.requests).toEqual([`/v${electronVersion}/${electronArchive}`, `/v${electronVersion}/SHASUMS256.txt`])
    expect(readFileSync(join(root, 'node_modules', 'electron', 'path.txt'), 'utf8')).toBe('electron')
    expect(readFileSync(record, 'utf8').split('\n').filter(Boolean)).toEqual([root, corpus])
  })

  it('says plainly when this Node is too old for Electron\'s installer, and downloads nothing', async () => {
    const mirror = await startMirror()
    const olderNode = join(scratch(), 'node-20.18.cjs')
    writeFileSync(
      olderNode,
      "Object.defineProperty(process, 'version', { value: 'v20.18.0' })\n" +
        "Object.defineProperty(process.features, 'require_module', { get: () => false })\n",
    )
    const start = runStart(projectCopy(), [], startEnvironment({ ELECTRON_MIRROR: mirror.url }), ['--require', olderNode])
    expect(await start.exited).toBe(1)
    expect(start.stderr()).toContain('Node v20.18.0 is too old to start Marginalia')
    expect(start.stderr()).toContain('Node 22.12 or later')
    expect(mirror.requests).toEqual([])
  })
})

describe.skipIf(onWindows)('npm start with an Electron already on the machine (ELECTRON_OVERRIDE_DIST_PATH)', () => {
  it('launches it on the app\'s entry with the corpus and the other arguments, downloading nothing, and exits with its code', async () => {
    const mirror = await startMirror()
    const electron = fakeElectronFolder(3)
    const root = projectCopy({ electronSqlite: true })
    const { folder, corpus } = corpusIn('some.marginalia')
    const env = startEnvironment({ ELECTRON_OVERRIDE_DIST_PATH: electron.folder, ELECTRON_MIRROR: mirror.url, INIT_CWD: folder })
    const start = runStart(root, ['some.marginalia', '--lang=fr'], env)

    expect(await start.exited).toBe(3)
    expect(readFileSync(electron.record, 'utf8').split('\n').filter(Boolean)).toEqual([root, corpus, '--lang=fr'])
    const entry = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).main
    expect(existsSync(join(root, entry))).toBe(true) // the folder Electron is given runs out/main/index.js
    expect(mirror.requests).toEqual([])
  })

  it('says so when the folder holds no Electron, and falls back like a failed download', async () => {
    const empty = scratch()
    const start = runStart(projectCopy({ electronSqlite: true }), ['--no-browser-fallback'], startEnvironment({ ELECTRON_OVERRIDE_DIST_PATH: empty }))
    expect(await start.exited).toBe(1)
    expect(start.stderr()).toContain(`ELECTRON_OVERRIDE_DIST_PATH is ${empty}, but ${join(empty, 'electron')} does not exist`)
  })

  it('builds SQLite for Electron first when it is missing, and a failure says what to do', async () => {
    const electron = fakeElectronFolder()
    const root = projectCopy({ without: ['better-sqlite3'] })
    const start = runStart(root, ['--no-browser-fallback'], startEnvironment({ ELECTRON_OVERRIDE_DIST_PATH: electron.folder }))
    expect(await start.exited).toBe(1)
    expect(start.stderr()).toContain(`building SQLite for Electron ${electronVersion}`)
    expect(start.stderr()).toMatch(/building SQLite for Electron .* failed \(.*better-sqlite3 is not installed; run npm install\)/)
    expect(start.stderr()).toContain('npm run rebuild:electron')
    expect(existsSync(electron.record)).toBe(false) // the app was not launched without it
  })
})
