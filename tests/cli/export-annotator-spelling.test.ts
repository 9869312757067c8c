/**
 * `export --annotator` on a corpus only read whose analyst is stored decomposed: her spans are exported, and the CLI
 * does not warn that the name (typed composed) names no analyst.
 */
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { expect, it } from 'vitest'
import { Corpus } from '../../src/core/store/corpus'
import { cli, opened, scratch } from '../helpers'

const composed = 'Zo\u00eb'
const decomposed = 'Zoe\u0308'

it('does not say an analyst whose spans it exports has none', async () => {
  const path = join(scratch(), 'team.marginalia')
  const corpus = opened(Corpus.open(path, { create: true }))
  corpus.transaction(() => void corpus.insertDocument({ externalId: 'one', title: 'one', text: 'Kim met Putin in Vladivostok.' }))
  corpus.close()
  const db = new Database(path)
  const by = Number(db.prepare(`INSERT INTO annotators (name, created_at) VALUES (?, '2026-01-01T00:00:00.000Z')`).run(decomposed).lastInsertRowid)
  const label = db.prepare(`SELECT id FROM labels WHERE kind = 'span' AND name = 'Speaker'`).pluck().get()
  db.prepare(`INSERT INTO spans (document_id, id, start_offset, end_offset, label_id, attrs, annotator_id, created_at, updated_at) VALUES (1, 1, 8, 13, ?, '{}', ?, 't', 't')`).run(label, by)
  db.close()
  const exported = await cli('export', '--annotator', composed, path) // export only reads: the spelling stays
  expect(exported.code, exported.stderr).toBe(0)
  expect(JSON.parse(exported.stdout.trim()).spans).toHaveLength(1)
  expect(exported.stderr).not.toMatch(/names no analyst/)
})
