/// <reference lib="dom" />
/**
 * Running the editor without a browser: a stand-in for ProseMirror's EditorView that keeps the state and
 * applies transactions, and the API over a real corpus through the same `dispatch` that IPC and HTTP use.
 */
import { join } from 'node:path'
import { TextSelection } from 'prosemirror-state'
import { ApiError, connectApi } from '../../src/renderer/api-client'
import { countedApi } from '../../src/renderer/app/counted-api'
import { History } from '../../src/renderer/editor/history'
import { DocumentSession, type MountEditor, type SessionHost, type Write } from '../../src/renderer/editor/session'
import { dispatch } from '../../src/core/operations/dispatch'
import { createHandlers } from '../../src/core/operations/handlers'
import { Corpus } from '../../src/core/store/corpus'
import { API, type ErrorKind, type MarginaliaApi } from '../../src/shared/api'
import { readDocument } from '../../src/shared/packed-document'
import { opened, scratch } from '../helpers'

/** Mounts an editor with no DOM: transactions are applied to the state, nothing is drawn. */
export const mountHeadless: MountEditor = (props) => {
  const surface: ReturnType<MountEditor> = {
    state: props.state,
    dispatch: (tr) => props.dispatchTransaction!.call(surface as never, tr),
    updateState: (state) => void ((surface as { state: typeof state }).state = state),
    destroy: () => undefined,
    focus: () => undefined,
    hasFocus: () => true,
    dom: { querySelector: () => null },
  }
  return surface
}

/** A corpus holding one document, and the API over it as the renderer sees it. */
export function corpusWith(text: string, annotator = 'ana'): { corpus: Corpus; api: MarginaliaApi; documentId: number } {
  const corpus = opened(Corpus.open(join(scratch(), 'c.marginalia'), { create: true }))
  const documentId = corpus.insertDocument({ externalId: 'doc', title: 'Doc', text })
  const handlers = createHandlers(corpus, annotator)
  // Arguments cross a process boundary in the app: pass copies, as IPC and HTTP would.
  const api = connectApi(async (name, args) => structuredClone(dispatch(handlers, name, structuredClone(args))))
  return { corpus, api, documentId }
}

/** What the host was told. */
export interface HostLog {
  failed: { message: string; kind: 'error' | 'info' | undefined }[]
  changed: number
  navigated: string[]
  /** Writes that succeeded. */
  saved: number
  /** What the editor asked of the app around it (`help`, `search`). */
  asked: string[]
}

/** A session on the document `documentId` of `api`, with a host that records what it is told. */
export async function openSession(
  api: MarginaliaApi,
  documentId: number,
  options: { snapping?: boolean; history?: History<Write>; readOnly?: string; labels?: SessionHost['labels'] } = {},
): Promise<{ session: DocumentSession; log: HostLog; history: History<Write> }> {
  const log: HostLog = { failed: [], changed: 0, navigated: [], saved: 0, asked: [] }
  const history = options.history ?? new History<Write>()
  const corpus = await api.corpus({})
  const counted = countedApi(api) // as the app gives its sessions
  const host: SessionHost = {
    api: counted.api,
    answered: counted.answered,
    labels: options.labels ?? corpus.labels,
    annotator: () => corpus.annotator, // who the API writes as
    readOnly: options.readOnly ?? null,
    history,
    snapping: () => options.snapping ?? true,
    changed: () => void log.changed++,
    failed: (message, kind) => void log.failed.push({ message, kind }),
    saved: () => void log.saved++,
    navigate: (direction, after) => void log.navigated.push(after === undefined ? direction : `${direction} after ${after}`),
    toggleHelp: () => void log.asked.push('help'),
    focusSearch: () => void log.asked.push('search'),
    editNote: () => undefined,
    chooseAttributes: () => undefined,
    toggleSnapping: () => undefined,
  }
  const document = await readDocument(api, documentId)
  return { session: new DocumentSession(document, document, host, mountHeadless), log, history }
}

/** Selects the text `[start, end)` (code points) as a person dragging over it would. */
export function selectText(session: DocumentSession, start: number, end: number): void {
  const { state } = session.view
  session.view.dispatch(
    state.tr.setSelection(TextSelection.create(state.doc, session.positions.toPosition(start), session.positions.toPosition(end))),
  )
}

/**
 * Presses a key in the session's editor as ProseMirror would: each plugin's `handleKeyDown` in turn until
 * one takes it. `key` is written as in the keymap (`Delete`, `Mod-z`, `Alt-Shift-ArrowLeft`, `1`). Returns
 * true if a binding took the key.
 */
export function press(session: DocumentSession, key: string): boolean {
  const parts = [...key].length === 1 ? [] : key.split('-')
  if (parts.length === 0) parts.push(key)
  const name = parts.pop()!
  const has = (modifier: string) => parts.includes(modifier)
  // As a browser with a US layout gives them: Shift with a digit is its symbol (Shift+1 is "!"), its code the digit's.
  const typed = has('Shift') && /^[0-9]$/.test(name) ? ')!@#$%^&*('[Number(name)] : name
  const event = {
    key: typed,
    code: /^[0-9]$/.test(name) ? `Digit${name}` : /^[a-z]$/i.test(name) ? `Key${name.toUpperCase()}` : name,
    shiftKey: has('Shift'),
    altKey: has('Alt'),
    ctrlKey: has('Mod') || has('Ctrl'),
    metaKey: false,
    keyCode: 0,
    preventDefault: () => undefined,
  } as unknown as KeyboardEvent
  for (const plugin of session.view.state.plugins) {
    const handle = plugin.props.handleKeyDown
    if (handle?.call(plugin, session.view as never, event)) return true
  }
  return false
}

/**
 * `api` whose writes fail, as a corpus refusing them with `kind` and `message` does, from the `state.failFrom`-th write
 * on (counted in `state.writes`; 0: none fails).
 */
export function refusingWrites(api: MarginaliaApi, kind: ErrorKind, message: string): { api: MarginaliaApi; state: { writes: number; failFrom: number } } {
  const state = { writes: 0, failFrom: 0 }
  const refusing = new Proxy(api, {
    get(target, name: string) {
      const operation = Reflect.get(target, name) as (args: unknown) => Promise<unknown>
      if ((API as Record<string, { effect: string }>)[name]?.effect !== 'write') return operation
      return async (args: unknown) => {
        state.writes++
        if (state.failFrom > 0 && state.writes >= state.failFrom) throw new ApiError(kind, message)
        return operation(args)
      }
    },
  })
  return { api: refusing, state }
}

/**
 * Makes `corpus` fail as a full disk does (SQLite's `SQLITE_FULL`) when it comes to write a span `refused` says
 * is refused, from inside its transaction: what a write made before it in the same transaction is then rolled
 * back with it. Returns the function that stops it.
 */
export function diskFullAtSpan(corpus: Corpus, refused: (span: { label: string; annotator: string }) => boolean): () => void {
  const insertSpan = corpus.insertSpan
  corpus.insertSpan = function (this: Corpus, ...args: Parameters<Corpus['insertSpan']>) {
    if (refused(args[1])) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })
    return insertSpan.apply(this, args)
  }
  return () => void (corpus.insertSpan = insertSpan)
}
