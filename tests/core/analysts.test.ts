/** Several analysts in one corpus: who is annotating, whose documents are listed, how far they have got. */
import { spawnSync } from 'node:child_process'
import { chmodSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { dispatch } from '../../src/core/operations/dispatch'
import { createHandlers } from '../../src/core/operations/handlers'
import { openForEditing, whyReadOnly } from '../../src/core/open-for-editing'
import { Corpus } from '../../src/core/store/corpus'
import { CorpusReader } from '../../src/core/store/reader'
import { cli, opened, scratch } from '../helpers'
import { asOtherUser, isRoot, openToAll, serve, SERVE } from '../cli/process'
import { onTestFinished } from 'vitest'

/** Three documents: ana tagged the first two, bob the second and third; the second is done. */
function teamCorpus(): string {
  const path = join(scratch(), 'team.marginalia')
  const corpus = opened(Corpus.open(path, { create: true }))
  corpus.addLabel({ name: 'Opinion', kind: 'document', color: '#445566', hotkey: 'o', description: '', head: null, child: null })
  corpus.transaction(() => {
    for (const id of ['one', 'two', 'three']) corpus.insertDocument({ externalId: id, title: id, text: 'Kim met Putin in Vladivostok.' })
    corpus.insertSpan(1, { start: 0, end: 3, label: 'Speaker', annotator: 'ana' })
    corpus.insertSpan(2, { start: 0, end: 3, label: 'Speaker', annotator: 'ana' })
    corpus.insertSpan(2, { start: 8, end: 13, label: 'Speaker', annotator: 'bob' })
    corpus.insertSpan(2, { start: 0, end: 13, label: 'Claim', annotator: 'bob' })
    corpus.insertDocumentLabel(3, 'Opinion', 'bob') // a document label counts as work on the document too
    corpus.setStatus(2, 'done')
  })
  return path
}

describe('analysts', () => {
  it('lists one analyst\'s documents with their spans counted, and their progress', () => {
    const path = teamCorpus()
    const handlers = createHandlers(opened(Corpus.open(path)), 'ana')
    const list = (annotator: string | null) =>
      handlers.listDocuments({ status: null, annotator, afterId: 0, limit: 10 }).map((d) => [d.externalId, d.spans])
    expect(list(null)).toEqual([['one', 1], ['two', 3], ['three', 0]])
    expect(list('ana')).toEqual([['one', 1], ['two', 1]])
    expect(list('bob')).toEqual([['two', 2], ['three', 0]])
    expect(list('nobody')).toEqual([])
    expect(handlers.progress({ annotator: null })).toEqual({ documents: 3, documentsByStatus: { todo: 2, done: 1, skipped: 0 } })
    expect(handlers.progress({ annotator: 'bob' })).toEqual({ documents: 2, documentsByStatus: { todo: 1, done: 1, skipped: 0 } })
    expect(handlers.corpus({}).annotators).toEqual(['ana', 'bob'])
  })

  it('records edits under the analyst\'s new name once it is changed, and tells the app', () => {
    const path = teamCorpus()
    const told: string[] = []
    const handlers = createHandlers(opened(Corpus.open(path)), 'ana', { analystChanged: (name) => told.push(name) })
    expect(dispatch(handlers, 'setAnalyst', { name: 'Ana Lima' })).toEqual({ ok: true, value: 'Ana Lima' })
    expect(handlers.addSpan({ documentId: 3, start: 8, end: 13, label: 'Speaker' }).annotator).toBe('Ana Lima')
    expect(handlers.corpus({}).annotator).toBe('Ana Lima')
    expect(told).toEqual(['Ana Lima'])
    expect(dispatch(handlers, 'setAnalyst', { name: ' padded ' })).toMatchObject({ ok: false, error: { kind: 'invalid' } })
    expect(dispatch(handlers, 'setAnalyst', { name: 'curated' })).toMatchObject({ ok: false, error: { kind: 'invalid', message: expect.stringMatching(/"curated" is the curated layer's name, not an analyst's/) } })
    expect(dispatch(handlers, 'setAnalyst', { name: 'agreed' })).toMatchObject({ ok: false, error: { kind: 'invalid', message: expect.stringMatching(/"agreed" names what every analyst agreed on/) } })
    expect(dispatch(handlers, 'setAnalyst', { name: '' })).toMatchObject({ ok: false, error: { kind: 'invalid', message: expect.stringMatching(/an analyst needs a name/) } })
    for (const name of ['Curated', 'AGREED', 'ana\tben', 'ana\u200bben', '\u200b', 'ana\nben']) {
      expect(dispatch(handlers, 'setAnalyst', { name }), JSON.stringify(name)).toMatchObject({ ok: false, error: { kind: 'invalid' } })
    }
    for (const name of ['Ana Lima', 'میر\u200cحسین', 'Ana Lima']) expect(dispatch(handlers, 'setAnalyst', { name }), name).toMatchObject({ ok: true })
    expect(handlers.corpus({}).annotator).toBe('Ana Lima')
  })

  it('set in the browser edition, is remembered for its next start; a name given with --annotator or MARGINALIA_ANNOTATOR wins', async () => {
    const config = scratch()
    const corpus = teamCorpus()
    const env = { ...process.env, XDG_CONFIG_HOME: config, MARGINALIA_ANNOTATOR: '' }
    const first = await serve(corpus, [], { env })
    expect(await first.call('setAnalyst', { name: 'Ana Lima' })).toMatchObject({ ok: true })
    await first.stop()
    const second = await serve(corpus, [], { env })
    onTestFinished(() => second.stop())
    expect(await second.call('corpus', {})).toMatchObject({ ok: true, value: { annotator: 'Ana Lima' } })
    expect(await second.call('changesElsewhere', {})).toMatchObject({ ok: true, value: { annotator: 'Ana Lima' } })
    await second.stop()
    const named = await serve(corpus, ['--annotator', 'ben'], { env })
    onTestFinished(() => named.stop())
    expect(await named.call('corpus', {})).toMatchObject({ value: { annotator: 'ben' } })
    // A name changed in the page of a server started with one holds until it stops, and is not remembered over Ana's.
    expect(await named.call('setAnalyst', { name: 'Benedikt' })).toMatchObject({ ok: true })
    await named.stop()
    const afterNamed = await serve(corpus, [], { env })
    onTestFinished(() => afterNamed.stop())
    expect(await afterNamed.call('corpus', {})).toMatchObject({ value: { annotator: 'Ana Lima' } })
    await afterNamed.stop()
    const fromEnvironment = await serve(corpus, [], { env: { ...env, MARGINALIA_ANNOTATOR: 'carol' } })
    onTestFinished(() => fromEnvironment.stop())
    expect(await fromEnvironment.call('corpus', {})).toMatchObject({ value: { annotator: 'carol' } })
  })

  it('is refused by the browser edition at its start when it is a layer’s name or blank, in one line', () => {
    for (const [args, env, said] of [
      [['--annotator', 'curated'], {}, /^marginalia serve: --annotator: "curated" is the curated layer's name, not an analyst's/],
      [['--annotator', ''], {}, /^marginalia serve: --annotator: an analyst needs a name\n$/],
      [[], { MARGINALIA_ANNOTATOR: 'agreed' }, /^marginalia serve: MARGINALIA_ANNOTATOR: "agreed" names what every analyst agreed on/],
    ] as const) {
      const result = spawnSync(process.execPath, [SERVE, teamCorpus(), ...args, '--json'], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 20_000 })
      expect(result.status).toBe(1)
      expect(result.stdout).toBe('')
      expect(result.stderr).toMatch(said)
      expect(result.stderr.trim().split('\n')).toHaveLength(1)
    }
  })
})

