/**
 * The banner over the layout that says what went wrong or what is going on: a failure (it stays until dismissed,
 * or until a later write succeeds once it has been seen), a notice (it fades), or a wait under way (it goes when
 * the wait ends). It floats over the layout rather than pushing the text down.
 */
import { h } from './dom'
import { SILENT_SERVER_MS, type WriteWait } from './slow-writes'

/** What the banner says: a failure, a notice, or a wait under way. */
export type BannerKind = 'error' | 'info' | 'waiting'

/** How long a failure stays shown at least, though a later write succeeds (see `outOfDate`). */
const FAILURE_SHOWN_MS = 4_000

/** How long a notice stays shown. */
const NOTICE_SHOWN_MS = 5_000

/** The banner: one message at a time, its kind in `data-kind`. */
export class Banner {
  readonly element = h('div', { class: 'error-banner', role: 'alert', hidden: true })
  private timer: ReturnType<typeof setTimeout> | undefined
  /** When the message was shown (`performance.now()`). */
  private shownAt = 0

  /**
   * Shows `message`. A notice or a wait does not take the place of a failure shown a moment ago: it waits until
   * the failure has been seen.
   */
  show(message: string, kind: BannerKind = 'error'): void {
    const left = this.failureStaysMs()
    if (kind !== 'error' && left > 0) {
      const shown = this.element.firstChild
      setTimeout(() => (this.element.hidden || this.element.firstChild === shown) && this.show(message, kind), left)
      return
    }
    this.element.replaceChildren(
      h('span', {}, message),
      h('button', { type: 'button', 'aria-label': 'Dismiss', onclick: () => this.clear() }, '×'),
    )
    const data = this.element.dataset
    data.kind = kind
    delete data.unreachable
    delete data.movedAway
    delete data.untilBackInText
    this.element.hidden = false
    clearTimeout(this.timer)
    this.shownAt = performance.now()
    if (kind === 'info') this.timer = setTimeout(() => this.clear(), NOTICE_SHOWN_MS)
  }

  /** Hides the banner: dismissed, faded, or out of date. */
  clear(): void {
    clearTimeout(this.timer)
    this.element.hidden = true
    this.element.replaceChildren() // nothing out of date left in the page for a screen reader to find
  }

  /** Hides the banner if what it says (or said last) is a notice: one about a document or a key now behind. */
  clearNotice(): void {
    if (this.element.dataset.kind === 'info') this.clear()
  }

  /**
   * A later write succeeded, so the message is out of date; a failure still stays until it has been shown
   * `FAILURE_SHOWN_MS` (a write queued behind the failed one may succeed at once), so that it is seen.
   */
  outOfDate(): void {
    const left = this.failureStaysMs()
    if (left <= 0) return this.clear()
    const shown = this.element.firstChild
    clearTimeout(this.timer)
    this.timer = setTimeout(() => this.element.firstChild === shown && this.clear(), left)
  }

  /**
   * Marks the notice just shown as one about a box that holds the keys (another analyst's note, shown read-only),
   * so that it goes once the keys are back in the text (`backInText`): it tells how to get there, and is then out of date.
   */
  noticeUntilBackInText(): void {
    if (!this.element.hidden && this.element.dataset.kind === 'info') this.element.dataset.untilBackInText = ''
  }

  /** The keys are back in the text: a notice marked by `noticeUntilBackInText` goes. */
  backInText(): void {
    if (this.element.dataset.untilBackInText !== undefined && !this.element.hidden) this.clear()
  }

  /**
   * Says that the corpus file was moved, deleted or replaced since it was opened, so that nothing more can be saved
   * (`movedAway`); takes it back if the file is found in place again.
   */
  corpusFileMoved(movedAway: boolean): void {
    if (movedAway) {
      this.show('The corpus file was moved, deleted or replaced since it was opened: nothing more can be saved to it. What was saved is in the file that was opened, wherever it is now (unless it was deleted); open a corpus again to go on.')
      this.element.dataset.movedAway = ''
    } else if (this.element.dataset.movedAway !== undefined && !this.element.hidden) this.clear()
  }

  /**
   * Says while writes wait their turn behind another program's, or wait with no answer past the longest turn (the
   * server stopped or hung), and takes it back once they are answered.
   */
  writesWaiting(wait: WriteWait): void {
    // A failure shown stays shown: the notice is only for a banner that is free or says less.
    const free = this.element.hidden || this.element.dataset.kind !== 'error'
    if (wait === 'waiting' && free) this.show('Saving: the corpus is slow to answer (another program using it, perhaps): this change waits its turn, up to 30 s.', 'waiting')
    else if (wait === 'silent' && free) {
      this.show(
        `Saving: the Marginalia server has not answered for ${SILENT_SERVER_MS / 1000} s (stopped, hung, or its machine asleep). The change is kept waiting and is saved if the server answers; keys pressed meanwhile wait with it, but a move to another document asked for meanwhile is not made. Closing the page now may lose it.`,
        'waiting',
      )
    } else if (wait === 'answered' && !this.element.hidden && this.element.dataset.kind === 'waiting') this.clear()
  }

  /**
   * Says that the server has stopped answering (`problem`: why), before a write finds out; takes that back
   * when it answers again, unless the banner has said something else since.
   */
  serverReached(problem: string | null): void {
    if (problem !== null) {
      this.show(`${problem[0].toUpperCase()}${problem.slice(1)}. Nothing can be saved meanwhile.`)
      this.element.dataset.unreachable = ''
    } else if (this.element.dataset.unreachable !== undefined && !this.element.hidden) this.clear()
  }

  /** How much longer the failure shown is to stay, to be seen (`FAILURE_SHOWN_MS`); 0 if it shows none. */
  private failureStaysMs(): number {
    if (this.element.hidden || this.element.dataset.kind !== 'error') return 0
    return FAILURE_SHOWN_MS - (performance.now() - this.shownAt)
  }
}
