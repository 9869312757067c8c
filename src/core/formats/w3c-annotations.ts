/**
 * The annotations of a W3C Web Annotation file, each with the line it starts on: from an
 * `AnnotationCollection` with its pages embedded, an `AnnotationPage`, a single `Annotation`, or JSON Lines of
 * annotations. A collection whose pages are elsewhere (given by IRI) is refused: Marginalia fetches nothing.
 */
import { parseJsonFile, jsonTextProblem } from './w3c-json-input'

/** One annotation as read, and the line it starts on (null where it cannot be told). */
export interface LocatedAnnotation {
  value: unknown
  line: number | null
}

/** The annotations of a file, or why they cannot be read (one reason per line for JSON Lines). */
export type AnnotationsOfFile = { annotations: LocatedAnnotation[]; errors: { line: number | null; error: string }[] }

/** The types of a JSON-LD node (`type` as a string or an array of them). */
export function typesOf(value: unknown): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return []
  const type = (value as Record<string, unknown>).type
  if (typeof type === 'string') return [type]
  return Array.isArray(type) ? type.filter((item): item is string => typeof item === 'string') : []
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
}

/** The items of a page, or why they cannot be read. */
function pageItems(page: Record<string, unknown>, lines: number[], what: string): AnnotationsOfFile {
  if (typeof page.next === 'string' || Array.isArray(page.next)) {
    return { annotations: [], errors: [{ line: null, error: `${what} continues in another page (${JSON.stringify(page.next)}), which is not in this file; Marginalia reads collections whose annotations are all in one file` }] }
  }
  if (!Array.isArray(page.items)) return { annotations: [], errors: [{ line: null, error: `${what} has no "items" array of annotations` }] }
  return { annotations: page.items.map((value, i) => ({ value, line: lines[i] ?? null })), errors: [] }
}

/** The annotations of one JSON document: a collection, a page or an annotation. */
function annotationsOfDocument(value: unknown, elementLines: (path: string) => number[]): AnnotationsOfFile {
  const object = record(value)
  const types = typesOf(value)
  if (object === undefined) return { annotations: [], errors: [{ line: 1, error: 'expected a W3C AnnotationCollection, AnnotationPage or Annotation (a JSON object), or JSON Lines of annotations' }] }
  if (types.includes('AnnotationCollection')) {
    if (Array.isArray(object.items)) return pageItems(object, elementLines('items'), 'the collection')
    const first = record(object.first)
    if (first === undefined) {
      if (object.first === undefined) return { annotations: [], errors: [] } // an empty collection (total 0)
      return { annotations: [], errors: [{ line: null, error: `the collection's first page (${JSON.stringify(object.first)}) is not in this file; Marginalia reads collections whose pages are embedded` }] }
    }
    return pageItems(first, elementLines('first/items'), 'the collection')
  }
  if (types.includes('AnnotationPage')) return pageItems(object, elementLines('items'), 'the page')
  if (types.includes('Annotation')) return { annotations: [{ value, line: 1 }], errors: [] }
  return { annotations: [], errors: [{ line: 1, error: `expected a W3C AnnotationCollection, AnnotationPage or Annotation, found type ${JSON.stringify(object.type ?? null)}` }] }
}

/** The annotations of JSON Lines text, one per non-blank line. */
function annotationsOfLines(text: string): AnnotationsOfFile {
  const result: AnnotationsOfFile = { annotations: [], errors: [] }
  const lines = text.split('\n')
  lines.forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    if (line.trim() === '') return
    try {
      const value: unknown = JSON.parse(line)
      const problem = jsonTextProblem(line, value)
      if (problem === null) result.annotations.push({ value, line: i + 1 })
      else result.errors.push({ line: i + 1, error: problem })
    } catch (error) {
      const reason = error instanceof RangeError ? 'nested too deeply to read' : (error as Error).message
      result.errors.push({ line: i + 1, error: i === lines.length - 1 && !text.endsWith('\n') ? `the last line is truncated (invalid JSON and no line end): ${reason}` : `invalid JSON: ${reason}` })
    }
  })
  return result
}

/** True if the first non-blank line of `text` is, by itself, a JSON object: the file is JSON Lines. */
function looksLikeLines(text: string): boolean {
  const first = text.split('\n').find((line) => line.trim() !== '')
  if (first === undefined) return false
  try {
    return record(JSON.parse(first)) !== undefined && text.trim() !== first.trim()
  } catch {
    return false
  }
}

/** The annotations of a W3C file's text, in either form. */
export function annotationsOfText(text: string): AnnotationsOfFile {
  if (text.trim() === '') return { annotations: [], errors: [] }
  if (looksLikeLines(text)) return annotationsOfLines(text)
  const parsed = parseJsonFile(text)
  if ('error' in parsed) return { annotations: [], errors: [{ line: parsed.line, error: parsed.error }] }
  return annotationsOfDocument(parsed.value, parsed.elementLines)
}

/** True if the first bytes of a `.json` file are W3C annotations: an annotation, page or collection (or lines of annotations). */
export function looksLikeW3c(head: string): boolean {
  const text = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head
  if (!text.trimStart().startsWith('{')) return false
  return /"@context"/.test(text) && /"type"\s*:\s*(\[[^\]]*)?"(AnnotationCollection|AnnotationPage|Annotation)"/.test(text)
}
