/**
 * Search: results as one types (debounced), each document with how many times the query occurs and every
 * occurrence shown in its context; opening an occurrence shows exactly that one, and Enter / Shift+Enter in
 * the search box step through them all, document after document.
 */
import type { MarginaliaApi, SearchAnswer, SearchResult } from '../../shared/api'
import { RANKED_AT_MOST } from '../../shared/contract-values'
import { plural } from '../../shared/text'
import { h } from './dom'

/** How long typing must pause before the search runs. */
const DEBOUNCE_MS = 200
/** How many documents one search lists. */
const DOCUMENTS_LISTED = 50

/** Where an occurrence is: code point offsets in the text, and the span whose note holds it, if it is in a note. */
export interface SearchMatch {
  start: number
  end: number
  spanId?: number
}

/** One occurrence, as stepped through; or (`more`) the row of a document's occurrences not listed yet. */
interface Hit {
  documentId: number
  match: SearchMatch | null
  element: HTMLElement
  more?: true
}

/** What the panel asks the application to do. */
export interface SearchActions {
  /**
   * Shows an occurrence (or, with null, the document), leaving the focus where it is; one found in a span's note
   * (`spanId`) selects that span, its note to hand (Alt+M).
   */
  show(documentId: number, match: SearchMatch | null): Promise<void>
  /** Gives the focus back to the document. */
  focusDocument(): void
  /** Takes the highlight of an earlier occurrence off the text (a search that matches nothing). */
  clearMatch(): void
  /** The results have just been shown (the column they are in may have to be). */
  shown?(): void
  failed(message: string): void
}

/** The search box in the header and its results, shown in the left column while a search is open. */
export class SearchPanel {
  readonly box: HTMLInputElement
  readonly results: HTMLElement
  private readonly summary = h('p', { class: 'search-summary', 'aria-live': 'polite' })
  private readonly list = h('ol', { class: 'search-results', 'aria-label': 'Search results' })
  private hits: Hit[] = []
  private current = -1
  /** The Enters pressed so far, stepped through one after another. */
  private enters: Promise<void> = Promise.resolve()
  /** The answer shown (with the documents whose every occurrence has since been listed). */
  private answer: SearchAnswer | null = null
  /** The query the results are for; a newer one makes them stale. */
  private shownQuery = ''
  private asked = 0
  private timer: ReturnType<typeof setTimeout> | undefined

  constructor(
    private readonly api: Pick<MarginaliaApi, 'search' | 'searchOccurrences'>,
    private readonly actions: SearchActions,
  ) {
    this.box = h('input', {
      type: 'search',
      placeholder: 'Search the corpus  ( / )',
      'aria-label': 'Search the corpus',
      title: 'Words (all must occur), "a phrase" in quotes, word* for words starting so, Smith OR Macron for either, Putin NOT Kim or Putin -Kim to leave Kim out; Enter and Shift+Enter go through the occurrences',
      oninput: () => this.typed(),
      onkeydown: (event: Event) => void this.key(event as KeyboardEvent),
    })
    this.results = h(
      'section',
      { class: 'search-panel', hidden: true, 'aria-label': 'Search' },
      h('div', { class: 'search-head' }, this.summary, h('button', { type: 'button', class: 'close-search', 'aria-label': 'Close the search', onclick: () => this.close() }, '×')),
      this.list,
    )
  }

  /** True while results are shown. */
  get open(): boolean {
    return !this.results.hidden
  }

  /** Puts the focus in the box, showing the last results again. */
  focus(): void {
    this.box.focus()
    this.box.select()
    if (this.shownQuery !== '') this.showResults()
  }

  private showResults(): void {
    this.results.hidden = false
    this.actions.shown?.()
  }

  /** Hides the results and gives the focus back to the document. */
  close(): void {
    this.results.hidden = true
    this.actions.focusDocument()
  }

  private typed(): void {
    clearTimeout(this.timer)
    this.timer = setTimeout(() => void this.run(), DEBOUNCE_MS)
  }

