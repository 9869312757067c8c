/**
 * The editor application: header with search and status, the document list, the open document, the side
 * panel, the keyboard reference and the error banner, all talking to the corpus through the API contract.
 */
import { EditorView } from 'prosemirror-view'
import { Selection } from 'prosemirror-state'
import type { CorpusSummary, DocumentView, MarginaliaApi } from '../../shared/api'
import type { DocumentStatus } from '../../shared/corpus-types'
import { readDocument } from '../../shared/packed-document'
import { History } from '../editor/history'
import { DocumentSession, type MountEditor, type SessionHost, type Write } from '../editor/session'
import { AgreementView } from './agreement-view'
import { AnalystControl } from './analyst'
import { Banner, type BannerKind } from './banner'
import { listsDiffer, watchCorpus } from './corpus-watch'
import { DocumentList } from './document-list'
import { h } from './dom'
import { KEYBOARD_REFERENCE } from './keyboard-reference'
import { LinkStatus } from './link-status'
import { columns, themeSwitch, type Columns } from './layout'
import { NeighbourReader, type Step } from './neighbours'
import { curatingInAddress, documentInAddress, PlaceMemory, putCuratingInAddress, putDocumentInAddress } from './place-memory'
import { RelationStatus } from './relation-status'
import { SearchPanel, type SearchMatch } from './search-panel'
import { SidePanel } from './side-panel'
import { SlowWriteNotice } from './slow-writes'
import { countedApi } from './counted-api'
import { EDITOR_KEYS } from '../../shared/hotkeys'

/** How a document is shown as it opens: at a search match, a scroll position, a span selected; focused or not. */
interface OpenOptions {
  match?: { start: number; end: number }
  scrollTop?: number
  /**
   * Whether the text takes the focus (the default): 'unless-typing' leaves it where the analyst types outside the
   * text (a note, the search box), judged as the new text is put in, after whatever waits came before.
   */
  focus?: boolean | 'unless-typing'
  selected?: number | null
  /** For an open the analyst asked for (a key, a click): where the writes under way stood then (see `askedBeforeSilence`). */
  asked?: AskedAt
}

/** Where the writes under way stood when a move to another document was asked for. */
interface AskedAt {
  /** How many times writes had gone unanswered past the corpus's longest turn (`SlowWriteNotice.silences`). */
  silences: number
  /** Whether they were unanswered so then. */
  silent: boolean
}

/** What a document's status is: one for the corpus, not one per analyst. */
const SHARED_STATUS = "the status is the document's, shared by everyone who works in this corpus file, not each analyst's own (a team works in copies, merged: docs/teams.md)"

/** The whole editor, mounted into `root`. */
export class MarginaliaApp {
  private session: DocumentSession | null = null
  /** How many times a document has been asked to open: an answer to an earlier request than the last is dropped. */
  private openRequests = 0
  /** The row id of the document last asked to open (shown or on its way), from which Alt+N and Alt+P step. */
  private wanted: number | null = null
  /** The navigation steps asked for so far, one after the other (Alt+N pressed twice steps two documents). */
  private navigation: Promise<void> = Promise.resolve()
  /** The document the open session was made from, as read, and the read-ahead generation it was read in. */
  private openedAs: { document: DocumentView; generation: number } | null = null
  /** The opening last asked for, until it is shown (or given up for a later one, or failed). */
  private opening: Promise<void> = Promise.resolve()
  private snapping = true
  private readonly history = new History<Write>()
  private readonly neighbours: NeighbourReader
  private readonly documents: DocumentList
  private readonly panel: SidePanel
  private readonly editorMount = h('div', { class: 'editor-mount' })
  private readonly pane: HTMLElement
  private readonly title = h('h1', { class: 'document-title', dir: 'auto' }) // an Arabic or Hebrew title reads right to left
  private readonly statusBar = h('div', { class: 'status-bar', role: 'group', 'aria-label': 'Document status' })
  private readonly banner = new Banner()
  /** Says when the editor's writes wait their turn behind another program's. */
  private readonly slowWrites = new SlowWriteNotice((waiting) => this.banner.writesWaiting(waiting))
  private readonly help: HTMLDialogElement
  private readonly search: SearchPanel
  /** The open document's editor, to hand it keys pressed while the focus is elsewhere. */
  private editorView: EditorView | null = null
  /** Whether the last change drawn was in curation mode: turning it on shows a side panel folded away. */
  private shownCurating = false
  private readonly snapIndicator = h('span', { class: 'snap-indicator' })
  private readonly relationStatus = new RelationStatus(() => this.corpus.labels)
  /** A pending link, said at the foot of the text pane. */
  private readonly linkStatus = new LinkStatus(this.editorMount)
  private readonly analyst: AnalystControl
  private readonly agreement: AgreementView
  /** The analyst whose work the editor shows, or null for everyone's. */
  private shownAnalyst: string | null = null
  private readonly place: PlaceMemory
  /** The three columns, whose side ones fold away into drawers in a narrow window. */
  private readonly columns: Columns

