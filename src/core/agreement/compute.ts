/**
 * Inter-annotator agreement over a corpus: for each pair of analysts, exact-span precision, recall and F1
 * and token-level Cohen's kappa on the documents both annotated; Krippendorff's alpha (nominal, word tokens
 * as units) across all analysts; and a per-document table, most disagreement first. Documents are read a
 * page at a time and counted as they go: only one document's spans and tokens are held at once.
 */
import type { SpanRow } from '../store/spans'
import type { RelationRow } from '../store/relations'
import type { CorpusReader } from '../store/reader'
import { addSpanCounts, KappaTable, NominalCoincidences, pairUp, spanKey, spanScores, type LabelledSpan, type SpanCounts } from './metrics'
import type { AgreementMethod, AgreementReport, AttributeFigures, DocumentAgreement, DocumentPair, PairAgreement, PairFigures, RelationFigures } from '../../shared/agreement-report'
import { agreementScope, CURATION_ANNOTATOR, type AgreementOptions } from './scope'
import { TaggedSpans } from '../../shared/curation'
import { tokensOverlapping, wordTokens, type Token } from './tokens'

export type { AgreementOptions }
export type * from '../../shared/agreement-report'

/** How every figure is computed, as the report says it. */
export const AGREEMENT_METHOD: AgreementMethod = {
  spans:
    'Exact match: a span of each analyst with the same start, end and label; each span matches at most one. ' +
    'The first analyst of a pair is the reference: precision = matches / compared spans, ' +
    'recall = matches / reference spans, f1 = 2 × matches / (reference spans + compared spans). ' +
    'null where undefined (0/0), never NaN.',
  documents:
    'An analyst annotated a document if they have at least one span in it, of any label. ' +
    'A pair is compared on the documents both annotated; alpha counts the documents at least two analysts annotated. ' +
    `The annotator "${CURATION_ANNOTATOR}" (the curation layer) is left out unless named.`,
  byDocument:
    'Per document and pair, f1 counts spans and relations together (matches of both over the counts of both); ' +
    'disagreement = 1 − the mean of the pairs’ f1; attributeDifferences counts the declared attribute values that differ on spans tagged alike, ' +
    'and orders documents of equal disagreement.',
  tokens:
    "Word tokens are the word-like segments of Intl.Segmenter (granularity 'word'), with code point offsets; " +
    'a token is in a span when they share at least one code point. ' +
    'Per label a token is binary: in a span of that label by this analyst, or not (so overlapping and nested spans count). ' +
    'Overall, a token’s value for an analyst is the set of labels covering it, written sorted and +-joined ' +
    '(e.g. Claim+Speaker), or none.',
  kappa: "Cohen's kappa of the two analysts of a pair, over the word tokens of the documents both annotated.",
  alpha:
    "Krippendorff's alpha for nominal data (not unitizing alpha), word tokens as units, across all analysts: " +
    'an analyst who did not annotate a document gives no value for its tokens; a token with fewer than two values is not pairable.',
  relations:
    'Exact match: a relation of each analyst with the same label whose heads are tagged exactly alike (same start, end and label) ' +
    'and whose children are too; each relation matches at most one; an end the analyst did not tag (a colleague\u2019s span) matches none. ' +
    'Counted on the documents both annotated, for relations whose ends are both of the labels counted; precision, recall and f1 as for spans.',
  attributes:
    'For each attribute a counted label declares: over the spans of that label both analysts tagged exactly alike (same start ' +
    'and end), the share given the same value (not set counts as a value, so set by one and not the other differs) and ' +
    "Cohen's kappa of the two analysts' values.",
}

const PAGE_SIZE = 256

/** What two analysts have been counted to agree on so far. */
interface PairTally {
  reference: number
  compared: number
  documents: number
  tokens: number
  /** Exact-span counts by label index. */
  spans: SpanCounts[]
  /** Binary token values (in a span of the label or not) by label index. */
  labelKappas: KappaTable[]
  /** Label-set token values. */
  overallKappa: KappaTable
  /** Exact-relation counts by relation label index. */
  relations: SpanCounts[]
  /** The values both gave each declared attribute, on the spans both tagged exactly alike: one per attribute. */
  attributes: KappaTable[]
}

