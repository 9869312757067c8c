/**
 * Preload: exposes exactly the operations of the API contract as `window.marginalia`, each an IPC call on its
 * own channel. The renderer gets no `ipcRenderer`, no generic send, and nothing else of Node or Electron.
 */
import { contextBridge, ipcRenderer } from 'electron'
import { channelOf, OPERATION_NAMES, type MarginaliaBridge } from '../shared/api'

const bridge = Object.fromEntries(
  OPERATION_NAMES.map((name) => [name, (args: unknown) => ipcRenderer.invoke(channelOf(name), args)]),
) as MarginaliaBridge

contextBridge.exposeInMainWorld('marginalia', bridge)
