/** The checks every reader runs on parsed JSON before its schema: nesting depth and lone surrogates, with where they are. */
import { describe, expect, it } from 'vitest'
import { findLoneSurrogate, tooDeep } from '../../src/core/validation'

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

describe('findLoneSurrogate', () => {
  it('finds one in a string or a key at any depth, and passes astral characters', () => {
    expect(findLoneSurrogate({ text: 'emoji 😀 fine', spans: [{ label: '𝒜' }] })).toBeNull()
    expect(findLoneSurrogate({ text: 'ok', spans: [{ label: 'ok' }, { label: 'bad \ud800' }] })).toBe('spans[1].label')
    expect(findLoneSurrogate({ meta: { ['key \udc00']: 1 } })).toBe('a key of meta')
    expect(findLoneSurrogate(['\ud83d'])).toBe('[0]')
    expect(findLoneSurrogate('\ud83d')).toBe('the value')
  })
})
