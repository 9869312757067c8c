/**
 * Spans an input gives twice: the same text, label and analyst. The corpus holds such a span once (a span is
 * not made twice), so an import merges them, whatever format they came in (a brat fragment over a span given
 * whole, JSONL that repeats a span to add a note): their attributes are combined and relations follow the span
 * kept. Twins with two different notes cannot be merged without losing one: refused. Other attributes that
 * differ (the ids, scores and provenance another tool gives each copy) keep the first copy's value, and the
 * import names them.
 */
import { isDeepStrictEqual } from 'node:util'
import { SPAN_NOTE } from '../../shared/contract-values'
import type { RecordOrigins } from '../formats/format'
import type { ParsedDocument, ParsedSpan } from './record'

/** Two spans of one document that are twins with attributes that disagree: indices into its spans, and the key. */
export interface TwinConflict {
  first: number
  second: number
  key: string
}

/** A document with its twin spans merged, how many were merged into another, and the relations that joined two twins. */
export interface MergedTwins {
  document: ParsedDocument
  merged: number
  /** Relations between two twins, left out: after the merge they would join a span to itself. */
  relationsLeftOut: number
  /** Attributes whose values differed between twins, the first twin's kept: by name, how many twins lost theirs. */
  keptFromFirst: ReadonlyMap<string, number>
  /** Where each span and relation kept was in the input document (indexes), when any was merged or left out. */
  keptFrom?: { spans: number[]; relations: number[] }
}

/** `keptFromFirst` of a document without twins: one map for all of them (the import keeps every record's). */
const NONE_KEPT_FROM_FIRST: ReadonlyMap<string, number> = new Map()

/** What twins share, as text: offsets, then the label's length before it, so that label and analyst cannot run together. */
const twinKey = (span: ParsedSpan, annotator: string) => `${span.start}:${span.end}:${span.label.length}:${span.label}${span.annotator ?? annotator}`

/**
 * False when no two of `spans` have the same offsets, so that none can be twins (most documents): a quick look
 * by number that may say true for spans that are not twins, never false for spans that are.
 */
function mayHaveTwins(spans: readonly ParsedSpan[]): boolean {
  if (spans.length < 2) return false
  const seen = new Set<number>()
  for (const { start, end } of spans) {
    const key = start * 0x100000000 + end // exact up to offsets of 2^21; past that two places may share a key
    if (seen.has(key)) return true
    seen.add(key)
  }
  return false
}

/** True if two attribute values are the same, whatever the order of their keys. */
const sameValue = (a: unknown, b: unknown) => isDeepStrictEqual(a, b)

/**
 * `document` with each set of twin spans made one (the first, with the attributes of all; a span naming no
 * analyst is `annotator`'s), relations moved to
 * it (a relation between two twins is left out, and counted); or the first conflict.
 */
export function mergeTwinSpans(document: ParsedDocument, annotator: string): MergedTwins | TwinConflict {
  if (!mayHaveTwins(document.spans)) return { document, merged: 0, relationsLeftOut: 0, keptFromFirst: NONE_KEPT_FROM_FIRST }
  const keptFromFirst = new Map<string, number>()
  const firstOf = new Map<string, number>()
  const indexOf: number[] = []
  const kept: ParsedSpan[] = []
  const keptFrom: number[] = []
  for (const [i, span] of document.spans.entries()) {
    const key = twinKey(span, annotator)
    const at = firstOf.get(key)
    if (at === undefined) {
      firstOf.set(key, kept.length)
      indexOf[i] = kept.length
      kept.push(span)
      keptFrom.push(i)
      continue
    }
    const twin = kept[at]
    const differing = Object.keys(span.attrs).filter((name) => name in twin.attrs && !sameValue(twin.attrs[name], span.attrs[name]))
    if (differing.includes(SPAN_NOTE)) return { first: keptFrom[at], second: i, key: SPAN_NOTE }
    for (const name of differing) keptFromFirst.set(name, (keptFromFirst.get(name) ?? 0) + 1)
    kept[at] = { ...twin, attrs: { ...span.attrs, ...twin.attrs } }
    indexOf[i] = at
  }
  const merged = document.spans.length - kept.length
  if (merged === 0) return { document, merged, relationsLeftOut: 0, keptFromFirst }
  const moved = document.relations.map((relation, i) => ({ relation: { ...relation, head: indexOf[relation.head], child: indexOf[relation.child] }, i }))
  const left = moved.filter(({ relation }) => relation.head !== relation.child)
  const relations = left.map(({ relation }) => relation)
  return {
    document: { ...document, spans: kept, relations },
    merged,
    relationsLeftOut: document.relations.length - relations.length,
    keptFromFirst,
    keptFrom: { spans: keptFrom, relations: left.map(({ i }) => i) },
  }
}

/** `origins` (by index in the input document) for the document `twins` made of it, so that a refusal names the annotation it is about. */
export function keptOrigins(origins: RecordOrigins | undefined, twins: MergedTwins): RecordOrigins | undefined {
  const { keptFrom } = twins
  if (origins === undefined || keptFrom === undefined) return origins
  const { spans, relations, labels } = origins
  return {
    ...(labels === undefined ? {} : { labels }), // document labels are not merged: each keeps its place
    ...(spans === undefined ? {} : { spans: keptFrom.spans.map((i) => spans[i]) }),
    ...(relations === undefined ? {} : { relations: keptFrom.relations.map((i) => relations[i]) }),
  }
}
