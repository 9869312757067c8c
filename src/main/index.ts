/**
 * Electron main process: one window on one corpus. A thin shell around the corpus core: it opens corpora,
 * registers the API contract's handlers over IPC, locks the renderer down, and runs long jobs in a worker.
 */
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { app, BrowserWindow, dialog, protocol, session, shell } from 'electron'
import { defaultAnnotator } from '../core/annotator'
import { openForEditing } from '../core/open-for-editing'
import { createHandlers, type Handlers } from '../core/operations/handlers'
import { createSampleCorpus } from '../core/sample'
import { Corpus } from '../core/store/corpus'
import type { CorpusReader } from '../core/store/reader'
import { sameOriginAs } from './app-origin'
import { APP_ENTRY_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, appProtocolHandler } from './app-protocol'
import { corpusArgument, launchRequest, secondLaunchCorpus } from './corpus-argument'
import type { CorpusJob, CorpusJobCommand, CorpusJobMessage } from './corpus-worker'
import { registerIpc } from './ipc'
import { lockDown } from './lockdown'
import { installMenu } from './menu'
import { electronSqliteBinding } from './native-binding'
import { SettingsFile } from './settings'
import { secureWebPreferences } from './window-options'

const appRoot = join(__dirname, '..', '..')
/** electron-vite's dev server in development; a packaged app never takes its page from the environment. */
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL
/** The page the window shows: the built renderer, served on the app's own scheme (see app-protocol.ts). */
const pageUrl = devServerUrl ?? APP_ENTRY_URL
/** True for URLs of the app's own page: exactly its origin. */
const isAppUrl = sameOriginAs(pageUrl)
const nativeBinding = electronSqliteBinding(appRoot)

let window: BrowserWindow | null = null
let corpus: CorpusReader | null = null
let handlers: Handlers | null = null
let settings: SettingsFile
/** A corpus macOS asked to open (a double-click in Finder) before the app was ready. */
let openedBeforeReady: string | undefined

/** Makes a new, empty corpus at `path` (File › New Corpus). */
function createEmptyCorpus(path: string): void {
  Corpus.open(path, { create: true, nativeBinding }).close()
}

function showError(title: string, error: unknown): void {
  dialog.showErrorBox(title, error instanceof Error ? error.message : String(error))
}

/** Who edits are attributed to: the name the analyst set in the app, or the system's. */
function analyst(): string {
  return settings.get().analyst ?? defaultAnnotator()
}

/**
 * Opens `path` as the corpus of the window (closing the one open before) and reloads the page. A file this
 * user may not write opens read-only; the page says so and offers File › Save a Copy.
 */
function openCorpus(path: string, options: { create?: boolean } = {}): boolean {
  let opened: { corpus: CorpusReader; readOnly: string | null }
  try {
    if (options.create) createEmptyCorpus(path)
    opened = openForEditing(path, { nativeBinding })
  } catch (error) {
    showError('Marginalia cannot open this corpus', error)
    return false
  }
  corpus?.close()
  corpus = opened.corpus
  handlers = createHandlers(opened.corpus, analyst(), {
    readOnly: opened.readOnly,
    analystChanged: (name) => settings.update({ analyst: name }),
  })
  settings.opened(path)
  rebuildMenu()
  window?.setTitle(`${path} – Marginalia`)
  void window?.loadURL(pageUrl)
  return true
}

function closeCorpus(): void {
  corpus?.close()
  corpus = null
  handlers = null
  settings.update({ lastCorpus: null })
  void window?.webContents.reload()
}

/** The corpus to open at start: the command line's, the last one, or (first run) a new sample corpus. */
function startingCorpus(): string {
  const requested = openedBeforeReady ?? corpusArgument(process.argv, process.cwd())
  if (requested !== undefined) return requested
  const last = settings.get().lastCorpus
  if (last !== null && existsSync(last)) return last
  const sample = join(app.getPath('userData'), 'Sample.marginalia')
  if (!existsSync(sample)) createSampleCorpus(sample, { annotator: analyst(), nativeBinding })
  return sample
}

