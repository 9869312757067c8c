/**
 * A short signature of analysts' work on one document: its spans, relations and document labels, by where they
 * are, their label and their analyst (attributes and times aside, so that a note written since changes nothing).
 * Made alike from a record read and from the corpus's rows, it tells whether the corpus's document holds what
 * an input's earlier records of it hold, as a stopped run of that input leaves it, without keeping the records.
 */
import type { SpanRow } from '../store/spans'
import type { RelationRow } from '../store/relations'
import type { DocumentLabelRow } from '../store/document-labels'
import type { ParsedDocument } from './record'

/** How many annotations, and the sum of their keys' hashes (32 bits): equal work gives equal signatures. */
export interface WorkSignature {
  count: number
  sum: number
}

/** FNV-1a, 32 bits, of `text`. */
function hash(text: string): number {
  let value = 0x811c9dc5
  for (let i = 0; i < text.length; i++) value = Math.imul(value ^ text.charCodeAt(i), 0x01000193)
  return value >>> 0
}

const spanKey = (annotator: string, start: number, end: number, label: string): string => `s\t${annotator}\t${start}\t${end}\t${label}`

/**
 * Adds the keys' hashes up, each annotation once: one given twice in a record (a document label, a relation, a span)
 * is written once, so the record's signature must count it once to equal the stored one's.
 */
function signatureOf(keys: Iterable<string>): WorkSignature {
  let count = 0
  let sum = 0
  for (const key of new Set(keys)) {
    count++
    sum = (sum + hash(key)) >>> 0
  }
  return { count, sum }
}

/** The signature of a record's work; annotations naming no analyst are `annotator`'s. */
export function signatureOfRecord(document: ParsedDocument, annotator: string): WorkSignature {
  const spans = document.spans.map((span) => spanKey(span.annotator ?? annotator, span.start, span.end, span.label))
  return signatureOf([
    ...spans,
    ...document.relations.map((relation) => `r\t${relation.annotator ?? annotator}\t${relation.label}\t${spans[relation.head]}\t${spans[relation.child]}`),
    ...document.labels.map((label) => `l\t${label.annotator ?? annotator}\t${label.label}`),
  ])
}

/** The signature of the work of `analysts` among a stored document's rows. */
export function signatureOfStored(spans: readonly SpanRow[], relations: readonly RelationRow[], labels: readonly DocumentLabelRow[], analysts: ReadonlySet<string>): WorkSignature {
  const keys = new Map(spans.map((span) => [span.id, spanKey(span.annotator, span.start_offset, span.end_offset, span.label)]))
  const theirs = <T extends { annotator: string }>(rows: readonly T[]): T[] => rows.filter((row) => analysts.has(row.annotator))
  return signatureOf([
    ...theirs(spans).map((span) => keys.get(span.id)!),
    ...theirs(relations).map((relation) => `r\t${relation.annotator}\t${relation.label}\t${keys.get(relation.head)}\t${keys.get(relation.child)}`),
    ...theirs(labels).map((label) => `l\t${label.annotator}\t${label.label}`),
  ])
}

/** True if two signatures are of the same work. */
export function sameWork(a: WorkSignature, b: WorkSignature): boolean {
  return a.count === b.count && a.sum === b.sum
}
