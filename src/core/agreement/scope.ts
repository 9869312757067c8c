/**
 * Which analysts and labels an agreement report compares: checked against the corpus, so that a name
 * typed wrong is said in one line instead of giving a report of nothing.
 */
import { listedName } from '../../shared/text'
import { CorpusError } from '../errors'
import type { CorpusReader } from '../store/reader'

/** The annotator that holds the curation layer (the agreed version), not an analyst's own work. */
export const CURATION_ANNOTATOR = 'curated'

/** What to compare; every field is optional. */
export interface AgreementOptions {
  /** Span labels to count (default: every span label the analysts used, in palette order). */
  labels?: readonly string[]
  /**
   * Analysts to compare, in this order: the first of each pair is its reference (default: everyone with
   * spans, by name, except `curated`, which is counted only when named here).
   */
  annotators?: readonly string[]
}

/** The analysts and labels a report compares. */
export interface AgreementScope {
  analysts: string[]
  labels: string[]
  /** The relation labels the analysts used, in palette order. */
  relationLabels: string[]
}

const listed = (names: readonly string[]): string => (names.length === 0 ? 'none' : names.map(listedName).join(', '))
const unique = (names: readonly string[]): string[] => [...new Set(names)]

/** Compares names by their place in `palette`, whatever order they came in; names outside it last, by name. */
function inPaletteOrder(palette: readonly string[]): (a: string, b: string) => number {
  const place = (name: string): number => (palette.includes(name) ? palette.indexOf(name) : palette.length)
  return (a, b) => place(a) - place(b) || (a < b ? -1 : a > b ? 1 : 0)
}

/**
 * The analysts and labels to compare, from `options` and the corpus. Throws a CorpusError of kind `input`
 * for an annotator with no spans in the corpus, a label that is not a span label of it, or fewer than two
 * analysts.
 */
export function agreementScope(corpus: CorpusReader, options: AgreementOptions): AgreementScope {
  const counts = corpus.countsBy('spans')
  const withSpans = unique(counts.map((count) => count.annotator)).sort((a, b) => a.localeCompare(b)) // as every list of analysts is ordered (the first of a pair is its reference)

  let analysts: string[]
  if (options.annotators !== undefined && options.annotators.length > 0) {
    analysts = unique(options.annotators)
    const unknown = analysts.find((name) => !withSpans.includes(name))
    if (unknown !== undefined) {
      throw new CorpusError('input', `no spans by an annotator called "${unknown}" (annotators with spans: ${listed(withSpans)})`)
    }
  } else {
    analysts = withSpans.filter((name) => name !== CURATION_ANNOTATOR)
  }
  if (analysts.length < 2) {
    const curation = withSpans.includes(CURATION_ANNOTATOR) && !analysts.includes(CURATION_ANNOTATOR)
    throw new CorpusError(
      'input',
      `agreement needs spans by at least two analysts; found ${analysts.length === 0 ? 'none' : `only ${listed(analysts)}`}` +
        (curation ? ` ("${CURATION_ANNOTATOR}" is the curation layer, counted only when named)` : ''),
    )
  }

  const palette = corpus.labels().filter((label) => label.kind === 'span').map((label) => label.name)
  const used = unique(counts.filter((count) => analysts.includes(count.annotator)).map((count) => count.label))
  let labels: string[]
  if (options.labels !== undefined && options.labels.length > 0) {
    labels = unique(options.labels)
    const known = unique([...palette, ...counts.map((count) => count.label)])
    const unknown = labels.find((name) => !known.includes(name))
    if (unknown !== undefined) throw new CorpusError('input', `no span label called "${unknown}" (span labels: ${listed(palette)})`)
  } else {
    labels = used
  }
  labels.sort(inPaletteOrder(palette))
  const relationPalette = corpus.labels().filter((label) => label.kind === 'relation').map((label) => label.name)
  const relationLabels = unique(corpus.countsBy('relations').filter((count) => analysts.includes(count.annotator)).map((count) => count.label))
  relationLabels.sort(inPaletteOrder(relationPalette))
  return { analysts, labels, relationLabels }
}
