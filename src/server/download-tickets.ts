/**
 * One-time download addresses: the page cannot put the token in a header when the browser itself fetches a
 * download, so it asks (with the token) for a ticket, and the address it gets works once, for a minute.
 */
import { randomBytes } from 'node:crypto'

const LIFETIME_MS = 60_000

/** What a ticket downloads: the JSONL export, the settled set as JSONL (`export --curated-or-agreed`), or a copy of the corpus file. */
export type Download = 'export' | 'settled' | 'copy'

/** The download a ticket request's `of` names (the JSONL export unless another is named). */
export function downloadNamed(of: string | null): Download {
  return of === 'copy' || of === 'settled' ? of : 'export'
}

/** Tickets handed out and not yet used. */
export class DownloadTickets {
  private readonly open = new Map<string, { expires: number; download: Download }>()

  /** A new ticket for `download`. */
  issue(download: Download, now = Date.now()): string {
    for (const [ticket, { expires }] of this.open) if (expires <= now) this.open.delete(ticket)
    const ticket = randomBytes(24).toString('base64url')
    this.open.set(ticket, { expires: now + LIFETIME_MS, download })
    return ticket
  }

  /** What a ticket handed out less than a minute ago downloads (once), or null. */
  redeem(ticket: string, now = Date.now()): Download | null {
    const entry = this.open.get(ticket)
    this.open.delete(ticket)
    return entry !== undefined && entry.expires > now ? entry.download : null
  }
}