  /** The API the editor's sessions write through, its answers counted (`SessionHost.answered`). */
  private readonly sessionApi: ReturnType<typeof countedApi>

  constructor(
    private readonly root: HTMLElement,
    private readonly api: MarginaliaApi,
    private corpus: CorpusSummary,
    /** What the page offers beyond the contract: in the browser edition, downloading the export and a copy. */
    private readonly options: { downloadExport?: () => Promise<void>; downloadSettled?: () => Promise<void>; downloadCopy?: () => Promise<void> } = {},
  ) {
    this.sessionApi = countedApi(api)
    this.pane = h('section', { class: 'editor-pane' }, this.title, this.statusBar, this.editorMount, this.linkStatus.element)
    this.editorMount.addEventListener('focusin', () => this.banner.backInText())
    this.place = new PlaceMemory(corpus.name)
    this.neighbours = new NeighbourReader(api)
    this.documents = new DocumentList(
      api,
      (id) => void this.openDocument(id, { asked: this.askedNow() }),
      (message) => this.fail(message),
      corpus.annotators,
      this.place.listFilters,
      (filters) => this.place.rememberListFilters(filters),
    )
    this.analyst = new AnalystControl(api, corpus.annotator, (name) => this.session?.analystChanged(name))
    this.agreement = new AgreementView(api, (documentId) => void this.curate(documentId), options.downloadSettled)
    this.panel = new SidePanel(corpus.labels, corpus.annotators, {
      // The keys that act on a span (Tab, Delete, the label keys) are the text's: it takes the focus back.
      chooseSpan: (id) => {
        void this.session?.chooseSpan(id)
        this.session?.view.focus()
      },
      removeRelation: (id) => {
        void this.session?.removeRelation(id)
        this.session?.view.focus() // the button goes with its row: the keys go back to the text, not to the page
      },
      toggleDocumentLabel: (name) => void this.session?.toggleDocumentLabel(name),
      useLabel: (name, kind) => (this.session === null ? this.fail(`Open a document first (from the list), then select text in it and click ${name}.`, 'info') : this.session.useLabel(name, kind)),
      showAnalyst: (name) => {
        this.shownAnalyst = name
        this.session?.showAnalyst(name)
      },
      acceptVersion: (pointer, version) => void this.session?.curation.acceptVersionOf(pointer, version),
      pickDisagreement: (pointer) => this.session?.curation.pick(pointer),
      setSpanAttributes: (id, changes, readAt) => this.session?.setSpanAttributes(id, changes, readAt) ?? Promise.resolve('failed'),
      focusText: () => this.session?.view.focus(),
      say: (message) => this.fail(message, 'info'),
      navigate: (direction) => void this.navigate(direction),
    })
    this.panel.keepNotesOf(`${corpus.name}@${corpus.madeAt}`) // two corpora of one name, made apart, keep theirs apart
    this.search = new SearchPanel(api, {
      show: (documentId, match) => this.showOccurrence(documentId, match),
      focusDocument: () => this.session?.view.focus(),
      clearMatch: () => this.session?.clearMatch(),
      // The results are in the left column: folded away, it is shown over the text while they are.
      shown: () => this.columns.open('left', false),
      failed: (message) => this.fail(message),
    })
    this.help = h(
      'dialog',
      { class: 'help', 'aria-label': 'Keyboard reference' },
      h('h2', {}, 'Keyboard'),
      h('table', {}, ...KEYBOARD_REFERENCE.map((k) => h('tr', {}, h('th', {}, k.keys), h('td', {}, k.action)))),
      h('p', {}, h('button', { type: 'button', onclick: () => this.help.close() }, 'Close')),
    )
    const searchBox = h('div', { class: 'search' }, this.search.box)
    this.columns = columns(h('div', { class: 'left-column' }, this.search.results, this.documents.element), this.pane, this.panel.element, [searchBox])
    const header = h(
      'header',
      {},
      this.columns.toggles.left,
      h('span', { class: 'corpus-name', title: corpus.readOnly === null ? corpus.name : `${corpus.name} is read-only: ${corpus.readOnly}` }, corpus.name),
      corpus.readOnly === null ? null : h('span', { class: 'read-only-badge', title: corpus.readOnly }, 'read-only'),
      searchBox,
      this.analyst.element,
      h('button', { type: 'button', class: 'agreement-button', title: 'How far the analysts agree, and where they differ', onclick: () => void this.agreement.open() }, 'Agreement'),
      this.snapIndicator,
      themeSwitch(),
      options.downloadExport === undefined
        ? null
        : h(
            'button',
            {
              type: 'button',
              class: 'export-button',
              title: 'Download the corpus as JSONL (one document per line, code point offsets)',
              onclick: () => void options.downloadExport?.().catch((error: unknown) => this.fail(`the export could not be downloaded: ${(error as Error).message}`)),
            },
            'Export JSONL',
          ),
      this.columns.toggles.right,
      h('button', { type: 'button', class: 'help-button', 'aria-label': 'Keyboard reference', onclick: () => this.toggleHelp() }, '?'),
    )
    const readOnlyNotice =
      corpus.readOnly === null
        ? null
        : h(
            'div',
            { class: 'read-only-notice', role: 'status' },
            `This corpus is read-only: ${corpus.readOnly}. You can read, search and export it; to annotate, save a copy and open that`,
            options.downloadCopy === undefined
              ? ' (File › Save a Copy…).'
              : h(
                  'button',
                  {
                    type: 'button',
                    onclick: () => void options.downloadCopy?.().catch((error: unknown) => this.fail(`the copy could not be downloaded: ${(error as Error).message}`)),
                  },
                  'Save a Copy',
                ),
          )
    root.replaceChildren(
      header,
      readOnlyNotice ?? '',
      this.banner.element,
      this.columns.element,
      this.help,
      this.agreement.element,
    )
    document.addEventListener('keydown', (event) => this.globalKey(event))
    this.showSnapping()
  }

