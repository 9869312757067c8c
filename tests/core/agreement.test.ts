/**
 * Inter-annotator agreement: the metrics on cases worked by hand and on published worked examples, the
 * tokens, `computeAgreement` on a corpus built here with every figure worked by hand, and the CLI command.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { computeAgreement, type AgreementReport, type PairAgreement } from '../../src/core/agreement/compute'
import { cohenKappa, KappaTable, krippendorffAlpha, matchSpans, NominalCoincidences, spanScores } from '../../src/core/agreement/metrics'
import { tokensOverlapping, wordTokens } from '../../src/core/agreement/tokens'
import { namesAmong } from '../../src/cli/commands/agreement'
import { CorpusError } from '../../src/core/errors'
import { Corpus } from '../../src/core/store/corpus'
import { CorpusReader } from '../../src/core/store/reader'
import { cli, opened, scratch } from '../helpers'

const claim = (start: number, end: number) => ({ start, end, label: 'Claim' })
const speaker = (start: number, end: number) => ({ start, end, label: 'Speaker' })

describe('exact span matching', () => {
  it('matches same start, end and label only, each span at most once', () => {
    const reference = [claim(0, 5), claim(0, 5), speaker(6, 9), claim(10, 20)]
    const compared = [claim(0, 5), speaker(0, 5), speaker(6, 9), claim(10, 19), claim(0, 5), claim(0, 5)]
    // claim(0,5): 2 on the left, 3 on the right → 2 matches; speaker(6,9) → 1; speaker(0,5), claim(10,19): label or end differ.
    expect(matchSpans(reference, compared)).toEqual({ reference: 4, compared: 6, matches: 3 })
    // precision 3/6, recall 3/4, f1 2·3/(4+6) = 0.6 = 2·0.5·0.75/1.25
    expect(spanScores({ reference: 4, compared: 6, matches: 3 })).toEqual({ precision: 0.5, recall: 0.75, f1: 0.6 })
  })

  it('says null for 0/0, never NaN, and 0 when one side has spans and the other none', () => {
    expect(spanScores(matchSpans([], []))).toEqual({ precision: null, recall: null, f1: null })
    // The reference tagged 2, the other nothing: recall 0/2 = 0, precision 0/0 undefined, f1 0/(2+0) = 0.
    expect(spanScores(matchSpans([claim(0, 1), claim(2, 3)], []))).toEqual({ precision: null, recall: 0, f1: 0 })
    expect(spanScores(matchSpans([], [claim(0, 1)]))).toEqual({ precision: 0, recall: null, f1: 0 })
    expect(spanScores(matchSpans([claim(0, 1)], [claim(0, 2)]))).toEqual({ precision: 0, recall: 0, f1: 0 })
  })
})

describe("Cohen's kappa", () => {
  /** Items from a 2×2 table: both yes, first yes and second no, first no and second yes, both no. */
  const fromTable = (yesYes: number, yesNo: number, noYes: number, noNo: number): [string, string][] => [
    ...Array<[string, string]>(yesYes).fill(['yes', 'yes']),
    ...Array<[string, string]>(yesNo).fill(['yes', 'no']),
    ...Array<[string, string]>(noYes).fill(['no', 'yes']),
    ...Array<[string, string]>(noNo).fill(['no', 'no']),
  ]

  it('gives 0.4 on the grant-proposal example', () => {
    // Wikipedia, "Cohen's kappa", Examples: 50 grant proposals, readers A and B: both yes 20, A yes B no 5,
    // A no B yes 10, both no 15 (also tutorialspoint, "Statistics - Cohen's kappa coefficient").
    // pₒ = 35/50 = 0.7; pₑ = 0.5·0.6 + 0.5·0.4 = 0.5; κ = (0.7 − 0.5)/(1 − 0.5) = 0.4.
    expect(cohenKappa(fromTable(20, 5, 10, 15))).toBeCloseTo(0.4, 12)
  })

  it('gives 0.21 on the two-doctors example', () => {
    // easycalculation.com, "Cohen's kappa index": 20 patients, doctor B yes/A yes 12, B yes/A no 2,
    // B no/A yes 4, B no/A no 2. pₒ = 14/20 = 0.7; pₑ = 0.8·0.7 + 0.2·0.3 = 0.62; κ = 0.08/0.38 ≈ 0.2105.
    expect(cohenKappa(fromTable(12, 4, 2, 2))).toBeCloseTo(0.08 / 0.38, 12)
  })

  it('works on small cases by hand, with null where it is undefined', () => {
    // Perfect agreement with two values: pₒ = 1, pₑ = 0.5 → 1.
    expect(cohenKappa([['a', 'a'], ['b', 'b']])).toBe(1)
    // Complete, systematic disagreement: pₒ = 0, pₑ = 0.5 → −1.
    expect(cohenKappa([['a', 'b'], ['b', 'a']])).toBe(-1)
    // Three values: a/a, a/b, b/b, c/c: pₒ = 3/4; pₑ = (2·1 + 1·2 + 1·1)/16 = 5/16; κ = (12 − 5)/(16 − 5) = 7/11.
    expect(cohenKappa([['a', 'a'], ['a', 'b'], ['b', 'b'], ['c', 'c']])).toBeCloseTo(7 / 11, 12)
    // Both gave the same single value to everything: pₑ = 1, kappa undefined.
    expect(cohenKappa([['a', 'a'], ['a', 'a']])).toBeNull()
    expect(cohenKappa([])).toBeNull()
    // One constant, the other not: pₑ = 1·0.5 = 0.5, pₒ = 0.5 → 0 (defined).
    expect(cohenKappa([['a', 'a'], ['a', 'b']])).toBe(0)
  })

  it('counts items added many at a time like items added one by one', () => {
    const table = new KappaTable()
    table.add('yes', 'yes', 20)
    table.add('yes', 'no', 5)
    table.add('no', 'yes', 10)
    table.add('no', 'no', 15)
    table.add('no', 'no', 0)
    expect(table.items).toBe(50)
    expect(table.observedAgreement()).toBe(0.7)
    expect(table.kappa()).toBe(cohenKappa(fromTable(20, 5, 10, 15)))
  })
})

