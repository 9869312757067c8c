/**
 * One open document: its editor state (see `annotations.ts` for what the plugin keeps) and every operation
 * that changes its annotations. Each operation is written to the corpus first and drawn only once the
 * corpus has it, then recorded for undo; a failed write is shown and the view is reloaded from what is
 * stored. Operations run one after another, in the order the keys were pressed.
 */
import { EditorState, Plugin, TextSelection, type Selection, type Transaction } from 'prosemirror-state'
import type { DirectEditorProps, EditorView } from 'prosemirror-view'
import type { DocumentView, ErrorKind, MarginaliaApi } from '../../shared/api'
import { ApiError } from '../api-client'
import { readDocument } from '../../shared/packed-document'
import type { DocumentStatus, ExportedRelation, ExportedSpan, LabelDefinition } from '../../shared/corpus-types'
import { boundHotkeys } from '../../shared/hotkeys'
import { colorsOf, SPAN_UNSURE } from '../../shared/contract-values'
import { CURATED } from '../../shared/curation'
import { allowsAt, describeRule, mayTakePart, nameSpan, relationDirection } from '../../shared/relation-rules'
import { annotate, annotationKey, annotationPlugin, annotations, isShown, ownerOf, relationsAt, type AnnotationAction, type AnnotationState } from './annotations'
import { selectingWithCursor } from './commands'
import { DocumentCuration } from './document-curation'
import type { History, SpansWritten } from './history'
import { documentKeymap, documentLabelKeysAndSpanClicks, labelCommand, type InputHost, type InputSession } from './input'
import { PointerGate, pointerGatePlugin } from './pointer-gate'
import { TextPositions } from './positions'
import { readOnlyText } from './read-only-text'
import { scrollParent, visibleRect } from './scrolling'
import { selectionBeforeKeys, takePageSelection } from './selection-before-keys'
import { relationArcsPlugin } from './relation-arcs'
import { relationViewKey } from './relation-view'
import { moveSpanEdge, snapToCharacters, snapToWords } from './snapping'
import { spanWindowPlugin } from './span-window'
import { textWindowPlugin } from './text-window'
import {
  addRelationWrites,
  addSpanWrites,
  documentLabelWrite,
  removeRelationWrites,
  removeSpanWrites,
  spanAttrsWrites,
  statusWrite,
  updateSpanWrites,
  type StepWrites,
} from './writes'

/** What a session needs from the application around it. */
export interface SessionHost extends InputHost {
  api: MarginaliaApi
  labels: readonly LabelDefinition[]
  /** Who this editor's edits are attributed to (it may change while a document is open). */
  annotator(): string
  /** Why the corpus cannot be changed, or null when it can. */
  readOnly: string | null
  history: History<Write>
  /** Word snapping on or off; read at each use so a switch applies at once. */
  snapping(): boolean
  /** Something about the document changed (spans, relations, labels, status, selection). */
  changed(session: DocumentSession): void
  /** A write failed (its message starts "Not saved"), or, as 'info', a key could not act; `message` says why. */
  failed(message: string, kind?: 'error' | 'info'): void
  /** A write succeeded: a failure shown earlier no longer describes the corpus. */
  saved(): void
  /** The editor starts writing to the corpus (`true`) or has its answer (`false`), so that a long wait can be said. */
  writing?(on: boolean): void
  /** How many calls of `api` have been answered so far: a step refused with none answered since it began wrote nothing. */
  answered?(): number
}

/** The parts of an EditorView a session uses: a real one in the app, a headless stand-in in tests. */
export type EditorSurface = Pick<EditorView, 'state' | 'dispatch' | 'updateState' | 'destroy' | 'focus' | 'hasFocus'> &
  Partial<Pick<EditorView, 'coordsAtPos'>> & {
    dom: Pick<HTMLElement, 'querySelector'> & Partial<Pick<HTMLElement, 'ownerDocument'>>
  }

/** Refusals of a write that leave the corpus as that write found it (not another's change since: 'changed'). */
const NOTHING_WRITTEN: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['busy', 'readonly', 'full', 'io', 'unreachable'])

/** Makes the surface a session draws into, from the editor state and the transaction handler. */
export type MountEditor = (props: Pick<DirectEditorProps, 'state' | 'dispatchTransaction'>) => EditorSurface

/**
 * What the corpus is asked for one change, resolving to what to draw once it has answered. An undo or redo may
 * run in an editor opened on the document after the one that recorded it was closed: `session` is the one it
 * runs in.
 */
export type Write = (session: DocumentSession) => Promise<AnnotationAction[]>

/**
 * How a change of a span's attributes ended: `saved` (the corpus holds them: written, or so already), `changed`
 * (refused as changed since by another analyst or window: theirs is kept), or `failed` (not written: the corpus
 * full, locked too long, out of reach, or the span gone or not the analyst's), said in the page's notice line.
 */
export type AttributesOutcome = 'saved' | 'changed' | 'failed'

/** An open document in the editor. */
export class DocumentSession implements InputSession {
  readonly view: EditorSurface
  readonly positions: TextPositions
  private readonly pointer = new PointerGate()
  /** Refusals met by a step before it wrote anything (see `draw`): the undo steps stay valid. */
  private readonly refusedUnwritten = new WeakSet<object>()
  /** True for a refusal met by a step before it wrote anything: the step (an undo, a redo) may be tried again. */
  private readonly wroteNothing = (error: unknown): boolean => error instanceof ApiError && this.refusedUnwritten.has(error)
  private queue: Promise<void> = Promise.resolve()
  private pending = 0
  /** The disagreements a curator settled as nothing, by `curationKey` (kept in the corpus, not in the text's state). */
  private settledAsNothing: ReadonlySet<string>
  /** Curation mode's steps (Alt+C): stepping through where the analysts differ and settling each place. */
  readonly curation: DocumentCuration
  /**
   * The text selection the last label key tagged, while it is still the selection: it stays shown until the
   * new span is drawn (then it collapses), and a label key pressed meanwhile relabels that span rather than
   * tagging the same text again.
   */
  private taggedSelection: Selection | null = null
  /** The selection of the tag whose span is being written now (operations run one at a time). */
  private tagBeingWritten: Selection | null = null
  /** True once this editor has written to the corpus, or drawn its annotations as read back from it. */
  private changedSinceOpened = false

