/** Attributes declared by span labels (schema version 3): label files, the corpus, check, the API, merge. */
import { join } from 'node:path'
import { unpackDocument } from '../../src/shared/packed-document'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { CURRENT_SCHEMA_VERSION, migrate } from '../../src/core/db/migrations'
import { APPLICATION_ID } from '../../src/core/db/open'
import { dispatch } from '../../src/core/operations/dispatch'
import { createHandlers } from '../../src/core/operations/handlers'
import { Corpus } from '../../src/core/store/corpus'
import { cli, opened, parseJsonl, scratch, writeFile, writeJsonl } from '../helpers'

const CHECKWORTHY = { name: 'checkworthy', values: ['yes', 'no'] }
const LABELS = [
  { name: 'Claim', kind: 'span', hotkey: '1', attributes: [CHECKWORTHY, { name: 'topic', values: ['economy', 'war', '外交'] }] },
  { name: 'Speaker', kind: 'span', hotkey: '2' },
  { name: 'attributed_to', kind: 'relation', hotkey: 'a', head: ['Claim'], child: ['Speaker'] },
]
const DOCUMENT = { id: 'd1', text: 'Mr Putin 😀 said the talks went well.', spans: [{ start: 11, end: 36, label: 'Claim' }] }

/** A corpus made by `import --labels` with LABELS, holding DOCUMENT. */
async function corpusWithAttributes(): Promise<{ folder: string; path: string }> {
  const folder = scratch()
  const path = join(folder, 'c.marginalia')
  const result = await cli('import', '--labels', writeFile(folder, 'labels.json', JSON.stringify(LABELS)), path, writeJsonl(folder, 'in.jsonl', [DOCUMENT]))
  expect(result.code, result.stderr).toBe(0)
  return { folder, path }
}

