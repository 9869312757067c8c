/** Raw-socket helpers for the server tests: what the server answers to bytes no HTTP client would send. */
import { connect } from 'node:net'

/** Sends raw bytes and resolves with whatever the server answered before closing (or after `waitMs`). */
export function raw(
  port: number,
  chunks: (string | Buffer)[],
  options: { gapMs?: number; waitMs?: number; abort?: boolean; reset?: boolean } = {},
): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    let answer = ''
    const done = () => {
      if (options.reset) socket.resetAndDestroy()
      else socket.destroy()
      resolve(answer)
    }
    socket.on('data', (data) => (answer += data.toString('latin1')))
    socket.on('error', () => done())
    socket.on('close', () => resolve(answer))
    socket.on('connect', async () => {
      for (const chunk of chunks) {
        if (socket.destroyed) break
        socket.write(chunk)
        if (options.gapMs) await new Promise((r) => setTimeout(r, options.gapMs))
      }
      if (options.abort || options.reset) return done()
      setTimeout(done, options.waitMs ?? 1000)
    })
  })
}

/** The status code of a raw answer, or 0 if there was none. */
export const statusOf = (answer: string): number => Number(/^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1] ?? 0)

/** The head of a raw answer (status line and headers), lower-cased. */
export const headOf = (answer: string): string => answer.split('\r\n\r\n')[0].toLowerCase()
