/**
 * The document list: status and span count of each document, filtered by status and by analyst (whose
 * documents and spans it then counts), loaded a page at a time, with the progress of the documents shown.
 */
import type { DocumentListItem, MarginaliaApi } from '../../shared/api'
import type { DocumentStatus, ExportedSpan } from '../../shared/corpus-types'
import { DOCUMENT_STATUSES } from '../../shared/contract-values'
import { h } from './dom'
import type { ListFilters } from './place-memory'

const PAGE = 200

/** The list in the left column. */
export class DocumentList {
  readonly element: HTMLElement
  private readonly list: HTMLOListElement
  private readonly more: HTMLButtonElement
  private readonly filter: HTMLSelectElement
  private readonly analystFilter: HTMLSelectElement
  private readonly progress: HTMLElement
  /** Said in place of the rows when the list, as filtered, has none. */
  private readonly empty: HTMLElement
  private readonly items = new Map<number, HTMLLIElement>()
  private lastId = 0
  private current: number | null = null
  /**
   * Counts the readings of the list from its start (a filter chosen, the list read again): the rows of an earlier
   * one still on their way when a later one starts are dropped, not added to the rows of another filter.
   */
  private generation = 0
  /** The document last told of, with the status it had then: a change of status is told apart from an opening. */
  private shown: { documentId: number; status: DocumentStatus } | null = null

  constructor(
    private readonly api: MarginaliaApi,
    private readonly open: (documentId: number) => void,
    private readonly failed: (message: string) => void,
    analysts: readonly string[],
    filters: ListFilters,
    private readonly filtered: (filters: ListFilters) => void,
  ) {
    this.analystFilter = h(
      'select',
      { 'aria-label': 'Show the work of', onchange: () => this.filterChanged() },
      h('option', { value: '' }, 'Everyone’s work'),
      ...analysts.map((name) => h('option', { value: name }, name)),
    )
    this.progress = h('p', { class: 'progress', 'aria-live': 'polite' })
    this.filter = h(
      'select',
      { 'aria-label': 'Show documents', onchange: () => this.filterChanged() },
      h('option', { value: '' }, 'All documents'),
      ...DOCUMENT_STATUSES.map((status) => h('option', { value: status }, status === 'todo' ? 'To do' : status[0].toUpperCase() + status.slice(1))),
    )
    this.filter.value = filters.status !== null && (DOCUMENT_STATUSES as readonly string[]).includes(filters.status) ? filters.status : ''
    this.analystFilter.value = filters.annotator !== null && analysts.includes(filters.annotator) ? filters.annotator : ''
    this.list = h('ol', { class: 'documents', 'aria-label': 'Documents', onkeydown: (event) => this.stepFocus(event as KeyboardEvent) })
    this.empty = h('p', { class: 'list-empty', hidden: true })
    this.more = h('button', { type: 'button', class: 'more', hidden: true, onclick: () => void this.loadMore() }, 'Show more')
    this.element = h(
      'nav',
      { class: 'document-list', 'aria-label': 'Document list' },
      h('div', { class: 'filters' }, this.filter, this.analystFilter),
      this.progress,
      this.list,
      this.empty,
      this.more,
    )
  }

  private filterChanged(): void {
    this.filtered({ status: this.status, annotator: this.annotator })
    void this.reload()
  }

  /** Offers `analysts` in the analyst filter (another program may have added some), keeping the one chosen. */
  setAnalysts(analysts: readonly string[]): void {
    const chosen = this.analystFilter.value
    this.analystFilter.replaceChildren(h('option', { value: '' }, 'Everyone’s work'), ...analysts.map((name) => h('option', { value: name }, name)))
    this.analystFilter.value = analysts.includes(chosen) ? chosen : ''
  }

  /** The analyst whose documents are listed, or null for all. */
  get annotator(): string | null {
    return this.analystFilter.value || null
  }

