/** The native menu: File, Edit, View, Help. Its actions are the app's; this file only lays them out. */
import { Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron'

/** What the menu's items do. */
export interface MenuActions {
  newCorpus(): void
  openCorpus(): void
  openRecent(path: string): void
  importDocuments(): void
  exportJsonl(): void
  /** Saves the settled set (curated, else agreed) as JSONL. */
  exportSettled(): void
  saveCopy(): void
  mergeFromCorpus(): void
  closeCorpus(): void
  showKeyboardReference(): void
  recent(): string[]
}

/** Sends a key press to the page, so that menu items and the editor's own keys do the same thing. */
function press(window: BrowserWindow | undefined, keyCode: string, modifiers: ('control' | 'meta' | 'shift')[]): void {
  if (window === undefined) return
  window.webContents.sendInputEvent({ type: 'keyDown', keyCode, modifiers })
  window.webContents.sendInputEvent({ type: 'keyUp', keyCode, modifiers })
}

/** Builds and installs the application menu. */
export function installMenu(actions: MenuActions): void {
  const mod = process.platform === 'darwin' ? 'meta' : 'control'
  const recent = actions.recent()
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'New Corpus…', accelerator: 'CmdOrCtrl+N', click: () => actions.newCorpus() },
        { label: 'Open Corpus…', accelerator: 'CmdOrCtrl+O', click: () => actions.openCorpus() },
        {
          label: 'Open Recent',
          submenu: recent.length === 0 ? [{ label: 'No recent corpora', enabled: false }] : recent.map((path) => ({ label: path, click: () => actions.openRecent(path) })),
        },
        { type: 'separator' },
        { label: 'Import Documents…', accelerator: 'CmdOrCtrl+I', click: () => actions.importDocuments() },
        { label: 'Export JSONL…', accelerator: 'CmdOrCtrl+E', click: () => actions.exportJsonl() },
        { label: 'Export Settled Set…', click: () => actions.exportSettled() },
        { label: 'Save a Copy…', accelerator: 'CmdOrCtrl+Shift+S', click: () => actions.saveCopy() },
        { label: 'Merge from Corpus…', click: () => actions.mergeFromCorpus() },
        { type: 'separator' },
        { label: 'Close Corpus', accelerator: 'CmdOrCtrl+W', click: () => actions.closeCorpus() },
        process.platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: 'Edit',
      submenu: [
        // The editor handles these keys itself; the items show them and send the same key press.
        { label: 'Undo', accelerator: 'CmdOrCtrl+Z', registerAccelerator: false, click: (_i, w) => press(w as BrowserWindow, 'z', [mod]) },
        { label: 'Redo', accelerator: 'CmdOrCtrl+Shift+Z', registerAccelerator: false, click: (_i, w) => press(w as BrowserWindow, 'z', [mod, 'shift']) },
        { type: 'separator' },
        { role: 'copy' },
        { role: 'selectAll' },
      ],
    },
    { label: 'View', submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }] },
    { label: 'Help', submenu: [{ label: 'Keyboard Reference', accelerator: '?', registerAccelerator: false, click: () => actions.showKeyboardReference() }] },
  ]
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}
