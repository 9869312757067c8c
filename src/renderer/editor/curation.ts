/**
 * Curation in the editor: the document's disagreements in reading order (places where analysts' spans
 * differ, then relations some made and others did not), each with the versions a curator can accept into the
 * curated layer. The rules are `curationOf`'s (src/shared/curation.ts).
 */
import type { ExportedRelation, ExportedSpan } from '../../shared/corpus-types'
import { CURATED, curationOf, placesChangedSinceSettled, placeSettlingKey, relationSettlingKey, spanSignature, versionSignature, type DeclaredAttributes, type Place, type RelationDisagreement } from '../../shared/curation'
import type { AnnotationState, CurationPointer } from './annotations'

/** What accepting one version adds to the curated layer. */
export interface CurationVersion {
  /** The analysts whose version it is. */
  annotators: string[]
  /** Spans to have in the curated layer (empty: these analysts tagged nothing here; accepting it settles the place as nothing). */
  spans: ExportedSpan[]
  /** Relations to have in the curated layer, between those spans (or curated spans like them). */
  relations: ExportedRelation[]
}

/** One disagreement to settle. */
export interface CurationItem {
  pointer: CurationPointer
  settled: boolean
  /**
   * True for a place the curated layer settled, where an analyst changed their work since (a span made, moved or
   * given other attributes after the curated spans there were): not settled, until the curator settles it again.
   */
  changedSince: boolean
  /**
   * True where two settlings meet (two curators' copies merged, each settled it otherwise: `Place.conflicting`,
   * `RelationDisagreement.conflicting`): not settled, until the curator settles it again.
   */
  conflicting: boolean
  versions: CurationVersion[]
  /** The place, for a disagreement about spans. */
  place?: Place<ExportedSpan>
  /** The relation, for a disagreement about a relation. */
  relation?: RelationDisagreement<ExportedRelation>
}

/** The key by which a curator's settling of a disagreement as nothing is stored (`settleAsNothing`): `placeSettlingKey` or `relationSettlingKey`. */
export function curationKey(pointer: CurationPointer): string {
  return pointer.kind === 'place' ? placeSettlingKey(pointer) : relationSettlingKey(pointer.key)
}

/**
 * The disagreements of the open document, places first in reading order, then relations; `settledAsNothing`
 * holds the keys of those a curator settled as nothing; `declared`, the attributes each label declares, whose
 * values tell versions apart. Each relation can also be settled as nothing.
 */
export function curationItems(
  state: Pick<AnnotationState, 'spans' | 'relations'>,
  settledAsNothing: ReadonlySet<string> = new Set(),
  declared: DeclaredAttributes = () => [],
): CurationItem[] {
  const spans = [...state.spans.values()]
  const relations = [...state.relations.values()]
  const curation = curationOf(spans, relations, declared, settledAsNothing)
  const analysts = [...new Set(spans.map((span) => span.annotator))].filter((name) => name !== CURATED).sort((a, b) => a.localeCompare(b))
  // Each analyst's relations with their ends' signatures, worked out once rather than for every version of every place.
  const relationsBy = new Map<string, { relation: (typeof relations)[number]; head: string; child: string }[]>()
  for (const relation of relations) {
    const head = state.spans.get(relation.head)
    const child = state.spans.get(relation.child)
    if (head === undefined || child === undefined) continue
    const list = relationsBy.get(relation.annotator) ?? []
    list.push({ relation, head: spanSignature(head), child: spanSignature(child) })
    relationsBy.set(relation.annotator, list)
  }
  const changed = placesChangedSinceSettled(spans, curation.places, Date.now())
  const items: CurationItem[] = []
  for (const [index, place] of curation.places.entries()) {
    if (place.agreed && !place.conflicting) continue // agreed, unless two settlings still meet here (to settle on the agreed version)
    const versions = place.versions.map((version) => {
      const signatures = new Set(version.spans.map(spanSignature))
      const own = (relationsBy.get(version.annotators[0]) ?? []).filter((r) => signatures.has(r.head) && signatures.has(r.child)).map((r) => r.relation)
      return { annotators: version.annotators, spans: version.spans, relations: own }
    })
    const pointer: CurationPointer = { kind: 'place', start: place.start, end: place.end }
    const changedSince = place.settled && changed.has(index)
    // Settled with what no analyst has (the one who had it changed it, or the curator made their own): the curated
    // version is offered first (picked, and for Enter to keep where the place opened again); it is named as the
    // curated layer's. Where two settlings meet, it is offered last: keeping both is a choice, not the default.
    if (place.settled || place.conflicting) {
      const curated = curatedSpansOver(state, place)
      const signature = (list: readonly ExportedSpan[]) => list.map((span) => versionSignature(span, declared)).sort().join('|')
      const own = { annotators: [CURATED], spans: curated, relations: [] }
      if (!versions.some((version) => signature(version.spans) === signature(curated))) {
        if (place.conflicting) versions.push(own)
        else versions.unshift(own)
      }
    }
    // Settled as nothing holds while an analyst's version there is still nothing: once every analyst has tagged
    // something there (one who had tagged nothing changed their mind), it is open again.
    const asNothing = settledAsNothing.has(curationKey(pointer)) && place.versions.some((version) => version.spans.length === 0)
    const conflicting = place.conflicting
    items.push({ pointer, settled: !conflicting && ((place.settled && !changedSince) || asNothing), changedSince, conflicting, versions, place })
  }
  for (const disagreement of curation.relationDisagreements) {
    const head = state.spans.get(disagreement.relation.head)!
    const child = state.spans.get(disagreement.relation.child)!
    const pointer: CurationPointer = {
      kind: 'relation',
      start: Math.min(head.start, child.start),
      end: Math.max(head.end, child.end),
      key: disagreement.key,
    }
    const without = analysts.filter((name) => !disagreement.annotators.includes(name))
    items.push({
      pointer,
      settled: !disagreement.conflicting && (disagreement.settled || settledAsNothing.has(curationKey(pointer))),
      changedSince: false,
      conflicting: disagreement.conflicting,
      versions: [
        { annotators: disagreement.annotators, spans: [head, child], relations: [disagreement.relation] },
        { annotators: without.length === 0 ? ['the others'] : without, spans: [], relations: [] },
      ],
      relation: disagreement,
    })
  }
  return items
}

