/** Every format Marginalia reads or writes, by name (`--format NAME`), and how a file's format is told. */
import { basename } from 'node:path'
import { headOf } from '../files'
import type { Format } from './format'
import { bratFormat } from './brat'
import { conllFormat } from './conll'
import { jsonlFormat } from './jsonl'
import { labelStudioFormat } from './label-studio'
import { textFormat } from './text'
import { w3cFormat, w3cJsonlFormat } from './w3c'

/** Every format, in the order `marginalia formats` lists them. */
export const FORMATS: readonly Format[] = [jsonlFormat, textFormat, bratFormat, conllFormat, w3cFormat, w3cJsonlFormat, labelStudioFormat]

/** The names of the formats Marginalia reads (`reads`) or writes: the choices of `--format`. */
export function formatNames(reads: boolean): string[] {
  return FORMATS.filter((format) => (reads ? format.reader : format.writer) !== undefined).map((format) => format.name)
}

/** The format called `name`, or undefined. */
export function formatNamed(name: string): Format | undefined {
  return FORMATS.find((format) => format.name === name)
}


/**
 * The format a file is read as, or undefined: the formats whose extensions its name ends with (`.w3c.jsonl`
 * as well as `.jsonl`); where several share it, the one that recognises the file's first bytes, else the one
 * that does not ask (plain JSONL for a `.jsonl` that is not W3C annotations).
 */
export function formatOfFile(path: string): Format | undefined {
  const name = basename(path).toLowerCase()
  const candidates = FORMATS.filter((format) => format.reader !== undefined && format.extensions.some((extension) => name.endsWith(extension)))
  if (candidates.length <= 1) return candidates[0]
  let head: string
  try {
    head = headOf(path, 64 * 1024).toString('utf8') // the first bytes, for formats that share an extension to tell themselves apart
  } catch {
    return candidates[0] // unreadable: the reader says why
  }
  return (
    candidates.find((format) => format.reader?.recognises?.(head) === true) ?? candidates.find((format) => format.reader?.recognises === undefined)
  )
}

/** The extensions import reads, for messages. */
export function readableExtensions(): string[] {
  return [...new Set(FORMATS.filter((format) => format.reader !== undefined).flatMap((format) => format.extensions))]
}
