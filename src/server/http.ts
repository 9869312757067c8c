/**
 * The browser edition's server: the built renderer and the API contract over HTTP, on 127.0.0.1 only. Every
 * request must carry the session token (in the URL, its cookie, or for the API the `x-marginalia-token`
 * header) and name this server in `Host` (and `Origin`, if sent), which shuts out other sites and DNS
 * rebinding.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'
import { writeJsonl } from '../core/export/jsonl'
import { dispatch } from '../core/operations/dispatch'
import { createHandlers } from '../core/operations/handlers'
import type { CorpusReader } from '../core/store/reader'
import { isOperationName } from '../shared/api'
import { CONTENT_SECURITY_POLICY } from '../shared/security'

/** Header the renderer sends the token in. */
export const TOKEN_HEADER = 'x-marginalia-token'
const TOKEN_COOKIE = 'marginalia_token'
const MAX_BODY_BYTES = 4 << 20

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
}

/** What `startServer` needs. */
export interface ServerOptions {
  corpus: CorpusReader
  annotator: string
  /** Folder of the built renderer (`out/renderer`). */
  rendererDir: string
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number
  /** Token to require; random by default. */
  token?: string
}

/** A running browser-edition server. */
export interface RunningServer {
  /** Address to open, token included. */
  url: string
  port: number
  token: string
  close(): Promise<void>
}

function sameToken(given: string | undefined, token: string): boolean {
  if (given === undefined) return false
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

function cookie(request: IncomingMessage, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=')
    if (key === name) return value.join('=')
  }
  return undefined
}

function send(response: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' })
  response.end(body)
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY_BYTES) throw new Error('request body too large')
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** Starts the server on 127.0.0.1 and resolves once it listens. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('base64url')
  const handlers = createHandlers(options.corpus, options.annotator)
  let port = 0
  const allowedHosts = (): string[] => [`127.0.0.1:${port}`, `localhost:${port}`]

  /** Why a request is refused, or null if it may go on. */
  const refusal = (request: IncomingMessage, url: URL): string | null => {
    if (!allowedHosts().includes(request.headers.host ?? '')) return 'foreign Host header'
    const origin = request.headers.origin
    if (origin !== undefined && !allowedHosts().some((host) => origin === `http://${host}`)) return 'foreign Origin header'
    const header = request.headers[TOKEN_HEADER]
    const given = typeof header === 'string' ? header : (url.searchParams.get('token') ?? cookie(request, TOKEN_COOKIE))
    if (!sameToken(given ?? undefined, token)) return 'missing or wrong token'
    return null
  }

  const serveFile = (response: ServerResponse, pathname: string): void => {
    const relative = normalize(decodeURIComponent(pathname === '/' ? '/index.html' : pathname)).replace(/^([/\\])+/, '')
    const file = join(options.rendererDir, relative)
    if (!file.startsWith(options.rendererDir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      send(response, 404, 'not found')
      return
    }
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    })
    createReadStream(file).pipe(response)
  }

  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    const refused = refusal(request, url)
    if (refused !== null) {
      send(response, 403, `refused: ${refused}`)
      return
    }
    if (url.searchParams.has('token')) {
      response.setHeader('set-cookie', `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`)
    }
    if (url.pathname.startsWith('/api/')) {
      const name = url.pathname.slice('/api/'.length)
      if (request.method !== 'POST' || !isOperationName(name)) {
        send(response, 404, 'no such operation')
        return
      }
      if (request.headers[TOKEN_HEADER] === undefined) {
        send(response, 403, `refused: the API needs the ${TOKEN_HEADER} header`)
        return
      }
      readBody(request)
        .then((body) => JSON.parse(body === '' ? '{}' : body) as unknown)
        .then(
          (args) => send(response, 200, JSON.stringify(dispatch(handlers, name, args)), 'application/json'),
          (error: unknown) => send(response, 400, `bad request: ${(error as Error).message}`),
        )
      return
    }
    if (request.method !== 'GET') {
      send(response, 405, 'method not allowed')
      return
    }
    if (url.pathname === '/export.jsonl') {
      response.writeHead(200, {
        'content-type': 'application/x-ndjson; charset=utf-8',
        'content-disposition': 'attachment; filename="export.jsonl"',
        'cache-control': 'no-store',
      })
      writeJsonl(options.corpus, response).then(
        () => response.end(),
        () => response.destroy(),
      )
      return
    }
    serveFile(response, url.pathname)
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
