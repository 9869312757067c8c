/** Serving the built renderer (`out/renderer`): only files inside that folder, with their content types. */
import { createReadStream, statSync } from 'node:fs'
import type { ServerResponse } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'
import { CONTENT_SECURITY_POLICY } from '../shared/security'

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

/** The file of `folder` that `path` (decoded, starting with `/`) names, or null if there is none inside it. */
export function fileInside(folder: string, path: string): string | null {
  const relative = normalize(path === '/' ? '/index.html' : path).replace(/^([/\\])+/, '')
  const file = join(folder, relative)
  if (!file.startsWith(folder + sep)) return null
  try {
    return statSync(file).isFile() ? file : null
  } catch {
    return null
  }
}

/** Streams `file` as the answer, with the page's security headers. */
export function sendFile(response: ServerResponse, file: string, headOnly: boolean): void {
  response.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  })
  if (headOnly) {
    response.end()
    return
  }
  const stream = createReadStream(file)
  stream.on('error', () => response.destroy())
  stream.pipe(response)
}
