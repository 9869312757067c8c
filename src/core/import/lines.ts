/**
 * Reading input files synchronously, line by line, as raw bytes with their line numbers, so that invalid UTF-8
 * is reported with the line it is on and a whole import can run inside one synchronous transaction.
 */
import { closeSync, openSync, readSync } from 'node:fs'

/** One line of a file, without its line feed. */
export interface RawLine {
  /** 1-based line number. */
  number: number
  bytes: Buffer
  /** False for a last line that has no line feed after it. */
  terminated: boolean
}

const CHUNK_SIZE = 1 << 20

/** The UTF-8 byte order mark, which editors on Windows put at the start of a file: not part of its first line. */
const BOM = Buffer.from([0xef, 0xbb, 0xbf])

/** The lines of the file at `path`, a byte order mark at its start left out; `onBytes` is told how many bytes each read consumed. */
export function* readLines(path: string, onBytes?: (count: number) => void): Generator<RawLine> {
  let first = true
  for (const line of splitLines(path, onBytes)) {
    if (first && line.bytes.subarray(0, BOM.length).equals(BOM)) line.bytes = line.bytes.subarray(BOM.length)
    first = false
    yield line
  }
}

/** The lines of the file at `path`, as they are. */
function* splitLines(path: string, onBytes?: (count: number) => void): Generator<RawLine> {
  const fd = openSync(path, 'r')
  try {
    const chunk = Buffer.allocUnsafe(CHUNK_SIZE)
    let pending: Buffer[] = []
    let number = 0
    for (;;) {
      const read = readSync(fd, chunk, 0, CHUNK_SIZE, null)
      if (read === 0) break
      onBytes?.(read)
      let from = 0
      for (;;) {
        const newline = chunk.indexOf(0x0a, from)
        if (newline === -1 || newline >= read) break
        const piece = chunk.subarray(from, newline)
        const bytes = pending.length === 0 ? Buffer.from(piece) : Buffer.concat([...pending, piece])
        pending = []
        yield { number: ++number, bytes, terminated: true }
        from = newline + 1
      }
      if (from < read) pending.push(Buffer.from(chunk.subarray(from, read)))
    }
    if (pending.length > 0) yield { number: ++number, bytes: Buffer.concat(pending), terminated: false }
  } finally {
    closeSync(fd)
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** Decodes UTF-8 bytes, or returns null if they are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return strictUtf8.decode(bytes)
  } catch {
    return null
  }
}

/**
 * Why `bytes` (a file, or one of its lines) are not UTF-8, in the words an error gives: saying so when they are
 * UTF-16 (a byte order mark, or every other byte zero, as Windows' "Unicode" saves text), which only a
 * conversion fixes.
 */
export function notUtf8Reason(bytes: Uint8Array): string {
  return `not valid UTF-8${nulBytesReason(bytes) ?? ''}`
}

/**
 * Why bytes with NUL bytes are not text to import (`: it looks like UTF-16...`), or null if they hold none (and
 * have no UTF-16 byte order mark). NUL bytes are valid UTF-8, so UTF-16 of Latin text decodes without an error.
 */
export function nulBytesReason(bytes: Uint8Array): string | null {
  const sample = bytes.subarray(0, 400)
  // UTF-32: its byte order mark (FF FE 00 00, 00 00 FE FF), or Latin text's three zeros in every four bytes.
  const bom32 = (bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0) || (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff)
  const quads = Math.floor(sample.length / 4)
  let zeroTriples = 0
  for (let q = 0; q < quads; q++) if ([0, 1, 2, 3].filter((i) => sample[q * 4 + i] === 0).length === 3) zeroTriples++
  if (bom32 || (quads >= 2 && zeroTriples >= 0.8 * quads)) return ': it looks like UTF-32; save it as UTF-8 and import it again'
  const bom = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)
  // UTF-16 of mostly Latin text has a zero in every other byte, all on one side (even or odd); binary data has them anywhere.
  const zeros = [0, 0]
  sample.forEach((byte, i) => byte === 0 && zeros[i % 2]++)
  const half = sample.length / 2
  const oneSide = Math.max(...zeros) >= 0.4 * half && Math.min(...zeros) <= 0.05 * half
  if (bom || (sample.length >= 4 && oneSide)) return ': it looks like UTF-16; save it as UTF-8 and import it again'
  // A NUL in text that is otherwise valid UTF-8 is text's (a stray control character, kept as it is, as a
  // Marginalia export of such a text writes it); binary data has NULs among bytes that are no UTF-8.
  if ((zeros[0] + zeros[1] > 0 || bytes.includes(0)) && !isUtf8Start(sample)) return ': it holds NUL bytes, as binary files do, not text'
  return null
}

/** True if `bytes` is valid UTF-8, but for a character cut off at its end. */
function isUtf8Start(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true })
    return true
  } catch {
    return false
  }
}

/** 1-based number of the first line of `bytes` that is not valid UTF-8, or null if all of it is. */
export function firstInvalidUtf8Line(bytes: Buffer): number | null {
  let line = 1
  let from = 0
  while (from <= bytes.length) {
    let newline = bytes.indexOf(0x0a, from)
    if (newline === -1) newline = bytes.length
    if (decodeUtf8(bytes.subarray(from, newline)) === null) return line
    line++
    from = newline + 1
  }
  return null
}
