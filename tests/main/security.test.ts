import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { channelOf, OPERATION_NAMES } from '../../src/shared/api'
import { CONTENT_SECURITY_POLICY } from '../../src/shared/security'
import { lockDown, type LockdownTargets } from '../../src/main/lockdown'
import { secureWebPreferences } from '../../src/main/window-options'

describe('security settings of the desktop app', () => {
  it('gives the renderer no Node, a sandbox and context isolation', () => {
    expect(secureWebPreferences('/p.js')).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
    })
  })

  it('has a strict Content-Security-Policy: own scripts only, nothing inline, nothing framed', () => {
    const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]))
    expect(directives['default-src']).toBe("'none'")
    expect(directives['script-src']).toBe("'self'")
    expect(directives['style-src']).toBe("'self'")
    expect(directives['frame-ancestors']).toBe("'none'")
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)/)
  })

  it('puts that policy into the built page', () => {
    const html = readFileSync(join(__dirname, '..', '..', 'out', 'renderer', 'index.html'), 'utf8')
    expect(html).toContain(`content="${CONTENT_SECURITY_POLICY.replace("; frame-ancestors 'none'", '')}"`)
  })
})

describe('the preload', () => {
  it('exposes exactly the contract operations as window.marginalia, each an IPC call on its own channel, and no ipcRenderer', async () => {
    const exposed = new Map<string, unknown>()
    const invoke = vi.fn(async (channel: string, args: unknown) => ({ ok: true, value: { channel, args } }))
    vi.doMock('electron', () => ({
      contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
      ipcRenderer: { invoke, send: vi.fn(), on: vi.fn() },
    }))
    try {
      await import('../../src/preload/index')
    } finally {
      vi.doUnmock('electron')
    }
    expect([...exposed.keys()]).toEqual(['marginalia'])
    const bridge = exposed.get('marginalia') as Record<string, (args: unknown) => Promise<unknown>>
    expect(Object.keys(bridge).sort()).toEqual([...OPERATION_NAMES].sort())
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function')
    await expect(bridge.addSpan({ documentId: 1 })).resolves.toEqual({ ok: true, value: { channel: channelOf('addSpan'), args: { documentId: 1 } } })
    expect(invoke).toHaveBeenCalledTimes(1)
  })
})

/** Stand-ins for Electron's app, session and shell that record what `lockDown` registers. */
function lockedDown(isAppUrl: (url: string) => boolean) {
  const appHandlers = new Map<string, (...args: unknown[]) => void>()
  const session = {
    permissionRequest: undefined as undefined | ((...args: unknown[]) => void),
    permissionCheck: undefined as undefined | ((...args: unknown[]) => boolean),
    headers: undefined as undefined | ((details: unknown, callback: (response: unknown) => void) => void),
  }
  const opened: string[] = []
  const targets = {
    app: { on: (event: string, handler: (...args: unknown[]) => void) => appHandlers.set(event, handler) },
    session: {
      setPermissionRequestHandler: (handler: (...args: unknown[]) => void) => (session.permissionRequest = handler),
      setPermissionCheckHandler: (handler: (...args: unknown[]) => boolean) => (session.permissionCheck = handler),
      webRequest: { onHeadersReceived: (handler: typeof session.headers) => (session.headers = handler) },
    },
    shell: { openExternal: async (url: string) => void opened.push(url) },
  } as unknown as LockdownTargets
  lockDown(targets, isAppUrl)
  /** A web contents as the app creates it, with the handlers lockDown put on it. */
  const contents = () => {
    const on = new Map<string, (event: { preventDefault(): void }, url?: string) => void>()
    let windowOpen: ((details: { url: string }) => { action: string }) | undefined
    appHandlers.get('web-contents-created')!({}, {
      on: (event: string, handler: (event: { preventDefault(): void }, url?: string) => void) => on.set(event, handler),
      setWindowOpenHandler: (handler: typeof windowOpen) => (windowOpen = handler),
    })
    const prevented = (event: string, url?: string): boolean => {
      let stopped = false
      on.get(event)!({ preventDefault: () => (stopped = true) }, url)
      return stopped
    }
    return { prevented, windowOpen: windowOpen! }
  }
  return { session, contents, opened }
}

describe('the desktop app lockdown', () => {
  const appUrl = 'file:///app/out/renderer/index.html'
  const { session, contents, opened } = lockedDown((url) => url === appUrl)

  it('lets a window navigate only to the app page, and never attach a webview', () => {
    const window = contents()
    expect(window.prevented('will-navigate', appUrl)).toBe(false)
    expect(window.prevented('will-navigate', 'https://example.org/')).toBe(true)
    expect(window.prevented('will-navigate', 'file:///etc/passwd')).toBe(true)
    expect(window.prevented('will-attach-webview')).toBe(true)
  })

  it('denies every new window, sending only web links to the system browser', () => {
    const window = contents()
    expect(window.windowOpen({ url: 'https://example.org/' })).toEqual({ action: 'deny' })
    expect(window.windowOpen({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' })
    expect(window.windowOpen({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' })
    expect(opened).toEqual(['https://example.org/'])
  })

  it('refuses every permission and adds the Content-Security-Policy to every response', () => {
    const granted: boolean[] = []
    session.permissionRequest!({}, 'media', (answer: boolean) => granted.push(answer))
    session.permissionRequest!({}, 'notifications', (answer: boolean) => granted.push(answer))
    expect(granted).toEqual([false, false])
    expect(session.permissionCheck!({}, 'clipboard-read')).toBe(false)
    let response: unknown
    session.headers!({ responseHeaders: { 'X-Other': ['1'] } }, (answer) => (response = answer))
    expect(response).toEqual({ responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } })
  })
})
