/**
 * The real main process (src/main/index.ts) run against a stand-in Electron that records what it is asked to
 * do: the scheme it registers and serves, the page the window loads, the window's preferences, the exact-origin
 * check its lockdown and IPC use, and the corpus a second launch or a Finder double-click opens. Its SQLite is
 * the Node build of better-sqlite3, since this runs in Node.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { APP_ENTRY_URL, APP_SCHEME_PRIVILEGES } from '../../src/main/app-protocol'
import { secureWebPreferences } from '../../src/main/window-options'
import { channelOf } from '../../src/shared/api'

type Handler = (...args: unknown[]) => unknown

/** Everything the main process asked of the stand-in Electron, in the order it asked. */
const asked = {
  calls: [] as string[],
  paths: new Map<string, string>(),
  appHandlers: new Map<string, Handler>(),
  singleInstanceData: undefined as unknown,
  privilegedSchemes: undefined as unknown,
  protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
  ipcHandlers: new Map<string, Handler>(),
  windows: [] as StandInWindow[],
  errors: [] as string[],
}
let ready: () => void = () => {}

class StandInWindow {
  readonly loaded: string[] = []
  readonly titles: string[] = []
  readonly webContents = { reload: () => {}, sendInputEvent: () => {}, on: () => {}, setWindowOpenHandler: () => {} }
  constructor(readonly options: { webPreferences: unknown }) {
    asked.windows.push(this)
  }
  once(): void {}
  on(): void {}
  loadURL(url: string): Promise<void> {
    this.loaded.push(url)
    return Promise.resolve()
  }
  setTitle(title: string): void {
    this.titles.push(title)
  }
  isMinimized(): boolean {
    return false
  }
  focus(): void {}
  getNormalBounds() {
    return { x: 0, y: 0, width: 800, height: 600 }
  }
}

function standInElectron(appData: string) {
  return {
    app: {
      isPackaged: false,
      commandLine: { hasSwitch: () => false },
      getPath: (name: string) => (name === 'appData' ? appData : asked.paths.get(name) ?? join(appData, name)),
      setPath: (name: string, path: string) => {
        asked.calls.push(`setPath ${name}`)
        asked.paths.set(name, path)
      },
      requestSingleInstanceLock: (data: unknown) => {
        asked.calls.push('requestSingleInstanceLock')
        asked.singleInstanceData = data
        return true
      },
      on: (event: string, handler: Handler) => void asked.appHandlers.set(event, handler),
      whenReady: () => new Promise<void>((resolve) => (ready = resolve)),
      isReady: () => asked.calls.includes('ready'),
      quit: () => void asked.calls.push('quit'),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown) => {
        asked.calls.push('registerSchemesAsPrivileged')
        asked.privilegedSchemes = schemes
      },
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => void asked.protocolHandlers.set(scheme, handler),
    },
    session: {
      defaultSession: { setPermissionRequestHandler: () => {}, setPermissionCheckHandler: () => {}, webRequest: { onHeadersReceived: () => {} } },
    },
    shell: { openExternal: async () => {} },
    dialog: { showErrorBox: (title: string, text: string) => void asked.errors.push(`${title}: ${text}`) },
    BrowserWindow: StandInWindow,
    Menu: { buildFromTemplate: (template: unknown) => template, setApplicationMenu: () => {} },
    ipcMain: { handle: (channel: string, handler: Handler) => void asked.ipcHandlers.set(channel, handler), removeHandler: () => {} },
  }
}

const root = join(__dirname, '..', '..')
// Folders that outlive single tests (helpers' scratch() empties itself after each one).
const appData = mkdtempSync(join(tmpdir(), 'marginalia-main-'))
const other = join(appData, 'other corpus.marginalia')

beforeAll(async () => {
  execFileSync(process.execPath, [join(root, 'bin', 'marginalia.cjs'), 'sample', other], { stdio: 'ignore' })
  vi.resetModules()
  vi.doMock('electron', () => standInElectron(appData))
  vi.doMock('../../src/main/native-binding', () => ({
    electronSqliteBinding: () => join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'),
  }))
  try {
    await import('../../src/main/index')
  } finally {
    vi.doUnmock('electron')
    vi.doUnmock('../../src/main/native-binding')
  }
})

