/** Reading one input file whole as strict UTF-8, for the readers that take a file at once (text, brat, W3C, Label Studio). */
import { readFileSync } from 'node:fs'
import { readFailure } from '../errors'
import { decodeUtf8, firstInvalidUtf8Line, notUtf8Reason, nulBytesReason } from '../import/lines'

/**
 * A file's text, or why it could not be read (with the line, where there is one); `unreadable` when the system
 * refused to read it at all (see `InputRecord`).
 */
export type FileText = { text: string } | { line: number | null; error: string; unreadable?: boolean }

/** Reads `path` as strict UTF-8, exactly as it is (a byte order mark kept); tells `onBytes` how much it read. */
export function readUtf8File(path: string, onBytes: (count: number) => void): FileText {
  let bytes: Buffer
  try {
    bytes = readFileSync(path)
  } catch (error) {
    return { line: null, ...readFailure(error) }
  }
  onBytes(bytes.length)
  const text = decodeUtf8(bytes)
  if (text === null) return { line: firstInvalidUtf8Line(bytes), error: notUtf8Reason(bytes) }
  // Valid UTF-8, but with NUL bytes: UTF-16 without a byte order mark, or a binary file, not text.
  const nul = text.includes('\0') ? nulBytesReason(bytes) : null
  if (nul !== null) return { line: text.slice(0, text.indexOf('\0')).split('\n').length, error: `not text${nul}` }
  return { text }
}
