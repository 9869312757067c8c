/**
 * The agreement figures as pure functions, knowing nothing of corpora: exact-span matching with precision,
 * recall and F1; Cohen's kappa for two raters; Krippendorff's alpha for nominal data. Kappa and alpha also
 * come as accumulators (`KappaTable`, `NominalCoincidences`), so that a corpus can be counted a document
 * at a time. Every undefined figure (0/0) is null, never NaN.
 */

/** `numerator / denominator`, or null when the denominator is 0. */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator
}

/** A span as the metrics see it: code point offsets and a label. */
export interface LabelledSpan {
  start: number
  end: number
  label: string
}

/** Span counts of two analysts and how many of their spans match. */
export interface SpanCounts {
  /** Spans of the reference analyst. */
  reference: number
  /** Spans of the compared analyst. */
  compared: number
  /** Exact matches: same start, end and label, each span matched at most once. */
  matches: number
}

/** Precision, recall and F1 of the compared analyst against the reference. */
export interface SpanScores {
  precision: number | null
  recall: number | null
  f1: number | null
}

/** A span's identity for exact matching: its start, end and label. */
export const spanKey = (span: LabelledSpan): string => `${span.start}:${span.end}:${span.label}`

/**
 * The items of two analysts that match exactly, as pairs (reference item, compared item): items match when
 * `key` gives them the same text. Each item is in at most one pair, so two identical items on one side and
 * one on the other make one pair; among identical items, the first unpaired one is taken.
 */
export function pairUp<T>(reference: readonly T[], compared: readonly T[], key: (item: T) => string): [T, T][] {
  const unpaired = new Map<string, T[]>()
  for (const item of reference) {
    const waiting = unpaired.get(key(item))
    if (waiting === undefined) unpaired.set(key(item), [item])
    else waiting.push(item)
  }
  const pairs: [T, T][] = []
  for (const item of compared) {
    const waiting = unpaired.get(key(item))
    if (waiting !== undefined && waiting.length > 0) pairs.push([waiting.shift() as T, item])
  }
  return pairs
}

/**
 * Counts the exact matches between two analysts' spans: a match is a span of each with the same start, end
 * and label. Each span matches at most one span of the other analyst, so two identical spans on one side
 * and one on the other make one match.
 */
export function matchSpans(reference: readonly LabelledSpan[], compared: readonly LabelledSpan[]): SpanCounts {
  return { reference: reference.length, compared: compared.length, matches: pairUp(reference, compared, spanKey).length }
}

/** Adds span counts (of several documents or labels) together. */
export function addSpanCounts(total: SpanCounts, more: SpanCounts): void {
  total.reference += more.reference
  total.compared += more.compared
  total.matches += more.matches
}

/**
 * Precision = matches / compared spans, recall = matches / reference spans, F1 = 2 × matches / (reference
 * + compared spans), which is their harmonic mean where both are defined, 0 when one side has spans and the
 * other none, and null only when neither has any.
 */
export function spanScores(counts: SpanCounts): SpanScores {
  return {
    precision: ratio(counts.matches, counts.compared),
    recall: ratio(counts.matches, counts.reference),
    f1: ratio(2 * counts.matches, counts.reference + counts.compared),
  }
}

/**
 * Two raters' values for the same items, counted for Cohen's kappa: how many items, how many they agree
 * on, and each rater's count of each value. Add items with `add`; read kappa with `kappa()`.
 */
export class KappaTable {
  /** Items rated by both. */
  items = 0
  /** Items both gave the same value. */
  agreements = 0
  private readonly first = new Map<string, number>()
  private readonly second = new Map<string, number>()

  /** Counts `times` items the first rater gave `a` and the second gave `b`. */
  add(a: string, b: string, times = 1): void {
    if (times === 0) return
    this.items += times
    if (a === b) this.agreements += times
    this.first.set(a, (this.first.get(a) ?? 0) + times)
    this.second.set(b, (this.second.get(b) ?? 0) + times)
  }

