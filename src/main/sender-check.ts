/** Who may call the IPC handlers: only the app's own page, in its top frame, in the app's own window. */
import type { IpcMainInvokeEvent, WebContents } from 'electron'
import type { Handlers } from '../core/operations/handlers'

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
export function senderRefusal(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>, context: IpcContext): string | null {
  if (event.sender !== context.trustedContents()) return 'the call did not come from the Marginalia window'
  const frame = event.senderFrame
  if (frame === null || frame.parent !== null || !context.isAppUrl(frame.url)) return 'the call did not come from the Marginalia page'
  return null
}

