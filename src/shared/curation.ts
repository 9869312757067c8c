/**
 * Where analysts differ in one document, and what they agree on: the rules curation (in the editor) and the
 * settled export (`marginalia export --curated-or-agreed`) share.
 *
 * Spans are grouped into places: spans that overlap (share a code point) are in one place, and so are spans
 * that overlap those. At a place, each analyst's version is the set of their spans there (start, end and
 * label). The analysts of a document are those with at least one span in it. A place where every analyst's
 * version is the same is agreed; any other place is a disagreement. The curated layer (annotator `curated`)
 * settles a disagreement by having a span that overlaps it. A relation is agreed when every analyst has it
 * (the same label between spans with the same start, end and label, each end tagged so by the analyst: see
 * `TaggedSpans`); otherwise it is a disagreement, settled when the curated layer has a relation of its label
 * between the curated spans over its ends.
 */

import { holdsInvisible, quotedVisibly } from './names'

/** The annotator name of the curated layer: what a lead settles on. */
export const CURATED = 'curated'

/** The annotator name the settled export (`--curated-or-agreed`) gives what every analyst agreed on. */
export const AGREED = 'agreed'

/**
 * Why `name` cannot be an analyst's, the name their edits are recorded under (in the app, the browser edition or
 * the CLI's `serve`), or null if it can be: not blank, no space at either end, and neither layer's name (a
 * person named so would write straight into the curated layer, or be counted as what everyone agreed on).
 */
/**
 * The one spelling an analyst's name is stored and compared in: Unicode's composed form (NFC). "Zoë" typed with an
 * ë, and "Zoë" typed as an e and a combining diaeresis (as some keyboards and a name copied from a PDF give it),
 * look the same and are one analyst.
 */
export function analystName(name: string): string {
  return name.normalize('NFC')
}

export function analystNameProblem(name: string): string | null {
  if (name.replace(/\p{White_Space}|\p{Cc}|\p{Cf}/gu, '') === '') return 'an analyst needs a name'
  if (name.trim() !== name) return `"${name}" starts or ends with a space; write the name without it`
  if (holdsInvisible(name)) return `${quotedVisibly(name)} holds a control or invisible character (a tab, a line feed, a zero-width space); write the name without it`
  const lower = name.toLowerCase()
  if (lower === CURATED) return `"${name}" is the curated layer's name, not an analyst's: choose another name (curate with Alt+C)`
  if (lower === AGREED) return `"${name}" names what every analyst agreed on in the settled export, not an analyst: choose another name`
  return null
}


/** What curation needs of a span. */
export interface CurationSpan {
  id: number
  start: number
  end: number
  label: string
  annotator: string
  /** Its attributes: those its label declares are part of what an analyst decided (`versionSignature`). */
  attrs?: Record<string, unknown>
}

/** The names of the attributes a span label declares (a choice each, such as `checkworthy`), or none. */
export type DeclaredAttributes = (label: string) => readonly string[]

/** A label set's declared attributes, as `curationOf` takes them. */
export function declaredAttributesOf(labels: readonly { kind: string; name: string; attributes?: readonly { name: string }[] }[]): DeclaredAttributes {
  const byLabel = new Map(labels.filter((label) => label.kind === 'span').map((label) => [label.name, (label.attributes ?? []).map((a) => a.name)]))
  return (label) => byLabel.get(label) ?? []
}

/**
 * What makes two analysts' spans the same decision: `spanSignature`, and the values of the attributes its label
 * declares (a Claim checkworthy `yes` is not the same decision as one checkworthy `no`). Notes and the unsure
 * flag are the analyst's own remarks, not part of it.
 */
export function versionSignature(span: Pick<CurationSpan, 'start' | 'end' | 'label' | 'attrs'>, declared: DeclaredAttributes): string {
  const names = declared(span.label)
  if (names.length === 0) return spanSignature(span)
  const values = [...names].sort().map((name) => [name, span.attrs?.[name] ?? null])
  return `${spanSignature(span)}:${JSON.stringify(values)}`
}

