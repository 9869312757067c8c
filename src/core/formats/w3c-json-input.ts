/**
 * A JSON input file read whole, for the readers of one-document JSON formats (the W3C Web Annotation
 * collection and Label Studio's task list): decoded strictly as UTF-8, a leading byte order mark dropped, a
 * syntax error reported with the line it is on, and the line on which each element of the arrays that hold
 * the records starts, so that a refusal names the line of the annotation or task it is about.
 *
 * `JSON.parse` says neither where a syntax error is (in Node 20) nor where a value started, so the text is
 * also walked once by a small scanner that checks the grammar and notes those places; it keeps no values and
 * uses no recursion, so no nesting depth can overflow the stack.
 */
import { lowerBound } from '../../shared/offsets'
import { readUtf8File, type FileText } from './utf8-file'

/** Reads `path` as strict UTF-8 with a leading byte order mark dropped; tells `onBytes` how much it read. */
export function readJsonText(path: string, onBytes: (count: number) => void): FileText {
  const file = readUtf8File(path, onBytes)
  return 'error' in file || file.text.charCodeAt(0) !== 0xfeff ? file : { text: file.text.slice(1) }
}

/** Line numbers (1-based) of offsets into one text. */
export class LineIndex {
  private readonly starts: number[] = [0]

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1)
  }

  /** The line that UTF-16 offset `offset` is on. */
  lineOf(offset: number): number {
    return lowerBound(this.starts, offset + 1)
  }
}

/** What scanning a JSON text found: the first syntax error, and where the elements of tracked arrays start. */
export interface JsonScan {
  /** The first syntax error: its offset and what was expected there. */
  error: { offset: number; reason: string } | null
  /**
   * Start offsets of the elements of arrays reached by object keys only, at most two deep, by their path:
   * `''` for a root array, `'items'`, `'first/items'`.
   */
  elementStarts: Map<string, number[]>
  /** The first key written twice in one object (which `JSON.parse` would take once, dropping the other): where, and which. */
  repeatedKey: { offset: number; key: string } | null
  /** The first number `JSON.parse` would not read as written (see `heldAsWritten`): where, and as written. */
  inexactNumber: { offset: number; number: string } | null
}