  /**
   * Loads the document list, opens the first document, and starts watching for what other programs write.
   * `fetched` is the document the address names, if the page started fetching it before the app was made;
   * `readAt` the corpus's version asked before anything was read, so that what changes meanwhile is seen.
   */
  async start(fetched?: Promise<DocumentView | null>, readAt?: Promise<number | null>): Promise<void> {
    // A link followed while the page starts is followed too: listened for before anything is awaited.
    window.addEventListener('hashchange', () => void this.followAddress())
    // The list and the remembered document load side by side: a long document should not wait for the list.
    const listed = this.documents.reload()
    const asked = this.openRequests
    const prefetched = await fetched
    // A document clicked or linked while the addressed one was on its way is the one to show.
    const opened = this.openRequests !== asked || (await this.openRememberedDocument(prefetched))
    await listed
    if (!opened) {
      const addressed = documentInAddress()
      await this.openFirstDocument()
      if (addressed !== null) this.fail(`This corpus has no document "${addressed}": the first document is open instead.`, 'info') // after the opening, which clears notices
    }
    watchCorpus(this.api, () => this.corpusChanged(), {
      since: (await readAt) ?? null,
      onReach: (problem) => this.banner.serverReached(problem),
      onAnalyst: (name) => this.analystChangedElsewhere(name),
      onMovedAway: (movedAway) => this.banner.corpusFileMoved(movedAway),
    })
    let saving: ReturnType<typeof setTimeout> | undefined
    this.pane.addEventListener('scroll', () => {
      clearTimeout(saving)
      saving = setTimeout(() => this.rememberPlace(), 250)
    })
  }

  /**
   * Opens the document the address names (`#doc=<id>`), or else the one open last time in this corpus,
   * scrolled as it was; false if there is none (or it is no longer in the corpus).
   */
  private async openRememberedDocument(fetched?: DocumentView | null): Promise<boolean> {
    const id = documentInAddress() ?? this.place.lastDocument
    if (id === null) return false
    if (id === this.session?.document.id) {
      this.openRequests++ // it is shown already: a document still on its way no longer replaces it
      return true
    }
    if (fetched?.id === id) {
      await this.openDocument(fetched.rowId, {}, fetched) // scrolled where it was left, as every document opens
      return true
    }
    const asked = this.openRequests
    const rowId = await this.api.findDocument({ id }).catch(() => null)
    if (this.openRequests !== asked) return true // another document was asked for meanwhile: it wins
    if (rowId === null) return false
    await this.openDocument(rowId)
    return true
  }

  /** Opens the document a changed address names; one this corpus does not have is said so, and the address put back. */
  private async followAddress(): Promise<void> {
    const id = documentInAddress()
    if (id === null || (await this.openRememberedDocument())) return
    if (this.session !== null) putDocumentInAddress(this.session.document.id)
    this.fail(`This corpus has no document "${id}": the address names the open document again.`, 'info')
  }

  /** Notes the open document and its scroll position, for a reload or the next run. */
  private rememberPlace(): void {
    if (this.session !== null) this.place.remember(this.session.document.id, this.pane.scrollTop)
  }

  /** Puts the caret at the text at the top of the view, so that Tab and Shift+arrows go on from there, not from the top of the text. */
  private caretWhereViewIs(): void {
    const editor = this.editorView
    if (editor === null) return
    const found = editor.posAtCoords({ left: editor.dom.getBoundingClientRect().left + 1, top: this.pane.getBoundingClientRect().top + SCROLL_MARGIN.top })
    // Between paragraphs (a placeholder's edge), the nearest place in text.
    if (found !== null) editor.dispatch(editor.state.tr.setSelection(Selection.near(editor.state.doc.resolve(found.pos))))
  }

