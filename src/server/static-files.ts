/** Serving the built renderer (`out/renderer`) over HTTP: only files inside that folder, with the page's headers. */
import { readFileSync, statSync } from 'node:fs'
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

/**
 * Answers with `file`, with the page's security headers. The file is read and handed to the socket in the same
 * task as the request (the renderer's files are a few hundred kilobytes): streamed, its chunks waited between
 * tasks, and a long document's answer (a few hundred milliseconds of synchronous work) read in between held
 * the editor's script back on a first visit.
 */
export function sendFile(response: ServerResponse, file: string, headOnly: boolean): void {
  let body: Buffer
  try {
    body = readFileSync(file)
  } catch {
    response.destroy()
    return
  }
  response.writeHead(200, {
    'content-type': contentTypeOf(file),
    'content-length': body.length,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  })
  response.end(headOnly ? undefined : body)
}
