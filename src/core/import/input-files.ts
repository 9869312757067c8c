/**
 * What an import reads: the files named, and those found in named folders (each read as the format its
 * extension or content says, or the one `--format` names), with what a folder held that is not imported
 * listed by kind, so that nothing is passed over without a word.
 */
import { readdirSync, realpathSync, statSync } from 'node:fs'
import { basename, extname, isAbsolute, join, relative, sep } from 'node:path'
import { cannotBeRead, InputError, refusedBySystem, systemErrorKind } from '../errors'
import { nulBytesReason } from './lines'
import { databaseKindAt } from '../db/file-kind'
import { headOf } from '../files'
import { readUtf8File } from '../formats/utf8-file'
import { parseJsonFile } from '../formats/w3c-json-input'
import { SiblingFiles, withoutExtension } from './sibling-files'
import type { Format, InputFile, InputRecord, ReadContext } from '../formats/format'
import { streamIdBase } from '../formats/default-ids'
import { formatNamed, formatOfFile, readableExtensions } from '../formats/registry'

export type { InputFile, InputRecord }

/** The files an import reads, and what folders held that it does not, by kind (`.csv`, `hidden`...). */
export interface InputListing {
  files: InputFile[]
  skipped: Record<string, string[]>
}

const stem = withoutExtension

/** A `.txt` file's brat annotations, if the brat format is known and an `.ann` file (or `.ANN`) sits beside it. */
function bratCompanion(path: string, siblings: SiblingFiles): string | undefined {
  if (formatNamed('brat') === undefined || extname(path).toLowerCase() !== '.txt') return undefined
  return siblings.of(path, '.ann')
}

/** How an input file is read: as `forced` if given, else by what the file is. */
function inputOf(path: string, idBase: string, size: number, forced: Format | undefined, siblings: SiblingFiles): InputFile | undefined {
  const companion = bratCompanion(path, siblings)
  if (forced !== undefined) {
    if (forced.name === 'brat' && companion === undefined) return undefined
    return { path, format: forced.name, idBase, size: size + (companion === undefined ? 0 : statSync(companion).size), companion }
  }
  if (companion !== undefined) return { path, format: 'brat', idBase, size: size + statSync(companion).size, companion }
  const format = formatOfFile(path)
  return format === undefined ? undefined : { path, format: format.name, idBase, size }
}

/** The brat configuration files read as a folder's label set (see `bratLabelSetOfInputs`). */
const BRAT_CONFIGURATION = new Set(['annotation.conf', 'visual.conf'])

/** The kind a skipped file is listed under. */
function kindOf(path: string): string {
  const extension = extname(path).toLowerCase()
  if (extension === '.ann') return '.ann without its .txt'
  return extension === '' ? 'no extension' : extension
}

/** The problem of a path the system would not let us look at: unreadable (a failure of storage) unless it is only missing, which is bad input. */
function pathProblem(path: string, error: unknown, reason: string): InputError {
  return new InputError(path, null, reason, refusedBySystem(error))
}

/**
 * The inputs an import of `paths` reads. A file named is read as its format, or refused if it has none; a
 * folder is searched, and what it holds that is not read is listed in `skipped`. `format` reads every input
 * as that format.
 */
