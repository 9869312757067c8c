/**
 * One open document: its ProseMirror view and every annotation operation on it. Each operation is written to
 * the corpus first and drawn only once the corpus has it; a failed write is shown and the view is reloaded
 * from what is stored. Operations run one after another, in the order the keys were pressed.
 */
import { keymap } from 'prosemirror-keymap'
import { EditorState, Plugin, TextSelection, type Command } from 'prosemirror-state'
import { EditorView } from 'prosemirror-view'
import type { DocumentView, MarginaliaApi } from '../shared/api'
import type { DocumentStatus, ExportedRelation, ExportedSpan, LabelDefinition } from '../shared/corpus-types'
import { annotate, annotationKey, annotationPlugin, annotations, type AnnotationAction } from './annotations'
import { clearAnnotationSelection, selectAdjacentSpan } from './commands'
import { History } from './history'
import { TextPositions } from './positions'
import { documentFromLines } from './schema'
import { nextWordEdge, snapToWords } from './snapping'

/** What a session needs from the application around it. */
export interface SessionHost {
  api: MarginaliaApi
  labels: readonly LabelDefinition[]
  annotator: string
  history: History
  /** Word snapping on or off; read at each use so a switch applies at once. */
  snapping(): boolean
  /** Something about the document changed (spans, relations, labels, status, selection). */
  changed(session: DocumentSession): void
  /** A write failed (or, as 'info', a key could not act); `message` says why. */
  failed(message: string, kind?: 'error' | 'info'): void
  /** A key asked for another document. */
  navigate(direction: 'next' | 'previous', after?: 'done'): void
  /** A key asked for the keyboard reference or the search box. */
  toggleHelp(): void
  focusSearch(): void
  toggleSnapping(): void
}

/** Blocks every change to the text itself: the editor selects and annotates, it never edits. */
const readOnlyText = new Plugin({
  filterTransaction: (tr) => !tr.docChanged,
  props: {
    handleTextInput: () => true,
    handlePaste: () => true,
    handleDrop: () => true,
    handleDOMEvents: {
      beforeinput: (_view, event) => {
        event.preventDefault()
        return true
      },
      cut: (_view, event) => {
        event.preventDefault()
        return true
      },
    },
  },
})

/** An open document in the editor. */
export class DocumentSession {
  readonly view: EditorView
  readonly positions: TextPositions
  private queue: Promise<void> = Promise.resolve()
  /** While the mouse button is down (a selection being dragged), drawing waits: redrawing the text under a
   * drag would cut it short. These run when the button comes up. */
  private pointerDown = false
  private readonly afterPointer: (() => void)[] = []
  private readonly pointerUp = (): void => {
    this.pointerDown = false
    for (const fn of this.afterPointer.splice(0)) fn()
  }
  private readonly pointerMove = (event: MouseEvent): void => {
    if (this.pointerDown && event.buttons === 0) this.pointerUp()
  }

  constructor(
    mount: HTMLElement,
    /** The document as last read from or written to the corpus (status and labels kept current). */
    readonly document: DocumentView,
    private readonly host: SessionHost,
  ) {
    this.positions = new TextPositions(document.text)
    const colors = new Map(host.labels.filter((l) => l.kind === 'span').map((l) => [l.name, l.color]))
    const state = EditorState.create({
      doc: documentFromLines(this.positions.lines()),
      plugins: [annotationPlugin(this.positions, colors), keymap(this.bindings()), readOnlyText, this.pointerAndShiftKeys()],
    })
    this.view = new EditorView(mount, {
      state,
      attributes: { 'aria-label': `Text of ${document.title}`, spellcheck: 'false', class: 'document-text' },
      dispatchTransaction: (tr) => {
        this.view.updateState(this.view.state.apply(tr))
        if (tr.getMeta(annotationKey) !== undefined) this.host.changed(this)
      },
    })
    this.view.dom.addEventListener('mousedown', () => (this.pointerDown = true))
    // The button counts as released on mouseup (seen while capturing, since the element under the pointer may
    // be gone by then), on a move with no button held, on a key press, and when the window loses focus.
    window.addEventListener('mouseup', this.pointerUp, true)
    window.addEventListener('keydown', this.pointerUp, true)
    window.addEventListener('blur', this.pointerUp)
    window.addEventListener('mousemove', this.pointerMove, true)
    this.apply({ type: 'load', spans: document.spans, relations: document.relations })
  }

