/** Where analysts differ, what they agree on, and the settled export (`--curated-or-agreed`). */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Corpus } from '../../src/core/store/corpus'
import { DEFAULT_LABELS } from '../../src/core/label-sets'
import { CURATED, curationOf, declaredAttributesOf, meetingKey } from '../../src/shared/curation'
import { cli, opened, parseJsonl, scratch, writeJsonl } from '../helpers'

//            0         1         2         3         4         5
//            0123456789012345678901234567890123456789012345678901234
const TEXT = 'Mr Kim said sanctions relief was discussed. Putin agreed.'

const span = (id: number, start: number, end: number, label: string, annotator: string) => ({ id, start, end, label, annotator })

describe('curationOf', () => {
  it('groups overlapping spans into places and finds where the analysts differ', () => {
    const spans = [
      span(1, 0, 6, 'Speaker', 'ana'),
      span(2, 0, 6, 'Speaker', 'bob'), // agreed
      span(3, 12, 42, 'Claim', 'ana'),
      span(4, 12, 28, 'Claim', 'bob'), // differ: ends
      span(5, 44, 49, 'Speaker', 'bob'), // only bob: ana tagged nothing here
    ]
    const curation = curationOf(spans, [])
    expect(curation.analysts).toEqual(['ana', 'bob'])
    expect(curation.places.map((p) => [p.start, p.end, p.agreed, p.settled, p.versions.map((v) => [v.annotators.join('+'), v.spans.map((s) => s.id)])])).toEqual([
      [0, 6, true, false, [['ana+bob', [1]]]],
      [12, 42, false, false, [['ana', [3]], ['bob', [4]]]],
      [44, 49, false, false, [['bob', [5]], ['ana', []]]],
    ])
    const settled = curationOf([...spans, span(6, 12, 28, 'Claim', CURATED)], [])
    expect(settled.places.map((p) => p.settled)).toEqual([false, true, false])
    expect(settled.analysts).toEqual(['ana', 'bob']) // the curated layer is no analyst
  })

  it('agrees on a relation every analyst made, by what it joins', () => {
    const spans = [span(1, 0, 6, 'Speaker', 'ana'), span(2, 12, 42, 'Claim', 'ana'), span(3, 0, 6, 'Speaker', 'bob'), span(4, 12, 42, 'Claim', 'bob')]
    const both = [
      { id: 1, head: 2, child: 1, label: 'attributed_to', annotator: 'ana' },
      { id: 2, head: 4, child: 3, label: 'attributed_to', annotator: 'bob' },
    ]
    expect(curationOf(spans, both).agreedRelations).toHaveLength(1)
    const one = curationOf(spans, both.slice(0, 1))
    expect(one.agreedRelations).toEqual([])
    expect(one.relationDisagreements.map((d) => [d.annotators, d.settled])).toEqual([[['ana'], false]])
  })

  it('does not agree on a relation drawn to a colleague\'s span the analyst never tagged, as the agreement figures do not', () => {
    // ana links her claim to her "Mr Kim"; bob tagged only "Kim", yet linked his claim to ana's "Mr Kim" (Tab offered it first).
    const spans = [span(1, 0, 6, 'Speaker', 'ana'), span(2, 12, 42, 'Claim', 'ana'), span(3, 3, 6, 'Speaker', 'bob'), span(4, 12, 42, 'Claim', 'bob')]
    const relations = [
      { id: 1, head: 2, child: 1, label: 'attributed_to', annotator: 'ana' },
      { id: 2, head: 4, child: 1, label: 'attributed_to', annotator: 'bob' },
    ]
    const curation = curationOf(spans, relations)
    expect(curation.agreedRelations).toEqual([])
    expect(curation.relationDisagreements.map((d) => [d.relation.id, d.annotators])).toEqual([
      [1, ['ana']],
      [2, ['bob']],
    ])
    // bob's is said to end at ana's span, or the two would read alike in the curation list.
    expect(curation.relationDisagreements.map((d) => d.colleagueEnds)).toEqual([
      { head: null, child: null },
      { head: null, child: 'ana' },
    ])
    // Once bob tags "Mr Kim" himself, his link to it is his own, and they agree.
    const tagged = curationOf([...spans, span(5, 0, 6, 'Speaker', 'bob')], relations)
    expect(tagged.agreedRelations.map((r) => r.id)).toEqual([1])
  })

  it('agrees with the agreement figures and the settled export on such a relation', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    const record = {
      id: 'x',
      text: TEXT,
      // The curator has settled the speaker as ana's "Mr Kim"; the claims are agreed.
      spans: [span(1, 0, 6, 'Speaker', 'ana'), span(2, 12, 42, 'Claim', 'ana'), span(3, 3, 6, 'Speaker', 'bob'), span(4, 12, 42, 'Claim', 'bob'), span(5, 0, 6, 'Speaker', CURATED)],
      relations: [
        { head: 2, child: 1, label: 'attributed_to', annotator: 'ana' },
        { head: 4, child: 1, label: 'attributed_to', annotator: 'bob' },
      ],
    }
    const imported = await cli('import', corpus, writeJsonl(folder, 'in.jsonl', [record]))
    expect(imported.code).toBe(0)
    const agreement = JSON.parse((await cli('agreement', '--json', corpus)).stdout)
    expect(agreement.pairs[0].relations.overall.matches).toBe(0)
    const settled = parseJsonl((await cli('export', '--curated-or-agreed', corpus)).stdout) as any[]
    expect(settled[0].spans.map((s: any) => [s.start, s.annotator])).toEqual([[0, CURATED], [12, 'agreed']])
    expect(settled[0].relations).toEqual([]) // the relation is not agreed, and the curator has not settled it
  })

  it("settles a relation the curated layer has between the curated spans over its ends, though an end's extent was chosen otherwise", () => {
    // The analysts each link the Claim to a Speaker they tagged differently ("Mr Kim", "Kim"); the curator took bob's
    // extent, then accepted ana's relation, which joins the curated Speaker.
    const spans = [
      span(1, 0, 6, 'Speaker', 'ana'),
      span(2, 12, 42, 'Claim', 'ana'),
      span(3, 3, 6, 'Speaker', 'bob'),
      span(4, 12, 42, 'Claim', 'bob'),
      span(5, 3, 6, 'Speaker', CURATED),
      span(6, 12, 42, 'Claim', CURATED),
    ]
    const relations = [
      { id: 1, head: 2, child: 1, label: 'attributed_to', annotator: 'ana' },
      { id: 2, head: 4, child: 3, label: 'attributed_to', annotator: 'bob' },
    ]
    expect(curationOf(spans, relations).relationDisagreements.map((d) => [d.annotators, d.settled])).toEqual([[['ana'], false], [['bob'], false]])
    const curated = [...relations, { id: 3, head: 6, child: 5, label: 'attributed_to', annotator: CURATED }]
    expect(curationOf(spans, curated).relationDisagreements.map((d) => [d.annotators, d.settled])).toEqual([[['ana'], true], [['bob'], true]])
    // Another label, or a curated span of another label over an end, settles nothing.
    const other = [...relations, { id: 3, head: 6, child: 5, label: 'quotes', annotator: CURATED }]
    expect(curationOf(spans, other).relationDisagreements.map((d) => d.settled)).toEqual([false, false])
  })
})

