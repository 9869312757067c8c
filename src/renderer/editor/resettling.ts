/**
 * What accepting a version of a disagreement changes of how it was settled, worked out from the annotations drawn:
 * the curated layer where it settles as read (for the corpus to check, in its first write, that no other curator or
 * window settled it meanwhile), what of the earlier settling goes, and what to say of what goes with it. Pure: the
 * session makes the writes from it (writes.ts).
 */
import type { CuratedThere } from '../../shared/api'
import type { ExportedSpan } from '../../shared/corpus-types'
import { CURATED, meetingKeysOver, settles, spanSignature, versionSignature, type DeclaredAttributes } from '../../shared/curation'
import { nameSpan } from '../../shared/relation-rules'
import type { AnnotationState } from './annotations'
import { curatedEndOf, curatedSpansOver, curatedTakenOver, curationKey, type CurationItem, type CurationVersion } from './curation'

/** The annotations drawn, as far as settling needs them. */
type Drawn = Pick<AnnotationState, 'spans' | 'relations'>

/** A range of code points, `[start, end)`. */
interface Range {
  start: number
  end: number
}

const overlaps = (span: Range, range: Range): boolean => span.start < range.end && range.start < span.end

/** Where a disagreement settles: a place's extent, or a relation's two ends. */
function rangesOf(item: CurationItem): Range[] {
  if (item.relation === undefined) return [{ start: item.pointer.start, end: item.pointer.end }]
  return item.versions[0].spans.map((span) => ({ start: span.start, end: span.end }))
}

/** The curated layer where `item` settles, as drawn here (see `CuratedThere`); `settledAsNothing`: the keys settled so. */
export function settlingRead(state: Drawn, item: CurationItem, settledAsNothing: ReadonlySet<string>): CuratedThere {
  const places = rangesOf(item)
  const within = (span: ExportedSpan | undefined) => span !== undefined && places.some((range) => overlaps(span, range))
  const spans = [...state.spans.values()].filter((span) => span.annotator === CURATED && within(span))
  const relations = [...state.relations.values()].filter((r) => r.annotator === CURATED && (within(state.spans.get(r.head)) || within(state.spans.get(r.child))))
  const key = curationKey(item.pointer)
  return {
    places,
    // A relation's ends lie in places settled on their own: only its own settling is checked.
    spans: item.relation === undefined ? spans.map((span) => ({ id: span.id, updatedAt: span.updated_at })) : undefined,
    relations: relations.map((r) => r.id),
    key,
    asNothing: settledAsNothing.has(key),
  }
}

/** What of an earlier settling accepting a version takes back, and which curated spans its spans take over. */
export interface SettlingChange {
  /** Curated spans removed (with their curated relations). */
  spanIds: number[]
  /**
   * Curated relations removed: a relation settled as nothing instead, or, at a place, one between two of its curated
   * spans that the version accepted does not have.
   */
  relationIds: number[]
  /**
   * Keys settled as nothing to take back: the disagreement's own, relations' with an end at a place changed, and
   * relations' the version accepted writes (`accepted`).
   */
  unsettle: string[]
  /** Of `unsettle`, the relations settled as nothing that the version accepted writes: settled anew, not open again. */
  accepted?: ReadonlySet<string>
  /** The curated span (by id) each of the version's spans takes over (`curatedTakenOver`), to be changed into it. */
  takeOver: Map<ExportedSpan, number>
}

/**
 * What accepting `version` of `item` takes back of how it was settled: the curated spans there that the version does
 * not have and takes over none of (all of them, for nothing), the curated relations between the place's curated spans
 * that the version does not have, the curated relation that settled a relation (for nothing), and a settling as
 * nothing (for a version with spans). Where a place's curated spans go or its settling
 * as nothing is taken back, the relations (of `items`) settled as nothing with an end there are open again too: they
 * were judged between ends that are no longer so. Nothing, where the item is not settled yet.
 */
