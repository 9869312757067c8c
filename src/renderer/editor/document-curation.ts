/**
 * Curation of one open document: stepping through where the analysts differ (Alt+C, Tab, Enter), picking a
 * version, and accepting it into the curated layer (or settling the place as nothing) as one undoable step. The
 * disagreements are worked out in `curation.ts`; what a settling writes and takes away, in `writes.ts` and
 * `resettling.ts`.
 */
import type { LabelDefinition } from '../../shared/corpus-types'
import type { ExportedSpan } from '../../shared/corpus-types'
import { CURATED, declaredAttributesOf, versionSignature, type DeclaredAttributes } from '../../shared/curation'
import { nameSpan } from '../../shared/relation-rules'
import type { AnnotationAction, AnnotationState, CurationPointer } from './annotations'
import { curatedOver, curatedSpansOver, curationItems, curationKey, itemIndex, type CurationItem, type CurationVersion } from './curation'
import { lostWithSettling, settlingRead, settlingToChange } from './resettling'
import { acceptVersionWrites, resettleWrites, settleAsNothingWrites, SettlingGuard, writtenTogether, type PlannedStep, type StepWrites } from './writes'
import type { SessionHost } from './session'

/** What curation uses of the document's session (src/renderer/editor/session.ts). */
export interface CurationSession {
  readonly state: AnnotationState
  readonly host: Pick<SessionHost, 'api' | 'labels' | 'failed'>
  readonly documentId: number
  /** The editor's element, where the disagreement picked is drawn (`.curation-focus`). */
  readonly dom: Pick<HTMLElement, 'querySelector'>
  /** The disagreements a curator settled as nothing, by `curationKey`. */
  settledAsNothing(): ReadonlySet<string>
  /** Draws an annotation change. */
  apply(action: AnnotationAction): void
  /** Runs `work` after the operations started before it. */
  enqueue(work: () => Promise<void> | void): Promise<void>
  /** Writes a step (first, undo, redo) and draws it; false if nothing could be written (a read-only corpus). */
  change(writes: StepWrites): Promise<boolean>
  /** Says why a key did nothing, or what a step did beside what is drawn. */
  say(message: string): void
  /** Where the caret is, as a code point offset of the text. */
  caret(): number
  /** Puts the caret at code point offset `offset`, the view left where it is. */
  putCaret(offset: number): void
}

/** Curation mode's steps on one open document. */
export class DocumentCuration {
  /** The last disagreements worked out, and what they were worked out from. */
  private cache: {
    spans: AnnotationState['spans']
    relations: AnnotationState['relations']
    settledAsNothing: ReadonlySet<string>
    labels: readonly LabelDefinition[]
    items: CurationItem[]
  } | null = null

  /** Where the last step put the caret (code points), to tell whether it was moved since; null before any step. */
  private caretPut: number | null = null

  constructor(private readonly session: CurationSession) {}

  /** The document's disagreements, each marked settled if the curated layer has it or a curator settled it as nothing. */
  items(): CurationItem[] {
    // Worked out again only when what it depends on changed: the panel and the keys ask for it on every step.
    const { spans, relations } = this.session.state
    const key = this.cache
    if (key !== null && key.spans === spans && key.relations === relations && key.settledAsNothing === this.session.settledAsNothing() && key.labels === this.session.host.labels) return key.items
    const items = curationItems(this.session.state, this.session.settledAsNothing(), this.declared)
    this.cache = { spans, relations, settledAsNothing: this.session.settledAsNothing(), labels: this.session.host.labels, items }
    return items
  }

  /** The attributes each span label declares, whose values are part of what an analyst decided. */
  get declared(): DeclaredAttributes {
    return declaredAttributesOf(this.session.host.labels)
  }

  /** Curation mode on or off (Alt+C): everyone's work shown, and the first disagreement not yet settled picked. */
  toggle(): Promise<void> {
    return this.session.enqueue(() => {
      const on = !this.session.state.curating
      this.session.apply({ type: 'curate', on })
      if (on) this.step(1)
    })
  }

  /** Picks the disagreement `pointer` names (a click in the side panel), with the version it is settled with, and shows it. */
  pick(pointer: CurationPointer): void {
    const items = this.items()
    const item = items[itemIndex(items, pointer)]
    if (item === undefined) return
    this.session.apply({ type: 'curation', at: { item: item.pointer, version: this.settledVersion(item) } })
    this.scrollToFocus()
  }