  private async key(event: KeyboardEvent): Promise<void> {
    if (event.key === 'Escape') {
      event.preventDefault()
      this.close()
    } else if (event.key === 'Enter') {
      event.preventDefault()
      clearTimeout(this.timer)
      const direction = event.shiftKey ? -1 : 1
      // One step per Enter, each from where the one before it landed: pressed while a step is still on its way (a
      // document's further occurrences listed, another document opened), it waits its turn instead of being lost.
      this.enters = this.enters
        .then(async () => {
          if (this.box.value.trim() !== this.shownQuery) await this.run()
          await this.step(direction)
        })
        .catch((error: unknown) => this.actions.failed(`search failed: ${(error as Error).message}`))
      await this.enters
    }
  }

  /** Runs the search for what the box holds now; a slower answer to an older query is dropped. */
  private async run(): Promise<void> {
    const query = this.box.value.trim()
    const asked = ++this.asked
    if (query === '') {
      this.clear()
      return
    }
    try {
      const answer = await this.api.search({ query, limit: DOCUMENTS_LISTED })
      if (asked !== this.asked) return
      this.draw(query, answer)
    } catch (error) {
      if (asked === this.asked) this.actions.failed(`search failed: ${(error as Error).message}`)
    }
  }

  /** Forgets the results shown (a box cleared, or left with only spaces): no summary, no list, no highlight. */
  private clear(): void {
    this.shownQuery = ''
    this.answer = null
    this.hits = []
    this.current = -1
    this.summary.textContent = ''
    this.list.replaceChildren()
    this.results.hidden = true
    this.actions.clearMatch()
  }

  private draw(query: string, answer: SearchAnswer): void {
    const results = answer.documents
    this.shownQuery = query
    this.answer = answer
    this.hits = []
    this.current = -1
    // A query that only leaves terms out (`NOT Kim`, `-Kim`) lists the documents without them, with nothing in them to mark.
    const onlyExcluding = answer.onlyExcluding
    this.summary.textContent = results.length === 0 ? `Nothing matches ${query}` : summaryOf(answer)
    this.list.replaceChildren(...results.map((result) => this.drawResult(result, onlyExcluding)))
    this.showResults()
    this.actions.clearMatch() // no occurrence of an earlier query left highlighted as if it matched this one
  }

  private drawResult(result: SearchResult, onlyExcluding: boolean): HTMLElement {
    const hitButton = (match: Hit['match'], ...content: (string | HTMLElement)[]): HTMLElement => {
      const hit: Hit = { documentId: result.documentId, match, element: h('span') }
      const index = this.hits.push(hit) - 1
      hit.element = h('button', { type: 'button', class: 'search-hit', onclick: () => void this.go(index, true) }, ...content)
      return hit.element
    }
    const listed = result.occurrences.length
    const firstHit = this.hits.length // every result gets at least one hit below: its title opens the first
    return h(
      'li',
      { class: 'search-document', 'data-document-id': result.documentId },
      h(
        'div',
        { class: 'search-document-head' },
        h('button', { type: 'button', class: 'title', title: `${result.title}: open its first match`, onclick: () => void this.go(firstHit, true) }, result.title),
        h('span', { class: 'count', title: `${plural(result.count, 'match')} in the text` }, onlyExcluding ? '' : result.count === 0 ? 'title' : String(result.count)),
      ),
      result.count === 0
        ? hitButton(null, onlyExcluding ? 'Open the document' : 'Only the title matches: open the document')
        : h(
            'ol',
            { class: 'occurrences' },
            ...result.occurrences.map((occurrence) =>
              h(
                'li',
                {},
                occurrence.inNote === undefined
                  ? hitButton({ start: occurrence.start, end: occurrence.end }, occurrence.before, h('mark', {}, occurrence.text), occurrence.after)
                  : hitButton(
                      { start: occurrence.start, end: occurrence.end, spanId: occurrence.inNote.spanId },
                      h('span', { class: 'in-note', title: 'Found in the note on this span' }, `✎ “${occurrence.text}”: `),
                      occurrence.inNote.before,
                      h('mark', {}, occurrence.inNote.text),
                      occurrence.inNote.after,
                    ),
              ),
            ),
            listed < result.count ? h('li', { class: 'more' }, this.moreButton(result.documentId, result.count - listed)) : null,
          ),
    )
  }