export function settlingToChange(
  state: Drawn,
  item: CurationItem,
  version: CurationVersion,
  items: readonly CurationItem[],
  settledAsNothing: ReadonlySet<string>,
  declared: DeclaredAttributes,
): SettlingChange {
  const key = curationKey(item.pointer)
  const unsettle = version.spans.length > 0 && settledAsNothing.has(key) ? [key] : []
  if (item.relation !== undefined) {
    if (version.spans.length > 0) {
      // Other relations settled as nothing that the curated relation written settles too (the same label, between the
      // same curated spans): the acceptance is the later word on them, not a second answer beside the first.
      const accepted = new Set(relationsSettledAlongside(state, version, item, items, settledAsNothing, declared))
      return { spanIds: [], relationIds: [], unsettle: [...unsettle, ...accepted], accepted, takeOver: new Map() }
    }
    const { relation } = item.relation
    const relationIds = [...state.relations.values()].filter((r) => r.annotator === CURATED && settles(r, relation, (id) => state.spans.get(id))).map((r) => r.id)
    return { spanIds: [], relationIds, unsettle, takeOver: new Map() }
  }
  const place = { start: item.pointer.start, end: item.pointer.end }
  unsettle.push(...meetingKeysOver(settledAsNothing, place)) // a merge's record of two settlings met here: settled now
  const there = curatedSpansOver(state, place)
  const taken = curatedTakenOver(version.spans, there, declared)
  const stays = new Set(taken.values())
  const spanIds = there.filter((span) => !stays.has(span)).map((span) => span.id)
  const relationIds = relationsTheVersionLacks(state, version, taken, declared)
  const endsHere = (candidate: CurationItem) => candidate.versions[0].spans.some((span) => overlaps(span, place))
  // A relation the version accepted writes, settled as nothing before: the acceptance is the later word on it.
  const written = new Set(version.relations.map((relation) => relationSignature(state, relation)))
  const settledAnew = (other: CurationItem) => other.relation !== undefined && written.has(relationSignature(state, other.relation.relation))
  const accepted = new Set<string>()
  const changing = spanIds.length > 0 || unsettle.length > 0
  for (const other of items) {
    if (other.relation === undefined || !settledAsNothing.has(curationKey(other.pointer)) || !endsHere(other)) continue
    if (settledAnew(other)) accepted.add(curationKey(other.pointer))
    if (changing || settledAnew(other)) unsettle.push(curationKey(other.pointer))
  }
  return { spanIds, relationIds, unsettle, accepted, takeOver: new Map([...taken].map(([wanted, curated]) => [wanted, curated.id])) }
}

/**
 * The keys of the relation disagreements (of `items`, other than `item`) settled as nothing that the curated relation
 * accepting `version` of relation `item` settles too: at each end it joins the curated span there of the end's label
 * (or, where there is none yet, the span the version brings), and `settles` says which analysts' relations that is.
 */
function relationsSettledAlongside(
  state: Drawn,
  version: CurationVersion,
  item: CurationItem,
  items: readonly CurationItem[],
  settledAsNothing: ReadonlySet<string>,
  declared: DeclaredAttributes,
): string[] {
  const [written] = version.relations
  if (written === undefined) return []
  const curated = [...state.spans.values()].filter((span) => span.annotator === CURATED)
  const endOf = (id: number): number => {
    const end = state.spans.get(id)
    return end === undefined ? id : (curatedEndOf(end, curated, declared)?.id ?? id)
  }
  const planned = { head: endOf(written.head), child: endOf(written.child), label: written.label }
  return items
    .filter((other) => other !== item && other.relation !== undefined && settledAsNothing.has(curationKey(other.pointer)))
    .filter((other) => settles(planned, other.relation!.relation, (id) => state.spans.get(id)))
    .map((other) => curationKey(other.pointer))
}

/** `head label child`, its ends by `spanSignature`: what a relation joins, whoever drew it. */
function relationSignature(state: Drawn, relation: { head: number; child: number; label: string }): string {
  const end = (id: number) => {
    const span = state.spans.get(id)
    return span === undefined ? `#${id}` : spanSignature(span)
  }
  return `${end(relation.head)} ${relation.label} ${end(relation.child)}`
}

/**
 * The curated relations between two curated spans a version's spans take over (`taken`) that the version has no
 * relation like: a version is its spans and the relations its analysts drew between them (any of them: they agree on
 * the spans, not always on the relations), so accepting another one takes away the earlier one's relations there. A
 * relation to a span elsewhere is no part of it, and stays; so does every relation where the version accepted is the
 * curated layer's own, or is the one curated already (nothing of the place changes).
 */
function relationsTheVersionLacks(state: Drawn, version: CurationVersion, taken: ReadonlyMap<ExportedSpan, ExportedSpan>, declared: DeclaredAttributes): number[] {
  if (version.annotators.includes(CURATED)) return []
  const unchanged = version.spans.every((span) => {
    const curated = taken.get(span)
    return curated !== undefined && versionSignature(curated, declared) === versionSignature(span, declared)
  })
  if (unchanged && taken.size === version.spans.length) return []
  const signatures = new Set(version.spans.map(spanSignature))
  const signatureOf = (id: number) => {
    const span = state.spans.get(id)
    return span === undefined ? undefined : spanSignature(span)
  }
  const wanted = new Set(
    [...state.relations.values()]
      .filter((relation) => version.annotators.includes(relation.annotator) && signatures.has(signatureOf(relation.head) ?? '') && signatures.has(signatureOf(relation.child) ?? ''))
      .map((relation) => `${signatureOf(relation.head)} ${relation.label} ${signatureOf(relation.child)}`),
  )
  const takenBy = new Map([...taken].map(([wantedSpan, curated]) => [curated.id, spanSignature(wantedSpan)]))
  return [...state.relations.values()]
    .filter((relation) => relation.annotator === CURATED && takenBy.has(relation.head) && takenBy.has(relation.child))
    .filter((relation) => !wanted.has(`${takenBy.get(relation.head)} ${relation.label} ${takenBy.get(relation.child)}`))
    .map((relation) => relation.id)
}

