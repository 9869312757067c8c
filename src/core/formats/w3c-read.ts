/**
 * Reading W3C Web Annotations back into documents: what `w3c-write.ts` writes, in either form, and
 * annotations other tools added to such a file. A document is rebuilt from the annotation that carries its
 * text (`marginalia:document`, or another tool's `describing` annotation holding the text: `describedText`);
 * every other annotation is placed on the document its target's `source` names.
 *
 * - a span: a `SpecificResource` target with a `TextPositionSelector` (code points, unless `--offsets` says
 *   otherwise), checked against its `TextQuoteSelector` when both are given, or found by its quote (exact,
 *   prefix and suffix) when there is no position; one span per tagging body (`purpose: tagging`, or any
 *   textual body of a `motivation: tagging` annotation) and per target;
 * - a relation: `motivation: linking` (or a body `purpose: linking`) with two span annotations as targets,
 *   head first unless `marginalia:relation` names the head;
 * - a document label: a classifying or tagging body on a target that is the document itself.
 *
 * A document is imported whole or refused: a quote that differs from the text at its position, a quote not
 * found or found more than once, a selector Marginalia cannot place, a relation whose targets are not span
 * annotations of the file, annotations of a document whose text is not in the file: each is one line naming
 * the file, the annotation's line and the reason. Annotations of kinds Marginalia does not hold (a comment
 * on a whole document, a highlight without a tag) are left out and named in the import's warnings. Unfamiliar
 * properties do not stop the import, as the model requires; a foreign span annotation's are kept in its span's
 * attrs (`w3c`), and a relation's or document label's named (`w3c-kept.ts`).
 */
import { z } from 'zod'
import type { DocumentStatus } from '../../shared/corpus-types'
import { sliceCodePoints } from '../../shared/offsets'
import { normaliseText } from '../import/normalise'
import { fitWordsOnlyAsUtf16, MAX_RECORD_NESTING, UTF16_HINT, type ParsedDocument, type ParsedDocumentLabel, type ParsedRelation, type ParsedSpan } from '../import/record'
import { describeZodIssue, unimportable } from '../validation'
import type { AnnotationOrigin, InputFile, InputRecord, ReadContext, RecordNotes } from './format'
import { OFFSET_UNITS, TextUnits, type OffsetUnit } from './units'
import { CR_COUNTED, CR_HINT, CrlfReading, fitWordsOnlyCountingCr } from './w3c-stored-line-ends'
import { annotationsOfText, typesOf, type LocatedAnnotation } from './w3c-annotations'
import { readJsonText } from './w3c-json-input'
import { keptBodies, keptOfSpan, keptRemark, LABEL_MOTIVATIONS, LABEL_PURPOSES, notKeptRemark, unreadProperties, W3C_KEPT } from './w3c-kept'
import { countedIn } from '../../shared/text'
import {
  DOCUMENT_PROPERTY,
  RELATION_PROPERTY,
  SPAN_PROPERTY,
  annotatorOfIri,
  documentExtension,
  relationExtension,
  spanExtension,
  w3cTime,
} from './w3c-model'

const strings = z.union([z.string(), z.array(z.string())], 'must be a string or an array of strings')

/** The parts of an annotation Marginalia reads; any other property is ignored. */
const annotationShape = z.object({
  id: z.string('must be a string (an IRI)').min(1, 'must not be empty').optional(),
  type: strings.refine((type) => (Array.isArray(type) ? type : [type]).includes('Annotation'), 'must be or include "Annotation"'),
  motivation: strings.optional(),
  body: z.unknown().optional(),
  bodyValue: z.string('must be a string').optional(),
  target: z.unknown().refine((target) => target !== undefined, 'is required: an annotation has 1 or more targets'),
  creator: z.unknown().optional(),
  created: w3cTime.optional(),
  modified: w3cTime.optional(),
  [DOCUMENT_PROPERTY]: documentExtension.optional(),
  [SPAN_PROPERTY]: spanExtension.optional(),
  [RELATION_PROPERTY]: relationExtension.optional(),
})

type Annotation = z.infer<typeof annotationShape>

/** An annotation read and validated, with where it is. */
interface Read {
  annotation: Annotation
  line: number | null
  /** The annotation as given, with the properties the schema does not read. */
  given: Record<string, unknown>
}

/** A textual body: its value and purposes. */
interface TextBody {
  value: string
  purposes: string[]
}

/** A target: a segment of a source (with selectors), a whole resource, or something Marginalia cannot read. */
type Target = { kind: 'segment'; source: string; selectors: unknown[] } | { kind: 'resource'; iri: string } | { kind: 'other' }