  /** True while the keys go to a field or control outside the document's text (a note, the search box, a button). */
  private keysOutsideText(): boolean {
    const active = document.activeElement
    return active instanceof HTMLElement && active !== document.body && !this.editorMount.contains(active)
  }

  private async openFirstDocument(focus: OpenOptions['focus'] = true): Promise<void> {
    const asked = this.openRequests
    const first = await this.api.listDocuments({ status: null, annotator: null, afterId: 0, limit: 1 })
    if (this.openRequests !== asked || this.session !== null) return // a document was opened or asked for meanwhile
    if (first.length > 0) await this.openDocument(first[0].id, { focus })
    else {
      // The browser edition (which offers downloads) has no File menu: only the command line imports there.
      const how = this.options.downloadExport === undefined ? 'File › Import Documents, or marginalia import CORPUS FILE' : 'marginalia import CORPUS FILE'
      this.title.textContent = `This corpus has no documents yet. Import some with ${how}: they appear here as soon as they are written.`
      this.title.title = ''
      this.title.classList.add('no-documents') // said in full, over several lines if need be
    }
  }

  /**
   * Shows what another program wrote: new labels (drawn and bound at once), the document list, and the open
   * document, whose selection, scroll position and undo history are kept. A document replaced by an import
   * is followed to its new version; one removed is said to be gone. The undo history of the documents left
   * is forgotten: one of them may have been replaced, its new version under the same row id, where its old
   * steps would change the wrong annotations.
   */
  private async corpusChanged(): Promise<void> {
    this.neighbours.forget()
    this.history.forgetAllBut(this.session?.document.rowId ?? null)
    const asked = this.openRequests
    const summary = await this.api.corpus({})
    const relabelled = listsDiffer(summary.labels, this.corpus.labels)
    const newAnalysts = listsDiffer(summary.annotators, this.corpus.annotators)
    this.corpus = summary
    if (relabelled) this.panel.setCorpus(summary.labels, summary.annotators)
    else if (newAnalysts) this.panel.setAnalysts(summary.annotators)
    if (newAnalysts) this.documents.setAnalysts(summary.annotators)
    await this.documents.refresh()
    // A document asked for meanwhile (a click, a link) is opening: what changed is read when it arrives.
    if (this.openRequests !== asked) return
    const session = this.session
    // What another program did is shown without taking the keys from where the analyst is typing (a note, the
    // search box): only keys that were in the text (or lost with what was drawn anew) go to the new version's text.
    const focus = 'unless-typing'
    if (session === null) return this.openFirstDocument(focus)
    const { id, rowId, title } = session.document
    const now = await this.api.findDocument({ id })
    if (this.openRequests !== asked || this.session !== session) return
    if (now === null) {
      this.history.forget(rowId)
      this.session?.destroy()
      this.session = null
      this.editorView = null
      await this.openFirstDocument(focus)
      this.fail(`"${title}" was removed from the corpus by another program.`, 'info') // after the opening, which clears notices
    } else if (now !== rowId || !(await session.refreshFromCorpus())) {
      this.history.forget(rowId) // its undo steps were about the old version
      await this.openDocument(now, { focus })
      this.fail(`"${title}" was replaced by another program: this is its new version.`, 'info')
    } else if (relabelled) {
      // Drawn again with the new labels: the same place, the same span selected, the focus left where it is.
      await this.openDocument(rowId, { scrollTop: this.pane.scrollTop, selected: session.state.selected, focus: false })
    }
    if (this.session !== null) this.neighbours.readAround(this.session.document.rowId, this.stepsAhead()) // again, as they are now
  }

  /** Offers `name` in the analyst filters once they have written something (the corpus lists them from then on). */
  private offerAnalyst(name: string): void {
    if (this.corpus.annotators.includes(name)) return
    const annotators = [...this.corpus.annotators, name].sort((a, b) => a.localeCompare(b))
    this.corpus = { ...this.corpus, annotators }
    this.panel.setAnalysts(annotators)
    this.documents.setAnalysts(annotators)
  }