  constructor(
    /** The document as it was opened: what never changes while it is open (its annotations live in the editor state). */
    readonly document: Pick<DocumentView, 'rowId' | 'id' | 'title' | 'text' | 'created_at'>,
    loaded: Pick<DocumentView, 'spans' | 'relations' | 'labels' | 'status'> & Partial<Pick<DocumentView, 'settledAsNothing'>>,
    private readonly host: SessionHost,
    mount: MountEditor,
  ) {
    this.settledAsNothing = new Set(loaded.settledAsNothing ?? [])
    const session = this // read by the getters below, which must see the view once it is mounted
    this.curation = new DocumentCuration({
      get state() {
        return session.state
      },
      host,
      documentId: document.rowId,
      get dom() {
        return session.view.dom
      },
      settledAsNothing: () => this.settledAsNothing,
      apply: (action) => this.apply(action),
      enqueue: (work) => this.enqueue(work),
      change: (writes) => this.change(writes),
      say: (message) => this.say(message),
      caret: () => this.positions.toOffset(this.view.state.selection.head),
      putCaret: (offset) => this.view.dispatch(this.view.state.tr.setSelection(TextSelection.create(this.view.state.doc, this.positions.toPosition(offset)))),
    })
    this.positions = new TextPositions(document.text)
    const colors = colorsOf(host.labels, 'span')
    const state = EditorState.create({
      doc: this.positions.document(),
      plugins: [
        selectionBeforeKeys(),
        annotationPlugin({ ...loaded, documentLabels: loaded.labels }, this.positions, colors, host.annotator()),
        documentKeymap(this, host),
        documentLabelKeysAndSpanClicks(this, host.labels),
        readOnlyText,
        pointerGatePlugin(this.pointer),
        // A press on selected text would drag that text (Chromium's drag and drop) instead of starting a new
        // selection, and a label key would then tag the old one: a plain press collapses the selection first.
        new Plugin({ props: { handleDOMEvents: { mousedown: (_view, event) => void this.collapseBeforePress(event) } } }),
        relationArcsPlugin(host.labels),
        spanWindowPlugin(),
        textWindowPlugin(),
      ],
    })
    this.view = mount({
      state,
      dispatchTransaction: (tr: Transaction) => {
        if (tr.selectionSet) this.taggedSelection = null // the selection moved on: no pending tag's to keep or collapse
        this.view.updateState(this.view.state.apply(tr))
        // What the panels show changed (not merely which spans the view has come near: 'cover').
        const action = tr.getMeta(annotationKey) as AnnotationAction | undefined
        if ((action !== undefined && action.type !== 'cover') || tr.getMeta(relationViewKey) !== undefined) this.host.changed(this)
      },
    })
  }

  /** Says why a key did nothing, in the page's notice line. */
  say(message: string): void {
    this.host.failed(message, 'info')
  }

  /** What a write under way has to say about what it did (a relation that could not come back), said once it is saved. */
  private noticeOfWrite: string | null = null

  /** Says `message` once the write under way is saved (which takes older messages away), in the page's notice line. */
  sayOnceSaved(message: string): void {
    this.noticeOfWrite = message
  }

  /**
   * A label clicked in the palette: what its key does (tags the text selected or relabels the span selected, starts
   * a link, puts a document label on or off), or what it needs said; the text keeps the focus.
   */
  useLabel(name: string, kind: LabelDefinition['kind']): void {
    const index = this.host.labels.findIndex((label) => label.kind === kind && label.name === name)
    if (index === -1) return
    const command = labelCommand(this, this.host.labels[index], { clicked: boundHotkeys(this.host.labels)[index] })
    command(this.view.state, (tr) => this.view.dispatch(tr))
    this.view.focus()
  }

  /** Removes the view (and with it the listeners its plugins set up). */
  destroy(): void {
    this.view.destroy()
  }

  /**
   * The places of disagreements settled as nothing are now `places` (as the corpus answered a settling or its undo),
   * and the merge's records of settlings met among them: the panels are told, since a settling that changes nothing
   * drawn (a record taken away, the spans there kept) dispatches nothing to the text.
   */
  settledNowAsNothing(places: readonly string[]): void {
    const now = new Set(places)
    const same = now.size === this.settledAsNothing.size && [...now].every((place) => this.settledAsNothing.has(place))
    this.settledAsNothing = now
    if (!same) this.host.changed(this)
  }

  /** The annotations as drawn. */
  get state(): AnnotationState {
    return annotations(this.view.state)
  }

  private get documentId(): number {
    return this.document.rowId
  }

  /** Draws an annotation change, once the mouse button is up. */
  private apply(action: AnnotationAction): void {
    this.pointer.whenFree(() => {
      takePageSelection(this.view) // a selection just dragged, not read yet, is kept through the redraw
      const { state } = this.view
      const tr = annotate(state, action)
      // The span a label key asked for, drawn while its text is still selected: the selection collapses in the
      // same step, so the browser places the DOM selection (and lays the page out for it) once, not twice.
      const tagged = this.tagBeingWritten
      if (action.type === 'putSpan' && action.select === true && tagged !== null && tagged === this.taggedSelection && state.selection.eq(tagged)) {
        tr.setSelection(TextSelection.create(tr.doc, tagged.to))
      }
      this.view.dispatch(tr)
    })
  }

  /** True while operations started earlier have not finished. */
  get busy(): boolean {
    return this.pending > 0
  }

