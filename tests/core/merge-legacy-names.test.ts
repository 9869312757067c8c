/**
 * Merging a copy written before analysts' names were stored composed: the target is given one spelling when it is
 * opened for writing, the source is only read and keeps the other. Her spans must be found as the same spans, not
 * added again on every merge.
 */
import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { mergeCorpora } from '../../src/core/merge/merge'
import { Corpus } from '../../src/core/store/corpus'
import { opened, scratch } from '../helpers'

const decomposed = 'Zoe\u0308'

describe('merging a copy written before names were composed into the repaired team corpus', () => {
  it("adds none of her spans again, however often it is merged", async () => {
    const folder = scratch()
    const team = join(folder, 'team.marginalia')
    const c = opened(Corpus.open(team, { create: true }))
    c.transaction(() => c.insertDocument({ externalId: 'one', title: 'one', text: 'Kim met Putin in Vladivostok.' }))
    c.close()
    // An older Marginalia stored her name as it came.
    const db = new Database(team)
    const by = Number(db.prepare(`INSERT INTO annotators (name, created_at) VALUES (?, 't')`).run(decomposed).lastInsertRowid)
    const label = db.prepare(`SELECT id FROM labels WHERE kind = 'span' AND name = 'Speaker'`).pluck().get()
    db.prepare(`INSERT INTO spans (document_id, id, start_offset, end_offset, label_id, attrs, annotator_id, created_at, updated_at) VALUES (1, 1, 0, 3, ?, '{}', ?, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`).run(label, by)
    db.prepare(`UPDATE documents SET next_span_id = 2 WHERE id = 1`).run()
    db.close()
    const copy = join(folder, 'zoe.marginalia')
    copyFileSync(team, copy) // her copy, from before the upgrade: never opened for writing since
    const counts: number[] = []
    for (let round = 0; round < 3; round++) {
      const target = opened(Corpus.open(team))
      try {
        await mergeCorpora(target, [copy])
        counts.push(target.spansOf(1).length)
      } finally {
        target.close()
      }
    }
    expect(counts).toEqual([1, 1, 1]) // each merge added them again: 2, 3, 4
  })
})
