/**
 * The browser edition's server: the built renderer and the API contract over HTTP, on 127.0.0.1 only. The
 * page and its assets are served to requests that name this server in `Host` (see `guard.ts`); the corpus
 * (the API, the export) only to requests that also carry the session token in a header. No request, however
 * malformed, ends or wedges the server: each is answered (400, 403, 404, 405, 408, 413, 417, 431) or dropped,
 * every answer by this server itself with its headers (see `raw-answers.ts` for those Node would otherwise make).
 */
import { randomBytes } from 'node:crypto'
import { createReadStream, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { basename, extname, join } from 'node:path'
import type { Duplex } from 'node:stream'
import { copyCorpus } from '../core/copy'
import { toCorpusError } from '../core/errors'
import { writeJsonl } from '../core/export/jsonl'
import { MAX_RECORD_NESTING } from '../shared/nesting'
import { dispatch } from '../core/operations/dispatch'
import { createHandlers } from '../core/operations/handlers'
import type { CorpusReader } from '../core/store/reader'
import { tooDeep } from '../core/validation'
import { API, isOperationName, type ChangesElsewhere, type OperationName, type Outcome } from '../shared/api'
import { API_SOCKET_PATH, TOKEN_HEADER } from '../shared/security'
import { ApiSocket } from './api-socket'
import { attachment } from './content-disposition'
import { DownloadTickets, downloadNamed } from './download-tickets'
import { carriesToken, foreignRequest, lacksHost, requestPath, serverOrigin } from './guard'
import { answerOnSocket, answerUnreadable, COMMON_HEADERS, refuseTunnel, refuseUpgrade } from './raw-answers'
import { rendererFileFor, sendFile } from './static-files'
import { WriteLedger } from './write-ledger'

/** The caller of every API call made over HTTP (pages without a socket, scripts). */
const HTTP_CALLER = {}

const MAX_BODY_BYTES = 4 << 20
/** How long stopping waits for connections to end before it stops anyway. */
const CLOSE_WAIT_MS = 2_000

/** What `startServer` needs. */
export interface ServerOptions {
  corpus: CorpusReader
  annotator: string
  /** Why the corpus is open read-only, when it is. */
  readOnly?: string | null
  /** Told when a page changes the analyst's name (every tab's edits are recorded under it from then on). */
  analystChanged?: (name: string) => void
  /** Folder of the built renderer (`out/renderer`). */
  rendererDir: string
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number
  /** Token to require; random by default. */
  token?: string
  /** How long a request may take to arrive in full (default 30 s). */
  requestTimeoutMs?: number
}

/** A running browser-edition server. */
export interface RunningServer {
  /** Address to open, token included. */
  url: string
  port: number
  token: string
  close(): Promise<void>
}

function send(response: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  if (response.headersSent) {
    response.destroy()
    return
  }
  response.writeHead(status, { 'content-type': type })
  response.end(body)
}

/** A request body too large to take. */
class BodyTooLarge extends Error {}

/** A request whose body never came whole (the connection was dropped or failed). */
class RequestCutOff extends Error {}

/** The first line of an error's message, for a one-line answer. */
function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]
}

/** Decodes a body as UTF-8, refusing bytes that are not (a lenient decoding would store U+FFFD in their place). */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

/** A body whose bytes are not UTF-8. */
class BodyNotUtf8 extends Error {}

/** The request's body as text; rejects on a body too large, one cut off, or one that is not UTF-8. */
function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    if (Number(request.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
      reject(new BodyTooLarge())
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    request.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        request.removeAllListeners('data')
        reject(new BodyTooLarge())
      } else chunks.push(chunk)
    })
    request.on('end', () => {
      try {
        resolve(strictUtf8.decode(Buffer.concat(chunks)))
      } catch {
        reject(new BodyNotUtf8())
      }
    })
    request.on('error', () => reject(new RequestCutOff()))
    request.on('aborted', () => reject(new RequestCutOff()))
  })
}