export function listInputFiles(paths: readonly string[], format?: string): InputListing {
  const forced = format === undefined ? undefined : formatNamed(format)
  if (format !== undefined && forced?.reader === undefined) throw new InputError(format, null, 'is not a format Marginalia reads (see marginalia formats)')
  const files: InputFile[] = []
  const skipped: Record<string, string[]> = {}
  const skip = (kind: string, path: string): void => void (skipped[kind] ??= []).push(path)
  // A file reached by two names (`in.jsonl ./in.jsonl`, a folder and a file in it, overlapping globs, a symbolic
  // link) would be read twice, and its records refused as repeating their own ids: it is refused as named twice
  // instead. Files are told apart by their real paths (two hard links are two names, each its own document).
  const named = new Map<string, string>()
  const take = (input: InputFile, real: string): void => {
    const first = named.get(real)
    if (first !== undefined) throw new InputError(input.path, null, `is the file ${first} again (named twice, or a link to it): name it once`)
    named.set(real, input.path)
    files.push(input)
  }
  const siblings = new SiblingFiles()
  const walk = (folder: string, root: string, realRoot: string): void => {
    let entries
    try {
      entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))
    } catch (error) {
      throw pathProblem(folder, error, cannotBeRead(error))
    }
    for (const entry of entries) {
      const path = join(folder, entry.name)
      if (entry.name.startsWith('.')) {
        if (entry.isDirectory()) skip(HIDDEN_FOLDER, `${path}/`)
        else skip('hidden', path)
        continue
      }
      if (entry.isDirectory()) {
        walk(path, root, realRoot)
        continue
      }
      if (!entry.isFile()) {
        skip('not a regular file', path)
        continue
      }
      // A brat .ann is read with its .txt; alone, it is listed.
      if (extname(path).toLowerCase() === '.ann' && formatNamed('brat') !== undefined && siblings.of(path, '.txt') !== undefined) continue
      // The brat configuration of the folder imported is read as its label set (brat-conf.ts).
      if (folder === root && BRAT_CONFIGURATION.has(entry.name)) continue
      // The .meta a brat export writes beside each pair is read with that pair.
      if (extname(path).toLowerCase() === '.meta' && formatNamed('brat') !== undefined && siblings.of(path, '.txt') !== undefined && siblings.of(path, '.ann') !== undefined) continue
      const input = inputOf(path, stem(relative(root, path)).split('\\').join('/'), statSync(path).size, forced, siblings)
      // A .json no format reads is listed, as another tool's file (a package.json, a tsconfig.json with comments)
      // would be; one that begins as an export does but is no JSON (cut short, say) refuses the run, as when named.
      const problem = input === undefined && extname(path).toLowerCase() === '.json' && beginsAsAnExport(path) ? jsonNoFormatReads(path).problem : undefined
      if (problem !== undefined) throw problem
      if (input === undefined) skip(kindOf(path), path)
      else take(input, join(realRoot, relative(root, path))) // the walk follows no links: real below its root
    }
  }
  // A stream is read once: named twice, the second would be read as empty.
  if (paths.filter((path) => path === STDIN).length > 1) throw new InputError(STDIN, null, 'standard input is named twice; it can be read only once: name it once')
  for (const path of paths) {
    if (path === STDIN) {
      files.push(standardInput(forced))
      continue
    }
    let stats
    try {
      stats = statSync(path)
    } catch (error) {
      throw pathProblem(path, error, systemErrorKind(error).reason)
    }
    if (stats.isDirectory()) {
      const before = files.length
      walk(path, path, realpathSync(path))
      if (files.length === before) throw new InputError(path, null, `holds no file to import (${inFolder(path, skipped)}; expected ${expectedFiles(forced)})`)
    } else if (!stats.isFile()) files.push(streamInput(path, forced)) // a named pipe, a device: read once, as it comes
    else {
      const input = inputOf(path, stem(basename(path)), stats.size, forced, siblings)
      const database = databaseGivenAsInput(path) // whatever it is called: a corpus named news.jsonl is no JSONL
      if (database !== null) throw new InputError(path, null, database)
      const notText = input === undefined ? notTextReason(path) : null
      if (notText !== null) throw new InputError(path, 1, notText)
      if (input === undefined && extname(path).toLowerCase() === '.ann' && formatNamed('brat') !== undefined) {
        const txt = siblings.of(path, '.txt')
        throw new InputError(path, null, `a brat .ann is read with the .txt of its text: name ${txt ?? `${stem(path)}.txt`}, or the folder`)
      }
      if (input === undefined && extname(path).toLowerCase() === '.json') {
        const read = jsonNoFormatReads(path)
        if (read.problem !== undefined) throw read.problem
        // Empty, it holds no records, as an empty file of any format.
        if (read.empty) {
          files.push({ path, format: 'label-studio', idBase: stem(basename(path)), size: stats.size })
          continue
        }
        throw new InputError(
          path,
          null,
          'is JSON, but neither a Label Studio export (an array of tasks, each with its data) nor a W3C Web Annotation collection; records of ' +
            'doccano, Prodigy or spaCy go one per line in a .jsonl file (or --format names the format)',
        )
      }
      if (input === undefined) {
        throw new InputError(path, null, `cannot import this kind of file (expected ${readableExtensions().join(', ')}, or a folder; --format names the format)`)
      }
      take(input, realpathSync(path))
    }
  }
  return { files, skipped }
}