  /**
   * Runs `work` after the operations before it (and once the mouse button is up); a failure is reported (after
   * `notDone`: what did not happen, or a function saying it, asked only then) and the view reloaded.
   */
  enqueue(work: () => Promise<void> | void, notDone: string | (() => string) = 'Not saved'): Promise<void> {
    this.pending++
    this.queue = this.queue
      .then(() => this.pointer.free())
      .then(work)
      .catch(async (error: unknown) => {
        const why = error instanceof Error ? error.message : String(error)
        this.host.failed(`${typeof notDone === 'string' ? notDone : notDone()}: ${why}`)
        // Refused as changed since it was read, as breaking a rule (a span another window removed or linked since), or
        // before it wrote anything (the corpus read-only, full, locked too long, out of reach): what is there now is
        // drawn, the selection and the undo steps kept, so this window's earlier steps stay undoable (a span's or a
        // relation's step checks again what it changes; a document label's sets it as it was). Any other failure (a
        // fault): read back, and the steps forgotten.
        if ((error instanceof ApiError && (error.kind === 'changed' || error.kind === 'rule')) || this.wroteNothing(error)) await this.sync(why)
        else await this.reload(why)
      })
      .finally(() => void this.pending--)
    return this.queue
  }

  /** Waits for the operations started so far. */
  settled(): Promise<void> {
    return this.queue
  }

  /**
   * True while the annotations are as the document was opened with: nothing written here, nothing read back.
   * The document as opened is then still the corpus's (unless another program wrote to it, which the corpus
   * watch sees), so it can be shown again without reading it.
   */
  get unchangedSinceOpened(): boolean {
    return !this.changedSinceOpened
  }

  /**
   * Reads the document back from the corpus and draws exactly that; after a write that failed for `notSaved`,
   * a read that fails too adds its own reason to the message (one that fails for the same reason adds nothing).
   */
  async reload(notSaved?: string): Promise<void> {
    this.changedSinceOpened = true
    try {
      const stored = await readDocument(this.host.api, this.documentId)
      this.apply({ type: 'load', spans: stored.spans, relations: stored.relations, documentLabels: stored.labels, status: stored.status })
      this.host.history.forget(this.documentId)
    } catch (error) {
      const why = (error as Error).message
      if (notSaved === undefined) this.host.failed(`The document could not be read back from the corpus: ${why}`)
      else if (why !== notSaved) this.host.failed(`Not saved: ${notSaved}. Nor could the document be read back to show what is stored: ${why}`)
    }
  }

  /** Draws what the corpus holds now, keeping the selection and the history (in a queued operation); says so if it cannot be read. */
  private async sync(notSaved: string): Promise<void> {
    this.changedSinceOpened = true
    try {
      const stored = await readDocument(this.host.api, this.documentId)
      if (stored.text !== this.document.text || stored.created_at !== this.document.created_at) return await this.reload(notSaved) // replaced meanwhile: the app follows it
      this.drawStored(stored, false) // the failure said is what matters now
    } catch (error) {
      const why = (error as Error).message
      if (why !== notSaved) this.host.failed(`Not saved: ${notSaved}. Nor could the document be read back to show what is stored: ${why}`)
    }
  }

  /**
   * Draws what the corpus holds now, after other programs wrote to it, keeping the selection, a pending link,
   * the search match and the undo history (queued behind this editor's own writes). Resolves false, drawing
   * nothing, if the document is no longer the one open (another text, or another time of creation): another program
   * replaced it.
   */
  async refreshFromCorpus(): Promise<boolean> {
    let same = true
    this.changedSinceOpened = true
    await this.enqueue(async () => {
      const stored = await readDocument(this.host.api, this.documentId)
      // A document replaced keeps its row id (src/core/import/import.ts): its time of creation tells it apart.
      same = stored.text === this.document.text && stored.created_at === this.document.created_at
      if (same) this.drawStored(stored)
    })
    return same
  }

  /**
   * Draws `stored` (the document as read now) keeping the selection, a pending link and the search match; says
   * so when spans of the analyst's own (or the curated layer's, while curating) are gone from it, removed by another
   * program or window (an import replacing the document, another tab), so that they do not vanish unexplained
   * (unless not `tellGone`).
   */
  private drawStored(stored: DocumentView, tellGone = true): void {
    this.settledAsNothing = new Set(stored.settledAsNothing)
    const owner = ownerOf(this.state)
    // Gone, not merely given another id (an import replacing the document writes the same spans anew).
    const place = (span: ExportedSpan): string => `${span.start}:${span.end}:${span.label}`
    const there = new Set(stored.spans.filter((span) => span.annotator === owner).flatMap((span) => [String(span.id), place(span)]))
    const gone = [...this.state.spans.values()].filter((span) => span.annotator === owner && !there.has(String(span.id)) && !there.has(place(span))).length
    this.apply({ type: 'sync', spans: stored.spans, relations: stored.relations, documentLabels: stored.labels, status: stored.status })
    if (gone > 0 && tellGone) this.host.failed(`${gone === 1 ? 'A span' : `${gone} spans`} of ${owner === CURATED ? 'the curated layer' : 'yours'} in this document ${gone === 1 ? 'was' : 'were'} removed by another program or window (an import, another tab).`, 'info')
  }

  /**
   * The one way annotations change: `first` writes to the corpus, what it returns is drawn, and the change
   * is recorded in the history with `undo` and `redo` (by default `first` again), which write and draw alike.
   * The writes are made in `writes.ts`, so that the history does not keep this session alive. False if nothing was
   * written (a read-only corpus).
   */
  private async change({ first, undo, redo = first }: StepWrites, reveal?: number): Promise<boolean> {
    if (this.host.readOnly !== null) {
      this.host.failed(`This corpus is read-only (${this.host.readOnly}): nothing can be changed in it. Save a copy to annotate.`, 'info')
      return false
    }
    await this.draw(first, reveal) // one call each (several writes are made together: `writtenTogether`), so a refusal wrote nothing of the step
    this.host.history.record(this.documentId, { undo, redo })
    return true
  }