/** A span as agreement counts it: where, which label, whose, and its attributes as stored (JSON text, read once, when compared). */
interface CountedSpan extends LabelledSpan {
  annotator: string
  attrs: string
  /** `attrs` read, once it is needed (null if it is no object). */
  read?: Record<string, unknown> | null
}

/** An attribute a counted label declares, with that label's index. */
interface CountedAttribute {
  label: string
  labelIndex: number
  attribute: string
}

/** Alpha's coincidences so far. */
interface AlphaTally {
  documents: number
  tokens: number
  byLabel: NominalCoincidences[]
  overall: NominalCoincidences
}

/** One analyst's work in one document. */
interface AnalystWork {
  /** Has at least one span in the document, of any label. */
  annotated: boolean
  /** Their spans of the report's labels, by label index. */
  spansByLabel: CountedSpan[][]
  /** Their relations between spans of the report's labels, as exact-match keys, by relation label index. */
  relationsByLabel: string[][]
}

/** Indices of the analysts, span labels and relation labels a report counts. */
interface Indices {
  analysts: ReadonlyMap<string, number>
  labels: ReadonlyMap<string, number>
  relationLabels: ReadonlyMap<string, number>
}

/**
 * Each analyst's spans and relations in a document, by analyst index then label index; other annotators' are
 * dropped, and so are relations with an end of a label not counted. A relation's ends are as curation has them
 * (`TaggedSpans`): an end only another annotator tagged (a link made to a colleague's span) is that annotator's,
 * so that it matches no relation of an analyst who tagged it: agreeing on a relation needs agreeing on both its ends.
 */
function workOf(spans: readonly SpanRow[], relations: readonly RelationRow[], indices: Indices): AnalystWork[] {
  const work = [...indices.analysts.keys()].map(
    (): AnalystWork => ({ annotated: false, spansByLabel: [...indices.labels.keys()].map(() => []), relationsByLabel: [...indices.relationLabels.keys()].map(() => []) }),
  )
  const counted = new Map<number, CountedSpan>()
  const tagged = new TaggedSpans()
  for (const span of spans) {
    const label = indices.labels.get(span.label)
    const countedSpan: CountedSpan = { start: span.start_offset, end: span.end_offset, label: span.label, annotator: span.annotator, attrs: span.attrs }
    if (label !== undefined) counted.set(span.id, countedSpan)
    const analyst = indices.analysts.get(span.annotator)
    if (analyst === undefined) continue
    work[analyst].annotated = true
    if (label === undefined) continue
    work[analyst].spansByLabel[label].push(countedSpan)
    tagged.add(countedSpan)
  }
  for (const relation of relations) {
    const analyst = indices.analysts.get(relation.annotator)
    const label = indices.relationLabels.get(relation.label)
    const head = counted.get(relation.head)
    const child = counted.get(relation.child)
    if (analyst === undefined || label === undefined || head === undefined || child === undefined) continue
    work[analyst].relationsByLabel[label].push(tagged.relationSignature(relation, head, child))
  }
  return work
}

/** A span's value of `attribute` as compared: the value as text, or `(not set)`. */
function attributeValue(span: CountedSpan, attribute: string): string {
  if (span.read === undefined) {
    let attrs: unknown = null
    try {
      attrs = JSON.parse(span.attrs)
    } catch {
      // left as null: no attribute is set
    }
    span.read = attrs !== null && typeof attrs === 'object' && !Array.isArray(attrs) ? (attrs as Record<string, unknown>) : null
  }
  const value = span.read?.[attribute]
  return value === undefined || value === null ? '(not set)' : typeof value === 'string' ? value : JSON.stringify(value)
}

/** What a pair agreed on in one document: spans and relations together, and the attribute values that differ. */
interface DocumentTally {
  /** Spans and relations together: each side's count and the exact matches. */
  annotations: SpanCounts
  /** Declared attribute values that differ on spans both tagged alike. */
  attributeDifferences: number
}

