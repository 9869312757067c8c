/**
 * The documents before and after the open one, read ahead while the page is idle, so that stepping to one
 * (Alt+N, Alt+P, Ctrl+Enter's next to do) shows it without first waiting on the corpus for its id and its text.
 *
 * What is read ahead stays true while nothing else writes: this page writes only to the open document, which is
 * never one of its own neighbours (the page leaves a document only once its writes are done), and what another
 * program writes is forgotten (`forget`) as soon as the corpus watch sees it; should a step come in between,
 * the watch then re-reads the document it opened. Not seen: what another tab of the same browser edition
 * writes, which the watch does not see either (they share the server's connection; see docs/performance.md).
 */
import type { DocumentView, MarginaliaApi } from '../../shared/api'
import type { DocumentStatus } from '../../shared/corpus-types'
import { readDocument } from '../../shared/packed-document'

/** A step through the document list. */
export interface Step {
  direction: 'next' | 'previous'
  /** The status the list is filtered by (only documents with it are stepped to), or null for all. */
  status: DocumentStatus | null
  /** The analyst whose work the list shows (only documents they annotated are stepped to), or null for everyone's. */
  annotator: string | null
}

/** Where a step from a document leads: its row id, and the document itself if it was read ahead (or is on its way). */
export interface Neighbour {
  rowId: number
  /** The document as read ahead; undefined (or resolving to it) if it was not, or that read failed: then it is read now. */
  readAhead?: Promise<DocumentView | undefined>
}

type NeighbourApi = Pick<MarginaliaApi, 'neighbourDocument' | 'openDocument'>

/** How long reading ahead waits for the page to be idle at most (ms); a large neighbour read then can still hold up a call made meanwhile. */
const IDLE_WITHIN_MS = 1_000

/** How many documents read ahead are kept (those around the open one, and a few it was next to before). */
const KEPT = 6

/** Reads the neighbours of the open document ahead and keeps a few documents read, never the open one. */
export class NeighbourReader {
  private around: number | null = null
  /** Where each step leads from `around`, by `keyOf` the step. */
  private readonly ids = new Map<string, Promise<number | null>>()
  /** Documents read ahead by row id, least recently wanted first; never the open one. */
  private readonly documents = new Map<number, Promise<DocumentView>>()
  private pending: number | null = null
  private forgotten = 0

  constructor(private readonly api: NeighbourApi) {}

  /**
   * `documentId` is open: forgets any copy of it read before (this page is about to write to it), and, when the
   * page is next idle, reads the documents `steps` lead to from it, one after the other, in the order given.
   */
  readAround(documentId: number, steps: readonly Step[]): void {
    if (this.around !== documentId) {
      this.ids.clear()
      this.documents.delete(documentId)
    }
    this.around = documentId
    if (this.pending !== null) cancelIdle(this.pending)
    this.pending = whenIdle(() => {
      this.pending = null
      void this.readAhead(documentId, steps).catch(() => undefined) // a failure is met again, and shown, if that step is taken
    })
  }

  /**
   * Where `step` leads from `documentId` (null past either end of the list): as read ahead if it was, else asked
   * now; with the document if it was read ahead. What failed to be read ahead is asked again, so that its error
   * is the one of now.
   */
  async neighbour(documentId: number, step: Step): Promise<Neighbour | null> {
    const known = this.around === documentId ? await this.ids.get(keyOf(step))?.catch(() => undefined) : undefined
    const rowId = known !== undefined ? known : await this.api.neighbourDocument({ documentId, ...step })
    if (rowId === null) return null
    return { rowId, readAhead: this.documents.get(rowId)?.catch(() => undefined) }
  }

  /**
   * Keeps `document`, just left with nothing changed in it (as read when it was opened, and the corpus watch has
   * seen no other program's change since), as if read ahead: stepping back to it reads nothing.
   */
  keep(document: DocumentView): void {
    this.documents.delete(document.rowId)
    this.documents.set(document.rowId, Promise.resolve(document))
    this.keepFew()
  }

  /**
   * How many times everything was forgotten: a document read (or opened) before the count last moved may be
   * older than another program's change, and is neither kept nor shown without reading it again.
   */
  get generation(): number {
    return this.forgotten
  }

  /** Forgets everything read ahead (another program changed the corpus). */
  forget(): void {
    this.forgotten++
    this.ids.clear()
    this.documents.clear()
    this.around = null
  }

  private async readAhead(documentId: number, steps: readonly Step[]): Promise<void> {
    for (const step of steps) {
      if (this.around !== documentId) return
      const key = keyOf(step)
      let id = this.ids.get(key)
      if (id === undefined) this.ids.set(key, (id = this.api.neighbourDocument({ documentId, ...step })))
      const rowId = await id
      if (rowId === null || this.around !== documentId) continue
      let document = this.documents.get(rowId)
      if (document === undefined) document = readDocument(this.api, rowId)
      this.documents.delete(rowId)
      this.documents.set(rowId, document) // the most recently wanted last: the first to go are the oldest
      this.keepFew()
      await document
    }
  }

  private keepFew(): void {
    for (const rowId of this.documents.keys()) {
      if (this.documents.size <= KEPT) return
      this.documents.delete(rowId)
    }
  }
}

function keyOf({ direction, status, annotator }: Step): string {
  return JSON.stringify([direction, status, annotator])
}

/** Runs `work` when the page is idle (at the latest after IDLE_WITHIN_MS); returns a handle for cancelIdle. */
function whenIdle(work: () => void): number {
  if (typeof requestIdleCallback === 'function') return requestIdleCallback(work, { timeout: IDLE_WITHIN_MS })
  return globalThis.setTimeout(work, 50) as unknown as number
}

function cancelIdle(handle: number): void {
  if (typeof cancelIdleCallback === 'function') cancelIdleCallback(handle)
  else globalThis.clearTimeout(handle)
}
