/**
 * Writing into a FIFO named as the output (`mkfifo out; marginalia export c -o out`) without tying up a
 * thread: opened non-blocking, so that waiting for a reader is a timer, and written through a socket on the
 * event loop, so that a reader that stops reading is waited for by the loop, not by a thread. Either way Ctrl+C
 * is heard at once, and nothing is left behind that the process would have to wait for to end.
 */
import { constants, openSync } from 'node:fs'
import { Socket } from 'node:net'
import type { Writable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import { ExportStoppedError } from './jsonl'

/** How often an export looks again for a reader of its FIFO. */
const READER_POLL_MS = 50

/** A stream into the FIFO at `path`, once a reader has opened it; ExportStoppedError if `signal` is aborted first. */
export async function openFifo(path: string, signal: AbortSignal | undefined): Promise<Writable> {
  for (;;) {
    if (signal?.aborted) throw new ExportStoppedError()
    try {
      const fd = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK)
      return new Socket({ fd, readable: false, writable: true }) // owns fd
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENXIO') throw error // ENXIO: no reader yet
    }
    await sleep(READER_POLL_MS, undefined, { signal }).catch(() => undefined)
  }
}