/** Counts one document's spans and relations for a pair: exact matches by label, attribute values on the matched spans. */
function tallyMatches(pair: PairTally, reference: AnalystWork, compared: AnalystWork, attributes: readonly CountedAttribute[]): DocumentTally {
  const inDocument: DocumentTally = { annotations: { reference: 0, compared: 0, matches: 0 }, attributeDifferences: 0 }
  pair.spans.forEach((total, label) => {
    const matched = pairUp(reference.spansByLabel[label], compared.spansByLabel[label], spanKey)
    const counts = { reference: reference.spansByLabel[label].length, compared: compared.spansByLabel[label].length, matches: matched.length }
    addSpanCounts(total, counts)
    addSpanCounts(inDocument.annotations, counts)
    attributes.forEach((attribute, index) => {
      if (attribute.labelIndex !== label) return
      for (const [a, b] of matched) {
        const [valueA, valueB] = [attributeValue(a, attribute.attribute), attributeValue(b, attribute.attribute)]
        pair.attributes[index].add(valueA, valueB)
        if (valueA !== valueB) inDocument.attributeDifferences++
      }
    })
  })
  pair.relations.forEach((total, label) => {
    const counts = {
      reference: reference.relationsByLabel[label].length,
      compared: compared.relationsByLabel[label].length,
      matches: pairUp(reference.relationsByLabel[label], compared.relationsByLabel[label], (key) => key).length,
    }
    addSpanCounts(total, counts)
    addSpanCounts(inDocument.annotations, counts)
  })
  return inDocument
}

/** Which tokens each label's spans cover: one array per label, 1 where a span of it overlaps the token. */
function coverageOf(tokens: readonly Token[], spansByLabel: readonly LabelledSpan[][]): Uint8Array[] {
  return spansByLabel.map((spans) => {
    const covered = new Uint8Array(tokens.length)
    for (const span of spans) {
      const { first, last } = tokensOverlapping(tokens, span.start, span.end)
      covered.fill(1, first, last)
    }
    return covered
  })
}

/** Each token's label set as a value: the indices of the labels covering it, ascending, or `none`. */
function labelSets(coverage: readonly Uint8Array[], tokenCount: number): string[] {
  const values: string[] = []
  for (let t = 0; t < tokenCount; t++) {
    let value = ''
    for (let label = 0; label < coverage.length; label++) if (coverage[label][t] === 1) value += value === '' ? `${label}` : `+${label}`
    values.push(value === '' ? 'none' : value)
  }
  return values
}

/** `k` values `in` and `m − k` values `out`: one token's binary values from `m` analysts, `k` covering it. */
const binaryUnit = (k: number, m: number): string[] => [...Array<string>(k).fill('in'), ...Array<string>(m - k).fill('out')]

/** Counts one document's tokens as alpha's units: binary per label, label sets overall. */
function tallyAlpha(alpha: AlphaTally, coverage: readonly Uint8Array[][], values: readonly string[][], tokenCount: number): void {
  const m = coverage.length
  alpha.documents++
  alpha.tokens += tokenCount
  alpha.byLabel.forEach((coincidences, label) => {
    const unitsWithK = new Array<number>(m + 1).fill(0) // tokens that k of the m analysts put in a span of the label
    for (let t = 0; t < tokenCount; t++) {
      let k = 0
      for (const analyst of coverage) k += analyst[label][t]
      unitsWithK[k]++
    }
    unitsWithK.forEach((times, k) => coincidences.addUnit(binaryUnit(k, m), times))
  })
  const unit = new Array<string>(m)
  for (let t = 0; t < tokenCount; t++) {
    for (let a = 0; a < m; a++) unit[a] = values[a][t]
    alpha.overall.addUnit(unit)
  }
}

