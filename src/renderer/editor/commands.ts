/**
 * Editor commands, shaped `(state, dispatch?) => boolean` like ProseMirror's own: each says from the editor
 * state whether it applies (returning false, and doing nothing, when it does not), and acts only when given
 * `dispatch`. Commands that change annotations hand their corpus write to the session, which queues it
 * behind the writes before it; while earlier writes are still being stored, such a command takes its key
 * and decides once they are done, so that keys act in the order they were pressed.
 */
import { Selection, TextSelection, type Command, type EditorState, type Transaction } from 'prosemirror-state'
import type { DocumentStatus, ExportedSpan, LabelDefinition } from '../../shared/corpus-types'
import { describeRule, relationDirection } from '../../shared/relation-rules'
import { annotate, annotationKey, annotations, ownerOf, spansInOrder } from './annotations'
import type { DocumentCuration } from './document-curation'

/** What the session-bound commands need of the open document's session. */
export interface CommandSession {
  /** True while writes started earlier have not been stored yet. */
  readonly busy: boolean
  /** Runs `work` after the writes started before it. */
  enqueue(work: () => Promise<void> | void): Promise<void>
  /** The current editor state and a way to change it (read when queued work runs, not when the key is pressed). */
  readonly view: { readonly state: Parameters<Command>[0]; dispatch: NonNullable<Parameters<Command>[1]> }
  canUndo(): boolean
  canRedo(): boolean
  applyLabel(label: string): Promise<void>
  removeSelected(): Promise<void>
  moveEdge(edge: 'start' | 'end', direction: 1 | -1): Promise<void>
  startLink(label: string): Promise<void>
  completeLink(target: number): Promise<void>
  /** Completes the pending relation at the span selected when the queue reaches it (Enter). */
  completeLinkAtSelection(): Promise<void>
  setStatus(status: DocumentStatus): Promise<void>
  undo(): Promise<void>
  redo(): Promise<void>
  toggleUnsure(): Promise<void>
  /** Curation mode's steps (Alt+C, Tab, ↓ and ↑, Enter). */
  readonly curation: Pick<DocumentCuration, 'toggle' | 'step' | 'chooseVersion' | 'acceptCurrent'>
  /** Says in the page's notice line why a key did nothing. */
  say(message: string): void
}

/** Selects the next (1) or previous (-1) span in reading order, from the selected span or the cursor, and scrolls to it. */
export function selectAdjacentSpan(direction: 1 | -1, stepsTo: (span: ExportedSpan) => boolean = () => true, fromCursor = false): Command {
  return (state, dispatch) => {
    const current = annotations(state)
    const ordered = spansInOrder(current).filter((span) => (!fromCursor && span.id === current.selected) || stepsTo(span))
    if (ordered.length === 0) return false
    let index = fromCursor ? -1 : ordered.findIndex((span) => span.id === current.selected)
    if (index === -1) {
      // Nothing selected: start from the cursor.
      const cursor = state.selection.from
      const after = ordered.findIndex((span) => current.positions.toPosition(span.start) >= cursor)
      index = direction === 1 ? (after === -1 ? ordered.length : after) - 1 : after === -1 ? ordered.length : after
    }
    const next = ordered[(index + direction + ordered.length) % ordered.length]
    dispatch?.(selectingWithCursor(state, next))
    return true
  }
}

/**
 * Selects `span` with the cursor at its start, scrolled to, so that the span is shown (and drawn, on a long
 * document) and the next Tab, or a link's Tab, steps on from it: how Tab selects a span, and a span chosen
 * outside the text (the side panel's list).
 */
export function selectingWithCursor(state: EditorState, span: ExportedSpan): Transaction {
  const tr = annotate(state, { type: 'select', id: span.id })
  return tr.setSelection(TextSelection.create(tr.doc, annotations(state).positions.toPosition(span.start))).scrollIntoView()
}

/**
 * Tab and Shift+Tab while a relation waits for its other end: the next (previous) span its label's rules let it
 * join to the span it starts from, so that Enter then links; when no span of the document may, that is said.
 */
