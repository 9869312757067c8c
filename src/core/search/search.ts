/**
 * Searching a corpus: candidates from SQL, then every occurrence found exactly in each candidate's text, and
 * in the notes analysts left on spans (a hit in a note opens its span).
 */
import { RANKED_AT_MOST, type SearchAnswer, type SearchOccurrence, type SearchResult } from '../../shared/api'
import { OffsetIndex, sliceCodePoints } from '../../shared/offsets'
import type { NoteCandidate, SearchCandidate, searchStatements } from '../store/search'
import { occurrencesIn } from './occurrences'
import { parseQuery, type ParsedQuery } from './query'
import { PARTICLE_SCRIPT } from '../../shared/unspaced-script'

/** How many occurrences of one document a result lists (its count says how many there are). */
export const OCCURRENCES_LISTED = 200
/**
 * How many more documents a search in corpus order reads for matches in their text once its page is full of
 * documents whose title alone matches (about 20 ms of news articles here).
 */
export const TEXTS_LOOKED_FOR_PAST_A_PAGE = 2_000
/** How many occurrences of one document `occurrencesOfDocument` gives at most. */
export const OCCURRENCES_IN_ONE_DOCUMENT = 100_000

type Statements = ReturnType<typeof searchStatements>

/**
 * The documents where every term of `input` occurs (in the text or the title), or in the note of one of its
 * spans, at most `limit`, each with its occurrences: in the text, then in notes. Best first when the word index
 * finds at most `rankedAtMost` documents (RANKED_AT_MOST unless a test says otherwise); otherwise in corpus
 * order, since ranking every match is what takes the time (about a microsecond a match), and the first page in
 * corpus order needs only as many as it lists.
 */
export function searchCorpus(statements: Statements, input: string, limit: number, rankedAtMost = RANKED_AT_MOST): SearchAnswer {
  // A last word of one or two characters is a word (`UN`, `Xi`); where none is found so, the start of longer ones
  // (`Ki`, typing on towards `Kim`).
  const words = parseQuery(input)
  const asWords = searchFor(statements, words, limit, rankedAtMost)
  const asStart = asWords.documents.length > 0 ? null : shortWordAsStart(input, words)
  return asStart === null ? asWords : searchFor(statements, asStart, limit, rankedAtMost)
}

/** `input` understood with its short last word as the start of longer ones, or null where that changes nothing. */
function shortWordAsStart(input: string, asWords: ParsedQuery | null): ParsedQuery | null {
  const asStart = parseQuery(input, 1)
  const gained = asStart?.terms.some((term, i) => term.prefix === true && asWords?.terms[i]?.prefix !== true) === true
  return gained ? asStart : null
}

/** `searchCorpus` of a query understood (`parseQuery`). */
function searchFor(statements: Statements, query: ParsedQuery | null, limit: number, rankedAtMost: number): SearchAnswer {
  if (query === null) return { documents: [], order: 'rank', tooManyToRank: false, unranked: 0, onlyExcluding: false }
  const notes = noteHits(statements, query)
  const found = textCandidates(statements, query, rankedAtMost)
  const documents: SearchResult[] = []
  // In corpus order, documents whose title alone matches wait until those matching in their text or notes are
  // listed: ids and titles alike ("bulk-17") would otherwise fill the page before a text that holds the query.
  // Once the page could be filled, texts are looked for through TEXTS_LOOKED_FOR_PAST_A_PAGE more documents at
  // most, so that a word in every title but few texts costs tens of milliseconds, not a read of the whole corpus.
  // Best first, the ranking weighs the title as it weighs it.
  const titlesAlone: SearchResult[] = []
  let lookedPastAPage = 0
  // Best first, those the index did not rank (found by reading texts, or in notes alone) come last, counted.
  let unranked = 0
  const answer = (): SearchAnswer => ({
    documents: [...documents, ...titlesAlone].slice(0, limit),
    order: found.order,
    tooManyToRank: found.tooManyToRank,
    unranked: found.order === 'rank' ? unranked : 0,
    onlyExcluding: query.terms.length === 0,
  })
  for (const candidate of found.candidates) {
    if (documents.length + titlesAlone.length >= limit && ++lookedPastAPage > TEXTS_LOOKED_FOR_PAST_A_PAGE) return answer()
    const text = query.fold(candidate.text)
    const title = query.fold(candidate.title)
    const inNotes = notes.get(candidate.documentId) ?? []
    notes.delete(candidate.documentId)
    if (!query.required.every((term) => term.test(text) || term.test(title)) && inNotes.length === 0) continue
    if (query.excluded.some((term) => term.test(text) || term.test(title))) continue // NOT: it holds what is excluded
    const result = resultOf(candidate, query, inNotes)
    if (result.count === 0 && found.order === 'corpus') {
      if (titlesAlone.length < limit) titlesAlone.push(result)
    } else {
      documents.push(result)
      if (!found.ranking()) unranked++
    }
    if (documents.length === limit) return answer()
  }
  // Documents found only by a note.
  for (const [documentId, inNotes] of notes) {
    const candidate = statements.document.get({ documentId })
    if (candidate === undefined) continue
    if (query.excluded.some((term) => term.test(query.fold(candidate.text)) || term.test(query.fold(candidate.title)))) continue
    documents.push(resultOf(candidate, { ...query, matchers: [] }, inNotes))
    unranked++
    if (documents.length === limit) break
  }
  return answer()
}

