/**
 * After two curators' copies met (curated Claim checkworthy yes, A's, made t1; and no, B's, made t2), curator A changes
 * their own Claim to "no" in their copy. Merged again, A's own span (made at the same moment) is the one matched and
 * changed, not B's span that has those values already.
 */
import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { DEFAULT_LABELS } from '../../src/core/label-sets'
import { mergeCorpora } from '../../src/core/merge/merge'
import { Corpus } from '../../src/core/store/corpus'
import { CURATED } from '../../src/shared/curation'
import type { LabelDefinition } from '../../src/shared/corpus-types'
import { opened, scratch } from '../helpers'

const TEXT = 'Mr Kim said sanctions relief was discussed. Putin agreed.'
const LABELS: LabelDefinition[] = DEFAULT_LABELS.map((label) => (label.name === 'Claim' ? { ...label, attributes: [{ name: 'checkworthy', values: ['yes', 'no'] }] } : label))
const t = (m: number) => `2026-12-03T08:0${m}:00.000Z`

async function merge(target: string, source: string) {
  const into = opened(Corpus.open(target))
  try {
    return await mergeCorpora(into, [source])
  } finally {
    into.close()
  }
}

it("takes curator A's later change of their own curated Claim, not B's span of the same attributes", async () => {
  const folder = scratch()
  const team = join(folder, 'team.marginalia')
  const c = opened(Corpus.open(team, { create: true, labels: LABELS }))
  c.transaction(() => {
    const doc = c.insertDocument({ externalId: 'd', title: 'd', text: TEXT })
    c.insertSpan(doc, { start: 12, end: 42, label: 'Claim', annotator: 'ana', attrs: { checkworthy: 'yes' } })
    c.insertSpan(doc, { start: 12, end: 42, label: 'Claim', annotator: 'bob', attrs: { checkworthy: 'no' } })
  })
  c.close()
  const a = join(folder, 'a.marginalia')
  const b = join(folder, 'b.marginalia')
  copyFileSync(team, a)
  copyFileSync(team, b)
  for (const [path, value, m] of [[a, 'yes', 1], [b, 'no', 2]] as const) {
    const x = opened(Corpus.open(path))
    x.insertSpan(x.documentId('d')!, { start: 12, end: 42, label: 'Claim', annotator: CURATED, attrs: { checkworthy: value }, createdAt: t(m), updatedAt: t(m) })
    x.close()
  }
  await merge(team, a)
  await merge(team, b) // two settlings meet at 12-42
  // A comes round to "no" in their copy: their own span, changed later.
  const x = opened(Corpus.open(a))
  const doc = x.documentId('d')!
  const mine = x.spansOf(doc).find((s) => s.annotator === CURATED)!
  x.setSpanAttrs(doc, mine.id, { checkworthy: 'no' }, t(5))
  x.close()
  await merge(team, a)
  const y = opened(Corpus.open(team))
  const curated = y.spansOf(y.documentId('d')!).filter((s) => s.annotator === CURATED).map((s) => `${s.created_at} ${JSON.parse(s.attrs).checkworthy}`).sort()
  y.close()
  expect(curated).toEqual([`${t(1)} no`, `${t(2)} no`])
})
