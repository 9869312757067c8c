/**
 * What keys and clicks do in the open document: the keymap (every binding a command), Shift with a
 * document label's key, and clicks on spans. `KEYBOARD_REFERENCE` (app/keyboard-reference.ts) lists the same
 * keys for people.
 */
import { keymap } from 'prosemirror-keymap'
import { Plugin, TextSelection, type Command, type EditorState } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { annotations, isShown, ownerOf, spansInOrder } from './annotations'
import { segmentsAround } from './snapping'
import type { ExportedSpan, LabelDefinition } from '../../shared/corpus-types'
import { boundHotkeys, EDITOR_KEYS } from '../../shared/hotkeys'
import {
  acceptVersion,
  afterPendingWrites,
  chooseVersion,
  always,
  clearAnnotationSelection,
  completeRelation,
  firstOf,
  jumpToTextEdge,
  selectWholeText,
  labelSelection,
  moveSelectedSpanEdge,
  orSay,
  redo,
  removeSelectedSpan,
  selectAdjacentLinkEnd,
  selectAdjacentSpan,
  setDocumentStatus,
  startRelation,
  stepDisagreement,
  toggleCuration,
  toggleSelectedUnsure,
  undo,
  whenCurating,
  whenSpanSelected,
  whileLinking,
  type CommandSession,
} from './commands'
import { selectAdjacentMissing, toggleMissingSteps } from './missing-relations'
import { toggleArcScope } from './relation-view'

/** What keys ask of the app around the document. */
export interface InputHost {
  labels: readonly LabelDefinition[]
  /**
   * Alt+N, Alt+P; with `after` 'done', Ctrl+Enter: the document is marked done, then the next to do opened. Steps
   * are taken in the order the keys were pressed.
   */
  navigate(direction: 'next' | 'previous', after?: 'done'): void
  toggleHelp(): void
  focusSearch(): void
  toggleSnapping(): void
  /** Alt+M: puts the focus in the selected span's note, in the side panel. */
  editNote(): void
  /** Alt+A: puts the focus in the first attribute the selected span's label declares, in the side panel (or says it has none). */
  chooseAttributes(): void
}

/** The session operations that keys and clicks outside the keymap start. */
export interface InputSession extends CommandSession {
  toggleDocumentLabel(label: string): Promise<void>
  /** A click on span `id`: completes a pending relation there, or selects it. */
  clickSpan(id: number): Promise<void>
  /** A click at `pos` on text no span covers: a selected span is let go (a pending relation stays). */
  clickText(pos: number): void
}

const LINK_NEEDS_OTHER_END = 'Tab to the other end first (or click it), then Enter links it; Escape cancels the link.'

/**
 * Tab and Shift+Tab with no span to step to: says why (no text; spans only in work not shown; none yet), and
 * keeps the focus in the text (the browser would move it away, and the label keys with it).
 */
function noSpanToStepTo(session: InputSession): Command {
  return (state, dispatch) => {
    if (!dispatch) return true
    if (state.doc.textContent.trim() === '') session.say('This document has no text to tag, so no span to step to.')
    else if (annotations(state).spans.size > 0) session.say("No span of the work shown to step to: choose Every analyst under Show the work of to see everyone's.")
    else session.say('No span to step to in this document yet: select some text and press a label key to tag it.')
    return true
  }
}

const NO_SPAN_FOR_EDGES = 'Select a span first (Tab, or a click): Alt+← and Alt+→ move its end, with Shift its start.'