/** Runs an import or export in a worker with progress in the taskbar and a Cancel button. */
async function runJob(title: string, job: CorpusJob): Promise<void> {
  if (window === null) return
  const worker = new Worker(join(__dirname, 'corpus-worker.js'), { workerData: job })
  const abort = new AbortController()
  const progress = dialog.showMessageBox(window, { type: 'info', title, message: `${title}…`, buttons: ['Cancel'], cancelId: 0, signal: abort.signal })
  type Ending = Exclude<CorpusJobMessage, { type: 'progress' }>
  const outcome = await new Promise<Ending>((resolve) => {
    worker.on('message', (message: CorpusJobMessage) => {
      if (message.type === 'progress') window?.setProgressBar(message.fraction)
      else resolve(message)
    })
    worker.on('error', (error) => resolve({ type: 'failed', message: error.message }))
    void progress.then(() => {
      // Cancel: the job stops at its next pause and says what it left; a job that does not, within a few
      // seconds, is ended (a transaction that never committed leaves nothing).
      worker.postMessage({ type: 'cancel' } satisfies CorpusJobCommand)
      setTimeout(() => resolve({ type: 'stopped', message: `${title} cancelled; what was not committed was rolled back.` }), 5_000)
    })
  })
  abort.abort()
  window?.setProgressBar(-1)
  await worker.terminate()
  if (outcome.type === 'failed') await dialog.showMessageBox(window!, { type: 'error', message: `${title} failed`, detail: outcome.message })
  else await dialog.showMessageBox(window!, { type: 'info', message: outcome.type === 'done' ? outcome.summary : outcome.message })
  // The editor notices what the job wrote by itself (it watches for changes made elsewhere), undo history kept.
}

function rebuildMenu(): void {
  installMenu({
    newCorpus: async () => {
      const result = await dialog.showSaveDialog(window!, { title: 'New Corpus', filters: [{ name: 'Marginalia corpus', extensions: ['marginalia'] }] })
      if (result.canceled || result.filePath === undefined) return
      if (existsSync(result.filePath)) {
        showError('Marginalia will not overwrite a file', `${result.filePath} already exists; open it instead.`)
        return
      }
      openCorpus(result.filePath, { create: true })
    },
    openCorpus: async () => {
      const result = await dialog.showOpenDialog(window!, { properties: ['openFile'], filters: [{ name: 'Marginalia corpus', extensions: ['marginalia'] }] })
      if (!result.canceled && result.filePaths[0] !== undefined) openCorpus(result.filePaths[0])
    },
    openRecent: (path) => openCorpus(path),
    importDocuments: async () => {
      if (corpus === null) return
      const result = await dialog.showOpenDialog(window!, {
        title: 'Import Documents',
        properties: ['openFile', 'openDirectory', 'multiSelections'],
        filters: [{ name: 'Text or JSONL', extensions: ['txt', 'jsonl'] }],
      })
      if (result.canceled || result.filePaths.length === 0) return
      await runJob('Importing', { kind: 'import', corpus: corpus.path, paths: result.filePaths, annotator: analyst(), nativeBinding })
    },
    saveCopy: async () => {
      if (corpus === null) return
      const result = await dialog.showSaveDialog(window!, { title: 'Save a Copy', filters: [{ name: 'Marginalia corpus', extensions: ['marginalia'] }] })
      if (result.canceled || result.filePath === undefined) return
      await runJob('Saving a copy', { kind: 'copy', corpus: corpus.path, output: result.filePath, nativeBinding })
    },
    mergeFromCorpus: async () => {
      if (corpus === null) return
      const result = await dialog.showOpenDialog(window!, {
        title: 'Merge from Corpus',
        message: 'Bring the documents and annotations of these corpora into the open one (they are only read)',
        properties: ['openFile', 'multiSelections'],
        filters: [{ name: 'Marginalia corpus', extensions: ['marginalia'] }],
      })
      if (result.canceled || result.filePaths.length === 0) return
      const { response } = await dialog.showMessageBox(window!, {
        type: 'question',
        message: 'Add the labels this corpus lacks?',
        detail: 'If the other corpora use labels this one does not have, Marginalia can add them, or refuse the merge and change nothing.',
        buttons: ['Add them', 'Refuse the merge'],
        defaultId: 1,
        cancelId: 1,
      })
      await runJob('Merging', { kind: 'merge', corpus: corpus.path, sources: result.filePaths, addLabels: response === 0, nativeBinding })
    },
    exportJsonl: async () => {
      if (corpus === null) return
      const result = await dialog.showSaveDialog(window!, { title: 'Export JSONL', filters: [{ name: 'JSON Lines', extensions: ['jsonl'] }] })
      if (result.canceled || result.filePath === undefined) return
      await runJob('Exporting', { kind: 'export', corpus: corpus.path, output: result.filePath, nativeBinding })
    },
    exportSettled: async () => {
      if (corpus === null) return
      const title = 'Export the settled set (curated, else agreed)'
      const result = await dialog.showSaveDialog(window!, { title, filters: [{ name: 'JSON Lines', extensions: ['jsonl'] }] })
      if (result.canceled || result.filePath === undefined) return
      await runJob('Exporting', { kind: 'export', corpus: corpus.path, output: result.filePath, settled: true, nativeBinding })
    },
    closeCorpus,
    showKeyboardReference: () => {
      window?.webContents.sendInputEvent({ type: 'keyDown', keyCode: '?' })
      window?.webContents.sendInputEvent({ type: 'keyUp', keyCode: '?' })
    },
    recent: () => settings.get().recent,
  })
}