export function selectAdjacentLinkEnd(session: CommandSession, labels: readonly LabelDefinition[], direction: 1 | -1): Command {
  return (state, dispatch) => {
    const current = annotations(state)
    const { link } = current
    if (link === null) return false
    const rule = labels.find((label) => label.kind === 'relation' && label.name === link.label)
    const from = current.spans.get(link.spanId)
    if (rule === undefined || from === undefined) return false
    const ownMention = ownSameMention(current.spans.values(), ownerOf(current))
    const fits = (span: ExportedSpan): boolean => span.id !== link.spanId && !ownMention(span) && relationDirection(rule, from.label, span.label) !== null
    // Steps from the cursor once it has left the span the link starts from (a search, Ctrl+End): a far end is reached so.
    const { positions } = current
    const away = current.selected === link.spanId && (state.selection.from < positions.toPosition(from.start) || state.selection.from > positions.toPosition(from.end))
    if (spansInOrder(current).some(fits)) return selectAdjacentSpan(direction, fits, away)(state, dispatch)
    if (dispatch) session.say(`No span here can be the other end of this link (${describeRule(rule)}): tag one first, or Escape cancels the link.`)
    return true
  }
}

/**
 * Whether a colleague's span is the same mention as one of `me`'s of the same label, which linking passes over:
 * one of the two spans holds the other (the analyst tagged "Putin" where the colleague tagged "Mr Putin", or the
 * other way round). The analyst means their own there, and a link to the colleague's is the slip Tab made easy
 * (agreement and curation then count that end as the colleague's, not theirs). A colleague's span that the
 * analyst's only crosses ("The owner, Giulia" over "Giulia Rossi") is another extent, still reached by Tab, as
 * is one with nothing of theirs over it. Each look is a binary search over `me`'s spans of that label, then a
 * walk over those starting inside the colleague's span.
 */
function ownSameMention(spans: Iterable<ExportedSpan>, me: string): (span: ExportedSpan) => boolean {
  const byLabel = new Map<string, ExportedSpan[]>()
  for (const span of spans) {
    if (span.annotator !== me) continue
    const list = byLabel.get(span.label)
    if (list === undefined) byLabel.set(span.label, [span])
    else list.push(span)
  }
  /** Per label: its spans by start, and the furthest end among the first i + 1 of them. */
  const index = new Map([...byLabel].map(([label, own]) => {
    own.sort((a, b) => a.start - b.start)
    let furthest = -1
    return [label, { own, reach: own.map((span) => (furthest = Math.max(furthest, span.end))) }]
  }))
  return (span) => {
    const mine = span.annotator === me ? undefined : index.get(span.label)
    if (mine === undefined) return false
    // The own spans starting at or before `span` starts: one of them holds it if any reaches its end.
    const upTo = (start: number, inclusive: boolean): number => {
      let low = 0
      let high = mine.own.length
      while (low < high) {
        const middle = (low + high) >> 1
        if (mine.own[middle].start < start || (inclusive && mine.own[middle].start === start)) low = middle + 1
        else high = middle
      }
      return low
    }
    const holding = upTo(span.start, true)
    if (holding > 0 && mine.reach[holding - 1] >= span.end) return true
    // Those starting inside it: one of them lies within it if it ends by its end.
    for (let i = upTo(span.start, false); i < mine.own.length && mine.own[i].start < span.end; i++) if (mine.own[i].end <= span.end) return true
    return false
  }
}

/**
 * Ctrl+Home and Ctrl+End: the cursor to the start or end of the text (with `extend`, Shift: the selection
 * stretched there), scrolled to by the editor rather than by the browser, so that on a long document the
 * view lands there though the text between was drawn as placeholders (`span-window.ts`). A selected span is
 * let go, so that Tab and Shift+Tab then step from there, not from the span left behind.
 */
