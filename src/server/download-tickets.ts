/**
 * One-time download addresses: the page cannot put the token in a header when the browser itself fetches a
 * download, so it asks (with the token) for a ticket, and the address it gets works once, for a minute.
 */
import { randomBytes } from 'node:crypto'

const LIFETIME_MS = 60_000

/** Tickets handed out and not yet used. */
export class DownloadTickets {
  private readonly open = new Map<string, number>()

  /** A new ticket. */
  issue(now = Date.now()): string {
    for (const [ticket, expires] of this.open) if (expires <= now) this.open.delete(ticket)
    const ticket = randomBytes(24).toString('base64url')
    this.open.set(ticket, now + LIFETIME_MS)
    return ticket
  }

  /** True (once) for a ticket handed out less than a minute ago. */
  redeem(ticket: string, now = Date.now()): boolean {
    const expires = this.open.get(ticket)
    this.open.delete(ticket)
    return expires !== undefined && expires > now
  }
}