  /** Observed agreement: the share of items both gave the same value; null with no items. */
  observedAgreement(): number | null {
    return ratio(this.agreements, this.items)
  }

  /**
   * Cohen's kappa, (pₒ − pₑ) / (1 − pₑ), where pₑ = Σ over values of the product of the two raters' shares
   * of that value. Null when undefined: no items, or pₑ = 1 (both raters gave one and the same value to
   * every item). Computed on counts, so that pₑ = 1 is found exactly.
   */
  kappa(): number | null {
    const n = this.items
    let chance = 0 // n² pₑ
    for (const [value, count] of this.first) chance += count * (this.second.get(value) ?? 0)
    return ratio(n * this.agreements - chance, n * n - chance)
  }
}

/** Cohen's kappa of two raters over `items`, each the pair of values they gave one item (see `KappaTable`). */
export function cohenKappa(items: Iterable<readonly [string, string]>): number | null {
  const table = new KappaTable()
  for (const [a, b] of items) table.add(a, b)
  return table.kappa()
}

/**
 * The coincidence matrix of Krippendorff's alpha for nominal data, accumulated a unit at a time, holding
 * only what nominal alpha needs: each value's total nₖ and the matrix's diagonal sum Σ o꜀꜀. A unit with m ≥ 2
 * values, nᵤ꜀ of them c, adds nᵤ꜀ to n꜀ and nᵤ꜀(nᵤ꜀ − 1)/(m − 1) to o꜀꜀; a unit with fewer than two values
 * is not pairable and adds nothing. See Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011).
 */
export class NominalCoincidences {
  /** n: pairable values, the total of the coincidence matrix. */
  pairableValues = 0
  /** Σ o꜀꜀: the matrix's diagonal (coincidences of equal values). */
  private agreeing = 0
  private readonly totals = new Map<string, number>()

  /** Adds `times` units holding `values` (one per coder; null for a coder who gave none). */
  addUnit(values: readonly (string | null)[], times = 1): void {
    let m = 0
    for (const value of values) if (value !== null) m++
    if (m < 2 || times === 0) return
    for (let i = 0; i < values.length; i++) {
      const value = values[i]
      if (value === null || values.indexOf(value) !== i) continue // count each value at its first place
      let count = 0
      for (let j = i; j < values.length; j++) if (values[j] === value) count++
      this.totals.set(value, (this.totals.get(value) ?? 0) + count * times)
      this.agreeing += ((count * (count - 1)) / (m - 1)) * times
    }
    this.pairableValues += m * times
  }

  /** Each value's total n꜀ in the coincidence matrix (its marginal). */
  valueTotals(): ReadonlyMap<string, number> {
    return this.totals
  }

  /**
   * Nominal alpha, 1 − Dₒ/Dₑ = 1 − (n − 1) Σ꜀≠ₖ o꜀ₖ / Σ꜀≠ₖ n꜀nₖ. Null when undefined: no pairable values, or
   * only one value used (no disagreement is expected, Dₑ = 0).
   */
  alpha(): number | null {
    const n = this.pairableValues
    let sameValuePairs = 0 // Σ n꜀², so Σ꜀≠ₖ n꜀nₖ = n² − Σ n꜀²
    for (const total of this.totals.values()) sameValuePairs += total * total
    const disagreementByChance = n * n - sameValuePairs
    if (disagreementByChance === 0) return null
    return 1 - ((n - 1) * (n - this.agreeing)) / disagreementByChance
  }
}

/**
 * Krippendorff's alpha for nominal data over a reliability matrix given as units × coders: one row per unit,
 * one entry per coder, null where a coder gave no value. Values are nominal: compared as strings, nothing else.
 */
export function krippendorffAlpha(units: readonly (readonly (string | number | null)[])[]): number | null {
  const coincidences = new NominalCoincidences()
  for (const unit of units) coincidences.addUnit(unit.map((value) => (value === null ? null : String(value))))
  return coincidences.alpha()
}