  private host(): SessionHost {
    return {
      api: this.sessionApi.api,
      answered: this.sessionApi.answered,
      writing: (on) => {
        this.slowWrites.writing(on)
        // The text is being updated while a write is under way (for assistive technology, and for tests to wait on).
        this.editorMount.setAttribute('aria-busy', String(this.slowWrites.underWay))
      },
      labels: this.corpus.labels,
      annotator: () => this.analyst.name,
      readOnly: this.corpus.readOnly,
      history: this.history,
      snapping: () => this.snapping,
      changed: (session) => this.changed(session),
      failed: (message, kind) => this.fail(message, kind),
      saved: () => {
        this.banner.outOfDate()
        this.offerAnalyst(this.analyst.name)
      },
      navigate: (direction, after) => void this.navigate(direction, after),
      toggleHelp: () => this.toggleHelp(),
      focusSearch: () => this.search.focus(),
      editNote: () => {
        const session = this.session
        if (session === null || session.state.selected === null) return
        // Another analyst's note is theirs, said so; its box takes the keys all the same, shown but not editable, so
        // that a note typed on after Alt+M goes nowhere rather than to the text as keys (a digit in it tagged).
        if (!session.mayChangeSelected('writing its note', true)) this.banner.noticeUntilBackInText()
        this.columns.open('right', false) // a side panel folded away (a narrow window) is shown, its note box taking the focus
        this.panel.editNote()
      },
      chooseAttributes: () => {
        const session = this.session
        if (session === null || !session.mayChangeSelected('choosing its attributes')) return
        this.columns.open('right', false)
        if (this.panel.chooseAttributes()) return
        const span = session.state.selected === null ? undefined : session.state.spans.get(session.state.selected)
        if (span !== undefined) session.say(`${span.label} declares no attributes to choose (marginalia labels CORPUS --define FILE adds them: docs/corpus-format.md, the label set); Alt+M writes a note.`)
      },
      toggleSnapping: () => {
        this.snapping = !this.snapping
        this.showSnapping()
      },
    }
  }

  /**
   * Opens a document (waiting for the open one's pending writes first), showing `match` if given, or scrolled
   * to `scrollTop`, or else where it was left when last open (kept per document); the editor takes the focus unless
   * `focus` is false (stepping through search results keeps it in the search box). `fetched` is the document
   * as read already (or on its way): fetched while the page started, or read ahead as a neighbour of the one open.
   */
  openDocument(documentId: number, options: OpenOptions = {}, fetched?: DocumentView | Promise<DocumentView | undefined>): Promise<void> {
    const opening = this.open(documentId, options, fetched)
    this.opening = opening
    return opening
  }

  /** Waits until the document last asked to open is shown (or could not be). */
  private async opened(): Promise<void> {
    let opening: Promise<void>
    do {
      opening = this.opening
      await opening
    } while (opening !== this.opening)
  }

  private async open(documentId: number, options: OpenOptions, fetched?: DocumentView | Promise<DocumentView | undefined>): Promise<void> {
    const request = ++this.openRequests
    this.wanted = documentId
    let readIn = this.neighbours.generation
    try {
      await this.session?.settled()
      if (request !== this.openRequests) return // another was asked for while this one waited: it is not read at all
      if (this.askedBeforeSilence(options.asked)) {
        this.wanted = this.session?.document.rowId ?? null
        return this.leftUndone('The document asked for')
      }
      const early = await fetched
      let document = early?.rowId === documentId ? early : await readDocument(this.api, documentId)
      // What was done in the open document while this one was on its way is written before it is left, so
      // that nothing reads it (ahead, as a neighbour) half written.
      while (this.session?.busy) await this.session.settled()
      // Read again if another program changed the corpus meanwhile: the watch, which saw it, does not re-read a
      // document still on its way (nor a copy read ahead before).
      for (let tries = 0; this.neighbours.generation !== readIn && tries < 3; tries++) {
        readIn = this.neighbours.generation
        document = await readDocument(this.api, documentId)
      }
      // A document asked for later (a click, a link, the next document) wins, whichever answer comes first.
      if (request !== this.openRequests) return
      // Every change to the page first, then what reads its layout (scrolling), so that the new text is laid
      // out once, not once per read: each layout of an ordinary article takes 10-20 ms here.
      this.rememberPlace() // the place in the document left, also when it is left before the pause after scrolling notes it
      this.pane.scrollTop = 0 // while the old text is still laid out, so this forces no layout
      const left = this.session
      // Another document's spans and relations are listed from the top, not as far down as the last one's were.
      if (left?.document.rowId !== documentId && this.panel.element.scrollTop !== 0) this.panel.element.scrollTop = 0
      // A curator stepping through documents stays in curation mode; a page reloaded while curating comes back to it.
      const curating = left === null ? curatingInAddress() : left.state.curating
      const focusText = options.focus === 'unless-typing' ? !this.keysOutsideText() : options.focus !== false // before the old text goes, with its focus
      left?.destroy()
      // Left as it was read (nothing written, nothing read back): stepping back to it needs no read.
      const kept = this.openedAs
      if (left?.unchangedSinceOpened && kept?.document.rowId === left.document.rowId && kept.generation === this.neighbours.generation && left.document.rowId !== documentId) {
        this.neighbours.keep(kept.document)
      }
      this.neighbours.readAround(documentId, this.stepsAhead()) // first: any copy of it read ahead is dropped now
      this.session = new DocumentSession(document, document, this.host(), this.mountEditor(document.title, document.text))
      this.openedAs = { document, generation: readIn }
      if (this.shownAnalyst !== null) this.session.showAnalyst(this.shownAnalyst)
      if (curating) void this.session.curation.toggle()
      this.title.textContent = document.title
      this.title.title = document.title
      this.title.classList.remove('no-documents')
      putDocumentInAddress(document.id)
      this.banner.clearNotice() // a notice about the document left behind
      this.documents.markCurrent(documentId)
      this.changed(this.session)
      // Where it was left (kept per document, as for a reload), unless the open asks for a place of its own.
      const scrollTop = options.scrollTop ?? this.place.scrollOf(document.id)
      if (options.match !== undefined) this.session.showMatch(options.match)
      else if (scrollTop > 0) {
        this.pane.scrollTop = scrollTop
        this.caretWhereViewIs()
      }
      this.documents.revealCurrent()
      if (options.selected != null && this.session.state.spans.has(options.selected)) this.session.selectSpan(options.selected)
      if (focusText) this.session.view.focus()
      this.rememberPlace()
      const notesKept = this.panel.keptNotesOf(documentId, this.session.state.spans) // notes an earlier page could not save
      if (notesKept !== null) this.fail(notesKept, 'info')
    } catch (error) {
      if (request !== this.openRequests) return
      this.wanted = this.session?.document.rowId ?? null
      this.fail(`the document could not be opened: ${(error as Error).message}`)
    }
  }