  /**
   * Writes `write` and draws what it returns; `reveal` scrolls to what changed if it is out of view (or, given
   * a code point offset, to that place).
   */
  private async draw(write: Write, reveal: boolean | number = false, selectPut = false): Promise<void> {
    this.changedSinceOpened = true
    this.host.writing?.(true)
    const answeredBefore = this.host.answered?.()
    let actions: AnnotationAction[]
    this.noticeOfWrite = null
    try {
      actions = await write(this)
    } catch (error) {
      // Refused with the corpus not written (read-only, full, locked too long, out of reach): the undo steps stay valid.
      // Each step is one call (several writes are made together), and no call of it was answered: nothing of it written.
      if (error instanceof ApiError && NOTHING_WRITTEN.has(error.kind) && answeredBefore !== undefined && this.host.answered?.() === answeredBefore) {
        this.refusedUnwritten.add(error)
      }
      throw error
    } finally {
      this.host.writing?.(false)
    }
    this.host.saved()
    if (this.noticeOfWrite !== null) this.say(this.noticeOfWrite)
    this.noticeOfWrite = null
    // Found before they apply: a span taken off is still known.
    const place = typeof reveal === 'number' ? reveal : reveal ? this.placeOf(actions) : null
    // Measured before the change is drawn, while the page's layout is still valid: measuring after would
    // make the browser lay the text out again at once (about 9 ms on an ordinary article), in view or not.
    const scroll = place === null ? null : this.scrollToShow(place)
    for (const action of actions) this.apply(action)
    if (scroll !== null) scroll.element.scrollTop += scroll.by
    // An undo or redo that puts a span back (or changes one) with nothing selected selects it, so that keys go on
    // from it (Alt+arrows, a label); a span selected before stays so.
    const put = selectPut && this.state.selected === null ? actions.find((action) => action.type === 'putSpan') : undefined
    if (put?.type === 'putSpan' && this.state.spans.has(put.span.id) && isShown(this.state, put.span)) this.apply({ type: 'select', id: put.span.id })
  }

  /** Where the first span or relation that `actions` put or take off starts, in code points; null if none. */
  private placeOf(actions: readonly AnnotationAction[]): number | null {
    const { spans, relations } = this.state
    const spanOf = (action: AnnotationAction): ExportedSpan | undefined => {
      switch (action.type) {
        case 'putSpan':
          return action.span
        case 'removeSpan':
          return spans.get(action.id)
        case 'putRelation':
          return spans.get(action.relation.head)
        case 'removeRelation': {
          const relation = relations.get(action.id)
          return relation === undefined ? undefined : spans.get(relation.head)
        }
        default:
          return undefined
      }
    }
    for (const action of actions) {
      const span = spanOf(action)
      if (span !== undefined) return span.start
    }
    return null
  }

  /**
   * Where `span` is against the view: 'above' or 'below' when no part of it is in view (a key acting on it there
   * changes what the analyst cannot see: a span left selected, scrolled away from), else null (or where the page
   * cannot be measured).
   */
  private outOfView(span: ExportedSpan): 'above' | 'below' | null {
    const { dom, coordsAtPos } = this.view
    if (coordsAtPos === undefined || typeof HTMLElement === 'undefined' || !(dom instanceof HTMLElement)) return null
    const { top, bottom } = visibleRect(scrollParent(dom))
    const start = coordsAtPos.call(this.view, this.positions.toPosition(span.start))
    const end = coordsAtPos.call(this.view, this.positions.toPosition(span.end))
    if (end.bottom <= top) return 'above'
    if (start.top >= bottom) return 'below'
    return null
  }

  /**
   * How far the text pane must scroll to bring code point offset `offset` to the middle of the view; null if
   * it is in view already (or there is no layout: headless).
   */
  private scrollToShow(offset: number): { element: HTMLElement; by: number } | null {
    const { dom, coordsAtPos } = this.view
    if (coordsAtPos === undefined || typeof HTMLElement === 'undefined' || !(dom instanceof HTMLElement)) return null
    const scroller = scrollParent(dom)
    const at = coordsAtPos.call(this.view, this.positions.toPosition(offset))
    const { top, bottom } = visibleRect(scroller)
    if (at.top >= top && at.bottom <= bottom) return null
    return { element: scroller, by: at.top - (top + bottom) / 2 }
  }

  /** Shows one analyst's work only, or (null) everyone's. */
  showAnalyst(annotator: string | null): void {
    this.apply({ type: 'show', annotator })
  }

  /** Tells the editor who its analyst now is (spans by others are drawn apart). */
  analystChanged(annotator: string): void {
    this.apply({ type: 'me', annotator })
  }

  /** True if this document has a change to undo. */
  canUndo(): boolean {
    return this.host.history.canUndo(this.documentId)
  }

  /** True if this document has an undone change to redo. */
  canRedo(): boolean {
    return this.host.history.canRedo(this.documentId)
  }

  /** Selects a span (null: none), leaving the cursor and the scrolling as they are. */
  selectSpan(id: number | null): void {
    this.apply({ type: 'select', id })
  }

  /** Shows a search match: highlighted, selected as text, and scrolled to the middle of the view. */
  showMatch(match: { start: number; end: number }): void {
    this.apply({ type: 'match', match })
    const from = this.positions.toPosition(match.start)
    const to = this.positions.toPosition(match.end)
    this.view.dispatch(this.view.state.tr.setSelection(TextSelection.create(this.view.state.doc, from, to)))
    this.view.dom.querySelector('.search-match')?.scrollIntoView({ block: 'center' })
  }

  /**
   * Selects span `id`, found by a search in its note: the span itself (so that Alt+M goes to its note), not its
   * text, which `showMatch` selected (a label key would tag it again). A span of work not shown (the analysts
   * filter) is not selected, and that is said.
   */
  selectSpanFoundInNote(id: number): void {
    const span = this.state.spans.get(id)
    if (span === undefined) return
    if (!isShown(this.state, span)) return this.host.failed(`The note found is on ${span.annotator}'s span, whose work is not shown: choose Every analyst under Show the work of to see it.`, 'info')
    const { from } = this.view.state.selection
    this.view.dispatch(this.view.state.tr.setSelection(TextSelection.create(this.view.state.doc, from)))
    this.selectSpan(id)
  }

  /** Takes a search match's highlight off the text. */
  clearMatch(): void {
    if (this.state.match !== null) this.apply({ type: 'match', match: null })
  }