/**
 * Which curated span already over a place each of a version's spans takes over when accepting the version changes
 * how the place was settled: one that is that span already (the same extent, label and declared values), else one of
 * its extent and label (its declared values change), else one of its label over it (its edges move). A curated span
 * taken over keeps its id, note and relations; each is taken at most once, and those not taken are removed. A version
 * span left out of the map is added anew.
 */
export function curatedTakenOver(
  versionSpans: readonly ExportedSpan[],
  curatedThere: readonly ExportedSpan[],
  declared: DeclaredAttributes,
): Map<ExportedSpan, ExportedSpan> {
  const taken = new Map<ExportedSpan, ExportedSpan>()
  const free = new Set(curatedThere)
  const pass = (fits: (wanted: ExportedSpan, curated: ExportedSpan) => boolean) => {
    for (const wanted of versionSpans) {
      if (taken.has(wanted)) continue
      const found = [...free].find((curated) => fits(wanted, curated))
      if (found === undefined) continue
      taken.set(wanted, found)
      free.delete(found)
    }
  }
  pass((wanted, curated) => versionSignature(curated, declared) === versionSignature(wanted, declared))
  pass((wanted, curated) => spanSignature(curated) === spanSignature(wanted))
  pass((wanted, curated) => curated.label === wanted.label && curated.start < wanted.end && wanted.start < curated.end)
  return taken
}

/** The curated spans that overlap `[range.start, range.end)`. */
export function curatedSpansOver(state: Pick<AnnotationState, 'spans'>, range: { start: number; end: number }): ExportedSpan[] {
  return [...state.spans.values()].filter((span) => span.annotator === CURATED && span.start < range.end && range.start < span.end)
}

/** True if two pointers name the same disagreement. */
export function samePointer(a: CurationPointer, b: CurationPointer): boolean {
  if (a.kind === 'relation' && b.kind === 'relation') return a.key === b.key
  return a.kind === b.kind && a.start === b.start && a.end === b.end
}

/** The index of the disagreement `pointer` names in `items`, or -1. */
export function itemIndex(items: readonly CurationItem[], pointer: CurationPointer | undefined): number {
  if (pointer === undefined) return -1
  return items.findIndex((item) => samePointer(item.pointer, pointer))
}

/** Where a span lies and what it is tagged. */
type SpanPlace = Pick<ExportedSpan, 'start' | 'end' | 'label'>

/** The one span of `curated` with `span`'s label that overlaps it, if there is exactly one. */
export function curatedOver<Span extends SpanPlace>(span: SpanPlace, curated: Iterable<Span>): Span | undefined {
  let found: Span | undefined
  for (const other of curated) {
    if (other.label !== span.label || other.end <= span.start || span.end <= other.start) continue
    if (found !== undefined) return undefined
    found = other
  }
  return found
}

/**
 * The curated span a relation accepted joins at its end `span`, as its acceptance writes it: the curated span just
 * like it (the same extent, label and declared values), else the one curated span of its label over it.
 */
export function curatedEndOf(span: ExportedSpan, curated: readonly ExportedSpan[], declared: DeclaredAttributes): ExportedSpan | undefined {
  const signature = versionSignature(span, declared)
  return curated.find((other) => versionSignature(other, declared) === signature) ?? curatedOver(span, curated)
}
