/**
 * Preload: exposes exactly the operations of the API contract as `window.marginalia`, each an IPC call on its
 * own channel. The renderer gets no `ipcRenderer`, no generic send, and nothing else of Node or Electron.
 */
import { contextBridge, ipcRenderer } from 'electron'
import { channelOf, perOperation, type MarginaliaBridge } from '../shared/api'

const bridge = perOperation<MarginaliaBridge>((name) => (args: unknown) => ipcRenderer.invoke(channelOf(name), args))

contextBridge.exposeInMainWorld('marginalia', bridge)
