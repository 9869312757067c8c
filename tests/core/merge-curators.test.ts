/** Merging two curators' copies: where each settled a disagreement otherwise, both settlings stay and are named. */
import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_LABELS } from '../../src/core/label-sets'
import { describeMerge, mergeCorpora } from '../../src/core/merge/merge'
import { Corpus } from '../../src/core/store/corpus'
import { CURATED, curationOf, declaredAttributesOf } from '../../src/shared/curation'
import type { LabelDefinition } from '../../src/shared/corpus-types'
import { cli, opened, scratch } from '../helpers'

//            0         1         2         3         4         5
//            0123456789012345678901234567890123456789012345678901234
const TEXT = 'Mr Kim said sanctions relief was discussed. Putin agreed.'

const LABELS: LabelDefinition[] = DEFAULT_LABELS.map((label) => (label.name === 'Claim' ? { ...label, attributes: [{ name: 'checkworthy', values: ['yes', 'no'] }] } : label))

/** Runs `use` on the corpus at `path`, open for writing, and closes it. */
function withCorpus<T>(path: string, use: (corpus: Corpus, documentId: number) => T): T {
  const corpus = opened(Corpus.open(path))
  try {
    return use(corpus, corpus.documentId('d')!)
  } finally {
    corpus.close()
  }
}

/**
 * The team's corpus after the analysts' work (ana and bob differ on the Claim's checkworthy, on "Putin"'s label, and on
 * a relation ana made), and a copy of it for each of two curators.
 */
function teamAndCurators(): { base: string; a: string; b: string; folder: string } {
  const folder = scratch()
  const base = join(folder, 'team.marginalia')
  const corpus = opened(Corpus.open(base, { create: true, labels: LABELS }))
  corpus.transaction(() => {
    const doc = corpus.insertDocument({ externalId: 'd', title: 'd', text: TEXT })
    for (const [annotator, checkworthy, putin] of [
      ['ana', 'yes', 'Speaker'],
      ['bob', 'no', 'Source'],
    ]) {
      const [speaker, claim] = corpus.insertSpans(doc, [
        { start: 0, end: 6, label: 'Speaker', annotator },
        { start: 12, end: 42, label: 'Claim', annotator, attrs: { checkworthy } },
        { start: 44, end: 49, label: putin, annotator },
      ])
      if (annotator === 'ana') corpus.insertRelation(doc, { head: claim, child: speaker, label: 'attributed_to', annotator })
    }
  })
  corpus.close()
  const a = join(folder, 'curator-a.marginalia')
  const b = join(folder, 'curator-b.marginalia')
  copyFileSync(base, a)
  copyFileSync(base, b)
  return { base, a, b, folder }
}

/** The places and relations of document d where two settlings meet, as `curationOf` finds them in `path`. */
function metIn(path: string): { places: number[]; relations: number } {
  return withCorpus(path, (corpus, doc) => {
    const spans = corpus.spansOf(doc).map((s) => ({ id: s.id, start: s.start_offset, end: s.end_offset, label: s.label, annotator: s.annotator, attrs: JSON.parse(s.attrs) }))
    const curation = curationOf(spans, corpus.relationsOf(doc), declaredAttributesOf(corpus.labels()), new Set(corpus.settledAsNothing(doc)))
    return { places: curation.places.filter((p) => p.conflicting).map((p) => p.start), relations: curation.relationDisagreements.filter((d) => d.conflicting).length }
  })
}

/** Merges `sources` into the corpus at `target`. */
async function merge(target: string, sources: string[]) {
  const corpus = opened(Corpus.open(target))
  try {
    return await mergeCorpora(corpus, sources)
  } finally {
    corpus.close()
  }
}