/** What curation needs of a relation. */
export interface CurationRelation {
  id: number
  head: number
  child: number
  label: string
  annotator: string
}

/** One version of a place: the spans some analysts made there, the same for each of them. */
export interface Version<Span extends CurationSpan = CurationSpan> {
  /** The analysts who made exactly these spans here. */
  annotators: string[]
  /** Their spans (one analyst's copies), by position; empty for analysts who tagged nothing here. */
  spans: Span[]
}

/** A place where spans are; `versions` has one entry per distinct version among the document's analysts. */
export interface Place<Span extends CurationSpan = CurationSpan> {
  start: number
  end: number
  versions: Version<Span>[]
  /** True when every analyst of the document made the same spans here. */
  agreed: boolean
  /** True when the curated layer has a span here, and they are one decision (not `conflicting`). */
  settled: boolean
  /**
   * True when the curated layer holds two decisions here that cannot both stand (two curators' copies merged, each
   * settled it otherwise): a place a merge found so (`meetingKey`), curated spans of one label over each other that
   * together are no analyst's version, or curated spans where a curator settled the place as nothing. Not settled,
   * until a curator settles it again.
   */
  conflicting: boolean
}

/** A relation some analysts made and others did not. */
export interface RelationDisagreement<Relation extends CurationRelation = CurationRelation> {
  /** One analyst's copy of the relation. */
  relation: Relation
  /** The analysts who made it. */
  annotators: string[]
  settled: boolean
  /** What the relation is (`TaggedSpans.relationSignature`): the same for every analyst's copy. */
  key: string
  /** Whose span each end is, where it is a colleague's the relation's analysts never tagged alike (null where it is theirs). */
  colleagueEnds: { head: string | null; child: string | null }
  /**
   * True when the curated layer has the relation and a curator also settled it as nothing (two curators' copies
   * merged, one accepted it, the other left it out): not settled, until a curator settles it again.
   */
  conflicting: boolean
}

/** Everything curation needs to know about one document. */
export interface Curation<Span extends CurationSpan = CurationSpan, Relation extends CurationRelation = CurationRelation> {
  /** The analysts of the document (everyone with a span in it but the curated layer), by name. */
  analysts: string[]
  places: Place<Span>[]
  /** Relations every analyst made (one copy each). */
  agreedRelations: Relation[]
  relationDisagreements: RelationDisagreement<Relation>[]
}

/**
 * The key by which a curator's settling of a place as nothing is stored (`settleAsNothing`): its extent. A place whose
 * extent changes (an analyst tags more there) is a new disagreement, not settled.
 */
export function placeSettlingKey(place: { start: number; end: number }): string {
  return `place:${place.start}-${place.end}`
}

/**
 * The key by which a merge records a place where two curators' copies settled otherwise (another label on the same
 * text, another value of a declared attribute, spans where the other has none): stored with the settlings as nothing,
 * read as two settlings met (`Place.conflicting`) wherever curated spans overlap it, taken away when a version is
 * accepted there.
 */
export function meetingKey(place: { start: number; end: number }): string {
  return `meet:${place.start}-${place.end}`
}

/** The places `meetingKey` recorded among `keys` (the settlings as nothing of a document), each with its key. */
function meetingsAmong(keys: Iterable<string>): { key: string; start: number; end: number }[] {
  const found: { key: string; start: number; end: number }[] = []
  for (const key of keys) {
    const match = /^meet:(\d+)-(\d+)$/.exec(key)
    if (match !== null) found.push({ key, start: Number(match[1]), end: Number(match[2]) })
  }
  return found
}

/** The keys among `keys` of places a merge found settled two ways (`meetingKey`) that overlap `range`: what settling it again takes away. */
export function meetingKeysOver(keys: Iterable<string>, range: { start: number; end: number }): string[] {
  return meetingsAmong(keys)
    .filter((meeting) => meeting.start < range.end && range.start < meeting.end)
    .map((meeting) => meeting.key)
}

/** The key by which a curator's settling of a relation disagreement as nothing is stored: what the relation joins (`RelationDisagreement.key`). */
export function relationSettlingKey(key: string): string {
  return `relation:${key}`
}