/** Counts one document's tokens for a pair's kappas. */
function tallyKappas(pair: PairTally, a: readonly Uint8Array[], b: readonly Uint8Array[], aValues: readonly string[], bValues: readonly string[]): void {
  pair.labelKappas.forEach((table, label) => {
    const cells = [0, 0, 0, 0] // index 2 × (a covers) + (b covers)
    for (let t = 0; t < aValues.length; t++) cells[2 * a[label][t] + b[label][t]]++
    table.add('out', 'out', cells[0])
    table.add('out', 'in', cells[1])
    table.add('in', 'out', cells[2])
    table.add('in', 'in', cells[3])
  })
  for (let t = 0; t < aValues.length; t++) pair.overallKappa.add(aValues[t], bValues[t])
}

/** Counts of several labels together. */
function summed(counts: readonly SpanCounts[]): SpanCounts {
  const total: SpanCounts = { reference: 0, compared: 0, matches: 0 }
  for (const more of counts) addSpanCounts(total, more)
  return total
}

/** The relation figures of a pair's tally, for one relation label (or for all when `label` is null). */
function relationFigures(label: string | null, counts: SpanCounts): RelationFigures {
  return { label, referenceRelations: counts.reference, comparedRelations: counts.compared, matches: counts.matches, ...spanScores(counts) }
}

/** The figures of a pair's tally, for one label (or for all when `label` is null). */
function pairFigures(label: string | null, counts: SpanCounts, kappa: KappaTable): PairFigures {
  return { label, referenceSpans: counts.reference, comparedSpans: counts.compared, matches: counts.matches, ...spanScores(counts), kappa: kappa.kappa() }
}

/** Most disagreement first, documents without a figure last, then most attribute values differing, then by row id. */
function byDisagreement(x: DocumentAgreement, y: DocumentAgreement): number {
  if (x.disagreement !== y.disagreement) {
    if (x.disagreement === null) return 1
    if (y.disagreement === null) return -1
    return y.disagreement - x.disagreement
  }
  if (x.attributeDifferences !== y.attributeDifferences) return y.attributeDifferences - x.attributeDifferences
  return x.id - y.id
}

/**
 * Computes agreement over `corpus` (see `AGREEMENT_METHOD` for exactly how). Throws a CorpusError of kind
 * `input` for an unknown annotator or label in `options`, or when fewer than two analysts have spans.
 */
