import { createHash } from 'node:crypto'
import { unpackDocument } from '../../src/shared/packed-document'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { dispatch } from '../../src/core/operations/dispatch'
import { createHandlers, type Handlers } from '../../src/core/operations/handlers'
import { migrate, CURRENT_SCHEMA_VERSION } from '../../src/core/db/migrations'
import { APPLICATION_ID } from '../../src/core/db/open'
import { createSampleCorpus } from '../../src/core/sample'
import { Corpus } from '../../src/core/store/corpus'
import { CorpusReader } from '../../src/core/store/reader'
import { scratch, opened } from '../helpers'

function sampleHandlers(): { handlers: Handlers; corpus: Corpus; documentId: number; text: string } {
  const path = join(scratch(), 's.marginalia')
  createSampleCorpus(path, { annotator: 'setup' })
  const corpus = opened(Corpus.open(path))
  const handlers = createHandlers(corpus, 'ana')
  const [first] = handlers.listDocuments({ status: null, annotator: null, afterId: 0, limit: 10 })
  return { handlers, corpus, documentId: first.id, text: unpackDocument(handlers.openDocument({ documentId: first.id })).text }
}

describe('dispatch', () => {
  it('refuses arguments that break the contract, naming the field, and runs nothing', () => {
    const { handlers, corpus, documentId } = sampleHandlers()
    expect(dispatch(handlers, 'addSpan', { documentId, start: -1, end: 3, label: 'Claim' })).toMatchObject({
      ok: false,
      error: { kind: 'invalid', message: expect.stringContaining('addSpan: start') },
    })
    expect(dispatch(handlers, 'addSpan', { documentId, start: 0, end: 3, label: 'Claim', extra: 1 })).toMatchObject({ ok: false, error: { kind: 'invalid' } })
    expect(dispatch(handlers, 'setStatus', 'done')).toMatchObject({ ok: false, error: { kind: 'invalid' } })
    expect(unpackDocument(handlers.openDocument({ documentId })).spans).toEqual([])
    corpus.close()
  })

  it('reports a broken corpus rule as such', () => {
    const { handlers, corpus, documentId } = sampleHandlers()
    expect(dispatch(handlers, 'addSpan', { documentId, start: 0, end: 99_999, label: 'Claim' })).toMatchObject({
      ok: false,
      error: { kind: 'rule', message: expect.stringContaining('outside the text') },
    })
    expect(dispatch(handlers, 'addSpan', { documentId, start: 0, end: 3, label: 'Nope' })).toMatchObject({ ok: false, error: { kind: 'rule' } })
    corpus.close()
  })
})