/** The document's key bindings, each a command. */
export function documentKeymap(session: InputSession, host: InputHost): Plugin {
  const bindings: Record<string, Command> = {
    Tab: whenCurating(stepDisagreement(session, 1), afterPendingWrites(session, firstOf(selectAdjacentLinkEnd(session, host.labels, 1), selectAdjacentMissing(host.labels, 1, (message) => session.say(message)), selectAdjacentSpan(1), noSpanToStepTo(session)))),
    'Shift-Tab': whenCurating(stepDisagreement(session, -1), afterPendingWrites(session, firstOf(selectAdjacentLinkEnd(session, host.labels, -1), selectAdjacentMissing(host.labels, -1, (message) => session.say(message)), selectAdjacentSpan(-1), noSpanToStepTo(session)))),
    Escape: afterPendingWrites(session, clearAnnotationSelection),
    'Mod-Home': jumpToTextEdge('start'),
    'Mod-End': jumpToTextEdge('end'),
    'Shift-Mod-Home': jumpToTextEdge('start', true),
    'Shift-Mod-End': jumpToTextEdge('end', true),
    'Mod-a': selectWholeText,
    Enter: firstOf(acceptVersion(session), completeRelation(session), whileLinking(session, LINK_NEEDS_OTHER_END)),
    ArrowDown: chooseVersion(session, 1),
    ArrowUp: chooseVersion(session, -1),
    'Alt-c': toggleCuration(session),
    Delete: orSay(session, 'Select a span first (Tab, or a click), then Delete removes it.', removeSelectedSpan(session)),
    Backspace: orSay(session, 'Select a span first (Tab, or a click), then Backspace removes it.', removeSelectedSpan(session)),
    'Alt-ArrowLeft': orSay(session, NO_SPAN_FOR_EDGES, moveSelectedSpanEdge(session, 'end', -1)),
    'Alt-ArrowRight': orSay(session, NO_SPAN_FOR_EDGES, moveSelectedSpanEdge(session, 'end', 1)),
    'Alt-Shift-ArrowLeft': orSay(session, NO_SPAN_FOR_EDGES, moveSelectedSpanEdge(session, 'start', -1)),
    'Alt-Shift-ArrowRight': orSay(session, NO_SPAN_FOR_EDGES, moveSelectedSpanEdge(session, 'start', 1)),
    'Mod-z': orSay(session, 'Nothing to undo in this document.', undo(session)),
    'Mod-Shift-z': redo(session),
    'Mod-y': redo(session),
    'Alt-d': setDocumentStatus(session, 'done'),
    'Alt-s': setDocumentStatus(session, 'skipped'),
    'Alt-t': setDocumentStatus(session, 'todo'),
    'Mod-Enter': always(() => host.navigate('next', 'done')),
    'Alt-n': always(() => host.navigate('next')),
    'Alt-p': always(() => host.navigate('previous')),
    'Alt-w': always(() => host.toggleSnapping()),
    'Alt-q': orSay(session, 'Select a span first (Tab, or a click), then Alt+Q marks it unsure.', toggleSelectedUnsure(session)),
    'Alt-m': orSay(session, 'Select a span first (Tab, or a click), then Alt+M writes its note.', whenSpanSelected(session, () => host.editNote())),
    'Alt-a': orSay(session, 'Select a span first (Tab, or a click), then Alt+A chooses its attributes.', whenSpanSelected(session, () => host.chooseAttributes())),
    'Alt-r': toggleArcScope,
    'Alt-u': orSay(session, 'No span here is missing a relation its label asks for: Tab goes on stepping through every span.', toggleMissingSteps(host.labels)),
    [EDITOR_KEYS.help]: always(() => host.toggleHelp()),
    [EDITOR_KEYS.search]: always(() => host.focusSearch()),
  }
  const hotkeys = boundHotkeys(host.labels) // a key no label may have, or one taken already, is left unbound
  host.labels.forEach((label, index) => {
    const hotkey = hotkeys[index]
    if (hotkey === null || label.kind === 'document') return // Shift with a document label's key: below
    bindings[hotkey] = labelCommand(session, label, { key: hotkey })
  })
  // A digit no label has: said, with the keys there are, rather than nothing happening.
  const keys = host.labels.flatMap((label, index) => (hotkeys[index] === null || label.kind === 'document' ? [] : [`${hotkeys[index]} ${label.name}`]))
  for (const digit of '0123456789') {
    if (bindings[digit] === undefined) bindings[digit] = always(() => session.say(`No label has the key ${digit}${keys.length === 0 ? '.' : `: ${keys.join(', ')}.`}`))
  }
  return keymap(bindings)
}