const UNIT_NAMES: Record<OffsetUnit, string> = { codepoints: 'code points', utf16: 'UTF-16 code units', utf8: 'UTF-8 bytes' }

function asArray(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value]
}

function objectOf(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
}

function stringsOf(value: unknown): string[] {
  return asArray(value).filter((item): item is string => typeof item === 'string')
}

/** The IRI of a resource given as a string or as an object with an `id`. */
function iriOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value
  const id = objectOf(value)?.id
  return typeof id === 'string' && id !== '' ? id : undefined
}

/** An annotation's textual bodies, and its other bodies (IRIs, specific resources). */
function textBodies(annotation: Annotation): { bodies: TextBody[]; others: unknown[] } {
  const bodies: TextBody[] = []
  const others: unknown[] = []
  for (const body of asArray(annotation.body)) {
    const object = objectOf(body)
    if (object !== undefined && typeof object.value === 'string') bodies.push({ value: object.value, purposes: stringsOf(object.purpose) })
    else others.push(body)
  }
  if (annotation.bodyValue !== undefined) bodies.push({ value: annotation.bodyValue, purposes: [] })
  return { bodies, others }
}

function targetsOf(annotation: Annotation): Target[] {
  return asArray(annotation.target).map((target): Target => {
    const object = objectOf(target)
    if (object !== undefined && object.source !== undefined) {
      const source = iriOf(object.source)
      return source === undefined ? { kind: 'other' } : { kind: 'segment', source, selectors: asArray(object.selector) }
    }
    const iri = iriOf(target)
    return iri === undefined ? { kind: 'other' } : { kind: 'resource', iri }
  })
}

/** The annotator an annotation names as its creator (the first, if several), or undefined. */
function annotatorOf(creator: unknown): { name: string | undefined; several: boolean } {
  const creators = asArray(creator)
  const first = creators[0]
  let name: string | undefined
  if (typeof first === 'string') name = annotatorOfIri(first) ?? first
  else {
    const agent = objectOf(first)
    if (agent !== undefined) {
      const nickname = stringsOf(agent.nickname)[0] ?? stringsOf(agent.account)[0]
      const id = typeof agent.id === 'string' ? agent.id : undefined
      name = nickname ?? stringsOf(agent.name)[0] ?? (id === undefined ? undefined : (annotatorOfIri(id) ?? id))
    }
  }
  return { name: name === undefined || name === '' ? undefined : name.slice(0, 200), several: creators.length > 1 }
}

/** Labels from bodies with one of `purposes`, or with none when the annotation's motivation is one of them. */
function labelsFor(annotation: Annotation, bodies: TextBody[], purposes: readonly string[]): string[] {
  const motivated = stringsOf(annotation.motivation).some((motivation) => purposes.includes(motivation))
  return bodies
    .filter((body) => (body.purposes.length === 0 ? motivated : body.purposes.some((purpose) => purposes.includes(purpose))))
    .map((body) => body.value)
    .filter((value) => value !== '')
}

/** Where an annotation is, for messages: its id, if it has one. */
function named(annotation: Annotation): string {
  return annotation.id === undefined ? 'an annotation without an id' : `annotation ${annotation.id}`
}

/** Where an annotation was given: its line (null where the input has none) and what it is called. */
interface Given {
  line: number | null
  name: string
}

/** A span being built: offsets in code points of the text as given. */
interface PendingSpan {
  start: number
  end: number
  span: Omit<ParsedSpan, 'start' | 'end'>
}

/** A document being rebuilt from its annotations. */
class DocumentBuild {
  readonly spans: PendingSpan[] = []
  /** Indexes into `spans` of the spans each annotation (by IRI) produced. */
  readonly spansOfAnnotation = new Map<string, number[]>()
  /** Span annotations (by IRI) that could not be placed: the document is refused for them already. */
  readonly unplaced = new Set<string>()
  readonly relations: ParsedRelation[] = []
  readonly labels: ParsedDocumentLabel[] = []
  /** Where each span, relation and document label was given (its annotation's line and name), by index: a refusal of one names it. */
  readonly origins: { spans: Given[]; relations: Given[]; labels: Given[] } = { spans: [], relations: [], labels: [] }
  readonly errors: { line: number | null; error: string }[] = []
  readonly remarks: NonNullable<RecordNotes['remarks']> = []
  /** The positions of spans placed by a TextPositionSelector alone (no quote to check them by), as given. */
  readonly positionsOnly: { start: number; end: number; text: undefined }[] = []
  readonly units: TextUnits
  /** True once a span was placed by positions that count CRs, as its quote confirmed (`w3c-stored-line-ends.ts`). */
  countedCr = false
  /** For a text read from another tool's describing annotation (`describedText`): that annotation's line. */
  describedAt: number | null | undefined
  private crlf: CrlfReading | null | undefined

