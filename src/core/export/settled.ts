/**
 * The settled set of a document (`export --curated-or-agreed`): what the curated layer says where it has
 * spoken, and elsewhere what every analyst agreed on. Where analysts differ and no curator has settled it,
 * only the spans every analyst made there are taken. The rules are `curationOf`'s (src/shared/curation.ts).
 */
import type { ExportedDocument, ExportedDocumentLabel, ExportedRelation, ExportedSpan } from '../../shared/corpus-types'
import { AGREED, CURATED, curationOf, placesChangedSinceSettled, placeSettlingKey, relationSettlingKey, settles, spanSignature, versionSignature, type DeclaredAttributes } from '../../shared/curation'

/** What a settled export is told, document by document, of what the settled set leaves out or takes as it is. */
export interface SettledTold {
  /** Each place of a document left out of the settled set because two settlings meet there. */
  settlingsMeet?: (document: string, place: { start: number; end: number }, kind: 'place' | 'relation') => void
  /** Each document one analyst alone annotated, whose spans the settled set takes as agreed. */
  agreedAlone?: (document: string, analyst: string) => void
  /** Each document's disagreements no curator has settled yet (places and relations). */
  unsettled?: (document: string, places: number, relations: number) => void
  /** Each document's places settled, then changed by an analyst since (the curated decision is taken). */
  changedSinceSettled?: (document: string, places: number) => void
  /** Each document's labels some analysts gave and others did not, with no curator's labels there: left out. */
  labelsUnsettled?: (document: string, labels: { label: string; analysts: string[] }[]) => void
}

/**
 * `document` (exported with every analyst's work) reduced to its settled annotations. A place or a relation where two
 * settlings meet (two curators' copies merged, each settled it otherwise: `Place.conflicting`,
 * `RelationDisagreement.conflicting`) is not settled: its curated spans and relations are left out, and
 * `told.settlingsMeet` is told where; `told` hears the rest that `SettledTold` names.
 */