export function jumpToTextEdge(edge: 'start' | 'end', extend = false): Command {
  return (state, dispatch) => {
    const target = edge === 'start' ? Selection.atStart(state.doc) : Selection.atEnd(state.doc)
    const selection = extend ? TextSelection.create(state.doc, state.selection.anchor, target.head) : target
    dispatch?.(lettingSpanGo(state).setSelection(selection).scrollIntoView())
    return true
  }
}

/** A transaction that lets a selected span go (a text selection made now replaces it), or a plain one if none is. */
function lettingSpanGo(state: EditorState): Transaction {
  return (annotationKey.getState(state)?.selected ?? null) !== null ? annotate(state, { type: 'select', id: null }) : state.tr
}

/**
 * Ctrl+A: the whole text selected (a label key then tags all of it), the view left where it is. The browser's own
 * select-all put the caret at the end and the view followed it there, far from where the analyst was reading.
 */
export const selectWholeText: Command = (state, dispatch) => {
  dispatch?.(lettingSpanGo(state).setSelection(TextSelection.create(state.doc, Selection.atStart(state.doc).from, Selection.atEnd(state.doc).to)))
  return true
}

/** Drops the span selection, a pending link, or a shown search match, whichever there is. */
export const clearAnnotationSelection: Command = (state, dispatch) => {
  const current = annotations(state)
  if (current.link !== null) {
    dispatch?.(annotate(state, { type: 'link', link: null }))
    return true
  }
  if (current.selected !== null) {
    dispatch?.(annotate(state, { type: 'select', id: null }))
    return true
  }
  if (current.match !== null) {
    dispatch?.(annotate(state, { type: 'match', match: null }))
    return true
  }
  return false
}

/**
 * A command of the session: applies when `applies(state)` says so, or while earlier writes are pending (when
 * the state it depends on is not known yet); `act` starts the session's (queued) operation.
 */
function sessionCommand(session: CommandSession, applies: (state: Parameters<Command>[0]) => boolean, act: () => unknown): Command {
  return (state, dispatch) => {
    if (!session.busy && !applies(state)) return false
    if (dispatch) void act()
    return true
  }
}

/** A selection command that waits for the writes before it, so that it sees the spans they made. */
export function afterPendingWrites(session: CommandSession, command: Command): Command {
  return (state, dispatch) => {
    if (!session.busy) return command(state, dispatch)
    if (dispatch) void session.enqueue(() => void command(session.view.state, session.view.dispatch))
    return true
  }
}

const hasSelectedSpan = (state: Parameters<Command>[0]): boolean => annotations(state).selected !== null

/** A label's key: labels the selected text, or relabels the selected span. */
export function labelSelection(session: CommandSession, label: string): Command {
  return sessionCommand(session, (state) => !state.selection.empty || hasSelectedSpan(state), () => session.applyLabel(label))
}

/** Delete: removes the selected span and its relations. */
export function removeSelectedSpan(session: CommandSession): Command {
  return sessionCommand(session, hasSelectedSpan, () => session.removeSelected())
}

/** Alt+arrows: moves an edge of the selected span a word (or a character, without snapping). */
export function moveSelectedSpanEdge(session: CommandSession, edge: 'start' | 'end', direction: 1 | -1): Command {
  return sessionCommand(session, hasSelectedSpan, () => session.moveEdge(edge, direction))
}

/** A relation label's key: starts a relation from the selected span (or says how to, if none is selected). */
export function startRelation(session: CommandSession, label: string): Command {
  return sessionCommand(session, () => true, () => session.startLink(label))
}

/** Enter: completes the pending relation at the selected span (the session queues it and checks again then). */
export function completeRelation(session: CommandSession): Command {
  const applies = (state: Parameters<Command>[0]): boolean => {
    const { link, selected } = annotations(state)
    return link !== null && selected !== null && selected !== link.spanId
  }
  return sessionCommand(session, applies, () => session.completeLinkAtSelection())
}

/** Alt+Q: marks the selected span as unsure, or no longer unsure. */
export function toggleSelectedUnsure(session: CommandSession): Command {
  return sessionCommand(session, hasSelectedSpan, () => session.toggleUnsure())
}