  constructor(
    readonly iri: string,
    readonly line: number | null,
    readonly text: string,
    readonly fields: { id: string; title: string | undefined; status: DocumentStatus | undefined; meta: Record<string, unknown>; createdAt: string | undefined; updatedAt: string | undefined },
    offsets: OffsetUnit,
    /** True for a document the corpus has, whose text the file lacks: its annotations are added to it. */
    readonly stored = false,
  ) {
    this.units = new TextUnits(text, offsets)
  }

  /** A stored text's positions read as counting a CR before each line feed; null for a text of the file, or without line feeds. */
  crlfReading(): CrlfReading | null {
    if (this.crlf === undefined) this.crlf = this.stored && this.text.includes('\n') ? new CrlfReading(this.text, this.units.unit) : null
    return this.crlf
  }

  fail(line: number | null, error: string): void {
    this.errors.push({ line, error })
  }

  /** Notes `text` about the annotation at `line` (the document's own line if unknown). */
  remark(text: string, line: number | null): void {
    this.remarks.push(line === null || line === this.line ? text : { text, line })
  }
}

/** The code point offset of `value` (in the reader's unit), or why it cannot be one. */
function codePointAt(build: DocumentBuild, value: unknown, which: string): number | string {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) return `TextPositionSelector.${which}: must be a non-negative integer`
  const at = build.units.toCodePoints(value)
  if (at !== null) return at
  const length = build.units.fromCodePoints(build.units.index.length)
  return value > length
    ? `TextPositionSelector.${which}: ${value} is past the end of the text (${countedIn(length, UNIT_NAMES[build.units.unit])})`
    : `TextPositionSelector.${which}: ${value} falls inside a character (positions count ${UNIT_NAMES[build.units.unit]})`
}

/** Every place `exact` occurs in `text` (code point offsets) where `prefix` comes right before and `suffix` right after. */
function quoteMatches(build: DocumentBuild, exact: string, prefix: string, suffix: string): number[] {
  const { text } = build
  const found: number[] = []
  if (exact === '') return found
  for (let at = text.indexOf(exact); at !== -1; at = text.indexOf(exact, at + 1)) {
    if (text.slice(Math.max(0, at - prefix.length), at) !== prefix) continue
    if (text.slice(at + exact.length, at + exact.length + suffix.length) !== suffix) continue
    found.push(at)
  }
  // UTF-16 indices to code points (a match never starts inside a surrogate pair: exact is well-formed).
  return found.map((at) => build.units.index.toCodePoint(at))
}

/** A hint for a position whose slice differs from the quote: another unit it fits in, or where the quote is. */
function mismatchHint(build: DocumentBuild, start: number, end: number, exact: string): string {
  for (const unit of OFFSET_UNITS) {
    if (unit === build.units.unit) continue
    const other = new TextUnits(build.text, unit)
    const from = other.toCodePoints(start)
    const to = other.toCodePoints(end)
    if (from !== null && to !== null && to > from && sliceCodePoints(build.text, other.index, from, to) === exact) {
      return `; the positions fit as ${UNIT_NAMES[unit]}: import with --offsets ${unit}`
    }
  }
  const places = quoteMatches(build, exact, '', '')
  if (places.length === 0) return '; the quote is nowhere in the text: the annotation belongs to another version of the document'
  const length = [...exact].length
  return `; the quote is at ${places.slice(0, 3).map((at) => `[${at}, ${at + length})`).join(', ')}${places.length > 3 ? ` and ${places.length - 3} more places` : ''} in code points`
}

