/**
 * What the page does before the editor's code has loaded (`src/renderer/main.ts` loads it apart): asking for
 * the document the address names, and saying so if the corpus cannot be reached. Kept small, with few imports,
 * so that the page's first script is small and the questions leave while the editor's code still loads.
 */
import type { DocumentView, MarginaliaApi } from '../../shared/api'
import { readDocument } from '../../shared/packed-document'
import { h } from './dom'
import { documentInAddress } from './place-memory'

/** Shown when the corpus cannot be reached at all (or the editor's code could not be loaded). */
export function showFatal(root: HTMLElement, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error)
  // A sentence, but for a message that starts with a file's name, which keeps its case.
  const named = /^[^\s:]*[./\\][^\s:]*: /.test(message)
  const sentence = `${named ? message.charAt(0) : message.charAt(0).toUpperCase()}${message.slice(1)}${/[.!?]$/.test(message) ? '' : '.'}`
  root.replaceChildren(h('div', { class: 'fatal', role: 'alert' }, h('h1', {}, 'Marginalia cannot open the corpus'), h('p', {}, sentence)))
}

/**
 * Starts fetching the document the address names (`#doc=<id>`), beside the corpus summary rather than after
 * it, so that opening a link to a long document waits for one fewer round trip; null if the address names
 * none, or the corpus has no such document or could not be read (the app then opens another the usual way,
 * and says what failed).
 */
export function fetchAddressedDocument(api: MarginaliaApi): Promise<DocumentView | null> {
  const id = documentInAddress()
  if (id === null) return Promise.resolve(null)
  return api
    .findDocument({ id })
    .then((rowId) => (rowId === null ? null : readDocument(api, rowId)))
    .catch(() => null)
}
