/**
 * Writing into an open descriptor that an output path named (`/dev/fd/3`, `/proc/self/fd/63` from a shell's
 * `>(gzip > x.gz)`): whether it is one this process was given to write to, and a stream onto it. Node keeps
 * descriptors of its own (its event loop's epoll, eventfds and the pipes that wake it); writing into one of
 * those would break the process, so on Linux each is told apart, from `/proc/self`, and refused.
 */
import { createWriteStream, existsSync, fstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { Socket } from 'node:net'
import type { Writable } from 'node:stream'

const O_ACCMODE = 0o3
const O_RDONLY = 0o0

/** The open flags of this process's descriptor `fd` and what it points at, from /proc, or null where there is no /proc. */
function procView(fd: number | string): { flags: number; link: string } | null {
  const flags = /^flags:\s*([0-7]+)$/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))?.[1]
  return { flags: flags === undefined ? 0 : parseInt(flags, 8), link: readlinkSync(`/proc/self/fd/${fd}`) }
}

/** Why Marginalia may not write into its descriptor `fd` (not open, not for writing, one of Node's own), or null if it may. */
export function descriptorRefusal(fd: number): string | null {
  if (!existsSync('/proc/self/fdinfo')) {
    try {
      fstatSync(fd)
      return null
    } catch {
      return `names descriptor ${fd}, which is not open`
    }
  }
  let view
  try {
    view = procView(fd)
  } catch {
    return `names descriptor ${fd}, which is not open`
  }
  if (view === null) return null
  if ((view.flags & O_ACCMODE) === O_RDONLY) return `names descriptor ${fd}, which is open for reading only`
  const own = `names descriptor ${fd}, which is one of Marginalia's own, not one it was given to write to`
  if (view.link.startsWith('anon_inode:')) return own
  if (view.link.startsWith('pipe:')) {
    // A pipe whose reading end this process holds too is one of its own: writing into it would talk to itself.
    for (const other of readdirSync('/proc/self/fd')) {
      if (other === String(fd)) continue
      try {
        const theirs = procView(other)
        if (theirs !== null && theirs.link === view.link && (theirs.flags & O_ACCMODE) === O_RDONLY) return own
      } catch {
        // closed meanwhile (the descriptor that listed the folder, say)
      }
    }
  }
  return null
}

/**
 * A stream writing into descriptor `fd`, which stays open afterwards unless it is a pipe or socket (which the
 * stream owns, so that a full pipe is waited for instead of failing).
 */
export function descriptorStream(fd: number): Writable {
  const stats = fstatSync(fd)
  if (stats.isFIFO() || stats.isSocket()) return new Socket({ fd, readable: false, writable: true })
  return createWriteStream('', { fd, autoClose: false })
}

/** How to name standard output in a message: the file it was sent to where /proc tells (`out.jsonl (standard output)`), else `standard output`. */
export function standardOutputName(): string {
  try {
    const link = readlinkSync('/proc/self/fd/1')
    return link.startsWith('/') ? `${link} (standard output)` : 'standard output'
  } catch {
    return 'standard output'
  }
}
