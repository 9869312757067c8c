import { describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../../src/shared/security'
import { secureWebPreferences } from '../../src/main/window-options'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

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

  it('exposes no ipcRenderer or generic send from the preload, only the contract operations', () => {
    const preload = readFileSync(join(__dirname, '..', '..', 'src', 'preload', 'index.ts'), 'utf8')
    expect(preload).toContain("exposeInMainWorld('marginalia', bridge)")
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer/)
    expect(preload).not.toMatch(/\.send\(/)
  })

  it('denies navigation, new windows and permissions in the main process', () => {
    const main = readFileSync(join(__dirname, '..', '..', 'src', 'main', 'index.ts'), 'utf8')
    expect(main).toMatch(/will-navigate[\s\S]*preventDefault/)
    expect(main).toMatch(/setWindowOpenHandler[\s\S]*action: 'deny'/)
    expect(main).toMatch(/setPermissionRequestHandler\(.*callback\(false\)\)/)
  })
})
