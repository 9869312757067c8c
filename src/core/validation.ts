/** Small helpers shared by the validators of input files. */
import type { core } from 'zod'
import { nestsWithin } from '../shared/nesting'

/**
 * One zod issue as a person reads it: `spans[2].end: must be an integer`. A value that matches none of a
 * union's shapes is described by the shape it came closest to (the one with the fewest issues), rather than
 * as zod's bare "Invalid input" (a union given its own message keeps it).
 */
export function describeZodIssue(issue: core.$ZodIssue): string {
  const closest = issue.code === 'invalid_union' && issue.message === 'Invalid input' ? issue.errors.reduce<core.$ZodIssue[] | undefined>((best, branch) => (branch.length > 0 && (best === undefined || closerThan(branch, best)) ? branch : best), undefined) : undefined
  if (closest !== undefined) return describeZodIssue({ ...closest[0], path: [...issue.path, ...closest[0].path] })
  const where = issue.path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? String(part) : `.${String(part)}`))
    .join('')
  // Keys not taken are named, the first few of many: an answer stays one short line however many were sent.
  const message =
    issue.code === 'unrecognized_keys' && issue.keys.length > 5
      ? `unknown keys ${issue.keys.slice(0, 5).map((key) => JSON.stringify(key)).join(', ')} and ${issue.keys.length - 5} more`
      : plainMessage(issue)
  return where === '' ? message : `${where}: ${message}`
}

/**
 * Whether a union's branch `branch` came closer to the value than `best`: fewer issues, or as many found further in
 * (`{ madeBy: -1 }` is a `madeBy` whose number is wrong, rather than an object where a number was wanted).
 */
function closerThan(branch: core.$ZodIssue[], best: core.$ZodIssue[]): boolean {
  return branch.length < best.length || (branch.length === best.length && branch[0].path.length > best[0].path.length)
}

/** What a value of each of zod's type names is, as a message says it. */
const A_VALUE_OF: Record<string, string> = { array: 'an array', object: 'an object', string: 'a string', number: 'a number', boolean: 'true or false', null: 'null', int: 'an integer', bigint: 'an integer' }

/**
 * `issue`'s message, zod's own wording of a wrong type or value ("Invalid input: expected array, received object")
 * said as the project's messages are ("must be an array, not an object"); a message a schema gave is kept.
 */
function plainMessage(issue: core.$ZodIssue): string {
  const valueOf = (type: string) => A_VALUE_OF[type] ?? type
  if (issue.code === 'invalid_type' && issue.expected === 'int' && issue.message === 'Invalid input: expected int, received number') return 'must be a whole number'
  if (issue.code === 'invalid_type' && issue.message.startsWith('Invalid input: expected')) {
    const received = /, received (\w+)$/.exec(issue.message)?.[1]
    if (received === 'undefined') return `is required and must be ${valueOf(issue.expected)}`
    return `must be ${valueOf(issue.expected)}${received === undefined ? '' : `, not ${valueOf(received)}`}`
  }
  if (issue.code === 'invalid_value' && /^Invalid (?:option|input): expected /.test(issue.message)) return `must be ${oneOf(issue.values)}`
  const options = issue.code === 'invalid_union' ? (issue as { options?: unknown }).options : undefined // a discriminated union's, which zod's types leave out
  if (issue.message.startsWith('Invalid discriminator value') && Array.isArray(options)) return `must be ${oneOf(options)}`
  if ((issue.code === 'too_big' || issue.code === 'too_small') && /^Too (?:big|small): expected /.test(issue.message)) return boundMessage(issue)
  return issue.message
}

/** `values` as a message lists them: `"a"`, `"a" or "b"`, `"a", "b" or "c"`. */
function oneOf(values: readonly unknown[]): string {
  const said = values.map((value) => JSON.stringify(value))
  return said.length === 1 ? said[0] : `${said.slice(0, -1).join(', ')} or ${said.at(-1)}`
}

/** A value past a schema's bound, said as the project's messages are: `must hold at most 1,000 items`, `must be at least 0`. */
function boundMessage(issue: core.$ZodIssueTooBig | core.$ZodIssueTooSmall): string {
  const big = issue.code === 'too_big'
  const bound = Number(big ? issue.maximum : issue.minimum)
  const exclusive = issue.inclusive === false
  const most = big ? (exclusive ? 'fewer than' : 'at most') : exclusive ? 'more than' : 'at least'
  const count = (one: string, many: string) => `${bound.toLocaleString('en-US')} ${bound === 1 ? one : many}`
  if (issue.origin === 'array' || issue.origin === 'set') return `must hold ${most} ${count('item', 'items')}`
  if (issue.origin === 'string') return `must be ${most} ${count('character', 'characters')} long`
  if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') return `must be ${big ? (exclusive ? 'less than' : 'at most') : exclusive ? 'more than' : 'at least'} ${bound}`
  return issue.message
}

