/** Small questions about files that the core asks in several places. */
import { closeSync, openSync, readSync, rmSync, statSync } from 'node:fs'

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

/**
 * Removes what a failed step left behind (a temporary file or folder, its journal), without letting a failure to
 * remove it (a folder the user may not write, a path through a file) take the place of the step's own failure.
 */
export function removeQuietly(...paths: string[]): void {
  for (const path of paths) {
    try {
      rmSync(path, { recursive: true, force: true })
    } catch {
      // nothing of ours there, or it cannot be removed: the failure said is the step's
    }
  }
}

/** The first `size` bytes of the file at `path` (fewer if it is shorter); throws as opening or reading it does. */
export function headOf(path: string, size: number): Buffer {
  const fd = openSync(path, 'r')
  try {
    const head = Buffer.alloc(size)
    return head.subarray(0, readSync(fd, head, 0, head.length, 0))
  } finally {
    closeSync(fd)
  }
}