describe('attributes declared by span labels', () => {
  it('come from the label file into the corpus, and labels prints them in both forms', async () => {
    const { path } = await corpusWithAttributes()
    const corpus = opened(Corpus.open(path))
    expect(corpus.label('span', 'Claim')?.attributes).toEqual(LABELS[0].attributes)
    expect(corpus.label('span', 'Speaker')?.attributes).toBeUndefined()
    corpus.close()
    const json = await cli('labels', '--json', path)
    expect(JSON.parse(json.stdout)[0].attributes).toEqual(LABELS[0].attributes)
    expect((await cli('labels', path)).stdout).toMatch(/Claim \[checkworthy: yes\|no\] \[topic: economy\|war\|外交\]/)
    expect((await cli('check', path)).code).toBe(0)
  })

  it.each([
    ['on a relation label', [{ ...LABELS[2], attributes: [CHECKWORTHY] }, LABELS[0], LABELS[1]], /"attributed_to" is a relation label, so it cannot declare attributes/],
    ['twice', [{ ...LABELS[0], attributes: [CHECKWORTHY, CHECKWORTHY] }], /must not declare an attribute twice/],
    ['named note', [{ ...LABELS[0], attributes: [{ name: 'note', values: ['a'] }] }], /must not be "note" or "unsure"/],
    ['without values', [{ ...LABELS[0], attributes: [{ name: 'checkworthy', values: [] }] }], /must list at least one value/],
    ['with a value twice', [{ ...LABELS[0], attributes: [{ name: 'checkworthy', values: ['yes', 'yes'] }] }], /must not repeat a value/],
    ['with a value that is not text', [{ ...LABELS[0], attributes: [{ name: 'checkworthy', values: [1] }] }], /values/],
  ])('declared %s are refused in one line naming the label file, and no corpus is made', async (_case, labels, reason) => {
    const folder = scratch()
    const file = writeFile(folder, 'labels.json', JSON.stringify(labels))
    const result = await cli('import', '--labels', file, join(folder, 'c.marginalia'), writeJsonl(folder, 'in.jsonl', [DOCUMENT]))
    expect(result.code).toBe(1)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toContain('labels.json')
    expect(result.stderr).toMatch(reason)
    expect((await cli('stats', join(folder, 'c.marginalia'))).code).not.toBe(0)
  })

  it('a label file that is not sound JSON is refused naming the line: a syntax error, or a key written twice', async () => {
    const folder = scratch()
    for (const [text, reason] of [
      ['[\n  {"name": "Claim", "kind": "span"},\n  {"name": "Speaker",}\n]', /labels\.json:3: not a JSON label file: invalid JSON: expected/],
      ['[\n  {"name": "Claim",\n   "kind": "span", "name": "Quote"}\n]', /labels\.json:3: not a JSON label file: .*"name" .*twice/],
    ] as const) {
      const file = writeFile(folder, 'labels.json', text)
      const result = await cli('labels', join(folder, 'c.marginalia'), '--define', file)
      expect(result.stderr.trim().split('\n')).toHaveLength(1)
      expect(result.stderr).toMatch(reason)
    }
  })

  it('are set through the API only to a declared value; other attributes and undo are left alone', async () => {
    const { path } = await corpusWithAttributes()
    const corpus = opened(Corpus.open(path))
    const handlers = createHandlers(corpus, 'ana')
    const [document] = handlers.listDocuments({ status: null, annotator: null, afterId: 0, limit: 1 })
    const [span] = unpackDocument(handlers.openDocument({ documentId: document.id })).spans
    handlers.setAnalyst({ name: span.annotator }) // the analyst who imported it: another's span is theirs to change
    const set = (attrs: Record<string, unknown>) => dispatch(handlers, 'setSpanAttrs', { documentId: document.id, spanId: span.id, attrs })
    expect(set({ checkworthy: 'maybe' })).toMatchObject({ ok: false, error: { message: '"maybe" is not a value of the Claim attribute "checkworthy" (yes, no)' } })
    expect(set({ topic: 3 })).toMatchObject({ ok: false, error: { message: expect.stringContaining('attribute "topic"') } })
    expect(unpackDocument(handlers.openDocument({ documentId: document.id })).spans[0].attrs).toEqual({})
    expect(set({ checkworthy: 'yes', topic: '外交', note: 'see transcript', source_id: 17 })).toMatchObject({ ok: true })
    expect(set({ checkworthy: 'no', topic: '外交', note: 'see transcript', source_id: 17 })).toMatchObject({ ok: true })
    corpus.close()
    const exported = parseJsonl((await cli('export', path)).stdout)
    expect((exported[0].spans as { attrs: unknown }[])[0].attrs).toEqual({ checkworthy: 'no', topic: '外交', note: 'see transcript', source_id: 17 })
  })

  it('a value an import brought that is not declared stays, and may be written back unchanged (as undo does)', async () => {
    const folder = scratch()
    const path = join(folder, 'c.marginalia')
    const labels = writeFile(folder, 'labels.json', JSON.stringify(LABELS))
    const imported = { ...DOCUMENT, spans: [{ ...DOCUMENT.spans[0], attrs: { checkworthy: 'perhaps', source: 'model' } }] }
    const result = await cli('import', '--labels', labels, path, writeJsonl(folder, 'in.jsonl', [imported]))
    expect(result.code).toBe(0)
    // Said, not refused: the editor shows it as not declared. An attribute the label does not declare is no concern.
    expect(result.stderr).toMatch(/warning: Claim checkworthy "perhaps" is not among the values the label declares \(yes, no\): kept, shown as not declared \(at \S+in\.jsonl:1\)/)
    expect(result.stderr).not.toMatch(/source/)
    const corpus = opened(Corpus.open(path))
    const handlers = createHandlers(corpus, 'ana')
    const documentId = handlers.listDocuments({ status: null, annotator: null, afterId: 0, limit: 1 })[0].id
    const [{ id: spanId, annotator }] = unpackDocument(handlers.openDocument({ documentId })).spans
    handlers.setAnalyst({ name: annotator })
    expect(dispatch(handlers, 'setSpanAttrs', { documentId, spanId, attrs: { checkworthy: 'perhaps', unsure: true } })).toMatchObject({ ok: true })
    expect(dispatch(handlers, 'setSpanAttrs', { documentId, spanId, attrs: { checkworthy: 'perhap' } })).toMatchObject({ ok: false })
    corpus.close()
  })

  it('a version 2 corpus is upgraded with none; damaged declarations are ignored when read and reported by check', async () => {
    const path = join(scratch(), 'v2.marginalia')
    const db = new Database(path)
    db.pragma(`application_id = ${APPLICATION_ID}`)
    migrate(db, 2)
    db.prepare(`INSERT INTO labels (kind, name, color, hotkey, description, position) VALUES ('span', 'Claim', '#d9480f', '1', '', 1)`).run()
    db.close()
    expect((await cli('check', path)).stdout).toMatch(/ok \(schema version 2, read as 3\)|ok/)
    const corpus = opened(Corpus.open(path))
    expect(corpus.schemaVersion()).toBe(CURRENT_SCHEMA_VERSION)
    expect(corpus.label('span', 'Claim')?.attributes).toBeUndefined()
    corpus.close()
    const raw = new Database(path)
    raw.prepare(`UPDATE labels SET attributes = '[{"name": "checkworthy"}]' WHERE name = 'Claim'`).run()
    raw.prepare(`INSERT INTO labels (kind, name, color, hotkey, description, position, attributes) VALUES ('document', 'Politics', '#1971c2', 'p', '', 2, '[{"name":"x","values":["y"]}]')`).run()
    raw.close()
    const reopened = opened(Corpus.open(path))
    expect(reopened.label('span', 'Claim')?.attributes).toBeUndefined()
    expect(reopened.label('document', 'Politics')?.attributes).toBeUndefined()
    reopened.close()
    const check = await cli('check', path)
    expect(check.code).toBe(1)
    expect(check.stdout + check.stderr).toMatch(/the span label "Claim" declares attributes that are not a list of \{name, values\}/)
    expect(check.stdout + check.stderr).toMatch(/the document label "Politics" declares attributes, which only span labels may/)
  })

  it('merge --add-labels brings a label with its declared attributes', async () => {
    const { folder, path: source } = await corpusWithAttributes()
    const target = join(folder, 'target.marginalia')
    const other = writeFile(folder, 'other.json', JSON.stringify([LABELS[1]]))
    expect((await cli('import', '--labels', other, target, writeJsonl(folder, 'none.jsonl', [{ id: 'x', text: 'nothing here' }]))).code).toBe(0)
    const merged = await cli('merge', '--add-labels', target, source)
    expect(merged.code, merged.stderr).toBe(0)
    const corpus = opened(Corpus.open(target))
    expect(corpus.label('span', 'Claim')?.attributes).toEqual(LABELS[0].attributes)
    corpus.close()
  })
})

