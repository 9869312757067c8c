/** Serving the built renderer (`out/renderer`) over HTTP: only files inside that folder, with the page's headers. */
import { createReadStream, statSync } from 'node:fs'
import type { ServerResponse } from 'node:http'
import { contentTypeOf, fileInside } from '../core/renderer-files'
import { CONTENT_SECURITY_POLICY } from '../shared/security'

/** The file of `folder` that `path` (decoded, starting with `/`) names, or null if there is none inside it. */
export function existingFileInside(folder: string, path: string): string | null {
  const file = fileInside(folder, path)
  if (file === null) return null
  try {
    return statSync(file).isFile() ? file : null
  } catch {
    return null
  }
}

/**
 * The file of the built renderer `folder` that answers `path`: the file itself, or for `/favicon.ico` (which
 * browsers ask for by themselves) the page's icon; null if there is none.
 */
export function rendererFileFor(folder: string, path: string): string | null {
  const file = existingFileInside(folder, path)
  if (file !== null || path !== '/favicon.ico') return file
  return existingFileInside(folder, '/favicon.png')
}

/** Streams `file` as the answer, with the page's security headers. */
export function sendFile(response: ServerResponse, file: string, headOnly: boolean): void {
  response.writeHead(200, {
    'content-type': contentTypeOf(file),
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