  /** The selected text as code point offsets, snapped to words if snapping is on; null if nothing usable. */
  private selectedRange(): { start: number; end: number } | null {
    const { from, to, empty } = this.view.state.selection
    if (empty) return null
    let start = this.positions.toOffset(from)
    let end = this.positions.toOffset(to)
    if (this.host.snapping()) {
      const snapped = snapToWords(this.document.text, this.positions.toUtf16(start), this.positions.toUtf16(end))
      if (snapped === null) return null
      start = this.positions.fromUtf16(snapped.from)
      end = this.positions.fromUtf16(snapped.to)
    } else {
      const whole = snapToCharacters(this.document.text, this.positions.toUtf16(start), this.positions.toUtf16(end))
      // Character by character, still never a span of nothing but spaces or line breaks, which tags nothing.
      if (/^\s*$/u.test(this.document.text.slice(whole.from, whole.to))) return null
      start = this.positions.fromUtf16(whole.from)
      end = this.positions.fromUtf16(whole.to)
    }
    return end > start ? { start, end } : null
  }

  /** The selected span, if any. */
  private selectedSpan(): ExportedSpan | undefined {
    const { selected, spans } = this.state
    return selected === null ? undefined : spans.get(selected)
  }

  /** The label's hotkey: labels the selected text, or relabels the selected span. */
  applyLabel(label: string): Promise<void> {
    // The text selected when the key was pressed, even if the mouse selects more while earlier writes finish.
    // The selection collapses when the span is drawn (not at the key press: that would make the browser paint
    // a frame while the write is under way, on this kind of machine a third of a tag's time); until then a
    // label key relabels the new span instead of tagging the same text again.
    const selection = this.view.state.selection
    const tagPending = this.taggedSelection !== null && selection.eq(this.taggedSelection)
    const range = tagPending ? null : this.selectedRange()
    if (range !== null) this.taggedSelection = selection
    // Text selected anew that holds no word (a drag over a space): the key is about it, not the span selected before.
    const blank = range === null && !tagPending && !selection.empty
    // A tag that fails says which: the text it was for may be out of view by the time it is refused.
    const notDone = () => (range === null ? 'Not saved' : `Not saved (${nameSpan(label, this.view.state.doc.textBetween(this.positions.toPosition(range.start), this.positions.toPosition(range.end), ' '))})`)
    return this.enqueue(async () => {
      try {
        if (range === null) {
          const selected = this.selectedSpan()
          if (blank) return this.say(noWordIn(this.view.state.doc.textBetween(selection.from, selection.to, '\n')))
          if (selected === undefined || selected.label === label) return
          if (!this.isOwn(selected)) return await this.tagOwnCopy(selected, label)
          const twin = this.existingSpan(selected, label, selected.annotator)
          const broken = this.relationBrokenBy(selected, label)
          if (broken !== null) this.host.failed(broken, 'info')
          else if (twin === undefined) {
            // A span left selected and scrolled away from: it is brought into view, and the change said.
            const away = this.outOfView(selected)
            const changed = await this.changeSpan(selected, { start: selected.start, end: selected.end, label }, away === null ? undefined : selected.start)
            if (changed && away !== null) this.say(`${nameSpan(selected.label, selected.text)}, the span selected (out of view ${away}), is now ${label}: Ctrl+Z takes it back.`)
          }
          else {
            this.selectSpan(twin.id)
            this.host.failed(`${nameSpan(twin.label, twin.text)} is already tagged: it is selected instead of being made twice.`, 'info')
          }
          return
        }
        const same = this.existingSpan(range, label)
        if (same !== undefined) {
          this.selectSpan(same.id)
          this.host.failed(`${nameSpan(same.label, same.text)} is already tagged: it is selected instead of being tagged twice.`, 'info')
          return
        }
        this.tagBeingWritten = selection
        await this.addSpan(range, label)
      } finally {
        this.tagBeingWritten = null
        if (range !== null) this.collapseTaggedSelection(selection)
      }
    }, notDone)
  }

  /**
   * Collapses, at once, the text selected (that of a tag still being written too) before a plain press, which
   * starts a new selection: on selected text the browser would drag that text instead.
   */
  private collapseBeforePress(event: MouseEvent): void {
    if (event.button !== 0 || event.shiftKey) return // Shift+click extends the selection
    const { state } = this.view
    if (!state.selection.empty) this.view.dispatch(state.tr.setSelection(TextSelection.create(state.doc, state.selection.to)))
  }

  /** Collapses the selection a label key tagged to its end, unless the selection has been set since (by a click, a drag, Tab). */
  private collapseTaggedSelection(tagged: Selection): void {
    if (this.taggedSelection !== tagged) return // selected anew meanwhile: left as the analyst made it
    this.taggedSelection = null
    this.pointer.whenFree(() => this.collapseToEnd(tagged))
  }

  /** Collapses the selection to the end of `tagged`, if `tagged` is still what is selected. */
  private collapseToEnd(tagged: Selection): void {
    const { state } = this.view
    if (state.selection.eq(tagged)) this.view.dispatch(state.tr.setSelection(TextSelection.create(state.doc, tagged.to)))
  }

  /**
   * Why `span` cannot be relabelled `label`: a relation it is an end of would break its label's rule (a Claim that
   * heads an attributed_to made a Speaker), as the corpus would refuse; null if none would.
   */
  private relationBrokenBy(span: ExportedSpan, label: string): string | null {
    for (const relation of this.state.relations.values()) {
      const end = relation.head === span.id ? 'head' : relation.child === span.id ? 'child' : null
      const rule = end === null ? undefined : this.host.labels.find((l) => l.kind === 'relation' && l.name === relation.label)
      if (end === null || rule === undefined || allowsAt(rule, end, label)) continue
      const own = this.isOwnRelation(relation)
      const theirs = own ? `its ${relation.label} relation` : `${whose(relation.annotator)} ${relation.label} relation`
      const then = own ? `Remove that relation first (its × in the side panel's list of relations) to relabel it ${label}.` : 'It stays while that relation needs it.'
      return `${nameSpan(span.label, span.text)} stays a ${span.label}: it is the ${end} of ${theirs}, and ${describeRule(rule)}. ${then}`
    }
    return null
  }

