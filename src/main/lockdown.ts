/**
 * What the desktop app forbids its web contents: navigating away from the app's page, opening windows
 * (web links go to the system browser instead), attaching webviews, and every permission request; and the
 * Content-Security-Policy header on every response. Electron's objects are passed in, so tests hand in
 * stand-ins and call the very handlers the app registers.
 */
import type { App, HandlerDetails, Session, Shell, WebContents } from 'electron'
import { CONTENT_SECURITY_POLICY } from '../shared/security'

/** The parts of Electron that `lockDown` registers its handlers on. */
export interface LockdownTargets {
  app: Pick<App, 'on'>
  session: {
    setPermissionRequestHandler: Session['setPermissionRequestHandler']
    setPermissionCheckHandler: Session['setPermissionCheckHandler']
    webRequest: Pick<Session['webRequest'], 'onHeadersReceived'>
  }
  shell: Pick<Shell, 'openExternal'>
}

/** What the window-open handler answers: always deny; web links open in the system browser. */
export function denyWindowOpen(shell: Pick<Shell, 'openExternal'>) {
  return ({ url }: Pick<HandlerDetails, 'url'>): { action: 'deny' } => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url)
    return { action: 'deny' }
  }
}

/** Registers the lockdown on every web contents the app creates, and on the default session. */
export function lockDown(targets: LockdownTargets, isAppUrl: (url: string) => boolean): void {
  targets.app.on('web-contents-created', (_event: unknown, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault()
    })
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.setWindowOpenHandler(denyWindowOpen(targets.shell))
  })
  targets.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  targets.session.setPermissionCheckHandler(() => false)
  targets.session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } })
  })
}