  /** Shows how far the analysts have got with the documents listed: "12 of 50 done". */
  async showProgress(): Promise<void> {
    try {
      const annotator = this.annotator
      const { documents, documentsByStatus } = await this.api.progress({ annotator })
      if (annotator !== this.annotator) return // another analyst chosen meanwhile: their progress is on its way
      const skipped = documentsByStatus.skipped > 0 ? `, ${documentsByStatus.skipped} skipped` : ''
      this.progress.textContent = `${documentsByStatus.done} of ${documents} done${skipped}`
    } catch (error) {
      this.failed(`the progress could not be read: ${(error as Error).message}`)
    }
  }

  /** The status the list is filtered by, or null for all. */
  get status(): DocumentStatus | null {
    return (this.filter.value || null) as DocumentStatus | null
  }

  /** Reloads the list from the start. */
  async reload(): Promise<void> {
    const generation = ++this.generation
    this.list.replaceChildren()
    this.empty.hidden = true
    this.items.clear()
    this.lastId = 0
    await Promise.all([this.loadMore(generation), this.showProgress()])
  }

  /** Reads again the rows shown (and any new ones after them, up to a page), keeping the scroll position. */
  async refresh(): Promise<void> {
    const generation = ++this.generation
    try {
      const wanted = Math.max(this.items.size, PAGE)
      const rows: DocumentListItem[] = []
      let afterId = 0
      for (;;) {
        const limit = Math.min(1000, wanted - rows.length)
        const page = await this.api.listDocuments({ status: this.status, annotator: this.annotator, afterId, limit })
        rows.push(...page)
        if (page.length < limit || rows.length >= wanted) break
        afterId = page[page.length - 1].id
      }
      if (generation !== this.generation) return // read again, or another filter chosen, meanwhile
      const scroll = this.element.scrollTop
      this.items.clear()
      this.list.replaceChildren(...rows.map((item) => this.render(item)))
      this.lastId = rows.length === 0 ? 0 : rows[rows.length - 1].id
      this.more.hidden = rows.length < wanted
      this.current = this.current === null || this.items.has(this.current) ? this.current : null
      for (const [id, row] of this.items) markRow(row, id === this.current)
      this.element.scrollTop = scroll
      this.sayIfEmpty()
      await this.showProgress()
    } catch (error) {
      this.failed(`the document list could not be read: ${(error as Error).message}`)
    }
  }

  private async loadMore(generation = this.generation): Promise<void> {
    try {
      const page = await this.api.listDocuments({ status: this.status, annotator: this.annotator, afterId: this.lastId, limit: PAGE })
      if (generation !== this.generation) return // the list was read again, or another filter chosen, meanwhile
      for (const item of page) this.list.append(this.render(item))
      if (page.length > 0) this.lastId = page[page.length - 1].id
      this.more.hidden = page.length < PAGE
      this.sayIfEmpty()
      this.markCurrent(this.current)
      this.revealCurrent()
    } catch (error) {
      this.failed(`the document list could not be read: ${(error as Error).message}`)
    }
  }

  /** Says that no document is listed, and which filters leave none, when that is so. */
  private sayIfEmpty(): void {
    this.empty.hidden = this.items.size > 0
    if (this.items.size > 0) return
    const status = { todo: ' left to do', done: ' marked done', skipped: ' skipped' }
    const annotator = this.annotator
    this.empty.textContent = `No documents${this.status === null ? '' : status[this.status]}${annotator === null ? '' : ` with work by ${annotator}`}.`
  }

  private render(item: DocumentListItem): HTMLLIElement {
    const row = h(
      'li',
      { 'data-document-id': item.id, 'data-status': item.status },
      h(
        'button',
        { type: 'button', onclick: () => this.open(item.id) },
        h('span', { class: 'title', title: item.title, dir: 'auto' }, item.title), // an Arabic title shows its start, cut at its end
        h('span', { class: `status status-${item.status}` }, item.status),
        h('span', { class: 'count', title: 'spans' }, String(item.spans)),
      ),
    )
    this.items.set(item.id, row)
    return row
  }