  /** The span `owner` (by default this editor's analyst, or when curating the curated layer) has at exactly `range` with `label`. */
  private existingSpan(
    range: { start: number; end: number },
    label: string,
    owner = this.owner(),
  ): ExportedSpan | undefined {
    for (const span of this.state.spans.values()) {
      if (span.start === range.start && span.end === range.end && span.label === label && span.annotator === owner) return span
    }
    return undefined
  }

  /** When this editor last wrote each span of the document, for its undo and redo to check (`SpansWritten`). */
  private spansWritten(): SpansWritten {
    return this.host.history.spansWritten(this.documentId)
  }

  /** Whose spans this editor changes: its analyst's, or while curating the curated layer's. */
  owner(): string {
    return this.state.curating ? CURATED : this.host.annotator()
  }

  /** True if `span` is this editor's to change (see `owner`); another analyst's stays as they made it. */
  isOwn(span: ExportedSpan): boolean {
    return span.annotator === this.owner()
  }

  /**
   * True if `span` is this editor's to change; otherwise says whose it is and that it stays as they made it:
   * another analyst's span changed here would still carry their name, and their agreement figures this
   * analyst's decision.
   */
  private ownOrSaid(span: ExportedSpan, change: string, shown = false): boolean {
    if (this.isOwn(span)) return true
    const own = this.state.curating ? 'into the curated layer' : 'as your own'
    const theirs = span.annotator === CURATED ? 'is done while curating (Alt+C)' : 'is theirs to do'
    // Shown all the same (its note, in its box): the keys are there, so the way back to the text comes first.
    const next = shown ? `It is shown, not editable: Escape goes back to the text, where a label key tags the same text ${own}.` : `A label key tags the same text ${own}.`
    this.host.failed(`${nameSpan(span.label, span.text)} is ${whose(span.annotator)}: ${change} ${theirs}. ${next}`, 'info')
    return false
  }

  /**
   * True if the selected span is this editor's to change (`change` says how); otherwise says whose it is, and, with
   * `shown`, that what it would change is shown all the same, not editable.
   */
  mayChangeSelected(change: string, shown = false): boolean {
    const span = this.selectedSpan()
    return span !== undefined && this.ownOrSaid(span, change, shown)
  }

  /**
   * A label key on another analyst's span: the same text tagged as this editor's own, with `label` (theirs stays
   * as they made it); this editor's span there with that label is selected if it has one.
   */
  private async tagOwnCopy(theirs: ExportedSpan, label: string): Promise<void> {
    const mine = this.existingSpan(theirs, label)
    if (mine !== undefined) return this.selectSpan(mine.id)
    await this.addSpan({ start: theirs.start, end: theirs.end }, label)
  }

  /** Writes a new span; once stored it is drawn and selected. */
  private async addSpan(range: { start: number; end: number }, label: string): Promise<void> {
    await this.change(addSpanWrites(this.host.api, this.documentId, range, label, this.state.curating, this.spansWritten()))
  }

  /** Writes a change of a span's edges or label (called inside a queued operation). */
  /** Changes a span's edges or label as one undoable step; false if nothing could be changed (a read-only corpus). */
  private async changeSpan(before: ExportedSpan, change: { start: number; end: number; label: string }, reveal?: number): Promise<boolean> {
    const writes = updateSpanWrites(this.host.api, this.documentId, before.id, { start: before.start, end: before.end, label: before.label }, change, before.updated_at, this.spansWritten())
    return this.change(writes, reveal)
  }

  /**
   * Changes attributes of span `spanId` (a note, the unsure flag, a label-declared attribute): `changes`
   * maps each to its new value, or to undefined to take it off. One undoable step. Written only while the span
   * is as it was at `readAt` (its `updated_at` then; by default as this editor knows it now), else refused.
   */
  async setSpanAttributes(spanId: number, changes: Record<string, unknown>, readAt?: string): Promise<AttributesOutcome> {
    let outcome: AttributesOutcome = 'failed'
    await this.enqueue(async () => {
      const before = this.state.spans.get(spanId)
      if (before === undefined || !this.ownOrSaid(before, 'changing its note or attributes')) return
      const after: Record<string, unknown> = { ...before.attrs }
      for (const [key, value] of Object.entries(changes)) {
        if (value === undefined || value === '' || value === false) delete after[key]
        else after[key] = value
      }
      if (JSON.stringify(after) !== JSON.stringify(before.attrs)) {
        try {
          if (!(await this.change(spanAttrsWrites(this.host.api, this.documentId, spanId, before.attrs, after, readAt ?? before.updated_at, this.spansWritten())))) return // read-only: said
        } catch (error) {
          if (error instanceof ApiError && error.kind === 'changed') outcome = 'changed'
          throw error // said, and what is stored drawn (`enqueue`)
        }
      }
      outcome = 'saved'
    })
    return outcome
  }

  /** Alt+Q: marks the selected span as unsure, or no longer unsure. */
  async toggleUnsure(): Promise<void> {
    const span = this.selectedSpan()
    if (span !== undefined) await this.setSpanAttributes(span.id, { [SPAN_UNSURE]: span.attrs[SPAN_UNSURE] !== true })
  }

  /** Removes the selected span and its relations. */
  removeSelected(): Promise<void> {
    return this.enqueue(async () => {
      const span = this.selectedSpan()
      if (span === undefined || !this.ownOrSaid(span, 'removing it')) return
      // Another analyst's relation would go with it: the span stays while one needs it (as the corpus insists).
      const attached = relationsAt(this.state, span.id)
      const theirs = attached.find((r) => !this.isOwnRelation(r))
      if (theirs !== undefined) {
        this.host.failed(`${nameSpan(span.label, span.text)} is an end of ${whose(theirs.annotator)} ${theirs.label} relation: it stays while that relation needs it.`, 'info')
        return
      }
      const away = this.outOfView(span)
      const removed = await this.change(removeSpanWrites(this.host.api, this.documentId, { span, relations: attached.map((r) => r.id) }, this.spansWritten()))
      if (removed && away !== null) this.say(`Removed ${nameSpan(span.label, span.text)}, the span selected (out of view ${away}): Ctrl+Z brings it back.`)
    })
  }

