/**
 * The renderer's files are answered in the same task as their request: streamed, the page's script waited
 * between chunks, and a long document's answer (hundreds of milliseconds of synchronous reading) taken in
 * between held the editor's code back on a first visit.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import type { ServerResponse } from 'node:http'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { sendFile } from '../../src/server/static-files'
import { scratch } from '../helpers'

/** A response that records what it is handed, and when. */
function recordingResponse() {
  const seen = { status: 0, headers: {} as Record<string, unknown>, body: null as Buffer | null, ended: false, destroyed: false }
  const response = {
    writeHead(status: number, headers: Record<string, unknown>) {
      seen.status = status
      seen.headers = headers
      return this
    },
    end(body?: Buffer) {
      seen.ended = true
      seen.body = body ?? null
      return this
    },
    destroy() {
      seen.destroyed = true
      return this
    },
  }
  return { response: response as unknown as ServerResponse, seen }
}

describe('serving a file of the renderer', () => {
  const bytes = Buffer.from(`console.log(${JSON.stringify('ü'.repeat(300_000))})`)
  /** A script of 600 kB, as large as the page's own. */
  const script = () => {
    const file = join(scratch(), 'app.js')
    writeFileSync(file, bytes)
    return file
  }

  it('hands the whole file to the socket before it returns, with its length', () => {
    const { response, seen } = recordingResponse()
    const file = script()
    sendFile(response, file, false)
    expect(seen.ended).toBe(true)
    expect(seen.status).toBe(200)
    expect(seen.body?.equals(readFileSync(file))).toBe(true)
    expect(seen.headers['content-length']).toBe(bytes.length)
    expect(seen.headers['content-type']).toMatch(/javascript/)
  })

  it('answers HEAD with the headers only', () => {
    const { response, seen } = recordingResponse()
    sendFile(response, script(), true)
    expect(seen).toMatchObject({ status: 200, ended: true, body: null })
    expect(seen.headers['content-length']).toBe(bytes.length)
  })

  it('drops the connection when the file cannot be read', () => {
    const { response, seen } = recordingResponse()
    sendFile(response, join(scratch(), 'gone.js'), false)
    expect(seen).toMatchObject({ destroyed: true, status: 0 })
  })
})