/** `start:end:label`: what makes two analysts' spans the same. */
export function spanSignature(span: Pick<CurationSpan, 'start' | 'end' | 'label'>): string {
  return `${span.start}:${span.end}:${span.label}`
}

/**
 * Which analyst tagged what (`spanSignature`), for telling what a relation's ends are: the rule curation and
 * the agreement figures share. An end is what its span is when the relation's analyst tagged that text with
 * that label themselves; an end only another annotator tagged (a link made to a colleague's span, which Tab
 * offers while linking) is that annotator's, so that it is the same as no end of an analyst who tagged it:
 * agreeing on a relation needs agreeing on both its ends.
 */
export class TaggedSpans {
  private readonly tagged = new Set<string>()

  constructor(spans: Iterable<Pick<CurationSpan, 'start' | 'end' | 'label' | 'annotator'>> = []) {
    for (const span of spans) this.add(span)
  }

  /** Notes that `span.annotator` tagged `span`'s text with its label. */
  add(span: Pick<CurationSpan, 'start' | 'end' | 'label' | 'annotator'>): void {
    this.tagged.add(`${span.annotator}\u0000${spanSignature(span)}`)
  }

  /** True if `annotator` tagged `span`'s text with its label themselves (the span is theirs, or a colleague's copy of one of theirs). */
  taggedBy(span: Pick<CurationSpan, 'start' | 'end' | 'label' | 'annotator'>, annotator: string): boolean {
    return span.annotator === annotator || this.tagged.has(`${annotator}\u0000${spanSignature(span)}`)
  }

  /** What `span` is as an end of a relation by `annotator`: its signature, marked `@` its tagger unless `annotator` tagged it alike. */
  endOf(span: Pick<CurationSpan, 'start' | 'end' | 'label' | 'annotator'>, annotator: string): string {
    const signature = spanSignature(span)
    return this.taggedBy(span, annotator) ? signature : `${signature}@${span.annotator}`
  }

  /** `head>label>child`: what makes two analysts' relations the same, with their ends as `endOf` has them. */
  relationSignature(relation: Pick<CurationRelation, 'label' | 'annotator'>, head: Pick<CurationSpan, 'start' | 'end' | 'label' | 'annotator'>, child: Pick<CurationSpan, 'start' | 'end' | 'label' | 'annotator'>): string {
    return `${this.endOf(head, relation.annotator)}>${relation.label}>${this.endOf(child, relation.annotator)}`
  }
}

/**
 * True if curated relation `curated` settles the analysts' `relation`: the same label, between curated spans over
 * its ends (of the same label, overlapping them), though the curator may have chosen another extent for an end.
 */
export function settles(
  curated: Pick<CurationRelation, 'head' | 'child' | 'label'>,
  relation: Pick<CurationRelation, 'head' | 'child' | 'label'>,
  spanOf: (id: number) => Pick<CurationSpan, 'start' | 'end' | 'label'> | undefined,
): boolean {
  const over = (end: number, curatedEnd: number): boolean => {
    const analysts = spanOf(end)
    const chosen = spanOf(curatedEnd)
    return analysts !== undefined && chosen !== undefined && chosen.label === analysts.label && chosen.start < analysts.end && analysts.start < chosen.end
  }
  return curated.label === relation.label && over(relation.head, curated.head) && over(relation.child, curated.child)
}

/** Groups spans into places: overlapping spans, and the spans those overlap, are one place. */
function places<Span extends CurationSpan>(spans: readonly Span[]): Span[][] {
  const ordered = [...spans].sort((a, b) => a.start - b.start || a.end - b.end || a.id - b.id)
  const groups: Span[][] = []
  let end = -1
  for (const span of ordered) {
    if (groups.length > 0 && span.start < end) {
      groups[groups.length - 1].push(span)
      end = Math.max(end, span.end)
    } else {
      groups.push([span])
      end = span.end
    }
  }
  return groups
}