/**
 * What a label does, whether its key is pressed (`key`) or it is clicked in the palette (`clicked`, with the key
 * it has, if any): a span label tags the text selected or relabels the span selected, a relation label starts a
 * link from the span selected, a document label is put on the document or taken off. What it needs and lacks is said.
 */
export function labelCommand(session: InputSession, label: LabelDefinition, how: { key: string } | { clicked: string | null }): Command {
  if (label.kind === 'relation') return startRelation(session, label.name)
  if (label.kind === 'document') return always(() => session.toggleDocumentLabel(label.name))
  const use = 'key' in how ? `press ${how.key}` : `click ${label.name}${how.clicked === null ? '' : ` (or press ${how.clicked})`}`
  return orSay(session, `Select some text first, then ${use} to tag it ${label.name}; or select a span (Tab, or a click) to relabel it.`, labelSelection(session, label.name))
}

/** Shift with a document label's key toggles it (read from the physical key, so Shift+1 works), and clicks on spans. */
export function documentLabelKeysAndSpanClicks(session: InputSession, labels: readonly LabelDefinition[]): Plugin {
  const hotkeys = boundHotkeys(labels)
  const documentLabels = new Map(
    labels.flatMap((l, index) => (l.kind === 'document' && hotkeys[index] !== null ? [[hotkeys[index]!.toLowerCase(), l.name] as const] : [])),
  )
  let lastClick: { stack: string; id: number } | null = null
  /**
   * The span a click at `pos` picks (`clickedSpan`), remembered so that a click again on the spans it picked among,
   * its pick still selected, steps on to the next there; with `onlyAgain`, null unless it steps on among several.
   */
  const pick = (view: EditorView, pos: number, event: MouseEvent, onlyAgain = false): number | null => {
    const covering = spansAt(view.state, pos)
    const stack = covering.map((span) => span.id).join(' ')
    const again = lastClick !== null && lastClick.stack === stack && annotations(view.state).selected === lastClick.id
    if (onlyAgain && (!again || covering.length < 2)) return null
    const id = clickedSpan(view.state, pos, event.target, again)
    lastClick = id === null ? null : { stack, id }
    return id
  }
  const quickClickAgain = (view: EditorView, pos: number, event: MouseEvent): boolean => {
    const id = pick(view, pos, event, true)
    if (id !== null) void session.clickSpan(id)
    return id !== null
  }
  return new Plugin({
    view: (view) => emptyDragsAsClicks(view, session),
    props: {
      handleKeyDown: (_view, event) => {
        if (!event.shiftKey || event.altKey || event.ctrlKey || event.metaKey) return false
        const base = /^(?:Key|Digit)(.)$/.exec(event.code)?.[1]?.toLowerCase()
        const label = base === undefined ? undefined : documentLabels.get(base)
        if (label === undefined) {
          // Shift with a digit is what puts a document label on: said, rather than nothing happening.
          if (base === undefined || !/^\d$/.test(base)) return false
          const names = [...documentLabels].map(([key, name]) => `Shift+${key.toUpperCase()} ${name}`)
          session.say(names.length === 0 ? `Shift+${base} would put a document label on, but this corpus has none.` : `No document label has the key ${base}: ${names.join(', ')}.`)
          return true
        }
        void session.toggleDocumentLabel(label)
        return true
      },
      // Clicks in quick succession are double and triple clicks, which select a word or a line: on spans stacked on
      // one text, the span just picked still selected, they step on to the next span there, as slower clicks do.
      handleDoubleClick: (view, pos, event) => quickClickAgain(view, pos, event),
      // Off such a stack, the browser selects a word (by words as the pointer drags on); where what it took is not
      // under the pointer, the word, emoji or mark under it is selected instead.
      handleDOMEvents: { dblclick: (view, event) => void selectSegmentUnderPointer(view, event) },
      // A triple click off the spans selects the line of the text, as the corpus holds it: the paragraph the browser
      // (or ProseMirror) would take is a piece of a long line, or several lines of a text of very many.
      handleTripleClick: (view, pos, event) => quickClickAgain(view, pos, event) || selectLine(view, pos),
      handleClick: (view, pos, event) => {
        const id = pick(view, pos, event)
        if (id === null) {
          // The caret goes where the click put it; a span left selected far from it would take the next label
          // key or Delete, and Tab would step from it.
          session.clickText(pos)
          return false
        }
        void session.clickSpan(id)
        return true
      },
    },
  })
}