/** Where a segment target is in the text, in code points, or why it cannot be placed. */
function placeSegment(build: DocumentBuild, selectors: unknown[]): { start: number; end: number } | string {
  const objects = selectors.map(objectOf)
  if (objects.some((selector) => selector?.refinedBy !== undefined)) return 'a selector refinedBy another cannot be placed by Marginalia'
  const position = objects.find((selector) => typesOf(selector).includes('TextPositionSelector'))
  const quote = objects.find((selector) => typesOf(selector).includes('TextQuoteSelector'))
  if (position === undefined && quote === undefined) {
    const kinds = [...new Set(objects.flatMap((selector) => typesOf(selector)))]
    return `no TextPositionSelector or TextQuoteSelector to place it by${kinds.length > 0 ? ` (it has ${kinds.join(', ')})` : ''}`
  }
  if (quote !== undefined && typeof quote.exact !== 'string') return 'TextQuoteSelector.exact: is required and must be a string'
  // A stored text has LF line ends, whatever the quote was taken from.
  const exact = quote === undefined ? undefined : storedForm(build, quote.exact as string)
  if (position !== undefined) {
    const start = codePointAt(build, position.start, 'start')
    const end = codePointAt(build, position.end, 'end')
    const unplaced = typeof start === 'string' ? start : typeof end === 'string' ? end : null
    if (unplaced === null && end < start) return `TextPositionSelector: start ${String(position.start)} is after end ${String(position.end)}`
    if (unplaced === null && end === start) return `TextPositionSelector: start and end are both ${String(position.start)}, an empty span`
    if (exact === undefined) {
      if (unplaced !== null) return unplaced
      build.positionsOnly.push({ start: position.start as number, end: position.end as number, text: undefined })
      return { start: start as number, end: end as number }
    }
    const slice = unplaced === null ? sliceCodePoints(build.text, build.units.index, start as number, end as number) : null
    if (slice === exact) return { start: start as number, end: end as number }
    // On a stored text, positions may count the CRs its line ends had when given (past its end, even): the quote says.
    const counted = typeof position.start === 'number' && typeof position.end === 'number' ? placedCountingCr(build, position.start, position.end, exact) : null
    if (counted !== null) return counted
    if (unplaced !== null) return unplaced
    return (
      `TextQuoteSelector.exact ${JSON.stringify(exact)} differs from the text at the position [${String(position.start)}, ${String(position.end)}): ` +
      `${JSON.stringify(slice)} (positions count ${UNIT_NAMES[build.units.unit]}${mismatchHint(build, position.start as number, position.end as number, exact)})`
    )
  }
  const prefix = typeof quote?.prefix === 'string' ? storedForm(build, quote.prefix) : ''
  const suffix = typeof quote?.suffix === 'string' ? storedForm(build, quote.suffix) : ''
  const places = quoteMatches(build, exact!, prefix, suffix)
  if (places.length === 0) return `TextQuoteSelector: ${JSON.stringify(exact)} with its prefix and suffix is not in the text`
  if (places.length > 1) return `TextQuoteSelector: ${JSON.stringify(exact)} with its prefix and suffix occurs ${places.length} times in the text; add a TextPositionSelector to say which`
  return { start: places[0], end: places[0] + [...exact!].length }
}

/** `text` with CRLF and CR line ends made LF, as a stored text has them; as it is for a text of the file. */
function storedForm(build: DocumentBuild, text: string): string {
  return build.stored ? text.replace(/\r\n?/gu, '\n') : text
}

/** Where positions `start`-`end` counting CRs put a stored text's `exact`, if they do (and notes it), else null. */
function placedCountingCr(build: DocumentBuild, start: number, end: number, exact: string): { start: number; end: number } | null {
  const reading = build.crlfReading()
  const from = reading?.toStored(start) ?? null
  const to = reading?.toStored(end) ?? null
  if (from === null || to === null || to <= from || sliceCodePoints(build.text, build.units.index, from, to) !== exact) return null
  build.countedCr = true
  return { start: from, end: to }
}

/** True if `attrs` (a span's, as Marginalia wrote them) kept `body` of the foreign annotation the span came from. */
function keptIn(body: unknown, attrs: Record<string, unknown> | undefined): boolean {
  const given = JSON.stringify(body)
  return attrs !== undefined && keptBodies(attrs).some((kept) => JSON.stringify(kept) === given)
}

