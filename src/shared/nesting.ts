/**
 * How deeply the values Marginalia keeps as they came (a span's `attrs`, a document's `meta`) may nest: one limit
 * on the values themselves, whoever gives them (an import in any format, the editor's API), so that whatever
 * the store holds can be exported in every format and imported again, whatever each format wraps them in.
 */

/** How deeply a span's `attrs` or a document's `meta` may nest objects and arrays, the value itself counted. */
export const MAX_NESTING = 100

/**
 * How deeply a whole input record (a JSONL line, a Label Studio task, a W3C annotation, an API request) may
 * nest: room for `MAX_NESTING` values inside the deepest wrapper a format puts around them (a Label Studio
 * task holds a span's attrs 7 levels down), so that the limit that counts is the one on the values.
 */
export const MAX_RECORD_NESTING = MAX_NESTING + 20

/**
 * Whether a JSON value nests at most `limit` deep (itself counted, if an object or array). It recurses, but
 * never deeper than `limit` + 1, so it cannot overflow the stack.
 */
export function nestsWithin(value: unknown, limit: number): boolean {
  if (value === null || typeof value !== 'object') return true
  if (limit === 0) return false
  if (Array.isArray(value)) {
    for (const item of value) if (!nestsWithin(item, limit - 1)) return false
    return true
  }
  for (const key in value) if (!nestsWithin((value as Record<string, unknown>)[key], limit - 1)) return false
  return true
}
