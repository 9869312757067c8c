/**
 * Watching the corpus for what other programs write (an import, a colleague's editor, a script): the
 * `changesElsewhere` operation is asked every so often, and `onChange` runs once per change seen, never two
 * at a time. Asking is also how the page learns that the server it talks to has stopped: it says so once,
 * asks less often while there is no answer, and says so again when the server answers.
 */
import type { MarginaliaApi } from '../../shared/api'

/** How often the editor asks whether other programs have changed the corpus. */
export const WATCH_MS = 1_000

/** The longest pause between two questions while the server does not answer. */
const UNREACHABLE_MAX_MS = 10_000

/** How a watch starts and whom it tells. */
export interface WatchOptions {
  /**
   * The version the page read the corpus at (asked before anything else was read): a change made after it, even
   * before watching starts, is seen. Without it, the first answer is taken as what the page has.
   */
  since?: number | null
  /** How often to ask while the server answers. */
  everyMs?: number
  /**
   * Told that the server cannot be reached (with why; again only if why changes, as when a server started again
   * refuses this page), and, once, that it answers again (`null`).
   */
  onReach?: (problem: string | null) => void
  /** Told the name edits are recorded under, with each answer (another tab may have changed it). */
  onAnalyst?: (name: string) => void
  /**
   * Told when the corpus file is found moved, deleted or replaced since it was opened (`ChangesElsewhere.movedAway`:
   * true), and if it is found in place again (false: a network folder that failed to answer for a moment).
   */
  onMovedAway?: (movedAway: boolean) => void
}

/** Starts watching; returns a function that stops it. */
export function watchCorpus(
  api: Pick<MarginaliaApi, 'changesElsewhere'>,
  onChange: () => Promise<void>,
  { since = null, everyMs = WATCH_MS, onReach = () => {}, onAnalyst = () => {}, onMovedAway = () => {} }: WatchOptions = {},
): () => void {
  let known = since
  /** Questions in a row the server did not answer, and why the last was not. */
  let unanswered = 0
  let told: string | null = null
  let timer: ReturnType<typeof setTimeout> | undefined
  let stopped = false
  let movedAwayTold = false // as last told
  const ask = async (): Promise<void> => {
    try {
      const { version, annotator, movedAway } = await api.changesElsewhere({})
      if (unanswered > 0) onReach(null)
      onAnalyst(annotator)
      if (movedAway !== movedAwayTold) onMovedAway((movedAwayTold = movedAway))
      unanswered = 0
      told = null
      if (known !== null && version !== known) await onChange()
      known = version
    } catch (error) {
      // Unreachable: said once (and again if why changes), then asked after longer and longer pauses. Anything
      // else: the next write or read says what is wrong; watching just tries again.
      if ((error as { kind?: unknown }).kind === 'unreachable') {
        unanswered++
        const why = (error as Error).message
        if (why !== told) onReach((told = why))
      }
    } finally {
      if (!stopped) timer = setTimeout(() => void ask(), Math.min(UNREACHABLE_MAX_MS, everyMs * 2 ** unanswered))
    }
  }
  void ask()
  return () => {
    stopped = true
    clearTimeout(timer)
  }
}

/** True if two lists read from the corpus differ in anything (label sets: names, kinds, colours, keys, rules, guidelines; analysts). */
export function listsDiffer<T>(a: readonly T[], b: readonly T[]): boolean {
  return JSON.stringify(a) !== JSON.stringify(b)
}
