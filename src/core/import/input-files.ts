/**
 * What an import reads: the files named and those found in named folders, and the documents in each, one at
 * a time (a `.txt` file is one document; a `.jsonl` file one per line), each either parsed or with the reason
 * it cannot be.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, extname, join, relative } from 'node:path'
import { InputError } from '../errors'
import { decodeUtf8, firstInvalidUtf8Line, readLines } from './lines'
import { normaliseText } from './normalise'
import { parseImportRecord, RecordError, type ParsedDocument } from './record'

/** One input file and how its documents are named. */
export interface InputFile {
  path: string
  kind: 'txt' | 'jsonl'
  /** Default id: for `.txt` the document's id, for `.jsonl` the prefix of `<prefix>-<line>`. */
  idBase: string
  size: number
}

/** A document read from an input file, or why it could not be; `line` is null for a whole `.txt` file. */
export type InputRecord =
  | { file: string; line: number | null; document: ParsedDocument & { id: string } }
  | { file: string; line: number | null; error: string }

function inputKind(path: string): 'txt' | 'jsonl' | undefined {
  const extension = extname(path).toLowerCase()
  return extension === '.txt' ? 'txt' : extension === '.jsonl' ? 'jsonl' : undefined
}

function stem(path: string): string {
  return path.slice(0, path.length - extname(path).length)
}

/** The reason an operating system error gives, as a person reads it. */
function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied'
  if (code === 'ENOENT') return 'no such file or folder'
  if (code === 'EISDIR') return 'is a folder'
  return (error as Error).message
}

/** The files an import of `paths` reads: named files, and `.txt`/`.jsonl` files found in named folders. */
export function listInputFiles(paths: readonly string[]): InputFile[] {
  const files: InputFile[] = []
  const walk = (folder: string, root: string): void => {
    let entries
    try {
      entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))
    } catch (error) {
      throw new InputError(folder, null, `cannot be read: ${reasonOf(error)}`)
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue
      const path = join(folder, entry.name)
      if (entry.isDirectory()) walk(path, root)
      else {
        const kind = inputKind(path)
        if (entry.isFile() && kind !== undefined) {
          files.push({ path, kind, idBase: stem(relative(root, path)).split('\\').join('/'), size: statSync(path).size })
        }
      }
    }
  }
  for (const path of paths) {
    let stats
    try {
      stats = statSync(path)
    } catch (error) {
      throw new InputError(path, null, reasonOf(error))
    }
    if (stats.isDirectory()) walk(path, path)
    else {
      const kind = inputKind(path)
      if (kind === undefined) throw new InputError(path, null, 'cannot import this kind of file (expected .txt, .jsonl or a folder)')
      files.push({ path, kind, idBase: stem(basename(path)), size: stats.size })
    }
  }
  return files
}

/** The document in a `.txt` file. */
function* textRecords(file: InputFile, onBytes: (count: number) => void): Generator<InputRecord> {
  let bytes: Buffer
  try {
    bytes = readFileSync(file.path)
  } catch (error) {
    yield { file: file.path, line: null, error: `cannot be read: ${reasonOf(error)}` }
    return
  }
  onBytes(bytes.length)
  const decoded = decodeUtf8(bytes)
  if (decoded === null) {
    yield { file: file.path, line: firstInvalidUtf8Line(bytes), error: 'not valid UTF-8' }
    return
  }
  const document: ParsedDocument & { id: string } = {
    id: file.idBase,
    title: basename(file.idBase),
    text: normaliseText(decoded).text,
    meta: {},
    status: undefined,
    createdAt: undefined,
    updatedAt: undefined,
    spans: [],
    relations: [],
    labels: [],
  }
  yield { file: file.path, line: null, document }
}

/** The documents of a `.jsonl` file, one per non-blank line. */
function* jsonlRecords(file: InputFile, onBytes: (count: number) => void): Generator<InputRecord> {
  let lines
  try {
    lines = readLines(file.path, onBytes)
    for (const line of lines) {
      const where = { file: file.path, line: line.number }
      const text = decodeUtf8(line.bytes)
      if (text === null) {
        yield { ...where, error: 'not valid UTF-8' }
        continue
      }
      if (text.trim() === '') continue
      let value: unknown
      try {
        value = JSON.parse(text)
      } catch (error) {
        const reason = error instanceof RangeError ? 'nested too deeply to read' : (error as Error).message
        yield { ...where, error: line.terminated ? `invalid JSON: ${reason}` : `the last line is truncated (invalid JSON and no line end): ${reason}` }
        continue
      }
      try {
        const document = parseImportRecord(value)
        yield { ...where, document: { ...document, id: document.id ?? `${file.idBase}-${line.number}` } }
      } catch (error) {
        if (!(error instanceof RecordError)) throw error
        yield { ...where, error: error.message }
      }
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === undefined) throw error
    yield { file: file.path, line: null, error: `cannot be read: ${reasonOf(error)}` }
  }
}

/** The documents of an input file, in order; `onBytes` is told how many bytes each read consumed. */
export function readRecords(file: InputFile, onBytes: (count: number) => void): Generator<InputRecord> {
  return file.kind === 'txt' ? textRecords(file, onBytes) : jsonlRecords(file, onBytes)
}