describe("Krippendorff's alpha, nominal", () => {
  it('gives 0.743 on the published 4 coders × 12 units example, with missing values', () => {
    // Krippendorff, K. (2011). "Computing Krippendorff's Alpha-Reliability", section C, "Nominal data, any
    // number of observers, missing data" (https://repository.upenn.edu/asc_papers/43): α = 0.743. The same
    // matrix is the doctest of the Python `krippendorff` package and the "C" data of R's DescTools::KrippAlpha.
    // Published as observers × units; here transposed to units × coders (A, B, C, D), null for ".".
    const A = [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null]
    const B = [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3]
    const C = [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null]
    const D = [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null]
    const units = A.map((_, u) => [A[u], B[u], C[u], D[u]])
    // By hand: unit 12 has one value (not pairable); n = 40 pairable values; n꜀ = 9, 13, 10, 5, 3 for 1..5.
    // Off-diagonal coincidences: unit 2 (2,2,3,2) 2·3·1/3 = 2, unit 6 (1,2,3,4) 4·3/3 = 4, unit 8 (1,1,2,1) 2:
    // 8 in all. α = 1 − (n − 1)·8 / (n² − Σn꜀²) = 1 − 39·8/(1600 − 384) = 1 − 312/1216 = 0.74342...
    const coincidences = new NominalCoincidences()
    for (const unit of units) coincidences.addUnit(unit.map((value) => (value === null ? null : String(value))))
    expect(coincidences.pairableValues).toBe(40)
    expect(Object.fromEntries(coincidences.valueTotals())).toEqual({ 1: 9, 2: 13, 3: 10, 4: 5, 5: 3 })
    expect(coincidences.alpha()).toBeCloseTo(1 - 312 / 1216, 12)
    expect(krippendorffAlpha(units)).toBeCloseTo(0.743, 3)
  })

  it("gives 0.691 on Wikipedia's computational example (3 coders, 15 units, nominal)", () => {
    // Wikipedia, "Krippendorff's alpha", A computational example (nominal alpha 0.691; also the example
    // of the dallascard/krippendorff_alpha README). Coders as rows there, "*" for no value.
    const coders = [
      '*    *    *    *    *    3    4    1    2    1    1    3    3    *    3',
      '1    *    2    1    3    3    4    3    *    *    *    *    *    *    *',
      '*    *    2    1    3    4    4    *    2    1    1    3    3    *    4',
    ].map((row) => row.split(/\s+/).map((value) => (value === '*' ? null : value)))
    const units = coders[0].map((_, u) => coders.map((coder) => coder[u]))
    expect(krippendorffAlpha(units)).toBeCloseTo(0.691, 3)
  })

  it('works on small cases by hand, with null where it is undefined', () => {
    // Units (a,a) and (a,b): n = 4, n_a = 3, n_b = 1, off-diagonal 2; α = 1 − 3·2/(16 − 9 − 1) = 0.
    expect(krippendorffAlpha([['a', 'a'], ['a', 'b']])).toBe(0)
    // Units (a,a), (b,b), (a,b): n = 6, n_a = n_b = 3, off-diagonal 2; α = 1 − 5·2/(36 − 18) = 4/9.
    expect(krippendorffAlpha([['a', 'a'], ['b', 'b'], ['a', 'b']])).toBeCloseTo(4 / 9, 12)
    // A unit with one value is not pairable: adding one changes nothing.
    expect(krippendorffAlpha([['a', 'a'], ['b', 'b'], ['a', 'b'], ['b', null, null]])).toBeCloseTo(4 / 9, 12)
    // Perfect agreement over two values: 1.
    expect(krippendorffAlpha([['a', 'a', null], ['b', null, 'b']])).toBe(1)
    // One value only (no disagreement expected) and no pairable values: undefined.
    expect(krippendorffAlpha([['a', 'a'], ['a', 'a']])).toBeNull()
    expect(krippendorffAlpha([['a', null], [null, 'b']])).toBeNull()
    expect(krippendorffAlpha([])).toBeNull()
  })

  it('counts units added many at a time like units added one by one', () => {
    const once = new NominalCoincidences()
    once.addUnit(['a', 'b', 'a'], 3)
    once.addUnit(['b', 'b', null], 2)
    const oneByOne = new NominalCoincidences()
    for (let i = 0; i < 3; i++) oneByOne.addUnit(['a', 'b', 'a'])
    for (let i = 0; i < 2; i++) oneByOne.addUnit(['b', 'b', null])
    expect(once.pairableValues).toBe(13)
    expect(once.alpha()).toBeCloseTo(oneByOne.alpha()!, 12)
  })
})

describe('word tokens', () => {
  it('are the word-like segments, with bounds in code points', () => {
    // 😀 is one code point (two UTF-16 units) and not word-like; 𝒳 is one code point and a letter.
    const text = '😀 Kim, 𝒳yz said: “no.”'
    expect(wordTokens(text)).toEqual([
      { start: 2, end: 5 },
      { start: 7, end: 10 },
      { start: 11, end: 15 },
      { start: 18, end: 20 },
    ])
    expect(wordTokens('')).toEqual([])
    expect(wordTokens(' ,.!? ')).toEqual([])
  })

  it('are found by overlap with a span: one shared code point is enough', () => {
    const tokens = wordTokens('Kim said the rocket flew far') // Kim 0-3, said 4-8, the 9-12, rocket 13-19, flew 20-24, far 25-28
    expect(tokensOverlapping(tokens, 0, 3)).toEqual({ first: 0, last: 1 })
    expect(tokensOverlapping(tokens, 2, 5)).toEqual({ first: 0, last: 2 }) // "m s": the end of Kim, the start of said
    expect(tokensOverlapping(tokens, 3, 4)).toEqual({ first: 1, last: 1 }) // the space only: no token
    expect(tokensOverlapping(tokens, 9, 28)).toEqual({ first: 2, last: 6 })
    expect(tokensOverlapping(tokens, 13, 13)).toEqual({ first: 3, last: 3 }) // empty span
  })
})

