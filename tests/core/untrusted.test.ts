/** A corpus file is untrusted: what it says is checked before it reaches the page or another record. */
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { checkCorpus } from '../../src/core/reports/check'
import { dispatch } from '../../src/core/operations/dispatch'
import { createHandlers } from '../../src/core/operations/handlers'
import { createSampleCorpus } from '../../src/core/sample'
import { Corpus } from '../../src/core/store/corpus'
import { CorpusReader } from '../../src/core/store/reader'
import { opened, scratch } from '../helpers'

function sample(): string {
  const path = join(scratch(), 's.marginalia')
  createSampleCorpus(path, { annotator: 'setup' })
  return path
}

describe('an untrusted corpus file', () => {
  it('has label colours read as #rrggbb or drawn grey, and check reports the bad ones', () => {
    const path = sample()
    const db = new Database(path)
    db.prepare(`UPDATE labels SET color = 'red; background-image: url(http://evil.example/x)' WHERE name = 'Claim'`).run()
    db.close()
    const corpus = opened(CorpusReader.open(path))
    expect(corpus.label('span', 'Claim')?.color).toBe('#888888')
    expect(createHandlers(corpus, 'ana').corpus({}).labels.find((l) => l.name === 'Claim')?.color).toBe('#888888')
    expect(checkCorpus(corpus).problems).toEqual([expect.stringMatching(/the span label "Claim" has the colour "red; background-image.*not #rrggbb/)])
  })

  it('cannot have a bad time written back through the contract', () => {
    const corpus = opened(Corpus.open(sample()))
    const handlers = createHandlers(corpus, 'ana')
    const span = handlers.addSpan({ documentId: 1, start: 0, end: 3, label: 'Claim' })
    handlers.removeSpan({ documentId: 1, spanId: span.id })
    const outcome = dispatch(handlers, 'restoreSpan', { documentId: 1, span: { ...span, created_at: 'not a date' }, relations: [] })
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'invalid', message: expect.stringMatching(/span\.created_at: must be an ISO 8601/) } })
    expect(dispatch(handlers, 'restoreSpan', { documentId: 1, span, relations: [] })).toMatchObject({ ok: true })
    expect(checkCorpus(corpus).problems).toEqual([])
  })

  it('refuses an id the contract would not take again (ids stay safe integers)', () => {
    const corpus = opened(Corpus.open(sample()))
    const handlers = createHandlers(corpus, 'ana')
    const span = handlers.addSpan({ documentId: 1, start: 0, end: 3, label: 'Claim' })
    expect(dispatch(handlers, 'restoreSpan', { documentId: 1, span: { ...span, id: 2 ** 53 - 2 }, relations: [] })).toMatchObject({ ok: false, error: { kind: 'invalid' } })
  })
})