describe('export --curated-or-agreed and --annotator curated', () => {
  it('gives the curated layer where it has spoken and what everyone agreed on elsewhere, nothing from unsettled disagreements', async () => {
    const path = join(scratch(), 'c.marginalia')
    const corpus = opened(Corpus.open(path, { create: true }))
    corpus.transaction(() => {
      const doc = corpus.insertDocument({ externalId: 'd', title: 'd', text: TEXT })
      const kimA = corpus.insertSpan(doc, { start: 0, end: 6, label: 'Speaker', annotator: 'ana' })
      const kimB = corpus.insertSpan(doc, { start: 0, end: 6, label: 'Speaker', annotator: 'bob' })
      const claimA = corpus.insertSpan(doc, { start: 12, end: 42, label: 'Claim', annotator: 'ana' })
      const claimB = corpus.insertSpan(doc, { start: 12, end: 28, label: 'Claim', annotator: 'bob' })
      corpus.insertSpan(doc, { start: 44, end: 49, label: 'Speaker', annotator: 'bob' }) // unsettled: left out
      corpus.insertRelation(doc, { head: claimA, child: kimA, label: 'attributed_to', annotator: 'ana' })
      corpus.insertRelation(doc, { head: claimB, child: kimB, label: 'attributed_to', annotator: 'bob' })
      // The lead settles the claim on bob's version, and links it to the agreed speaker's curated copy.
      const claimC = corpus.insertSpan(doc, { start: 12, end: 28, label: 'Claim', annotator: CURATED })
      const kimC = corpus.insertSpan(doc, { start: 0, end: 6, label: 'Speaker', annotator: CURATED })
      corpus.insertRelation(doc, { head: claimC, child: kimC, label: 'attributed_to', annotator: CURATED })
      corpus.insertDocument({ externalId: 'solo', title: 'solo', text: 'Putin agreed.' })
      corpus.insertSpan(2, { start: 0, end: 5, label: 'Speaker', annotator: 'ana' })
    })
    const settled = parseJsonl((await cli('export', '--curated-or-agreed', path)).stdout) as any[]
    expect(settled[0].spans.map((s: any) => [s.start, s.end, s.label, s.annotator, s.text])).toEqual([
      [0, 6, 'Speaker', CURATED, 'Mr Kim'],
      [12, 28, 'Claim', CURATED, 'sanctions relief'],
    ])
    expect(settled[0].relations.map((r: any) => [r.label, r.annotator])).toEqual([['attributed_to', CURATED]])
    // A document one analyst annotated is theirs alone to agree with.
    expect(settled[1].spans.map((s: any) => [s.text, s.annotator, s.attrs.agreed_by])).toEqual([['Putin', 'agreed', ['ana']]])
    const curatedOnly = parseJsonl((await cli('export', '--annotator', CURATED, path)).stdout) as any[]
    expect(curatedOnly[0].spans.map((s: any) => s.text)).toEqual(['Mr Kim', 'sanctions relief'])
    expect(curatedOnly[1].spans).toEqual([])
  })

  it('leaves out, and says so, a place where two settlings meet: two curators\' copies merged, each settled otherwise', async () => {
    const path = join(scratch(), 'c.marginalia')
    const corpus = opened(Corpus.open(path, { create: true }))
    corpus.transaction(() => {
      const doc = corpus.insertDocument({ externalId: 'd', title: 'd', text: TEXT })
      corpus.insertSpan(doc, { start: 0, end: 6, label: 'Speaker', annotator: 'ana' })
      corpus.insertSpan(doc, { start: 0, end: 11, label: 'Speaker', annotator: 'bob' })
      // Curator A took ana's Speaker, curator B bob's; merged, the curated layer holds both.
      const short = corpus.insertSpan(doc, { start: 0, end: 6, label: 'Speaker', annotator: CURATED })
      corpus.insertSpan(doc, { start: 0, end: 11, label: 'Speaker', annotator: CURATED })
      // Elsewhere A accepted bob's Speaker, B settled it as nothing.
      corpus.insertSpan(doc, { start: 44, end: 49, label: 'Speaker', annotator: 'bob' })
      corpus.insertSpan(doc, { start: 44, end: 49, label: 'Speaker', annotator: CURATED })
      corpus.settleAsNothing(doc, 'place:44-49', 'lead-b')
      // A settled place beside them stays settled: its curated Claim is taken, its relation to the place met is not.
      corpus.insertSpan(doc, { start: 12, end: 42, label: 'Claim', annotator: 'ana' })
      corpus.insertSpan(doc, { start: 12, end: 28, label: 'Claim', annotator: 'bob' })
      const claim = corpus.insertSpan(doc, { start: 12, end: 28, label: 'Claim', annotator: CURATED })
      corpus.insertRelation(doc, { head: claim, child: short, label: 'attributed_to', annotator: CURATED })
    })
    const spans = corpus.spansOf(1).map((s) => ({ id: s.id, start: s.start_offset, end: s.end_offset, label: s.label, annotator: s.annotator, attrs: JSON.parse(s.attrs) }))
    expect(curationOf(spans, []).places.map((p) => [p.start, p.settled, p.conflicting])).toEqual([
      [0, false, true],
      [12, true, false],
      [44, true, false], // met with its settling as nothing, which only those who read the settlings see
    ])
    expect(curationOf(spans, [], undefined, new Set(['place:44-49'])).places.map((p) => [p.start, p.settled, p.conflicting])).toEqual([
      [0, false, true],
      [12, true, false],
      [44, false, true],
    ])
    const result = await cli('export', '--curated-or-agreed', path)
    expect(result.stderr).toMatch(/note: 2 places where two settlings meet \(curated copies merged, each settled otherwise\) left out of the settled set, to settle again in curation \(d 0-11; d 44-49\)/)
    const [settled] = parseJsonl(result.stdout) as any[]
    expect(settled.spans.map((s: any) => [s.start, s.end, s.label, s.annotator])).toEqual([[12, 28, 'Claim', CURATED]])
    expect(settled.relations).toEqual([])
  })

  it('leaves out a place a merge found settled two ways (two labels on one text), and a relation accepted and settled as nothing; one curator\'s two labels on one text stay settled', async () => {
    const path = join(scratch(), 'c.marginalia')
    const corpus = opened(Corpus.open(path, { create: true }))
    corpus.transaction(() => {
      const doc = corpus.insertDocument({ externalId: 'd', title: 'd', text: TEXT })
      corpus.insertSpan(doc, { start: 44, end: 49, label: 'Speaker', annotator: 'ana' })
      corpus.insertSpan(doc, { start: 44, end: 49, label: 'Source', annotator: 'bob' })
      corpus.insertSpan(doc, { start: 44, end: 49, label: 'Speaker', annotator: CURATED })
      corpus.insertSpan(doc, { start: 44, end: 49, label: 'Source', annotator: CURATED })
      for (const annotator of ['ana', 'bob', CURATED]) {
        const [speaker, claim] = corpus.insertSpans(doc, [
          { start: 0, end: 6, label: 'Speaker', annotator },
          { start: 12, end: 42, label: 'Claim', annotator },
        ])
        if (annotator !== 'bob') corpus.insertRelation(doc, { head: claim, child: speaker, label: 'attributed_to', annotator })
      }
    })
    const spans = corpus.spansOf(1).map((s) => ({ id: s.id, start: s.start_offset, end: s.end_offset, label: s.label, annotator: s.annotator }))
    const [disagreement] = curationOf(spans, corpus.relationsOf(1)).relationDisagreements
    expect([disagreement.settled, disagreement.conflicting]).toEqual([true, false])
    // One curator may tag "Putin" both Speaker and Source: settled, as they left it.
    expect(curationOf(spans, []).places.find((p) => p.start === 44)).toMatchObject({ settled: true, conflicting: false })
    // Two curators' copies merged, one having taken ana's Speaker, the other bob's Source: the merge records the place.
    corpus.settleAsNothing(1, `relation:${disagreement.key}`, 'lead-b')
    corpus.settleAsNothing(1, meetingKey({ start: 44, end: 49 }), CURATED)
    const met = curationOf(spans, corpus.relationsOf(1), undefined, new Set(corpus.settledAsNothing(1)))
    expect(met.places.map((p) => [p.start, p.settled, p.conflicting])).toEqual([
      [0, true, false],
      [12, true, false],
      [44, false, true],
    ])
    expect(met.relationDisagreements.map((d) => [d.settled, d.conflicting])).toEqual([[false, true]])
    const result = await cli('export', '--curated-or-agreed', path)
    expect(result.stderr).toMatch(/note: 1 place and 1 relation where two settlings meet .* \(d the relation over 0-42; d 44-49\)/)
    const [settled] = parseJsonl(result.stdout) as any[]
    expect(settled.spans.map((s: any) => [s.start, s.end, s.label, s.annotator])).toEqual([
      [0, 6, 'Speaker', CURATED],
      [12, 42, 'Claim', CURATED],
    ])
    expect(settled.relations).toEqual([])
  })

  it("counts the values of a label's declared attributes as part of a version: analysts who differ there did not agree", async () => {
    const labels = [...DEFAULT_LABELS.map((l) => (l.name === 'Claim' ? { ...l, attributes: [{ name: 'checkworthy', values: ['yes', 'no'] }] } : l))]
    const path = join(scratch(), 'c.marginalia')
    const corpus = opened(Corpus.open(path, { create: true, labels }))
    corpus.transaction(() => {
      const doc = corpus.insertDocument({ externalId: 'd', title: 'd', text: TEXT })
      corpus.insertSpan(doc, { start: 12, end: 42, label: 'Claim', annotator: 'ana', attrs: { checkworthy: 'yes' } })
      corpus.insertSpan(doc, { start: 12, end: 42, label: 'Claim', annotator: 'bob', attrs: { checkworthy: 'no' } })
      corpus.insertSpan(doc, { start: 0, end: 6, label: 'Speaker', annotator: 'ana', attrs: { note: 'ana only' } }) // a note is no decision
      corpus.insertSpan(doc, { start: 0, end: 6, label: 'Speaker', annotator: 'bob', attrs: { note: 'bob’s doubt', unsure: true } })
    })
    const spans = corpus.spansOf(1).map((s) => ({ id: s.id, start: s.start_offset, end: s.end_offset, label: s.label, annotator: s.annotator, attrs: JSON.parse(s.attrs) }))
    const curation = curationOf(spans, [], declaredAttributesOf(corpus.labels()))
    expect(curation.places.map((p) => [p.start, p.agreed, p.versions.length])).toEqual([[0, true, 1], [12, false, 2]])
    expect(curationOf(spans, []).places.every((p) => p.agreed)).toBe(true) // without declared attributes, only extents count
    const [document] = parseJsonl((await cli('export', '--curated-or-agreed', path)).stdout) as any[]
    expect(document.spans.map((s: any) => [s.label, s.annotator])).toEqual([['Speaker', 'agreed']]) // the Claim is not agreed
    // What the analysts agreed on carries no one analyst's remark as if all had made it: each note under its author,
    // and the unsure flag of only some not at all.
    expect(document.spans[0].attrs).toEqual({ agreed_by: ['ana', 'bob'], notes: { ana: 'ana only', bob: 'bob’s doubt' } })
  })

  it('takes what every analyst agreed on, relation included, once, where no curator has spoken', async () => {
    const path = join(scratch(), 'c.marginalia')
    const corpus = opened(Corpus.open(path, { create: true }))
    corpus.transaction(() => {
      const doc = corpus.insertDocument({ externalId: 'd', title: 'd', text: TEXT })
      for (const analyst of ['ana', 'bob']) {
        const kim = corpus.insertSpan(doc, { start: 0, end: 6, label: 'Speaker', annotator: analyst })
        const claim = corpus.insertSpan(doc, { start: 12, end: 42, label: 'Claim', annotator: analyst })
        corpus.insertRelation(doc, { head: claim, child: kim, label: 'attributed_to', annotator: analyst })
      }
    })
    const [document] = parseJsonl((await cli('export', '--curated-or-agreed', path)).stdout) as any[]
    expect(document.spans.map((s: any) => [s.text, s.annotator])).toEqual([
      ['Mr Kim', 'agreed'],
      ['sanctions relief was discussed', 'agreed'],
    ])
    const [claim, kim] = [document.spans[1].id, document.spans[0].id]
    expect(document.relations.map((r: any) => [r.head, r.child, r.annotator])).toEqual([[claim, kim, 'agreed']])
  })

  it('says which documents one analyst alone annotated, whose spans it takes as agreed', async () => {
    const path = join(scratch(), 'c.marginalia')
    const corpus = opened(Corpus.open(path, { create: true }))
    corpus.transaction(() => {
      const alone = corpus.insertDocument({ externalId: 'vaccine', title: 'v', text: TEXT }) // ana marked it done, tagging nothing
      corpus.insertSpan(alone, { start: 0, end: 6, label: 'Speaker', annotator: 'bob' })
      const both = corpus.insertDocument({ externalId: 'summit', title: 's', text: TEXT })
      for (const analyst of ['ana', 'bob']) corpus.insertSpan(both, { start: 0, end: 6, label: 'Speaker', annotator: analyst })
    })
    const result = await cli('export', '--curated-or-agreed', path)
    expect(result.stderr).toMatch(/^note: 1 document annotated by one analyst alone taken as agreed \(agreed_by names that analyst only; curate it for a second opinion\): vaccine \(bob\)$/m)
    expect((parseJsonl(result.stdout) as any[]).map((d) => [d.id, d.spans.map((s: any) => s.attrs.agreed_by)])).toEqual([['vaccine', [['bob']]], ['summit', [['ana', 'bob']]]])
  })

  it('takes a span every analyst made alike where they differ around it and no curator has spoken, leaving the rest out', async () => {
    const path = join(scratch(), 'c.marginalia')
    const corpus = opened(Corpus.open(path, { create: true }))
    corpus.transaction(() => {
      const doc = corpus.insertDocument({ externalId: 'd', title: 'd', text: TEXT })
      // Both tagged "Mr Kim" a Speaker; only ana tagged the Claim over it, so the place is in dispute.
      for (const analyst of ['ana', 'bob']) corpus.insertSpan(doc, { start: 0, end: 6, label: 'Speaker', annotator: analyst })
      corpus.insertSpan(doc, { start: 0, end: 42, label: 'Claim', annotator: 'ana' })
    })
    expect(curationOf(corpus.spansOf(1).map((s) => ({ id: s.id, start: s.start_offset, end: s.end_offset, label: s.label, annotator: s.annotator })), []).places[0].agreed).toBe(false)
    const [document] = parseJsonl((await cli('export', '--curated-or-agreed', path)).stdout) as any[]
    expect(document.spans.map((s: any) => [s.text, s.label, s.annotator, s.attrs.agreed_by])).toEqual([['Mr Kim', 'Speaker', 'agreed', ['ana', 'bob']]])
  })
})
