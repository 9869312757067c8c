/**
 * Merging one document of a source into the target: added whole if the target lacks its id, its
 * annotations merged if the target has the same text, left alone (and reported) if the texts differ.
 *
 * Annotations are matched by what they are, never by their ids (each corpus numbers its own): a span by
 * start, end, label and annotator; a relation by its two ends (as spans, so matched the same way), label and
 * annotator; a document label by label and annotator. What the target already has is not added again, so
 * merging the same source twice changes nothing; a span both have with other attributes (a note changed since)
 * takes those changed later.
 */
import { isDeepStrictEqual } from 'node:util'
import type { DocumentStatus } from '../../shared/corpus-types'
import { codePointLength } from '../../shared/offsets'
import { CorpusRuleError } from '../errors'
import { relationEndRefusal } from '../label-sets'
import type { Corpus, NewSpan } from '../store/corpus'
import type { DocumentRow } from '../store/documents'
import type { RelationRow } from '../store/relations'
import type { SpanRow } from '../store/spans'
import type { MergeSource } from './sources'
import { anotherSettling, curatedDecisionsIn, decisionOf, declaredIn, recordSettlingsMet, settlingsMetIn } from './settlings'
import type { MergeCounts, RefusedAnnotation } from './summary'
import { analystName, CURATED, type DeclaredAttributes } from '../../shared/curation'
import { countedIn } from '../../shared/text'

/** What makes two spans of one document the same span. */
type SpanIdentity = Pick<SpanRow, 'start_offset' | 'end_offset' | 'label' | 'annotator'>

/**
 * A key equal for two spans exactly when they are the same span (start, end, label, annotator). The annotator is
 * compared in the one spelling names are kept in (`analystName`): a copy written by an older Marginalia may hold it
 * spelled otherwise.
 */
export function spanKey(span: SpanIdentity): string {
  return JSON.stringify([span.start_offset, span.end_offset, span.label, analystName(span.annotator)])
}

/** A key equal for two relations of the target exactly when their ends are the same rows and their label and annotator equal. */
function relationKey(head: number, child: number, relation: Pick<RelationRow, 'label' | 'annotator'>): string {
  return JSON.stringify([head, child, relation.label, analystName(relation.annotator)])
}

/** A document label's key: label and annotator. */
function documentLabelKey(label: { label: string; annotator: string }): string {
  return JSON.stringify([label.label, analystName(label.annotator)])
}

/** True if two attribute texts (JSON objects) hold the same keys and values, whatever their order. */
function sameAttributes(a: string, b: string): boolean {
  return a === b || isDeepStrictEqual(JSON.parse(a), JSON.parse(b))
}

/** A span as a person reads it in a message. */
function describeSpan(span: SpanIdentity): string {
  return `${span.label} [${span.start_offset}, ${span.end_offset})`
}

/** The status a merged document ends with: the source's if the target's is `todo` and the source's is not. */
export function mergedStatus(targetStatus: DocumentStatus, sourceStatus: DocumentStatus): DocumentStatus {
  return targetStatus === 'todo' ? sourceStatus : targetStatus
}

/**
 * The curated spans a merge run has changed (by `documentId:spanId`), with what each decided and when before the
 * run's first change to it: a second source of the run that changed it otherwise since then is another curator's
 * settling, met, not a later word on it.
 */
export type CuratedBeforeRun = Map<string, { decision: string; updatedAt: string }>

/**
 * Merges the document `row` of `source` into `target`, counting what it did into `counts` (and, in
 * `curatedBefore`, the curated spans it changes). Writes without a transaction of its own: call it inside one.
 */
