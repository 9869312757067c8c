/**
 * The built renderer's files (`out/renderer`) as both the browser edition's server and the desktop app's
 * `marginalia://` scheme serve them: only files inside that folder, each with its content type.
 */
import { extname, isAbsolute, join, normalize, relative } from 'node:path'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
}

/** The content type a file is served with. */
export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream'
}

/** The path of the file of `folder` that a decoded URL path names (`/` is index.html), or null for one outside it. */
export function fileInside(folder: string, path: string): string | null {
  if (path.includes('\0')) return null
  const file = join(folder, normalize(path === '/' ? '/index.html' : path))
  const inside = relative(folder, file)
  return inside === '' || inside.startsWith('..') || isAbsolute(inside) ? null : file
}