/** Adds the spans of a span annotation to their documents. */
function addSpans(read: Read, builds: Map<string, DocumentBuild>, orphan: (iri: string, line: number | null) => void): void {
  const { annotation, line } = read
  const { bodies, others } = textBodies(annotation)
  const labels = labelsFor(annotation, bodies, ['tagging'])
  const segments = targetsOf(annotation).filter((target): target is Extract<Target, { kind: 'segment' }> => target.kind === 'segment')
  const extension = annotation[SPAN_PROPERTY]
  const comment = labelsFor(annotation, bodies, ['commenting'])[0]
  const creator = annotatorOf(annotation.creator)
  // A foreign annotation's own properties are kept with its spans; Marginalia's carry their attrs.
  const kept = extension === undefined ? keptOfSpan(read.given) : null
  let keptSaid = false
  for (const segment of segments) {
    const build = builds.get(segment.source)
    if (build === undefined) {
      orphan(segment.source, line)
      continue
    }
    if (labels.length === 0) {
      build.remark(`annotation without a tagging body left out (motivation ${stringsOf(annotation.motivation).join(', ') || 'none'})`, line)
      continue
    }
    const place = placeSegment(build, segment.selectors)
    if (typeof place === 'string') {
      build.fail(line, `${named(annotation)}: ${place}`)
      if (annotation.id !== undefined) build.unplaced.add(annotation.id)
      continue
    }
    if (labels.length > 1) build.remark('annotation with several tagging bodies read as one span per label', line)
    if (segments.length > 1) build.remark('annotation with several targets read as one span per target', line)
    if (creator.several) build.remark('annotation with several creators: the first is the annotator', line)
    if (extension !== undefined && others.some((body) => !keptIn(body, extension.attrs))) build.remark('annotation body that is not textual (an IRI or a specific resource) not kept', line)
    if (kept !== null && !keptSaid) build.remark(keptRemark(kept), line)
    keptSaid = true
    const attrs = extension?.attrs ?? { ...(comment === undefined ? {} : { note: comment }), ...(kept === null ? {} : { [W3C_KEPT]: kept }) }
    const indexes = build.spansOfAnnotation.get(annotation.id ?? '') ?? []
    for (const label of labels) {
      indexes.push(build.spans.length)
      build.origins.spans.push({ line, name: named(annotation) })
      build.spans.push({
        ...place,
        span: {
          id: labels.length === 1 && segments.length === 1 ? extension?.id : undefined,
          label,
          attrs,
          annotator: creator.name,
          createdAt: annotation.created,
          updatedAt: annotation.modified,
        },
      })
    }
    if (annotation.id !== undefined) build.spansOfAnnotation.set(annotation.id, indexes)
  }
}

/** Adds a relation annotation to its document, once every span is known. */
function addRelation(read: Read, builds: Map<string, DocumentBuild>, documentOfSpan: Map<string, DocumentBuild>, unplaced: (line: number | null, error: string) => void): void {
  const { annotation, line } = read
  const targets = targetsOf(annotation)
  const iris = targets.map((target) => (target.kind === 'resource' ? target.iri : undefined))
  if (targets.length !== 2 || iris.some((iri) => iri === undefined)) {
    unplaced(line, `${named(annotation)}: a linking annotation needs exactly two targets, the IRIs of two span annotations of this file`)
    return
  }
  const [first, second] = iris as [string, string]
  const build = documentOfSpan.get(first) ?? documentOfSpan.get(second)
  if (build === undefined) {
    unplaced(line, `${named(annotation)}: its targets ${first} and ${second} are not span annotations of this file`)
    return
  }
  if (build.unplaced.has(first) || build.unplaced.has(second)) return // refused already, for the span
  for (const iri of [first, second]) {
    if (documentOfSpan.get(iri) !== build) {
      build.fail(line, `${named(annotation)}: target ${iri} is not a span annotation of the same document in this file`)
      return
    }
  }
  const head = annotation[RELATION_PROPERTY]?.head ?? first
  if (head !== first && head !== second) {
    build.fail(line, `${named(annotation)}: ${RELATION_PROPERTY}.head ${head} is not one of its targets`)
    return
  }
  const child = head === first ? second : first
  const ends = [head, child].map((iri) => build.spansOfAnnotation.get(iri) ?? [])
  const several = ends.findIndex((spans) => spans.length !== 1)
  if (several !== -1) {
    build.fail(line, `${named(annotation)}: target ${several === 0 ? head : child} holds ${ends[several].length} spans (one per tagging body or target); a relation needs exactly one at each end`)
    return
  }
  const { bodies } = textBodies(annotation)
  const labels = labelsFor(annotation, bodies, ['linking', 'tagging'])
  if (labels.length === 0) {
    build.remark('linking annotation without a label left out', line)
    return
  }
  if (labels.length > 1) build.remark('linking annotation with several labels read as one relation per label', line)
  const creator = annotatorOf(annotation.creator)
  const unread = unreadProperties(read.given, LABEL_PURPOSES, LABEL_MOTIVATIONS)
  if (unread !== null) build.remark(notKeptRemark(unread), line)
  for (const label of labels) {
    build.origins.relations.push({ line, name: named(annotation) })
    build.relations.push({
      id: labels.length === 1 ? annotation[RELATION_PROPERTY]?.id : undefined,
      head: ends[0][0],
      child: ends[1][0],
      label,
      annotator: creator.name,
      createdAt: annotation.created,
      updatedAt: annotation.modified,
    })
  }
}

