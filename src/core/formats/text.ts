/** Plain text: a `.txt` file is one document, its id and title the file's name; nothing is annotated. */
import { basename } from 'node:path'
import { normaliseText } from '../import/normalise'
import type { ParsedDocument } from '../import/record'
import { defaultId } from './default-ids'
import type { Format, InputFile, InputRecord, ReadContext } from './format'
import { readUtf8File, type FileText } from './utf8-file'

/** A document with no annotations. */
export function bareDocument(id: string, title: string, text: string): ParsedDocument & { id: string } {
  return { id, title, text, meta: {}, status: undefined, createdAt: undefined, updatedAt: undefined, spans: [], relations: [], labels: [] }
}

/** The text of a file, decoded strictly as UTF-8 and normalised (BOM dropped, CRLF/CR to LF), or why not. */
export function readText(path: string, onBytes: (count: number) => void): FileText {
  const file = readUtf8File(path, onBytes)
  return 'error' in file ? file : { text: normaliseText(file.text).text }
}

function* read(input: InputFile, context: ReadContext): Generator<InputRecord> {
  const result = readText(input.path, context.onBytes)
  if ('error' in result) yield { file: input.path, ...result }
  // A file with no text (empty, or white space alone) holds nothing to annotate: no document, said as for an empty file of any format.
  else if (result.text.trim() !== '') {
    const id = defaultId(input, undefined, result.text)
    yield { file: input.path, line: null, document: bareDocument(id, basename(id), result.text) }
  }
}

/** Plain text files. */
export const textFormat: Format = {
  name: 'txt',
  description: 'plain text, one document per file (id and title from the file name); import only',
  extensions: ['.txt'],
  reader: { read },
}