/** True if `spans` are, as a set, exactly the spans of one of `versions` (by `versionSignature`). */
function isAVersion(spans: readonly CurationSpan[], versions: readonly Version<CurationSpan>[], declared: DeclaredAttributes): boolean {
  const signature = (list: readonly CurationSpan[]) => [...new Set(list.map((span) => versionSignature(span, declared)))].sort().join('|')
  const mine = signature(spans)
  return versions.some((version) => signature(version.spans) === mine)
}

/**
 * True if the curated spans of a place (`here`) are two settlings met: two of one label over each other, which together
 * are none of the analysts' `versions` (accepting a version writes that version; two curators who chose differently,
 * merged, leave both). A curator who tags a place their own way rarely puts one label over itself; where an analyst's
 * version does, it is that version. Two curators' other differences (two labels on one text) are recorded by the merge
 * that brings them together (`meetingKey`): one curator may well tag one text twice.
 */
function settlingsMeet(here: readonly CurationSpan[], versions: readonly Version<CurationSpan>[], declared: DeclaredAttributes): boolean {
  const met = here.some((a, i) => here.some((b, j) => j > i && a.label === b.label && a.start < b.end && b.start < a.end))
  return met && !isAVersion(here, versions, declared)
}

/**
 * Where the analysts of a document differ and what they agree on, and what the curated layer settled; `declared`,
 * the attributes each label declares, whose values tell versions apart; `settledAsNothing`, the keys of the
 * disagreements a curator settled as nothing (`placeSettlingKey`, `relationSettlingKey`), which meet any curated
 * annotation there as two settlings, and of the places a merge found settled two ways (`meetingKey`).
 */