/** Selects the whole line of the text at position `pos` (without its line feed). */
function selectLine(view: EditorView, pos: number): boolean {
  const { positions } = annotations(view.state)
  const line = positions.lineAround(positions.toOffset(pos))
  view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, positions.toPosition(line.start), positions.toPosition(line.end))))
  return true
}

/**
 * Selects what a double click was on where the browser selected something else: the word, emoji or mark
 * (`segmentsAround`) whose drawn box holds the pointer. The browser takes the word after the position nearest the
 * pointer, which for an emoji clicked on its right half is the next word ("称" for "👩🏿‍💻称"), or the line feed
 * after one ending a line, so that a label key tagged text never pointed at; and for "U.S." only its "U" (by the
 * browser's word rules, not ICU's). A selection that holds all of what is under the pointer (the word, or words
 * dragged over) stays; so does the browser's where the pointer is on none (white space).
 */
function selectSegmentUnderPointer(view: EditorView, event: MouseEvent): void {
  const found = view.posAtCoords({ left: event.clientX, top: event.clientY })
  if (found === null) return
  const { positions } = annotations(view.state)
  const at = positions.toUtf16(positions.toOffset(found.pos))
  for (const segment of segmentsAround(positions.text, at)) {
    const from = positions.toPosition(positions.fromUtf16(segment.from))
    const to = positions.toPosition(positions.fromUtf16(segment.to))
    if (!drawnUnderPointer(view, from, to, event)) continue
    const { selection } = view.state
    const holds = selection.from < to && from < selection.to
    const partOfIt = selection.from >= from && selection.to <= to && selection.to - selection.from < to - from
    // It with white space only besides (" 👍🏽", as Chromium sometimes takes an emoji after a space): the browser's
    // is trimmed to it.
    const besides = holds ? view.state.doc.textBetween(Math.min(selection.from, from), from) + view.state.doc.textBetween(to, Math.max(selection.to, to)) : ''
    const spacesBesides = besides !== '' && /^\s+$/u.test(besides)
    if (holds && !partOfIt && !spacesBesides) return // the browser's selection is it, or words dragged over
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, from, to)))
    return
  }
}

/** True if the text between positions `from` and `to` is drawn under the pointer of `event`. */
function drawnUnderPointer(view: EditorView, from: number, to: number, event: MouseEvent): boolean {
  const start = view.domAtPos(from, 1)
  const end = view.domAtPos(to, -1)
  const range = view.dom.ownerDocument.createRange()
  try {
    range.setStart(start.node, start.offset)
    range.setEnd(end.node, end.offset)
  } catch {
    return false // not drawn as text here (a placeholder far from view)
  }
  return [...range.getClientRects()].some((box) => event.clientX >= box.left && event.clientX <= box.right && event.clientY >= box.top && event.clientY <= box.bottom)
}

/** How far (px) the pointer may move between press and release for ProseMirror to take it as a click (its own rule). */
const CLICK_SLOP_PX = 4