describe("merging curators' copies", () => {
  it('keeps both curators\' values of one curated span, each changed in its copy since the base, as two settlings met, whatever order the copies are given in (one order took the earlier change, unsaid); one that kept the base\'s value is weighed by time', async () => {
    const { base, a, b, folder } = teamAndCurators()
    const stamp = (minute: number) => `2026-12-03T09:${String(minute).padStart(2, '0')}:00.000Z`
    // The settled base: the Claim curated checkworthy no; both curators' copies are made from it.
    withCorpus(base, (corpus, doc) => void corpus.insertSpans(doc, [{ start: 12, end: 42, label: 'Claim', annotator: CURATED, attrs: {}, createdAt: stamp(0) }]))
    copyFileSync(base, a)
    copyFileSync(base, b)
    const setCurated = (path: string, checkworthy: string, minute: number) =>
      withCorpus(path, (corpus, doc) => corpus.setSpanAttrs(doc, corpus.spansOf(doc).find((s) => s.annotator === CURATED)!.id, { checkworthy }, stamp(minute)))
    setCurated(a, 'yes', 10) // carla: yes
    setCurated(b, 'yes', 11) // dave: yes, then no, later than carla
    setCurated(b, 'no', 12)
    const curatedValues = async (sources: string[]) => {
      const target = join(folder, `target-${sources.map((s) => s.slice(-13, -11)).join('')}.marginalia`)
      copyFileSync(base, target)
      const summary = await merge(target, sources)
      expect(summary.total.settlingsMet.flatMap((met) => met.places)).toEqual(['12-42'])
      expect(metIn(target).places).toEqual([12])
      const values = () => withCorpus(target, (corpus, doc) => corpus.spansOf(doc).filter((s) => s.annotator === CURATED).map((s) => JSON.parse(s.attrs).checkworthy).sort())
      const first = values()
      await merge(target, sources) // merged again: nothing changes
      expect(values()).toEqual(first)
      return first
    }
    expect(await curatedValues([a, b])).toEqual(['no', 'yes'])
    expect(await curatedValues([b, a])).toEqual(['no', 'yes'])
    // Later, carla adds a note to her settling in her copy: it goes on her version, and dave's stays (it went on the
    // first copy of the span, whichever that was, and one curator's value was gone with the meeting).
    withCorpus(a, (corpus, doc) => corpus.setSpanAttrs(doc, corpus.spansOf(doc).find((s) => s.annotator === CURATED)!.id, { checkworthy: 'yes', note: 'per the ministry' }, stamp(20)))
    for (const order of [[a, b], [b, a]]) {
      const target = join(folder, `target-${order.map((s) => s.slice(-13, -11)).join('')}.marginalia`)
      await merge(target, [a])
      expect(withCorpus(target, (corpus, doc) => corpus.spansOf(doc).filter((s) => s.annotator === CURATED).map((s) => JSON.parse(s.attrs)).sort((x, y) => x.checkworthy.localeCompare(y.checkworthy)))).toEqual([
        { checkworthy: 'no' },
        { checkworthy: 'yes', note: 'per the ministry' },
      ])
      expect(metIn(target).places).toEqual([12])
    }
    // From a base settled "no": carla sets yes, dave only writes a note later (his "no" is the base's): no meeting,
    // the later word wins in either order.
    const base2 = join(folder, 'base2.marginalia')
    copyFileSync(base, base2)
    withCorpus(base2, (corpus, doc) => corpus.setSpanAttrs(doc, corpus.spansOf(doc).find((s) => s.annotator === CURATED)!.id, { checkworthy: 'no' }, stamp(1)))
    const [a2, b2] = ['carla2', 'dave2'].map((name) => join(folder, `${name}.marginalia`))
    copyFileSync(base2, a2)
    copyFileSync(base2, b2)
    setCurated(a2, 'yes', 10)
    withCorpus(b2, (corpus, doc) => corpus.setSpanAttrs(doc, corpus.spansOf(doc).find((s) => s.annotator === CURATED)!.id, { checkworthy: 'no', note: 'checked' }, stamp(12)))
    for (const order of [[a2, b2], [b2, a2]]) {
      const target = join(folder, `t2-${order.map((s) => s.slice(-15, -11)).join('')}.marginalia`)
      copyFileSync(base2, target)
      const summary = await merge(target, order)
      expect(summary.total.settlingsMet).toEqual([])
      expect(withCorpus(target, (corpus, doc) => corpus.spansOf(doc).filter((s) => s.annotator === CURATED).map((s) => JSON.parse(s.attrs)))).toEqual([{ checkworthy: 'no', note: 'checked' }])
    }
  })

  it('keeps both settlings where two curators chose otherwise (an attribute value, a label, a relation), names each place, and changes nothing merged again', async () => {
    const { base, a, b } = teamAndCurators()
    const stamp = (minute: number) => `2026-12-03T08:${String(minute).padStart(2, '0')}:00.000Z`
    // Curator A accepts ana's versions: checkworthy yes, Speaker, and her relation.
    withCorpus(a, (corpus, doc) =>
      corpus.transaction(() => {
        const [speaker, claim] = corpus.insertSpans(doc, [
          { start: 0, end: 6, label: 'Speaker', annotator: CURATED, createdAt: stamp(1), updatedAt: stamp(1) },
          { start: 12, end: 42, label: 'Claim', annotator: CURATED, attrs: { checkworthy: 'yes' }, createdAt: stamp(1), updatedAt: stamp(1) },
          { start: 44, end: 49, label: 'Speaker', annotator: CURATED, createdAt: stamp(1), updatedAt: stamp(1) },
        ])
        corpus.insertRelation(doc, { head: claim, child: speaker, label: 'attributed_to', annotator: CURATED })
      }),
    )
    // Curator B accepts bob's: checkworthy no, Source, and no relation (settled as nothing); later than A.
    const relationKey = withCorpus(b, (corpus, doc) => {
      const spans = corpus.spansOf(doc).map((s) => ({ id: s.id, start: s.start_offset, end: s.end_offset, label: s.label, annotator: s.annotator }))
      const key = curationOf(spans, corpus.relationsOf(doc)).relationDisagreements[0].key
      corpus.transaction(() => {
        corpus.insertSpans(doc, [
          { start: 0, end: 6, label: 'Speaker', annotator: CURATED, createdAt: stamp(2), updatedAt: stamp(2) },
          { start: 12, end: 42, label: 'Claim', annotator: CURATED, attrs: { checkworthy: 'no' }, createdAt: stamp(2), updatedAt: stamp(2) },
          { start: 44, end: 49, label: 'Source', annotator: CURATED, createdAt: stamp(2), updatedAt: stamp(2) },
        ])
        corpus.settleAsNothing(doc, `relation:${key}`, 'lead-b')
      })
      return key
    })
    expect(relationKey).toMatch(/attributed_to/)

    const target = join(teamAndCurators().folder, 'settled.marginalia')
    copyFileSync(base, target)
    const first = await merge(target, [a])
    expect(first.total.settlingsMet).toEqual([])
    const result = await cli('merge', target, b)
    expect(result.code, result.stderr).toBe(0)
    // The curator's checkworthy no is not written over A's yes (nor the other way): both stand, to settle again.
    const claims = withCorpus(target, (corpus, doc) => corpus.spansOf(doc).filter((s) => s.annotator === CURATED && s.label === 'Claim').map((s) => JSON.parse(s.attrs).checkworthy))
    expect(claims.sort()).toEqual(['no', 'yes'])
    expect(metIn(target)).toEqual({ places: [12, 44], relations: 1 })
    expect(result.stderr).toMatch(
      /^warning: \S+curator-b\.marginalia: document "d": its curated layer settled 2 places and 1 relation otherwise than \S+'s \(12-42, 44-49, the relation over 0-42\): both settlings are kept; curation shows each as "two settlings meet here" until a curator accepts one version, and the settled export leaves them out$/m,
    )
    expect(result.stderr).not.toMatch(/fresh copy/) // the curated layer is no analyst's earlier work
    expect(result.stderr).toMatch(/curators' settlings meet at 2 places and 1 relation \(both kept, to settle again in curation\)/)
    // The two Claims kept side by side are two settlings, not a span made twice: the corpus checks out.
    const checked = await cli('check', target)
    expect(checked.code, checked.stdout + checked.stderr).toBe(0)

    // Merged again, nothing is added and nothing new is said to meet.
    const again = await merge(target, [a, b])
    expect(describeMerge(again)).toMatch(/spans 0 added/)
    expect(again.total.settlingsMet).toEqual([])
    expect(again.total.earlierWork).toEqual([]) // nor is the other curator's settling said to be earlier work, the second time
    expect(again.total.spanAttributesTaken).toBe(0)
    expect(metIn(target)).toEqual({ places: [12, 44], relations: 1 })
  })

  it("takes one curator's later change of a value as the change it is, not as a second settling", async () => {
    const { base, a } = teamAndCurators()
    withCorpus(base, (corpus, doc) =>
      corpus.transaction(() => void corpus.insertSpan(doc, { start: 12, end: 42, label: 'Claim', annotator: CURATED, attrs: { checkworthy: 'yes' } })),
    )
    copyFileSync(base, a) // the curator's copy, taken after the settling
    withCorpus(a, (corpus, doc) => {
      const claim = corpus.spansOf(doc).find((s) => s.annotator === CURATED)!
      corpus.setSpanAttrs(doc, claim.id, { checkworthy: 'no' }, '2099-01-01T00:00:00.000Z')
    })
    const summary = await merge(base, [a])
    expect(summary.total.spanAttributesTaken).toBe(1)
    expect(summary.total.settlingsMet).toEqual([])
    expect(withCorpus(base, (corpus, doc) => corpus.spansOf(doc).filter((s) => s.annotator === CURATED).map((s) => JSON.parse(s.attrs).checkworthy))).toEqual(['no'])
    expect(metIn(base)).toEqual({ places: [], relations: 0 })
  })

  it("joins the source curator's relation to the source curator's own span, not to the other curator's", async () => {
    const folder = scratch()
    const base = join(folder, 'team.marginalia')
    const corpus = opened(Corpus.open(base, { create: true, labels: LABELS }))
    corpus.transaction(() => {
      const doc = corpus.insertDocument({ externalId: 'd', title: 'd', text: TEXT })
      for (const [annotator, checkworthy] of [['ana', 'yes'], ['bob', 'no']]) {
        const [speaker, claim] = corpus.insertSpans(doc, [
          { start: 0, end: 6, label: 'Speaker', annotator },
          { start: 12, end: 42, label: 'Claim', annotator, attrs: { checkworthy } },
        ])
        if (annotator === 'bob') corpus.insertRelation(doc, { head: claim, child: speaker, label: 'attributed_to', annotator })
      }
    })
    corpus.close()
    const a = join(folder, 'a.marginalia')
    const b = join(folder, 'b.marginalia')
    copyFileSync(base, a)
    copyFileSync(base, b)
    const stamp = (m: number) => `2026-12-03T08:0${m}:00.000Z`
    withCorpus(a, (c, doc) =>
      c.transaction(() => {
        c.insertSpans(doc, [
          { start: 0, end: 6, label: 'Speaker', annotator: CURATED, createdAt: stamp(1), updatedAt: stamp(1) },
          { start: 12, end: 42, label: 'Claim', annotator: CURATED, attrs: { checkworthy: 'yes' }, createdAt: stamp(1), updatedAt: stamp(1) },
        ])
      }),
    )
    withCorpus(b, (c, doc) =>
      c.transaction(() => {
        const [speaker, claim] = c.insertSpans(doc, [
          { start: 0, end: 6, label: 'Speaker', annotator: CURATED, createdAt: stamp(2), updatedAt: stamp(2) },
          { start: 12, end: 42, label: 'Claim', annotator: CURATED, attrs: { checkworthy: 'no' }, createdAt: stamp(2), updatedAt: stamp(2) },
        ])
        c.insertRelation(doc, { head: claim, child: speaker, label: 'attributed_to', annotator: CURATED })
      }),
    )
    const target = join(folder, 'settled.marginalia')
    copyFileSync(base, target)
    for (const source of [a, b]) {
      const into = opened(Corpus.open(target))
      try {
        await mergeCorpora(into, [source])
      } finally {
        into.close()
      }
    }
    withCorpus(target, (c, doc) => {
      const spans = c.spansOf(doc)
      const curatedRelations = c.relationsOf(doc).filter((r) => r.annotator === CURATED)
      expect(curatedRelations).toHaveLength(1)
      const head = spans.find((s) => s.id === curatedRelations[0].head)!
      // B's relation was drawn from B's Claim (checkworthy no).
      expect(JSON.parse(head.attrs).checkworthy).toBe('no')
    })
  })
})
