/** Plain text: a `.txt` file is one document, its id and title the file's name; nothing is annotated. */
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { fileError } from '../errors'
import { decodeUtf8, firstInvalidUtf8Line } from '../import/lines'
import { normaliseText } from '../import/normalise'
import type { ParsedDocument } from '../import/record'
import type { Format, InputFile, InputRecord, ReadContext } from './format'

/** A document with no annotations. */
export function bareDocument(id: string, title: string, text: string): ParsedDocument & { id: string } {
  return { id, title, text, meta: {}, status: undefined, createdAt: undefined, updatedAt: undefined, spans: [], relations: [], labels: [] }
}

/** The text of a file, decoded strictly as UTF-8 and normalised (BOM dropped, CRLF/CR to LF), or why not. */
export function readText(path: string, onBytes: (count: number) => void): { text: string } | { line: number | null; error: string } {
  let bytes: Buffer
  try {
    bytes = readFileSync(path)
  } catch (error) {
    return { line: null, error: fileError(path, error, 'read').message.slice(path.length + 2) }
  }
  onBytes(bytes.length)
  const decoded = decodeUtf8(bytes)
  if (decoded === null) return { line: firstInvalidUtf8Line(bytes), error: 'not valid UTF-8' }
  return { text: normaliseText(decoded).text }
}

function* read(input: InputFile, context: ReadContext): Generator<InputRecord> {
  const result = readText(input.path, context.onBytes)
  if ('error' in result) yield { file: input.path, line: result.line, error: result.error }
  else yield { file: input.path, line: null, document: bareDocument(input.idBase, basename(input.idBase), result.text) }
}

/** Plain text files. */
export const textFormat: Format = {
  name: 'txt',
  description: 'plain text, one document per file (id and title from the file name); import only',
  extensions: ['.txt'],
  reader: { read },
}