export function settledDocument(
  document: ExportedDocument,
  declared: DeclaredAttributes = () => [],
  told: SettledTold = {},
): ExportedDocument {
  const asNothing = new Set((document.settled_as_nothing ?? []).map((decision) => decision.place))
  const curation = curationOf(document.spans, document.relations, declared, asNothing)
  const meeting = curation.places.filter((place) => place.conflicting)
  // Where the analysts differ and no curator has spoken: only what every version holds is taken (below); said.
  // Settled as nothing counts as settled, as in the editor's curation list, while an analyst's version there is nothing.
  const placeAsNothing = (place: (typeof curation.places)[number]) => asNothing.has(placeSettlingKey(place)) && place.versions.some((version) => version.spans.length === 0)
  const waiting = curation.places.filter((place) => !place.agreed && !place.settled && !place.conflicting && !placeAsNothing(place)).length
  const waitingRelations = curation.relationDisagreements.filter((d) => !d.settled && !d.conflicting && !asNothing.has(relationSettlingKey(d.key))).length
  if (waiting + waitingRelations > 0) told.unsettled?.(document.id, waiting, waitingRelations)
  // Settled, then changed by an analyst: the curated decision is what the set holds; said, as curation shows them open again.
  const changed = placesChangedSinceSettled(document.spans, curation.places, Date.now())
  const reopened = curation.places.filter((place, index) => place.settled && changed.has(index)).length
  if (reopened > 0) told.changedSinceSettled?.(document.id, reopened)
  const inMeeting = (span: ExportedSpan) => meeting.some((place) => span.start < place.end && place.start < span.end)
  const curatedSpans = document.spans.filter((span) => span.annotator === CURATED && !inMeeting(span))
  const spans: ExportedSpan[] = [...curatedSpans]
  // Each analyst's span by what it decides, for the attributes of what all decided alike.
  const alike = new Map<string, ExportedSpan[]>()
  for (const span of document.spans) {
    if (span.annotator === CURATED) continue
    const signature = versionSignature(span, declared)
    const same = alike.get(signature)
    if (same === undefined) alike.set(signature, [span])
    else same.push(span)
  }
  for (const place of curation.places) {
    if (place.settled) continue
    // Agreed, or where the analysts differ and no curator has spoken, the spans every analyst's version holds (a
    // Source all tagged alike, under a Claim only one tagged); where two settlings meet, the analysts' agreement too.
    const everyones = place.versions[0].spans.filter((span) => place.versions.every((version) => version.spans.some((other) => versionSignature(other, declared) === versionSignature(span, declared))))
    for (const span of everyones) spans.push({ ...span, annotator: AGREED, attrs: agreedAttributes(alike.get(versionSignature(span, declared)) ?? [span], curation.analysts) })
  }
  spans.sort((a, b) => a.start - b.start || a.end - b.end || a.id - b.id)
  if (curation.analysts.length === 1 && spans.some((span) => span.annotator === AGREED)) told.agreedAlone?.(document.id, curation.analysts[0])

  // Relations join spans by what they are (start, end, label), so an agreed relation finds the copy kept.
  const kept = new Map<string, ExportedSpan>()
  for (const span of spans) if (!kept.has(spanSignature(span)) || span.annotator === CURATED) kept.set(spanSignature(span), span)
  const byId = new Map(document.spans.map((span) => [span.id, span]))
  const keptIds = new Set(spans.map((span) => span.id))
  // A curated relation that settles a relation a curator also settled as nothing is two settlings met: left out.
  const metRelations = curation.relationDisagreements.filter((disagreement) => disagreement.conflicting)
  const metExtents = metRelations.map(({ relation }) => {
    const ends = [byId.get(relation.head)!, byId.get(relation.child)!]
    return { start: Math.min(...ends.map((end) => end.start)), end: Math.max(...ends.map((end) => end.end)) }
  })
  const met = [...meeting.map((place) => ({ start: place.start, end: place.end, kind: 'place' as const })), ...metExtents.map((extent) => ({ ...extent, kind: 'relation' as const }))]
  for (const one of met.sort((a, b) => a.start - b.start || a.end - b.end)) told.settlingsMeet?.(document.id, { start: one.start, end: one.end }, one.kind)
  const spanOf = (id: number) => byId.get(id)
  const relations: ExportedRelation[] = document.relations.filter(
    (relation) =>
      relation.annotator === CURATED &&
      keptIds.has(relation.head) &&
      keptIds.has(relation.child) &&
      !metRelations.some((met) => settles(relation, met.relation, spanOf)),
  )
  for (const relation of curation.agreedRelations) {
    const head = kept.get(spanSignature(byId.get(relation.head)!))
    const child = kept.get(spanSignature(byId.get(relation.child)!))
    const duplicate = relations.some((r) => r.head === head?.id && r.child === child?.id && r.label === relation.label)
    if (head !== undefined && child !== undefined && !duplicate) relations.push({ ...relation, head: head.id, child: child.id, annotator: AGREED })
  }

  const curatedLabels = document.labels.filter((label) => label.annotator === CURATED)
  // The analysts of a document's labels: those of its spans, and any who gave a label (a fact-checker may only flag it).
  const analysts = [...new Set([...curation.analysts, ...document.labels.map((label) => label.annotator)])].filter((name) => name !== CURATED && name !== AGREED)
  const givenBy = (name: string) => analysts.filter((analyst) => document.labels.some((l) => l.label === name && l.annotator === analyst))
  const names = [...new Set(document.labels.filter((label) => label.annotator !== CURATED).map((label) => label.label))]
  const labels: ExportedDocumentLabel[] =
    curatedLabels.length > 0 || analysts.length === 0
      ? curatedLabels
      : names.filter((name) => givenBy(name).length === analysts.length).map((name) => ({ ...document.labels.find((label) => label.label === name)!, annotator: AGREED }))
  // A label some analysts gave and others did not, no curator having chosen the document's labels: left out, and said.
  const disputed = curatedLabels.length > 0 ? [] : names.map((label) => ({ label, analysts: givenBy(label) })).filter(({ analysts: by }) => by.length > 0 && by.length < analysts.length)
  if (disputed.length > 0) told.labelsUnsettled?.(document.id, disputed)
  // One analyst alone gave the labels taken: named as a document annotated by one analyst alone, as for spans.
  if (analysts.length === 1 && curatedLabels.length === 0 && labels.length > 0) told.agreedAlone?.(document.id, analysts[0])
  return { ...document, spans, relations, labels }
}

/**
 * The attributes of a span every analyst (`analysts`) made alike (`made`, one each): those all of them gave the same
 * value (declared values, by definition; an unsure flag only if all set it), `agreed_by`, and the analysts' notes,
 * each under its author in `notes`: no one's remark passes for everyone's.
 */
function agreedAttributes(made: readonly ExportedSpan[], analysts: readonly string[]): Record<string, unknown> {
  const [first] = made
  const attrs: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(first.attrs)) {
    if (name === 'note') continue
    const json = JSON.stringify(value)
    if (made.every((span) => JSON.stringify(span.attrs[name]) === json)) attrs[name] = value
  }
  attrs.agreed_by = analysts
  const noted = made.filter((span) => typeof span.attrs.note === 'string' && span.attrs.note !== '').sort((a, b) => a.annotator.localeCompare(b.annotator))
  const notes = Object.fromEntries(noted.map((span) => [span.annotator, span.attrs.note]))
  if (Object.keys(notes).length > 0) attrs.notes = notes
  return attrs
}
