/** The editor window's web preferences: the renderer gets no Node, runs sandboxed and isolated from the preload. */

/** Web preferences of the editor window (plain data, so tests can check it without Electron). */
export function secureWebPreferences(preload: string) {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  } as const
}
