/** Reading one input file whole as strict UTF-8, for the readers that take a file at once (text, brat, W3C, Label Studio). */
import { readFileSync } from 'node:fs'
import { fileError } from '../errors'
import { decodeUtf8, firstInvalidUtf8Line, notUtf8Reason } from '../import/lines'

/** A file's text, or why it could not be read (with the line, where there is one). */
export type FileText = { text: string } | { line: number | null; error: string }

/** Reads `path` as strict UTF-8, exactly as it is (a byte order mark kept); tells `onBytes` how much it read. */
export function readUtf8File(path: string, onBytes: (count: number) => void): FileText {
  let bytes: Buffer
  try {
    bytes = readFileSync(path)
  } catch (error) {
    return { line: null, error: fileError(path, error, 'read').message.slice(path.length + 2) }
  }
  onBytes(bytes.length)
  const text = decodeUtf8(bytes)
  return text === null ? { line: firstInvalidUtf8Line(bytes), error: notUtf8Reason(bytes) } : { text }
}
