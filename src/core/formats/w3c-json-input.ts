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
  const fail = (reason: string): JsonScan => ({ error: { offset: Math.min(pos, text.length), reason }, elementStarts, repeatedKey })
  const skipSpace = (): void => {
    while (pos < text.length && WHITESPACE.has(text[pos])) pos++
  }
  /** Skips a string starting at `pos`; returns its decoded value, or null if it is malformed. */
  const readString = (): string | null => {
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
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) return null
          pos += 6
        } else if (next !== undefined && '"\\/bfnrt'.includes(next)) pos += 2
        else return null
      } else if (c < ' ') return null
      else pos++
    }
    return null
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
      if (readString() === null) return fail('a malformed string')
    } else if (c === 't' || c === 'f' || c === 'n') {
      const word = c === 't' ? 'true' : c === 'f' ? 'false' : 'null'
      if (!text.startsWith(word, pos)) return fail('a JSON value')
      pos += word.length
    } else {
      NUMBER.lastIndex = pos
      if (!NUMBER.test(text)) return fail(pos >= text.length ? 'more (the file ends too soon)' : 'a JSON value')
      pos = NUMBER.lastIndex
    }
    // After a value (or inside a container just opened): a key, a separator or a close.
    for (;;) {
      const frame = stack.at(-1)
      if (frame === undefined) {
        skipSpace()
        return pos === text.length ? { error: null, elementStarts, repeatedKey } : fail('the end of the file after the JSON value')
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
        if (key === null) return fail('a well-formed key')
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
  if (scan.error !== null) return { line: lines.lineOf(scan.error.offset), error: `invalid JSON: expected ${scan.error.reason}` }
  if (scan.repeatedKey !== null) return { line: lines.lineOf(scan.repeatedKey.offset), error: repeatedKeyReason(scan.repeatedKey.key) }
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
 * Why one JSON text (a JSON Lines record), which parsed as `value`, must be refused for a key written twice in
 * one object, or null. Cheap for the common case: the places a key ends (`":`) are counted and, when they are as
 * many as the parsed value's keys, no key was dropped; otherwise the text is scanned to be sure.
 */
export function repeatedKeyIn(text: string, value: unknown): string | null {
  let marks = 0
  for (let i = text.indexOf('":'); i !== -1; i = text.indexOf('":', i + 2)) marks++
  if (marks === keyCount(value)) return null
  const repeated = scanJson(text).repeatedKey
  return repeated === null ? null : repeatedKeyReason(repeated.key)
}
