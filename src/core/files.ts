/** Small questions about files that the core asks in several places. */
import { statSync } from 'node:fs'

/** True if `a` and `b` are the same file (the same device and inode, so also through links); false if either is missing. */
export function isSameFile(a: string, b: string): boolean {
  try {
    const first = statSync(a, { bigint: true })
    const second = statSync(b, { bigint: true })
    return first.dev === second.dev && first.ino === second.ino
  } catch {
    return false
  }
}
