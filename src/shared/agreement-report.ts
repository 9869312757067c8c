/**
 * What `computeAgreement` returns: plain data (strings, numbers, nulls, arrays, objects), so that it goes
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
  /** How texts are cut into tokens and what a token's value is. */
  tokens: string
  /** Which kappa. */
  kappa: string
  /** Which alpha. */
  alpha: string
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

/** Exact-span agreement of one pair of analysts in one document (all the report's labels together). */
export interface DocumentPair {
  reference: string
  compared: string
  matches: number
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
  /** Exact matches, summed over the pairs. */
  matches: number
  /** Mean of the pairs' F1, leaving out pairs whose F1 is null; null when every pair's is. */
  meanF1: number | null
  /** 1 − meanF1: 0 when every pair agrees exactly, 1 when no span matches; null with meanF1. */
  disagreement: number | null
}

/** Inter-annotator agreement over a corpus: pairs, alpha, and the documents where analysts differ most. */
export interface AgreementReport {
  method: AgreementMethod
  /** The analysts compared, in pair order (the first of a pair is its reference). */
  analysts: string[]
  /** The span labels counted, in the corpus's palette order. */
  labels: string[]
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