export function mergeDocument(target: Corpus, source: MergeSource, row: DocumentRow, counts: MergeCounts, curatedBefore: CuratedBeforeRun = new Map()): void {
  const existingId = target.documentId(row.external_id)
  if (existingId === undefined) {
    const documentId = target.insertDocument({
      externalId: row.external_id,
      title: row.title,
      text: row.text,
      meta: JSON.parse(row.meta) as Record<string, unknown>,
      status: row.status,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    })
    mergeAnnotations(target, documentId, codePointLength(row.text), source, row, counts)
    counts.documentsAdded++
    return
  }
  const existing = target.document(existingId)
  if (existing === undefined) throw new CorpusRuleError(`document "${row.external_id}" went while it was being merged`)
  if (existing.text_sha256 !== row.text_sha256 || existing.text !== row.text) {
    counts.textDiffers.push({ document: row.external_id, source: source.path })
    return
  }
  // Two curators' copies: where each settled a place otherwise, both settlings are kept and the place is named.
  const curatedInSource = source.reader.spansOf(row.id).some((span) => span.annotator === CURATED) || source.reader.curationDecisions(row.id).length > 0
  const declared = curatedInSource ? declaredIn(target) : undefined
  const metBefore = declared === undefined ? new Set<string>() : settlingsMetIn(target, existingId, declared)
  const ours = declared === undefined ? undefined : curatedDecisionsIn(target, existingId, declared)
  mergeAnnotations(target, existingId, existing.length, source, row, counts, declared, curatedBefore)
  if (declared !== undefined) {
    recordSettlingsMet(target, existingId, ours!, curatedDecisionsIn(source.reader, row.id, declared), declared)
    const metNow = settlingsMetIn(target, existingId, declared)
    const met = [...metNow].filter((place) => !metBefore.has(place))
    if (met.length > 0) counts.settlingsMet.push({ source: source.path, document: row.external_id, places: met })
    // Where settlings meet (now or since an earlier merge), what the source's curated layer lacks is the other
    // curator's settling, named by the merge that brought them together, not earlier work: not said again each merge.
    if (metNow.size > 0) {
      const curatedHere = counts.earlierWork.findIndex((work) => work.annotator === CURATED && work.document === row.external_id && work.source === source.path)
      if (curatedHere >= 0) counts.earlierWork.splice(curatedHere, 1)
    }
  }
  const status = mergedStatus(existing.status, row.status)
  if (status !== existing.status) {
    target.setStatus(existingId, status)
    counts.statusesTaken++
  } else if (row.status !== 'todo' && row.status !== status) {
    // Done in one, skipped in the other: two analysts' decisions, of which a document holds one.
    counts.statusesDiffering.push({ source: source.path, document: row.external_id, kept: status, theirs: row.status })
  }
  counts.documentsMerged++
}