afterAll(() => {
  asked.appHandlers.get('window-all-closed')?.() // closes the corpus it opened
  rmSync(appData, { recursive: true, force: true })
})

describe('the main process, before the app is ready', () => {
  it('keeps its data in one folder whatever the app is called, registers its scheme, then takes the single-instance lock', () => {
    expect(asked.paths.get('userData')).toBe(join(appData, 'marginalia'))
    expect(asked.privilegedSchemes).toEqual([APP_SCHEME_PRIVILEGES])
    expect(asked.calls).toEqual(['setPath userData', 'registerSchemesAsPrivileged', 'requestSingleInstanceLock'])
    expect(asked.singleInstanceData).toEqual({ corpus: null }) // this test's argv names no corpus
  })
})

describe('the main process, once ready', () => {
  beforeAll(async () => {
    asked.calls.push('ready')
    ready()
    await vi.waitFor(() => expect(asked.windows[0]?.loaded.length).toBeGreaterThan(0))
  })

  it('loads its page from its own scheme, which serves the built renderer', async () => {
    expect(asked.errors).toEqual([])
    const [window] = asked.windows
    expect(window.loaded).toEqual([APP_ENTRY_URL])
    expect(window.titles[0]).toMatch(/Sample\.marginalia – Marginalia$/) // a first run opens the sample corpus
    const serve = asked.protocolHandlers.get('marginalia')!
    const page = await serve(new Request(APP_ENTRY_URL))
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<title>Marginalia</title>')
  })

  it('gives the window the secure preferences, with the built preload', () => {
    expect(asked.windows[0].options.webPreferences).toEqual(secureWebPreferences(join(root, 'src', 'preload', 'index.js')))
  })

  it('answers IPC from the app\'s origin only, compared exactly', async () => {
    const listDocuments = asked.ipcHandlers.get(channelOf('listDocuments'))!
    const contents = asked.windows[0].webContents
    const from = (url: string) => ({ sender: contents, senderFrame: { url, parent: null } })
    const args = { status: null, annotator: null, afterId: 0, limit: 10 }
    expect(await listDocuments(from('marginalia://app/index.html'), args)).toMatchObject({ ok: true })
    for (const url of ['marginalia://app.evil/index.html', 'marginalia://application/', 'file:///index.html']) {
      expect(await listDocuments(from(url), args), url).toMatchObject({ ok: false, error: { message: 'the call did not come from the Marginalia page' } })
    }
  })

  it('lets the lockdown keep windows on the app\'s origin', () => {
    const prevented: string[] = []
    const navigation = new Map<string, Handler>()
    asked.appHandlers.get('web-contents-created')!({}, { on: (event: string, handler: Handler) => navigation.set(event, handler), setWindowOpenHandler: () => {} })
    for (const url of [APP_ENTRY_URL, 'marginalia://app/assets/x.js', 'marginalia://app.evil/', 'http://localhost:51730/']) {
      navigation.get('will-navigate')!({ preventDefault: () => prevented.push(url) }, url)
    }
    expect(prevented).toEqual(['marginalia://app.evil/', 'http://localhost:51730/'])
  })

  it('opens the corpus a second launch hands over, and the one Finder asks for', () => {
    const [window] = asked.windows
    asked.appHandlers.get('second-instance')!({}, ['marginalia', '--allow-file-access-from-files'], '/', { corpus: other })
    expect(window.titles.at(-1)).toBe(`${other} – Marginalia`)
    expect(window.loaded.at(-1)).toBe(APP_ENTRY_URL)
    let stopped = false
    asked.appHandlers.get('open-file')!({ preventDefault: () => (stopped = true) }, join(appData, 'marginalia', 'Sample.marginalia'))
    expect(stopped).toBe(true)
    expect(window.titles.at(-1)).toBe(`${join(appData, 'marginalia', 'Sample.marginalia')} – Marginalia`)
  })
})