interface Candidates {
  candidates: Iterable<SearchCandidate>
  order: SearchAnswer['order']
  tooManyToRank: boolean
  /** True while the candidates given so far are the index's, best first (with `order` 'rank'). */
  ranking(): boolean
}

function textCandidates(statements: Statements, query: ParsedQuery, rankedAtMost: number): Candidates {
  // The longest piece the index cannot find narrows the scan most; the others are checked afterwards.
  const scan = [...query.scanFor].sort((a, b) => b.length - a.length)[0]
  // (Neither narrows a query of alternatives the index cannot all find: every document holds the empty string.)
  if (query.fts === null) return { candidates: statements.holding.iterate({ scan: scan ?? '' }), order: 'corpus', tooManyToRank: false, ranking: () => false }
  const fts = query.fts
  const tooManyToRank = statements.matchesUpTo.get({ fts, upTo: rankedAtMost + 1 })! > rankedAtMost
  const order = tooManyToRank ? 'corpus' : 'rank'
  // A word written against characters of a script without spaces ("在2025年") is no token of the index: the documents
  // written so are scanned for it too, a page at a time as they are needed (after the index's, best first).
  const like = likeOfPiece(query)
  // (Not for Korean words alone: the index finds them with their particles, as prefixes.)
  const koreanOnly = query.terms.every((term) => (term.text.match(/\S+/gu) ?? []).every((word) => PARTICLE_SCRIPT.test(word[0])))
  const unspaced = koreanOnly ? [] : paged((after) => statements.unspacedPage.all({ like, scan: scan ?? '', after, page: PAGE }))
  if (order === 'corpus') {
    const indexed = paged((after) => statements.indexedPage.all({ fts, scan: scan ?? '', after, page: PAGE }))
    return { candidates: inCorpusOrder(indexed, unspaced), order, tooManyToRank, ranking: () => false }
  }
  const ranked = scan === undefined ? statements.ranked.iterate({ fts }) : statements.rankedHolding.iterate({ fts, scan })
  const progress = { ranking: true }
  return { candidates: rankedThenOthers(ranked, unspaced, progress), order, tooManyToRank, ranking: () => progress.ranking }
}

/** How many candidates a search in corpus order reads at a time. */
const PAGE = 64

/** The candidates `fetch` gives a page at a time (each after the last document of the one before), as one sequence. */
function* paged(fetch: (after: number) => SearchCandidate[]): Generator<SearchCandidate> {
  for (let after = 0; ; ) {
    const page = fetch(after)
    yield* page
    if (page.length < PAGE) return
    after = page[page.length - 1].documentId
  }
}

/**
 * The `LIKE` pattern the documents written without spaces are narrowed by: holding the longest ASCII piece every
 * match holds (SQL folds ASCII case only), or any text ('%') for a query with none. A word written there with accents
 * the query leaves out (`Café` for `cafe`) is thus found only where the index finds it, written apart from such
 * characters: reading every such text instead took 65 ms per search over the bench's 6,250, against 9.
 */