  /** The row after a document's listed occurrences: stepping onto it, or a click, lists the rest and goes on to them. */
  private moreButton(documentId: number, notListed: number): HTMLElement {
    const hit: Hit = { documentId, match: null, element: h('span'), more: true }
    const index = this.hits.push(hit) - 1
    hit.element = h('button', { type: 'button', class: 'search-more', onclick: () => void this.go(index, true) }, `and ${plural(notListed, 'more match')}: list them all`)
    return hit.element
  }

  /** Shows the next (1) or previous (-1) occurrence, wrapping around. */
  private async step(direction: 1 | -1): Promise<void> {
    if (this.hits.length === 0) return
    const next = this.current === -1 ? (direction === 1 ? 0 : this.hits.length - 1) : (this.current + direction + this.hits.length) % this.hits.length
    await this.go(next, false, direction)
  }

  /**
   * Lists every occurrence of the document of the `more` row at `index`, in place of its first ones; returns the
   * index of the first occurrence newly listed (`direction` 1) or of its last one (-1), or null if it failed.
   */
  private async listAll(index: number, direction: 1 | -1): Promise<number | null> {
    const { documentId } = this.hits[index]
    const query = this.shownQuery
    const answer = this.answer
    const firstOfDocument = this.hits.findIndex((hit) => hit.documentId === documentId)
    try {
      const all = await this.api.searchOccurrences({ query, documentId })
      if (all === null || answer === null || answer !== this.answer || query !== this.shownQuery) return null // gone, or another search since
      const documents = answer.documents.map((result) => (result.documentId === documentId ? all : result))
      const wasListed = index - firstOfDocument
      this.draw(query, { ...answer, documents })
      const last = this.hits.findLastIndex((hit) => hit.documentId === documentId)
      return direction === 1 ? Math.min(firstOfDocument + wasListed, last) : last
    } catch (error) {
      this.actions.failed(`search failed: ${(error as Error).message}`)
      return null
    }
  }

  /** Shows occurrence `index`; from a click the focus then goes to the document, from Enter it stays here. */
  private async go(index: number, fromClick: boolean, direction: 1 | -1 = 1): Promise<void> {
    if (this.hits[index]?.more === true) {
      const listed = await this.listAll(index, direction)
      if (listed === null) return
      index = listed
    }
    this.hits[this.current]?.element.removeAttribute('aria-current')
    this.current = index
    const hit = this.hits[index]
    hit.element.setAttribute('aria-current', 'true')
    hit.element.scrollIntoView({ block: 'nearest' })
    await this.actions.show(hit.documentId, hit.match)
    if (fromClick) this.actions.focusDocument()
  }
}

/**
 * The line above the results: how many matches in how many documents, and in what order they are listed (best
 * first, or in corpus order when too many match to rank or the query is found by reading texts).
 */
export function summaryOf(answer: SearchAnswer): string {
  const listed = answer.documents.length
  const total = answer.documents.reduce((sum, result) => sum + result.count, 0)
  const full = listed === DOCUMENTS_LISTED
  // Documents whose title alone matches hold no match in their text: counted apart, not as documents with matches.
  // They come last in corpus order, so where the page is full it is their list that goes on.
  const titlesAlone = answer.documents.filter((result) => result.count === 0).length
  const first = full ? 'the first ' : ''
  const found =
    titlesAlone === 0
      ? `${plural(total, 'match')} in ${first}${plural(listed, 'document')}`
      : titlesAlone === listed
        ? `${full ? 'The first ' : ''}${plural(listed, 'document')} whose title alone matches`
        : `${plural(total, 'match')} in ${plural(listed - titlesAlone, 'document')}, and ${first}${titlesAlone} whose title alone matches`
  if (answer.tooManyToRank) {
    return `${found}, in corpus order: over ${RANKED_AT_MOST.toLocaleString('en')} documents match, too many to rank best first; add words to narrow`
  }
  if (answer.onlyExcluding) return `${full ? 'The first ' : ''}${plural(listed, 'document')} without what is left out, in corpus order`
  if (answer.order === 'corpus') return `${found}, in corpus order`
  if (answer.unranked > 0 && answer.unranked < listed) return `${found}, best first, then ${answer.unranked} unranked (found by reading texts or notes)`
  return listed - answer.unranked > 1 ? `${found}, best first` : answer.unranked > 1 ? `${found}, in corpus order` : found
}
