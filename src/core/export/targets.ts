/**
 * Where an export to a path goes. A regular file (or a name not yet taken) is replaced atomically; a symbolic
 * link is followed, link by link, and what it points to is written the same way, the link kept; a device, a
 * FIFO or a socket is written through, never renamed over. The names of an open descriptor (`/dev/stdout`,
 * `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N`) mean that descriptor itself, as the shell set it up: a file
 * opened for appending (`>> log`) is appended to, a pipe is written into.
 */
import { lstatSync, readlinkSync, realpathSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { InputError } from '../errors'

/** Where an export goes: an open descriptor, a file to replace atomically, or something to write into as it is. */
export type ExportTarget =
  | { kind: 'descriptor'; fd: number; path: string }
  | { kind: 'replace'; path: string }
  | { kind: 'into'; path: string; fifo: boolean }

const STANDARD_STREAMS: Record<string, number> = { '/dev/stdin': 0, '/dev/stdout': 1, '/dev/stderr': 2 }

const DESCRIPTOR_PATH = /^\/(?:dev\/fd|proc\/(self|thread-self|\d+)\/fd)\/(\d+)$/

/** The descriptor of this process that `path` names (`/dev/stdout` is 1), or null if it names none. */
export function descriptorOf(path: string): number | null {
  if (process.platform === 'win32') return null
  if (Object.hasOwn(STANDARD_STREAMS, path)) return STANDARD_STREAMS[path]
  const match = DESCRIPTOR_PATH.exec(path)
  if (match === null) return null
  const owner = match[1]
  if (owner !== undefined && /^\d+$/.test(owner) && Number(owner) !== process.pid) return null // another process's
  return Number(match[2])
}

/** The real path of a folder, or the path as it is if it cannot be resolved (missing). */
function realFolder(path: string): string {
  try {
    return realpathSync(path)
  } catch {
    return path
  }
}

/** Where an export to `output` goes (see above). Throws InputError for a folder or a loop of links. */
export function exportTarget(output: string): ExportTarget {
  // resolve() drops a final slash, which would write a file where the user named a folder.
  const endsInSlash = output.endsWith('/') || (process.platform === 'win32' && output.endsWith('\\'))
  if (endsInSlash && output.length > 1) throw new InputError(output, null, 'names a folder (it ends in a slash); give the name of a file to write')
  let path = resolve(output)
  for (let links = 0; links < 40; links++) {
    const fd = descriptorOf(path)
    if (fd !== null) return { kind: 'descriptor', fd, path }
    let stats
    try {
      stats = lstatSync(path)
    } catch {
      return { kind: 'replace', path } // not there yet
    }
    if (stats.isSymbolicLink()) {
      path = resolve(realFolder(dirname(path)), readlinkSync(path)) // one link at a time, so that a descriptor's name is seen
      continue
    }
    if (stats.isDirectory()) throw new InputError(output, null, 'is a folder; give the name of a file to write')
    return stats.isFile() ? { kind: 'replace', path } : { kind: 'into', path, fifo: stats.isFIFO() }
  }
  throw new InputError(output, null, 'too many symbolic links')
}
