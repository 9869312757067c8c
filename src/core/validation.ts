/** Small helpers shared by the validators of input files. */
import type { core } from 'zod'

/**
 * One zod issue as a person reads it: `spans[2].end: must be an integer`. A value that matches none of a
 * union's shapes is described by the shape it came closest to (the one with the fewest issues), rather than
 * as zod's bare "Invalid input" (a union given its own message keeps it).
 */
export function describeZodIssue(issue: core.$ZodIssue): string {
  const closest = issue.code === 'invalid_union' && issue.message === 'Invalid input' ? issue.errors.reduce<core.$ZodIssue[] | undefined>((best, branch) => (branch.length > 0 && (best === undefined || branch.length < best.length) ? branch : best), undefined) : undefined
  if (closest !== undefined) return describeZodIssue({ ...closest[0], path: [...issue.path, ...closest[0].path] })
  const where = issue.path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? String(part) : `.${String(part)}`))
    .join('')
  // Keys not taken are named, the first few of many: an answer stays one short line however many were sent.
  const message =
    issue.code === 'unrecognized_keys' && issue.keys.length > 5
      ? `unknown keys ${issue.keys.slice(0, 5).map((key) => JSON.stringify(key)).join(', ')} and ${issue.keys.length - 5} more`
      : issue.message
  return where === '' ? message : `${where}: ${message}`
}

/**
 * Where a JSON value first nests deeper than `limit` (`meta.a[0]`), or null if it never does. Walks the
 * value without recursion, so no depth can overflow the stack.
 */
export function tooDeep(value: unknown, limit: number): string | null {
  if (depthWithin(value, limit)) return null // the common case, without building a path for every value
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }]
  while (stack.length > 0) {
    const item = stack.pop()!
    if (item.value === null || typeof item.value !== 'object') continue
    const depth = item.depth + 1
    if (depth > limit) return item.path === '' ? 'the record' : item.path
    if (Array.isArray(item.value)) item.value.forEach((child, i) => stack.push({ value: child, path: `${item.path}[${i}]`, depth }))
    else {
      for (const [key, child] of Object.entries(item.value)) {
        stack.push({ value: child, path: item.path === '' ? key : `${item.path}.${key}`, depth })
      }
    }
  }
  return null
}

/** Where the first lone surrogate in a value parsed from JSON is (`spans[0].label`), or null if none. */
export function findLoneSurrogate(value: unknown, path = ''): string | null {
  if (path === '' && wellFormed(value)) return null // the common case, without building a path for every value
  if (typeof value === 'string') return value.isWellFormed() ? null : path === '' ? 'the value' : path
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findLoneSurrogate(value[i], `${path}[${i}]`)
      if (found !== null) return found
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (!key.isWellFormed()) return `a key of ${path === '' ? 'the record' : path}`
      const found = findLoneSurrogate(item, path === '' ? key : `${path}.${key}`)
      if (found !== null) return found
    }
  }
  return null
}

/**
 * Whether a JSON value nests at most `limit` deep: a walk that builds no paths, for the common case. It
 * recurses, but never deeper than `limit` + 1, so it cannot overflow the stack.
 */
function depthWithin(value: unknown, limit: number): boolean {
  if (value === null || typeof value !== 'object') return true
  if (limit === 0) return false
  if (Array.isArray(value)) {
    for (const item of value) if (!depthWithin(item, limit - 1)) return false
    return true
  }
  for (const key in value) if (!depthWithin((value as Record<string, unknown>)[key], limit - 1)) return false
  return true
}

/** Whether no string or key in a JSON value holds a lone surrogate: a walk that builds no paths (call `tooDeep` first). */
function wellFormed(value: unknown): boolean {
  if (typeof value === 'string') return value.isWellFormed()
  if (value === null || typeof value !== 'object') return true
  if (Array.isArray(value)) {
    for (const item of value) if (!wellFormed(item)) return false
    return true
  }
  for (const key in value) if (!key.isWellFormed() || !wellFormed((value as Record<string, unknown>)[key])) return false
  return true
}