describe("an analyst's name in two Unicode spellings", () => {
  const composed = 'Zo\u00eb' // ë as one character
  const decomposed = 'Zoe\u0308' // e and a combining diaeresis: looks the same

  it('is one analyst: stored, listed, filtered and compared in one spelling, whichever was typed', async () => {
    const path = teamCorpus()
    const corpus = opened(Corpus.open(path))
    const handlers = createHandlers(corpus, decomposed)
    const span = handlers.addSpan({ documentId: 1, start: 8, end: 13, label: 'Speaker' })
    expect(span.annotator).toBe(composed)
    expect(handlers.setAnalyst({ name: decomposed })).toBe(composed)
    handlers.addSpan({ documentId: 2, start: 17, end: 28, label: 'Source' })
    expect(corpus.annotators()).toEqual(['ana', 'bob', composed])
    const list = (annotator: string) => handlers.listDocuments({ status: null, annotator, afterId: 0, limit: 10 }).map((d) => d.externalId)
    expect(list(decomposed)).toEqual(['one', 'two'])
    expect(list(composed)).toEqual(['one', 'two'])
    expect(handlers.agreement({ labels: null, annotators: ['ana', decomposed] }).analysts).toEqual(['ana', composed])
  })

  it('is one analyst in an import: a record naming them either way, and --annotator given either way', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    const record = (annotator: string | undefined, start: number) => JSON.stringify({ id: 'd', text: 'Kim met Putin.', spans: [{ start, end: start + 3, label: 'Speaker', ...(annotator === undefined ? {} : { annotator }) }] })
    writeFileSync(join(folder, 'a.jsonl'), `${record(composed, 0)}\n`)
    writeFileSync(join(folder, 'b.jsonl'), `${record(decomposed, 8)}\n`)
    writeFileSync(join(folder, 'c.jsonl'), `${record(undefined, 8)}\n`)
    expect((await cli('import', '--quiet', corpus, join(folder, 'a.jsonl'))).code).toBe(0)
    // The same analyst again: --existing join adds other analysts' work only.
    expect((await cli('import', '--existing', 'join', corpus, join(folder, 'b.jsonl'))).stderr).toMatch(/"Zoë" already has work in the corpus's document/)
    expect((await cli('import', '--existing', 'join', '--annotator', decomposed, corpus, join(folder, 'c.jsonl'))).stderr).toMatch(/"Zoë" already has work in the corpus's document/)
    const stats = await cli('stats', corpus)
    expect(stats.stdout.match(/Zo/g)).toHaveLength(1)
  })
})

describe('a corpus written before names were stored in one spelling', () => {
  const composed = 'Zo\u00eb'
  const decomposed = 'Zoe\u0308'

  /** The team's corpus, where an older Marginalia stored Zoë both ways: her first spans and a label under one spelling, her later ones and the same label under the other. */
  function writtenBefore(): string {
    const path = teamCorpus()
    const db = new Database(path)
    const annotator = (name: string) => Number(db.prepare(`INSERT INTO annotators (name, created_at) VALUES (?, '2026-01-01T00:00:00.000Z')`).run(name).lastInsertRowid)
    const label = (kind: string, name: string) => db.prepare(`SELECT id FROM labels WHERE kind = ? AND name = ?`).pluck().get(kind, name)
    const span = (doc: number, id: number, start: number, end: number, by: number) =>
      db.prepare(`INSERT INTO spans (document_id, id, start_offset, end_offset, label_id, attrs, annotator_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, '{}', ?, 't', 't')`).run(doc, id, start, end, label('span', 'Speaker'), by)
    const [first, later] = [annotator(decomposed), annotator(composed)]
    span(1, 10, 8, 13, first)
    span(3, 10, 0, 3, later)
    for (const by of [first, later]) db.prepare(`INSERT INTO document_labels VALUES (1, ?, ?, 't')`).run(label('document', 'Opinion'), by)
    db.prepare(`INSERT INTO curated_as_nothing VALUES (2, 'place:0-3', ?, 't')`).run(first)
    db.close()
    return path
  }

  it('is read as one analyst, and opened for writing, stores her under one spelling, her work and settlings hers', async () => {
    const path = writtenBefore()
    // Only read, with her name stored in one spelling only (the decomposed one): the other finds her work.
    const onlyDecomposed = join(scratch(), 'only-decomposed.marginalia')
    const db = new Database(path)
    db.prepare(`VACUUM INTO ?`).run(onlyDecomposed)
    db.close()
    const copy = new Database(onlyDecomposed)
    const later = copy.prepare(`SELECT id FROM annotators WHERE name = ?`).pluck().get(composed) as number
    copy.prepare(`DELETE FROM document_labels WHERE annotator_id = ?`).run(later)
    copy.prepare(`DELETE FROM spans WHERE annotator_id = ?`).run(later)
    copy.prepare(`DELETE FROM annotators WHERE id = ?`).run(later)
    copy.close()
    const reader = opened(CorpusReader.open(onlyDecomposed))
    const read = createHandlers(reader, 'someone')
    expect(read.listDocuments({ status: null, annotator: composed, afterId: 0, limit: 10 }).map((d) => d.externalId)).toEqual(['one'])
    reader.close()
    const exported = await cli('export', '--annotator', composed, onlyDecomposed)
    expect(exported.code, exported.stderr).toBe(0)
    expect(exported.stdout.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line).spans.length)).toEqual([1, 0, 0]) // every document, with her span
    // Opened for writing: one row, composed; both spans, the label once, the settling kept.
    const corpus = opened(Corpus.open(path))
    expect(corpus.annotators()).toEqual(['ana', 'bob', composed])
    expect([1, 3].flatMap((doc) => corpus.spansOf(doc).filter((s) => s.annotator === composed).map((s) => s.start_offset))).toEqual([8, 0])
    expect(corpus.documentLabelsOf(1).map((l) => [l.label, l.annotator])).toEqual([['Opinion', composed]])
    expect(corpus.curationDecisions(2)).toMatchObject([{ place: 'place:0-3', annotator: composed }])
    // Her next span joins her work, and the agreement counts her once.
    const handlers = createHandlers(corpus, decomposed)
    expect(handlers.addSpan({ documentId: 2, start: 17, end: 28, label: 'Source' }).annotator).toBe(composed)
    expect(handlers.agreement({ labels: null, annotators: null }).analysts).toEqual(['ana', 'bob', composed])
    corpus.close()
    const raw = new Database(path, { readonly: true })
    expect(raw.prepare(`SELECT name FROM annotators`).pluck().all().sort()).toEqual(['ana', 'bob', composed].sort())
    raw.close()
  })
})

