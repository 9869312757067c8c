/**
 * The selected span in the side panel: its label, text and analyst, its note and "unsure" flag (set here or
 * with Alt+M and Alt+Q), the attributes its label declares (each a choice list), and any other attributes
 * it came with. Built once per selected span and then only updated, so a note being typed is never lost to
 * a redraw. A note is saved as it is typed (a moment after the last key, and at once when the box is left or
 * the page is hidden or closed); one whose span is removed elsewhere while it is typed stays in its box, said
 * to be unsaved, until the analyst leaves it.
 */
import type { ExportedSpan, LabelDefinition } from '../../shared/corpus-types'
import { codePointLength } from '../../shared/offsets'
import { NOTE_MAX_LENGTH, SPAN_NOTE, SPAN_UNSURE, safeColor } from '../../shared/contract-values'
import { CURATED } from '../../shared/curation'
import type { AttributesOutcome } from '../editor/session'
import { h } from './dom'
import { excerpt, readableTime } from '../../shared/text'
import { nameSpan } from '../../shared/relation-rules'
import { UnsavedNotes } from './unsaved-notes'

/** What the details ask of the application. */
export interface SpanDetailsActions {
  /**
   * Changes attributes of a span (undefined takes one off); with `readAt`, only if the span is still as it was
   * then (its `updated_at`), else it is refused as changed since. Resolves to how it ended.
   */
  setAttributes(spanId: number, changes: Record<string, unknown>, readAt?: string): Promise<AttributesOutcome>
  /** Gives the focus back to the text. */
  focusText(): void
  /** Says something in the page's notice line. */
  say(message: string): void
  /** Opens the next or previous document (Alt+N, Alt+P). */
  navigate(direction: 'next' | 'previous'): void
}

/** The "Selected span" section. */
export class SpanDetails {
  readonly element = h('section', { class: 'selected-span', 'aria-label': 'Selected span' })
  /** The span shown (`spanKey`), or '' for none. */
  private shownKey = ''
  /** Sends the note in the box again (the save of the span shown), when a failed save is to be tried again. */
  private resendNote: (() => void) | null = null
  /** The label and declared attributes the section was built for: when either changes, it is built again. */
  private shownShape = ''
  private note: HTMLTextAreaElement | null = null
  /** The line under the note box: its length near the limit, or why it is not saved. */
  private noteLength: HTMLElement | null = null
  /**
   * True while the box holds a note whose save failed (the corpus full, locked too long, out of reach; not one
   * refused as changed since, which keeps the other's): it stays in the box, said unsaved, and is sent again when the
   * box is left.
   */
  private noteUnsaved = false
  private unsure: HTMLInputElement | null = null
  private choices = new Map<string, HTMLSelectElement>()
  private readonly summary = h('div')
  private readonly others = h('dl', { class: 'other-attributes' })
  private readonly hint = h('p', { class: 'hint' })
  /**
   * Notes not saved (too long, or their save failed), by `spanKey`: given back when their span is selected again,
   * also after a reload (they are kept in the page's storage, once `keepNotesOf` named the corpus).
   */
  private readonly unsavedNotes = new UnsavedNotes()
  /** Saves the note being typed now, if it waits for a pause in the typing. */
  private saveNow: (() => void) | null = null
  /** The note as stored for the span shown (as the corpus answered): what the box holds beyond it is not saved. */
  private storedNote = ''
  /** The note last sent to be saved, so that one value is not sent twice while the answer is on its way. */
  private sentNote: string | null = null
  /** When the span was as the note box last knew its note (`updated_at`): a save asks that it is still so. */
  private noteReadAt = ''
  /** The note another window or analyst wrote while this box was being typed in, which the box's text does not replace. */
  private noteWrittenElsewhere: string | null = null