/** What an import reads, in words: every format's files, or those of the format given (a brat .txt needs its .ann). */
function expectedFiles(forced: Format | undefined): string {
  if (forced === undefined) return readableExtensions().join(', ')
  if (forced.name === 'brat') return 'a .txt with its .ann beside it, for --format brat'
  return `files --format ${forced.name} reads (${forced.extensions.join(', ')})`
}

/** The kind under which hidden folders found in a folder are listed (not gone into), apart from hidden files. */
export const HIDDEN_FOLDER = 'hidden folder'

/** What a folder held that was not read, in words (`1 hidden, 1 .csv`), or that it is empty. */
function inFolder(folder: string, skipped: Readonly<Record<string, string[]>>): string {
  const base = join(folder, '.') // as the walk writes the paths it lists: `./news/` is `news`
  const within = (file: string) => file.startsWith(`${base}${sep}`) || (base === '.' && !isAbsolute(file))
  const kinds = Object.entries(skipped).flatMap(([kind, files]) => {
    const count = files.filter(within).length
    return count === 0 ? [] : [`${count} ${kind}`]
  })
  return kinds.length === 0 ? 'it is empty' : `only ${kinds.join(', ')}`
}

/**
 * True if the file at `path` begins as an export import reads does: a JSON array (Label Studio's tasks), an object
 * naming a W3C context or annotations, or JSON Lines. Another tool's `.json` (settings, a manifest) does not.
 */
function beginsAsAnExport(path: string): boolean {
  let head: string
  try {
    head = headOf(path, 4096).toString('utf8').replace(/^\ufeff/u, '').trimStart()
  } catch {
    return false // unreadable: listed with the others
  }
  return head.startsWith('[') || (head.startsWith('{') && /"(?:@context|type)"\s*:|"(?:data|annotations|predictions)"\s*:/u.test(head)) || looksLikeJsonLines(path)
}

/**
 * A `.json` file no format recognised: empty; or a `problem` to refuse it with, for JSON Lines in it (to rename) or
 * text that is no JSON (where and why); or neither, JSON of another kind.
 */
function jsonNoFormatReads(path: string): { empty: boolean; problem?: InputError } {
  if (looksLikeJsonLines(path)) {
    return { empty: false, problem: new InputError(path, null, 'holds JSON Lines (one JSON object per line), not one JSON value: rename it to .jsonl, or give --format jsonl') }
  }
  const file = readUtf8File(path, () => {})
  const text = 'error' in file ? null : file.text.replace(/^\ufeff/u, '')
  if (text !== null && text.trim() === '') return { empty: true }
  const parsed = text === null ? null : parseJsonFile(text)
  return parsed !== null && 'error' in parsed ? { empty: false, problem: new InputError(path, parsed.line, parsed.error) } : { empty: false }
}

/** True if the file at `path` starts as JSON Lines do: a JSON object alone on its first line, and another line after it. */
function looksLikeJsonLines(path: string): boolean {
  try {
    const lines = headOf(path, 1 << 16).toString('utf8').replace(/^\ufeff/u, '').split('\n')
    const filled = lines.map((line) => line.trim()).filter((line) => line !== '')
    if (filled.length < 2) return false
    const first: unknown = JSON.parse(filled[0])
    return first !== null && typeof first === 'object' && !Array.isArray(first)
  } catch {
    return false
  }
}