/**
 * Where a JSON value first nests deeper than `limit` (`meta.a[0]`), or null if it never does. Walks the
 * value without recursion, so no depth can overflow the stack.
 */
export function tooDeep(value: unknown, limit: number): string | null {
  if (nestsWithin(value, limit)) return null // the common case, without building a path for every value
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

/**
 * Why a value parsed from JSON cannot be imported as it is, with where (`meta.a: nested more than …`), or null:
 * nested deeper than `limit`, a lone surrogate, or the key `__proto__` (see `findUnkeepable`).
 */
export function unimportable(value: unknown, limit: number): string | null {
  if (keepable(value, limit)) return null // the common case, in one walk
  const deep = tooDeep(value, limit)
  if (deep !== null) return tooDeepMessage(deep, limit)
  const found = findUnkeepable(value)
  return found === null ? null : `${found.path}: ${found.reason}`
}

/** What is said of a value that nests deeper than `limit` at `path` (`meta.a.a…: nested more than …`). */
export function tooDeepMessage(path: string, limit: number): string {
  return `${path.length > 48 ? `${path.slice(0, 48)}…` : path}: nested more than ${limit} levels deep, which Marginalia does not import`
}

/**
 * Where a value kept as it came, `value` at `path` (`spans[0].attrs`, `meta`), nests deeper than `limit` (the
 * value counted as level 1), said as `unimportable` says it, or null. `path` may be given as a function, called
 * only for a value that does nest too deeply.
 */
export function valueTooDeep(value: unknown, path: string | (() => string), limit: number): string | null {
  if (nestsWithin(value, limit)) return null // the common case
  const deep = tooDeep({ [typeof path === 'string' ? path : path()]: value }, limit + 1)
  return deep === null ? null : tooDeepMessage(deep, limit)
}

/** What `findUnkeepable` found: where (`spans[0].label`, `a key of meta`) and why it cannot be kept. */
export interface Unkeepable {
  path: string
  reason: string
}

/** The key JavaScript objects reserve: JSON.parse makes it an ordinary key, but schemas and spreads drop it. */
const RESERVED_KEY = '__proto__'

/**
 * The first thing in a value parsed from JSON that could not be stored faithfully, or null: a lone
 * surrogate in a string or a key (no valid Unicode, so no export could be read back), or the key
 * `__proto__`, which would be dropped without a word on the way to the corpus.
 */
export function findUnkeepable(value: unknown, path = ''): Unkeepable | null {
  if (path === '' && keepable(value)) return null // the common case, without building a path for every value
  if (typeof value === 'string') return value.isWellFormed() ? null : { path: path === '' ? 'the value' : path, reason: LONE_SURROGATE }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnkeepable(value[i], `${path}[${i}]`)
      if (found !== null) return found
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (!key.isWellFormed()) return { path: `a key of ${path === '' ? 'the record' : path}`, reason: LONE_SURROGATE }
      if (key === RESERVED_KEY) return { path: path === '' ? 'the record' : path, reason: `has the key "${RESERVED_KEY}", which Marginalia cannot keep (JavaScript reserves it)` }
      const found = findUnkeepable(item, path === '' ? key : `${path}.${key}`)
      if (found !== null) return found
    }
  }
  return null
}

const LONE_SURROGATE = 'contains a lone surrogate, which is not valid Unicode'

/**
 * Whether `findUnkeepable` finds nothing in a JSON value and it nests at most `limit` deep (as `nestsWithin`
 * counts): a walk that builds no paths, and recurses no deeper than `limit` + 1 (call `tooDeep` first for no limit).
 */
function keepable(value: unknown, limit = Infinity): boolean {
  if (typeof value === 'string') return value.isWellFormed()
  if (value === null || typeof value !== 'object') return true
  if (limit === 0) return false
  if (Array.isArray(value)) {
    for (const item of value) if (!keepable(item, limit - 1)) return false
    return true
  }
  for (const key in value) if (!key.isWellFormed() || key === RESERVED_KEY || !keepable((value as Record<string, unknown>)[key], limit - 1)) return false
  return true
}