/**
 * Five documents with spans by ana, ben, cy and the curation layer. Word tokens:
 *   d1 "Kim said the rocket flew far": Kim 0-3, said 4-8, the 9-12, rocket 13-19, flew 20-24, far 25-28
 *   d2 "😀 Officials denied it.": Officials 2-11, denied 12-18, it 19-21 (the emoji is one code point)
 *   d3 "Nothing here": ana only
 *   d4 "Rain fell": Rain 0-4, fell 5-9; ana and curated
 *   d5 "Ben spoke": Ben 0-3, spoke 4-9; ana and ben, Speakers only
 */
function threeAnalysts(folder: string): string {
  const path = join(folder, 'agreement.marginalia')
  const corpus = opened(Corpus.open(path, { create: true }))
  corpus.transaction(() => {
    const d1 = corpus.insertDocument({ externalId: 'd1', title: 'Rocket', text: 'Kim said the rocket flew far' })
    corpus.insertSpans(d1, [
      { ...speaker(0, 3), annotator: 'ana' },
      { ...claim(9, 28), annotator: 'ana' },
      { ...speaker(0, 3), annotator: 'ben' },
      { ...claim(13, 28), annotator: 'ben' },
    ])
    const d2 = corpus.insertDocument({ externalId: 'd2', title: 'Denial', text: '😀 Officials denied it.' })
    corpus.insertSpans(d2, [
      { ...claim(12, 21), annotator: 'ana' },
      { ...claim(12, 21), annotator: 'cy' },
      { ...speaker(2, 11), annotator: 'cy' },
    ])
    const d3 = corpus.insertDocument({ externalId: 'd3', title: 'Alone', text: 'Nothing here' })
    corpus.insertSpan(d3, { ...claim(0, 7), annotator: 'ana' })
    const d4 = corpus.insertDocument({ externalId: 'd4', title: 'Weather', text: 'Rain fell' })
    corpus.insertSpans(d4, [
      { ...claim(0, 9), annotator: 'ana' },
      { ...claim(0, 9), annotator: 'curated' },
    ])
    const d5 = corpus.insertDocument({ externalId: 'd5', title: 'Speech', text: 'Ben spoke' })
    corpus.insertSpans(d5, [
      { ...speaker(0, 3), annotator: 'ana' },
      { ...speaker(0, 3), annotator: 'ben' },
    ])
  })
  corpus.close()
  return path
}

/** `computeAgreement` on the corpus at `path`. */
function agreementOf(path: string, options: { labels?: string[]; annotators?: string[] } = {}): AgreementReport {
  return computeAgreement(opened(CorpusReader.open(path)), options)
}

const pairOf = (report: AgreementReport, reference: string, compared: string): PairAgreement => {
  const pair = report.pairs.find((p) => p.reference === reference && p.compared === compared)
  if (pair === undefined) throw new Error(`no pair ${reference}/${compared}`)
  return pair
}
const byLabel = (pair: PairAgreement, label: string) => pair.labels.find((figures) => figures.label === label)