export function curationOf<Span extends CurationSpan, Relation extends CurationRelation>(
  spans: readonly Span[],
  relations: readonly Relation[],
  declared: DeclaredAttributes = () => [],
  settledAsNothing: ReadonlySet<string> = new Set(),
): Curation<Span, Relation> {
  const analysed = spans.filter((span) => span.annotator !== CURATED)
  const curated = spans.filter((span) => span.annotator === CURATED)
  const analysts = [...new Set(analysed.map((span) => span.annotator))].sort((a, b) => a.localeCompare(b))
  const meetings = meetingsAmong(settledAsNothing)
  // The places a curator has settled (with spans, or as nothing), for the relations whose ends lie there.
  const closed: { start: number; end: number }[] = []
  const result: Place<Span>[] = places(analysed).map((group) => {
    const start = Math.min(...group.map((span) => span.start))
    const end = Math.max(...group.map((span) => span.end))
    const byVersion = new Map<string, Version<Span>>()
    for (const analyst of analysts) {
      const own = group.filter((span) => span.annotator === analyst)
      const key = [...new Set(own.map((span) => versionSignature(span, declared)))].sort().join('|')
      const version = byVersion.get(key)
      if (version === undefined) {
        const distinct = new Map(own.map((span) => [versionSignature(span, declared), span]))
        byVersion.set(key, { annotators: [analyst], spans: [...distinct.values()].sort((a, b) => a.start - b.start || a.end - b.end) })
      } else version.annotators.push(analyst)
    }
    const versions = [...byVersion.values()].sort((a, b) => b.annotators.length - a.annotators.length || b.spans.length - a.spans.length)
    const here = curated.filter((span) => span.start < end && span.end > start)
    // Settled as nothing holds while an analyst's version there is still nothing (see the editor's curation).
    const asNothing = settledAsNothing.has(placeSettlingKey({ start, end })) && versions.some((version) => version.spans.length === 0)
    // Recorded by a merge, until the curated spans here are one analyst's version again (a curator removed the other
    // settling by hand, or the analysts came to agree with one of them).
    const metByMerge = meetings.some((meeting) => here.some((span) => span.start < meeting.end && meeting.start < span.end)) && !isAVersion(here, versions, declared)
    const conflicting = here.length > 0 && (asNothing || metByMerge || settlingsMeet(here, versions, declared))
    if ((here.length > 0 && !conflicting) || (asNothing && here.length === 0)) closed.push({ start, end })
    return { start, end, versions, agreed: versions.length === 1, settled: here.length > 0 && !conflicting, conflicting }
  })

  const byId = new Map(spans.map((span) => [span.id, span]))
  const tagged = new TaggedSpans(analysed)
  const relationKey = (relation: Relation): string | null => {
    const head = byId.get(relation.head)
    const child = byId.get(relation.child)
    return head === undefined || child === undefined ? null : tagged.relationSignature(relation, head, child)
  }
  // A relation is settled when the curated layer has it between the curated spans over its ends (the same label,
  // overlapping): the curator may have chosen another extent for an end, which a curated relation then joins.
  const curatedRelations = relations.filter((r) => r.annotator === CURATED)
  // Also settled: a relation an end of which lies at a place the curator settled without a span like it (a version
  // without the Claim it starts from accepted there): it cannot stand in the curated layer, and nothing is to choose.
  const endSettledAway = (id: number): boolean => {
    const end = byId.get(id)
    if (end === undefined || !closed.some((place) => place.start <= end.start && end.end <= place.end)) return false
    return !curated.some((span) => span.label === end.label && span.start < end.end && end.start < span.end)
  }
  const acceptedRelation = (relation: Relation): boolean => curatedRelations.some((r) => settles(r, relation, (id) => byId.get(id)))
  const mootRelation = (relation: Relation): boolean => endSettledAway(relation.head) || endSettledAway(relation.child)
  const byKey = new Map<string, { relation: Relation; annotators: Set<string>; key: string }>()
  const colleagueOf = (relation: Relation, end: number): string | null => {
    const span = byId.get(end)!
    return tagged.taggedBy(span, relation.annotator) ? null : span.annotator
  }
  for (const relation of relations) {
    if (relation.annotator === CURATED) continue
    const key = relationKey(relation)
    if (key === null) continue
    const entry = byKey.get(key) ?? { relation, annotators: new Set<string>(), key }
    entry.annotators.add(relation.annotator)
    byKey.set(key, entry)
  }
  const agreedRelations: Relation[] = []
  const relationDisagreements: RelationDisagreement<Relation>[] = []
  for (const { relation, annotators, key } of byKey.values()) {
    if (annotators.size === analysts.length) agreedRelations.push(relation)
    else {
      const colleagueEnds = { head: colleagueOf(relation, relation.head), child: colleagueOf(relation, relation.child) }
      const accepted = acceptedRelation(relation)
      const conflicting = accepted && settledAsNothing.has(relationSettlingKey(key))
      relationDisagreements.push({ relation, annotators: [...annotators].sort((a, b) => a.localeCompare(b)), settled: (accepted || mootRelation(relation)) && !conflicting, key, colleagueEnds, conflicting })
    }
  }
  return { analysts, places: result, agreedRelations, relationDisagreements }
}

/**
 * The indexes of `places` (disjoint, in reading order) where an analyst's span was changed after every curated
 * span over the place. Times that do not read as times, and times still to come (another machine's clock ahead,
 * a merged copy's), count as not changed: no settling could be newer than those. One pass over the spans.
 */
export function placesChangedSinceSettled<S extends CurationSpan & { updated_at: string }>(spans: readonly S[], places: readonly Place<S>[], now: number): Set<number> {
  const settledAt = new Array<number>(places.length).fill(Number.NaN)
  const changedAt = new Array<number>(places.length).fill(Number.NEGATIVE_INFINITY)
  const first = (offset: number) => {
    let low = 0
    let high = places.length
    while (low < high) {
      const middle = (low + high) >> 1
      if (places[middle].end <= offset) low = middle + 1
      else high = middle
    }
    return low
  }
  for (const span of spans) {
    const at = Date.parse(span.updated_at)
    for (let i = first(span.start); i < places.length && places[i].start < span.end; i++) {
      if (span.annotator === CURATED) settledAt[i] = Number.isNaN(settledAt[i]) ? at : Math.max(settledAt[i], at)
      else if (at <= now) changedAt[i] = Math.max(changedAt[i], at)
    }
  }
  const changed = new Set<number>()
  for (let i = 0; i < places.length; i++) if (changedAt[i] > settledAt[i]) changed.add(i)
  return changed
}