describe('labels --define', () => {
  /** The sample corpus, with one Claim attributed to a Speaker. */
  async function sampleWithRelation(): Promise<{ folder: string; path: string }> {
    const folder = scratch()
    const path = join(folder, 's.marginalia')
    expect((await cli('sample', path)).code).toBe(0)
    const corpus = opened(Corpus.open(path))
    corpus.transaction(() => {
      const [claim, speaker] = corpus.insertSpans(1, [
        { start: 0, end: 11, label: 'Claim', annotator: 'ana' },
        { start: 20, end: 25, label: 'Speaker', annotator: 'ana' },
      ])
      corpus.insertRelation(1, { head: claim, child: speaker, label: 'attributed_to', annotator: 'ana' })
    })
    corpus.close()
    return { folder, path }
  }
  const labelsOf = async (path: string) => JSON.parse((await cli('labels', '--json', path)).stdout) as Record<string, unknown>[]

  it('adds new labels and changes those named, keeping what an entry leaves out and every label not listed', async () => {
    const { folder, path } = await sampleWithRelation()
    const before = await labelsOf(path)
    const file = writeFile(folder, 'l.json', JSON.stringify([
      { name: 'Claim', kind: 'span', attributes: [CHECKWORTHY] },
      { name: 'Quote', kind: 'span', hotkey: '5', description: 'Words quoted as spoken.' },
      { name: 'Politics', kind: 'document', hotkey: 'p' },
    ]))
    const result = await cli('labels', path, '--define', file)
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toBe('labels: 2 labels added: span:Quote, document:Politics; 1 label changed: span:Claim\n')
    const after = await labelsOf(path)
    expect(after.find((l) => l.name === 'Claim')).toEqual({ ...before.find((l) => l.name === 'Claim'), attributes: [CHECKWORTHY] })
    expect(after.filter((l) => l.name !== 'Claim').slice(0, before.length - 1)).toEqual(before.filter((l) => l.name !== 'Claim'))
    expect(after.find((l) => l.name === 'Quote')).toMatchObject({ kind: 'span', hotkey: '5', description: 'Words quoted as spoken.', color: expect.stringMatching(/^#[0-9a-f]{6}$/) })
    expect(await cli('labels', path, '--define', file)).toMatchObject({ code: 0, stderr: 'labels: 0 labels added; 0 labels changed\n' })
  })

  it('leaves a label an older version let in with an invisible character usable: other labels can still be defined', async () => {
    const { folder, path } = await corpusWithAttributes()
    const corpus = opened(Corpus.open(path))
    corpus.addLabel({ name: 'Per\u200bson', kind: 'span', color: '#123456', hotkey: null, description: '', head: null, child: null }) // as an older version let it in
    corpus.close()
    const result = await cli('labels', path, '--define', writeFile(folder, 'extra.json', JSON.stringify([{ name: 'Extra', kind: 'span' }])))
    expect(result.code, result.stderr).toBe(0)
    expect((await labelsOf(path)).map((l) => l.name)).toEqual(expect.arrayContaining(['Per\u200bson', 'Extra']))
  })

  it('lets two labels swap keys in one file, and refuses a clash, a broken relation rule or a bad entry in one line, changing nothing', async () => {
    const { folder, path } = await sampleWithRelation()
    const swap = writeFile(folder, 'swap.json', JSON.stringify([{ name: 'Speaker', kind: 'span', hotkey: '1' }, { name: 'Claim', kind: 'span', hotkey: '2' }]))
    expect((await cli('labels', path, '--define', swap)).code).toBe(0)
    const swapped = await labelsOf(path)
    expect(swapped.filter((l) => l.kind === 'span').map((l) => [l.name, l.hotkey])).toEqual([['Claim', '2'], ['Speaker', '1'], ['Source', '3'], ['Spam', '4']])
    for (const [file, reason] of [
      [[{ name: 'Source', kind: 'span', hotkey: '1' }], /l\.json:1: the span labels "Speaker" and "Source" share the hotkey "1"/],
      [[{ name: 'attributed_to', kind: 'relation', child: ['Source'] }], /l\.json:1: "attributed_to" needs a child labelled Source, but relations in the corpus join a Claim to a Speaker/],
      [[{ name: 'attributed_to', kind: 'relation', head: ['Nobody'] }], /names "Nobody", which is no span label/],
      [[{ name: 'Claim', kind: 'span', colour: '#ffffff' }], /l\.json:1: .*colour/],
      [[{ name: 'Claim', kind: 'span', attributes: [{ name: 'unsure', values: ['a'] }] }], /l\.json:1: .*must not be "note" or "unsure"/],
      [[{ name: 'Lone\ud800', kind: 'span' }], /l\.json:1: \[0\]\.name: contains a lone surrogate, which is not valid Unicode/],
      [[{ name: 'Line\nBreak', kind: 'span' }], /l\.json:1: the label name "Line\\nBreak" holds a control or invisible character/],
      [[{ name: 'Nul\u0000Y', kind: 'span' }], /l\.json:1: the label name "Nul\\u0000Y" holds a control or invisible character/],
      [[{ name: 'RTL\u202eevil', kind: 'span' }], /the label name "RTL\\u202eevil" holds a control or invisible character/], // escaped: it would turn the line round
      [[{ name: 'Claim', kind: 'span', color: '#000000' }, { name: 'Claim', kind: 'span' }], /l\.json:1: the span label "Claim" is listed twice/],
    ] as const) {
      const result = await cli('labels', path, '--define', writeFile(folder, 'l.json', JSON.stringify(file)))
      expect(result.code, result.stderr).toBe(1)
      expect(result.stderr.trim().split('\n')).toHaveLength(1)
      expect(result.stderr).toMatch(reason)
      expect(await labelsOf(path)).toEqual(swapped)
    }
    // The entry that takes a key another holds is the one pointed at, though the holder is in the file too, earlier.
    const ghost = JSON.stringify([{ name: 'Speaker', kind: 'span' }, { name: 'Ghost', kind: 'span', hotkey: '1' }], null, 2)
    expect((await cli('labels', path, '--define', writeFile(folder, 'g.json', ghost))).stderr).toMatch(/g\.json:6: the span labels "Speaker" and "Ghost" share the hotkey "1"/)
  })

  it('refuses to drop a declared value that spans hold, naming how many; an attribute no longer declared keeps its values', async () => {
    const { folder, path } = await sampleWithRelation()
    const define = (attributes: unknown) => cli('labels', path, '--define', writeFile(folder, 'l.json', JSON.stringify([{ name: 'Claim', kind: 'span', attributes }])))
    expect((await define([{ name: 'checkworthy', values: ['yes', 'no', 'maybe 🤔'] }])).code).toBe(0)
    const corpus = opened(Corpus.open(path))
    const handlers = createHandlers(corpus, 'ana')
    const spanId = unpackDocument(handlers.openDocument({ documentId: 1 })).spans.find((span) => span.label === 'Claim')!.id
    expect(dispatch(handlers, 'setSpanAttrs', { documentId: 1, spanId, attrs: { checkworthy: 'maybe 🤔' } })).toMatchObject({ ok: true })
    corpus.close()
    const narrowed = await define([{ name: 'checkworthy', values: ['yes', 'no'] }])
    expect(narrowed.code).toBe(1)
    expect(narrowed.stderr).toBe(`${path}: 1 Claim span has checkworthy "maybe 🤔", which the new values (yes, no) leave out; change those spans first, or keep the value\n`)
    expect((await define([{ name: 'checkworthy', values: ['maybe 🤔', 'yes'] }])).code).toBe(0)
    expect((await define([{ name: 'topic', values: ['war'] }])).code).toBe(0)
    const exported = parseJsonl((await cli('export', path)).stdout)
    expect((exported[0].spans as { label: string; attrs: unknown }[]).find((span) => span.label === 'Claim')!.attrs).toEqual({ checkworthy: 'maybe 🤔' })
  })
})
