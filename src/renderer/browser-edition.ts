/**
 * What only the browser edition needs: its session token and downloads. The token arrives in the address
 * the server printed; it is read once, removed from the address bar (so later bookmarks, shared links and
 * screenshots do not carry it; the browser's history still records the first visit, see docs/security.md),
 * kept in this tab's sessionStorage (which no other origin, and so no other port, can read) and sent in a
 * header. It never goes into a cookie.
 */

import { TOKEN_HEADER } from '../shared/security'

const STORAGE_KEY = 'marginalia-token'
let token: string | undefined

/** The session token: from the address the first time (which is then cleaned), afterwards from sessionStorage. */
export function sessionToken(): string {
  if (token !== undefined) return token
  const params = new URLSearchParams(window.location.search)
  const fromAddress = params.get('token')
  if (fromAddress !== null) {
    window.sessionStorage.setItem(STORAGE_KEY, fromAddress)
    params.delete('token')
    const query = params.toString()
    window.history.replaceState(window.history.state, '', `${window.location.pathname}${query === '' ? '' : `?${query}`}${window.location.hash}`)
  }
  token = window.sessionStorage.getItem(STORAGE_KEY) ?? ''
  return token
}

/** Downloads the corpus as JSONL through a one-time address (a download cannot carry the token header). */
export function downloadExport(): Promise<void> {
  return download('export')
}

/** Downloads the settled set as JSONL (`export --curated-or-agreed`): the curated layer where curators settled, elsewhere what every analyst agreed on. */
export function downloadSettled(): Promise<void> {
  return download('settled')
}

/** Downloads a consistent copy of the corpus file, to keep or to annotate when this one is read-only. */
export function downloadCopy(): Promise<void> {
  return download('copy')
}

async function download(of: 'export' | 'settled' | 'copy'): Promise<void> {
  const response = await fetch(`/download-ticket?of=${of}`, { method: 'POST', headers: { [TOKEN_HEADER]: sessionToken() } })
  if (!response.ok) throw new Error(`the server refused the download (${response.status}: ${await response.text()})`)
  const { url } = (await response.json()) as { url: string }
  window.location.assign(url)
}