/** Adds the spans, relations and document labels of the source's document that the target's lacks. */
function mergeAnnotations(target: Corpus, documentId: number, length: number, source: MergeSource, row: DocumentRow, counts: MergeCounts, declared?: DeclaredAttributes, curatedBefore: CuratedBeforeRun = new Map()): void {
  const refusal = (id: number, reason: string): RefusedAnnotation => ({ source: source.path, document: row.external_id, id, reason })

  // Spans: the target's by identity (more than one of an identity where two curators' settlings met in an earlier
  // merge), then the source's it lacks, with new ids.
  const targetSpans = target.spansOf(documentId)
  const targetAlike = new Map<string, SpanRow[]>()
  for (const span of targetSpans) targetAlike.set(spanKey(span), [...(targetAlike.get(spanKey(span)) ?? []), span])
  const sourceSpans = new Map<number, SpanRow>()
  const toAdd: { key: string; source: SpanRow; span: NewSpan }[] = []
  const adding = new Map<string, SpanRow[]>()
  const add = (key: string, span: SpanRow) => {
    adding.set(key, [...(adding.get(key) ?? []), span])
    toAdd.push({ key, source: span, span: newSpan(span) })
  }
  // Each source span's row in the target: the span it matched, or the one it is added as (relations follow them).
  const inTarget = new Map<number, number>()
  const matchedAdded = new Map<number, number>() // a source span matched to another source span being added: their ids
  const sourceSpanList = source.reader.spansOf(row.id)
  countEarlierWork(targetSpans, sourceSpanList, source.analysts, (annotator, spans, noneInSource) =>
    counts.earlierWork.push({ source: source.path, document: row.external_id, annotator, spans, noneInSource }),
  )
  for (const span of sourceSpanList) {
    sourceSpans.set(span.id, span)
    const key = spanKey(span)
    const alike = [...(targetAlike.get(key) ?? []), ...(adding.get(key) ?? [])]
    const same = alike.find((ours) => sameAttributes(ours.attrs, span.attrs))
    if (declared !== undefined && alike.length > 0 && same === undefined && alike.every((ours) => anotherSettling(ours, span, declared))) {
      // Another curator's settling (checkworthy no where the target's says yes): kept beside it, never over it.
      add(key, span)
    } else if (alike.length > 0) {
      counts.spansAlreadyPresent++
      // The very span (made at the same moment: the same, or edited in one copy), else the one with these attributes,
      // else one deciding alike, else the first.
      // Two copies of one curated span (two settlings met) have one creation time: the one deciding as this does.
      const decidesAlike = (ours: SpanRow) => declared !== undefined && decisionOf(ours, declared) === decisionOf(span, declared)
      const present =
        alike.find((ours) => ours.created_at === span.created_at && sameAttributes(ours.attrs, span.attrs)) ??
        alike.find((ours) => ours.created_at === span.created_at && decidesAlike(ours)) ??
        alike.find((ours) => ours.created_at === span.created_at) ??
        same ??
        (declared === undefined ? undefined : alike.find((ours) => decisionOf(ours, declared) === decisionOf(span, declared))) ??
        alike[0]
      if (adding.get(key)?.includes(present) === true) {
        matchedAdded.set(span.id, present.id)
        continue
      }
      // A curated span a source of this run changed already, changed otherwise in this one since the run began: two
      // curators' settlings of one place (the copies were made before either), kept side by side to settle again.
      const runKey = `${documentId}:${present.id}`
      const before = declared === undefined || present.annotator !== CURATED ? undefined : curatedBefore.get(runKey)
      // Met where both changed what it decides, to different decisions: a source that kept the run's starting decision
      // (a note edited, or a value changed and changed back) is weighed by time, the later word winning, in any order.
      const decides = (row: SpanRow) => decisionOf(row, declared!)
      if (before !== undefined && span.updated_at > before.updatedAt && decides(span) !== before.decision && decides(present) !== before.decision && decides(span) !== decides(present)) {
        counts.spansAlreadyPresent--
        add(key, span)
        continue
      }
      const noteBefore = (): void => {
        if (declared !== undefined && present.annotator === CURATED && !curatedBefore.has(runKey)) {
          curatedBefore.set(runKey, { decision: decisionOf(present, declared), updatedAt: present.updated_at })
        }
      }
      inTarget.set(span.id, present.id)
      if (sameAttributes(present.attrs, span.attrs)) {
        // Decided alike, later (a curator who changed it and changed it back): the later time is kept, so that a
        // source merged after this one is weighed against it, whatever order the sources are given in.
        if (span.updated_at > present.updated_at) {
          noteBefore()
          target.setSpanAttrs(documentId, present.id, JSON.parse(span.attrs) as Record<string, unknown>, span.updated_at)
        }
      } else {
        // The same span with another note or flag: the later change wins, as the analyst's last word on it.
        if (span.updated_at > present.updated_at) {
          noteBefore()
          target.setSpanAttrs(documentId, present.id, JSON.parse(span.attrs) as Record<string, unknown>, span.updated_at)
          counts.spanAttributesTaken++
        } else counts.spanAttributesKept.push(refusal(span.id, `${describeSpan(span)} by ${span.annotator} has other attributes in the target, changed there later`))
      }
    } else if (span.end_offset > length) {
      counts.spansRefused.push(refusal(span.id, `${describeSpan(span)} ends past the text (${countedIn(length, 'code points')})`))
    } else add(key, span)
  }
  const newIds = target.insertSpans(documentId, toAdd.map((entry) => entry.span))
  toAdd.forEach((entry, index) => inTarget.set(entry.source.id, newIds[index]))
  for (const [sourceId, addedAs] of matchedAdded) inTarget.set(sourceId, inTarget.get(addedAs)!)
  counts.spansAdded += toAdd.length

  // Relations: their ends mapped to the target's spans they matched or were added as, then matched by those.
  const targetRelations = new Set(target.relationsOf(documentId).map((relation) => relationKey(relation.head, relation.child, relation)))
  for (const relation of source.reader.relationsOf(row.id)) {
    const headSpan = sourceSpans.get(relation.head)
    const childSpan = sourceSpans.get(relation.child)
    if (headSpan === undefined || childSpan === undefined) {
      counts.relationsRefused.push(refusal(relation.id, 'one of its ends is no span of the document'))
      continue
    }
    const head = inTarget.get(relation.head)
    const child = inTarget.get(relation.child)
    if (head === undefined || child === undefined) {
      counts.relationsRefused.push(refusal(relation.id, `its ${head === undefined ? 'head' : 'child'} span was refused`))
      continue
    }
    const key = relationKey(head, child, relation)
    if (targetRelations.has(key)) {
      counts.relationsAlreadyPresent++
      continue
    }
    const reason = relationRefusal(target, relation.label, headSpan, childSpan, head === child)
    if (reason !== null) {
      counts.relationsRefused.push(refusal(relation.id, reason))
      continue
    }
    try {
      target.insertRelation(documentId, {
        head,
        child,
        label: relation.label,
        annotator: relation.annotator,
        createdAt: relation.created_at,
        updatedAt: relation.updated_at,
      })
    } catch (error) {
      // The corpus checks its rules before it writes anything, so a refused relation leaves nothing behind.
      if (!(error instanceof CorpusRuleError)) throw error
      counts.relationsRefused.push(refusal(relation.id, error.message))
      continue
    }
    targetRelations.add(key)
    counts.relationsAdded++
  }

  // Document labels: one per label and annotator.
  const targetLabels = new Set(target.documentLabelsOf(documentId).map(documentLabelKey))
  for (const label of source.reader.documentLabelsOf(row.id)) {
    const key = documentLabelKey(label)
    if (targetLabels.has(key)) {
      counts.documentLabelsAlreadyPresent++
      continue
    }
    target.insertDocumentLabel(documentId, label.label, label.annotator, label.created_at)
    targetLabels.add(key)
    counts.documentLabelsAdded++
  }

  // Disagreements a curator settled as nothing: each the target lacks.
  for (const decision of source.reader.curationDecisions(row.id)) target.settleAsNothing(documentId, decision.place, decision.annotator, decision.created_at)
}