describe('handlers', () => {
  it('return the text a written span covers, in code points, past emoji, combining marks, CJK and line ends', () => {
    const path = join(scratch(), 'u.marginalia')
    createSampleCorpus(path, { annotator: 'setup' })
    const corpus = opened(Corpus.open(path))
    const text = '😀 e\u0301té 👩‍👩‍👧 金正恩 said\nnext 𝐀 line\r\n\u0000 end 🇷🇺'
    const documentId = corpus.insertDocument({ externalId: 'unicode', title: 'Unicode', text })
    const handlers = createHandlers(corpus, 'ana')
    const points = [...text]
    for (let start = 0; start < points.length; start += 3) {
      for (const length of [1, 2, 5]) {
        const end = Math.min(points.length, start + length)
        const span = handlers.addSpan({ documentId, start, end, label: 'Claim' })
        expect(span.text).toBe(points.slice(start, end).join(''))
        expect(handlers.removeSpan({ documentId, spanId: span.id }).span.text).toBe(span.text)
      }
    }
    corpus.close()
  })

  it('remove and restore a span with its relations, keeping ids, annotators and times', () => {
    const { handlers, corpus, documentId, text } = sampleHandlers()
    const at = (needle: string) => {
      const start = [...text.slice(0, text.indexOf(needle))].length
      return { start, end: start + [...needle].length }
    }
    const speaker = handlers.addSpan({ documentId, ...at('Vladimir Putin'), label: 'Speaker' })
    const claim = handlers.addSpan({ documentId, ...at('serve as an intermediary'), label: 'Claim' })
    expect(speaker).toMatchObject({ text: 'Vladimir Putin', annotator: 'ana' })
    const relation = handlers.addRelation({ documentId, head: claim.id, child: speaker.id, label: 'attributed_to' })
    const removed = handlers.removeSpan({ documentId, spanId: speaker.id })
    expect(removed.relations).toEqual([relation])
    expect(unpackDocument(handlers.openDocument({ documentId })).relations).toEqual([])
    expect(handlers.restoreSpan({ documentId, ...removed })).toEqual({ span: speaker, relations: [relation] })
    expect(unpackDocument(handlers.openDocument({ documentId })).relations).toEqual([relation])
    corpus.close()
  })

  it('restores a span whose relation lost its other end meanwhile, without that relation, and says which came back', () => {
    const { handlers, corpus, documentId, text } = sampleHandlers()
    const at = (needle: string) => {
      const start = [...text.slice(0, text.indexOf(needle))].length
      return { start, end: start + [...needle].length }
    }
    const putin = handlers.addSpan({ documentId, ...at('Vladimir Putin'), label: 'Speaker' })
    const kim = handlers.addSpan({ documentId, ...at('Kim Jong-un'), label: 'Speaker' })
    const claim = handlers.addSpan({ documentId, ...at('serve as an intermediary'), label: 'Claim' })
    const toPutin = handlers.addRelation({ documentId, head: claim.id, child: putin.id, label: 'attributed_to' })
    const toKim = handlers.addRelation({ documentId, head: claim.id, child: kim.id, label: 'attributed_to' })
    const removed = handlers.removeSpan({ documentId, spanId: claim.id })
    expect(removed.relations).toEqual([toPutin, toKim])
    handlers.removeSpan({ documentId, spanId: kim.id }) // meanwhile, in another window
    expect(handlers.restoreSpan({ documentId, ...removed })).toEqual({ span: claim, relations: [toPutin] })
    expect(unpackDocument(handlers.openDocument({ documentId })).relations).toEqual([toPutin])
    // An end relabelled meanwhile to one the relation may not join: the span comes back without that relation.
    const again = handlers.removeSpan({ documentId, spanId: claim.id })
    handlers.updateSpan({ documentId, spanId: putin.id, ...at('Vladimir Putin'), label: 'Spam' })
    expect(handlers.restoreSpan({ documentId, ...again })).toEqual({ span: claim, relations: [] })
    expect(unpackDocument(handlers.openDocument({ documentId })).spans.map((s) => s.label).sort()).toEqual(['Claim', 'Spam'])
    corpus.close()
  })

  it('refuses to relabel a span so that its relation breaks, leaving it as it was', () => {
    const { handlers, corpus, documentId } = sampleHandlers()
    const speaker = handlers.addSpan({ documentId, start: 0, end: 11, label: 'Speaker' })
    const claim = handlers.addSpan({ documentId, start: 16, end: 37, label: 'Claim' })
    handlers.addRelation({ documentId, head: claim.id, child: speaker.id, label: 'attributed_to' })
    expect(() => handlers.updateSpan({ documentId, spanId: claim.id, start: 16, end: 37, label: 'Spam' })).toThrow(/"attributed_to" links a Claim to a Speaker or Source: it cannot start at Spam/)
    expect(unpackDocument(handlers.openDocument({ documentId })).spans.find((s) => s.id === claim.id)?.label).toBe('Claim')
    corpus.close()
  })

  it("refuse a span its analyst already has, whether added, relabelled or moved onto it; another analyst's is no twin", () => {
    const { handlers, corpus, documentId } = sampleHandlers()
    const speaker = handlers.addSpan({ documentId, start: 0, end: 11, label: 'Speaker' })
    const twice = /Speaker "Kim Jong-un" \(code points 0–11\) is already tagged by ana \(span \d+\): a span is not made twice/
    expect(() => handlers.addSpan({ documentId, start: 0, end: 11, label: 'Speaker' })).toThrow(twice)
    const source = handlers.addSpan({ documentId, start: 0, end: 11, label: 'Source' })
    expect(() => handlers.updateSpan({ documentId, spanId: source.id, start: 0, end: 11, label: 'Speaker' })).toThrow(twice)
    const part = handlers.addSpan({ documentId, start: 3, end: 11, label: 'Speaker' })
    expect(() => handlers.updateSpan({ documentId, spanId: part.id, start: 0, end: 11, label: 'Speaker' })).toThrow(twice)
    handlers.updateSpan({ documentId, spanId: speaker.id, start: 0, end: 11, label: 'Speaker' }) // itself is no twin
    const others = createHandlers(corpus, 'bob')
    others.addSpan({ documentId, start: 0, end: 11, label: 'Speaker' })
    const spans = unpackDocument(handlers.openDocument({ documentId })).spans.map((s) => `${s.annotator} ${s.label} ${s.start}-${s.end}`)
    expect(spans.sort()).toEqual(['ana Source 0-11', 'ana Speaker 0-11', 'ana Speaker 3-11', 'bob Speaker 0-11'])
    corpus.close()
  })

  it("refuses a relation its analyst already has (same ends and label), from any program; another analyst's is no twin", () => {
    const { handlers, corpus, documentId } = sampleHandlers()
    const speaker = handlers.addSpan({ documentId, start: 0, end: 11, label: 'Speaker' })
    const claim = handlers.addSpan({ documentId, start: 16, end: 37, label: 'Claim' })
    const first = handlers.addRelation({ documentId, head: claim.id, child: speaker.id, label: 'attributed_to' })
    expect(() => handlers.addRelation({ documentId, head: claim.id, child: speaker.id, label: 'attributed_to' })).toThrow(
      new RegExp(`^Claim ".+" is already linked to Speaker ".+" by attributed_to of ana \\(relation ${first.id}\\): a relation is not made twice$`),
    )
    createHandlers(corpus, 'bob').addRelation({ documentId, head: claim.id, child: speaker.id, label: 'attributed_to' })
    const relations = unpackDocument(handlers.openDocument({ documentId })).relations.map((r) => `${r.annotator} ${r.head}->${r.child}`)
    expect(relations).toEqual([`ana ${claim.id}->${speaker.id}`, `bob ${claim.id}->${speaker.id}`])
    corpus.close()
  })

  it("leaves another analyst's spans and relations as they made them, and a span their relation needs, from any program", () => {
    const { handlers: ana, corpus, documentId } = sampleHandlers()
    const bob = createHandlers(corpus, 'bob')
    const police = ana.addSpan({ documentId, start: 0, end: 11, label: 'Speaker' })
    const claim = bob.addSpan({ documentId, start: 16, end: 37, label: 'Claim' })
    const link = bob.addRelation({ documentId, head: claim.id, child: police.id, label: 'attributed_to' })
    const before = unpackDocument(ana.openDocument({ documentId }))
    const refused = (name: Parameters<typeof dispatch>[1], args: unknown, reason: RegExp) =>
      expect(dispatch(ana, name, { documentId, ...(args as object) })).toMatchObject({ ok: false, error: { kind: 'rule', message: expect.stringMatching(reason) } })
    refused('removeRelation', { relationId: link.id }, /^that attributed_to relation is bob's: removing it is theirs to do$/)
    refused('removeSpan', { spanId: claim.id }, /^Claim ".+" is bob's: removing it is theirs to do$/)
    refused('updateSpan', { spanId: claim.id, start: 16, end: 30, label: 'Claim' }, /is bob's: changing it is theirs to do/)
    refused('setSpanAttrs', { spanId: claim.id, attrs: { note: 'mine now' } }, /is bob's: changing its note and attributes is theirs to do/)
    // Ana's own span is hers, but removing it would take bob's relation with it.
    refused('removeSpan', { spanId: police.id }, /^Speaker ".+" is an end of bob's attributed_to relation: it stays while their relation needs it$/)
    expect(unpackDocument(ana.openDocument({ documentId }))).toEqual(before)
    // Once bob has removed his relation, ana's span is hers to remove.
    bob.removeRelation({ documentId, relationId: link.id })
    expect(dispatch(ana, 'removeSpan', { documentId, spanId: police.id })).toMatchObject({ ok: true })
    // The curated layer's relations join curated spans only: one to bob's span would hold it.
    const curatedClaim = ana.addSpan({ documentId, start: 16, end: 37, label: 'Claim', curated: true })
    expect(dispatch(ana, 'addRelation', { documentId, head: curatedClaim.id, child: claim.id, label: 'attributed_to', curated: true })).toMatchObject({
      ok: false,
      error: { kind: 'rule', message: expect.stringMatching(/^Claim ".+" is bob's, not the curated layer's: a curated relation joins curated spans$/) },
    })
    corpus.close()
  })

  it('sets status and document labels, and finds neighbours by status', () => {
    const { handlers, corpus, documentId } = sampleHandlers()
    corpus.addLabel({ name: 'Politics', kind: 'document', color: '#000000', hotkey: 'p', description: '', head: null, child: null })
    expect(handlers.setDocumentLabel({ documentId, label: 'Politics', on: true })).toMatchObject([{ label: 'Politics', annotator: 'ana' }])
    expect(handlers.setDocumentLabel({ documentId, label: 'Politics', on: false })).toEqual([])
    expect(handlers.setStatus({ documentId, status: 'done' })).toBe('done')
    expect(handlers.corpus({}).documentsByStatus).toEqual({ todo: 0, done: 1, skipped: 0 })
    // Undone or redone only while it is as the step left it: another's status since is kept.
    expect(() => handlers.setStatus({ documentId, status: 'todo', unchangedFrom: 'skipped' })).toThrow(/status was changed since \(it is now done\)/)
    expect(handlers.setStatus({ documentId, status: 'skipped', unchangedFrom: 'done' })).toBe('skipped')
    expect(handlers.setStatus({ documentId, status: 'done' })).toBe('done')
    expect(handlers.neighbourDocument({ documentId, direction: 'next', status: null })).toBeNull()
    corpus.close()
  })

  it('steps to the next or previous document the list shows when it shows one analyst\'s work', () => {
    const { handlers, corpus, documentId: first } = sampleHandlers()
    const [second, third, fourth] = ['b', 'c', 'd'].map((id) => corpus.insertDocument({ externalId: id, title: id, text: `Text ${id}.` }))
    for (const [id, annotator] of [[third, 'bob'], [fourth, 'ana'], [first, 'ana']] as const) corpus.insertSpan(id, { start: 0, end: 4, label: 'Claim', annotator })
    corpus.setStatus(fourth, 'done')
    const step = (documentId: number, direction: 'next' | 'previous', annotator: string | null, status: 'done' | null = null) =>
      handlers.neighbourDocument({ documentId, direction, status, annotator })
    expect(step(first, 'next', null)).toBe(second)
    expect(step(first, 'next', 'ana')).toBe(fourth)
    expect(step(first, 'next', 'bob')).toBe(third)
    expect(step(fourth, 'previous', 'ana')).toBe(first)
    expect(step(first, 'next', 'ana', 'done')).toBe(fourth)
    expect(step(fourth, 'next', 'ana')).toBeNull()
    expect(step(first, 'next', 'nobody')).toBeNull() // no such analyst: the list is empty, so is every step
    expect(handlers.listDocuments({ status: null, annotator: 'ana', afterId: 0, limit: 10 }).map((d) => d.id)).toEqual([first, fourth])
    corpus.close()
  })

  it('searches the corpus and locates the match in code points', () => {
    const { handlers, corpus, text } = sampleHandlers()
    const [hit] = handlers.search({ query: 'roosters', limit: 5 }).documents
    expect(hit.count).toBe(1)
    expect(hit.occurrences[0].text).toBe('roosters')
    expect([...text].slice(hit.occurrences[0].start, hit.occurrences[0].end).join('')).toBe('roosters')
    expect(handlers.search({ query: 'rooste', limit: 5 }).documents).toHaveLength(1) // the last word matches as a prefix
    expect(handlers.search({ query: '"unbalanced AND (', limit: 5 }).documents).toEqual([]) // no syntax error
    expect(handlers.search({ query: 'Vladivostok denuclearisation', limit: 5 }).documents).toHaveLength(1)
    corpus.close()
  })
})

describe('upgrading a version 1 corpus to version 2 (search)', () => {
  function versionOneCorpus(): string {
    const path = join(scratch(), 'v1.marginalia')
    const db = opened(new Database(path))
    db.pragma(`application_id = ${APPLICATION_ID}`)
    migrate(db, 1)
    db.prepare(
      `INSERT INTO documents (external_id, title, text, length, text_sha256, created_at, updated_at)
       VALUES ('old', 'Old', 'An old summit report', 20, ?, 't', 't')`,
    ).run(createHash('sha256').update('An old summit report').digest('hex'))
    db.close()
    return path
  }

  it('happens in place when the corpus is opened for writing, indexing existing documents', () => {
    const path = versionOneCorpus()
    const corpus = opened(Corpus.open(path))
    expect(corpus.schemaVersion()).toBe(CURRENT_SCHEMA_VERSION)
    expect(createHandlers(corpus, 'a').search({ query: 'summit', limit: 5 }).documents.map((h) => h.externalId)).toEqual(['old'])
    corpus.close()
  })

  it('happens in memory only when the corpus is opened read-only, leaving the file as it was', () => {
    const path = versionOneCorpus()
    const before = readFileSync(path)
    const corpus = opened(CorpusReader.open(path))
    expect(createHandlers(corpus, 'a').search({ query: 'summit', limit: 5 }).documents).toHaveLength(1)
    corpus.close()
    expect(readFileSync(path).equals(before)).toBe(true)
  })
})