describe('a corpus this user may not write', () => {
  it.skipIf(!isRoot && process.getuid === undefined)('opens read-only in the browser edition: it says why, refuses edits with that reason, and offers a copy', async () => {
    const path = teamCorpus()
    openToAll(join(path, '..'))
    chmodSync(path, 0o644)
    const editor = await serve(path, ['--annotator', 'carol'], asOtherUser())
    onTestFinished(() => editor.stop())
    const summary = await editor.call('corpus', {})
    expect(summary).toMatchObject({ ok: true, value: { readOnly: expect.stringMatching(/you may not write (this file|its folder)/) } })
    expect(await editor.call('listDocuments', { status: null, annotator: null, afterId: 0, limit: 10 })).toMatchObject({ ok: true })
    expect(await editor.call('addSpan', { documentId: 1, start: 8, end: 13, label: 'Speaker' })).toMatchObject({
      ok: false,
      error: { kind: 'readonly', message: expect.stringMatching(/you may not write .*save a copy to annotate/) },
    })
    const ticket = await fetch(`http://127.0.0.1:${editor.port}/download-ticket?of=copy`, { method: 'POST', headers: { 'x-marginalia-token': editor.token } })
    const { url } = (await ticket.json()) as { url: string }
    const copy = await fetch(`http://127.0.0.1:${editor.port}${url}`)
    expect(copy.status).toBe(200)
    expect(copy.headers.get('content-disposition')).toMatch(/filename="team\.marginalia"/)
    expect(Buffer.from(await copy.arrayBuffer()).subarray(0, 16).toString('latin1')).toBe('SQLite format 3\u0000')
  })

  it('is recognised before it is opened, and opened for writing otherwise', () => {
    const path = teamCorpus()
    expect(whyReadOnly(path)).toBeNull() // its owner may write it
    const { corpus, readOnly } = openForEditing(path)
    expect(readOnly).toBeNull()
    expect(corpus).toBeInstanceOf(Corpus)
    corpus.close()
  })
})