  /** Picks the next (1) or previous (-1) disagreement, in reading order, and shows it. */
  step(direction: 1 | -1): void {
    const items = this.items()
    if (items.length === 0) {
      this.session.apply({ type: 'curation', at: null })
      const analysts = [...new Set([...this.session.state.spans.values(), ...this.session.state.relations.values()].map((made) => made.annotator))].filter((name) => name !== CURATED)
      this.session.host.failed(
        analysts.length === 0
          ? 'No analyst has annotated this document yet: nothing to curate.'
          : analysts.length === 1
            ? `Only ${analysts[0]} annotated this document: there is no other analyst's work to compare, so nothing to curate.`
            : 'The analysts agree everywhere in this document: nothing to curate.',
        'info',
      )
      return
    }
    const at = itemIndex(items, this.session.state.curation?.item)
    const caret = this.session.caret()
    // The caret moved since a step put it on what it picked (Ctrl+End, a search, a click in the text): the step goes
    // from there, as Tab does outside curation, to the next (previous) place after (before) it; round to the first
    // (last) at the end. Enter and a click in the side panel pick another without moving the caret: Tab goes on from it.
    const away = at !== -1 && this.caretPut !== null && caret !== this.caretPut
    const next = away
      ? fromCaret(items, caret, direction)
      : at === -1
        ? Math.max(0, items.findIndex((item) => !item.settled)) // from nothing picked: the first not settled yet (or the first of all)
        : (at + direction + items.length) % items.length
    this.session.apply({ type: 'curation', at: { item: items[next].pointer, version: this.settledVersion(items[next]) } })
    this.caretPut = items[next].pointer.start
    this.session.putCaret(this.caretPut) // the next step goes on from here
    this.scrollToFocus()
  }

  /** Scrolls the disagreement picked to the middle of the view: what Enter accepts next must be seen first. */
  private scrollToFocus(): void {
    this.session.dom.querySelector('.curation-focus')?.scrollIntoView({ block: 'center' })
  }

  /** After an undo or redo, the disagreement picked shows the version it is settled with now. */
  pickSettledVersion(): void {
    const current = this.session.state.curation
    if (current === null) return
    const items = this.items()
    const item = items[itemIndex(items, current.item)]
    if (item === undefined || (!item.settled && !item.changedSince)) return
    const version = this.settledVersion(item)
    if (version !== current.version) this.session.apply({ type: 'curation', at: { item: current.item, version } })
  }

  /** The index of the version `item` was settled with (the one to show picked when it is come back to), or 0. */
  private settledVersion(item: CurationItem): number {
    if (!item.settled && !item.changedSince) return 0 // opened again by a change since: the version curated is picked, for Enter to confirm
    const asNothing = this.session.settledAsNothing().has(curationKey(item.pointer))
    if (asNothing || item.relation !== undefined) return Math.max(0, item.versions.findIndex((version) => (version.spans.length === 0) === asNothing))
    const signature = (span: ExportedSpan) => versionSignature(span, this.declared)
    const curated = curatedSpansOver(this.session.state, item.pointer).map(signature).sort().join('|')
    return Math.max(0, item.versions.findIndex((version) => version.spans.map(signature).sort().join('|') === curated))
  }

  /** Picks the next (1) or previous (-1) version of the disagreement picked. */
  chooseVersion(direction: 1 | -1): void {
    const current = this.session.state.curation
    if (current === null) return
    const items = this.items()
    const item = items[itemIndex(items, current.item)]
    if (item === undefined) return
    const version = (current.version + direction + item.versions.length) % item.versions.length
    this.session.apply({ type: 'curation', at: { item: current.item, version } })
  }

  /** Accepts the version picked of the disagreement picked into the curated layer, and moves to the next one. */
  acceptCurrent(): Promise<void> {
    return this.session.enqueue(async () => {
      const current = this.session.state.curation
      if (current !== null) await this.acceptVersion(current.item, current.version)
    })
  }

  /** Accepts version `version` of the disagreement `pointer` (from the keyboard or a click in the side panel). */
  acceptVersionOf(pointer: CurationPointer, version: number): Promise<void> {
    return this.session.enqueue(() => this.acceptVersion(pointer, version))
  }