/**
 * What a change of settling takes with it that the curator made besides (the notes and relations of the curated
 * spans it removes, `removed` if it leaves nothing there, `replaced` otherwise), and the relations settled as nothing
 * there that are open again, said so that it is no surprise; null if nothing.
 */
export function lostWithSettling(state: Drawn, change: SettlingChange, items: readonly CurationItem[], how: 'replaced' | 'removed'): string | null {
  const lost = whatGoes(state, change, items, how)
  // A relation settled as nothing (by this curator or another) that the version accepted writes: said, not done unseen.
  const taken = items.filter((other) => other.relation !== undefined && change.accepted?.has(curationKey(other.pointer)) === true).map((other) => other.relation!.relation.label)
  if (taken.length === 0) return lost
  const said = taken.length === 1 ? `The ${taken[0]} relation settled as nothing before comes with the version accepted` : `The ${taken.length} relations settled as nothing before come with the version accepted`
  return `${lost === null ? '' : `${lost} `}${said}: Ctrl+Z takes ${taken.length === 1 ? 'it' : 'them'} back.`
}

/** What `lostWithSettling` says of what goes with the change, or null. */
function whatGoes(state: Drawn, change: SettlingChange, items: readonly CurationItem[], how: 'replaced' | 'removed'): string | null {
  const { spans, relations } = state
  const removed = change.spanIds.map((id) => spans.get(id)).filter((span) => span !== undefined)
  const ids = new Set(change.spanIds)
  // A place's relations the version lacks go with the change (a relation's own settling as nothing is no surprise).
  const lacked = new Set(change.takeOver.size > 0 ? change.relationIds : [])
  const going = [...relations.values()].filter((r) => ids.has(r.head) || ids.has(r.child) || lacked.has(r.id))
  const notes = removed.filter((span) => typeof span.attrs.note === 'string' && span.attrs.note !== '').length
  const reopened = items
    .filter((other) => other.relation !== undefined && change.unsettle.includes(curationKey(other.pointer)) && change.accepted?.has(curationKey(other.pointer)) !== true)
    .map((other) => other.relation!.relation.label)
  const open =
    reopened.length === 0 ? '' : reopened.length === 1 ? `the ${reopened[0]} relation settled as nothing there is open again` : `the ${reopened.length} relations settled as nothing there are open again`
  if (going.length === 0 && notes === 0) return open === '' ? null : `${open[0].toUpperCase()}${open.slice(1)}, to judge between the ends settled now.`
  if (removed.length === 0) {
    // Every curated span there taken over by the version: only relations it lacks go.
    const said = going.length === 1 ? `The curated ${going[0].label} relation there is not in the version accepted and was removed` : `The ${going.length} curated relations there that the version accepted lacks were removed`
    return `${said}${open === '' ? '' : `; ${open}`}: Ctrl+Z brings ${going.length === 1 ? 'it' : 'them'} back.`
  }
  const one = removed.length === 1
  const what: string[] = []
  if (notes > 0) what.push(one ? 'its note' : `${notes} note${notes > 1 ? 's' : ''}`)
  if (going.length === 1 && one) {
    const [relation] = going
    const other = spans.get(relation.head === removed[0].id ? relation.child : relation.head)
    what.push(`its ${relation.label} relation${other === undefined ? '' : ` with ${nameSpan(other.label, other.text)}`}`)
  } else if (going.length > 0) what.push(`${one ? 'its' : 'their'} ${going.length} relation${going.length > 1 ? 's' : ''}`)
  const names = removed.map((span) => nameSpan(span.label, span.text))
  const subject = one ? `The curated ${names[0]} was` : `The curated ${names.slice(0, -1).join(', ')} and ${names.at(-1)} were`
  return `${subject} ${how}, and ${what.join(' and ')} went with ${one ? 'it' : 'them'}${open === '' ? '' : `; ${open}`}: Ctrl+Z brings them back.`
}