/** Starts the server on 127.0.0.1 and resolves once it listens. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('base64url')
  const { corpus } = options
  const handlers = createHandlers(corpus, options.annotator, { readOnly: options.readOnly, analystChanged: options.analystChanged })
  const tickets = new DownloadTickets()
  const exportName = `${basename(corpus.path, extname(corpus.path))}.jsonl`
  let port = 0
  const ledger = new WriteLedger()
  /**
   * Runs one operation for `caller` (a page's socket; calls over HTTP share one caller, so such a page also
   * re-reads after its own writes). A page asking what changed elsewhere is told of the writes other pages
   * (tabs) made through this server too, which SQLite's version does not count.
   */
  const callOperation = (name: OperationName, args: unknown, caller: object = HTTP_CALLER): Outcome<unknown> => {
    const outcome = dispatch(handlers, name, args)
    if (outcome.ok && API[name].effect === 'write') ledger.wrote(caller)
    if (outcome.ok && name === 'changesElsewhere') {
      const changes = outcome.value as ChangesElsewhere
      return { ok: true, value: { ...changes, version: changes.version + ledger.othersWrites(caller) } }
    }
    return outcome
  }
  const apiSocket = new ApiSocket({ token, maxBytes: MAX_BODY_BYTES, maxNesting: MAX_RECORD_NESTING, call: callOperation })

  /** The JSONL export; `settled`: the settled set only (`export --curated-or-agreed`). */
  const streamExport = (response: ServerResponse, settled = false): void => {
    response.writeHead(200, {
      'content-type': 'application/x-ndjson; charset=utf-8',
      'content-disposition': attachment(settled ? exportName.replace(/\.jsonl$/, '.settled.jsonl') : exportName),
    })
    writeJsonl(corpus, response, { settled }).then(
      () => response.end(),
      () => response.destroy(),
    )
  }

  /** A consistent copy of the corpus file, made for this download and removed after it. */
  const streamCopy = async (response: ServerResponse): Promise<void> => {
    const folder = mkdtempSync(join(tmpdir(), 'marginalia-copy-'))
    const copy = join(folder, basename(corpus.path))
    const cleanUp = (): void => rmSync(folder, { recursive: true, force: true })
    try {
      await copyCorpus(corpus.path, copy)
    } catch (error) {
      cleanUp()
      send(response, 500, `the copy could not be made: ${toCorpusError(error).message}`)
      return
    }
    response.writeHead(200, {
      'content-type': 'application/vnd.sqlite3',
      'content-disposition': attachment(basename(corpus.path)),
    })
    const stream = createReadStream(copy)
    stream.on('close', cleanUp)
    stream.on('error', () => response.destroy())
    stream.pipe(response)
  }

  const callApi = (request: IncomingMessage, response: ServerResponse, name: string): void => {
    if (!isOperationName(name)) {
      send(response, 404, 'no such operation')
      return
    }
    readBody(request)
      .then((body) => {
        let args: unknown
        try {
          args = JSON.parse(body === '' ? '{}' : body)
        } catch (error) {
          send(response, 400, `bad request: the body is not JSON (${(error as Error).message})`)
          return
        }
        // No call takes more than a few levels; deeper ones would only overflow the stack of whatever recurses into them.
        if (tooDeep(args, MAX_RECORD_NESTING) !== null) {
          send(response, 400, `bad request: the body is nested more than ${MAX_RECORD_NESTING} levels deep`)
          return
        }
        send(response, 200, JSON.stringify(callOperation(name, args)), 'application/json')
      })
      .catch((error: unknown) => {
        if (error instanceof BodyTooLarge) send(response, 413, `request body too large: the API takes at most ${MAX_BODY_BYTES >> 20} MiB`)
        else if (error instanceof BodyNotUtf8) send(response, 400, 'bad request: the body is not valid UTF-8')
        else if (error instanceof RequestCutOff) response.destroy()
        else send(response, 500, `the server could not answer: ${firstLine(error)}`)
      })
  }

  const route = (request: IncomingMessage, response: ServerResponse): void => {
    const path = requestPath(request.url)
    if (path === null) return send(response, 400, 'bad request: not a path this server serves')
    if (lacksHost(request)) return send(response, 400, 'bad request: no Host header')
    const foreign = foreignRequest(request, port)
    if (foreign !== null) return send(response, 403, `refused: ${foreign}`)
    const method = request.method ?? ''
    const withToken = (act: () => void): void =>
      carriesToken(request, token) ? act() : send(response, 403, `refused: the corpus needs the ${TOKEN_HEADER} header`)

    if (path.startsWith('/api/')) {
      if (method !== 'POST') return send(response, 405, 'the API takes POST')
      return withToken(() => callApi(request, response, path.slice('/api/'.length)))
    }
    if (path === '/download-ticket') {
      if (method !== 'POST') return send(response, 405, 'ask for a ticket with POST')
      const download = downloadNamed(new URL(request.url ?? '/', 'http://127.0.0.1').searchParams.get('of'))
      return withToken(() => send(response, 200, JSON.stringify({ url: `/download/${tickets.issue(download)}` }), 'application/json'))
    }
    if (method !== 'GET' && method !== 'HEAD') return send(response, 405, 'method not allowed')
    if (path === '/export.jsonl') return withToken(() => streamExport(response))
    if (path.startsWith('/download/')) {
      const download = tickets.redeem(path.slice('/download/'.length))
      if (download === 'export' || download === 'settled') return streamExport(response, download === 'settled')
      if (download === 'copy') return void streamCopy(response) // it answers its own failures
      return send(response, 404, 'this download address has been used or has expired')
    }
    const file = rendererFileFor(options.rendererDir, path)
    if (file === null && path === '/favicon.ico') return send(response, 204, '') // no icon built: nothing, and no 404 logged
    if (file === null) return send(response, 404, 'not found')
    sendFile(response, file, method === 'HEAD')
  }

  const requestTimeout = options.requestTimeoutMs ?? 30_000
  const withCommonHeaders = (response: ServerResponse): void => {
    response.on('error', () => response.destroy())
    for (const [name, value] of Object.entries(COMMON_HEADERS)) response.setHeader(name, value)
  }
  const server: Server = createServer(
    {
      requestTimeout,
      headersTimeout: Math.min(requestTimeout, 10_000),
      connectionsCheckingInterval: Math.min(requestTimeout / 3, 5_000),
      // A request without Host reaches `route`, which refuses it with this server's headers, not Node's own 400.
      requireHostHeader: false,
    },
    (request, response) => {
      withCommonHeaders(response)
      try {
        route(request, response)
      } catch {
        send(response, 500, 'internal error')
      }
    },
  )
  server.on('clientError', answerUnreadable)
  server.on('connect', refuseTunnel)
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // The path exactly as written (not decoded, so `/api%2Fsocket` is not it), without a query.
    if ((request.url ?? '').split('?')[0] !== API_SOCKET_PATH) return refuseUpgrade(request, socket)
    if (lacksHost(request)) return answerOnSocket(socket, 400, 'bad request: no Host header')
    const foreign = foreignRequest(request, port)
    if (foreign !== null) return answerOnSocket(socket, 403, `refused: ${foreign}`)
    apiSocket.accept(request, socket, head)
  })
  // An `Expect` other than 100-continue: answered here rather than by Node's own 417 without our headers.
  server.on('checkExpectation', (request: IncomingMessage, response: ServerResponse) => {
    withCommonHeaders(response)
    response.shouldKeepAlive = false // its body, unread, must not be taken for the next request
    send(response, 417, `the expectation ${JSON.stringify(request.headers.expect ?? '')} cannot be met`)
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenFailure(error, options.port ?? 0)))
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  port = (server.address() as AddressInfo).port
  return {
    url: `${serverOrigin(port)}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        // Stop listening and end every connection; any connection still open after a moment (one accepted as
        // the server closed, or taken over by an upgrade) is not waited for: stopping must not hang.
        const giveUp = setTimeout(resolve, CLOSE_WAIT_MS)
        server.close(() => {
          clearTimeout(giveUp)
          resolve()
        })
        server.closeAllConnections()
        apiSocket.close()
      }),
  }
}

/** Why the server could not listen on `port`, in words (Node's say `listen EADDRINUSE: address already in use`). */
function listenFailure(error: NodeJS.ErrnoException, port: number): Error {
  const where = `port ${port} of 127.0.0.1`
  if (error.code === 'EADDRINUSE') return new Error(`${where} is taken by another program (another marginalia serve?): choose another with --port N, or leave --port out for a free one`, { cause: error })
  if (error.code === 'EACCES') return new Error(`${where} may not be used by this user (ports below 1024 need privileges): choose another with --port N`, { cause: error })
  return error
}