describe('computeAgreement', () => {
  it('computes every figure as worked by hand', () => {
    const report = agreementOf(threeAnalysts(scratch()))
    expect(report.analysts).toEqual(['ana', 'ben', 'cy']) // curated is the curation layer: left out
    expect(report.labels).toEqual(['Claim', 'Speaker']) // used by the analysts, palette order
    expect(report.documentsRead).toBe(5)
    expect(report.documentsCompared).toBe(3) // d1, d2, d5
    expect(report.pairs.map((p) => `${p.reference}/${p.compared}`)).toEqual(['ana/ben', 'ana/cy', 'ben/cy'])

    // ana/ben on d1 and d5 (both annotated), 6 + 2 = 8 tokens.
    const anaBen = pairOf(report, 'ana', 'ben')
    expect(anaBen).toMatchObject({ documents: 2, tokens: 8 })
    // Claim: 9-28 against 13-28, no match.
    expect(byLabel(anaBen, 'Claim')).toMatchObject({ referenceSpans: 1, comparedSpans: 1, matches: 0, precision: 0, recall: 0, f1: 0 })
    // Claim tokens (d1 then d5): ana 0,0,1,1,1,1,0,0; ben 0,0,0,1,1,1,0,0. n = 8, agreements 7;
    // ana in 4 out 4, ben in 3 out 5: n²pₑ = 4·3 + 4·5 = 32; κ = (8·7 − 32)/(64 − 32) = 0.75.
    expect(byLabel(anaBen, 'Claim')!.kappa).toBeCloseTo(0.75, 12)
    // Speaker: both have 0-3 in d1 and d5; tokens agree everywhere with both values used → 1.
    expect(byLabel(anaBen, 'Speaker')).toMatchObject({ referenceSpans: 2, comparedSpans: 2, matches: 2, precision: 1, recall: 1, f1: 1, kappa: 1 })
    // All labels: 3 and 3 spans, 2 matches: 2/3 each. Label sets: ana S,n,C,C,C,C,S,n; ben S,n,n,C,C,C,S,n:
    // agreements 7; ana S2 n2 C4, ben S2 n3 C3: n²pₑ = 4 + 6 + 12 = 22; κ = (56 − 22)/(64 − 22) = 17/21.
    expect(anaBen.overall).toMatchObject({ label: null, referenceSpans: 3, comparedSpans: 3, matches: 2 })
    expect(anaBen.overall.precision).toBeCloseTo(2 / 3, 12)
    expect(anaBen.overall.recall).toBeCloseTo(2 / 3, 12)
    expect(anaBen.overall.f1).toBeCloseTo(2 / 3, 12)
    expect(anaBen.overall.kappa).toBeCloseTo(17 / 21, 12)

    // ana/cy on d2 only (3 tokens).
    const anaCy = pairOf(report, 'ana', 'cy')
    expect(anaCy).toMatchObject({ documents: 1, tokens: 3 })
    expect(byLabel(anaCy, 'Claim')).toMatchObject({ referenceSpans: 1, comparedSpans: 1, matches: 1, f1: 1, kappa: 1 })
    // Speaker: ana none, cy one. precision 0/1, recall 0/0 → null, f1 0. Tokens ana 0,0,0, cy 1,0,0:
    // agreements 2; n²pₑ = 3·2 = 6; κ = (3·2 − 6)/(9 − 6) = 0.
    expect(byLabel(anaCy, 'Speaker')).toMatchObject({ referenceSpans: 0, comparedSpans: 1, matches: 0, precision: 0, recall: null, f1: 0, kappa: 0 })
    // All: 1 and 2 spans, 1 match: precision 1/2, recall 1, f1 2/3. Label sets ana n,C,C, cy S,C,C:
    // agreements 2; n²pₑ = 2·2 = 4; κ = (6 − 4)/(9 − 4) = 0.4.
    expect(anaCy.overall).toMatchObject({ referenceSpans: 1, comparedSpans: 2, matches: 1, precision: 0.5, recall: 1 })
    expect(anaCy.overall.f1).toBeCloseTo(2 / 3, 12)
    expect(anaCy.overall.kappa).toBeCloseTo(0.4, 12)

    // ben and cy never annotated the same document: nothing to compare, every figure null.
    expect(pairOf(report, 'ben', 'cy')).toMatchObject({
      documents: 0,
      tokens: 0,
      overall: { referenceSpans: 0, comparedSpans: 0, matches: 0, precision: null, recall: null, f1: null, kappa: null },
    })

    // Alpha over d1, d2, d5 (11 tokens, two values each: n = 22).
    // Claim: n_in = 1 + 2·3 (d1) + 2·2 (d2) = 11, n_out = 11; one disagreeing token ("the"): off-diagonal 2.
    //   α = 1 − 21·2/(484 − 121 − 121) = 100/121.
    // Speaker: n_in = 2 (Kim) + 1 (Officials) + 2 (Ben) = 5, n_out = 17; off-diagonal 2 (Officials).
    //   α = 1 − 21·2/(484 − 25 − 289) = 64/85.
    // Label sets: S 5, none 6, C 11; two disagreeing tokens ("the", "Officials"): off-diagonal 4.
    //   α = 1 − 21·4/(484 − 25 − 36 − 121) = 109/151.
    expect(report.alpha).toMatchObject({ documents: 3, tokens: 11 })
    expect(report.alpha.overall.label).toBeNull()
    expect(report.alpha.overall.alpha).toBeCloseTo(109 / 151, 12)
    expect(report.alpha.labels.map((entry) => entry.label)).toEqual(['Claim', 'Speaker'])
    expect(report.alpha.labels[0].alpha).toBeCloseTo(100 / 121, 12)
    expect(report.alpha.labels[1].alpha).toBeCloseTo(64 / 85, 12)

    // Per document: d1 f1 2·1/4 = 0.5; d2 2·1/3; d5 1. Most disagreement first.
    expect(report.byDocument.map((row) => row.externalId)).toEqual(['d1', 'd2', 'd5'])
    const [d1, d2, d5] = report.byDocument
    expect(d1).toMatchObject({
      title: 'Rocket',
      analysts: [
        { name: 'ana', spans: 2 },
        { name: 'ben', spans: 2 },
      ],
      pairs: [{ reference: 'ana', compared: 'ben', matches: 1, f1: 0.5 }],
      matches: 1,
      meanF1: 0.5,
      disagreement: 0.5,
    })
    expect(d2.analysts).toEqual([
      { name: 'ana', spans: 1 },
      { name: 'cy', spans: 2 },
    ])
    expect(d2.disagreement).toBeCloseTo(1 / 3, 12)
    expect(d5).toMatchObject({ matches: 1, meanF1: 1, disagreement: 0 })
  })

  it('counts only the labels asked for, on the same documents (annotated means any label)', () => {
    const report = agreementOf(threeAnalysts(scratch()), { labels: ['Claim'] })
    expect(report.labels).toEqual(['Claim'])
    const anaBen = pairOf(report, 'ana', 'ben')
    // d5 still counts: ana and ben annotated it, though with no Claim.
    expect(anaBen).toMatchObject({ documents: 2, tokens: 8 })
    expect(anaBen.labels).toHaveLength(1)
    expect(anaBen.overall).toMatchObject({ referenceSpans: 1, comparedSpans: 1, matches: 0, f1: 0 })
    // With one label, a token's label set is {Claim} or none: the same as the binary Claim values.
    expect(anaBen.overall.kappa).toBeCloseTo(0.75, 12)
    expect(report.alpha.overall.alpha).toBeCloseTo(100 / 121, 12)
    // d1 f1 0 (disagreement 1), d2 f1 1 (0), d5 no Claim on either side: f1 null, listed last.
    expect(report.byDocument.map((row) => [row.externalId, row.meanF1, row.disagreement])).toEqual([
      ['d1', 0, 1],
      ['d2', 1, 0],
      ['d5', null, null],
    ])
    expect(report.byDocument[2].analysts).toEqual([
      { name: 'ana', spans: 0 },
      { name: 'ben', spans: 0 },
    ])
  })

  it('compares the annotators named, in the order named, the curation layer too', () => {
    const path = threeAnalysts(scratch())
    const reversed = agreementOf(path, { annotators: ['cy', 'ana'] })
    expect(reversed.analysts).toEqual(['cy', 'ana'])
    // cy is now the reference: 2 spans against ana's 1, 1 match: precision 1/1, recall 1/2.
    expect(reversed.pairs).toHaveLength(1)
    expect(reversed.pairs[0].overall).toMatchObject({ referenceSpans: 2, comparedSpans: 1, matches: 1, precision: 1, recall: 0.5 })

    const curation = agreementOf(path, { annotators: ['ana', 'curated'] })
    expect(curation.analysts).toEqual(['ana', 'curated'])
    expect(curation.documentsCompared).toBe(1) // d4
    // Both tagged all of "Rain fell" as a Claim: f1 1; every token "in" for both, so kappa and alpha are
    // undefined (pₑ = 1, only one value), not 1 and not NaN.
    expect(curation.pairs[0].overall).toMatchObject({ matches: 1, f1: 1, kappa: null })
    expect(curation.pairs[0].documents).toBe(1)
    expect(curation.alpha.overall.alpha).toBeNull()
    expect(JSON.parse(JSON.stringify(curation))).toEqual(curation)
  })

  it('refuses unknown names and fewer than two analysts with a CorpusError of kind input', () => {
    const path = threeAnalysts(scratch())
    const refusal = (options: { labels?: string[]; annotators?: string[] }): CorpusError => {
      try {
        agreementOf(path, options)
      } catch (error) {
        if (error instanceof CorpusError) return error
        throw error
      }
      throw new Error('no refusal')
    }
    expect(refusal({ annotators: ['ana', 'zed'] })).toMatchObject({ kind: 'input', message: expect.stringMatching(/"zed".*ana, ben, curated, cy/) })
    expect(refusal({ labels: ['Nope'] })).toMatchObject({ kind: 'input', message: expect.stringMatching(/no span label called "Nope".*Claim, Speaker, Source, Spam/) })
    expect(refusal({ annotators: ['ana'] }).message).toMatch(/at least two analysts; found only ana/)
    expect(refusal({ annotators: ['ana', 'ana'] }).message).toMatch(/at least two analysts; found only ana/)
  })

  it('says when only one analyst has spans, naming the curation layer it left out', async () => {
    const path = join(scratch(), 'one.marginalia')
    const corpus = opened(Corpus.open(path, { create: true }))
    const doc = corpus.insertDocument({ externalId: 'x', title: 'X', text: 'Rain fell' })
    corpus.insertSpan(doc, { ...claim(0, 4), annotator: 'ana' })
    corpus.insertSpan(doc, { ...claim(0, 4), annotator: 'curated' })
    corpus.close()
    expect(() => agreementOf(path)).toThrow(/at least two analysts; found only ana \("curated" is the curation layer, counted only when named\)/)
    expect(agreementOf(path, { annotators: ['ana', 'curated'] }).pairs[0].overall.f1).toBe(1)
    // The report says what the curated layer holds, so that its figures are not read as accuracy against a gold standard.
    expect((await cli('agreement', path, '--annotators', 'curated,ana')).stdout).toMatch(/^note: "curated" is the curated layer\. .* not what every analyst agreed on .*$/m)
    expect((await cli('agreement', path, '--annotators', 'ana,curated')).stdout.split('\n').filter((line) => line.startsWith('note:'))).toHaveLength(1)
  })
})

