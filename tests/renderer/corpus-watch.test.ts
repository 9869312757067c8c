/** Watching the corpus for other programs' writes, from the version the page read it at. */
import { describe, expect, it } from 'vitest'
import { watchCorpus } from '../../src/renderer/app/corpus-watch'

/** A corpus whose version is `version` when asked; counts the changes the watch reports. */
function watched(version: number, since?: number | null) {
  const seen: number[] = []
  const stop = watchCorpus({ changesElsewhere: async () => ({ version }) }, async () => void seen.push(version), since, 60_000)
  return { seen, stop }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('watchCorpus', () => {
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
})