interface Frame {
  kind: 'object' | 'array'
  /** The path of this container, if it is reached by keys only and shallow enough to be tracked. */
  path: string | null
  /** For an object: the key whose value comes next. */
  key: string | null
  /** For an object: its keys so far (made at its second key). */
  keys?: Set<string>
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r'])
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const TRACKED_DEPTH = 2

/** Scans `text` as one JSON value; see JsonScan. */
export function scanJson(text: string): JsonScan {
  const elementStarts = new Map<string, number[]>()
  const stack: Frame[] = []
  let pos = 0
  let repeatedKey: JsonScan['repeatedKey'] = null
  let inexactNumber: JsonScan['inexactNumber'] = null
  /** What was expected at `pos`, said with the file's end where it is there (a file cut short). */
  const fail = (expected: string): JsonScan => {
    const reason = pos >= text.length ? `the file ends too soon (cut short?): expected ${expected}` : `expected ${expected}`
    return failWith(reason)
  }
  const failWith = (reason: string): JsonScan => ({ error: { offset: Math.min(pos, text.length), reason }, elementStarts, repeatedKey, inexactNumber })
  const skipSpace = (): void => {
    while (pos < text.length && WHITESPACE.has(text[pos])) pos++
  }
  /** Skips a string starting at `pos`; returns its decoded value, or why it is not a JSON string (`{ not }`). */
  const readString = (): string | { not: string } => {
    const start = pos
    pos++
    while (pos < text.length) {
      const c = text[pos]
      if (c === '"') {
        pos++
        return JSON.parse(text.slice(start, pos)) as string
      }
      if (c === '\\') {
        const next = text[pos + 1]
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) return { not: 'a string has \\u without four hexadecimal digits after it' }
          pos += 6
        } else if (next !== undefined && '"\\/bfnrt'.includes(next)) pos += 2
        else return { not: next === undefined ? 'the file ends too soon (cut short?), inside a string' : `a string has the escape \\${next}, which JSON does not have` }
      } else if (c < ' ') return { not: `a string holds a control character (U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}${c === '\n' ? ', a line end: a string ends on the line it starts, or writes it \\n' : ''})` }
      else pos++
    }
    return { not: 'the file ends too soon (cut short?), inside a string' }
  }
  /** The path of a child of the top frame, if it is tracked. */
  const childPath = (): string | null => {
    const top = stack.at(-1)
    if (top === undefined) return ''
    if (top.kind !== 'object' || top.path === null || stack.length > TRACKED_DEPTH) return null
    return top.path === '' ? (top.key ?? '') : `${top.path}/${top.key ?? ''}`
  }

  for (;;) {
    // A value is expected here.
    skipSpace()
    const top = stack.at(-1)
    if (top?.kind === 'array' && top.path !== null) {
      const starts = elementStarts.get(top.path) ?? []
      starts.push(pos)
      elementStarts.set(top.path, starts)
    }
    const c = text[pos]
    let opened = false
    if (c === '{' || c === '[') {
      const path = childPath()
      stack.push({ kind: c === '{' ? 'object' : 'array', path, key: null })
      if (c === '[' && path !== null && !elementStarts.has(path)) elementStarts.set(path, [])
      pos++
      skipSpace()
      if (text[pos] === (c === '{' ? '}' : ']')) {
        pos++
        stack.pop()
      } else opened = true
    } else if (c === '"') {
      const string = readString()
      if (typeof string !== 'string') return failWith(string.not)
    } else if (c === 't' || c === 'f' || c === 'n') {
      const word = c === 't' ? 'true' : c === 'f' ? 'false' : 'null'
      if (!text.startsWith(word, pos)) return fail('a JSON value')
      pos += word.length
    } else {
      NUMBER.lastIndex = pos
      if (!NUMBER.test(text)) return fail('a JSON value')
      if (inexactNumber === null && !heldAsWritten(text.slice(pos, NUMBER.lastIndex))) inexactNumber = { offset: pos, number: text.slice(pos, NUMBER.lastIndex) }
      pos = NUMBER.lastIndex
    }
    // After a value (or inside a container just opened): a key, a separator or a close.
    for (;;) {
      const frame = stack.at(-1)
      if (frame === undefined) {
        skipSpace()
        return pos === text.length ? { error: null, elementStarts, repeatedKey, inexactNumber } : fail('the end of the file after the JSON value')
      }
      skipSpace()
      if (!opened) {
        const close = frame.kind === 'object' ? '}' : ']'
        if (text[pos] === close) {
          pos++
          stack.pop()
          continue
        }
        if (text[pos] !== ',') return fail(`"," or "${close}"`)
        pos++
        skipSpace()
      }
      opened = false
      if (frame.kind === 'object') {
        if (text[pos] !== '"') return fail('a key in double quotes')
        const at = pos
        const key = readString()
        if (typeof key !== 'string') return failWith(key.not)
        if (frame.key !== null) {
          frame.keys ??= new Set([frame.key])
          if (repeatedKey === null && frame.keys.has(key)) repeatedKey = { offset: at, key }
          frame.keys.add(key)
        }
        frame.key = key
        skipSpace()
        if (text[pos] !== ':') return fail('":"')
        pos++
      }
      break
    }
  }
}

/** A parsed JSON file: its value and where its tracked arrays' elements start, by line. */
export interface ParsedJsonFile {
  value: unknown
  /** Line numbers of the elements of the arrays at `''` (root), `'items'` and `'first/items'`. */
  elementLines(path: string): number[]
}

/** Parses `text` as one JSON value, or says why not and on which line. */
export function parseJsonFile(text: string): ParsedJsonFile | { line: number | null; error: string } {
  const lines = new LineIndex(text)
  const scan = scanJson(text)
  if (scan.error !== null) return { line: lines.lineOf(scan.error.offset), error: `invalid JSON: ${scan.error.reason}` }
  if (scan.repeatedKey !== null) return { line: lines.lineOf(scan.repeatedKey.offset), error: repeatedKeyReason(scan.repeatedKey.key) }
  if (scan.inexactNumber !== null) return { line: lines.lineOf(scan.inexactNumber.offset), error: inexactNumberReason(scan.inexactNumber.number) }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    const reason = error instanceof RangeError ? 'nested too deeply to read' : (error as Error).message
    return { line: null, error: `invalid JSON: ${reason}` }
  }
  return { value, elementLines: (path) => (scan.elementStarts.get(path) ?? []).map((offset) => lines.lineOf(offset)) }
}

