/**
 * A pending link, said next to the text rather than only at the foot of the side panel: a line kept at the foot of
 * the text pane while a relation waits for its other end ("Linking Claim "…" as attributed_to: …"), and the
 * text's pointer turned into a crosshair over it (the class `linking` on the editor's mount). The span linked
 * from carries its own mark in the text (annotations.ts: `link-source` and the `link-start` badge).
 */
import { nameSpan } from '../../shared/relation-rules'
import type { DocumentSession } from '../editor/session'
import { h } from './dom'

/** The pending link's line at the foot of the text pane; `render` shows or hides it for a session. */
export class LinkStatus {
  readonly element = h('div', { class: 'link-status' })
  /** Always there (a live region is read out when its text changes), empty and of no size without a link. */
  private readonly line = h('p', { role: 'status', 'aria-live': 'polite' })
  private drawn = ''

  /** `mount` is the element around the editor, marked `linking` while a link is pending. */
  constructor(private readonly mount: HTMLElement) {
    this.element.append(this.line)
  }

  /** Shows the pending link of `session`, if it has one; hides the line otherwise. True if a link has just begun. */
  render(session: DocumentSession | null): boolean {
    const link = session?.state.link ?? null
    const from = link === null ? undefined : session?.state.spans.get(link.spanId)
    const text = link === null || from === undefined ? '' : `Linking ${nameSpan(from.label, from.text)} as ${link.label}: Tab to the other end and press Enter, or click it. Escape cancels.`
    if (text === this.drawn) return false
    const begun = this.drawn === '' && text !== ''
    this.drawn = text
    this.line.textContent = text
    this.mount.classList.toggle('linking', text !== '')
    if (text !== '') requestAnimationFrame(() => this.keepBadgeInView())
    return begun
  }

  /**
   * The badge over the span linked from reads rightwards from its start; where that start is too near the text's
   * right edge for it, it reads leftwards to it instead (`ends-there`), so that it is not cut off.
   */
  private keepBadgeInView(): void {
    const badge = this.mount.querySelector<HTMLElement>('.link-start')
    if (badge === null) return
    badge.classList.remove('ends-there')
    const width = parseFloat(getComputedStyle(badge, '::before').width) || 0
    badge.classList.toggle('ends-there', badge.getBoundingClientRect().left + width > this.mount.getBoundingClientRect().right)
  }
}