/** A key that acts on the selected span outside the editor (Alt+M opens its note), once earlier writes are done. */
export function whenSpanSelected(session: CommandSession, act: () => void): Command {
  return sessionCommand(session, hasSelectedSpan, () => session.enqueue(() => void (annotations(session.view.state).selected !== null && act())))
}

/** Alt+D, Alt+S, Alt+T: sets the document's status (does not apply when it already has it). */
export function setDocumentStatus(session: CommandSession, status: DocumentStatus): Command {
  return sessionCommand(session, (state) => annotations(state).status !== status, () => session.setStatus(status))
}

/** Ctrl+Z: undoes the document's last change. */
export function undo(session: CommandSession): Command {
  return sessionCommand(session, () => session.canUndo(), () => session.undo())
}

/**
 * Ctrl+Shift+Z (and Ctrl+Y): redoes the last undone change. It takes the key even when there is nothing to
 * redo: ProseMirror's keymap tries a letter key with Shift that no command took again without Shift, which
 * made a redo too many an undo (Ctrl+Z) of the last change.
 */
export function redo(session: CommandSession): Command {
  return orSay(session, 'Nothing to redo in this document.', sessionCommand(session, () => session.canRedo(), () => session.redo()))
}

/** While a relation is being drawn, says `message` (what the key needs to finish it); otherwise does not apply. */
export function whileLinking(session: CommandSession, message: string): Command {
  return (state, dispatch) => {
    if (annotations(state).link === null) return false
    if (dispatch) session.say(message)
    return true
  }
}

/** Alt+C: curation mode on or off. */
export function toggleCuration(session: CommandSession): Command {
  return sessionCommand(session, () => true, () => session.curation.toggle())
}

/** In curation mode `curating`, otherwise `otherwise`: one key, two meanings (Tab, Enter). */
export function whenCurating(curating: Command, otherwise: Command): Command {
  return (state, dispatch, view) => (annotations(state).curating ? curating(state, dispatch, view) : otherwise(state, dispatch, view))
}

/** Tab in curation mode: the next (1) or previous (-1) disagreement. */
export function stepDisagreement(session: CommandSession, direction: 1 | -1): Command {
  return afterPendingWrites(session, (_state, dispatch) => {
    if (dispatch) session.curation.step(direction)
    return true
  })
}

const hasDisagreement = (state: Parameters<Command>[0]): boolean => annotations(state).curating && annotations(state).curation !== null

/** ↓ and ↑ in curation mode: the next or previous version of the disagreement picked. */
export function chooseVersion(session: CommandSession, direction: 1 | -1): Command {
  return (state, dispatch) => {
    if (!hasDisagreement(state)) return false
    if (dispatch) void session.enqueue(() => session.curation.chooseVersion(direction))
    return true
  }
}

/** Enter in curation mode (with no relation being drawn): accept the version picked into the curated layer. */
export function acceptVersion(session: CommandSession): Command {
  return (state, dispatch) => {
    if (!hasDisagreement(state) || annotations(state).link !== null) return false
    if (dispatch) void session.curation.acceptCurrent()
    return true
  }
}

/**
 * `command`, or, where it does not apply, a line saying what the key needs: the key is taken either way, so
 * that it neither does nothing unexplained nor reaches the browser (Alt+← is the browser's Back).
 */
export function orSay(session: CommandSession, message: string, command: Command): Command {
  return (state, dispatch, view) => {
    if (command(state, dispatch, view)) return true
    if (dispatch) session.say(message)
    return true
  }
}

/** The first of `commands` that applies. */
export function firstOf(...commands: Command[]): Command {
  return (state, dispatch, view) => commands.some((command) => command(state, dispatch, view))
}

/** A command that always applies and runs `action`: for keys that act on the app around the document. */
export function always(action: () => unknown): Command {
  return (_state, dispatch) => {
    if (dispatch) void action()
    return true
  }
}