describe('agreement on relations and attributes', () => {
  /**
   * ana and ben on one text, "Kim said the rocket flew far. Moon denied it.": both tag Kim (Speaker, 0-3), the
   * claim 9-28 and Moon (30-34); ben also tags "denied it" (35-44) as a Claim. Claim declares `checkworthy`
   * (yes | no) and `kind` (fact | opinion). Relations: ana Claim 9-28 → Kim, ben the same (a match) and
   * ben Claim 35-44 → Moon (its head is ben's alone); ana 9-28 → Moon as `contradicts`, ben none.
   */
  function relationsAndAttributes(folder: string): string {
    const path = join(folder, 'relations.marginalia')
    const corpus = opened(Corpus.open(path, { create: true }))
    corpus.transaction(() => {
      const plain = { color: '#336699', hotkey: null, description: '', head: null, child: null }
      corpus.defineLabels([
        { ...plain, kind: 'span', name: 'Claim', attributes: [{ name: 'checkworthy', values: ['yes', 'no'] }, { name: 'kind', values: ['fact', 'opinion'] }] },
        { ...plain, kind: 'span', name: 'Speaker' },
        { ...plain, kind: 'relation', name: 'attributed_to' },
        { ...plain, kind: 'relation', name: 'contradicts' },
      ])
      const d1 = corpus.insertDocument({ externalId: 'd1', title: 'Rocket', text: 'Kim said the rocket flew far. Moon denied it.' })
      corpus.insertSpans(d1, [
        { id: 1, ...speaker(0, 3), annotator: 'ana' },
        { id: 2, ...claim(9, 28), annotator: 'ana', attrs: { checkworthy: 'yes', kind: 'fact' } },
        { id: 3, ...speaker(30, 34), annotator: 'ana' },
        { id: 11, ...speaker(0, 3), annotator: 'ben' },
        { id: 12, ...claim(9, 28), annotator: 'ben', attrs: { checkworthy: 'no', kind: 'fact' } },
        { id: 13, ...speaker(30, 34), annotator: 'ben' },
        { id: 14, ...claim(35, 44), annotator: 'ben', attrs: { checkworthy: 'yes' } },
      ])
      for (const relation of [
        { id: 1, head: 2, child: 1, label: 'attributed_to', annotator: 'ana' },
        { id: 2, head: 2, child: 3, label: 'contradicts', annotator: 'ana' },
        { id: 11, head: 12, child: 11, label: 'attributed_to', annotator: 'ben' },
        { id: 12, head: 14, child: 13, label: 'attributed_to', annotator: 'ben' },
      ])
        corpus.insertRelation(d1, relation)
      // A second document: the claim tagged alike with kind set by both, checkworthy by neither.
      const d2 = corpus.insertDocument({ externalId: 'd2', title: 'Rain', text: 'Rain fell' })
      corpus.insertSpans(d2, [
        { id: 1, ...claim(0, 9), annotator: 'ana', attrs: { kind: 'opinion' } },
        { id: 2, ...claim(0, 9), annotator: 'ben', attrs: { kind: 'opinion', note: 'not sure' } },
      ])
      // A third: the claim tagged alike, its kind not.
      const d3 = corpus.insertDocument({ externalId: 'd3', title: 'Hail', text: 'Hail fell' })
      corpus.insertSpans(d3, [
        { id: 1, ...claim(0, 9), annotator: 'ana', attrs: { kind: 'fact' } },
        { id: 2, ...claim(0, 9), annotator: 'ben', attrs: { kind: 'opinion' } },
      ])
    })
    corpus.close()
    return path
  }

  it('matches relations by label and by both ends tagged exactly alike', () => {
    const report = agreementOf(relationsAndAttributes(scratch()))
    expect(report.relationLabels).toEqual(['attributed_to', 'contradicts'])
    const pair = pairOf(report, 'ana', 'ben')
    // attributed_to: ana 1, ben 2, one match (9-28 → 0-3): precision 1/2, recall 1, f1 2/3.
    const attributed = pair.relations.labels.find((figures) => figures.label === 'attributed_to')!
    expect(attributed).toMatchObject({ referenceRelations: 1, comparedRelations: 2, matches: 1, precision: 0.5, recall: 1 })
    expect(attributed.f1).toBeCloseTo(2 / 3, 12)
    // contradicts: ana 1, ben 0: recall 0, precision undefined, f1 0.
    expect(pair.relations.labels.find((figures) => figures.label === 'contradicts')).toMatchObject({ referenceRelations: 1, comparedRelations: 0, matches: 0, precision: null, recall: 0, f1: 0 })
    // All: 2 and 2, one match.
    expect(pair.relations.overall).toEqual({ label: null, referenceRelations: 2, comparedRelations: 2, matches: 1, precision: 0.5, recall: 0.5, f1: 0.5 })
  })

  it('matches no relation whose end the analyst did not tag, made to a colleague\u2019s span', () => {
    const path = join(scratch(), 'cross.marginalia')
    const corpus = opened(Corpus.open(path, { create: true }))
    corpus.transaction(() => {
      const d1 = corpus.insertDocument({ externalId: 'd1', title: 'Bridge', text: 'Mayor Dana Cohen said the bridge opens.' })
      corpus.insertSpans(d1, [
        { id: 1, ...claim(22, 38), annotator: 'ana' },
        { id: 2, ...speaker(0, 16), annotator: 'ana' },
        { id: 3, ...claim(22, 38), annotator: 'ben' },
        { id: 4, ...speaker(6, 16), annotator: 'ben' },
      ])
      corpus.insertRelation(d1, { head: 1, child: 2, label: 'attributed_to', annotator: 'ana' })
      // ana also links her claim to ben's "Dana Cohen", which she never tagged herself.
      corpus.insertRelation(d1, { head: 1, child: 4, label: 'attributed_to', annotator: 'ana' })
      corpus.insertRelation(d1, { head: 3, child: 4, label: 'attributed_to', annotator: 'ben' })
    })
    corpus.close()
    const pair = pairOf(agreementOf(path), 'ana', 'ben')
    expect(pair.relations.overall).toMatchObject({ referenceRelations: 2, comparedRelations: 1, matches: 0, f1: 0 })
  })

  it('counts a relation only when both its ends are of the labels counted, and lists no relation label it counted none of', () => {
    const report = agreementOf(relationsAndAttributes(scratch()), { labels: ['Claim'] })
    const pair = pairOf(report, 'ana', 'ben')
    expect(pair.relations.overall).toMatchObject({ referenceRelations: 0, comparedRelations: 0, matches: 0, f1: null })
    expect(report.relationLabels).toEqual([])
    expect(pair.relations.labels).toEqual([])
  })

  it('compares declared attributes on the spans both tagged exactly alike, not set being a value', () => {
    const pair = pairOf(agreementOf(relationsAndAttributes(scratch())), 'ana', 'ben')
    // Claims tagged alike: 9-28 in d1, 0-9 in d2 and d3 (ben's 35-44 is his alone). checkworthy: yes/no, then
    // not set/not set twice: 2 of 3 the same. ana yes 1, not set 2; ben no 1, not set 2: n²pₑ = 2·2 = 4;
    // κ = (3·2 − 4)/(9 − 4) = 2/5. kind: fact/fact, opinion/opinion, fact/opinion: 2 of 3; ana fact 2, opinion 1;
    // ben fact 1, opinion 2: n²pₑ = 2·1 + 1·2 = 4; κ = 2/5 too.
    expect(pair.attributes).toEqual([
      { label: 'Claim', attribute: 'checkworthy', spans: 3, same: 2, observed: 2 / 3, kappa: expect.closeTo(2 / 5, 12) },
      { label: 'Claim', attribute: 'kind', spans: 3, same: 2, observed: 2 / 3, kappa: expect.closeTo(2 / 5, 12) },
    ])
  })

  it('counts relations in each document\'s disagreement, and orders equal ones by attribute values differing', () => {
    const report = agreementOf(relationsAndAttributes(scratch()))
    // d1: spans ana 3, ben 4, 3 matches; relations 2 and 2, 1 match: f1 = 2·4/(5 + 6) = 8/11. One value differs
    // (checkworthy). d2 and d3 agree on every span (disagreement 0); d3's kind differs, so it comes first.
    expect(report.byDocument.map((row) => [row.externalId, row.matches, row.attributeDifferences])).toEqual([
      ['d1', 4, 1],
      ['d3', 1, 1],
      ['d2', 1, 0],
    ])
    expect(report.byDocument[0].meanF1).toBeCloseTo(8 / 11, 12)
    expect(report.byDocument[1].disagreement).toBe(0)
  })
})

