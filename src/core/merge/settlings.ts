/**
 * Curators' settlings in a merge: two curators' copies of a corpus each settle a disagreement their own way, and a
 * merge, which only adds, leaves both in the curated layer. Curation shows such a place as "two settlings meet here"
 * and the settled export leaves it out (`curationOf`'s `conflicting`); the merge names each one it brought about.
 */
import { CURATED, curationOf, declaredAttributesOf, versionSignature, type DeclaredAttributes } from '../../shared/curation'
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

/** Where a document's curated layer holds two settlings met (`start-end` of each place or relation), as `curationOf` finds them. */
export function settlingsMetIn(corpus: CorpusReader, documentId: number, declared: DeclaredAttributes): Set<string> {
  const spans = corpus.spansOf(documentId).map((span) => ({
    id: span.id,
    start: span.start_offset,
    end: span.end_offset,
    label: span.label,
    annotator: span.annotator,
    attrs: JSON.parse(span.attrs) as Record<string, unknown>,
  }))
  if (!spans.some((span) => span.annotator === CURATED)) return new Set()
  const curation = curationOf(spans, corpus.relationsOf(documentId), declared, new Set(corpus.settledAsNothing(documentId)))
  const met = curation.places.filter((place) => place.conflicting).map(({ start, end }) => ({ start, end }))
  const byId = new Map(spans.map((span) => [span.id, span]))
  for (const { relation } of curation.relationDisagreements.filter((disagreement) => disagreement.conflicting)) {
    const ends = [byId.get(relation.head)!, byId.get(relation.child)!]
    met.push({ start: Math.min(...ends.map((end) => end.start)), end: Math.max(...ends.map((end) => end.end)) })
  }
  return new Set(met.sort((a, b) => a.start - b.start || a.end - b.end).map(({ start, end }) => `${start}-${end}`))
}
