import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SILENT_SERVER_MS, SLOW_WRITE_MS, SlowWriteNotice, type WriteWait } from '../../src/renderer/app/slow-writes'

describe('the notice of writes waiting', () => {
  beforeEach(() => void vi.useFakeTimers())
  afterEach(() => void vi.useRealTimers())

  it('says a write waits after a second, that the server does not answer past the corpus\'s longest turn (it said "up to 30 s" forever), and takes it back once answered', () => {
    const said: WriteWait[] = []
    const notice = new SlowWriteNotice((wait) => said.push(wait))
    notice.writing(true)
    vi.advanceTimersByTime(SLOW_WRITE_MS)
    expect(said).toEqual(['waiting'])
    notice.writing(true) // a second write behind it changes nothing said
    vi.advanceTimersByTime(SILENT_SERVER_MS - SLOW_WRITE_MS)
    expect(said).toEqual(['waiting', 'silent'])
    expect([notice.silent, notice.silences]).toEqual([true, 1])
    expect(SILENT_SERVER_MS).toBeGreaterThan(30_000)
    notice.writing(false)
    expect(said).toEqual(['waiting', 'silent'])
    notice.writing(false)
    expect(said).toEqual(['waiting', 'silent', 'answered'])
    expect(notice.underWay).toBe(false)
    expect([notice.silent, notice.silences]).toEqual([false, 1]) // a move asked for before the silence is still known as such
  })

  it('says nothing of a write answered within a second, then or later', () => {
    const said: WriteWait[] = []
    const notice = new SlowWriteNotice((wait) => said.push(wait))
    notice.writing(true)
    vi.advanceTimersByTime(SLOW_WRITE_MS / 2)
    notice.writing(false)
    vi.advanceTimersByTime(SILENT_SERVER_MS)
    expect(said).toEqual([])
  })
})
