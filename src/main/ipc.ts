/**
 * Registers every operation of the API contract as an IPC handler. Each handler answers only the app's own
 * window showing the app's own page, validates its argument (in `dispatch`), and works on the corpus open now.
 */
import { ipcMain } from 'electron'
import { channelOf, OPERATION_NAMES, type Outcome } from '../shared/api'
import { dispatch } from '../core/operations/dispatch'
import { senderRefusal, type IpcContext } from './sender-check'

/** Registers the handlers; returns a function that removes them. */
export function registerIpc(context: IpcContext): () => void {
  for (const name of OPERATION_NAMES) {
    ipcMain.handle(channelOf(name), (event, args: unknown): Outcome<unknown> => {
      const refused = senderRefusal(event, context)
      if (refused !== null) return { ok: false, error: { kind: 'invalid', message: refused } }
      const handlers = context.handlers()
      if (handlers === null) return { ok: false, error: { kind: 'file', message: 'no corpus is open: use File › New Corpus… or Open Corpus…' } }
      return dispatch(handlers, name, args)
    })
  }
  return () => {
    for (const name of OPERATION_NAMES) ipcMain.removeHandler(channelOf(name))
  }
}