  constructor(private readonly actions: SpanDetailsActions) {
    // A page closed, reloaded or hidden while a note is typed: saved at once rather than after the pause. Kept in the
    // page's storage first, unless saved already: the page may be gone before the save is answered (or the server be).
    const flush = () => {
      const box = this.note
      if (box !== null && this.shownKey !== '' && (this.saveNow !== null || this.noteUnsaved || tooLong(box)) && box.value !== this.storedNote) {
        this.unsavedNotes.set(this.shownKey, { value: box.value, readAt: this.noteReadAt })
      }
      ;(this.saveNow ?? (this.noteUnsaved ? this.resendNote : null))?.()
    }
    window.addEventListener('pagehide', flush)
    document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && flush())
  }

  /**
   * Shows `span` (with its label's definition), or hides the section for none; `linking` is a pending link's
   * label. Unless `own` (the span is another analyst's), its note and attributes are shown but not editable.
   */
  show(documentId: number, span: ExportedSpan | undefined, label: LabelDefinition | undefined, colour: string | undefined, linking: string | null, own = true): HTMLElement | null {
    if (span === undefined) return this.showNone()
    const shape = JSON.stringify([span.label, label?.attributes ?? []])
    if (spanKey(documentId, span) !== this.shownKey || shape !== this.shownShape) this.build(documentId, span, label)
    this.shownShape = shape
    this.summary.replaceChildren(
      h('p', {}, h('span', { class: 'chip', style: `--label-color: ${safeColor(colour)}` }, span.label), ` ${span.start}–${span.end}`),
      h('blockquote', {}, excerpt(span.text)),
      h('p', { class: 'meta' }, `by ${span.annotator}, changed ${readableTime(span.updated_at)}`),
      ...(own ? [] : [h('p', { class: 'meta theirs' }, span.annotator === CURATED ? "The curated layer's span: change it while curating (Alt+C). A label key tags this text as your own." : `${span.annotator}'s span: theirs to change. A label key tags this text as your own.`)]),
    )
    if (this.note !== null) this.note.readOnly = !own
    if (this.unsure !== null) this.unsure.disabled = !own
    for (const select of this.choices.values()) select.disabled = !own
    const note = typeof span.attrs[SPAN_NOTE] === 'string' ? (span.attrs[SPAN_NOTE] as string) : ''
    // Typing: the box has the keys and may take them (another analyst's, shown read-only, holds only what is stored).
    const typing = this.note !== null && document.activeElement === this.note && !this.note.readOnly
    const known = note === this.storedNote || note === this.sentNote // unchanged, or this box's own save
    // A note whose save failed keeps the time it was read: it is sent again as of then, refused if the span changed since.
    if (!this.noteUnsaved) {
      if (!typing || known || this.note?.value === note) this.noteReadAt = span.updated_at
      else this.noteWrittenElsewhere = note // written elsewhere while this box is typed in: not written over
    }
    if (!typing) this.noteWrittenElsewhere = null
    if (note !== this.storedNote) this.sentNote = null
    this.storedNote = note
    if (this.noteWrittenElsewhere !== null) {
      this.summary.append(
        h(
          'p',
          { class: 'meta gone-elsewhere', role: 'alert' },
          `The note was changed in another window meanwhile, to "${shortened(this.noteWrittenElsewhere)}": what this box holds is not saved over it (copy it if you need it). Escape shows the note as it is now.`,
        ),
      )
    }
    // A note too long to save stays in its box, with the reason shown, until it is shortened or another span is selected.
    if (this.note !== null && !typing && !tooLong(this.note) && !this.noteUnsaved) this.note.value = note
    if (this.unsure !== null) this.unsure.checked = span.attrs[SPAN_UNSURE] === true
    for (const [name, select] of this.choices) if (document.activeElement !== select) choose(select, span.attrs[name])
    const declared = new Set([SPAN_NOTE, SPAN_UNSURE, ...this.choices.keys()])
    const rest = Object.entries(span.attrs).filter(([key]) => !declared.has(key))
    this.others.replaceChildren(...rest.flatMap(([key, value]) => [h('dt', {}, key), h('dd', {}, typeof value === 'string' ? value : JSON.stringify(value))]))
    this.others.hidden = rest.length === 0
    this.hint.textContent = linking === null ? '' : `Linking as ${linking}: Tab to the other end and press Enter, or click it. Escape cancels.`
    this.hint.hidden = linking === null
    return this.element
  }

  /**
   * No span selected. If it went while its note was being typed (removed in another window or program), the
   * box stays where the keys go, with what was typed and whether it is saved, until it is left (Escape or
   * Ctrl+Enter, as always, which then do nothing else); otherwise the section is hidden.
   */
  private showNone(): HTMLElement | null {
    const box = this.note
    if (this.shownKey !== '' && box !== null && document.activeElement === box) {
      this.saveNow = null
      box.readOnly = true
      const unsaved = box.value !== this.storedNote
      this.summary.replaceChildren(
        h('p', { class: 'meta gone', role: 'alert' }, `This span is no longer there: it was removed in another window or program${unsaved ? ', and the note below is not saved (copy it if you need it)' : ', with its note'}. Escape goes back to the text.`),
      )
      return this.element
    }
    this.keepUnsavedNote(null)
    this.shownKey = ''
    return null
  }

  /** Keeps the notes not saved in the page's storage for the corpus `corpus` names (its name and when it was made), and takes those an earlier page kept there. */
  keepNotesOf(corpus: string): void {
    this.unsavedNotes.storeFor(corpus)
  }

  /**
   * What to say of the notes kept unsaved for spans of a document just opened (`spans`, by id), or null for none:
   * that each waits in its span's box, or, for a span no longer there (or one whose note is that one by now), that it
   * is no longer kept (with its text, to copy).
   */
  keptNotesOf(documentId: number, spans: ReadonlyMap<number, ExportedSpan>): string | null {
    const waiting: string[] = []
    const gone: string[] = []
    for (const { spanId, key, note } of this.unsavedNotes.ofDocument(documentId)) {
      const span = spans.get(spanId)
      if (span !== undefined && spanKey(documentId, span) === key) {
        if (span.attrs[SPAN_NOTE] === note.value || (note.value.trim() === '' && span.attrs[SPAN_NOTE] === undefined)) this.unsavedNotes.delete(key) // saved after all
        else waiting.push(nameSpan(span.label, span.text))
      } else {
        this.unsavedNotes.delete(key)
        gone.push(`"${shortened(note.value)}"`)
      }
    }
    const said: string[] = []
    if (waiting.length > 0) said.push(`A note not saved before the page was left is kept for ${waiting.join(', ')}: select ${waiting.length === 1 ? 'that span' : 'each'} to see it and save it.`)
    if (gone.length > 0) said.push(`A note not saved, of a span no longer in this document, is not kept: ${gone.join(', ')}.`)
    return said.length === 0 ? null : said.join(' ')
  }

  /**
   * Keeps a note not saved (too long, or its save failed) from the box of the span shown, by its key, to give it
   * back when that span is selected again (in this document or after others), and says so unless it is that span
   * (`next`) that is shown.
   */
  private keepUnsavedNote(next: string | null): void {
    if (this.note === null || this.shownKey === '' || !(tooLong(this.note) || this.noteUnsaved)) return
    if (this.sentNote === this.note.value) return // sent again and not answered yet: its answer decides (`noteAnswered`)
    this.unsavedNotes.set(this.shownKey, { value: this.note.value, readAt: this.noteReadAt })
    if (this.shownKey === next) return
    this.actions.say(
      tooLong(this.note)
        ? `The note too long to save (${codePointLength(this.note.value).toLocaleString('en')} characters) is kept, unsaved, in its box: select that span again to shorten it.`
        : 'The note that could not be saved is kept, unsaved, in its box: select that span again to save it.',
    )
  }

  /**
   * The corpus's answer to the save of note `value` of span `key` (written as of `readAt`): a failure keeps the note
   * in its box (or, if another span is shown by now, for when that span is selected again), said unsaved, to be sent
   * again; a note sent again and refused as changed since is shown under the box, with the note as it is now in it.
   */
  private noteAnswered(key: string, value: string, readAt: string, outcome: AttributesOutcome): void {
    const shown = this.shownKey === key && this.note !== null && this.noteLength !== null
    const wasUnsaved = shown && this.noteUnsaved
    if (outcome === 'failed') {
      this.unsavedNotes.set(key, { value, readAt }) // kept, also across a reload, until a save of it is answered
      if (!shown) return
      this.sentNote = null
      this.noteUnsaved = true
      this.noteReadAt = readAt
      if (document.activeElement !== this.note) this.note!.value = value // what is stored was drawn meanwhile
      return showNotSaved(this.noteLength!)
    }
    if (this.unsavedNotes.get(key)?.value === value) this.unsavedNotes.delete(key) // answered: nothing left to keep
    if (!shown) return
    if (outcome === 'saved') {
      if (this.note!.value === value) this.noteUnsaved = false
      if (!this.noteUnsaved) showNoteLength(this.note!, this.noteLength!)
      return
    }
    // Refused as changed since (another window's note): theirs is shown, and this one, not saved over it, under the box.
    if (!wasUnsaved) return
    this.noteUnsaved = false
    if (document.activeElement !== this.note) this.note!.value = this.storedNote
    showNotSavedOver(this.noteLength!, value)
  }

  /** True while the box of a note whose span is gone is shown (see `showNone`). */
  private showsGone(): boolean {
    return this.summary.querySelector('.gone') !== null
  }

  /** Puts the focus in the note (Alt+M). */
  editNote(): void {
    this.note?.focus()
  }

  /** Puts the focus in the first attribute choice (Alt+A; Tab goes on to the next, Escape back to the text); false if there is none. */
  chooseAttributes(): boolean {
    const first = this.choices.values().next().value
    first?.focus()
    return first !== undefined
  }

  private build(documentId: number, span: ExportedSpan, label: LabelDefinition | undefined): void {
    const key = spanKey(documentId, span)
    this.keepUnsavedNote(key)
    this.noteUnsaved = false
    this.shownKey = key
    this.sentNote = null
    this.noteReadAt = span.updated_at
    this.noteWrittenElsewhere = null
    const spanId = span.id
    let pause: ReturnType<typeof setTimeout> | undefined
    const save = () => {
      clearTimeout(pause)
      if (this.saveNow === save) this.saveNow = null
      if (tooLong(note) || note.readOnly || this.noteWrittenElsewhere !== null || note.value === (this.sentNote ?? this.storedNote)) return
      const value = note.value
      const readAt = this.noteReadAt
      this.sentNote = value
      void this.actions.setAttributes(spanId, { [SPAN_NOTE]: value.trim() === '' ? undefined : value }, readAt).then((outcome) => this.noteAnswered(key, value, readAt, outcome))
    }
    this.resendNote = save
    const note = h('textarea', {
      class: 'note',
      'aria-label': 'Note',
      rows: 3,
      placeholder: 'A note on this span (Alt+M), saved as you type; Ctrl+Enter or Escape goes back to the text',
      oninput: () => {
        if (this.noteUnsaved && note.value === this.storedNote) this.noteUnsaved = false // back to what is stored: nothing unsaved
        if (this.noteUnsaved && !tooLong(note)) showNotSaved(noteLength) // until a save of it is answered
        else showNoteLength(note, noteLength)
        clearTimeout(pause)
        pause = setTimeout(save, NOTE_SAVE_PAUSE_MS)
        this.saveNow = save
      },
      onchange: save,
      // Left after a note was written elsewhere meanwhile: the box shows that note (what it held was not saved).
      onblur: () => {
        if (this.noteUnsaved) save() // a note whose save failed is sent again when the box is left
        if (this.noteWrittenElsewhere === null) return
        note.value = this.storedNote
        this.noteWrittenElsewhere = null
        this.summary.querySelector('.gone-elsewhere')?.remove()
      },
      onkeydown: (event: Event) => {
        const key = event as KeyboardEvent
        // A box shown read-only takes no text: a space typed into it would scroll the side panel under the keys.
        if (note.readOnly && key.key === ' ' && !key.ctrlKey && !key.altKey && !key.metaKey) return event.preventDefault()
        // Alt+N and Alt+P step to another document from here too, the note saved on the way (on macOS, where Option+N
        // begins a tilde, the key is not "n", and the box takes it).
        const step = key.altKey && !key.ctrlKey && !key.metaKey ? ({ n: 'next', p: 'previous' } as const)[key.key.toLowerCase() as 'n' | 'p'] : undefined
        if (key.key === 'Escape' || (key.key === 'Enter' && (key.ctrlKey || key.metaKey)) || step !== undefined) {
          event.preventDefault()
          if (tooLong(note)) return // not saved: the focus stays, with the reason under the box
          note.blur() // saves (change fires on blur)
          this.actions.focusText()
          if (this.showsGone()) {
            this.shownKey = ''
            this.element.remove() // left: the section goes until a span is selected
          }
          if (step !== undefined) this.actions.navigate(step)
        }
      },
    })
    const noteLength = h('p', { class: 'note-length', role: 'status', hidden: true })
    const unsure = h('input', {
      type: 'checkbox',
      class: 'unsure',
      onchange: () => this.actions.setAttributes(spanId, { [SPAN_UNSURE]: unsure.checked ? true : undefined }),
    })
    const stored = typeof span.attrs[SPAN_NOTE] === 'string' ? span.attrs[SPAN_NOTE] : ''
    if (this.unsavedNotes.get(key)?.value === stored) this.unsavedNotes.delete(key) // saved after all (as the page was left)
    const unsaved = this.unsavedNotes.get(key)
    if (unsaved !== undefined) {
      note.value = unsaved.value
      this.noteReadAt = unsaved.readAt // sent again as of when it was written: refused if the span changed since
      this.noteUnsaved = !tooLong(note) // its save failed
      if (this.noteUnsaved) showNotSaved(noteLength)
      else showNoteLength(note, noteLength)
    }
    this.note = note
    this.noteLength = noteLength
    this.unsure = unsure
    this.choices = new Map()
    const declared = (label?.attributes ?? []).map((attribute) => {
      const select = h(
        'select',
        {
          'aria-label': attribute.name,
          onchange: () => this.actions.setAttributes(spanId, { [attribute.name]: select.value === '' ? undefined : select.value }),
          // Escape goes back to the text, as from the note (a list still open closes first, as the browser has it).
          onkeydown: (event: Event) => {
            if ((event as KeyboardEvent).key !== 'Escape') return
            event.preventDefault()
            this.actions.focusText()
          },
        },
        h('option', { value: '' }, '—'),
        ...attribute.values.map((value) => h('option', { value }, value)),
      )
      this.choices.set(attribute.name, select)
      return h('label', { class: 'attribute' }, `${attribute.name} `, select)
    })
    this.element.replaceChildren(
      h('h2', {}, 'Selected span'),
      this.summary,
      h('label', { class: 'note-field' }, 'Note', note),
      noteLength,
      h('label', { class: 'unsure-field' }, unsure, ' Unsure (Alt+Q)'),
      ...declared,
      this.others,
      this.hint,
    )
  }
}

