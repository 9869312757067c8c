/**
 * Notes not saved (their save failed: the server out of reach, the disk full), kept in the page's local storage per
 * corpus, so that a reload, a closed tab or the server's new address after a restart does not lose them: the note
 * comes back in its box, said unsaved, when its span is selected again, and is sent again as any unsaved note is.
 */

/** A note not saved: its text, and when its span was as it was written (`updated_at`), which its save asks of it. */
export interface UnsavedNote {
  value: string
  readAt: string
}

/** How many notes are kept per corpus at most (the oldest are forgotten). */
const KEPT = 100

/** The unsaved notes of one corpus, by span (`documentId:spanId@created_at`), in memory and in the page's storage. */
export class UnsavedNotes {
  private readonly notes = new Map<string, UnsavedNote>()
  private key: string | null = null

  /** Keeps the notes in the page's storage under `corpus` (its name and when it was made), and takes those kept there before (an earlier page's). */
  storeFor(corpus: string): void {
    this.key = `marginalia:unsaved-notes:${corpus}`
    try {
      const kept = JSON.parse(window.localStorage.getItem(this.key) ?? '{}') as Record<string, Partial<UnsavedNote>>
      for (const [span, note] of Object.entries(kept)) {
        if (typeof note?.value === 'string' && typeof note.readAt === 'string' && !this.notes.has(span)) this.notes.set(span, { value: note.value, readAt: note.readAt })
      }
    } catch {
      // Unreadable or refused (a private window): only this page's notes are kept.
    }
    this.write()
  }

  get(span: string): UnsavedNote | undefined {
    return this.notes.get(span)
  }

  set(span: string, note: UnsavedNote): void {
    const kept = this.notes.get(span)
    if (kept?.value === note.value && kept.readAt === note.readAt) return
    this.notes.delete(span) // added again last: the most recent are kept
    this.notes.set(span, note)
    this.write()
  }

  delete(span: string): void {
    if (this.notes.delete(span)) this.write()
  }

  /** The notes kept for spans of document `documentId` (its row id), by span id. */
  ofDocument(documentId: number): { spanId: number; key: string; note: UnsavedNote }[] {
    const found: { spanId: number; key: string; note: UnsavedNote }[] = []
    for (const [key, note] of this.notes) {
      const match = /^(\d+):(\d+)@/.exec(key)
      if (match !== null && Number(match[1]) === documentId) found.push({ spanId: Number(match[2]), key, note })
    }
    return found
  }

  private write(): void {
    if (this.key === null) return
    try {
      const entries = [...this.notes].slice(-KEPT)
      if (entries.length === 0) window.localStorage.removeItem(this.key)
      else window.localStorage.setItem(this.key, JSON.stringify(Object.fromEntries(entries)))
    } catch {
      // Storage full or refused: the notes stay in this page's memory.
    }
  }
}