  /** Moves an edge of the selected span a word (or, without snapping, a character) left or right. */
  moveEdge(edge: 'start' | 'end', direction: 1 | -1): Promise<void> {
    return this.enqueue(async () => {
      const span = this.selectedSpan()
      if (span === undefined || !this.ownOrSaid(span, 'moving its edges')) return
      const moved = this.host.snapping() ? this.snappedEdgeMove(span, edge, direction) : characterEdgeMove(span, edge, direction, this.positions.length)
      if (moved === null) return this.say(edgeStays(span, edge, direction, this.host.snapping()))
      const twin = this.existingSpan(moved, span.label, span.annotator)
      // The edge moved is scrolled to when out of view (the span's other end may be what is in view).
      if (twin === undefined) await this.changeSpan(span, { ...moved, label: span.label }, edge === 'start' ? moved.start : moved.end)
      else this.host.failed(`${nameSpan(twin.label, twin.text)} is already tagged: the edge stays, as moving it there would make it twice.`, 'info')
    })
  }

  /** A word-edge move of `span` in code points, or null where the edge cannot go further. */
  private snappedEdgeMove(span: ExportedSpan, edge: 'start' | 'end', direction: 1 | -1): { start: number; end: number } | null {
    const range = { from: this.positions.toUtf16(span.start), to: this.positions.toUtf16(span.end) }
    const moved = moveSpanEdge(this.document.text, range, edge, direction)
    return moved === null ? null : { start: this.positions.fromUtf16(moved.from), end: this.positions.fromUtf16(moved.to) }
  }

  /**
   * Starts a relation with `label` from the selected span, or says at once why that span can be at neither
   * end of such a relation.
   */
  startLink(label: string): Promise<void> {
    return this.enqueue(() => {
      const selected = this.selectedSpan()
      const rule = this.relationRule(label)
      if (selected === undefined) this.host.failed(`Select a span first (Tab, or a click), then press ${rule?.hotkey ?? `the key of ${label}`} to link it as ${label}.`, 'info')
      else if (rule !== undefined && !mayTakePart(rule, selected.label)) {
        this.host.failed(`${describeRule(rule)}: ${nameSpan(selected.label, selected.text)} cannot take part in it`, 'info')
      } else this.apply({ type: 'link', link: { spanId: selected.id, label } })
    })
  }

  /** The definition of relation label `label`, if the corpus has it. */
  private relationRule(label: string): LabelDefinition | undefined {
    return this.host.labels.find((l) => l.kind === 'relation' && l.name === label)
  }

  /** Completes the pending relation at span `target`. */
  completeLink(target: number): Promise<void> {
    return this.enqueue(() => this.linkTo(target))
  }

  /** Completes the pending relation at the selected span, as they are once the writes before it are done (Enter). */
  completeLinkAtSelection(): Promise<void> {
    return this.enqueue(async () => {
      const { link, selected } = this.state
      if (link !== null && selected !== null && selected !== link.spanId) await this.linkTo(selected)
    })
  }

  /**
   * A span chosen outside the text (the side panel's list): completes a pending relation at it, as a click on
   * it in the text does, or selects it with the cursor at its start and scrolls to it, as Tab does, so that
   * Tab (and a link started from it) steps on from there rather than from where the cursor was.
   */
  chooseSpan(id: number): Promise<void> {
    if (this.state.link !== null) return this.completeLink(id)
    this.pointer.whenFree(() => {
      const span = this.state.spans.get(id)
      if (span !== undefined) this.view.dispatch(selectingWithCursor(this.view.state, span))
    })
    return Promise.resolve()
  }

  /** A click on a span: completes a pending relation there, or selects it (queued like keys). */
  clickSpan(id: number): Promise<void> {
    return this.enqueue(async () => {
      if (this.state.link !== null) await this.linkTo(id)
      else this.selectSpan(id)
    })
  }

  /**
   * A click at `pos` on text no span covers: lets the selected span go (a pending relation keeps it). At once,
   * with the cursor put where the click put the caret (a transaction that left the old cursor would write it
   * back over the caret); while earlier operations are under way, after them, since a tag's new span will be
   * selected when drawn.
   */
  clickText(pos: number): void {
    const letGo = () => this.state.link === null && this.state.selected !== null
    if (this.busy) {
      void this.enqueue(() => {
        if (letGo()) this.selectSpan(null)
      })
      return
    }
    if (!letGo()) return
    const { state } = this.view
    this.view.dispatch(annotate(state, { type: 'select', id: null }).setSelection(TextSelection.create(state.doc, pos)))
  }