/**
 * Shows `value` in an attribute's choice list: a value the label does not declare (brought by an import, or
 * left when the declaration changed) is shown as such in an option of its own rather than as no value.
 */
function choose(select: HTMLSelectElement, value: unknown): void {
  for (const option of [...select.options]) if (option.dataset.undeclared !== undefined && option.value !== value) option.remove()
  const text = typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value)
  if (text !== '' && ![...select.options].some((option) => option.value === text)) {
    const option = h('option', { value: text, 'data-undeclared': '' }, `${text} (not declared)`)
    select.append(option)
  }
  select.value = text
}

/** How long typing must pause before the note is saved: each save is one step of undo. */
const NOTE_SAVE_PAUSE_MS = 800

/** True if the note in `box` is longer than a note may be (in code points), so that it cannot be saved. */
function tooLong(box: HTMLTextAreaElement): boolean {
  return codePointLength(box.value) > NOTE_MAX_LENGTH
}

/** Says under the note box how long its note is once it nears the limit, and that it is not saved when past it. */
function showNoteLength(box: HTMLTextAreaElement, line: HTMLElement): void {
  const length = codePointLength(box.value) // an emoji is one character, as everywhere outside the editor
  const limit = NOTE_MAX_LENGTH.toLocaleString('en')
  line.hidden = length <= NOTE_MAX_LENGTH * 0.9
  line.classList.toggle('over', length > NOTE_MAX_LENGTH)
  line.textContent =
    length > NOTE_MAX_LENGTH
      ? `Not saved: ${length.toLocaleString('en')} characters, and a note holds at most ${limit}. Shorten it to save it.`
      : `${length.toLocaleString('en')} of ${limit} characters`
}

/** Says under the note box that `value`, sent again, was not saved over the note written elsewhere meanwhile, which the box now shows. */
function showNotSavedOver(line: HTMLElement, value: string): void {
  line.hidden = false
  line.classList.add('over')
  line.textContent = `Not saved: the note was changed elsewhere since yours could not be saved, and yours is not saved over it. Yours was: ${value}`
}

/** Says under the note box that its note is not saved, its save having failed, and how to send it again. */
function showNotSaved(line: HTMLElement): void {
  line.hidden = false
  line.classList.add('over')
  line.textContent = 'Not saved (see the message above): it is kept here, also if the page is reloaded, and sent again when you leave the box (Ctrl+Enter).'
}

/** `text` cut to a few dozen characters for a message. */
function shortened(text: string): string {
  const chars = [...text.replace(/\s+/gu, ' ')]
  return chars.length <= 60 ? chars.join('') : `${chars.slice(0, 59).join('')}…`
}

/** A span told apart from the spans of other documents (ids, and times of creation, repeat across documents). */
function spanKey(documentId: number, span: ExportedSpan): string {
  return `${documentId}:${span.id}@${span.created_at}`
}
