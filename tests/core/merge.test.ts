import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, linkSync, readFileSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import Database from 'better-sqlite3'
import { describe, expect, it, vi } from 'vitest'
import { runCli } from '../../src/cli/main'
import { DEFAULT_LABELS } from '../../src/core/label-sets'
import { describeMerge, mergeCorpora, MergeInterruptedError, MergeRefusedError, type MergeSummary } from '../../src/core/merge/merge'
import { Corpus } from '../../src/core/store/corpus'
import type { LabelDefinition } from '../../src/shared/corpus-types'
import { cli, opened, parseJsonl, scratch } from '../helpers'

const digest = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex')

const SUMMIT = 'Mr Putin told journalists: “So there are no secrets here.” 😀'

/** The news label set plus a document label. */
const LABELS: LabelDefinition[] = [
  ...DEFAULT_LABELS,
  { name: 'Politics', kind: 'document', color: '#123456', hotkey: 'p', description: 'About politics.', head: null, child: null },
]

/** Makes a corpus at `folder/name` with `labels`, runs `fill` on it in one transaction, and returns its path. */
function makeCorpus(folder: string, name: string, fill: (corpus: Corpus) => void, labels: readonly LabelDefinition[] = LABELS): string {
  const path = join(folder, name)
  const corpus = opened(Corpus.open(path, { create: true, labels }))
  corpus.transaction(() => fill(corpus))
  corpus.close()
  return path
}

/** Opens `path` for writing, runs `use` on it, and closes it. */
async function withCorpus<T>(path: string, use: (corpus: Corpus) => Promise<T> | T): Promise<T> {
  const corpus = opened(Corpus.open(path))
  try {
    return await use(corpus)
  } finally {
    corpus.close()
  }
}

/** Merges `sources` into the corpus at `target` (made with LABELS if missing). */
function merge(target: string, sources: string[], options: Parameters<typeof mergeCorpora>[2] = {}): Promise<MergeSummary> {
  const corpus = opened(Corpus.open(target, { create: true, labels: LABELS }))
  return mergeCorpora(corpus, sources, options).finally(() => corpus.close())
}

/** The export of a corpus as text, and parsed by document id. */
async function exportOf(path: string): Promise<{ text: string; byId: Map<string, any> }> {
  const result = await cli('export', path)
  expect(result.code, result.stderr).toBe(0)
  return { text: result.stdout, byId: new Map(parseJsonl(result.stdout).map((doc) => [doc.id as string, doc])) }
}

/** A document's spans as `label annotator [start, end) "text"`, sorted. */
function spansOf(doc: any): string[] {
  return doc.spans.map((s: any) => `${s.label} ${s.annotator} [${s.start}, ${s.end}) "${s.text}"`).sort()
}

/** A document's relations as `head span -label-> child span (annotator)`, through the spans they point at. */
function relationsOf(doc: any): string[] {
  const span = (id: number): string => {
    const s = doc.spans.find((candidate: any) => candidate.id === id)
    return `${s.label}/${s.annotator} "${s.text}"`
  }
  return doc.relations.map((r: any) => `${span(r.head)} -${r.label}-> ${span(r.child)} (${r.annotator})`).sort()
}

/**
 * A base corpus (the lead has tagged the speaker of `summit`), copied to two analysts who each add their own
 * work; ben's copy also has a document of his own. Returns the paths of the two copies.
 */
function analystCopies(folder: string): { ana: string; ben: string } {
  const base = makeCorpus(folder, 'base.marginalia', (corpus) => {
    const summit = corpus.insertDocument({ externalId: 'summit', title: 'Summit', text: SUMMIT, meta: { url: 'https://example.org/a' } })
    corpus.insertSpan(summit, { start: 0, end: 8, label: 'Speaker', annotator: 'lead', createdAt: '2024-05-01T09:00:00.000Z' })
    corpus.insertDocument({ externalId: 'other', title: 'Other', text: 'Nothing tagged.' })
  })
  const ana = join(folder, 'ana.marginalia')
  const ben = join(folder, 'ben.marginalia')
  copyFileSync(base, ana)
  copyFileSync(base, ben)
  const annotate = (path: string, work: (corpus: Corpus, summit: number) => void): void => {
    const corpus = opened(Corpus.open(path))
    corpus.transaction(() => work(corpus, corpus.documentId('summit')!))
    corpus.close()
  }
  annotate(ana, (corpus, summit) => {
    const claim = corpus.insertSpan(summit, { start: 28, end: 57, label: 'Claim', annotator: 'ana', attrs: { confidence: 0.9 } })
    corpus.insertRelation(summit, { head: claim, child: 1, label: 'attributed_to', annotator: 'ana' })
    corpus.insertDocumentLabel(summit, 'Politics', 'ana')
    corpus.setStatus(summit, 'done')
  })
  annotate(ben, (corpus, summit) => {
    // Ben's Claim has id 2, like ana's Claim: ids must not be what matches spans or relation ends.
    const claim = corpus.insertSpan(summit, { start: 28, end: 57, label: 'Claim', annotator: 'ben' })
    corpus.insertSpan(summit, { start: 59, end: 60, label: 'Spam', annotator: 'ben' })
    corpus.insertRelation(summit, { head: claim, child: 1, label: 'attributed_to', annotator: 'ben' })
    corpus.insertDocumentLabel(summit, 'Politics', 'ben')
    corpus.insertDocument({ externalId: 'bens-own', title: 'Ben', text: 'Only ben has this.', status: 'skipped' })
  })
  return { ana, ben }
}

