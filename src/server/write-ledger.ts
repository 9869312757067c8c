/**
 * The writes made through this server, per caller (a page's API socket), so that a page asking what changed
 * elsewhere also learns of what its other tabs wrote: they write through the server's one connection, and
 * SQLite's `data_version`, which the corpus watch reads, counts only other connections' commits.
 */
export class WriteLedger {
  private total = 0
  private readonly own = new WeakMap<object, number>()

  /** Notes a write that was committed, made by `caller`. */
  wrote(caller: object): void {
    this.total++
    this.own.set(caller, (this.own.get(caller) ?? 0) + 1)
  }

  /** How many writes other callers made through this server (grows, never shrinks). */
  othersWrites(caller: object): number {
    return this.total - (this.own.get(caller) ?? 0)
  }
}