  /** Removes the view. */
  destroy(): void {
    window.removeEventListener('mouseup', this.pointerUp, true)
    window.removeEventListener('keydown', this.pointerUp, true)
    window.removeEventListener('blur', this.pointerUp)
    window.removeEventListener('mousemove', this.pointerMove, true)
    this.view.destroy()
  }

  /** Runs `draw` now, or once the mouse button is released if a drag is under way. */
  private whenPointerFree(draw: () => void): void {
    if (this.pointerDown) this.afterPointer.push(draw)
    else draw()
  }

  /** The spans and relations as drawn. */
  get state() {
    return annotations(this.view.state)
  }

  private apply(action: AnnotationAction): void {
    this.whenPointerFree(() => this.view.dispatch(annotate(this.view.state, action)))
  }

  private get documentId(): number {
    return this.document.rowId
  }

  /** Runs `work` after the operations before it; a failure is reported and the view reloaded. */
  private run(work: () => Promise<void> | void): Promise<void> {
    const pointerFree = () => new Promise<void>((resolve) => this.whenPointerFree(resolve))
    this.queue = this.queue.then(pointerFree).then(work).catch(async (error: unknown) => {
      this.host.failed(error instanceof Error ? error.message : String(error))
      await this.reload()
    })
    return this.queue
  }

  /** Reads the document back from the corpus and draws exactly that. */
  async reload(): Promise<void> {
    try {
      const stored = await this.host.api.openDocument({ documentId: this.documentId })
      this.document.status = stored.status
      this.document.labels = stored.labels
      this.apply({ type: 'load', spans: stored.spans, relations: stored.relations })
      this.host.history.forget(this.documentId)
    } catch (error) {
      this.host.failed(`the document could not be read back: ${(error as Error).message}`)
    }
  }

  /** Waits for the operations started so far. */
  settled(): Promise<void> {
    return this.queue
  }

  private putSpan(span: ExportedSpan, relations: readonly ExportedRelation[] = []): void {
    this.apply({ type: 'putSpan', span })
    for (const relation of relations) this.apply({ type: 'putRelation', relation })
  }

  /** Selects a span and scrolls it into view. */
  selectSpan(id: number | null, scroll = true): void {
    this.apply({ type: 'select', id })
    if (id !== null && scroll) this.view.dom.querySelector(`[data-span-id="${id}"]`)?.scrollIntoView({ block: 'nearest' })
  }

