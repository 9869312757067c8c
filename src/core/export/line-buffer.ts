/**
 * Lines of text encoded as UTF-8 straight into one large buffer and handed to a stream a whole buffer at a
 * time. One `write` per document made the export wait on the stream's `drain` for every line, and
 * `Buffer.from` of large non-Latin strings is slow on Node 20; `buf.write` into a buffer made in advance is not.
 */
import type { Writable } from 'node:stream'

/** How many bytes are gathered before they are written (the default). */
export const LINE_BUFFER_BYTES = 2 * 1024 * 1024

/** The most bytes one UTF-16 code unit can take in UTF-8 (a lone surrogate becomes the 3-byte U+FFFD). */
const MAX_BYTES_PER_UNIT = 3

/** Lines gathered into large buffers for `out`. Call `flush` after the last line. */
export class LineBuffer {
  private buffer: Buffer
  private used = 0
  /** A buffer the stream has finished writing, to be filled again. */
  private spare: Buffer | null = null
  /** How many lines have been added. */
  count = 0

  constructor(
    private readonly out: Writable,
    private readonly size = LINE_BUFFER_BYTES,
  ) {
    this.buffer = Buffer.allocUnsafeSlow(size)
  }

  /**
   * Adds `line` and a line end. Returns false when it had to write to `out` and `out` asked the writer to
   * wait for `drain` before writing more (as `Writable.write` does).
   */
  add(line: string): boolean {
    this.count++
    const most = line.length * MAX_BYTES_PER_UNIT + 1
    let ready = true
    if (most > this.size - this.used) ready = this.flush()
    if (most > this.size) {
      // Longer than a whole buffer could hold: a buffer of its own, written at once.
      const own = Buffer.allocUnsafeSlow(most)
      const length = own.write(line, 0)
      own[length] = 0x0a
      return this.out.write(own.subarray(0, length + 1)) && ready
    }
    this.used += this.buffer.write(line, this.used)
    this.buffer[this.used++] = 0x0a
    return ready
  }

  /**
   * Writes what has been gathered to `out`. Returns false when `out` asked the writer to wait for `drain`.
   * The stream holds on to the buffer until it is written, so the next lines go into the other of two
   * buffers (or a new one, while both are still waiting to be written): memory stays at a few buffers
   * instead of a trail of them waiting for the garbage collector.
   */
  flush(): boolean {
    if (this.used === 0) return true
    const full = this.buffer
    const length = this.used
    this.buffer = this.spare ?? Buffer.allocUnsafeSlow(this.size)
    this.spare = null
    this.used = 0
    return this.out.write(full.subarray(0, length), () => {
      this.spare = full
    })
  }
}
