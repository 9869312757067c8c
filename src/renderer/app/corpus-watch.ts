/**
 * Watching the corpus for what other programs write (an import, a colleague's editor, a script): the
 * `changesElsewhere` operation is asked every so often, and `onChange` runs once per change seen, never two
 * at a time.
 */
import type { MarginaliaApi } from '../../shared/api'

/** How often the editor asks whether other programs have changed the corpus. */
export const WATCH_MS = 1_000

/**
 * Starts watching; returns a function that stops it. `since` is the version the page read the corpus at (asked
 * before anything else was read): a change made after it, even before watching starts, is seen. Without it,
 * the first answer is taken as what the page has.
 */
export function watchCorpus(
  api: Pick<MarginaliaApi, 'changesElsewhere'>,
  onChange: () => Promise<void>,
  since: number | null = null,
  everyMs = WATCH_MS,
): () => void {
  let known = since
  let asking = false
  const ask = async (): Promise<void> => {
    if (asking) return
    asking = true
    try {
      const { version } = await api.changesElsewhere({})
      if (known !== null && version !== known) await onChange()
      known = version
    } catch {
      // The next write or read says what is wrong; watching just tries again.
    } finally {
      asking = false
    }
  }
  void ask()
  const timer = setInterval(() => void ask(), everyMs)
  return () => clearInterval(timer)
}

/** True if two lists read from the corpus differ in anything (label sets: names, kinds, colours, keys, rules, guidelines; analysts). */
export function listsDiffer<T>(a: readonly T[], b: readonly T[]): boolean {
  return JSON.stringify(a) !== JSON.stringify(b)
}