  /**
   * Makes the ProseMirror view of a document in the editor pane; an empty text, or one of white space only, says
   * so rather than showing a blank pane.
   */
  private mountEditor(title: string, text: string): MountEditor {
    const kind = text === '' ? ' empty-text' : /^\s*$/u.test(text) ? ' blank-text' : ''
    return (props) => {
      this.editorView = new EditorView(this.editorMount, {
        ...props,
        // What is scrolled to (Tab, undo, Ctrl+End) comes a few lines inside the view, not to its very edge,
        // so a span that wraps is seen whole and an arc's label above it has room.
        scrollThreshold: SCROLL_MARGIN,
        scrollMargin: SCROLL_MARGIN,
        attributes: { 'aria-label': `Text of ${title}`, spellcheck: 'false', class: `document-text${kind}` },
      })
      return this.editorView
    }
  }

  private changed(session: DocumentSession): void {
    if (session !== this.session) return
    // Curating in a narrow window: the side panel's list of versions, folded away, is shown beside the keys' work.
    if (session.state.curating && !this.shownCurating) this.columns.open('right', false)
    this.shownCurating = session.state.curating
    putCuratingInAddress(session.state.curating)
    this.panel.render(session)
    this.renderStatus(session)
    this.relationStatus.render(session)
    // A link begun says what to do next: a notice of a key that did nothing before it is out of date.
    if (this.linkStatus.render(session)) this.banner.clearNotice()
    this.documents.update(session.document.rowId, session.state.status, session.state.spans.values())
  }

  private renderStatus(session: DocumentSession): void {
    const { status, curating } = session.state
    // Redrawn only when the status changes: touching what sits above a long text makes the browser lay it out again.
    const key = `${session.document.rowId}:${status}:${curating}`
    if (this.statusBar.dataset.for === key) return
    this.statusBar.dataset.for = key
    // The bar is drawn anew with the change, and the button clicked with it: the keys go back to the text (Tab to the
    // next span), as after Next ›, not to the page.
    const keysToText = (change: Promise<void>): void => {
      session.view.focus()
      void change
    }
    const button = (to: DocumentStatus, text: string, key: string) =>
      h('button', { type: 'button', 'aria-pressed': status === to ? 'true' : 'false', title: `${key}: ${SHARED_STATUS}`, onclick: () => keysToText(session.setStatus(to)) }, text)
    this.statusBar.replaceChildren(
      h('span', { class: `status status-${status}`, 'data-status': status, title: `The document is ${status}: ${SHARED_STATUS}` }, status),
      button('done', 'Done', 'Alt+D'),
      button('skipped', 'Skip', 'Alt+S'),
      button('todo', 'To do', 'Alt+T'),
      h('button', { type: 'button', title: 'Alt+P', onclick: () => void this.navigate('previous') }, '‹ Previous'),
      h('button', { type: 'button', title: 'Alt+N', onclick: () => void this.navigate('next') }, 'Next ›'),
      h(
        'button',
        { type: 'button', class: 'curate', title: 'Alt+C: step through where the analysts differ and settle it', 'aria-pressed': curating ? 'true' : 'false', onclick: () => keysToText(session.curation.toggle()) },
        'Curate',
      ),
      this.relationStatus.element,
    )
  }