  /**
   * Highlights the open document. One just after the rows read (stepped to with Alt+N from the last of them) is
   * brought in with the next page, so the list keeps up with stepping through it; one further on (found by a
   * search) is not read towards.
   */
  markCurrent(documentId: number | null): void {
    const wasCurrent = this.current
    this.current = documentId
    for (const [id, row] of this.items) markRow(row, id === documentId)
    const stepped = wasCurrent !== null && wasCurrent === this.lastId
    if (documentId !== null && stepped && !this.items.has(documentId) && documentId > this.lastId && !this.more.hidden) void this.loadMore()
  }

  /**
   * ArrowDown and ArrowUp move the focus to the next or the previous row (Enter opens it); from the last row
   * read, ArrowDown reads the next page and moves into it.
   */
  private stepFocus(event: KeyboardEvent): void {
    const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0
    if (step === 0 || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return
    const rows = [...this.list.children]
    const at = rows.findIndex((row) => row.contains(document.activeElement))
    if (at < 0) return
    event.preventDefault() // not the list's scrolling, nor the editor's keys
    const next = rows[at + step]
    if (next !== undefined) return void next.querySelector('button')?.focus()
    if (step < 0 || this.more.hidden) return
    const generation = this.generation
    void this.loadMore().then(() => {
      if (generation === this.generation && rows[at].contains(document.activeElement)) (rows[at].nextElementSibling?.querySelector('button') as HTMLButtonElement | null)?.focus()
    })
  }

  /** True if the list shows a document whose status is no longer `status` (set otherwise since the list was read). */
  showsOthersThan(status: DocumentStatus): boolean {
    return [...this.items.values()].some((row) => row.dataset.status !== status)
  }

  /**
   * Scrolls the open document's row into the list's view. A read of the layout: callers that change the page
   * call it after their last change, so that the page is laid out once rather than once per read.
   */
  revealCurrent(): void {
    if (this.current !== null) this.items.get(this.current)?.scrollIntoView({ block: 'nearest' })
  }

  /**
   * Shows a document's new status and span count, and the progress again when its status changed. A document
   * the list, as filtered, did not show but now would (set to the status shown, or first tagged by the analyst
   * shown) is brought into it; one that no longer fits stays, showing its new status, until the list is read again.
   */
  update(documentId: number, status: DocumentStatus, spans: Iterable<Pick<ExportedSpan, 'annotator'>>): void {
    const row = this.items.get(documentId)
    const statusChanged = this.shown?.documentId === documentId && this.shown.status !== status
    this.shown = { documentId, status }
    if (statusChanged || (row !== undefined && row.dataset.status !== status)) void this.showProgress()
    const annotator = this.annotator
    if (row === undefined) {
      const fits = (this.status === null || this.status === status) && (annotator === null || some(spans, (span) => span.annotator === annotator))
      // (Only where the rows read reach that far: a document further down is listed when they get there.)
      if (fits && (statusChanged || annotator !== null) && (this.more.hidden || documentId < this.lastId)) void this.refresh()
      return
    }
    row.dataset.status = status
    const badge = row.querySelector('.status')
    if (badge !== null) {
      badge.textContent = status
      badge.className = `status status-${status}`
    }
    const count = row.querySelector('.count')
    let counted = 0
    for (const span of spans) if (annotator === null || span.annotator === annotator) counted++
    if (count !== null) count.textContent = String(counted)
  }
}

/** Marks a row as the open document for assistive technology (`aria-current="page"`; an empty value would mean false). */
function markRow(row: HTMLElement, open: boolean): void {
  if (open) row.setAttribute('aria-current', 'page')
  else row.removeAttribute('aria-current')
}

/** True if some item of `items` passes `test`. */
function some<T>(items: Iterable<T>, test: (item: T) => boolean): boolean {
  for (const item of items) if (test(item)) return true
  return false
}
