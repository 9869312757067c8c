/**
 * JSONL from the tools analysts come from, read faithfully: Prodigy answers and classification, doccano 1.x
 * and its entity ids from 0, spaCy's entities and categories; keys not understood kept and, if they look
 * like annotations, reported; offsets in other units; duplicates merged; a folder's other files listed.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli, parseJsonl, scratch, writeJsonl } from '../helpers'

const TEXT = 'Mr Putin 😀 said talks went well.' // an astral character before and among what is tagged
const at = (needle: string) => {
  const start = [...TEXT.slice(0, TEXT.indexOf(needle))].length
  return { start, end: start + [...needle].length }
}
const utf16 = (needle: string) => ({ start: TEXT.indexOf(needle), end: TEXT.indexOf(needle) + needle.length })
const utf8 = (needle: string) => {
  const start = Buffer.byteLength(TEXT.slice(0, TEXT.indexOf(needle)))
  return { start, end: start + Buffer.byteLength(needle) }
}

async function imported(records: unknown[], ...options: string[]) {
  const folder = scratch()
  const corpus = join(folder, 'c.marginalia')
  const result = await cli('import', '--add-labels', ...options, corpus, writeJsonl(folder, 'in.jsonl', records))
  const documents = result.code === 0 ? (parseJsonl((await cli('export', corpus)).stdout) as any[]) : []
  return { result, documents, corpus }
}

describe('Prodigy', () => {
  const task = (answer: string, n: number) => ({
    text: TEXT,
    meta: { source: 'wire' },
    _input_hash: 100 + n,
    _task_hash: 200 + n,
    _view_id: 'ner',
    tokens: [{ text: 'Mr', start: 0, end: 2, id: 0, ws: true }],
    spans: [{ ...at('Putin'), label: 'Speaker', token_start: 1, token_end: 1 }],
    answer,
  })

  it('imports the spans of accepted records only, keeps every record as a document, and counts what it left out', async () => {
    const { result, documents } = await imported([task('accept', 1), task('reject', 2), task('ignore', 3)])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/imported 3 documents \(1 span,.*; 2 annotations of records answered reject or ignore left out as annotations \(at \S+:\d+, \S+:\d+; kept in the meta of each such record that made a document, not of one joined to another; --answers all/)
    expect(documents.map((d) => [d.meta.answer, d.spans.length])).toEqual([['accept', 1], ['reject', 0], ['ignore', 0]])
    // Prodigy's bookkeeping and meta come back in the export's meta; tokens are Prodigy's own tokenisation, not kept.
    // The spans rejected are kept there too, as the record gave them (not as annotations).
    expect(documents[1].meta).toEqual({ source: 'wire', answer: 'reject', _input_hash: 102, _task_hash: 202, _view_id: 'ner', spans: task('reject', 2).spans })
  })

  it("keeps a rejected textcat label and choice in the document's meta, and the spans too unless --answers all takes them", async () => {
    const records = [
      { text: 'Nice.', label: 'INSULT', answer: 'reject', _input_hash: 8 },
      { text: 'Go away.', accept: ['RUDE'], options: [{ id: 'RUDE', text: 'rude' }], answer: 'ignore', _input_hash: 9 },
    ]
    const { result, documents } = await imported(records)
    expect(result.code, result.stderr).toBe(0)
    expect(documents.map((d) => [d.labels, d.meta])).toEqual([
      [[], { label: 'INSULT', answer: 'reject', _input_hash: 8 }],
      [[], { accept: ['RUDE'], options: [{ id: 'RUDE', text: 'rude' }], answer: 'ignore', _input_hash: 9 }],
    ])
    const all = await imported([task('reject', 2)], '--answers', 'all')
    expect(all.documents[0].meta.spans).toBeUndefined() // imported as spans, marked
  })

  it('keeps the spans of every record with --answers all, marked with their answer', async () => {
    const { documents } = await imported([task('accept', 1), task('reject', 2)], '--answers', 'all')
    expect(documents.map((d) => d.spans.map((s: any) => s.attrs))).toEqual([[{}], [{ answer: 'reject' }]])
  })

  it("joins every answer on one input (one _input_hash) into one document: each analyst's spans, one analyst's tasks together", async () => {
    const answer = (annotator: string, needle: string, taskHash: number, extra: object = {}) => ({
      text: TEXT,
      _input_hash: 7,
      _task_hash: taskHash,
      _annotator_id: annotator,
      spans: [{ ...at(needle), label: 'Speaker' }],
      answer: 'accept',
      ...extra,
    })
    const { result, documents } = await imported([
      answer('news-alice', 'Putin', 1),
      answer('news-bob', 'Mr Putin', 1),
      answer('news-alice', 'talks', 2), // alice's second task on the same input (ner.teach asks one span at a time)
      answer('news-alice', 'Putin', 3), // the same span accepted again: taken once
      { ...answer('news-bob', 'went', 4), answer: 'reject' },
      { text: 'Another input.', _input_hash: 8, _task_hash: 9, spans: [], answer: 'accept' },
    ])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/imported 2 new documents and 3 spans,.* \(in the new documents and the 1 document joined\) from 1 file; 4 records joined 1 document of the same id and text \("in-1"\): their annotations were added, their title, meta and status not taken/)
    expect(result.stderr).toMatch(/1 span given twice \(same offsets, label and analyst\) merged/)
    expect(documents.map((d) => d.id)).toEqual(['in-1', 'in-6'])
    const spans = documents[0].spans.map((s: any) => [s.annotator, s.text]).sort()
    expect(spans).toEqual([['news-alice', 'Putin'], ['news-alice', 'talks'], ['news-bob', 'Mr Putin']])
    expect(documents[0].meta._annotator_id ?? documents[0].meta._task_hash).toBe(1) // the first record's meta
  })

  it('counts a rejected answer that joins an input as joined, so that its meta not taken is said', async () => {
    const answer = (annotator: string, taskHash: number, verdict: string) => ({ text: TEXT, meta: { source: `wire-${taskHash}` }, _input_hash: 5, _task_hash: taskHash, _annotator_id: annotator, spans: [{ ...at('Putin'), label: 'Speaker' }], answer: verdict })
    const { result } = await imported([answer('news-alice', 1, 'accept'), answer('news-bob', 2, 'reject'), answer('news-carol', 3, 'accept')])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/2 records joined 1 document of the same id and text \("in-1"\): their annotations were added, their title, meta and status not taken/)
  })

  it("joins answers on an input a corpus has from an earlier run (one analyst's file per run, --existing join)", async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    const answer = (annotator: string, needle: string) => ({ text: TEXT, _input_hash: 11, _task_hash: 21, _annotator_id: annotator, spans: [{ ...at(needle), label: 'Speaker' }], answer: 'accept' })
    expect((await cli('import', '--add-labels', corpus, writeJsonl(folder, 'ana.jsonl', [answer('ds-ana', 'Putin')]))).code).toBe(0)
    const skipped = await cli('import', corpus, writeJsonl(folder, 'bob.jsonl', [answer('ds-bob', 'Mr Putin')]))
    expect(skipped.stderr).toMatch(/1 document already in the corpus left as it was \("ana-1"; .*--existing join adds its annotations/)
    const joined = await cli('import', '--existing', 'join', corpus, join(folder, 'bob.jsonl'))
    expect(joined.code, joined.stderr).toBe(0)
    const documents = parseJsonl((await cli('export', corpus)).stdout) as any[]
    expect(documents.map((d) => [d.id, d.spans.map((s: any) => s.annotator).sort()])).toEqual([['ana-1', ['ds-ana', 'ds-bob']]])
  })

  it('refuses an answer on a known input with another text, naming both lines', async () => {
    const { result } = await imported([
      { text: TEXT, _input_hash: 7, spans: [], answer: 'accept' },
      { text: `${TEXT} More.`, _input_hash: 7, spans: [], answer: 'accept' },
    ])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(
      /in\.jsonl:2: id "in-1" repeats the id of \S*in\.jsonl:1 with another text \(both have _input_hash 7, which Prodigy gives one input text only: a text was changed after Prodigy hashed it\); import refused, nothing was written/,
    )
  })

  it('turns classification answers into document labels: one label, or the options chosen', async () => {
    const { documents } = await imported([
      { text: 'You idiot.', label: 'INSULT', answer: 'accept' },
      { text: 'Thanks!', label: 'INSULT', answer: 'reject' },
      { text: 'Great food, slow service.', options: [{ id: 'FOOD', text: 'food' }, { id: 'SERVICE', text: 'service' }, { id: 'PRICE', text: 'price' }], accept: ['FOOD', 'SERVICE'], answer: 'accept' },
    ])
    expect(documents.map((d) => d.labels.map((l: any) => l.label))).toEqual([['INSULT'], [], ['FOOD', 'SERVICE']])
    expect(documents[2].meta.options).toHaveLength(3) // what Prodigy offered is kept
  })
})

describe('doccano', () => {
  it('reads 1.x annotations with label_name (or label) and user_name as the annotator', async () => {
    const { result, documents } = await imported([
      {
        id: 7,
        text: TEXT,
        annotations: [
          { ...(({ start, end }) => ({ start_offset: start, end_offset: end }))(at('Putin')), label_name: 'Speaker', user_name: 'ana' },
          { ...(({ start, end }) => ({ start_offset: start, end_offset: end }))(at('talks went well')), label: 'Claim', user_name: 'bob' },
        ],
        meta: {},
        annotation_approver: null,
      },
    ])
    expect(result.code, result.stderr).toBe(0)
    expect(documents[0].spans.map((s: any) => [s.text, s.label, s.annotator])).toEqual([
      ['Putin', 'Speaker', 'ana'],
      ['talks went well', 'Claim', 'bob'],
    ])
    expect(documents[0].meta).toEqual({ annotation_approver: null })
  })

  it("keeps a 1.x annotation's other fields in the span's attrs, says so, and takes its times (refusing a bad one)", async () => {
    const record = (extra: object) => ({
      id: 's3',
      text: 'Mr Putin said.',
      annotations: [{ start_offset: 0, end_offset: 8, label: 'Speaker', prob: 0.7, user: 'ann', created_at: '2021-01-01T00:00:00Z', document: 4, id: 99, ...extra }],
    })
    const { result, documents } = await imported([record({}), { ...record({ label_name: 'Speaker', label: 3, user_name: 'ann', user: 5 }), id: 's4' }])
    expect(result.code, result.stderr).toBe(0)
    expect(documents[0].spans).toMatchObject([{ label: 'Speaker', annotator: 'ann', attrs: { prob: 0.7, document: 4, id: 99 }, created_at: '2021-01-01T00:00:00Z' }])
    // The label and user ids are kept when their names are what is read.
    expect(documents[0].spans[0].attrs).toEqual({ prob: 0.7, document: 4, id: 99 })
    expect(result.stderr).toMatch(/span keys Marginalia does not read kept in the span's attrs: prob, document, id \(at \S+in\.jsonl:1\)/)
    expect(documents[1].spans[0].attrs).toEqual({ prob: 0.7, document: 4, id: 99, label: 3, user: 5 })
    const bad = await imported([record({ created_at: 'yesterday' })])
    expect(bad.result.code).toBe(1)
    expect(bad.result.stderr).toMatch(/in\.jsonl:1: annotations\[0\]\.created_at: must be an ISO 8601 date and time with a time zone/)
  })

  it('links relations through entity ids that start at 0', async () => {
    const { result, documents } = await imported([
      {
        text: TEXT,
        entities: [
          { id: 0, ...(({ start, end }) => ({ start_offset: start, end_offset: end }))(at('Putin')), label: 'Speaker' },
          { id: 1, ...(({ start, end }) => ({ start_offset: start, end_offset: end }))(at('talks went well')), label: 'Claim' },
        ],
        relations: [{ id: 0, from_id: 1, to_id: 0, type: 'attributed_to' }],
      },
    ])
    expect(result.code, result.stderr).toBe(0)
    const [speaker, claim] = documents[0].spans
    expect(documents[0].relations).toMatchObject([{ head: claim.id, child: speaker.id, label: 'attributed_to' }])
  })

  it("imports each user's file of a project as that analyst's work on the same documents (--existing join), relations included", async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    const offsets = (needle: string) => (({ start, end }) => ({ start_offset: start, end_offset: end }))(at(needle))
    const user = (speaker: string) => [
      {
        id: 7,
        text: TEXT,
        entities: [{ id: 0, ...offsets(speaker), label: 'Speaker' }, { id: 1, ...offsets('talks went well'), label: 'Claim' }],
        relations: [{ id: 0, from_id: 1, to_id: 0, type: 'attributed_to' }],
      },
    ]
    const alice = writeJsonl(folder, 'alice.jsonl', user('Putin'))
    const bob = writeJsonl(folder, 'bob.jsonl', user('Mr Putin'))
    // One run with both files cannot tell their analysts apart: refused, saying how.
    const together = await cli('import', corpus, alice, bob)
    expect(together.code).toBe(1)
    expect(together.stderr).toMatch(/bob\.jsonl:1: id "7" repeats the id of \S*alice\.jsonl:1, with work by "\S+" in both; import each analyst's file with its own --annotator \(one run each, the later ones with --existing join\)/)
    expect((await cli('import', corpus, alice, '--annotator', 'alice')).code).toBe(0)
    const skipped = await cli('import', corpus, bob, '--annotator', 'bob')
    expect(skipped.stderr).toMatch(/1 document already in the corpus left as it was \("7"; --existing replace takes the new one, --existing join adds its annotations to the stored one of the same text\)/)
    const joined = await cli('import', corpus, bob, '--annotator', 'bob', '--existing', 'join')
    expect(joined.code, joined.stderr).toBe(0)
    expect(joined.stderr).toMatch(/imported 0 new documents and 2 spans, 1 relation, 0 document labels \(in the 1 document joined\) from 1 file; 1 record joined 1 document of the same id and text \("7"\)/)
    const [document] = parseJsonl((await cli('export', corpus)).stdout) as any[]
    const byId = new Map(document.spans.map((s: any) => [s.id, s]))
    const linked = document.relations.map((r: any) => [r.annotator, (byId.get(r.head) as any).text, (byId.get(r.child) as any).text, (byId.get(r.child) as any).annotator])
    expect(linked.sort()).toEqual([
      ['alice', 'talks went well', 'Putin', 'alice'],
      ['bob', 'talks went well', 'Mr Putin', 'bob'],
    ])
    expect((await cli('agreement', corpus)).stdout).toMatch(/2 analysts: alice, bob/)
    // Joining again changes nothing and says so (the work is there); other work by bob, or a text that differs, is refused.
    const again = await cli('import', corpus, bob, '--annotator', 'bob', '--existing', 'join')
    expect(again.code, again.stderr).toBe(0)
    expect(again.stderr).toMatch(/1 document already holds the input's annotations, left as it was \("7"\)/)
    expect(again.stderr).not.toMatch(/--existing/)
    const moved = writeJsonl(folder, 'bob-moved.jsonl', [{ ...user('Mr Putin')[0], entities: [{ id: 0, ...offsets('Putin'), label: 'Speaker' }], relations: [] }])
    const refused = await cli('import', corpus, moved, '--annotator', 'bob', '--existing', 'join')
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/bob-moved\.jsonl:1: id "7": "bob" already has work in the corpus's document; --existing join adds other analysts' work/)
    const other = writeJsonl(folder, 'carol.jsonl', [{ ...user('Putin')[0], text: `${TEXT} Updated.` }])
    const differs = await cli('import', corpus, other, '--annotator', 'carol', '--existing', 'join')
    expect(differs.stderr).toMatch(/carol\.jsonl:1: id "7" is in the corpus with another text: --existing join adds work to the same text only/)
    expect((parseJsonl((await cli('export', corpus)).stdout) as any[])[0].spans).toHaveLength(4)
  })

  it('says, when an offset is past the end in code points but not in UTF-16 code units, to import with --offsets utf16', async () => {
    const { result } = await imported([{ text: TEXT, label: [[utf16('well.').start, utf16('well.').end, 'Claim']] }])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/in\.jsonl:1: label\[0\]\.end: 33 is past the end of the text \(32 code points\) \(it is within the text's 33 UTF-16 code units: if the input comes from a JavaScript tool, import with --offsets utf16\)/)
  })

  it('does not say to import with --offsets utf16 when the span\'s own text is not there as UTF-16 code units either', async () => {
    // 33 is within the UTF-16 length, but "well!" is at no offsets of the text: the offset is wrong, not JavaScript's.
    const { result } = await imported([{ text: TEXT, spans: [{ start: 28, end: 33, label: 'Claim', text: 'well!' }] }])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/in\.jsonl:1: spans\[0\]\.end: 33 is past the end of the text \(32 code points\); import refused/)
    expect(result.stderr).not.toMatch(/--offsets utf16/)
    // With its text there as UTF-16 code units, the hint is given.
    const { result: javascript } = await imported([{ text: TEXT, spans: [{ ...utf16('well.'), label: 'Claim', text: 'well.' }] }])
    expect(javascript.stderr).toMatch(/spans\[0\]\.end: 33 is past the end of the text \(32 code points\) \(it is within the text's 33 UTF-16 code units: if the input comes from a JavaScript tool, import with --offsets utf16\)/)
  })

  it('reads labels written as [start, end, label]', async () => {
    const { documents } = await imported([{ text: TEXT, labels: [[at('Putin').start, at('Putin').end, 'Speaker']] }])
    expect(documents[0].spans.map((s: any) => s.text)).toEqual(['Putin'])
  })
})

describe('spaCy', () => {
  it('reads ents as spans and cats scoring 0.5 or more as document labels, keeping the scores', async () => {
    const { documents } = await imported([{ text: TEXT, ents: [{ ...at('Putin'), label: 'Speaker' }], cats: { POLITICS: 0.92, SPORT: 0.03, BREAKING: true } }])
    expect(documents[0].spans.map((s: any) => s.text)).toEqual(['Putin'])
    expect(documents[0].labels.map((l: any) => l.label).sort()).toEqual(['BREAKING', 'POLITICS'])
    expect(documents[0].meta.cats).toEqual({ POLITICS: 0.92, SPORT: 0.03, BREAKING: true })
  })
})

describe('what the import does not understand', () => {
  it("keeps both values of a key given at the top level and in the record's meta (Prodigy, spaCy), says so, and the export reads back the same", async () => {
    const { result, documents, corpus } = await imported([
      { text: 'Collide here.', meta: { source: 'wire', answer: 'from-meta', _input_hash: 'm', 'meta.answer': 'taken' }, answer: 'accept', _input_hash: 77, _task_hash: 78 },
      { text: TEXT, ents: [{ ...at('Putin'), label: 'Speaker' }], cats: { POLITICS: 0.9 }, meta: { cats: 'orig' } },
    ])
    expect(result.code, result.stderr).toBe(0)
    expect(documents[0].meta).toEqual({ source: 'wire', answer: 'accept', 'meta.answer': 'taken', 'meta.answer~2': 'from-meta', _input_hash: 77, 'meta._input_hash': 'm', _task_hash: 78 })
    expect(documents[1].meta).toEqual({ cats: { POLITICS: 0.9 }, 'meta.cats': 'orig' })
    expect(result.stderr).toMatch(/warning: "answer" given both at the top level and in meta: the top-level value kept as meta\["answer"\], the meta value as meta\["meta\.answer~2"\] \(at \S+in\.jsonl:1\)/)
    expect(result.stderr).toMatch(/"_input_hash" given both .* meta\["meta\._input_hash"\] \(at \S+in\.jsonl:1\)/)
    expect(result.stderr).toMatch(/"cats" given both .* meta\["meta\.cats"\] \(at \S+in\.jsonl:2\)/)
    // Marginalia's export read back gives the same meta, without a word.
    const exported = (await cli('export', corpus)).stdout
    const again = await imported(parseJsonl(exported))
    expect(again.result.stderr).not.toMatch(/given both/)
    expect(again.documents.map((d) => d.meta)).toEqual(documents.map((d) => d.meta))
  })

  it('is kept in meta, and reported when it looks like annotations', async () => {
    const { result, documents } = await imported([
      { text: TEXT, source_url: 'https://example.org/a', highlights: [{ begin: 0, end: 2, kind: 'x' }] },
      { text: 'Another.', highlights: [{ begin: 0, end: 7 }] },
    ])
    expect(result.code, result.stderr).toBe(0)
    expect(documents[0].meta).toEqual({ source_url: 'https://example.org/a', highlights: [{ begin: 0, end: 2, kind: 'x' }] })
    expect(result.stderr).toMatch(/warning: .*in\.jsonl: "highlights" in 2 records looks like annotations Marginalia does not read; kept in the document's meta/)
    expect(result.stderr).not.toMatch(/source_url.*looks like/)
  })

  it('in a folder, is listed by kind with the files skipped', async () => {
    const folder = scratch()
    const input = join(folder, 'articles')
    mkdirSync(join(input, 'more'), { recursive: true })
    writeFileSync(join(input, 'a.txt'), 'Kim met Putin.')
    writeFileSync(join(input, 'more', 'b.jsonl'), `${JSON.stringify({ text: 'Hello.' })}\n`)
    writeFileSync(join(input, 'notes.csv'), 'a,b\n')
    writeFileSync(join(input, 'more', 'c.csv'), 'a,b\n')
    writeFileSync(join(input, 'scan.pdf'), '%PDF')
    writeFileSync(join(input, '.DS_Store'), '')
    mkdirSync(join(input, '.git'))
    writeFileSync(join(input, '.git', 'x.jsonl'), `${JSON.stringify({ text: 'Not read.' })}\n`)
    const result = await cli('import', join(folder, 'c.marginalia'), input)
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/warning: skipped 2 files \(\.csv\), not imported: .*notes\.csv/)
    expect(result.stderr).toMatch(/warning: skipped 1 file \(\.pdf\), not imported: .*scan\.pdf/)
    expect(result.stderr).toMatch(/warning: skipped 1 file \(hidden\), not imported: \S*\.DS_Store\n/)
    expect(result.stderr).toMatch(/warning: skipped 1 folder \(hidden\), not imported: \S*\.git\/\n/)
    expect(result.stderr).toMatch(/imported 2 documents/)
  })

  it('in a folder, a .json that is JSON of another kind is listed, but one cut short or of JSON Lines refuses the run as when named', async () => {
    const folder = scratch()
    const input = join(folder, 'exports')
    mkdirSync(input)
    writeFileSync(join(input, 'a.txt'), 'Kim met Putin.')
    writeFileSync(join(input, 'package.json'), JSON.stringify({ name: 'x', version: '1.0.0' }))
    writeFileSync(join(input, 'tsconfig.json'), '{\n  // settings, with a comment: no JSON, but no export either\n  "compilerOptions": {}\n}\n')
    const listed = await cli('import', join(folder, 'c.marginalia'), input)
    expect(listed.code, listed.stderr).toBe(0)
    expect(listed.stderr).toMatch(/warning: skipped 2 files \(\.json\), not imported: \S*package\.json, \S*tsconfig\.json\n/)
    const studio = JSON.stringify([{ data: { text: 'Kim met Putin in Vladivostok.' }, annotations: [] }, { data: { text: 'Mr Putin said.' }, annotations: [] }], null, 2)
    writeFileSync(join(input, 'project-3-export.json'), studio.slice(0, studio.length - 40)) // cut short, as a download that stopped
    const cut = await cli('import', join(folder, 'd.marginalia'), input)
    expect(cut.code).toBe(1)
    expect(cut.stderr).toMatch(/project-3-export\.json:\d+: .*JSON/)
    expect(existsSync(join(folder, 'd.marginalia'))).toBe(false)
    writeFileSync(join(input, 'project-3-export.json'), '{"text": "a"}\n{"text": "b"}\n')
    const lines = await cli('import', join(folder, 'd.marginalia'), input)
    expect(lines.code).toBe(1)
    expect(lines.stderr).toMatch(/project-3-export\.json: holds JSON Lines .*rename it to \.jsonl/)
  })

  it('named, a .json of no format Marginalia reads is refused with what it is not and where such records go', async () => {
    const folder = scratch()
    const input = join(folder, 'doccano.json')
    writeFileSync(input, JSON.stringify([{ text: 'Kim met Putin.', label: [[0, 3, 'Speaker']] }]))
    const result = await cli('import', join(folder, 'c.marginalia'), input)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/doccano\.json: is JSON, but neither a Label Studio export .* nor a W3C Web Annotation collection; records of doccano, Prodigy or spaCy go one per line in a \.jsonl file/)
  })

  it('named, a .json cut short is refused as invalid JSON where it ends, and an empty one holds no records, as in any format', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    const cut = join(folder, 'cut.json')
    writeFileSync(cut, '[\n  {\n    "id": 1,\n    "annotations": [{"result": [{"value": {"start": 0, "end')
    const refused = await cli('import', corpus, cut)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/cut\.json:4: invalid JSON: the file ends too soon \(cut short\?\), inside a string/)
    const empty = join(folder, 'empty.json')
    writeFileSync(empty, '\ufeff\n')
    const taken = await cli('import', corpus, empty)
    expect(taken.code, taken.stderr).toBe(0)
    expect(taken.stderr).toMatch(/warning: \S*empty\.json: no records in it; nothing imported from it/)
  })

  it('named, a .json holding JSON Lines is refused as such, saying to rename it or give --format jsonl', async () => {
    const folder = scratch()
    const input = writeJsonl(folder, 'records.json', [{ text: 'Kim met Putin.' }, { text: 'Putin met Kim.' }])
    const corpus = join(folder, 'c.marginalia')
    const result = await cli('import', corpus, input)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/records\.json: holds JSON Lines \(one JSON object per line\), not one JSON value: rename it to \.jsonl, or give --format jsonl/)
    expect(existsSync(corpus)).toBe(false)
    const read = await cli('import', '--format', 'jsonl', corpus, input)
    expect(read.code, read.stderr).toBe(0)
    expect(read.stderr).toMatch(/imported 2 documents/)
  })
})

describe('offsets in other units', () => {
  it('reads UTF-16 and UTF-8 offsets with --offsets, converting them to code points', async () => {
    for (const [unit, offsets] of [['utf16', utf16], ['utf8', utf8]] as const) {
      const { result, documents } = await imported([{ text: TEXT, spans: [{ ...offsets('talks went well'), label: 'Claim' }] }], '--offsets', unit)
      expect(result.code, result.stderr).toBe(0)
      expect(documents[0].spans[0]).toMatchObject({ ...at('talks went well'), text: 'talks went well' })
    }
  })

  it('refuses offsets whose text does not match, and says which unit they fit', async () => {
    const { result } = await imported([{ text: TEXT, spans: [{ ...utf16('talks went well'), label: 'Claim', text: 'talks went well' }] }])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/spans\[0\]\.text: "talks went well" differs .*they fit as UTF-16 code units: import with --offsets utf16/)
  })

  it('refuses an offset that falls inside a character', async () => {
    const { result } = await imported([{ text: TEXT, spans: [{ start: 10, end: 12, label: 'Claim' }] }], '--offsets', 'utf16')
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/spans\[0\]\.start: 10 falls inside a character \(offsets count UTF-16 code units\)/)
  })

  it('writes UTF-16 or UTF-8 offsets with export --offsets, for tools that want them', async () => {
    const { corpus } = await imported([{ text: TEXT, spans: [{ ...at('talks went well'), label: 'Claim' }] }])
    for (const [unit, offsets] of [['utf16', utf16], ['utf8', utf8], ['codepoints', at]] as const) {
      const [document] = parseJsonl((await cli('export', '--offsets', unit, corpus)).stdout) as any[]
      expect(document.spans[0]).toMatchObject(offsets('talks went well'))
    }
  })
})

describe('exact duplicates', () => {
  it('are merged into one span, with a count', async () => {
    const span = { ...at('Putin'), label: 'Speaker' }
    const { result, documents } = await imported([{ text: TEXT, spans: [span, span, { ...span, annotator: 'other' }] }])
    expect(documents[0].spans.map((s: any) => s.annotator).sort()).toEqual(['other', expect.any(String)])
    expect(result.stderr).toMatch(/1 span given twice \(same offsets, label and analyst\) merged into the first, attributes combined/)
  })

  it("combine their attributes, or are refused, naming both, when those disagree; a relation between them is left out, and said", async () => {
    const span = { ...at('Putin'), label: 'Speaker' }
    const claim = { ...at('talks went well'), label: 'Claim' }
    const { result, documents } = await imported([
      {
        text: TEXT,
        spans: [{ ...span, id: 1, attrs: { unsure: true } }, { ...span, id: 2, attrs: { note: 'verified by phone' } }, { ...claim, id: 3 }],
        relations: [{ head: 3, child: 2, label: 'attributed_to' }, { head: 1, child: 2, label: 'attributed_to' }],
      },
    ])
    expect(result.code, result.stderr).toBe(0)
    expect(documents[0].spans.map((s: any) => [s.text, s.attrs])).toEqual([['Putin', { unsure: true, note: 'verified by phone' }], ['talks went well', {}]])
    expect(documents[0].relations).toMatchObject([{ head: 3, child: 1 }])
    expect(result.stderr).toMatch(/relation between two copies of one span left out \(the copies were merged into one span\) \(at \S+in\.jsonl:1\)/)
    // The same nested value with its keys in another order is the same value.
    const nested = await imported([{ text: TEXT, spans: [{ ...span, attrs: { k: { x: 1, y: 2 } } }, { ...span, attrs: { k: { y: 2, x: 1 } } }] }])
    expect(nested.result.code, nested.result.stderr).toBe(0)
    expect(nested.documents[0].spans).toHaveLength(1)
    const clash = await imported([{ text: TEXT, spans: [{ ...span, attrs: { note: 'a' } }, { ...span, attrs: { note: 'b' } }] }])
    expect(clash.result.code).toBe(1)
    expect(clash.result.stderr).toMatch(/in\.jsonl:1: spans\[1\]: the same Speaker \[3, 8\) as spans\[0\], with another "note": a span is not made twice, and merging them would lose one; keep one/)
    // Other attributes that differ (a tool's ids and scores for each copy) keep the first copy's, and are named.
    const scored = await imported([{ text: TEXT, spans: [{ ...span, attrs: { prob: 0.9, source: 'a' } }, { ...span, attrs: { prob: 0.7, kb: 'Q1' } }] }])
    expect(scored.result.code, scored.result.stderr).toBe(0)
    expect(scored.documents[0].spans.map((s: any) => s.attrs)).toEqual([{ prob: 0.9, source: 'a', kb: 'Q1' }])
    expect(scored.result.stderr).toMatch(/copies of one span merged with different "prob" attributes: the first copy's kept \(at \S+in\.jsonl:1\)/)
  })

  it('merges doccano 1.x copies of one annotation that differ only in their ids and times', async () => {
    const copy = (id: number) => ({ id, prob: 0, label_name: 'Speaker', start_offset: 3, end_offset: 8, user_name: 'admin', document: 10, created_at: `2021-01-0${id}T00:00:00Z` })
    const { result, documents } = await imported([{ text: TEXT, annotations: [copy(1), copy(2)] }])
    expect(result.code, result.stderr).toBe(0)
    expect(documents[0].spans).toHaveLength(1)
    expect(documents[0].spans[0].attrs).toMatchObject({ id: 1, document: 10 })
  })
})

describe('keys Marginalia does not read', () => {
  it("are kept in a span's attrs (a model's score, spaCy's kb_id), and named for relations, which have no attributes", async () => {
    const { result, documents } = await imported([
      {
        text: TEXT,
        spans: [{ ...at('Putin'), label: 'Speaker', id: 1, score: 0.42, source: 'en_core_web_sm', token_start: 1, token_end: 1, attrs: { score: 1 } }, { ...at('talks went well'), label: 'Claim', id: 2 }],
        relations: [{ head: 2, child: 1, label: 'attributed_to', attrs: { note: 'from the transcript' }, confidence: 0.9 }],
      },
      { text: TEXT, ents: [{ ...at('Putin'), label: 'Speaker', kb_id: 'Q7747' }] },
    ])
    expect(result.code, result.stderr).toBe(0)
    expect(documents.map((d) => d.spans[0].attrs)).toEqual([{ score: 1, source: 'en_core_web_sm' }, { kb_id: 'Q7747' }])
    expect(result.stderr).toMatch(/span keys Marginalia does not read kept in the span's attrs: source \(at \S+in\.jsonl:1\)/)
    expect(result.stderr).toMatch(/span keys left out, as the span's attrs has them too: score \(at \S+in\.jsonl:1\)/)
    expect(result.stderr).toMatch(/span keys Marginalia does not read kept in the span's attrs: kb_id \(at \S+in\.jsonl:2\)/)
    expect(result.stderr).toMatch(/relation keys left out \(a relation has no attributes in Marginalia\): attrs, confidence \(at \S+in\.jsonl:1\)/)
  })
})