  /**
   * The name edits are recorded under, as the corpus's server has it: one per server, so another tab of the
   * browser edition may have changed it. Shown at once, and said, so that nobody tags under a name they did not see.
   */
  private analystChangedElsewhere(name: string): void {
    if (name === this.analyst.name) return
    this.analyst.takeFromElsewhere(name)
    this.session?.analystChanged(name)
    this.fail(`Your edits are now recorded as ${name}: the name was changed in another tab, and the browser edition has one name for all its tabs.`, 'info')
  }

  /** Opens a document in curation mode (from the Agreement view). */
  private async curate(documentId: number): Promise<void> {
    await this.openDocument(documentId, { asked: this.askedNow() })
    const session = this.session
    if (session === null || session.document.rowId !== documentId) return
    await session.settled() // curation mode carried over from the document left is switched on in the queue: it is on once that has run
    if (this.session === session && !session.state.curating) await session.curation.toggle()
  }

  /** Where the writes under way stand now, for a move to another document asked for now. */
  private askedNow(): AskedAt {
    return { silences: this.slowWrites.silences, silent: this.slowWrites.silent }
  }

  /**
   * True if a move asked for at `asked` was asked while the server was not answering, or before it stopped answering:
   * made now, when it has answered, it would take the analyst to another document long after, unasked.
   */
  private askedBeforeSilence(asked: AskedAt | undefined): boolean {
    return asked !== undefined && (asked.silent || this.slowWrites.silences !== asked.silences)
  }

  /** Says that a move to `what` was not made (see `askedBeforeSilence`). */
  private leftUndone(what: string): void {
    this.fail(`${what} was not opened: it was asked for while the Marginalia server was not answering, which it has done only now. Ask again to open it.`, 'info')
  }

  private navigate(direction: 'next' | 'previous', after?: 'done'): Promise<void> {
    const asked = this.askedNow()
    const step = this.navigation.then(() => this.step(direction, after, asked))
    this.navigation = step.catch(() => undefined)
    return step
  }

  /**
   * Opens the next or previous document from the one last asked for (so that presses in a row each step one
   * further, though the document before is still on its way); the open is not waited for.
   */
  private async step(direction: 'next' | 'previous', after: 'done' | undefined, asked: AskedAt): Promise<void> {
    if (after === 'done' && !(await this.markShownDone())) return
    const session = this.session
    if (session === null) return
    await session.settled()
    if (this.askedBeforeSilence(asked)) return this.leftUndone(`The ${direction} document`)
    const status = after === 'done' ? 'todo' : this.documents.status
    const annotator = this.documents.annotator
    try {
      const neighbour = await this.neighbours.neighbour(this.wanted ?? session.document.rowId, { direction, status, annotator })
      if (neighbour !== null) return void this.openDocument(neighbour.rowId, { asked }, neighbour.readAhead)
      // Done with the last of the list: the next document to do is the first one left, higher up.
      const target = after === 'done' ? ((await this.api.listDocuments({ status: 'todo', annotator, afterId: 0, limit: 1 }))[0]?.id ?? null) : null
      const filters = [status === null || after === 'done' ? null : status, annotator === null ? null : `${annotator}’s work`].filter((part) => part !== null)
      const among = filters.length === 0 ? '' : ` among the documents the list shows (${filters.join(', ')})`
      // Rows that no longer fit the filter stay in the list, marked, until it is read again: Alt+N and Alt+P pass them by.
      const passed = after !== 'done' && status !== null && this.documents.showsOthersThan(status) ? ` The rows marked otherwise stay in the list until it is read again; Alt+N and Alt+P pass them by (click one to open it).` : ''
      if (target === null) this.fail(after === 'done' ? `Every document${among} is done or skipped: nothing left to do.` : `There is no ${direction} document${among}.${passed}`, 'info')
      else void this.openDocument(target, { asked })
    } catch (error) {
      this.fail(`the ${direction} document could not be found: ${(error as Error).message}`)
    }
  }

  /**
   * Ctrl+Enter's first half, in its turn among the steps: the document last asked for is marked done once it
   * is shown (pressed twice at typing speed, the second is for the document the first leads to). False if it
   * could not be (the failure is shown): the step is not taken.
   */
  private async markShownDone(): Promise<boolean> {
    await this.opened()
    const session = this.session
    if (session === null) return false
    await session.setStatus('done')
    return this.session === session && session.state.status === 'done'
  }

  /** The steps read ahead from the open document: either way through the list as filtered, and on to the next to do (Ctrl+Enter). */
  private stepsAhead(): Step[] {
    const { status, annotator } = this.documents
    const steps: Step[] = [
      { direction: 'next', status, annotator },
      { direction: 'previous', status, annotator },
    ]
    if (status !== 'todo') steps.push({ direction: 'next', status: 'todo', annotator })
    return steps
  }