/** Adds the labels of an annotation on whole documents. */
function addDocumentLabels(read: Read, builds: Map<string, DocumentBuild>, orphan: (iri: string, line: number | null) => void): void {
  const { annotation, line } = read
  const { bodies } = textBodies(annotation)
  const labels = labelsFor(annotation, bodies, ['classifying', 'tagging'])
  const creator = annotatorOf(annotation.creator)
  for (const target of targetsOf(annotation)) {
    if (target.kind !== 'resource') continue
    const build = builds.get(target.iri)
    if (build === undefined) {
      orphan(target.iri, line)
      continue
    }
    if (labels.length === 0) {
      build.remark(`annotation on a whole document without a classifying or tagging body left out (motivation ${stringsOf(annotation.motivation).join(', ') || 'none'})`, line)
      continue
    }
    const unread = unreadProperties(read.given, LABEL_PURPOSES, LABEL_MOTIVATIONS)
    if (unread !== null) build.remark(notKeptRemark(unread), line)
    for (const label of labels) {
      build.origins.labels.push({ line, name: named(annotation) })
      build.labels.push({ label, annotator: creator.name, createdAt: annotation.created })
    }
  }
}

/** The document a build has become, or the errors that refuse it. */
function finish(build: DocumentBuild, file: string): InputRecord[] {
  const seen = new Set<number>()
  for (const pending of build.spans) {
    const id = pending.span.id
    if (id === undefined) continue
    if (seen.has(id)) build.fail(build.line, `${SPAN_PROPERTY}.id ${id} is given to two spans of document ${build.fields.id}`)
    seen.add(id)
  }
  const normalised = normaliseText(build.text)
  const spans = build.spans.map((pending) => ({ ...pending.span, start: normalised.mapOffset(pending.start), end: normalised.mapOffset(pending.end) }))
  if (spans.some((span) => span.start === span.end)) build.fail(build.line, 'a span covers only a line-end CR or BOM, which import drops')
  // A text taken from a describing annotation that its annotations do not fit may be a description, not the text.
  if (build.errors.length > 0 && build.describedAt !== undefined) {
    build.fail(
      build.describedAt,
      `the text of ${build.iri} was read from this describing annotation (no marginalia:document): if it describes the document rather than holding its text, import the texts first, each with its IRI as its id`,
    )
  }
  // One document, however many of its annotations are refused: counted as one record, each problem listed.
  if (build.errors.length > 0) return build.errors.map((error) => ({ file, ...error, record: `${file}#${build.iri}` }))
  // Positions with no quote to check them by, that cut words as code points but fit them as UTF-16 code units.
  if (build.units.unit === 'codepoints' && fitWordsOnlyAsUtf16(build.positionsOnly, build.text, build.units)) build.remarks.push(UTF16_HINT)
  // On a stored text, positions that count the CRs import dropped from its line ends.
  if (build.countedCr) build.remarks.push(CR_COUNTED)
  const reading = build.positionsOnly.length === 0 ? null : build.crlfReading()
  if (reading !== null && fitWordsOnlyCountingCr(build.positionsOnly, build.text, build.units, reading)) build.remarks.push(CR_HINT)
  const notes: RecordNotes = build.remarks.length > 0 ? { remarks: build.remarks } : {}
  const { fields } = build
  const document: ParsedDocument & { id: string } = {
    id: fields.id,
    title: fields.title,
    text: normalised.text,
    meta: fields.meta,
    status: fields.status,
    createdAt: fields.createdAt,
    updatedAt: fields.updatedAt,
    spans,
    relations: build.relations,
    labels: build.labels,
  }
  const origin = (given: Given): AnnotationOrigin => ({ file, line: given.line ?? build.line ?? 1, name: given.name })
  const origins = { spans: build.origins.spans.map(origin), relations: build.origins.relations.map(origin), labels: build.origins.labels.map(origin) }
  return [{ file, line: build.line, document, notes, origins, ...(build.stored ? { annotatesStored: true } : {}) }]
}

/** Validates one located annotation, or says why it cannot be read. */
function validate(located: LocatedAnnotation): Read | string {
  const problem = unimportable(located.value, MAX_RECORD_NESTING)
  if (problem !== null) return problem
  if (objectOf(located.value) === undefined) return 'each annotation must be a JSON object'
  const result = annotationShape.safeParse(located.value)
  if (!result.success) return describeZodIssue(result.error.issues[0])
  return { annotation: result.data, line: located.line, given: located.value as Record<string, unknown> }
}

