/**
 * Curators' settlings in a merge: two curators' copies of a corpus each settle a disagreement their own way, and a
 * merge, which only adds, leaves both in the curated layer. The merge records each place so met (`meetingKey`), since
 * the curated layer's shape alone cannot tell two curators from one who tagged a text twice; curation shows it as
 * "two settlings meet here" and the settled export leaves it out (`curationOf`'s `conflicting`); the merge names each.
 */
import { CURATED, curationOf, declaredAttributesOf, meetingKey, placeSettlingKey, versionSignature, type CurationSpan, type DeclaredAttributes } from '../../shared/curation'
import type { Corpus } from '../store/corpus'
import type { CorpusReader } from '../store/reader'
import type { SpanRow } from '../store/spans'

/** The attributes each of `corpus`'s span labels declares (whose values are part of a curator's decision). */
export function declaredIn(corpus: CorpusReader): DeclaredAttributes {
  return declaredAttributesOf(corpus.labels())
}

/**
 * True if `theirs`, a source's curated span with the identity of `ours` (the target's), is another curator's settling
 * rather than a later change of the same one: its label's declared attributes differ (checkworthy yes, no), and it was
 * made apart (a copy of one span keeps the time it was made; a curator who settles a place again makes new spans).
 */
export function anotherSettling(ours: SpanRow, theirs: SpanRow, declared: DeclaredAttributes): boolean {
  return ours.annotator === CURATED && ours.created_at !== theirs.created_at && decisionOf(ours, declared) !== decisionOf(theirs, declared)
}

/** What a span decides (`versionSignature`): its place, label and the values of the attributes its label declares. */
export function decisionOf(span: SpanRow, declared: DeclaredAttributes): string {
  return versionSignature({ start: span.start_offset, end: span.end_offset, label: span.label, attrs: JSON.parse(span.attrs) as Record<string, unknown> }, declared)
}

/** How `settlingsMetIn` names a relation where two settlings meet, before the extent of its ends. */
export const RELATION_OVER = 'the relation over '

/**
 * What one copy's curated layer decided in a document: its curated spans (each's place, `decisionOf` and when it was
 * made, which a copy keeps and an edit too), and its settlings as nothing.
 */
export interface CuratedDecisions {
  spans: { start: number; end: number; decision: string; made: string; label: string }[]
  asNothing: ReadonlySet<string>
}

/** The curated decisions of document `documentId` of `corpus`. */
export function curatedDecisionsIn(corpus: CorpusReader, documentId: number, declared: DeclaredAttributes): CuratedDecisions {
  const spans = corpus
    .spansOf(documentId)
    .filter((span) => span.annotator === CURATED)
    .map((span) => ({ start: span.start_offset, end: span.end_offset, decision: decisionOf(span, declared), made: span.created_at, label: span.label }))
  return { spans, asNothing: new Set(corpus.settledAsNothing(documentId)) }
}

/**
 * Records in `target`'s document `documentId`, just merged, each place its curated layer (`ours`, as it was before the
 * merge) and the source's (`theirs`) both settled, otherwise: other curated spans there, or spans where the other
 * settled it as nothing (`meetingKey`, unless recorded already). Places only one of them settled are not met, nor
 * those where both hold the very same curated spans (made at the same moments, at the same places, with the same
 * labels), one copy having changed their values since: a curator's later change, which the merge takes as such.
 */
export function recordSettlingsMet(target: Corpus, documentId: number, ours: CuratedDecisions, theirs: CuratedDecisions, declared: DeclaredAttributes): void {
  const spans = curationSpansOf(target, documentId)
  const recorded = new Set(target.settledAsNothing(documentId))
  for (const place of curationOf(spans, [], declared, recorded).places) {
    const within = (side: CuratedDecisions, what: (span: CuratedDecisions['spans'][number]) => string) =>
      side.spans
        .filter((span) => span.start < place.end && place.start < span.end)
        .map(what)
        .sort()
        .join('|')
    const [mine, other] = [within(ours, (span) => span.decision), within(theirs, (span) => span.decision)]
    // The same spans (made at the same moments, at the same places, with the same labels), only their values edited in
    // one copy: the merge takes the later values as a change. Moved or relabelled, the two stand beside each other.
    const same = (span: CuratedDecisions['spans'][number]) => `${span.made}@${span.start}-${span.end}:${span.label}`
    if (mine !== '' && within(ours, same) === within(theirs, same)) continue
    const [mineNothing, otherNothing] = [ours, theirs].map((side) => side.asNothing.has(placeSettlingKey(place)))
    const settledByBoth = (mine !== '' || mineNothing) && (other !== '' || otherNothing)
    if (!settledByBoth || (mine === other && mineNothing === otherNothing)) continue
    if (!recorded.has(meetingKey(place))) target.settleAsNothing(documentId, meetingKey(place), CURATED)
  }
}

/**
 * Where a document's curated layer holds two settlings met, as `curationOf` finds them: each place as `start-end`, then
 * each relation as `the relation over start-end` (the extent of its ends).
 */
export function settlingsMetIn(corpus: CorpusReader, documentId: number, declared: DeclaredAttributes): Set<string> {
  const spans = curationSpansOf(corpus, documentId)
  if (!spans.some((span) => span.annotator === CURATED)) return new Set()
  const curation = curationOf(spans, corpus.relationsOf(documentId), declared, new Set(corpus.settledAsNothing(documentId)))
  const byStart = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start - b.start || a.end - b.end
  const places = curation.places.filter((place) => place.conflicting).sort(byStart)
  const byId = new Map(spans.map((span) => [span.id, span]))
  const relations = curation.relationDisagreements
    .filter((disagreement) => disagreement.conflicting)
    .map(({ relation }) => {
      const ends = [byId.get(relation.head)!, byId.get(relation.child)!]
      return { start: Math.min(...ends.map((end) => end.start)), end: Math.max(...ends.map((end) => end.end)) }
    })
    .sort(byStart)
  return new Set([...places.map(({ start, end }) => `${start}-${end}`), ...relations.map(({ start, end }) => `${RELATION_OVER}${start}-${end}`)])
}

/** The spans of document `documentId` of `corpus` as curation takes them. */
function curationSpansOf(corpus: CorpusReader, documentId: number): CurationSpan[] {
  return corpus.spansOf(documentId).map((span) => ({
    id: span.id,
    start: span.start_offset,
    end: span.end_offset,
    label: span.label,
    annotator: span.annotator,
    attrs: JSON.parse(span.attrs) as Record<string, unknown>,
  }))
}