  /** Shows a search occurrence (opening its document if need be), leaving the focus where it is. */
  private async showOccurrence(documentId: number, match: SearchMatch | null): Promise<void> {
    if (this.session?.document.rowId !== documentId) await this.openDocument(documentId, { match: match ?? undefined, focus: false, asked: this.askedNow() })
    else if (match !== null) this.session.showMatch(match)
    // Found in a span's note: that span is selected, so that Alt+M goes to the note (the text shows no note).
    if (match?.spanId !== undefined && this.session?.document.rowId === documentId) this.session.selectSpanFoundInNote(match.spanId)
    // In a narrow window the results are a drawer over the text: a hit under it is not left hidden there. The drawer
    // goes (the search box keeps the keys; a change of the query shows the results again).
    if (!this.columns.isDrawerOpen('left')) return // beside the text: no frame waited for on each step
    await new Promise((drawn) => requestAnimationFrame(drawn)) // a long document draws the hit's paragraph at its frame
    const hit = this.editorMount.querySelector('.search-match')
    if (hit !== null && this.columns.covers('left', hit.getClientRects())) this.columns.close('left')
  }

  private toggleHelp(): void {
    if (this.help.open) this.help.close()
    else {
      this.help.showModal()
      this.help.scrollTop = 0 // showModal scrolls to the button it focuses, at the end: the reference reads from its top
    }
  }

  private showSnapping(): void {
    this.snapIndicator.textContent = this.snapping ? 'snap to words: on' : 'snap to words: off'
    this.snapIndicator.title = 'Alt+W switches word snapping'
  }

  /**
   * Keys pressed while the focus is outside the text (after a click in the side panel or the document list):
   * `?` and `/`, and every key that acts on the document, handed to the editor as if it had the focus. Text
   * fields, lists to choose from and open dialogs keep their keys; a focused button keeps Enter, Space and Tab.
   */
  private globalKey(event: KeyboardEvent): void {
    if (event.key === 'F6' && !event.altKey && !event.ctrlKey && !event.metaKey && !event.defaultPrevented) {
      event.preventDefault()
      return this.focusNextRegion(event.shiftKey ? -1 : 1)
    }
    const view = this.editorView
    if (event.defaultPrevented || view === null || view.hasFocus() || keepsItsKeys(event)) return
    if (event.key === EDITOR_KEYS.help) {
      event.preventDefault()
      this.toggleHelp()
    } else if (event.key === EDITOR_KEYS.search) {
      event.preventDefault()
      this.search.focus()
    } else if (view.someProp('handleKeyDown', (handle) => handle(view, event))) event.preventDefault()
  }

  /**
   * F6 and Shift+F6: the keys go to the next or previous part of the page, the text, the side panel and the
   * document list in turn (in the text, Tab steps through spans; elsewhere it steps through what can be used).
   * Each part is entered at its selected or current item, else its first.
   */
  private focusNextRegion(step: 1 | -1): void {
    const text = this.editorView?.dom ?? null
    const regions: HTMLElement[] = [this.pane, this.panel.element, this.documents.element].filter((region) => region.isConnected && region.offsetParent !== null)
    const active = document.activeElement
    const at = regions.findIndex((region) => active !== null && region.contains(active))
    const next = regions[(at < 0 ? 0 : at + step + regions.length) % regions.length]
    if (next === this.pane) {
      if (text !== null) this.session?.view.focus()
      return
    }
    const usable = 'button:not([disabled]), select:not([disabled]), textarea, input:not([disabled]), [tabindex]:not([tabindex="-1"])'
    const wanted = next.querySelector<HTMLElement>('[aria-current] button') ?? next.querySelector<HTMLElement>(usable)
    wanted?.focus()
  }

  /** Shows a message in the banner: a failure (the default), a notice, or a wait under way (`Banner.show`). */
  fail(message: string, kind: BannerKind = 'error'): void {
    this.banner.show(message, kind)
  }
}

/** Pixels kept between what the editor scrolls to and the edges of the view. */
const SCROLL_MARGIN = { top: 48, bottom: 96, left: 8, right: 8 }

/** True if the element with the focus needs `event`'s key itself: typing, choosing, a dialog, or a button's own keys. */
function keepsItsKeys(event: KeyboardEvent): boolean {
  const target = event.target
  if (document.querySelector('dialog[open]') !== null) return true
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true
  if (target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type)) return true
  if (target instanceof HTMLElement && target.isContentEditable) return true
  if (event.key === 'Home' || event.key === 'End') return true // they scroll whatever has the focus (a list, the panel)
  const control = target instanceof HTMLButtonElement || target instanceof HTMLAnchorElement || target instanceof HTMLInputElement
  return event.key === 'Tab' || (control && (event.key === 'Enter' || event.key === ' '))
}
