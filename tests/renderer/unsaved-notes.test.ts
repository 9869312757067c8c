/** Notes not saved, kept in the page's storage per corpus: two corpora of one file name, made apart, keep theirs apart. */
import { beforeEach, expect, it } from 'vitest'
import { UnsavedNotes } from '../../src/renderer/app/unsaved-notes'

const storage = new Map<string, string>()
beforeEach(() => {
  storage.clear()
  const localStorage = {
    getItem: (key: string) => storage.get(key) ?? null,
    setItem: (key: string, value: string) => void storage.set(key, value),
    removeItem: (key: string) => void storage.delete(key),
  }
  Object.assign(globalThis, { window: { localStorage } })
})

it('gives a note back to a later page of the same corpus only, and forgets it once deleted', () => {
  const first = new UnsavedNotes()
  first.storeFor('news.marginalia@2026-01-01T10:00:00.000Z')
  first.set('1:1@2026-01-01T10:05:00.000Z', { value: 'check the quote against the video', readAt: '2026-01-01T10:05:00.000Z' })
  // Another corpus of the same file name, made at another time (another folder's news.marginalia).
  const other = new UnsavedNotes()
  other.storeFor('news.marginalia@2026-02-02T09:00:00.000Z')
  expect(other.ofDocument(1)).toEqual([])
  other.set('1:1@2026-02-02T09:05:00.000Z', { value: 'theirs', readAt: '2026-02-02T09:05:00.000Z' })
  // The first corpus opened again (a reload): its note is there, the other's is not.
  const again = new UnsavedNotes()
  again.storeFor('news.marginalia@2026-01-01T10:00:00.000Z')
  expect(again.ofDocument(1).map((kept) => kept.note.value)).toEqual(['check the quote against the video'])
  again.delete('1:1@2026-01-01T10:05:00.000Z')
  expect(storage.has('marginalia:unsaved-notes:news.marginalia@2026-01-01T10:00:00.000Z')).toBe(false)
  expect(storage.has('marginalia:unsaved-notes:news.marginalia@2026-02-02T09:00:00.000Z')).toBe(true)
})