/**
 * A press dragged over the text and back, selecting nothing (a "never mind" gesture), is not a click to ProseMirror,
 * which calls no click handler for it: a span selected before stayed selected, out of view perhaps, and took the
 * next label key or Delete. Released with the selection collapsed in the text, it acts as a click there does.
 */
function emptyDragsAsClicks(view: EditorView, session: InputSession): { destroy(): void } {
  // Where the button went down, and whether the pointer has since gone further than a click allows (and come back, perhaps).
  let pressed: { x: number; y: number; dragged: boolean } | null = null
  const press = (event: MouseEvent): void => {
    pressed = event.button === 0 ? { x: event.clientX, y: event.clientY, dragged: false } : null
  }
  const move = (event: MouseEvent): void => {
    if (pressed !== null && (Math.abs(event.clientX - pressed.x) > CLICK_SLOP_PX || Math.abs(event.clientY - pressed.y) > CLICK_SLOP_PX)) pressed.dragged = true
  }
  const release = (event: MouseEvent): void => {
    move(event)
    const dragged = pressed?.dragged === true
    pressed = null
    if (!dragged) return // a click: ProseMirror's click handler (handleClick) has it
    const selection = (view.root as Document).getSelection?.()
    if (selection == null || !selection.isCollapsed || selection.focusNode === null || !view.dom.contains(selection.focusNode)) return
    session.clickText(view.posAtDOM(selection.focusNode, selection.focusOffset))
  }
  view.dom.addEventListener('mousedown', press)
  window.addEventListener('mousemove', move, true)
  window.addEventListener('mouseup', release, true)
  return {
    destroy() {
      view.dom.removeEventListener('mousedown', press)
      window.removeEventListener('mousemove', move, true)
      window.removeEventListener('mouseup', release, true)
    },
  }
}

/** The spans shown that cover the character at `pos`, in reading order. */
function spansAt(state: EditorState, pos: number): ExportedSpan[] {
  const current = annotations(state)
  const offset = current.positions.toOffset(pos)
  return spansInOrder(current).filter((span) => isShown(current, span) && span.start <= offset && offset < span.end)
}

/**
 * The span a click landed on, found from the clicked position: the span under the pointer when the position
 * is inside it (so a click on a nested span picks that one), otherwise the innermost span shown there; of
 * spans over the same text, the editor's own analyst's. A click `again` (on the spans the last click picked
 * among, its pick still selected) picks the next span there instead. The position decides because the element
 * under the pointer may have been redrawn while the button was down.
 */
export function clickedSpan(state: EditorState, pos: number, target: EventTarget | null, again = false): number | null {
  const marker = target instanceof Element ? target.closest('[data-marker-of]') : null
  if (marker !== null) return Number(marker.getAttribute('data-marker-of'))
  const element = target instanceof Element ? target.closest('[data-span-id]') : null
  const underPointer = element === null ? null : Number(element.getAttribute('data-span-id'))
  const current = annotations(state)
  const covering = spansAt(state, pos)
  if (covering.length === 0) return underPointer
  const chosen = covering.find((span) => span.id === underPointer) ?? covering.reduce((inner, span) => (span.end - span.start < inner.end - inner.start ? span : inner))
  // Where analysts tagged the same text, the click picks the editor's own span (the curated layer's while curating).
  const me = ownerOf(current)
  const own = covering.find((span) => span.annotator === me && span.start === chosen.start && span.end === chosen.end)
  const first = own ?? chosen
  // Clicked again: the next span there (innermost first, one's own before others' of the same extent), round to
  // the first, so that every span stacked on one place can be picked, as none can be clicked apart.
  if (!again || current.link !== null || !covering.some((span) => span.id === current.selected)) return first.id
  const rest = covering
    .filter((span) => span !== first)
    .sort((a, b) => a.end - a.start - (b.end - b.start) || Number(b.annotator === me) - Number(a.annotator === me) || a.id - b.id)
  const order = [first, ...rest]
  return order[(order.findIndex((span) => span.id === current.selected) + 1) % order.length].id
}