describe('marginalia agreement', () => {
  it('prints the report as JSON with plain field names', async () => {
    const path = threeAnalysts(scratch())
    const result = await cli('agreement', path, '--json')
    expect(result.code, result.stderr).toBe(0)
    const report = JSON.parse(result.stdout)
    expect(Object.keys(report)).toEqual(['method', 'analysts', 'labels', 'relationLabels', 'documentsRead', 'documentsCompared', 'pairs', 'alpha', 'byDocument'])
    expect(Object.keys(report.pairs[0])).toEqual(['reference', 'compared', 'documents', 'tokens', 'overall', 'labels', 'relations', 'attributes'])
    expect(Object.keys(report.pairs[0].overall)).toEqual(['label', 'referenceSpans', 'comparedSpans', 'matches', 'precision', 'recall', 'f1', 'kappa'])
    expect(Object.keys(report.alpha)).toEqual(['documents', 'tokens', 'overall', 'labels'])
    expect(report.alpha.overall).toEqual({ label: null, alpha: 109 / 151 })
    expect(Object.keys(report.byDocument[0])).toEqual(['id', 'externalId', 'title', 'analysts', 'pairs', 'matches', 'meanF1', 'disagreement', 'attributeDifferences'])
    expect(report.pairs[2].overall.f1).toBeNull() // null in JSON, never NaN (which JSON cannot say)
    expect(report.method.tokens).toMatch(/Intl\.Segmenter/)
    expect(report.method.tokens).toMatch(/code point/)
    expect(report.method.tokens).toMatch(/\+-joined.*none/)
    expect(report.method.alpha).toMatch(/nominal.*not unitizing/)
    expect(report).toEqual(agreementOf(path))
  })

  it('takes --label (repeatable) and --annotators', async () => {
    const path = threeAnalysts(scratch())
    const claims = JSON.parse((await cli('agreement', path, '--json', '--label', 'Claim')).stdout)
    expect(claims.labels).toEqual(['Claim'])
    const both = JSON.parse((await cli('agreement', path, '--json', '--label', 'Speaker', '--label', 'Claim')).stdout)
    expect(both.labels).toEqual(['Claim', 'Speaker'])
    const named = JSON.parse((await cli('agreement', path, '--json', '--annotators', 'cy, ana')).stdout)
    expect(named.analysts).toEqual(['cy', 'ana'])
    expect(named.pairs[0]).toMatchObject({ reference: 'cy', compared: 'ana', overall: { precision: 1, recall: 0.5 } })
  })

  it('reads a name with a comma in --annotators as the analyst it names, and quotes such names where it lists them', async () => {
    const folder = scratch()
    const path = join(folder, 'comma.marginalia')
    const line = JSON.stringify({ id: 'q', text: 'Mr Putin said', spans: ['Lopez, Ana', 'bob', 'cyd'].map((annotator) => ({ start: 0, end: 8, label: 'Speaker', annotator })) })
    writeFileSync(join(folder, 'in.jsonl'), `${line}\n`)
    expect((await cli('import', path, join(folder, 'in.jsonl'))).code).toBe(0)
    expect(namesAmong('Lopez, Ana,bob', ['bob', 'Lopez, Ana', 'cyd'])).toEqual(['Lopez, Ana', 'bob'])
    expect(namesAmong(' cy, ana ,', [])).toEqual(['cy', 'ana'])
    expect(namesAmong('bob, "Lopez, Ana"', ['bob', 'Lopez, Ana'])).toEqual(['bob', 'Lopez, Ana']) // as the report quotes it
    const named = JSON.parse((await cli('agreement', path, '--json', '--annotators', 'Lopez, Ana,bob')).stdout)
    expect(named.analysts).toEqual(['Lopez, Ana', 'bob'])
    expect((await cli('agreement', path, '--annotators', 'bob,Lopez, Ana')).stdout).toMatch(/^2 analysts: bob, "Lopez, Ana" \(the first/)
    expect((await cli('agreement', path, '--annotators', 'Lopez,bob')).stderr).toMatch(/no spans by an annotator called "Lopez" \(annotators with spans: bob, cyd, "Lopez, Ana"\)/)
  })

  it('prints readable tables: pairs by label, alpha, the most disagreeing documents', async () => {
    const result = await cli('agreement', threeAnalysts(scratch()))
    expect(result.code, result.stderr).toBe(0)
    const lines = result.stdout.split('\n')
    expect(lines[0]).toBe('3 analysts: ana, ben, cy (the first of each pair is its reference)')
    expect(lines).toContain('labels: Claim, Speaker')
    expect(lines).toContain('documents: 5, of which 3 annotated by two or more analysts')
    // ana/ben, all labels: 2 documents, 3/3 spans, 2 matches, 0.667 ×3, kappa 17/21 = 0.810.
    expect(lines.some((line) => /^ana\s+ben\s+\(all\)\s+2\s+3\/3\s+2\s+0\.667\s+0\.667\s+0\.667\s+0\.810$/.test(line))).toBe(true)
    // ana/cy Speaker: recall undefined is shown as "-".
    expect(lines.some((line) => /^ana\s+cy\s+Speaker\s+1\s+0\/1\s+0\s+0\.000\s+-\s+0\.000\s+0\.000$/.test(line))).toBe(true)
    // ben and cy never annotated the same document: one line names them, no table rows of dashes.
    expect(lines.some((line) => /^ben\s+cy\s/.test(line))).toBe(false)
    expect(lines).toContain('No document annotated by both, so no figures: ben and cy')
    expect(lines.some((line) => /^\(all\)\s+0\.722$/.test(line))).toBe(true) // alpha 109/151
    expect(result.stdout).toContain("Krippendorff's alpha: nominal, word tokens as units, all analysts (3 documents, 11 tokens)")
    const table = lines.indexOf(lines.find((line) => line.startsWith('Most disagreeing documents (3 of 3;'))!)
    expect(table).toBeGreaterThan(0)
    expect(lines[table + 2]).toMatch(/^\s*0\.500\s+0\.500\s+1\s+ana 2, ben 2\s+d1\s+Rocket$/)
    expect(lines[table + 4]).toMatch(/d5\s+Speech$/)
    expect(result.stdout).not.toContain('--json lists')
  })

  it('prints what docs/agreement.md shows as its example', async () => {
    const path = join(scratch(), 'news.marginalia')
    const corpus = opened(Corpus.open(path, { create: true }))
    const plain = { color: '#336699', hotkey: null, description: '', head: null, child: null }
    corpus.defineLabels([
      { ...plain, kind: 'span', name: 'Claim', attributes: [{ name: 'checkworthy', values: ['yes', 'no'] }] },
      { ...plain, kind: 'span', name: 'Speaker' },
      { ...plain, kind: 'relation', name: 'attributed_to' },
    ])
    const summit = corpus.insertDocument({ externalId: 'summit', title: 'Summit in Singapore', text: 'Kim said the rocket flew far' })
    corpus.insertSpans(summit, [
      { id: 1, ...speaker(0, 3), annotator: 'ana' },
      { id: 2, ...claim(9, 28), annotator: 'ana' },
      { id: 3, ...speaker(0, 3), annotator: 'ben' },
      { id: 4, ...claim(13, 28), annotator: 'ben' },
    ])
    corpus.insertRelation(summit, { head: 2, child: 1, label: 'attributed_to', annotator: 'ana' })
    corpus.insertRelation(summit, { head: 4, child: 3, label: 'attributed_to', annotator: 'ben' })
    const denial = corpus.insertDocument({ externalId: 'denial', title: 'Denial', text: 'Officials denied it.' })
    corpus.insertSpans(denial, [
      { id: 1, ...claim(10, 19), annotator: 'ana', attrs: { checkworthy: 'yes' } },
      { id: 2, ...claim(10, 19), annotator: 'ben', attrs: { checkworthy: 'no' } },
      { id: 3, ...speaker(0, 9), annotator: 'ben' },
      { id: 4, ...speaker(0, 9), annotator: 'ana' },
    ])
    corpus.insertRelation(denial, { head: 2, child: 3, label: 'attributed_to', annotator: 'ben' })
    corpus.insertRelation(denial, { head: 1, child: 4, label: 'attributed_to', annotator: 'ana' })
    corpus.close()
    const docs = readFileSync(join(__dirname, '..', '..', 'docs', 'agreement.md'), 'utf8')
    const example = /```text\n\$ npx marginalia agreement news\.marginalia\n([^]*?)```/.exec(docs)
    expect(example).not.toBeNull()
    expect((await cli('agreement', path)).stdout).toBe(example![1])
  })

  it('lists the ten most disagreeing documents and says --json lists them all', async () => {
    const path = join(scratch(), 'many.marginalia')
    const corpus = opened(Corpus.open(path, { create: true }))
    corpus.transaction(() => {
      for (let i = 1; i <= 12; i++) {
        const doc = corpus.insertDocument({ externalId: `doc${i}`, title: `${'A long title '.repeat(6)}${i}`, text: 'one two three four' })
        corpus.insertSpan(doc, { ...claim(0, 3), annotator: 'ana' })
        corpus.insertSpan(doc, { ...claim(0, i % 2 === 0 ? 3 : 7), annotator: 'ben' })
      }
    })
    corpus.close()
    const result = await cli('agreement', path)
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain('Most disagreeing documents (10 of 12; --json lists all 12;')
    const rows = result.stdout.split('\n').filter((line) => /\sdoc\d+\s/.test(line))
    expect(rows).toHaveLength(10)
    // The six odd documents disagree (1.000) and come first, by id; then four of the agreeing ones.
    expect(rows.slice(0, 6).every((row) => row.startsWith('       1.000'))).toBe(true)
    expect(rows[0]).toMatch(/doc1\s+A long title/)
    expect(rows[0]).toContain('…') // long titles are cut short
    expect(JSON.parse((await cli('agreement', path, '--json')).stdout).byDocument).toHaveLength(12)
  })

  it('refuses unknown annotators and labels, and fewer than two analysts, in one line with exit 1', async () => {
    const path = threeAnalysts(scratch())
    for (const [args, message] of [
      [['--annotators', 'ana,zed'], /no spans by an annotator called "zed"/],
      [['--label', 'Claim', '--label', 'Nope'], /no span label called "Nope"/],
      [['--annotators', 'ana'], /agreement needs spans by at least two analysts; found only ana/],
    ] as const) {
      const result = await cli('agreement', path, ...args)
      expect(result.code, result.stderr).toBe(1)
      expect(result.stdout).toBe('')
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1)
      expect(result.stderr).toMatch(message)
      expect(result.stderr).toContain(path) // the corpus is named
    }
    const empty = await cli('agreement', path, '--annotators', ' , ')
    expect(empty.code).toBe(2)
    expect(empty.stderr).toMatch(/--annotators names no annotator/)
  })
})

describe('the CLI’s figures', () => {
  it('print a figure that rounds to zero as 0.000, never -0.000 (the page shows 0.00)', async () => {
    const { figure } = await import('../../src/cli/commands/agreement')
    expect([figure(-0.0001), figure(0.00049), figure(-0.0006), figure(0.81234), figure(null)]).toEqual(['0.000', '0.000', '-0.001', '0.812', '-'])
  })
})
