/**
 * Registers every operation of the API contract as an IPC handler. Each handler answers only the app's own
 * window showing the app's own page, validates its argument (in `dispatch`), and works on the corpus open now.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron'
import { channelOf, OPERATION_NAMES, type Outcome } from '../shared/api'
import { dispatch } from './api/dispatch'
import type { Handlers } from './api/handlers'

/** What the IPC layer needs to know about the app. */
export interface IpcContext {
  /** The handlers of the corpus open now, or null when none is. */
  handlers(): Handlers | null
  /** The web contents allowed to call (the main window's). */
  trustedContents(): WebContents | null
  /** True for the URL of the app's own page. */
  isAppUrl(url: string): boolean
}

/** Why a call is refused, or null if its sender is the app's own page in its own window. */
export function senderRefusal(event: IpcMainInvokeEvent, context: IpcContext): string | null {
  if (event.sender !== context.trustedContents()) return 'the call did not come from the Marginalia window'
  const frame = event.senderFrame
  if (frame === null || frame.parent !== null || !context.isAppUrl(frame.url)) return 'the call did not come from the Marginalia page'
  return null
}

/** Registers the handlers; returns a function that removes them. */
export function registerIpc(context: IpcContext): () => void {
  for (const name of OPERATION_NAMES) {
    ipcMain.handle(channelOf(name), (event, args: unknown): Outcome<unknown> => {
      const refused = senderRefusal(event, context)
      if (refused !== null) return { ok: false, error: { kind: 'invalid', message: refused } }
      const handlers = context.handlers()
      if (handlers === null) return { ok: false, error: { kind: 'storage', message: 'no corpus is open' } }
      return dispatch(handlers, name, args)
    })
  }
  return () => {
    for (const name of OPERATION_NAMES) ipcMain.removeHandler(channelOf(name))
  }
}