  /**
   * Writes the pending relation to `target` (called inside a queued operation), the way round its label
   * allows: picking a Claim after starting from its Speaker still links the Claim to the Speaker.
   */
  private async linkTo(target: number): Promise<void> {
    const link = this.state.link
    if (link === null) return
    this.apply({ type: 'link', link: null })
    if (target === link.spanId) return
    const from = this.state.spans.get(link.spanId)
    const to = this.state.spans.get(target)
    const rule = this.relationRule(link.label)
    let [head, child] = [link.spanId, target]
    if (from !== undefined && to !== undefined && rule !== undefined) {
      const direction = relationDirection(rule, from.label, to.label)
      if (direction === null) {
        this.host.failed(`${describeRule(rule)}: it cannot join ${nameSpan(from.label, from.text)} and ${nameSpan(to.label, to.text)}`, 'info')
        return
      }
      if (direction === 'reverse') [head, child] = [target, link.spanId]
    }
    const annotator = this.owner()
    // An end picked among copies of one span (another analyst's over the same text, with the same label) is this
    // analyst's own copy, so that the relation is not made again to a copy that looks the same.
    ;[head, child] = [head, child].map((id) => this.ownCopyOf(id, annotator))
    // The curated layer's relations join its own spans: an analyst's span is theirs, and would be held by it.
    const notCurated = this.state.curating ? [head, child].map((id) => this.state.spans.get(id)).find((span) => span !== undefined && span.annotator !== CURATED) : undefined
    if (notCurated !== undefined) {
      this.host.failed(`${nameSpan(notCurated.label, notCurated.text)} is ${whose(notCurated.annotator)}, not the curated layer's: accept it first (Enter on its disagreement), or tag it, then link it.`, 'info')
      return
    }
    const twin = [...this.state.relations.values()].find((r) => r.head === head && r.child === child && r.label === link.label && r.annotator === annotator)
    const [headSpan, childSpan] = [this.state.spans.get(head), this.state.spans.get(child)]
    if (twin !== undefined && headSpan !== undefined && childSpan !== undefined) {
      this.host.failed(`${nameSpan(headSpan.label, headSpan.text)} is already linked to ${nameSpan(childSpan.label, childSpan.text)} by ${link.label}: a relation is not made twice.`, 'info')
      return
    }
    await this.change(addRelationWrites(this.host.api, this.documentId, { head, child, label: link.label }, this.state.curating, link.spanId))
    // The span linked from is selected again: brought into view, as Tab brings a span, since keys act on it next
    // and the other end, picked far away, may have scrolled it out of sight.
    const selected = this.state.selected === null ? undefined : this.state.spans.get(this.state.selected)
    if (selected !== undefined && selected.id === link.spanId) this.view.dispatch(selectingWithCursor(this.view.state, selected))
  }

  /** Span `id`, or `annotator`'s own span over the same text with the same label, if it is another's and they have one. */
  private ownCopyOf(id: number, annotator: string): number {
    const span = this.state.spans.get(id)
    if (span === undefined || span.annotator === annotator) return id
    return this.existingSpan(span, span.label, annotator)?.id ?? id
  }

  /** Removes a relation (from the side panel), if it is this editor's to remove; otherwise says whose it is. */
  removeRelation(relationId: number): Promise<void> {
    return this.enqueue(async () => {
      const relation = this.state.relations.get(relationId)
      if (relation !== undefined && !this.isOwnRelation(relation)) {
        this.host.failed(`That ${relation.label} relation is ${whose(relation.annotator)}: removing it is theirs to do.`, 'info')
        return
      }
      await this.change(removeRelationWrites(this.host.api, this.documentId, relationId))
    })
  }

  /** True if `relation` is this editor's to remove (see `owner`); another analyst's stays as they made it. */
  isOwnRelation(relation: ExportedRelation): boolean {
    return relation.annotator === this.owner()
  }

  /** Puts this analyst's (or, when curating, the curated layer's) document label on, or takes it off. */
  toggleDocumentLabel(label: string): Promise<void> {
    const { api } = this.host
    const annotator = this.host.annotator()
    const curating = this.state.curating
    return this.enqueue(async () => {
      const on = !this.state.documentLabels.some((l) => l.label === label && l.annotator === (curating ? CURATED : annotator))
      await this.change({ first: documentLabelWrite(api, this.documentId, label, on, curating), undo: documentLabelWrite(api, this.documentId, label, !on, curating) })
    })
  }

  /** Sets the document's status. */
  setStatus(status: DocumentStatus): Promise<void> {
    return this.enqueue(async () => {
      const before = this.state.status
      // Undone and redone only while the status is as this step left it: another analyst's or window's since is kept.
      const { api } = this.host
      // Made only while the status is as this editor shows it, so that its undo puts back what was there.
      if (before !== status) await this.change({ first: statusWrite(api, this.documentId, status, before), undo: statusWrite(api, this.documentId, before, status), redo: statusWrite(api, this.documentId, status, before) })
    })
  }

  /** Undoes the last operation on this document. */
  undo(): Promise<void> {
    // Undo and redo may change a place far from the view (after Tab went round, or a scroll): it is shown.
    return this.enqueue(async () => {
      await this.host.history.undo(this.documentId, (write) => this.draw(write, true, true), this.wroteNothing)
      this.curation.pickSettledVersion()
    }, 'Not undone')
  }

  /** Redoes the last undone operation on this document. */
  redo(): Promise<void> {
    return this.enqueue(async () => {
      await this.host.history.redo(this.documentId, (write) => this.draw(write, true, true), this.wroteNothing)
      this.curation.pickSettledVersion()
    }, 'Not redone')
  }
}

/** Why `span`'s `edge` cannot move `direction`: it would empty the span, or the text ends there. */
/** Whose an annotation is, as a message says it: "bob's", or "the curated layer's". */
function whose(annotator: string): string {
  return annotator === CURATED ? "the curated layer's" : `${annotator}'s`
}

function edgeStays(span: ExportedSpan, edge: 'start' | 'end', direction: 1 | -1, snapping: boolean): string {
  const name = nameSpan(span.label, span.text)
  if ((edge === 'start') === (direction === 1)) return `${name} is one ${snapping ? 'word' : 'character'}: it cannot be made shorter.`
  return `${name} already ${edge === 'start' ? 'starts at the start' : 'ends at the end'} of the text.`
}

/** A one-character move of a span's edge (snapping off), or null where it would leave the text or empty the span. */
function characterEdgeMove(span: ExportedSpan, edge: 'start' | 'end', direction: 1 | -1, length: number): { start: number; end: number } | null {
  const start = edge === 'start' ? span.start + direction : span.start
  const end = edge === 'end' ? span.end + direction : span.end
  return start >= 0 && end <= length && start < end ? { start, end } : null
}

/** What is said of a selection that holds no word to tag (`selected`, its text): only spaces, or only punctuation, which word snapping leaves out. */
function noWordIn(selected: string): string {
  if (/^\s*$/u.test(selected)) return 'The selection holds no word, only spaces or line breaks: there is nothing in it to tag.'
  const marks = selected.trim()
  return `The selection holds no word, only ${[...marks].length > 12 ? 'punctuation' : `"${marks}"`}: snapping to words tags words; Alt+W switches it off to tag a mark alone.`
}