function likeOfPiece(query: ParsedQuery): string {
  const ascii = query.pieces.filter((piece) => /^[\x20-\x7e]+$/u.test(piece)).sort((a, b) => b.length - a.length)[0]
  return ascii === undefined ? '%' : `%${ascii.replace(/[\\%_]/gu, '\\$&')}%`
}

/** The candidates of the index and `others` (both in corpus order), in corpus order, each once. */
function* inCorpusOrder(indexed: Iterable<SearchCandidate>, others: Iterable<SearchCandidate>): Generator<SearchCandidate> {
  const rest = others[Symbol.iterator]()
  let other = rest.next()
  for (const candidate of indexed) {
    for (; !other.done && other.value.documentId <= candidate.documentId; other = rest.next()) {
      if (other.value.documentId < candidate.documentId) yield other.value
    }
    yield candidate
  }
  for (; !other.done; other = rest.next()) yield other.value
}

/**
 * The candidates of the index, best first, then those of `others` the index did not find, in corpus order;
 * `progress.ranking` turns false once the index's are all given.
 */
function* rankedThenOthers(indexed: Iterable<SearchCandidate>, others: Iterable<SearchCandidate>, progress: { ranking: boolean }): Generator<SearchCandidate> {
  const found = new Set<number>()
  for (const candidate of indexed) {
    found.add(candidate.documentId)
    yield candidate
  }
  progress.ranking = false
  for (const candidate of others) if (!found.has(candidate.documentId)) yield candidate
}

/**
 * Document `documentId`'s result for `input` with all its occurrences (up to OCCURRENCES_IN_ONE_DOCUMENT):
 * in the text, then in notes; null if there is no such document or the query has nothing to find.
 */
export function occurrencesOfDocument(statements: Statements, input: string, documentId: number): SearchResult | null {
  const candidate = statements.document.get({ documentId })
  if (candidate === undefined) return null
  const of = (query: ParsedQuery | null) => (query === null ? null : resultOf(candidate, query, noteHits(statements, query).get(documentId) ?? [], OCCURRENCES_IN_ONE_DOCUMENT))
  // As `searchCorpus` finds them: a short last word as a word where the document holds it so (its title may),
  // else as the start of longer ones.
  const words = parseQuery(input)
  if (words === null) return null
  const holdsWords = words.required.every((term) => term.test(words.fold(candidate.text)) || term.test(words.fold(candidate.title)))
  const asStart = holdsWords ? null : shortWordAsStart(input, words)
  return of(asStart ?? words)
}

function resultOf(candidate: SearchCandidate, query: ParsedQuery, inNotes: SearchOccurrence[], listed = OCCURRENCES_LISTED): SearchResult {
  const { count, occurrences } = occurrencesIn(candidate.text, query, listed)
  const index = new OffsetIndex(candidate.text)
  const notes = inNotes.map((hit) => ({ ...hit, text: sliceCodePoints(candidate.text, index, hit.start, hit.end) }))
  return {
    documentId: candidate.documentId,
    externalId: candidate.externalId,
    title: candidate.title,
    count: count + notes.length,
    occurrences: [...occurrences, ...notes].slice(0, listed),
  }
}

/** Hits in spans' notes, by document: every term must be in the note. */
function noteHits(statements: Statements, query: ParsedQuery): Map<number, SearchOccurrence[]> {
  const piece = longestPiece(query)
  const hits = new Map<number, SearchOccurrence[]>()
  if (piece === null) return hits
  for (const candidate of statements.notesHolding.iterate({ piece }) as Iterable<NoteCandidate>) {
    const folded = query.fold(candidate.note)
    if (!query.required.every((term) => term.test(folded))) continue
    const [first] = occurrencesIn(candidate.note, query, 1).occurrences
    if (first === undefined) continue
    const list = hits.get(candidate.documentId) ?? []
    list.push({ start: candidate.start, end: candidate.end, before: '', text: '', after: '', inNote: { before: first.before, text: first.text, after: first.after, spanId: candidate.spanId } })
    hits.set(candidate.documentId, list)
  }
  return hits
}

/**
 * The longest word or piece every match holds, to narrow the notes scanned (SQL compares it without ASCII
 * case); the empty string, which every note holds, where the query is all alternatives.
 */
function longestPiece(query: ParsedQuery): string | null {
  if (query.terms.length === 0) return null
  return [...query.pieces].sort((a, b) => b.length - a.length)[0] ?? ''
}