  /** Writes a version into the curated layer: its spans (unless curated already) and its relations, as one undoable step. */
  private async acceptVersion(pointer: CurationPointer, versionIndex: number): Promise<void> {
    const items = this.items()
    const item = items[itemIndex(items, pointer)]
    const version = item?.versions[versionIndex]
    if (version === undefined) return
    // Settled as nothing already, and nothing again: nothing to write, nor a step for undo to take back.
    if (version.spans.length === 0 && item.settled && this.session.settledAsNothing().has(curationKey(pointer))) return this.curateNextAfter(pointer)
    const old = settlingToChange(this.session.state, item, version, items, this.session.settledAsNothing(), this.declared)
    const { api } = this.session.host
    // Refused, before anything is written, if another curator or window settled it meanwhile (not seen here yet).
    const guard = new SettlingGuard(settlingRead(this.session.state, item, this.session.settledAsNothing()))
    let writes: PlannedStep
    // Settled as nothing: the curated layer stays empty there, on purpose (the settled export takes nothing).
    if (version.spans.length === 0) writes = settleAsNothingWrites(curationKey(pointer), guard)
    else if (item.relation !== undefined) {
      const refusal = this.relationEndsRefusal(version, items)
      if (refusal !== null) return this.session.host.failed(refusal, 'info')
      writes = acceptVersionWrites(version, { relationEnds: true, declared: this.declared, guard })
    } else {
      writes = acceptVersionWrites(version, { replaced: new Set(old.spanIds), declared: this.declared, confirm: item.changedSince, guard, takeOver: old.takeOver })
    }
    const changing = old.spanIds.length > 0 || old.relationIds.length > 0 || old.unsettle.length > 0
    const lost = lostWithSettling(this.session.state, old, items, version.spans.length === 0 ? 'removed' : 'replaced')
    // One transaction each (first, undo, redo): a failure between two of its writes leaves none of them written.
    if (!(await this.session.change(writtenTogether(api, this.session.documentId, changing ? resettleWrites(old, writes, guard) : writes)))) return
    if (lost !== null) this.session.say(lost)
    this.curateNextAfter(pointer)
  }

  /**
   * Why accepting a relation's `version` would contradict the curation, or null: an end that lies where the
   * analysts' spans differ, unless the curated layer has a span of its label there (which the relation then joins).
   * Where the curator has not settled yet, accepting must not settle it; where they settled otherwise (another
   * label, or nothing), it must not add a second answer beside theirs.
   */
  private relationEndsRefusal(version: CurationVersion, items: readonly CurationItem[]): string | null {
    const curated = [...this.session.state.spans.values()].filter((span) => span.annotator === CURATED)
    const whose = version.annotators.join(' and ')
    for (const end of version.spans) {
      const exact = curated.some((span) => span.start === end.start && span.end === end.end && span.label === end.label)
      if (exact || curatedOver(end, curated) !== undefined) continue
      const place = items.find((item) => item.place !== undefined && item.place.start < end.end && end.start < item.place.end)
      if (place === undefined) continue // agreed there: the span joins the curated layer with the relation
      const name = nameSpan(end.label, end.text)
      if (!place.settled) return `Settle ${name} first: the analysts differ there, and accepting this relation would put ${whose}'s span there unasked.`
      return `The curated layer settled the place of ${name} otherwise: accepting this relation would add ${whose}'s span beside that. Change the settling there first, or settle this relation as nothing.`
    }
    return null
  }

  /** Picks the next disagreement not settled yet after `pointer`, if there is one. */
  private curateNextAfter(pointer: CurationPointer): void {
    const after = this.items()
    const at = itemIndex(after, pointer)
    const next = [...after.slice(at + 1), ...after.slice(0, at + 1)].find((candidate) => !candidate.settled)
    if (next === undefined) return
    this.session.apply({ type: 'curation', at: { item: next.pointer, version: 0 } })
    this.scrollToFocus()
  }
}

/**
 * The disagreement a step from caret offset `caret` lands on: the first place starting at or after it (1) or the last
 * starting before it (-1), round to the first or last disagreement past the end; relations, listed after the
 * places, are reached by stepping on.
 */
function fromCaret(items: readonly CurationItem[], caret: number, direction: 1 | -1): number {
  if (direction === 1) {
    const after = items.findIndex((item) => item.pointer.kind === 'place' && item.pointer.start >= caret)
    return after === -1 ? 0 : after
  }
  for (let i = items.length - 1; i >= 0; i--) if (items[i].pointer.kind === 'place' && items[i].pointer.start < caret) return i
  return items.length - 1
}