/** ana's and ben's copies merged into a new corpus, then ana's copy changed by `change` (in her summit document). */
async function mergedThenChanged(change: (copy: Corpus, summit: number) => void): Promise<{ ana: string; target: string }> {
  const folder = scratch()
  const { ana, ben } = analystCopies(folder)
  const target = join(folder, 'merged.marginalia')
  await merge(target, [ana, ben])
  const copy = opened(Corpus.open(ana))
  change(copy, copy.documentId('summit')!)
  copy.close()
  return { ana, target }
}

describe('mergeCorpora', () => {
  it("merges two analysts' copies into a third file: each annotation once, relations on the right spans", async () => {
    const folder = scratch()
    const { ana, ben } = analystCopies(folder)
    const target = join(folder, 'merged.marginalia')
    const summary = await merge(target, [ana, ben])

    const { byId } = await exportOf(target)
    expect([...byId.keys()]).toEqual(['summit', 'other', 'bens-own'])
    const summit = byId.get('summit')
    expect(spansOf(summit)).toEqual([
      'Claim ana [28, 57) "So there are no secrets here."',
      'Claim ben [28, 57) "So there are no secrets here."',
      'Spam ben [59, 60) "😀"',
      'Speaker lead [0, 8) "Mr Putin"',
    ])
    expect(relationsOf(summit)).toEqual([
      'Claim/ana "So there are no secrets here." -attributed_to-> Speaker/lead "Mr Putin" (ana)',
      'Claim/ben "So there are no secrets here." -attributed_to-> Speaker/lead "Mr Putin" (ben)',
    ])
    expect(summit.spans.find((s: any) => s.annotator === 'ana').attrs).toEqual({ confidence: 0.9 })
    expect(summit.spans.find((s: any) => s.annotator === 'lead').created_at).toBe('2024-05-01T09:00:00.000Z')
    expect(summit.labels.map((l: any) => l.annotator)).toEqual(['ana', 'ben'])
    expect(summit).toMatchObject({ status: 'done', title: 'Summit', meta: { url: 'https://example.org/a' } })
    expect(byId.get('bens-own')).toMatchObject({ status: 'skipped', text: 'Only ben has this.' })

    const [fromAna, fromBen] = summary.sources
    expect(fromAna).toMatchObject({ source: ana, documentsAdded: 2, documentsMerged: 0, spansAdded: 2, relationsAdded: 1, documentLabelsAdded: 1 })
    expect(fromBen).toMatchObject({
      source: ben,
      documentsAdded: 1,
      documentsMerged: 2,
      spansAdded: 2,
      spansAlreadyPresent: 1,
      relationsAdded: 1,
      relationsAlreadyPresent: 0,
      documentLabelsAdded: 1,
      statusesTaken: 0,
    })
    expect(summary.total).toMatchObject({ documentsAdded: 3, documentsMerged: 2, spansAdded: 4, spansAlreadyPresent: 1, relationsAdded: 2 })
    expect(describeMerge(summary)).toBe(
      `merged 2 sources into ${target}: 3 documents added, 2 merged; spans 4 added, 1 already present; ` +
        'relations 2 added, 0 already present; document labels 2 added, 0 already present',
    )
  })

  it('changes nothing when run twice: the second summary adds nothing and the export is byte-identical', async () => {
    const folder = scratch()
    const { ana, ben } = analystCopies(folder)
    const target = join(folder, 'merged.marginalia')
    await merge(target, [ana, ben])
    const before = (await exportOf(target)).text

    const again = await merge(target, [ana, ben])
    expect(again.total).toMatchObject({
      documentsAdded: 0,
      documentsMerged: 5,
      textDiffers: [],
      spansAdded: 0,
      spansAlreadyPresent: 5,
      relationsAdded: 0,
      relationsAlreadyPresent: 2,
      relationsRefused: [],
      documentLabelsAdded: 0,
      documentLabelsAlreadyPresent: 2,
      statusesTaken: 0,
      labelsAdded: [],
      earlierWork: [],
    })
    expect((await exportOf(target)).text).toBe(before)
  })

  it('warns, per source, of a label it uses that the target defines otherwise, whose definition there is kept', async () => {
    const folder = scratch()
    const { ana, ben } = analystCopies(folder)
    const target = join(folder, 'merged.marginalia')
    await merge(target, [ben])
    const db = opened(new Database(ana))
    db.prepare(`UPDATE labels SET color = '#00aa00' WHERE name = 'Claim'`).run()
    db.prepare(`UPDATE labels SET head_labels = '["Speaker"]' WHERE name = 'attributed_to'`).run()
    db.close()
    const summary = await merge(target, [ana])
    expect(summary.total.labelsDiffering).toEqual([
      expect.stringMatching(/ana\.marginalia: the span label Claim is defined otherwise in \S+merged\.marginalia \(colour #\w+ here, #00aa00 there\); its definition there is kept$/),
      expect.stringMatching(/: the relation label attributed_to is defined otherwise in \S+ \(head Claim here, Speaker there\); its definition there is kept$/),
    ])
    const again = await cli('merge', target, ana)
    expect(again.stderr).toMatch(/^warning: \S+ana\.marginalia: the span label Claim is defined otherwise/m)
    expect((await merge(target, [ben])).total.labelsDiffering).toEqual([])
  })

  it('says so when an analyst changed their work since the last merge: merging only adds, so the earlier version stays beside the latest', async () => {
    const { ana, target } = await mergedThenChanged((copy, summit) => {
      const claim = copy.spansOf(summit).find((span) => span.annotator === 'ana')!
      copy.updateSpan(summit, claim.id, { start: 28, end: 50, label: 'Claim' }) // ana moved her Claim's end
    })
    const again = await merge(target, [ana])
    expect(again.total.earlierWork).toEqual([{ source: ana, document: 'summit', annotator: 'ana', spans: 1, noneInSource: false }])
    expect(describeMerge(again)).toMatch(/; earlier work of ana kept beside the sources' in 1 document \(merging only adds\)$/)
    const result = await cli('merge', target, ana)
    expect(result.code).toBe(0)
    expect(result.stderr).toMatch(
      /^warning: \S+ana\.marginalia: ana's work differs from what \S+merged\.marginalia held for them in 1 document \(1 span there that this source does not have\): merging only adds, so both versions are in \S+ now\. To keep only the latest work, merge the latest copies into a fresh copy of the corpus they started from \(docs\/merge\.md\)$/m,
    )
  })

  it("takes a note or flag an analyst changed since the last merge, and keeps one changed later in the target, saying so", async () => {
    const { ana, target } = await mergedThenChanged((copy, summit) => {
      const claim = copy.spansOf(summit).find((span) => span.annotator === 'ana')!
      copy.setSpanAttrs(summit, claim.id, { note: 'checked with the office', unsure: true }, '2099-01-01T00:00:00.000Z')
    })
    const again = await merge(target, [ana])
    expect(again.total.spanAttributesTaken).toBe(1)
    expect(again.total.earlierWork).toEqual([]) // the same span: no second version beside it
    expect(describeMerge(again)).toMatch(/the attributes \(notes, flags, declared values such as a Claim's checkworthy\) of 1 span taken from the sources, which changed them later/)
    const claim = (await exportOf(target)).byId.get('summit').spans.find((s: any) => s.annotator === 'ana')
    expect(claim.attrs).toEqual({ note: 'checked with the office', unsure: true })
    expect((await merge(target, [ana])).total.spanAttributesTaken).toBe(0) // merging again changes nothing
    // Changed later in the target (a lead's fix): the target's stays, and the merge says so.
    await withCorpus(target, (corpus) => {
      const summit = corpus.documentId('summit')!
      const span = corpus.spansOf(summit).find((s) => s.annotator === 'ana')!
      corpus.setSpanAttrs(summit, span.id, { note: 'the lead knows better' }, '2099-06-01T00:00:00.000Z')
    })
    const third = await merge(target, [ana])
    expect(third.total.spanAttributesKept).toHaveLength(1)
    expect(describeMerge(third)).toMatch(/1 span with other attributes in the sources kept as \S+ has them, changed there later/)
    // Said on a line of its own, naming the document, even with -q.
    const quiet = await cli('merge', '-q', target, ana)
    expect(quiet.stderr).toMatch(/^warning: \S+ana\.marginalia: document "summit": span \d+'s attributes \(its note, flags\) not taken: Claim \[\d+, \d+\) by ana has other attributes in the target, changed there later$/m)
    expect((await exportOf(target)).byId.get('summit').spans.find((s: any) => s.annotator === 'ana').attrs).toEqual({ note: 'the lead knows better' })
  })

  it("says nothing of earlier work when a colleague's copy holds only the analyst's older work from the base, taken before their new spans", async () => {
    // The base holds ana's work in one document; ana and ben each tag another document in their copies.
    const folder = scratch()
    const base = makeCorpus(folder, 'base.marginalia', (corpus) => {
      const first = corpus.insertDocument({ externalId: 'first', title: 'First', text: SUMMIT })
      corpus.insertDocument({ externalId: 'second', title: 'Second', text: 'Officials said the talks went well.' })
      corpus.insertSpan(first, { start: 0, end: 8, label: 'Speaker', annotator: 'ana', createdAt: '2024-05-01T09:00:00.000Z', updatedAt: '2024-05-01T09:00:00.000Z' })
    })
    const ana = join(folder, 'ana.marginalia')
    const ben = join(folder, 'ben.marginalia')
    copyFileSync(base, ana)
    copyFileSync(base, ben)
    await withCorpus(ana, (corpus) => void corpus.insertSpan(corpus.documentId('second')!, { start: 0, end: 9, label: 'Source', annotator: 'ana' }))
    await withCorpus(ben, (corpus) => void corpus.insertSpan(corpus.documentId('second')!, { start: 18, end: 34, label: 'Claim', annotator: 'ben' }))
    const target = join(folder, 'team.marginalia')
    copyFileSync(base, target)
    const summary = await merge(target, [ana, ben])
    expect(summary.total.earlierWork).toEqual([])
    expect(spansOf((await exportOf(target)).byId.get('second'))).toHaveLength(2)
  })

  it('says so too when an analyst removed all their spans from a document since the last merge', async () => {
    const { ana, target } = await mergedThenChanged((copy, summit) => {
      for (const span of copy.spansOf(summit).filter((s) => s.annotator === 'ana')) copy.deleteSpan(summit, span.id)
    })
    const again = await merge(target, [ana])
    expect(again.total.earlierWork).toEqual([{ source: ana, document: 'summit', annotator: 'ana', spans: 1, noneInSource: true }])
    // Said for what it may be: a removal, or work split over copies; "both versions" is not claimed.
    expect(describeMerge(again)).not.toMatch(/earlier work/)
    const result = await cli('merge', target, ana)
    expect(result.stderr).toMatch(
      /^warning: \S+ana\.marginalia: \S+merged\.marginalia holds 1 span of ana in 1 document where this source has none of theirs: if they removed them in this copy, they are still in \S+ \(merging only adds; to keep only the latest work, .*\); if they tagged those documents in another copy, nothing is amiss$/m,
    )
    expect(result.stderr).not.toMatch(/both versions/)
  })

  it('merges into a copy that has its own span ids, mapping relation ends through what the spans are', async () => {
    const folder = scratch()
    const { ana, ben } = analystCopies(folder)
    const anaBefore = (await exportOf(ana)).byId.get('summit')
    const summary = await merge(ana, [ben])
    const summit = (await exportOf(ana)).byId.get('summit')
    // Ana's own spans kept their ids; ben's got new ones after them.
    for (const span of anaBefore.spans) expect(summit.spans).toContainEqual(span)
    expect(summit.spans.filter((s: any) => s.annotator === 'ben').map((s: any) => s.id).sort()).toEqual([3, 4])
    expect(relationsOf(summit)).toEqual([
      'Claim/ana "So there are no secrets here." -attributed_to-> Speaker/lead "Mr Putin" (ana)',
      'Claim/ben "So there are no secrets here." -attributed_to-> Speaker/lead "Mr Putin" (ben)',
    ])
    expect(summary.total).toMatchObject({ documentsAdded: 1, documentsMerged: 2, spansAdded: 2, spansAlreadyPresent: 1, relationsAdded: 1 })
  })

  it('never changes the sources: their bytes are the same afterwards', async () => {
    const folder = scratch()
    const { ana, ben } = analystCopies(folder)
    const before = [digest(ana), digest(ben)]
    await merge(join(folder, 'merged.marginalia'), [ana, ben], { addLabels: true })
    await merge(join(folder, 'merged.marginalia'), [ana, ben])
    expect([digest(ana), digest(ben)]).toEqual(before)
    expect(existsSync(`${ana}-journal`) || existsSync(`${ben}-journal`)).toBe(false)
  })

  it('reports a document whose text differs and leaves it alone in the target', async () => {
    const folder = scratch()
    const target = makeCorpus(folder, 'target.marginalia', (corpus) => {
      const doc = corpus.insertDocument({ externalId: 'summit', title: 'Summit', text: SUMMIT })
      corpus.insertSpan(doc, { start: 0, end: 8, label: 'Speaker', annotator: 'ana' })
    })
    const source = makeCorpus(folder, 'source.marginalia', (corpus) => {
      const doc = corpus.insertDocument({ externalId: 'summit', title: 'Summit, edited', text: `${SUMMIT} More text.`, status: 'done' })
      corpus.insertSpan(doc, { start: 3, end: 8, label: 'Speaker', annotator: 'ben' })
      corpus.insertDocumentLabel(doc, 'Politics', 'ben')
      corpus.insertDocument({ externalId: 'fine', title: 'Fine', text: 'A second document.' })
    })
    const before = (await exportOf(target)).byId.get('summit')
    const sourceBefore = digest(source)
    const summary = await merge(target, [source])
    expect(summary.total.textDiffers).toEqual([{ document: 'summit', source }])
    expect(summary.total).toMatchObject({ documentsAdded: 1, documentsMerged: 0, spansAdded: 0, documentLabelsAdded: 0, statusesTaken: 0 })
    expect((await exportOf(target)).byId.get('summit')).toEqual(before)
    expect(digest(source)).toBe(sourceBefore)
    expect(describeMerge(summary)).toMatch(/1 document added, 0 merged, 1 left alone because the texts differ/)
  })

  it('refuses labels the target lacks, writing nothing, and copies their definitions with addLabels', async () => {
    const folder = scratch()
    const people: LabelDefinition[] = [
      { name: 'Person', kind: 'span', color: '#aa0000', hotkey: '1', description: 'A person.', head: null, child: null },
      { name: 'Org', kind: 'span', color: '#00aa00', hotkey: 'o', description: 'An organisation.', head: null, child: null },
      { name: 'works_for', kind: 'relation', color: '#0000aa', hotkey: 'w', description: 'Employment.', head: ['Person'], child: ['Org'] },
      { name: 'Urgent', kind: 'document', color: '#ff0000', hotkey: 'u', description: 'Look at it first.', head: null, child: null },
      { name: 'Unused', kind: 'span', color: '#999999', hotkey: null, description: '', head: null, child: null },
      { name: 'Claim', kind: 'span', color: '#d9480f', hotkey: null, description: '', head: null, child: null },
    ]
    const source = makeCorpus(
      folder,
      'people.marginalia',
      (corpus) => {
        const doc = corpus.insertDocument({ externalId: 'p', title: 'P', text: 'Alice works at Acme. It is true.' })
        const alice = corpus.insertSpan(doc, { start: 0, end: 5, label: 'Person', annotator: 'ana' })
        const acme = corpus.insertSpan(doc, { start: 15, end: 19, label: 'Person', annotator: 'ana' })
        corpus.insertSpan(doc, { start: 21, end: 32, label: 'Claim', annotator: 'ana' })
        corpus.insertRelation(doc, { head: alice, child: acme, label: 'works_for', annotator: 'ana' })
        corpus.insertDocumentLabel(doc, 'Urgent', 'ana')
      },
      people.map((label) => (label.name === 'works_for' ? { ...label, child: ['Org', 'Person'] } : label)),
    )
    const target = makeCorpus(folder, 'target.marginalia', (corpus) => void corpus.insertDocument({ externalId: 'x', title: 'X', text: 'x' }))
    const targetBefore = digest(target)

    const refusal = await merge(target, [source]).catch((error: unknown) => error)
    expect(refusal).toBeInstanceOf(MergeRefusedError)
    expect((refusal as Error).message).toBe(
      `merge refused, nothing was written: ${target} lacks labels the sources use: span:Person (used in ${source}), ` +
        `relation:works_for (used in ${source}), document:Urgent (used in ${source}); run with --add-labels to copy their definitions from the sources`,
    )
    expect(digest(target)).toBe(targetBefore)

    const summary = await merge(target, [source], { addLabels: true })
    expect(summary.total.labelsAdded).toEqual(['span:Person', 'span:Org', 'relation:works_for', 'document:Urgent'])
    await withCorpus(target, (corpus) => {
      const definition = (kind: 'span' | 'relation' | 'document', name: string) => {
        const { id: _id, ...rest } = corpus.label(kind, name)!
        return rest
      }
      expect(definition('span', 'Person')).toEqual({ ...people[0], hotkey: null }) // "1" is Claim's in the target
      expect(definition('span', 'Org')).toEqual(people[1]) // named by works_for's rules, so added with it
      expect(definition('relation', 'works_for')).toEqual({ ...people[2], child: ['Org', 'Person'] })
      expect(definition('document', 'Urgent')).toEqual(people[3])
      expect(corpus.label('span', 'Unused')).toBeUndefined()
      expect(corpus.label('span', 'Claim')?.hotkey).toBe('1') // the target's own definition is kept
    })
    const doc = (await exportOf(target)).byId.get('p')
    expect(relationsOf(doc)).toEqual(['Person/ana "Alice" -works_for-> Person/ana "Acme" (ana)'])
    expect(doc.labels.map((l: any) => l.label)).toEqual(['Urgent'])
  })

  it("counts a relation the target's label rules refuse as refused, with the reason", async () => {
    const folder = scratch()
    const loose = LABELS.map((label) => (label.name === 'attributed_to' ? { ...label, head: null, child: null } : label))
    const source = makeCorpus(
      folder,
      'loose.marginalia',
      (corpus) => {
        const doc = corpus.insertDocument({ externalId: 'summit', title: 'Summit', text: SUMMIT })
        const speaker = corpus.insertSpan(doc, { start: 0, end: 8, label: 'Speaker', annotator: 'ana' })
        const claim = corpus.insertSpan(doc, { start: 28, end: 57, label: 'Claim', annotator: 'ana' })
        corpus.insertRelation(doc, { head: speaker, child: claim, label: 'attributed_to', annotator: 'ana' })
        corpus.insertRelation(doc, { head: claim, child: speaker, label: 'attributed_to', annotator: 'ana' })
      },
      loose,
    )
    const target = join(folder, 'strict.marginalia')
    const summary = await merge(target, [source])
    expect(summary.total.relationsAdded).toBe(1)
    expect(summary.total.relationsRefused).toEqual([
      { source, document: 'summit', id: 1, reason: '"attributed_to" needs a head labelled Claim, but its head is Speaker [0, 8)' },
    ])
    expect(relationsOf((await exportOf(target)).byId.get('summit'))).toEqual([
      'Claim/ana "So there are no secrets here." -attributed_to-> Speaker/ana "Mr Putin" (ana)',
    ])
    expect(describeMerge(summary)).toMatch(/relations 1 added, 0 already present, 1 refused/)
    // Merging again still refuses it, and adds nothing.
    const again = await merge(target, [source])
    expect(again.total).toMatchObject({ relationsAdded: 0, relationsAlreadyPresent: 1, spansAdded: 0 })
    expect(again.total.relationsRefused).toHaveLength(1)
  })

  it('refuses a source whose annotations use labels of the wrong kind, and leaves out spans that end past their text', async () => {
    const folder = scratch()
    const source = makeCorpus(folder, 'damaged.marginalia', (corpus) => {
      const doc = corpus.insertDocument({ externalId: 'summit', title: 'Summit', text: SUMMIT })
      const speaker = corpus.insertSpan(doc, { start: 0, end: 8, label: 'Speaker', annotator: 'ana' })
      const claim = corpus.insertSpan(doc, { start: 28, end: 57, label: 'Claim', annotator: 'ana' })
      corpus.insertRelation(doc, { head: claim, child: speaker, label: 'attributed_to', annotator: 'ana' })
    })
    const db = opened(new Database(source))
    db.prepare(`UPDATE spans SET end_offset = 99 WHERE id = 2`).run()
    db.close()
    const into = join(folder, 'into.marginalia')
    const result = await cli('merge', into, source)
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr.split('\n').slice(0, 2)).toEqual([
      `${source}: document "summit": span 2 not merged: Claim [28, 99) ends past the text (60 code points)`,
      `${source}: document "summit": relation 1 not merged: its head span was refused`,
    ])
    expect(spansOf((await exportOf(into)).byId.get('summit'))).toEqual(['Speaker ana [0, 8) "Mr Putin"'])

    const wrongKind = opened(new Database(source))
    wrongKind.prepare(`UPDATE spans SET label_id = (SELECT id FROM labels WHERE name = 'attributed_to') WHERE id = 1`).run()
    wrongKind.close()
    const before = digest(into)
    const refused = await cli('merge', into, source)
    expect(refused.code).toBe(1)
    // One line, naming the source (the CLI may put the corpus of the command before it).
    expect(refused.stderr.split('\n')).toHaveLength(2)
    const reason = `${source}: 1 of its annotations use labels of the wrong kind (a span labelled "attributed_to", which is a relation label)`
    expect(refused.stderr.endsWith(`${reason}; run "marginalia check" on it\n`), refused.stderr).toBe(true)
    expect(digest(into)).toBe(before)
  })

  it("takes a source's status only where the target's is todo", async () => {
    const folder = scratch()
    const statuses = { a: ['todo', 'done'], b: ['todo', 'skipped'], c: ['done', 'skipped'], d: ['skipped', 'done'], e: ['todo', 'todo'], f: ['done', 'todo'] } as const
    const withStatuses = (name: string, which: 0 | 1): string =>
      makeCorpus(folder, name, (corpus) => {
        for (const [id, pair] of Object.entries(statuses)) corpus.insertDocument({ externalId: id, title: id, text: `Text ${id}.`, status: pair[which] })
      })
    const target = withStatuses('target.marginalia', 0)
    const summary = await merge(target, [withStatuses('source.marginalia', 1)])
    expect(summary.total.statusesTaken).toBe(2)
    const { byId } = await exportOf(target)
    expect(Object.fromEntries([...byId].map(([id, doc]) => [id, doc.status]))).toEqual({ a: 'done', b: 'skipped', c: 'done', d: 'skipped', e: 'todo', f: 'done' })
    // Done in one and skipped in the other: the target's kept, and said, document by document.
    const source = join(folder, 'source.marginalia')
    expect(summary.total.statusesDiffering).toEqual([
      { source, document: 'c', kept: 'done', theirs: 'skipped' },
      { source, document: 'd', kept: 'skipped', theirs: 'done' },
    ])
    expect(describeMerge(summary)).toMatch(/; 2 statuses differing in the sources kept as \S+ has them/)
    const again = await cli('merge', target, source)
    expect(again.stderr).toMatch(/^warning: \S+source\.marginalia: document "c" is skipped there and done in \S+target\.marginalia: kept done \(a document holds one status; a source's is taken only where \S+'s is todo\)$/m)
  })

  it('refuses a source that is the target itself, by its path or through a link, writing nothing', async () => {
    const folder = scratch()
    const { ana } = analystCopies(folder)
    const symlink = join(folder, 'link.marginalia')
    symlinkSync(ana, symlink)
    const hardLink = join(folder, 'hard.marginalia')
    linkSync(ana, hardLink)
    const before = digest(ana)
    for (const source of [ana, symlink, hardLink]) {
      const error = await merge(ana, [source]).catch((caught: unknown) => caught)
      expect((error as Error).message).toBe(`${source}: is the corpus being merged into (${ana}); a corpus cannot be merged into itself`)
    }
    // Also when it is the second source: the first is not merged either.
    const other = makeCorpus(folder, 'other.marginalia', (corpus) => void corpus.insertDocument({ externalId: 'new', title: 'New', text: 'New.' }))
    await expect(merge(ana, [other, symlink])).rejects.toThrow(/cannot be merged into itself/)
    expect(digest(ana)).toBe(before)
  })

  it('stops between batches when its signal is aborted, says so, and a second run completes it', async () => {
    const folder = scratch()
    const source = makeCorpus(folder, 'many.marginalia', (corpus) => {
      for (let i = 0; i < 12; i++) {
        const doc = corpus.insertDocument({ externalId: `d${i}`, title: `D${i}`, text: `Claim number ${i} by Speaker.`, status: i % 2 === 0 ? 'done' : 'todo' })
        const claim = corpus.insertSpan(doc, { start: 0, end: 5, label: 'Claim', annotator: 'ana' })
        const speaker = corpus.insertSpan(doc, { start: 19, end: 26, label: 'Speaker', annotator: 'ana' })
        corpus.insertRelation(doc, { head: claim, child: speaker, label: 'attributed_to', annotator: 'ana' })
        corpus.insertDocumentLabel(doc, 'Politics', 'ana')
      }
    })
    const stopped = join(folder, 'stopped.marginalia')
    const whole = join(folder, 'whole.marginalia')
    await merge(whole, [source])

    // Every look at the clock says 300 ms went by, so a batch ends after two documents.
    let now = Date.now()
    const clock = vi.spyOn(Date, 'now').mockImplementation(() => (now += 300))
    const stop = new AbortController()
    const progress: number[] = []
    let error: unknown
    try {
      await merge(stopped, [source], {
        signal: stop.signal,
        onProgress: (done, total) => {
          progress.push(done)
          expect(total).toBe(12)
          if (done >= 4) stop.abort()
        },
      })
    } catch (caught) {
      error = caught
    } finally {
      clock.mockRestore()
    }
    expect(error).toBeInstanceOf(MergeInterruptedError)
    const written = (error as MergeInterruptedError).summary.total.documentsAdded
    expect(written).toBe(progress.at(-1))
    expect(written).toBeGreaterThanOrEqual(4)
    expect(written).toBeLessThan(12)
    expect(progress.length).toBeGreaterThan(2) // more than one batch
    expect((error as Error).message).toBe(
      `merge stopped after writing whole batches to ${stopped} (${written} documents added, 0 merged so far); ` +
        'run the same merge again to complete it (what is already there is not added twice)',
    )
    expect((await exportOf(stopped)).byId.size).toBe(written)

    const rest = await merge(stopped, [source])
    expect(rest.total).toMatchObject({ documentsAdded: 12 - written, documentsMerged: written, spansAdded: 2 * (12 - written) })
    expect((await exportOf(stopped)).text).toBe((await exportOf(whole)).text)
  })

  it('stopped before it starts, writes nothing and says so', async () => {
    const folder = scratch()
    const { ana } = analystCopies(folder)
    const target = makeCorpus(folder, 'target.marginalia', () => {})
    const before = digest(target)
    const error = await merge(target, [ana], { signal: AbortSignal.abort() }).catch((caught: unknown) => caught)
    expect((error as Error).message).toBe(`merge stopped before it wrote anything; ${target} is as it was`)
    expect(digest(target)).toBe(before)
  })
})

/** Runs the CLI in-process with `signal`, collecting what it prints. */
async function cliWithSignal(signal: AbortSignal, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const collect = () => {
    const stream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        stream.text += chunk.toString('utf8')
        callback()
      },
    }) as Writable & { text: string }
    stream.text = ''
    return stream
  }
  const stdout = collect()
  const stderr = collect()
  const code = await runCli(argv, { stdout, stderr, signal })
  return { code, stdout: stdout.text, stderr: stderr.text }
}

describe('marginalia merge', () => {
  it('makes INTO with the first source\'s label set, prints the summary and each document left alone, and exits 0', async () => {
    const folder = scratch()
    const { ana, ben } = analystCopies(folder)
    await withCorpus(ben, (corpus) => corpus.transaction(() => void corpus.insertDocument({ externalId: 'other2', title: 'x', text: 'x' })))
    const differs = makeCorpus(folder, 'differs.marginalia', (corpus) => void corpus.insertDocument({ externalId: 'other', title: 'Other', text: 'Changed.' }))
    const into = join(folder, 'team.marginalia')
    const result = await cli('merge', into, ana, ben, differs)
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toBe('')
    expect(result.stderr.split('\n')).toEqual([
      `${differs}: document "other" left alone: its text differs from the one in ${into}`,
      `note: ${into} did not exist: it was made for this merge`,
      `merged 3 sources into ${into}: 4 documents added, 2 merged, 1 left alone because the texts differ; spans 4 added, 1 already present; ` +
        'relations 2 added, 0 already present; document labels 2 added, 0 already present',
      '',
    ])
    await withCorpus(into, (corpus) => expect(corpus.label('document', 'Politics')).toMatchObject({ color: '#123456', hotkey: 'p' }))

    const again = await cli('merge', '-q', into, ana, ben)
    expect(again).toEqual({ code: 0, stdout: '', stderr: '' })
  })

  it('refuses missing labels with one line and exit code 1, and takes them with --add-labels', async () => {
    const folder = scratch()
    const source = makeCorpus(
      folder,
      'source.marginalia',
      (corpus) => {
        const doc = corpus.insertDocument({ externalId: 'p', title: 'P', text: 'Alice.' })
        corpus.insertSpan(doc, { start: 0, end: 5, label: 'Person', annotator: 'ana' })
      },
      [{ name: 'Person', kind: 'span', color: '#aa0000', hotkey: null, description: '', head: null, child: null }],
    )
    const into = makeCorpus(folder, 'into.marginalia', () => {})
    const before = digest(into)
    const refused = await cli('merge', into, source)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toBe(
      `merge refused, nothing was written: ${into} lacks a label the sources use: span:Person (used in ${source}); ` +
        'run with --add-labels to copy its definition from the sources\n',
    )
    expect(digest(into)).toBe(before)

    const accepted = await cli('merge', '--add-labels', into, source)
    expect(accepted.code, accepted.stderr).toBe(0)
    expect(accepted.stderr).toMatch(/1 document added, .*labels added: span:Person\n$/)
  })

  it('fails with exit code 1 and one line for a missing source, a source that is INTO, or one that is no corpus; a new INTO is not left behind', async () => {
    const folder = scratch()
    const { ana } = analystCopies(folder)
    const into = join(folder, 'new.marginalia')
    const missing = await cli('merge', into, ana, join(folder, 'nowhere.marginalia'))
    expect(missing.code).toBe(1)
    expect(missing.stderr.split('\n')).toHaveLength(2)
    expect(missing.stderr.endsWith(`${join(folder, 'nowhere.marginalia')}: no such corpus file\n`), missing.stderr).toBe(true)
    expect(existsSync(into)).toBe(false)

    const itself = await cli('merge', ana, ana)
    expect(itself.code).toBe(1)
    expect(itself.stderr).toMatch(/cannot be merged into itself\n$/)
    expect(itself.stderr.split('\n')).toHaveLength(2)

    const text = join(folder, 'notes.txt')
    copyFileSync(join(__dirname, '..', '..', 'package.json'), text)
    const notCorpus = await cli('merge', into, text)
    expect(notCorpus.code).toBe(1)
    expect(notCorpus.stderr).toMatch(/notes\.txt: .*not a Marginalia corpus: .*\(a file to bring documents in from\? marginalia import CORPUS FILE reads it\)\n$/)
    expect(existsSync(into)).toBe(false)

    const usage = await cli('merge', into)
    expect(usage.code).toBe(2)
  })

  it('stops on Ctrl+C with exit code 130 and says what it left', async () => {
    const folder = scratch()
    const { ana } = analystCopies(folder)
    const into = join(folder, 'new.marginalia')
    const result = await cliWithSignal(AbortSignal.abort(), 'merge', into, ana)
    expect(result.code).toBe(130)
    expect(result.stderr).toBe(`merge stopped before it wrote anything; ${into} is as it was\n`)
    expect(existsSync(into)).toBe(false) // the corpus it made for the merge is not left behind
  })
})