/** Why a JSON text with key `key` written twice in one object is refused. */
function repeatedKeyReason(key: string): string {
  return `the key ${JSON.stringify(key)} is written twice in one object: JSON readers keep one and drop the other without a word, so which is meant cannot be told`
}

/** How many keys the objects of a value parsed from JSON have, all together (without recursion: any depth). */
function keyCount(value: unknown): number {
  let count = 0
  const pending: unknown[] = [value]
  while (pending.length > 0) {
    const next = pending.pop()
    if (next === null || typeof next !== 'object') continue
    if (Array.isArray(next)) {
      for (const item of next) if (item !== null && typeof item === 'object') pending.push(item)
      continue
    }
    for (const key in next) {
      count++
      const item = (next as Record<string, unknown>)[key]
      if (item !== null && typeof item === 'object') pending.push(item)
    }
  }
  return count
}

/**
 * True if `JSON.parse` reads the number written `written` (a JSON number token) as it is written: a number
 * written in digits alone is an integer, held exactly up to 2^53 and rounded past it (a 64-bit id such as a
 * tweet's, 1234567890123456789, reads as 1234567890123456800), so past 2^53 it must be written as a double is
 * (as JSON.stringify, and so every export, writes it: 1234567890123456800 stays); one written with a fraction or an
 * exponent is a double by intent, rounded as any reader rounds it, unless it is past the largest double (1e400).
 */
export function heldAsWritten(written: string): boolean {
  const value = Number(written)
  if (!Number.isFinite(value)) return false
  return Number.isSafeInteger(value) || /[.eE]/.test(written) || String(value) === written
}

/** Why a JSON text holding the number written `written` is refused. */
function inexactNumberReason(written: string): string {
  const shown = written.length > 40 ? `${written.slice(0, 39)}…` : written
  return Number.isFinite(Number(written))
    ? `the number ${shown} would be read as ${Number(written)}: JavaScript, and so Marginalia, holds integers exactly only up to 2^53; write it as a string ("${shown}") to keep its digits`
    : `the number ${shown} is past the largest a double holds and would be lost: write it as a string`
}

/**
 * Where a JSON text may hold a number read otherwise than written: 16 digits in a row, or an exponent of 3 digits
 * (after a digit, as in every JSON number: so that the letter e, which most words hold, is not a place to look).
 */
const MAYBE_INEXACT = /\d{16}|\d[eE]\+?\d{3}/
/** A JSON string (skipped whole) or a number. */
const STRING_OR_NUMBER = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g

/**
 * Why one JSON text (a JSON Lines record), which parsed as `value`, must be refused, or null: a key written twice
 * in one object (`JSON.parse` keeps one, dropping the other without a word), or a number that parsing has
 * already changed (`heldAsWritten`). Cheap for the common case: the places a key ends are counted and, when they
 * are as many as the parsed value's keys, no key was dropped; numbers are looked at only where one may be long.
 */
export function jsonTextProblem(text: string, value: unknown): string | null {
  let marks = 0
  KEY_END.lastIndex = 0
  while (KEY_END.test(text)) marks++
  if (marks !== keyCount(value)) {
    const repeated = scanJson(text).repeatedKey
    if (repeated !== null) return repeatedKeyReason(repeated.key)
  }
  if (!MAYBE_INEXACT.test(text)) return null
  STRING_OR_NUMBER.lastIndex = 0
  for (let match = STRING_OR_NUMBER.exec(text); match !== null; match = STRING_OR_NUMBER.exec(text)) {
    if (match[0][0] !== '"' && !heldAsWritten(match[0])) return inexactNumberReason(match[0])
  }
  return null
}

/** The end of a key: its closing quote, and a colon after any white space. */
const KEY_END = /"[ \t\n\r]*:/g
