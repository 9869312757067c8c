/**
 * Where the analyst was: the open document in the address (`#doc=<id>`, so a reload or a shared link opens
 * it, with `&curating` while curation mode is on) and, per corpus and document, how far down it was scrolled, kept in the page's local storage (which
 * the desktop app keeps between runs).
 */

/** The document id (as in the JSONL) the address names, or null. */
export function documentInAddress(): string | null {
  const hash = new URLSearchParams(window.location.hash.slice(1))
  const id = hash.get('doc')
  return id === null || id === '' ? null : id
}

/** Puts `id` in the address without adding a history entry or reloading. */
export function putDocumentInAddress(id: string): void {
  const hash = new URLSearchParams(window.location.hash.slice(1))
  if (hash.get('doc') === id) return
  hash.set('doc', id)
  window.history.replaceState(window.history.state, '', `${window.location.pathname}${window.location.search}#${hash.toString()}`)
}

/** True if the address says curation mode is on (`#doc=<id>&curating`), as it was when the page was left or reloaded. */
export function curatingInAddress(): boolean {
  return new URLSearchParams(window.location.hash.slice(1)).has('curating')
}

/** Says in the address whether curation mode is on, without adding a history entry or reloading. */
export function putCuratingInAddress(curating: boolean): void {
  const hash = new URLSearchParams(window.location.hash.slice(1))
  if (hash.has('curating') === curating) return
  if (curating) hash.set('curating', '')
  else hash.delete('curating')
  window.history.replaceState(window.history.state, '', `${window.location.pathname}${window.location.search}#${hash.toString()}`)
}

/** What the document list shows: documents of one status, or the work of one analyst (null: all). */
export interface ListFilters {
  status: string | null
  annotator: string | null
}

/** What is remembered of one corpus: the last document open, each document's scroll position, the list's filters. */
interface Remembered {
  last: string | null
  scroll: Record<string, number>
  filters: ListFilters
}

/** How many documents' scroll positions are kept per corpus (the oldest are forgotten). */
const KEPT = 200

/** The memory of one corpus, by its name. */
export class PlaceMemory {
  private readonly key: string

  constructor(corpusName: string) {
    this.key = `marginalia:place:${corpusName}`
  }

  private read(): Remembered {
    try {
      const value = JSON.parse(window.localStorage.getItem(this.key) ?? 'null') as Partial<Remembered> | null
      const filters = value?.filters
      return {
        last: typeof value?.last === 'string' ? value.last : null,
        scroll: typeof value?.scroll === 'object' && value.scroll !== null ? value.scroll : {},
        filters: { status: stringOrNull(filters?.status), annotator: stringOrNull(filters?.annotator) },
      }
    } catch {
      return { last: null, scroll: {}, filters: { status: null, annotator: null } }
    }
  }

  private write(value: Remembered): void {
    try {
      const ids = Object.keys(value.scroll)
      for (const id of ids.slice(0, Math.max(0, ids.length - KEPT))) delete value.scroll[id]
      window.localStorage.setItem(this.key, JSON.stringify(value))
    } catch {
      // Storage full or refused (a private window): the place is simply not remembered.
    }
  }

  /** The document last open in this corpus, or null. */
  get lastDocument(): string | null {
    return this.read().last
  }

  /** How far down document `id` was scrolled (0 if never). */
  scrollOf(id: string): number {
    const value = this.read().scroll[id]
    return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0
  }

  /** The filters the document list had last (none: all documents, everyone's work). */
  get listFilters(): ListFilters {
    return this.read().filters
  }

  /** Remembers the document list's filters. */
  rememberListFilters(filters: ListFilters): void {
    const value = this.read()
    value.filters = filters
    this.write(value)
  }

  /** Remembers that document `id` is open, scrolled to `scrollTop`. */
  remember(id: string, scrollTop: number): void {
    const value = this.read()
    value.last = id
    delete value.scroll[id] // re-added last, so the most recent are kept
    value.scroll[id] = Math.round(scrollTop)
    this.write(value)
  }
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null
}
