/**
 * JSON Lines: one document per line. Import reads Marginalia's own shape and those of Prodigy, spaCy and
 * doccano (see `import/record.ts`); export writes Marginalia's shape (docs/jsonl.md), offsets in code points
 * unless `--offsets` asks for another unit.
 */
import type { Writable } from 'node:stream'
import type { ExportedDocument } from '../../shared/corpus-types'
import { drained } from '../export/jsonl'
import { jsonLine } from '../export/json-line'
import { LineBuffer } from '../export/line-buffer'
import { readLines, decodeUtf8, notUtf8Reason } from '../import/lines'
import { parseImportRecord, RecordError } from '../import/record'
import { defaultId } from './default-ids'
import { jsonTextProblem } from './w3c-json-input'
import { readFailure } from '../errors'
import type { Format, InputFile, InputRecord, ReadContext, WriteContext } from './format'
import { TextUnits } from './units'

function* read(input: InputFile, context: ReadContext): Generator<InputRecord> {
  try {
    for (const line of readLines(input.path, context.onBytes)) {
      const where = { file: input.path, line: line.number }
      const text = decodeUtf8(line.bytes)
      if (text === null) {
        yield { ...where, error: notUtf8Reason(line.bytes) }
        continue
      }
      if (text.trim() === '') continue
      let value: unknown
      try {
        value = JSON.parse(text)
      } catch (error) {
        const reason = error instanceof RangeError ? 'nested too deeply to read' : (error as Error).message
        // Lines ended by a CR alone (classic Mac OS) read as one line: JSON Lines ends lines with LF (or CRLF).
        // A byte order mark inside a file: files joined end to end (cat), each with its own. JSON.parse shows it as an invisible character.
        if (/^[ \t]*\ufeff/u.test(text)) yield { ...where, error: 'invalid JSON: the line starts with a byte order mark (U+FEFF), which only the very start of a file may have (were files joined end to end?): remove it' }
        else if (/\r(?!\n)/u.test(text.trimEnd())) yield { ...where, error: `invalid JSON: ${reason}; its lines end in a CR alone, which JSON Lines does not use: end them with LF (or CRLF)` }
        else yield { ...where, error: line.terminated ? `invalid JSON: ${reason}` : `the last line is truncated (invalid JSON and no line end): ${reason}` }
        continue
      }
      const problem = jsonTextProblem(text, value)
      if (problem !== null) {
        yield { ...where, error: problem }
        continue
      }
      try {
        const { document, notes } = parseImportRecord(value, { offsets: context.offsets ?? 'codepoints', answers: context.answers })
        // An object literal of its own (not a spread of `where`): V8 would give every record a hidden class of its own.
        const id = document.id ?? idOf(document.meta._input_hash, defaultId(input, line.number, document.text), context)
        yield { file: input.path, line: line.number, document: { ...document, id }, notes }
      } catch (error) {
        if (!(error instanceof RecordError)) throw error
        for (const reason of error.reasons) yield { ...where, error: reason }
      }
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === undefined) throw error
    yield { file: input.path, line: null, ...readFailure(error) }
  }
}

/**
 * The id of a record without one: that of the run's first record with the same Prodigy `_input_hash` (an answer
 * on an input answered before, by another analyst or in another task), or of the corpus's document with it (an
 * earlier run's), else `own`.
 */
function idOf(inputHash: unknown, own: string, context: ReadContext): string {
  if (context.inputIds === undefined || (typeof inputHash !== 'number' && typeof inputHash !== 'string')) return own
  const key = `${typeof inputHash}:${inputHash}`
  const first = context.inputIds.get(key) ?? context.storedInputId?.(key)
  if (first !== undefined) return first
  context.inputIds.set(key, own)
  return own
}

/** A document with its offsets counted in `context.offsets` (code points by default). */
export function withOffsetsIn(document: ExportedDocument, context: Pick<WriteContext, 'offsets'>): ExportedDocument {
  if (context.offsets === undefined || context.offsets === 'codepoints') return document
  const units = new TextUnits(document.text, context.offsets)
  return { ...document, spans: document.spans.map((span) => ({ ...span, start: units.fromCodePoints(span.start), end: units.fromCodePoints(span.end) })) }
}

async function write(documents: Iterable<ExportedDocument>, out: Writable | string, context: WriteContext) {
  const stream = out as Writable
  const lines = new LineBuffer(stream)
  for (const document of documents) {
    if (!lines.add(jsonLine(withOffsetsIn(document, context)))) await drained(stream)
  }
  if (!lines.flush()) await drained(stream)
  return { documents: lines.count, notes: context.offsets !== undefined && context.offsets !== 'codepoints' ? [`offsets count ${context.offsets === 'utf16' ? 'UTF-16 code units' : 'UTF-8 bytes'}`] : [] }
}

/** JSON Lines, Marginalia's own format. */
export const jsonlFormat: Format = {
  name: 'jsonl',
  description: "one document per line: Marginalia's own shape (read and written), Prodigy, spaCy and doccano (read)",
  extensions: ['.jsonl', '.ndjson'],
  reader: { read },
  writer: { target: 'stream', write },
}