  /** Shows a search match: highlighted, selected as text, and scrolled to the middle of the view. */
  showMatch(match: { start: number; end: number }): void {
    this.apply({ type: 'match', match })
    const from = this.positions.toPosition(match.start)
    const to = this.positions.toPosition(match.end)
    this.view.dispatch(this.view.state.tr.setSelection(TextSelection.create(this.view.state.doc, from, to)))
    this.view.dom.querySelector('.search-match')?.scrollIntoView({ block: 'center' })
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
    }
    return end > start ? { start, end } : null
  }

  /** The label's hotkey: labels the selected text, or relabels the selected span. */
  applyLabel(label: string): Promise<void> {
    // The text selected when the key was pressed, even if the mouse selects more while earlier writes finish.
    // The selection collapses at once, so the next label key relabels the new span instead of tagging again.
    const range = this.selectedRange()
    const { to } = this.view.state.selection
    if (range !== null) this.view.dispatch(this.view.state.tr.setSelection(TextSelection.create(this.view.state.doc, to)))
    return this.run(async () => {
      const { api, history } = this.host
      const documentId = this.documentId
      if (range === null) {
        const selected = this.state.selected === null ? undefined : this.state.spans.get(this.state.selected)
        if (selected !== undefined && selected.label !== label) await this.changeSpan(selected, { start: selected.start, end: selected.end, label })
        return
      }
      let span = await api.addSpan({ documentId, ...range, label })
      // One transaction draws the span, selects it and (unless the text selection moved on) collapses it.
      this.apply({ type: 'putSpan', span, select: true })
      history.record(documentId, {
        undo: async () => {
          const removed = await api.removeSpan({ documentId, spanId: span.id })
          this.apply({ type: 'removeSpan', id: span.id })
          span = removed.span
        },
        redo: async () => {
          span = await api.restoreSpan({ documentId, span, relations: [] })
          this.putSpan(span)
        },
      })
    })
  }

  /** Writes a change of a span's edges or label (called inside a queued operation). */
  private async changeSpan(before: ExportedSpan, change: { start: number; end: number; label: string }): Promise<void> {
    const { api, history } = this.host
    const documentId = this.documentId
    const update = async (to: { start: number; end: number; label: string }) =>
      this.putSpan(await api.updateSpan({ documentId, spanId: before.id, ...to }))
    await update(change)
    history.record(documentId, {
      undo: () => update({ start: before.start, end: before.end, label: before.label }),
      redo: () => update(change),
    })
  }

  /** Removes the selected span and its relations. */
  removeSelected(): Promise<void> {
    return this.run(async () => {
      const id = this.state.selected
      if (id === null) return
      const { api, history } = this.host
      const documentId = this.documentId
      let removed = await api.removeSpan({ documentId, spanId: id })
      this.apply({ type: 'removeSpan', id })
      history.record(documentId, {
        undo: async () => {
          const span = await api.restoreSpan({ documentId, ...removed })
          this.putSpan(span, removed.relations)
        },
        redo: async () => {
          removed = await api.removeSpan({ documentId, spanId: id })
          this.apply({ type: 'removeSpan', id })
        },
      })
    })
  }

  /** Moves an edge of the selected span a word (or, without snapping, a character) left or right. */
  moveEdge(edge: 'start' | 'end', direction: 1 | -1): Promise<void> {
    return this.run(async () => {
      const span = this.state.selected === null ? undefined : this.state.spans.get(this.state.selected)
      if (span === undefined) return
      const at = edge === 'start' ? span.start : span.end
      const moved = this.host.snapping()
        ? this.positions.fromUtf16(nextWordEdge(this.document.text, this.positions.toUtf16(at), direction))
        : Math.max(0, Math.min(this.positions.length, at + direction))
      const start = edge === 'start' ? moved : span.start
      const end = edge === 'end' ? moved : span.end
      if (start < end && moved !== at) await this.changeSpan(span, { start, end, label: span.label })
    })
  }

  /** Starts a relation with `label` from the selected span. */
  startLink(label: string): Promise<void> {
    return this.run(() => {
      const selected = this.state.selected
      if (selected === null) this.host.failed(`select a span first (Tab or click), then press the key of "${label}" to link it`, 'info')
      else this.apply({ type: 'link', link: { spanId: selected, label } })
    })
  }

  /** Completes the pending relation at span `target`. */
  completeLink(target: number): Promise<void> {
    return this.run(() => this.linkTo(target))
  }

  /** Writes the pending relation to `target` (called inside a queued operation). */
  private async linkTo(target: number): Promise<void> {
    const link = this.state.link
    if (link === null) return
    this.apply({ type: 'link', link: null })
    if (target === link.spanId) return
    const { api, history } = this.host
    const documentId = this.documentId
    let relation = await api.addRelation({ documentId, head: link.spanId, child: target, label: link.label })
    this.apply({ type: 'putRelation', relation })
    this.selectSpan(link.spanId, false)
    history.record(documentId, {
      undo: async () => {
        relation = await api.removeRelation({ documentId, relationId: relation.id })
        this.apply({ type: 'removeRelation', id: relation.id })
      },
      redo: async () => {
        relation = await api.restoreRelation({ documentId, relation })
        this.apply({ type: 'putRelation', relation })
      },
    })
  }

  /** Removes a relation (from the side panel). */
  removeRelation(relationId: number): Promise<void> {
    const { api, history } = this.host
    const documentId = this.documentId
    return this.run(async () => {
      let relation = await api.removeRelation({ documentId, relationId })
      this.apply({ type: 'removeRelation', id: relationId })
      history.record(documentId, {
        undo: async () => {
          relation = await api.restoreRelation({ documentId, relation })
          this.apply({ type: 'putRelation', relation })
        },
        redo: async () => {
          await api.removeRelation({ documentId, relationId })
          this.apply({ type: 'removeRelation', id: relationId })
        },
      })
    })
  }

  /** Puts this annotator's document label on, or takes it off. */
  toggleDocumentLabel(label: string): Promise<void> {
    const { api, history, annotator } = this.host
    const documentId = this.documentId
    const set = async (on: boolean) => {
      this.document.labels = await api.setDocumentLabel({ documentId, label, on })
      this.host.changed(this)
    }
    return this.run(async () => {
      const on = !this.document.labels.some((l) => l.label === label && l.annotator === annotator)
      await set(on)
      history.record(documentId, { undo: () => set(!on), redo: () => set(on) })
    })
  }

  /** Sets the document's status. */
  setStatus(status: DocumentStatus): Promise<void> {
    const { api, history } = this.host
    const documentId = this.documentId
    const set = async (to: DocumentStatus) => {
      this.document.status = await api.setStatus({ documentId, status: to })
      this.host.changed(this)
    }
    return this.run(async () => {
      const before = this.document.status
      if (before === status) return
      await set(status)
      history.record(documentId, { undo: () => set(before), redo: () => set(status) })
    })
  }

  /** Undoes the last operation on this document. */
  undo(): Promise<void> {
    return this.run(async () => void (await this.host.history.undo(this.documentId)))
  }

  /** Redoes the last undone operation on this document. */
  redo(): Promise<void> {
    return this.run(async () => void (await this.host.history.redo(this.documentId)))
  }

  private bindings(): Record<string, Command> {
    const run = (action: () => unknown): Command => () => {
      void action()
      return true
    }
    // Selection commands wait for the writes before them, so keys act in the order they were pressed.
    const queued = (command: Command): Command => () => {
      void this.run(() => void command(this.view.state, this.view.dispatch))
      return true
    }
    const bindings: Record<string, Command> = {
      Tab: queued(selectAdjacentSpan(1)),
      'Shift-Tab': queued(selectAdjacentSpan(-1)),
      Escape: queued(clearAnnotationSelection),
      Enter: run(() =>
        this.run(async () => {
          const { link, selected } = this.state
          if (link !== null && selected !== null && selected !== link.spanId) await this.linkTo(selected)
        }),
      ),
      Delete: run(() => this.removeSelected()),
      Backspace: run(() => this.removeSelected()),
      'Alt-ArrowLeft': run(() => this.moveEdge('end', -1)),
      'Alt-ArrowRight': run(() => this.moveEdge('end', 1)),
      'Alt-Shift-ArrowLeft': run(() => this.moveEdge('start', -1)),
      'Alt-Shift-ArrowRight': run(() => this.moveEdge('start', 1)),
      'Mod-z': run(() => this.undo()),
      'Mod-Shift-z': run(() => this.redo()),
      'Mod-y': run(() => this.redo()),
      'Alt-d': run(() => this.setStatus('done')),
      'Alt-s': run(() => this.setStatus('skipped')),
      'Alt-t': run(() => this.setStatus('todo')),
      'Mod-Enter': run(async () => {
        await this.setStatus('done')
        this.host.navigate('next', 'done')
      }),
      'Alt-n': run(() => this.host.navigate('next')),
      'Alt-p': run(() => this.host.navigate('previous')),
      'Alt-w': run(() => this.host.toggleSnapping()),
      '?': run(() => this.host.toggleHelp()),
      '/': run(() => this.host.focusSearch()),
    }
    for (const label of this.host.labels) {
      if (label.hotkey === null) continue
      if (label.kind === 'span') bindings[label.hotkey] = run(() => this.applyLabel(label.name))
      if (label.kind === 'relation') bindings[label.hotkey] = run(() => this.startLink(label.name))
    }
    return bindings
  }

  /** Clicks on spans, and Shift with a document label's key (read from the physical key, so Shift+1 works). */
  private pointerAndShiftKeys(): Plugin {
    const documentLabels = new Map(
      this.host.labels.filter((l) => l.kind === 'document' && l.hotkey !== null).map((l) => [l.hotkey!.toLowerCase(), l.name]),
    )
    return new Plugin({
      props: {
        handleKeyDown: (_view, event) => {
          if (!event.shiftKey || event.altKey || event.ctrlKey || event.metaKey) return false
          const base = /^(?:Key|Digit)(.)$/.exec(event.code)?.[1]?.toLowerCase()
          const label = base === undefined ? undefined : documentLabels.get(base)
          if (label === undefined) return false
          void this.toggleDocumentLabel(label)
          return true
        },
        handleClick: (_view, _pos, event) => {
          const element = (event.target as Element | null)?.closest('[data-span-id]')
          if (element === null || element === undefined) return false
          const id = Number(element.getAttribute('data-span-id'))
          // Queued like keys: a click right after a key acts once the key's write is done.
          void this.run(async () => {
            if (this.state.link !== null) await this.linkTo(id)
            else this.selectSpan(id, false)
          })
          return true
        },
      },
    })
  }
}