/** The document fields a text annotation carries, or why it cannot be read. */
function textOf(read: Read, offsets: OffsetUnit): { iri: string; build: DocumentBuild } | string {
  const { annotation, line } = read
  const extension = annotation[DOCUMENT_PROPERTY]!
  const text = textBodies(annotation).bodies[0]
  if (text === undefined) return `${named(annotation)}: ${DOCUMENT_PROPERTY} is given but there is no TextualBody holding the document's text`
  const targets = targetsOf(annotation)
  if (targets.length !== 1 || targets[0].kind !== 'resource') return `${named(annotation)}: the annotation carrying a document's text needs one target, the document's IRI`
  return {
    iri: targets[0].iri,
    build: new DocumentBuild(
      targets[0].iri,
      line,
      text.value,
      { id: extension.id, title: extension.title, status: extension.status, meta: extension.meta ?? {}, createdAt: annotation.created, updatedAt: annotation.modified },
      offsets,
    ),
  }
}

/**
 * The document another tool's annotation gives the whole text of, as the model allows and Marginalia's export
 * writes it (without `marginalia:document`), and that text: motivation `describing`; one `TextualBody` (plain
 * text: `format` `text/plain` or none; `purpose` `describing` or none), or a `bodyValue` alone; one target, the
 * whole document (its IRI, or an object with an `id` or a `source` and no selector). Undefined for any other
 * annotation, which is read as it would be otherwise.
 */
function describedText(annotation: Annotation): { iri: string; text: string } | undefined {
  const motivations = stringsOf(annotation.motivation)
  if (motivations.length === 0 || motivations.some((motivation) => motivation !== 'describing')) return undefined
  let text = annotation.bodyValue
  const bodies = asArray(annotation.body)
  if (text === undefined) {
    const body = bodies.length === 1 ? objectOf(bodies[0]) : undefined
    if (body === undefined || !typesOf(body).includes('TextualBody') || typeof body.value !== 'string') return undefined
    if ((body.format !== undefined && body.format !== 'text/plain') || asArray(body.purpose).some((purpose) => purpose !== 'describing')) return undefined
    text = body.value
  } else if (bodies.length > 0) return undefined
  const targets = asArray(annotation.target)
  const target = objectOf(targets[0])
  if (targets.length !== 1 || target?.selector !== undefined) return undefined
  const iri = target === undefined ? iriOf(targets[0]) : target.source !== undefined ? iriOf(target.source) : iriOf(target)
  return iri === undefined ? undefined : { iri, text }
}