/** A source's span as the target takes it: its place, label, attributes, annotator and times. */
function newSpan(span: SpanRow): NewSpan {
  return {
    start: span.start_offset,
    end: span.end_offset,
    label: span.label,
    attrs: JSON.parse(span.attrs) as Record<string, unknown>,
    annotator: span.annotator,
    createdAt: span.created_at,
    updatedAt: span.updated_at,
  }
}

/**
 * For each analyst whose work the source holds (`analysts`: those with annotations anywhere in it, so one who
 * removed all their spans from this document counts too), how many of their spans in `targetSpans` the source's
 * document lacks (an earlier version of their work there), told to `found` when there are any. A span made after
 * the analyst's latest change in the source is no earlier work the source has gone past: the source never had it (a
 * colleague's copy taken before the analyst made it, holding only their older work elsewhere). `noneInSource`: the
 * source's document holds no span of theirs (removed them all there, or their work is split over two copies).
 */
function countEarlierWork(
  targetSpans: readonly SpanRow[],
  sourceSpans: readonly SpanRow[],
  analysts: ReadonlyMap<string, string>,
  found: (annotator: string, spans: number, noneInSource: boolean) => void,
): void {
  const inSource = new Set(sourceSpans.map(spanKey))
  const workedHere = new Set(sourceSpans.map((span) => analystName(span.annotator)))
  const earlier = new Map<string, number>()
  for (const span of targetSpans) {
    const latest = analysts.get(analystName(span.annotator))
    if (latest === undefined || span.created_at > latest || inSource.has(spanKey(span))) continue
    earlier.set(analystName(span.annotator), (earlier.get(analystName(span.annotator)) ?? 0) + 1)
  }
  for (const [annotator, spans] of earlier) found(annotator, spans, !workedHere.has(annotator))
}

/** Why the target refuses a relation labelled `labelName` from `head` to `child`, or null if it takes it. */
function relationRefusal(target: Corpus, labelName: string, head: SpanIdentity, child: SpanIdentity, sameSpan: boolean): string | null {
  const label = target.label('relation', labelName)
  if (label === undefined) return `${target.path} has no relation label "${labelName}"`
  for (const [end, span] of [
    ['head', head],
    ['child', child],
  ] as const) {
    const refusal = relationEndRefusal(label, end, span.label)
    if (refusal !== null) return `${refusal}, but its ${end} is ${describeSpan(span)}`
  }
  return sameSpan ? 'its head and child are the same span once merged' : null
}