export function computeAgreement(corpus: CorpusReader, options: AgreementOptions = {}): AgreementReport {
  const { analysts, labels, relationLabels } = agreementScope(corpus, options)
  const indices: Indices = {
    analysts: new Map(analysts.map((name, index) => [name, index])),
    labels: new Map(labels.map((name, index) => [name, index])),
    relationLabels: new Map(relationLabels.map((name, index) => [name, index])),
  }
  const declared = new Map(corpus.labels().flatMap((label) => (label.kind === 'span' ? [[label.name, label.attributes ?? []] as const] : [])))
  const attributes: CountedAttribute[] = labels.flatMap((label, labelIndex) => (declared.get(label) ?? []).map((attribute) => ({ label, labelIndex, attribute: attribute.name })))

  const pairs: PairTally[] = []
  for (let reference = 0; reference < analysts.length; reference++) {
    for (let compared = reference + 1; compared < analysts.length; compared++) {
      pairs.push({
        reference,
        compared,
        documents: 0,
        tokens: 0,
        spans: labels.map(() => ({ reference: 0, compared: 0, matches: 0 })),
        labelKappas: labels.map(() => new KappaTable()),
        overallKappa: new KappaTable(),
        relations: relationLabels.map(() => ({ reference: 0, compared: 0, matches: 0 })),
        attributes: attributes.map(() => new KappaTable()),
      })
    }
  }
  const alpha: AlphaTally = { documents: 0, tokens: 0, byLabel: labels.map(() => new NominalCoincidences()), overall: new NominalCoincidences() }
  const byDocument: DocumentAgreement[] = []
  let documentsRead = 0
  /** The relation labels of which a relation was counted (both its ends of the labels counted), by index. */
  const relationsCounted = new Set<number>()

  for (let afterId = 0; ; ) {
    const page = corpus.documentsAfter(afterId, PAGE_SIZE)
    if (page.length === 0) break
    afterId = page[page.length - 1].id
    for (const document of page) {
      documentsRead++
      const work = workOf(corpus.spansOf(document.id), relationLabels.length === 0 ? [] : corpus.relationsOf(document.id), indices)
      for (const analyst of work) analyst.relationsByLabel.forEach((relations, label) => relations.length > 0 && relationsCounted.add(label))
      const present = work.flatMap((analyst, index) => (analyst.annotated ? [index] : []))
      if (present.length < 2) continue

      const tokens = wordTokens(document.text)
      // By analyst index; empty for the analysts who did not annotate the document.
      const coverage = work.map((analyst) => (analyst.annotated ? coverageOf(tokens, analyst.spansByLabel) : []))
      const values = coverage.map((covered, analyst) => (work[analyst].annotated ? labelSets(covered, tokens.length) : []))
      tallyAlpha(alpha, present.map((analyst) => coverage[analyst]), present.map((analyst) => values[analyst]), tokens.length)

      const documentPairs: DocumentPair[] = []
      let attributeDifferences = 0
      for (const pair of pairs) {
        if (!work[pair.reference].annotated || !work[pair.compared].annotated) continue
        pair.documents++
        pair.tokens += tokens.length
        const inDocument = tallyMatches(pair, work[pair.reference], work[pair.compared], attributes)
        attributeDifferences += inDocument.attributeDifferences
        tallyKappas(pair, coverage[pair.reference], coverage[pair.compared], values[pair.reference], values[pair.compared])
        documentPairs.push({ reference: analysts[pair.reference], compared: analysts[pair.compared], matches: inDocument.annotations.matches, f1: spanScores(inDocument.annotations).f1 })
      }

      const f1s = documentPairs.flatMap((pair) => (pair.f1 === null ? [] : [pair.f1]))
      const meanF1 = f1s.length === 0 ? null : f1s.reduce((sum, f1) => sum + f1, 0) / f1s.length
      byDocument.push({
        id: document.id,
        externalId: document.external_id,
        title: document.title,
        analysts: present.map((analyst) => ({ name: analysts[analyst], spans: work[analyst].spansByLabel.reduce((sum, spans) => sum + spans.length, 0) })),
        pairs: documentPairs,
        matches: documentPairs.reduce((sum, pair) => sum + pair.matches, 0),
        meanF1,
        disagreement: meanF1 === null ? null : 1 - meanF1,
        attributeDifferences,
      })
    }
  }

  return {
    method: AGREEMENT_METHOD,
    analysts,
    labels,
    relationLabels: relationLabels.filter((_, index) => relationsCounted.has(index)),
    documentsRead,
    documentsCompared: byDocument.length,
    pairs: pairs.map((pair): PairAgreement => {
      return {
        reference: analysts[pair.reference],
        compared: analysts[pair.compared],
        documents: pair.documents,
        tokens: pair.tokens,
        overall: pairFigures(null, summed(pair.spans), pair.overallKappa),
        labels: labels.map((label, index) => pairFigures(label, pair.spans[index], pair.labelKappas[index])),
        relations: {
          overall: relationFigures(null, summed(pair.relations)),
          labels: relationLabels.flatMap((label, index) => (relationsCounted.has(index) ? [relationFigures(label, pair.relations[index])] : [])),
        },
        attributes: attributes.map(
          (attribute, index): AttributeFigures => ({
            label: attribute.label,
            attribute: attribute.attribute,
            spans: pair.attributes[index].items,
            same: pair.attributes[index].agreements,
            observed: pair.attributes[index].observedAgreement(),
            kappa: pair.attributes[index].kappa(),
          }),
        ),
      }
    }),
    alpha: {
      documents: alpha.documents,
      tokens: alpha.tokens,
      overall: { label: null, alpha: alpha.overall.alpha() },
      labels: labels.map((label, index) => ({ label, alpha: alpha.byLabel[index].alpha() })),
    },
    byDocument: byDocument.sort(byDisagreement),
  }
}
