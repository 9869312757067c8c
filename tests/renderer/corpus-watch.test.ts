/** Watching the corpus for other programs' writes, from the version the page read it at, and for the server stopping. */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../src/renderer/api-client'
import { watchCorpus } from '../../src/renderer/app/corpus-watch'
import type { ChangesElsewhere } from '../../src/shared/api'

/** A corpus whose version is `version` when asked; counts the changes the watch reports. */
function watched(version: number, since?: number | null) {
  const seen: number[] = []
  const stop = watchCorpus({ changesElsewhere: async () => ({ version, annotator: 'ana', movedAway: false }) }, async () => void seen.push(version), { since, everyMs: 60_000 })
  return { seen, stop }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('watchCorpus', () => {
  afterEach(() => void vi.useRealTimers())

  it('sees a change made after the page read the corpus but before watching began', async () => {
    const { seen, stop } = watched(5, 4)
    await settle()
    stop()
    expect(seen).toEqual([5])
  })

  it('reports nothing when the corpus is as the page read it, or when no version was given', async () => {
    const same = watched(4, 4)
    const none = watched(4)
    await settle()
    same.stop()
    none.stop()
    expect([same.seen, none.seen]).toEqual([[], []])
  })

  it('says once that the server stopped answering, asks less often meanwhile, and says once that it answers again', async () => {
    vi.useFakeTimers()
    let up = true
    const asked: number[] = []
    const told: (string | null)[] = []
    const api = {
      changesElsewhere: async () => {
        asked.push(Date.now())
        if (!up) throw new ApiError('unreachable', 'the Marginalia server cannot be reached (Failed to fetch)')
        return { version: 1, annotator: 'ana', movedAway: false }
      },
    }
    const stop = watchCorpus(api, async () => {}, { since: 1, everyMs: 1_000, onReach: (problem) => told.push(problem) })
    await vi.advanceTimersByTimeAsync(2_500) // asked at 0, 1 and 2 s
    expect(asked).toHaveLength(3)
    up = false
    const downAt = Date.now()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(told).toEqual(['the Marginalia server cannot be reached (Failed to fetch)'])
    // Pauses of 2, 4, 8, then 10 s at most: 10 questions in the minute rather than 60.
    const gaps = asked.filter((at) => at >= downAt).map((at, i, all) => (i === 0 ? 0 : at - all[i - 1]))
    expect(gaps.slice(0, 5)).toEqual([0, 2_000, 4_000, 8_000, 10_000])
    expect(gaps.every((gap) => gap <= 10_000)).toBe(true)
    up = true
    await vi.advanceTimersByTimeAsync(10_000)
    await vi.advanceTimersByTimeAsync(5_000)
    expect(told).toEqual(['the Marginalia server cannot be reached (Failed to fetch)', null])
    const back = asked.length
    await vi.advanceTimersByTimeAsync(3_000)
    expect(asked.length - back).toBe(3) // every second again
    stop()
  })

  it('says again why the server cannot be reached when that changes (a server started again refuses the page)', async () => {
    vi.useFakeTimers()
    let why = 'the Marginalia server cannot be reached (Failed to fetch)'
    const told: (string | null)[] = []
    const api = {
      changesElsewhere: async (): Promise<ChangesElsewhere> => {
        throw new ApiError('unreachable', why)
      },
    }
    const stop = watchCorpus(api, async () => {}, { since: 1, everyMs: 1_000, onReach: (problem) => told.push(problem) })
    await vi.advanceTimersByTimeAsync(5_000)
    why = 'the Marginalia server does not know this page (refused)'
    await vi.advanceTimersByTimeAsync(30_000)
    stop()
    expect(told).toEqual(['the Marginalia server cannot be reached (Failed to fetch)', 'the Marginalia server does not know this page (refused)'])
  })

  it('says nothing of a failure other than an unreachable server, and keeps asking every interval', async () => {
    vi.useFakeTimers()
    const told: (string | null)[] = []
    let asked = 0
    const api = {
      changesElsewhere: async () => {
        asked++
        throw new ApiError('io', 'disk I/O error')
      },
    }
    const stop = watchCorpus(api, async () => {}, { since: 1, everyMs: 1_000, onReach: (problem) => told.push(problem) })
    await vi.advanceTimersByTimeAsync(5_500)
    stop()
    expect(told).toEqual([])
    expect(asked).toBe(6)
  })

  it('tells the name edits are recorded under with each answer, so a name another tab set is seen', async () => {
    let annotator = 'ana'
    const told: string[] = []
    vi.useFakeTimers()
    const stop = watchCorpus({ changesElsewhere: async () => ({ version: 1, annotator, movedAway: false }) }, async () => {}, { since: 1, everyMs: 1_000, onAnalyst: (name) => told.push(name) })
    await vi.advanceTimersByTimeAsync(500)
    annotator = 'ben'
    await vi.advanceTimersByTimeAsync(1_000)
    stop()
    expect(told).toEqual(['ana', 'ben'])
  })

  it('tells once that the corpus file was moved away, when an answer first says so, and once that it is back', async () => {
    let movedAway = false
    const told: boolean[] = []
    vi.useFakeTimers()
    const stop = watchCorpus({ changesElsewhere: async () => ({ version: 1, annotator: 'ana', movedAway }) }, async () => {}, { since: 1, everyMs: 1_000, onMovedAway: (moved) => void told.push(moved) })
    await vi.advanceTimersByTimeAsync(2_500)
    expect(told).toEqual([])
    movedAway = true
    await vi.advanceTimersByTimeAsync(5_000)
    expect(told).toEqual([true])
    movedAway = false // a network folder that did not answer for a moment
    await vi.advanceTimersByTimeAsync(3_000)
    stop()
    expect(told).toEqual([true, false])
  })
})
