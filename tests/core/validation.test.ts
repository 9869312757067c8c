/** The checks every reader runs on parsed JSON before its schema: nesting depth, lone surrogates and the key "__proto__", with where they are. */
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { describeZodIssue, findUnkeepable, tooDeep, unimportable } from '../../src/core/validation'

const nested = (depth: number): unknown => (depth === 0 ? 1 : { a: [nested(depth - 1)] })

describe('tooDeep', () => {
  it('accepts a value exactly at the limit and names the first place past it', () => {
    // {a: [...]} is two levels per step: 10 steps are 20 levels.
    expect(tooDeep(nested(10), 20)).toBeNull()
    expect(tooDeep(nested(10), 19)).toBe('a[0].a[0].a[0].a[0].a[0].a[0].a[0].a[0].a[0].a')
    expect(tooDeep({ ok: [1, 2], deep: { x: { y: {} } } }, 3)).toBe('deep.x.y')
    expect(tooDeep('text', 0)).toBeNull()
    expect(tooDeep([], 0)).toBe('the record')
  })
})

describe('findUnkeepable', () => {
  it('finds a lone surrogate in a string or a key at any depth, and passes astral characters', () => {
    const lone = (path: string) => ({ path, reason: 'contains a lone surrogate, which is not valid Unicode' })
    expect(findUnkeepable({ text: 'emoji 😀 fine', spans: [{ label: '𝒜' }] })).toBeNull()
    expect(findUnkeepable({ text: 'ok', spans: [{ label: 'ok' }, { label: 'bad \ud800' }] })).toEqual(lone('spans[1].label'))
    expect(findUnkeepable({ meta: { ['key \udc00']: 1 } })).toEqual(lone('a key of meta'))
    expect(findUnkeepable(['\ud83d'])).toEqual(lone('[0]'))
    expect(findUnkeepable('\ud83d')).toEqual(lone('the value'))
  })

  it('finds the key "__proto__" that JSON.parse makes, which a schema would drop without a word', () => {
    expect(findUnkeepable(JSON.parse('{"meta": {"a": 1, "__proto__": {"x": 1}}}'))?.path).toBe('meta')
    expect(findUnkeepable(JSON.parse('{"spans": [{"attrs": {"__proto__": "y"}}]}'))?.reason).toMatch(/has the key "__proto__"/)
    expect(findUnkeepable(JSON.parse('{"__proto__": 1}'))?.path).toBe('the record')
    expect(findUnkeepable(JSON.parse('{"meta": {"proto": 1, "__proto": 2}}'))).toBeNull()
  })
})

describe('unimportable', () => {
  it('says the first problem as one line with where it is, nesting first', () => {
    expect(unimportable(nested(10), 19)).toMatch(/^a\[0\]\.a.*: nested more than 19 levels deep/)
    expect(unimportable(JSON.parse('{"spans": [{"attrs": {"__proto__": "y"}}]}'), 100)).toBe('spans[0].attrs: has the key "__proto__", which Marginalia cannot keep (JavaScript reserves it)')
    expect(unimportable({ text: 'fine 😀' }, 100)).toBeNull()
    // Within the limit exactly, and one past it; too deep is said before a lone surrogate deeper in.
    expect(unimportable(nested(5), 10)).toBeNull() // an object and an array a level: 10 deep
    expect(unimportable(nested(5), 9)).toMatch(/nested more than 9 levels deep/)
    expect(unimportable({ a: { b: { c: '\uD800' } } }, 2)).toMatch(/^a\.b: nested more than 2 levels deep/)
    expect(unimportable({ a: { b: { c: '\uD800' } } }, 3)).toBe('a.b.c: contains a lone surrogate, which is not valid Unicode')
  })
})

describe('describeZodIssue', () => {
  const said = (schema: z.ZodType, value: unknown) => describeZodIssue(schema.safeParse(value).error!.issues[0])

  it("says a wrong type or value as the project's messages do, not in zod's own wording", () => {
    expect(said(z.array(z.string()), {})).toBe('must be an array, not an object')
    expect(said(z.object({ labels: z.array(z.string()) }), {})).toBe('labels: is required and must be an array')
    expect(said(z.object({ n: z.number() }), { n: null })).toBe('n: must be a number, not null')
    expect(said(z.object({ kind: z.enum(['span', 'relation', 'document']) }), { kind: 'spam' })).toBe('kind: must be "span", "relation" or "document"')
    expect(said(z.object({ v: z.literal(1) }), { v: 2 })).toBe('v: must be 1')
  })

  it('says bounds, whole numbers and a discriminator in plain words, and a union by the branch that got furthest', () => {
    expect(said(z.object({ w: z.array(z.number()).min(1).max(1000) }), { w: [] })).toBe('w: must hold at least 1 item')
    expect(said(z.array(z.number()).max(1000), Array.from({ length: 1001 }, () => 0))).toBe('must hold at most 1,000 items')
    expect(said(z.string().max(3), 'four')).toBe('must be at most 3 characters long')
    expect(said(z.number().int().nonnegative(), -1)).toBe('must be at least 0')
    expect(said(z.number().int(), 0.5)).toBe('must be a whole number')
    const write = z.discriminatedUnion('op', [z.object({ op: z.literal('add') }), z.object({ op: z.literal('remove') })])
    expect(said(z.object({ writes: z.array(write) }), { writes: [{ op: 'drop' }] })).toBe('writes[0].op: must be "add" or "remove"')
    const spanGiven = z.union([z.number().int().positive(), z.object({ madeBy: z.number().int().nonnegative() }).strict()])
    expect(said(spanGiven, { madeBy: -1 })).toBe('madeBy: must be at least 0')
    expect(said(spanGiven, 'x')).toBe('must be a number, not a string')
  })

  it('keeps a message the schema gives', () => {
    expect(said(z.string({ error: 'must be the name of a label' }), 5)).toBe('must be the name of a label')
  })
})