/** The name that stands for standard input among the paths to import. */
const STDIN = '-'

/** The path standard input is listed under among the inputs (read through `process.stdin`: `spool.ts`). */
export const STANDARD_INPUT = '/dev/stdin'

/** Standard input (`-`) as an input: a stream (see `streamInput`). */
function standardInput(forced: Format | undefined): InputFile {
  return streamInput(STANDARD_INPUT, forced, { shownAs: STDIN, what: 'standard input', idBase: 'stdin' })
}

/**
 * A stream as an input (standard input, a named pipe, a device), read as the format `--format` names: it can be
 * opened and read only once (a second open of a pipe waits for a writer that may never come), so its format
 * cannot be told from its first bytes, nor a brat `.ann` found beside it, and nothing is read from it before its
 * reader. `as` says how messages name it (`shownAs`, `what`) and what its documents are named after (their ids
 * also carry a digest of their text: `default-ids.ts`).
 */
function streamInput(path: string, forced: Format | undefined, as = { shownAs: path, what: 'a named pipe or a device', idBase: streamIdBase(path, stem(basename(path))) }): InputFile {
  if (forced === undefined) throw new InputError(as.shownAs, null, `${as.what} needs --format NAME (jsonl, conll, w3c-jsonl...): its format cannot be told from a stream read only once`)
  if (forced.name === 'brat') throw new InputError(as.shownAs, null, `brat is a .txt with an .ann beside it, which ${as.what} cannot be: name the folder or the .txt`)
  return { path, format: forced.name, idBase: as.idBase, size: 0, stream: true, ...(as.shownAs === path ? {} : { shownAs: as.shownAs }) }
}

/** The documents of an input, in order, read as its format; a file in UTF-16 or a binary one is refused whole, in one line. */
export function* readRecords(file: InputFile, context: ReadContext): Generator<InputRecord> {
  const reader = formatNamed(file.format)?.reader
  if (reader === undefined) throw new InputError(file.path, null, `no reader for the format "${file.format}"`)
  const notText = file.stream ? null : notTextReason(file.path) // a stream is read once, by its reader
  if (notText !== null) {
    context.onBytes(file.size)
    yield { file: file.path, line: 1, error: notText }
    return
  }
  const { shownAs } = file
  if (shownAs === undefined) yield* reader.read(file, context)
  else for (const record of reader.read(file, context)) yield shownAsGiven(record, file.path, shownAs)
}

/** `record` with the input at `path` named `shownAs` (standard input, `-`), where the record and its annotations were read. */
function shownAsGiven(record: InputRecord, path: string, shownAs: string): InputRecord {
  const named = <T extends { file: string }>(place: T): T => (place.file === path ? { ...place, file: shownAs } : place)
  const renamed = named(record)
  if (!('document' in renamed) || renamed.origins === undefined) return renamed
  const { spans, relations, labels } = renamed.origins
  return { ...renamed, origins: { spans: spans?.map(named), relations: relations?.map(named), labels: labels?.map(named) } }
}

/**
 * Why the file at `path` is not text to import, by its first bytes: UTF-16 (a byte order mark, or NUL bytes in
 * every other place), or binary (NUL bytes elsewhere), which no format reads; null if it may be text.
 */
function notTextReason(path: string): string | null {
  let head: Buffer
  try {
    head = headOf(path, 512)
  } catch {
    return null // the reader says why it cannot be read
  }
  const reason = nulBytesReason(head)
  return reason === null ? null : `not text${reason}`
}

/** Why a database is not a file to import, and what to do with it; null if the file at `path` is none. */
function databaseGivenAsInput(path: string): string | null {
  const kind = databaseKindAt(path) // one that cannot be read: the reader says why
  if (kind === 'a Marginalia corpus') return 'is a Marginalia corpus, not a file to import: marginalia merge INTO FROM brings its documents and annotations into another corpus'
  if (kind !== null) return 'is a SQLite database, not a file to import: write its texts and annotations as JSONL (docs/jsonl.md) and import that'
  return null
}

