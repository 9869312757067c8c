/**
 * What `computeAgreement` returns, and how to read it: plain data (strings, numbers, nulls, arrays, objects), so that it goes
 * through `JSON.stringify`, IPC or `structuredClone` unchanged: the result of the contract's `agreement`
 * operation, which the app's Agreement view shows.
 *
 * Every figure that is undefined (0/0: no spans on either side, a constant rating, no pairable values) is
 * `null`, never NaN. Figures are fractions from 0 to 1 (kappa and alpha may be negative), unrounded.
 */

/** How every figure was computed, in words, for people reading the JSON or the app. */
export interface AgreementMethod {
  /** The exact-span rule and precision, recall and F1. */
  spans: string
  /** Which documents each figure counts. */
  documents: string
  /** How the per-document table's figures are made. */
  byDocument: string
  /** How texts are cut into tokens and what a token's value is. */
  tokens: string
  /** Which kappa. */
  kappa: string
  /** Which alpha. */
  alpha: string
  /** The exact-relation rule. */
  relations: string
  /** How the values of the labels' attributes are compared. */
  attributes: string
}

/** Exact-span figures and token-level kappa of one pair of analysts, for one label or for all together. */
export interface PairFigures {
  /** The label, or null for all the report's labels together (a match still needs the same label). */
  label: string | null
  /** Spans of the reference analyst (of this label) on the documents both annotated. */
  referenceSpans: number
  /** Spans of the compared analyst (of this label) on the same documents. */
  comparedSpans: number
  /** Spans of the two with the same start, end and label, each span matched at most once. */
  matches: number
  /** matches / comparedSpans: how much of what the compared analyst tagged the reference also tagged. */
  precision: number | null
  /** matches / referenceSpans: how much of what the reference tagged the compared analyst also tagged. */
  recall: number | null
  /** 2 × matches / (referenceSpans + comparedSpans): the harmonic mean of precision and recall. */
  f1: number | null
  /** Cohen's kappa over the word tokens of those documents (binary for a label; label sets for all). */
  kappa: number | null
}

/** Exact-relation figures of one pair of analysts, for one relation label or for all together. */
export interface RelationFigures {
  /** The relation label, or null for all the report's relation labels together (a match still needs the same label). */
  label: string | null
  /** Relations of the reference analyst (of this label, between spans of the report's labels) on the documents both annotated. */
  referenceRelations: number
  /** Relations of the compared analyst on the same documents. */
  comparedRelations: number
  /** Relations of the two with the same label whose heads and children are tagged exactly alike, each matched at most once. */
  matches: number
  /** matches / comparedRelations. */
  precision: number | null
  /** matches / referenceRelations. */
  recall: number | null
  /** 2 × matches / (referenceRelations + comparedRelations). */
  f1: number | null
}

/** Agreement of two analysts on one attribute a span label declares, over the spans both tagged exactly alike. */
export interface AttributeFigures {
  /** The span label declaring the attribute. */
  label: string
  /** The attribute's name. */
  attribute: string
  /** Spans of the label both analysts tagged exactly alike (same start and end): the items compared. */
  spans: number
  /** Of those, how many have the same value in both (not set in both counts as the same). */
  same: number
  /** same / spans: observed agreement. */
  observed: number | null
  /** Cohen's kappa of the two analysts' values on those spans ("not set" is a value). */
  kappa: number | null
}

/** Agreement of two analysts on the documents both annotated. */
export interface PairAgreement {
  /** The analyst taken as reference (recall is out of their spans). */
  reference: string
  /** The analyst compared with them (precision is out of their spans). */
  compared: string
  /** How many documents both annotated (have at least one span in, of any label). */
  documents: number
  /** How many word tokens those documents hold: the items kappa is computed over. */
  tokens: number
  /** All the report's labels together. */
  overall: PairFigures
  /** One entry per label of the report, in the report's label order. */
  labels: PairFigures[]
  /** Their relations: all the report's relation labels together, then one entry per relation label. */
  relations: { overall: RelationFigures; labels: RelationFigures[] }
  /** One entry per attribute declared by the report's labels, in label then declaration order. */
  attributes: AttributeFigures[]
}

/** Krippendorff's alpha of one label (or of all together) across every analyst. */
export interface LabelAlpha {
  /** The label, or null for all the report's labels together (label sets as values). */
  label: string | null
  alpha: number | null
}

/** Krippendorff's alpha (nominal, word tokens as units) across all analysts. */
export interface AlphaAgreement {
  /** How many documents at least two analysts annotated: the documents alpha counts. */
  documents: number
  /** How many word tokens those documents hold: the units. */
  tokens: number
  /** All the report's labels together. */
  overall: LabelAlpha
  /** One entry per label of the report, in the report's label order. */
  labels: LabelAlpha[]
}

/** One analyst's part in one document. */
export interface DocumentAnalyst {
  name: string
  /** Their spans in the document, of the report's labels. */
  spans: number
}

/** Exact agreement of one pair of analysts in one document: spans of all the report's labels and relations together. */
export interface DocumentPair {
  reference: string
  compared: string
  /** Exact matches of spans and of relations. */
  matches: number
  /** 2 × matches / (both analysts' spans and relations). */
  f1: number | null
}

/** One row of the per-document table: a document at least two analysts annotated. */
export interface DocumentAgreement {
  /** The document's row id (what the app opens). */
  id: number
  /** The document's id in the corpus (as in JSONL). */
  externalId: string
  title: string
  /** The analysts who annotated it, in the report's analyst order. */
  analysts: DocumentAnalyst[]
  /** Every pair of those analysts. */
  pairs: DocumentPair[]
  /** Exact matches of spans and relations, summed over the pairs. */
  matches: number
  /** Mean of the pairs' F1, leaving out pairs whose F1 is null; null when every pair's is. */
  meanF1: number | null
  /** 1 − meanF1: 0 when every pair agrees exactly, 1 when no span or relation matches; null with meanF1. */
  disagreement: number | null
  /** Declared attribute values that differ on spans tagged alike, summed over the pairs. */
  attributeDifferences: number
}

/** Inter-annotator agreement over a corpus: pairs, alpha, and the documents where analysts differ most. */
export interface AgreementReport {
  method: AgreementMethod
  /** The analysts compared, in pair order (the first of a pair is its reference). */
  analysts: string[]
  /** The span labels counted, in the corpus's palette order. */
  labels: string[]
  /** The relation labels of the relations counted (both ends of `labels`), in palette order. */
  relationLabels: string[]
  /** Documents in the corpus. */
  documentsRead: number
  /** Documents at least two analysts annotated (the rows of `byDocument`). */
  documentsCompared: number
  /** Every pair of analysts, in analyst order. */
  pairs: PairAgreement[]
  alpha: AlphaAgreement
  /** Every document at least two analysts annotated, most disagreement first (null last, then by id). */
  byDocument: DocumentAgreement[]
}

/**
 * The pairs of `report` that annotated at least one document in common, which have figures, and the others,
 * which have none: to be named in one line rather than shown as tables of dashes.
 */
export function pairsByOverlap(report: AgreementReport): { together: PairAgreement[]; apart: PairAgreement[] } {
  return { together: report.pairs.filter((pair) => pair.documents > 0), apart: report.pairs.filter((pair) => pair.documents === 0) }
}
