/**
 * What taking a record into a corpus works out from the record alone, whatever the corpus holds: whether its
 * values nest too deeply, whether its analysts' names are ones the editor takes, its spans given twice merged,
 * and how many of them split a character. A large import reads its records once and takes each twice (checking,
 * then writing); the checking pass keeps this with the record so that the writing pass does not work it out again.
 */
import { AGREED, analystName, analystNameProblem, CURATED } from '../../shared/curation'
import { MAX_NESTING } from '../../shared/nesting'
import { CorpusRuleError } from '../errors'
import type { AnnotationOrigin, InputRecord, RecordOrigins } from '../formats/format'
import { valueTooDeep } from '../validation'
import { spansSplittingCharacters } from './character-edges'
import type { ParsedDocument } from './record'
import { keptOrigins, mergeTwinSpans, type MergedTwins } from './twin-spans'

/** A record that holds a document (not a reader's refusal). */
export type DocumentRecord = Extract<InputRecord, { document: unknown }>

/** A document as an import takes it: with its id (given, or made from the file's name and line). */
export type ImportDocument = ParsedDocument & { id: string }

/** A record refused for one of its annotations, named where that annotation was written (a brat .ann line). */
export class RefusedAt extends CorpusRuleError {
  constructor(
    readonly at: AnnotationOrigin,
    message: string,
  ) {
    super(message)
  }
}

/** A record's document with its spans given twice merged, where its annotations were written, and how many spans split a character. */
export type TwinsMerged = MergedTwins & { document: ImportDocument; origins: RecordOrigins | undefined; splitCharacters: number }

/**
 * A record as prepared: refused outright (`refusal`, one line), or with its analysts checked (`named`, where
 * annotations by `agreed` were taken into the curated layer: `agreed` says how many) and then either its twins
 * merged (`twins`) or the refusal that merging them threw (`thrown`).
 */
export type PreparedRecord =
  | { refusal: string }
  | { named: DocumentRecord; agreed: number; twins: TwinsMerged }
  | { named: DocumentRecord; agreed: number; thrown: CorpusRuleError }

/** Prepares `record` for taking; `annotator` is the import's, for annotations that name none. */
export function prepareRecord(record: DocumentRecord, annotator: string): PreparedRecord {
  const deep = deepestValue(record)
  if (deep !== null) return { refusal: deep }
  const checked = withAnalystsChecked(record)
  if (typeof checked === 'string') return { refusal: checked }
  const { named, agreed } = checked
  try {
    return { named, agreed, twins: withTwinsMerged(named, annotator) }
  } catch (error) {
    if (error instanceof CorpusRuleError) return { named, agreed, thrown: error }
    throw error
  }
}

/**
 * Where a record's document keeps a value nested deeper than MAX_NESTING (its meta, a span's attrs), said as
 * `unimportable` says it, or null: the limit is on the values, whatever the format wrapped them in.
 */
function deepestValue(record: DocumentRecord): string | null {
  const { document, origins } = record
  const meta = valueTooDeep(document.meta, 'meta', MAX_NESTING)
  if (meta !== null) return meta
  for (let i = 0; i < document.spans.length; i++) {
    const deep = valueTooDeep(document.spans[i].attrs, () => `${origins?.spans?.[i]?.name ?? `spans[${i}]`}.attrs`, MAX_NESTING)
    if (deep !== null) return deep
  }
  return null
}

/**
 * The record with the analysts its annotations name checked: `agreed` (what a settled export names what every
 * analyst agreed on) is taken into the curated layer, and counted; a name the editor refuses as an analyst's
 * (spaces at an end, a control character) refuses the record, with why; every other name is taken in its one
 * spelling (`analystName`). `curated` stays the curated layer's.
 */
function withAnalystsChecked(record: DocumentRecord): { named: DocumentRecord; agreed: number } | string {
  const { document } = record
  let agreed = 0
  let lastAccepted: string | undefined // most annotations of a record are one analyst's: a name is checked once in a row
  for (const annotations of [document.spans, document.relations, document.labels]) {
    for (const { annotator } of annotations) {
      if (annotator === undefined || annotator === CURATED || annotator === lastAccepted) continue
      if (annotator === AGREED) agreed++
      else {
        const problem = analystNameProblem(annotator)
        if (problem !== null) return `annotator ${problem}`
        lastAccepted = annotator
      }
    }
  }
  const spelt = (name: string): string => (name === AGREED ? CURATED : analystName(name))
  const respelt = [document.spans, document.relations, document.labels].some((annotations) => annotations.some(({ annotator }) => annotator !== undefined && spelt(annotator) !== annotator))
  if (!respelt) return { named: record, agreed }
  // `agreed` to the curated layer, and each analyst's name in its one spelling (`analystName`).
  const curated = <T extends { annotator: string | undefined }>(annotation: T): T => (annotation.annotator === undefined ? annotation : { ...annotation, annotator: spelt(annotation.annotator) })
  return {
    named: { ...record, document: { ...document, spans: document.spans.map(curated), relations: document.relations.map(curated), labels: document.labels.map(curated) } },
    agreed,
  }
}

/**
 * The record's document with spans given twice merged (`twin-spans.ts`), counted, and its spans that split a
 * character counted; throws naming both where twins with attributes that disagree were written.
 */
function withTwinsMerged(record: DocumentRecord, annotator: string): TwinsMerged {
  const twins = mergeTwinSpans(record.document, annotator)
  if ('document' in twins) {
    const splitCharacters = spansSplittingCharacters(twins.document.text, twins.document.spans)
    // Every key written out (not a spread of `twins`): V8 would give every record a hidden class of its own.
    const { merged, relationsLeftOut, keptFromFirst, keptFrom } = twins
    const document = { ...twins.document, id: record.document.id }
    return { document, merged, relationsLeftOut, keptFromFirst, keptFrom, origins: keptOrigins(record.origins, twins), splitCharacters }
  }
  const spans = record.document.spans
  const name = (i: number) => record.origins?.spans?.[i]?.name ?? `spans[${i}]`
  const { label, start, end } = spans[twins.first]
  const reason = `the same ${label} [${start}, ${end}) as ${name(twins.first)}, with another ${JSON.stringify(twins.key)}: a span is not made twice, and merging them would lose one; keep one`
  const at = record.origins?.spans?.[twins.second]
  throw at === undefined ? new CorpusRuleError(`${name(twins.second)}: ${reason}`) : new RefusedAt(at, `${at.name}: ${reason}`)
}