function createWindow(): BrowserWindow {
  const bounds = settings.get().bounds
  const created = new BrowserWindow({
    ...(bounds ?? { width: 1280, height: 860 }),
    show: false,
    title: 'Marginalia',
    webPreferences: secureWebPreferences(join(__dirname, '..', 'preload', 'index.js')),
  })
  created.once('ready-to-show', () => created.show())
  const remember = () => settings.update({ bounds: created.getNormalBounds() })
  created.on('resized', remember)
  created.on('moved', remember)
  return created
}

// One folder for settings and the sample corpus whatever the app is called (the installers name it Marginalia),
// unless --user-data-dir names another; set before the single-instance lock, which lives there too.
if (!app.commandLine.hasSwitch('user-data-dir')) app.setPath('userData', join(app.getPath('appData'), 'marginalia'))
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES])

if (!app.requestSingleInstanceLock(launchRequest(process.argv, process.cwd()))) {
  app.quit() // the running instance opens this launch's corpus (second-instance below)
} else {
  app.on('second-instance', (_event, argv, workingDirectory, handedOver) => {
    const path = secondLaunchCorpus(argv, workingDirectory, handedOver)
    if (path !== undefined && window !== null) openCorpus(path)
    if (window?.isMinimized()) window.restore()
    window?.focus()
  })
  app.on('open-file', (event, path) => {
    event.preventDefault()
    if (app.isReady() && window !== null) openCorpus(path)
    else openedBeforeReady = path
  })
  app.whenReady().then(() => {
    if (nativeBinding === undefined) {
      dialog.showErrorBox(
        'Marginalia cannot open corpora yet',
        'Its SQLite module has not been built for Electron. Run `npm run rebuild:electron` in the Marginalia folder, ' +
          'or use the browser edition: `npm run serve`.',
      )
      app.quit()
      return
    }
    mkdirSync(app.getPath('userData'), { recursive: true })
    settings = new SettingsFile(app.getPath('userData'))
    protocol.handle(APP_SCHEME, appProtocolHandler(join(__dirname, '..', 'renderer')))
    lockDown({ app, session: session.defaultSession, shell }, isAppUrl)
    registerIpc({ handlers: () => handlers, trustedContents: () => window?.webContents ?? null, isAppUrl })
    window = createWindow()
    window.on('closed', () => (window = null))
    rebuildMenu()
    try {
      if (!openCorpus(startingCorpus())) void window.loadURL(pageUrl)
    } catch (error) {
      showError('Marginalia could not start', error)
    }
  })
  app.on('window-all-closed', () => {
    corpus?.close()
    app.quit()
  })
}