/** Every document of a W3C file (or why not), in the order of the lines they start on. */
export function* readW3c(input: InputFile, context: ReadContext): Generator<InputRecord> {
  const file = readJsonText(input.path, context.onBytes)
  if ('error' in file) {
    yield { file: input.path, ...file }
    return
  }
  const { annotations, errors } = annotationsOfText(file.text)
  const out: InputRecord[] = errors.map((error) => ({ file: input.path, ...error }))
  const reads: Read[] = []
  for (const located of annotations) {
    const read = validate(located)
    if (typeof read === 'string') out.push({ file: input.path, line: located.line, error: read })
    else reads.push(read)
  }

  // Documents first, from the annotations carrying their texts.
  const builds = new Map<string, DocumentBuild>()
  const ids = new Map<string, number | null>()
  const offsets = context.offsets ?? 'codepoints'
  /** The annotations read as documents' texts, or refused as such: they are nothing else. */
  const texts = new Set<Read>()
  for (const read of reads) {
    if (read.annotation[DOCUMENT_PROPERTY] === undefined) continue
    texts.add(read)
    const text = textOf(read, offsets)
    if (typeof text === 'string') {
      out.push({ file: input.path, line: read.line, error: text })
      continue
    }
    if (builds.has(text.iri)) {
      out.push({ file: input.path, line: read.line, error: `a second annotation carries the text of ${text.iri}` })
      continue
    }
    if (ids.has(text.build.fields.id)) {
      out.push({ file: input.path, line: read.line, error: `document id "${text.build.fields.id}" repeats the id of line ${ids.get(text.build.fields.id)}` })
      continue
    }
    ids.set(text.build.fields.id, read.line)
    builds.set(text.iri, text.build)
  }

  /** A document the corpus has, whose text the file lacks: the file's annotations of `iri` are added to it. */
  const storedBuild = (iri: string, line: number | null, stored: { id: string; text: string }): DocumentBuild => {
    const fields = { id: stored.id, title: undefined, status: undefined, meta: {}, createdAt: undefined, updatedAt: undefined }
    return new DocumentBuild(iri, line, stored.text, fields, offsets, true)
  }

  // Another tool's describing annotations holding a text, for documents whose text the file does not give as
  // above: the document of that IRI (its id), or the corpus's document of that id if it has the same text.
  const described = new Set<string>()
  for (const read of reads) {
    const given = texts.has(read) ? undefined : describedText(read.annotation)
    if (given === undefined || (builds.has(given.iri) && !described.has(given.iri))) continue
    // The corpus has that document with another text: a description of it (a comment on the page), not its text,
    // read as any other annotation is.
    const stored = context.storedDocument?.(given.iri)
    if (stored !== undefined && normaliseText(given.text).text !== stored.text) continue
    texts.add(read)
    const refuse = (error: string): void => void out.push({ file: input.path, line: read.line, error })
    if (described.has(given.iri)) {
      refuse(`a second annotation carries the text of ${given.iri}`)
      continue
    }
    described.add(given.iri)
    if (stored !== undefined) builds.set(given.iri, storedBuild(given.iri, read.line, stored))
    else if (ids.has(given.iri)) refuse(`document id "${given.iri}" repeats the id of line ${ids.get(given.iri)}`)
    else {
      const { created, modified } = read.annotation
      const fields = { id: given.iri, title: undefined, status: undefined, meta: {}, createdAt: created, updatedAt: modified }
      ids.set(given.iri, read.line)
      const build = new DocumentBuild(given.iri, read.line, given.text, fields, offsets)
      build.describedAt = read.line
      builds.set(given.iri, build)
    }
  }

  // Annotations of documents whose text the file lacks but the corpus has (imported before, with the IRI as id).
  for (const read of context.storedDocument === undefined ? [] : reads) {
    if (texts.has(read)) continue
    for (const target of targetsOf(read.annotation)) {
      const iri = target.kind === 'segment' ? target.source : target.kind === 'resource' ? target.iri : undefined
      if (iri === undefined || builds.has(iri)) continue
      const stored = context.storedDocument!(iri)
      if (stored !== undefined) builds.set(iri, storedBuild(iri, read.line, stored))
    }
  }

  // Annotations on documents whose text neither the file nor the corpus has: one refusal per document, at its first annotation.
  const orphans = new Map<string, { line: number | null; count: number }>()
  const orphan = (iri: string, line: number | null): void => {
    const known = orphans.get(iri)
    if (known === undefined) orphans.set(iri, { line, count: 1 })
    else known.count++
  }
  const unplaced = (line: number | null, error: string): void => void out.push({ file: input.path, line, error })
  const relations: Read[] = []
  for (const read of reads) {
    const { annotation } = read
    if (texts.has(read)) continue
    const linking =
      annotation[RELATION_PROPERTY] !== undefined ||
      stringsOf(annotation.motivation).includes('linking') ||
      textBodies(annotation).bodies.some((body) => body.purposes.includes('linking'))
    const targets = targetsOf(annotation)
    if (linking) relations.push(read)
    else if (targets.every((target) => target.kind === 'segment')) addSpans(read, builds, orphan)
    else if (targets.every((target) => target.kind === 'resource')) addDocumentLabels(read, builds, orphan)
    else unplaced(read.line, `${named(annotation)}: its targets are neither all segments of a document (SpecificResource with a source) nor all whole documents (IRIs)`)
  }
  const documentOfSpan = new Map<string, DocumentBuild>()
  for (const build of builds.values()) for (const iri of [...build.spansOfAnnotation.keys(), ...build.unplaced]) documentOfSpan.set(iri, build)
  for (const read of relations) addRelation(read, builds, documentOfSpan, unplaced)
  for (const [iri, { line, count }] of orphans) {
    out.push({
      file: input.path,
      line,
      error:
        `${count} annotation${count === 1 ? '' : 's'} of ${iri}, a document whose text is neither in this file nor in the corpus: import ` +
        `the texts first, each with its IRI as its id (the annotations are then added to them), or give the file an annotation ` +
        `carrying the text (motivation describing, the text its one TextualBody), as Marginalia's W3C export writes`,
    })
  }
  for (const build of builds.values()) out.push(...finish(build, input.path))
  out.sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
  yield* out
}
