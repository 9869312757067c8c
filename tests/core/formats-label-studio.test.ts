/**
 * The Label Studio format: a JSON export as Label Studio's documentation shows it read into documents (labels,
 * relation and choices results, UTF-16 offsets, annotators, predictions, other result types), what it refuses,
 * what the export writes, and round trips JSONL → Label Studio → JSONL.
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli, parseJsonl, scratch, writeFile, writeJsonl } from '../helpers'

const digest = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex')

/** UTF-16 offsets of `part` in `text` (JavaScript string indices, as Label Studio counts). */
function utf16(text: string, part: string, from = 0): { start: number; end: number } {
  const start = text.indexOf(part, from)
  return { start, end: start + part.length }
}

const TEXT = 'Kim 😀 met Putin in 北京. «שלום» said 👩‍👩‍👧 Putin.'

/** A task shaped as in Label Studio's export documentation, for a NER project with relations and a sentiment choice. */
function task(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 17,
    data: { text: TEXT, source: 'wire' },
    meta: { batch: 3 },
    created_at: '2021-03-09T21:52:49.513742Z',
    updated_at: '2021-03-09T22:16:08.746926Z',
    project: 83,
    annotations: [
      {
        id: 1001,
        completed_by: 10,
        result: [
          { value: { ...utf16(TEXT, 'Putin'), text: 'Putin', labels: ['Speaker'] }, id: 'Dx_aB91ISN', from_name: 'label', to_name: 'text', type: 'labels', origin: 'manual' },
          { value: { ...utf16(TEXT, '北京'), text: '北京', labels: ['Source'] }, id: 'b2', from_name: 'label', to_name: 'text', type: 'labels', origin: 'manual' },
          { value: { ...utf16(TEXT, 'Putin', 30), text: 'Putin', labels: ['Claim', 'Spam'] }, id: 'c3', from_name: 'label', to_name: 'text', type: 'labels', origin: 'manual' },
          { from_id: 'b2', to_id: 'Dx_aB91ISN', type: 'relation', direction: 'left', labels: ['cites'] },
          { value: { choices: ['Politics'] }, id: 'ch', from_name: 'sentiment', to_name: 'text', type: 'choices', origin: 'manual' },
          { value: { text: ['a free-text comment'] }, id: 'ta', from_name: 'comment', to_name: 'text', type: 'textarea', origin: 'manual' },
        ],
        was_cancelled: false,
        ground_truth: false,
        created_at: '2021-03-09T22:16:08.728353Z',
        updated_at: '2021-03-09T22:16:08.728378Z',
        lead_time: 4.288,
        task: 17,
      },
      {
        id: 1002,
        completed_by: { id: 11, email: 'ben@example.org', first_name: 'Ben', last_name: '' },
        result: [{ value: { ...utf16(TEXT, '👩‍👩‍👧'), text: '👩‍👩‍👧', labels: ['Spam'] }, id: 'e1', from_name: 'label', to_name: 'text', type: 'labels' }],
        was_cancelled: false,
        created_at: '2021-03-10T08:00:00.000000Z',
        updated_at: '2021-03-10T08:00:00.000000Z',
      },
      { id: 1003, completed_by: 12, result: [{ value: { start: 0, end: 3, text: 'Kim', labels: ['Speaker'] }, id: 'x', from_name: 'label', to_name: 'text', type: 'labels' }], was_cancelled: true },
    ],
    predictions: [{ model_version: 'ner-v1', score: 0.5, result: [{ value: { start: 0, end: 3, text: 'Kim', labels: ['Speaker'] }, id: 'p1', from_name: 'label', to_name: 'text', type: 'labels' }] }],
    ...overrides,
  }
}

/** Imports `path` into a new corpus (labels added), returning the CLI's result and the corpus's JSONL export. */
async function importInto(folder: string, path: string, ...args: string[]): Promise<{ code: number; stderr: string; jsonl: string; corpus: string }> {
  const corpus = join(folder, `c-${Math.random().toString(36).slice(2)}.marginalia`)
  const result = await cli('import', '--add-labels', ...args, corpus, path)
  return { ...result, corpus, jsonl: result.code === 0 ? (await cli('export', corpus)).stdout : '' }
}

/** The export file as Label Studio's export writes it: a pretty-printed JSON array. */
function exportFile(folder: string, tasks: unknown[], name = 'project-1-at-2024.json'): string {
  return writeFile(folder, name, JSON.stringify(tasks, null, 2))
}

describe('Label Studio import: what maps to what', () => {
  it('reads labels results as spans in UTF-16 offsets, one per label, with their annotators', async () => {
    const folder = scratch()
    const back = await importInto(folder, exportFile(folder, [task()]))
    expect(back.code, back.stderr).toBe(0)
    const [document] = parseJsonl(back.jsonl) as any[]
    expect(document).toMatchObject({ id: '17', title: '17', text: TEXT, created_at: '2021-03-09T21:52:49.513742Z', updated_at: '2021-03-09T22:16:08.746926Z' })
    const points = [...TEXT]
    expect(document.spans.map((s: any) => [s.label, s.text, s.annotator])).toEqual([
      ['Speaker', 'Putin', 'label-studio-user-10'],
      ['Source', '北京', 'label-studio-user-10'],
      ['Spam', '👩‍👩‍👧', 'ben@example.org'],
      ['Claim', 'Putin', 'label-studio-user-10'],
      ['Spam', 'Putin', 'label-studio-user-10'],
    ])
    for (const span of document.spans) expect(points.slice(span.start, span.end).join('')).toBe(span.text) // code points inside
    expect(document.spans[0].created_at).toBe('2021-03-09T22:16:08.728353Z')
  })

  it('counts UTF-16 code units on astral characters: an emoji before a span moves it by two', async () => {
    const folder = scratch()
    const text = '😀😀 Putin'
    const back = await importInto(folder, exportFile(folder, [{ data: { text }, annotations: [{ result: [{ value: { start: 5, end: 10, text: 'Putin', labels: ['Speaker'] }, id: 'a', from_name: 'label', to_name: 'text', type: 'labels' }] }] }]))
    expect(back.code, back.stderr).toBe(0)
    const [document] = parseJsonl(back.jsonl) as any[]
    expect(document.spans[0]).toMatchObject({ start: 3, end: 8, text: 'Putin' })
    const inside = await importInto(folder, exportFile(folder, [{ data: { text }, annotations: [{ result: [{ value: { start: 1, end: 10, labels: ['Speaker'] }, id: 'a', type: 'labels' }] }] }], 'inside.json'))
    expect(inside.code).toBe(1)
    expect(inside.stderr).toMatch(/inside\.json:2: annotations\[0\]\.result\[0\]\.value\.start: 1 falls inside a character \(offsets count UTF-16 code units\)/)
  })

  it('reads relation results by region id (direction left reversed), choices as document labels', async () => {
    const folder = scratch()
    const back = await importInto(folder, exportFile(folder, [task()]))
    const [document] = parseJsonl(back.jsonl) as any[]
    const byId = new Map(document.spans.map((s: any) => [s.id, s]))
    expect(document.relations).toHaveLength(1)
    const [relation] = document.relations
    expect([(byId.get(relation.head) as any).text, (byId.get(relation.child) as any).text, relation.label, relation.annotator]).toEqual(['Putin', '北京', 'cites', 'label-studio-user-10'])
    expect(document.labels).toMatchObject([{ label: 'Politics', annotator: 'label-studio-user-10', created_at: '2021-03-09T22:16:08.728353Z' }])
  })

  it('takes a relation given both ways round (right, then left from the other end) once, and says so', async () => {
    const folder = scratch()
    const twice = task() as { annotations: { result: unknown[] }[] }
    twice.annotations[0].result.push({ from_id: 'Dx_aB91ISN', to_id: 'b2', type: 'relation', direction: 'right', labels: ['cites'] })
    const back = await importInto(folder, exportFile(folder, [twice]))
    const [document] = parseJsonl(back.jsonl) as any[]
    expect(document.relations).toHaveLength(1)
    expect(back.stderr).toMatch(/1 relation given twice taken once/)
  })

  it('keeps predictions, other result types, cancelled annotations and other data in meta, and says so', async () => {
    const folder = scratch()
    const back = await importInto(folder, exportFile(folder, [task()]))
    const [document] = parseJsonl(back.jsonl) as any[]
    expect(document.meta.batch).toBe(3)
    expect(document.meta.label_studio.data).toEqual({ source: 'wire' })
    expect(document.meta.label_studio.predictions[0].model_version).toBe('ner-v1')
    expect(document.meta.label_studio.results).toMatchObject([{ type: 'textarea', value: { text: ['a free-text comment'] } }])
    expect(document.meta.label_studio.cancelled).toMatchObject([{ id: 1003 }])
    expect(document.spans.some((s: any) => s.text === 'Kim')).toBe(false) // neither the prediction nor the cancelled annotation
    for (const warning of [
      /warning: Label Studio predictions \(model output\) kept in the document's meta \(label_studio\.predictions\), not imported as annotations/,
      /warning: Label Studio textarea result kept in the document's meta \(label_studio\.results\), not imported as an annotation/,
      /warning: annotation cancelled \(skipped\) in Label Studio left out \(kept in the document's meta\)/,
      /warning: annotator named label-studio-user-<id> after a numeric Label Studio user id/,
      /warning: Label Studio region with several labels read as one span per label/,
    ]) {
      expect(back.stderr).toMatch(warning)
    }
  })

  it("keeps an annotation's ground truth and lead time, and writes them back; keeps and names the task's and annotation's other keys; says nothing of region ids", async () => {
    const folder = scratch()
    const gold = task({ inner_id: 4, total_annotations: 2 }) as { annotations: Record<string, unknown>[] }
    Object.assign(gold.annotations[0], { ground_truth: true, project: 83 })
    ;(gold.annotations[0].result as Record<string, unknown>[])[0].score = 0.9
    const back = await importInto(folder, exportFile(folder, [gold], 'gold.json'))
    expect(back.code, back.stderr).toBe(0)
    const [document] = parseJsonl(back.jsonl) as any[]
    expect(document.meta.label_studio.task).toEqual({ project: 83, inner_id: 4, total_annotations: 2 })
    expect(document.meta.label_studio.annotations).toEqual([
      { annotator: 'label-studio-user-10', id: 1001, ground_truth: true, lead_time: 4.288, task: 17, project: 83 },
      { annotator: 'ben@example.org', id: 1002 },
    ])
    expect(document.spans.find((s: any) => s.label === 'Speaker').attrs).toEqual({ label_studio_region: { score: 0.9 } })
    expect(back.stderr).toMatch(/warning: Label Studio task keys kept in the document's meta \(label_studio\.task\), not written back \(Label Studio sets them\): project, inner_id, total_annotations/)
    expect(back.stderr).toMatch(/warning: Label Studio annotation keys kept in the document's meta \(label_studio\.annotations\): id, ground_truth, lead_time, task, project/)
    expect(back.stderr).toMatch(/warning: Label Studio region keys kept in the span's attrs \(label_studio_region\), which export writes back: score/)
    expect(back.stderr).not.toMatch(/region ids/) // they only link relations, which are read: nothing to say
    const [written] = JSON.parse((await cli('export', back.corpus, '--format', 'label-studio')).stdout)
    const analysts = written.annotations.filter((a: any) => !a.was_cancelled)
    expect(analysts.map((a: any) => [a.created_username, a.ground_truth, a.lead_time])).toEqual([
      ['label-studio-user-10', true, 4.288],
      ['ben@example.org', false, undefined],
    ])
    expect(analysts[0].result.find((r: any) => r.value.text === 'Putin' && r.value.labels[0] === 'Speaker').score).toBe(0.9)
    const again = await importInto(folder, exportFile(folder, [written], 'again.json'))
    expect(again.code, again.stderr).toBe(0)
    expect(again.jsonl).toBe(back.jsonl)
  })

  it("keeps the other keys of relation and choices results (a relation's notes and meta, bi direction; a choice's origin and score), names them, and writes them back", async () => {
    const folder = scratch()
    const given = task() as { annotations: { result: Record<string, unknown>[] }[] }
    const results = given.annotations[0].result
    results[3] = { ...results[3], id: 'rel1', direction: 'bi', notes: 'she cites it', meta: { text: ['a relation note'] }, readonly: true }
    results[4] = { ...results[4], origin: 'prediction-changed', score: 0.7, value: { choices: ['Politics'], start: 0 } }
    const back = await importInto(folder, exportFile(folder, [given]))
    expect(back.code, back.stderr).toBe(0)
    expect(back.stderr).toMatch(/warning: Label Studio relation keys kept in the document's meta \(label_studio\.relations\), which export writes back: direction, id, notes, meta, readonly/)
    expect(back.stderr).toMatch(/warning: Label Studio choices keys kept in the document's meta \(label_studio\.choices\), which export writes back: origin, score, value\.start/)
    expect(back.stderr).not.toMatch(/relation notes not kept/)
    const [written] = JSON.parse((await cli('export', back.corpus, '--format', 'label-studio')).stdout)
    const mine = written.annotations.find((a: any) => a.created_username === 'label-studio-user-10')
    const relation = mine.result.find((r: any) => r.type === 'relation')
    expect(relation).toMatchObject({ id: 'rel1', direction: 'bi', notes: 'she cites it', meta: { text: ['a relation note'] }, readonly: true, labels: ['cites'] })
    const regions = new Map(mine.result.filter((r: any) => r.type === 'labels').map((r: any) => [r.id, r.value.text]))
    expect([regions.get(relation.from_id), regions.get(relation.to_id)]).toEqual(['北京', 'Putin']) // as given: from b2 to Putin, both ways
    expect(mine.result.find((r: any) => r.type === 'choices')).toMatchObject({ origin: 'prediction-changed', score: 0.7, value: { choices: ['Politics'], start: 0 } })
    // Through Marginalia's own export and back: the same corpus.
    const again = await importInto(folder, exportFile(folder, [written], 'again.json'))
    expect(again.code, again.stderr).toBe(0)
    expect(again.jsonl).toBe(back.jsonl)
    // And as Label Studio gives it back after an edit, without Marginalia's keys: the kept keys still return.
    const stripped = JSON.parse(JSON.stringify(written))
    for (const annotation of stripped.annotations) for (const result of annotation.result) delete result.marginalia
    const edited = await importInto(folder, exportFile(folder, [stripped], 'edited.json'))
    expect(edited.code, edited.stderr).toBe(0)
    const [relationBack] = JSON.parse((await cli('export', edited.corpus, '--format', 'label-studio')).stdout)[0].annotations[0].result.filter((r: any) => r.type === 'relation')
    expect(relationBack).toMatchObject({ id: 'rel1', direction: 'bi', notes: 'she cites it', readonly: true })
  })

  it('treats a relation label the corpus lacks as a span label: refused naming its result without --add-labels, added with it', async () => {
    const folder = scratch()
    const input = exportFile(folder, [task()])
    const corpus = join(folder, 'news.marginalia')
    expect((await cli('import', corpus, writeJsonl(folder, 'none.jsonl', []))).code).toBe(0)
    const refused = await cli('import', corpus, input)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/project-1-at-2024\.json:2: annotations\[0\]\.result\[3\]: unknown relation label "cites" \(this corpus has attributed_to\); run with --add-labels to add it/)
    const added = await cli('import', '--add-labels', corpus, input)
    expect(added.code, added.stderr).toBe(0)
    expect(added.stderr).toMatch(/labels added: .*relation:cites/)
    const [document] = parseJsonl((await cli('export', corpus)).stdout) as any[]
    expect(document.relations).toMatchObject([{ label: 'cites' }])
    // A relation between two annotators' spans, which Marginalia's export keeps in the task's meta, likewise.
    const text = 'Kim said talks failed.'
    const spans = [{ id: 1, start: 0, end: 3, label: 'Speaker', annotator: 'ana' }, { id: 2, start: 9, end: 21, label: 'Claim', annotator: 'ben' }]
    const source = join(folder, 'source.marginalia')
    expect((await cli('import', '--add-labels', source, writeJsonl(folder, 'x.jsonl', [{ id: 'd', text, spans, relations: [{ head: 2, child: 1, label: 'quotes', annotator: 'ana' }] }]))).code).toBe(0)
    const cross = join(folder, 'cross.json')
    expect((await cli('export', source, '--format', 'label-studio', '-o', cross)).code).toBe(0)
    const other = join(folder, 'other.marginalia')
    expect((await cli('import', other, cross)).stderr).toMatch(/cross\.json:2: meta\.marginalia\.relations\[0\]: unknown relation label "quotes"/)
    const crossAdded = await cli('import', '--add-labels', other, cross)
    expect(crossAdded.stderr).toMatch(/labels added: relation:quotes/)
  })

  it('names the result of a label the corpus lacks when copies of a span before it were merged', async () => {
    const folder = scratch()
    const region = (id: string, start: number, end: number, label: string) => ({ id, from_name: 'label', to_name: 'text', type: 'labels', value: { start, end, labels: [label] } })
    const tasks = [{ id: 1, data: { text: 'Kim said talks failed.' }, annotations: [{ created_username: 'ana', result: [region('a', 9, 21, 'Claim'), region('b', 9, 21, 'Claim'), region('c', 0, 3, 'Person')] }] }]
    const result = await cli('import', join(folder, 'c.marginalia'), exportFile(folder, tasks, 'twins.json'))
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/twins\.json:2: annotations\[0\]\.result\[2\]: unknown span label "Person"/)
  })

  it('names annotators by e-mail, by Label Studio\'s created_username, or by name', async () => {
    const folder = scratch()
    const result = (annotation: Record<string, unknown>) => ({ ...annotation, result: [{ value: { start: 0, end: 3, labels: ['Speaker'] }, id: 'a', type: 'labels' }] })
    const tasks = [
      { id: 1, data: { text: 'Kim' }, annotations: [result({ completed_by: 4, created_username: ' ana@example.org, 4' })] },
      { id: 2, data: { text: 'Kim' }, annotations: [result({ created_username: 'ana' })] },
      { id: 3, data: { text: 'Kim' }, annotations: [result({ completed_by: 'carla' })] },
      { id: 4, data: { text: 'Kim' }, annotations: [result({})] },
    ]
    const back = await importInto(folder, exportFile(folder, tasks), '--annotator', 'importer')
    expect((parseJsonl(back.jsonl) as any[]).map((d) => d.spans[0].annotator)).toEqual(['ana@example.org', 'ana', 'carla', 'importer'])
  })

  it('finds the text in the data key a result names when there is no data.text', async () => {
    const folder = scratch()
    const tasks = [{ id: 5, data: { body: 'Kim spoke.', title: 'Note' }, annotations: [{ result: [{ value: { start: 0, end: 3, text: 'Kim', labels: ['Speaker'] }, id: 'a', to_name: 'body', type: 'labels' }] }] }]
    const back = await importInto(folder, exportFile(folder, tasks))
    expect(parseJsonl(back.jsonl)[0]).toMatchObject({ id: '5', title: 'Note', text: 'Kim spoke.' })
  })

  it("places regions on the field the text came from: a region on another data field (to_name) is left out, counted and named", async () => {
    const folder = scratch()
    const body = 'Kim Jong-un 😀 met Vladimir Putin in Vladivostok.'
    const region = (id: string, to: string, value: Record<string, unknown>) => ({ id, from_name: `lbl_${to}`, to_name: to, type: 'labels', value: { labels: ['Speaker'], ...value } })
    const tasks = [1, 2].map((id) => ({
      id,
      data: { text: body, headline: 'Putin meets Kim' },
      annotations: [{ completed_by: 1, result: [region('a', 'text', { ...utf16(body, 'Vladimir Putin'), text: 'Vladimir Putin' }), region('b', 'headline', { start: 12, end: 15, ...(id === 2 ? { text: 'Kim' } : {}) }), { type: 'relation', from_id: 'a', to_id: 'b', labels: ['cites'] }] }],
    }))
    const back = await importInto(folder, exportFile(folder, tasks, 'twofields.json'))
    expect(back.code, back.stderr).toBe(0)
    const documents = parseJsonl(back.jsonl) as any[]
    expect(documents.map((d) => d.spans.map((s: any) => s.text))).toEqual([['Vladimir Putin'], ['Vladimir Putin']])
    expect(documents[0].meta.label_studio.data).toEqual({ headline: 'Putin meets Kim' })
    expect(documents[0].meta.label_studio.results).toMatchObject([{ id: 'b', to_name: 'headline' }, { type: 'relation', to_id: 'b' }])
    expect(back.stderr).toMatch(/warning: Label Studio region on data\.headline, not the text imported \(data\.text\), left out \(kept in the document's meta, label_studio\.results\) \(2 times, at .*twofields\.json:2, .*twofields\.json:\d+\)/)
    expect(back.stderr).toMatch(/warning: Label Studio relation to a region on another field than the text, left out/)
  })

  it('imports a project with a title and a body field: the body is the text, a region on the title is left out', async () => {
    const folder = scratch()
    const result = (id: string, to: string, start: number, end: number, text: string) => ({ id, from_name: 'ner', to_name: to, type: 'labels', value: { start, end, text, labels: ['Speaker'] } })
    const tasks = [{ id: 7, data: { title: 'Putin meets Kim', body: 'Kim spoke.' }, annotations: [{ result: [result('t', 'title', 0, 5, 'Putin'), result('b', 'body', 0, 3, 'Kim')] }] }]
    const back = await importInto(folder, exportFile(folder, tasks))
    expect(back.code, back.stderr).toBe(0)
    expect(parseJsonl(back.jsonl)[0]).toMatchObject({ title: 'Putin meets Kim', text: 'Kim spoke.', spans: [{ text: 'Kim' }] })
    expect(back.stderr).toMatch(/Label Studio region on data\.title, not the text imported \(data\.body\), left out/)
  })

  it('takes regions whose to_name names no data key as on the text when they all name one tag', async () => {
    const folder = scratch()
    const tasks = [{ id: 8, data: { text: 'Kim spoke.' }, annotations: [{ result: [{ id: 'a', from_name: 'ner', to_name: 'doc', type: 'labels', value: { start: 0, end: 3, text: 'Kim', labels: ['Speaker'] } }] }] }]
    const back = await importInto(folder, exportFile(folder, tasks))
    expect(back.code, back.stderr).toBe(0)
    expect(parseJsonl(back.jsonl)[0]).toMatchObject({ text: 'Kim spoke.', spans: [{ text: 'Kim' }] })
  })

  it('names a relation left out because its two regions are copies of one span, merged into one', async () => {
    const folder = scratch()
    const claim = (id: string) => ({ id, from_name: 'label', to_name: 'text', type: 'labels', value: { start: 9, end: 21, text: 'talks failed', labels: ['Claim'] } })
    const tasks = [{ id: 1, data: { text: 'Kim said talks failed.' }, annotations: [{ created_username: 'ana', result: [claim('a'), claim('b'), { type: 'relation', from_id: 'a', to_id: 'b', labels: ['supports'] }] }] }]
    const back = await importInto(folder, exportFile(folder, tasks, 'twins.json'))
    expect(back.code, back.stderr).toBe(0)
    expect(parseJsonl(back.jsonl)[0]).toMatchObject({ spans: [{ text: 'talks failed' }], relations: [] })
    expect(back.stderr).toMatch(/warning: relation between two copies of one span left out \(the copies were merged into one span\) \(at .*twins\.json:2\)/)
    expect(back.stderr).toMatch(/1 span given twice .* merged/)
  })

  it("reads a region's note (meta.text) as the span's note, keeps the rest of its meta, says so, and writes both back as the region's meta", async () => {
    const folder = scratch()
    const region = (id: string, start: number, end: number, text: string, meta: unknown) => ({ id, from_name: 'label', to_name: 'text', type: 'labels', value: { start, end, text, labels: ['Speaker'] }, meta })
    const tasks = [{ id: 3, data: { text: 'Kim met Putin.' }, annotations: [{ completed_by: 1, result: [region('a', 8, 13, 'Putin', { text: ['region note'], reviewer: 'lee' }), region('b', 0, 3, 'Kim', { text: ['one', 'two'] })] }] }]
    const back = await importInto(folder, exportFile(folder, tasks, 'regmeta.json'))
    expect(back.code, back.stderr).toBe(0)
    const spans = parseJsonl(back.jsonl)[0].spans as { text: string; attrs: Record<string, unknown> }[]
    expect(spans.find((s) => s.text === 'Putin')?.attrs).toEqual({ note: 'region note', label_studio_meta: { reviewer: 'lee' } })
    expect(spans.find((s) => s.text === 'Kim')?.attrs).toEqual({ label_studio_meta: { text: ['one', 'two'] } }) // not one note: kept as it came
    expect(back.stderr).not.toMatch(/region note/) // read as the span's note, as documented: nothing to say
    expect(back.stderr).toMatch(/warning: Label Studio region meta kept in the span's attrs \(label_studio_meta\), which export writes back \(at .*regmeta\.json:2\)/)
    const [written] = JSON.parse((await cli('export', back.corpus, '--format', 'label-studio')).stdout)
    const results = written.annotations[0].result as { value: { text: string }; meta?: unknown }[]
    expect(results.find((r) => r.value.text === 'Putin')?.meta).toEqual({ reviewer: 'lee', text: ['region note'] })
    expect(results.find((r) => r.value.text === 'Kim')?.meta).toEqual({ text: ['one', 'two'] })
  })

  it("writes a Marginalia span's note as its region's note (meta.text), which Label Studio shows", async () => {
    const folder = scratch()
    const corpus = join(folder, 'notes.marginalia')
    const input = writeFile(folder, 'notes.jsonl', `${JSON.stringify({ id: 'n', text: 'Kim met Putin.', spans: [{ start: 8, end: 13, label: 'Speaker', attrs: { note: 'checked 😀' } }, { start: 0, end: 3, label: 'Speaker' }] })}\n`)
    expect((await cli('import', corpus, input)).code).toBe(0)
    const [written] = JSON.parse((await cli('export', corpus, '--format', 'label-studio')).stdout)
    const results = written.annotations[0].result as { value: { text: string }; meta?: unknown }[]
    expect(results.find((r) => r.value.text === 'Putin')?.meta).toEqual({ text: ['checked 😀'] })
    expect(results.find((r) => r.value.text === 'Kim')).not.toHaveProperty('meta')
  })

  it('reads the completions of Label Studio before 1.0, whose times are seconds since 1970', async () => {
    const folder = scratch()
    const tasks = [{ id: 1, data: { text: 'Alice met Bob.' }, completions: [{ id: 1001, created_at: 1591612385, lead_time: 4.194, result: [{ id: 'r1', from_name: 'label', to_name: 'text', type: 'labels', value: { start: 0, end: 5, text: 'Alice', labels: ['Speaker'] } }] }] }]
    const back = await importInto(folder, exportFile(folder, tasks, 'old.json'))
    expect(back.code, back.stderr).toBe(0)
    expect(parseJsonl(back.jsonl)[0]).toMatchObject({ spans: [{ text: 'Alice', created_at: '2020-06-08T10:33:05.000Z' }] })
  })

  it('is picked for a .json file by its content', async () => {
    const folder = scratch()
    const back = await importInto(folder, exportFile(folder, [task()], 'export.json'))
    expect(back.code, back.stderr).toBe(0)
    expect((await cli('formats')).stdout).toMatch(/label-studio\s+yes\s+yes\s+\.json/)
  })
})

describe('Label Studio import refuses bad input: one line naming file and line, nothing written, the file untouched', () => {
  const labels = (value: Record<string, unknown>, id = 'r') => ({ data: { text: 'Mr Putin 😀 spoke.' }, annotations: [{ result: [{ value: { labels: ['Speaker'], ...value }, id, type: 'labels' }] }] })
  const CASES: [string, unknown[] | string, RegExp][] = [
    ['a text that differs from the slice, fitting as code points', [task(), labels({ start: 9, end: 16, text: '😀 spoke' })], /bad\.json:\d+: annotations\[0\]\.result\[0\]\.value\.text: "😀 spoke" differs from the text at \[9, 16\): "😀 spok" \(offsets count UTF-16 code units; they fit as code points: import with --offsets codepoints\)/],
    ['offsets past the end', [labels({ start: 3, end: 99 })], /bad\.json:\d+: annotations\[0\]\.result\[0\]\.value\.end: 99 is past the end of the text \(18 UTF-16 code units\)/],
    ['reversed offsets', [labels({ start: 5, end: 3 })], /bad\.json:\d+: annotations\[0\]\.result\[0\]\.value: start 5 is after end 3/],
    ['a region without labels', [labels({ start: 0, end: 2, labels: [] })], /value\.labels: must be an array of one or more labels/],
    ['a relation to a missing region', [{ data: { text: 'Mr Putin' }, annotations: [{ result: [{ value: { start: 0, end: 2, labels: ['Speaker'] }, id: 'a', type: 'labels' }, { type: 'relation', from_id: 'a', to_id: 'zz', labels: ['cites'] }] }] }], /bad\.json:\d+: annotations\[0\]\.result\[1\]\.to_id: there is no labels region "zz" in this annotation/],
    ['a relation from a region to itself', [{ data: { text: 'Mr Putin' }, annotations: [{ result: [{ value: { start: 0, end: 2, labels: ['Speaker'] }, id: 'a', type: 'labels' }, { type: 'relation', from_id: 'a', to_id: 'a', labels: ['cites'] }] }] }], /bad\.json:\d+: annotations\[0\]\.result\[1\]: from_id and to_id are the same region "a"/],
    ['two copies of a region with different notes', [{ data: { text: 'Mr Putin' }, annotations: [{ result: ['x', 'y'].map((note, i) => ({ value: { start: 3, end: 8, labels: ['Speaker'] }, id: `r${i}`, type: 'labels', meta: { text: [note] } })) }] }], /bad\.json:\d+: annotations\[0\]\.result\[1\]: the same Speaker \[3, 8\) as annotations\[0\]\.result\[0\], with another "note"/],
    ['a task without data', [{ id: 1, annotations: [] }], /bad\.json:\d+: data: /],
    ['regions on two tags that name no data key', [{ data: { text: 'Mr Putin', lead: 'Putin' }, annotations: [{ result: [{ value: { start: 0, end: 2, labels: ['Speaker'] }, id: 'a', to_name: 'body', type: 'labels' }, { value: { start: 0, end: 2, labels: ['Speaker'] }, id: 'b', to_name: 'head', type: 'labels' }] }] }], /bad\.json:\d+: to_name: labels results name "body", "head", and they name no data key: Marginalia cannot tell which holds the text \(data\.text\)/],
    ['an annotation time that is no time', [task({ annotations: [{ ...(task().annotations as object[])[1], created_at: 'yesterday' }] })], /bad\.json:\d+: annotations\[0\]\.created_at: must be an ISO 8601 date and time with a time zone/],
    ['a task time on no day of the calendar', [task({ updated_at: '2024-02-30T00:00:00Z' })], /bad\.json:\d+: updated_at: must be an ISO 8601 date and time with a time zone/],
    ['a data.text that is not a string', [{ data: { text: 123 } }], /bad\.json:\d+: data\.text: must be a string \(it is a number\)/],
    ['not an array of tasks', '{"data": {"text": "x"}}', /bad\.json:1: expected a Label Studio JSON export: a JSON array of tasks/],
    ['invalid JSON', '[\n  {"data": {"text": "x"}},\n  {"data": }\n]', /bad\.json:3: invalid JSON: expected a JSON value/],
  ]

  it.each(CASES)('%s', async (_name, content, reason) => {
    const folder = scratch()
    const input = typeof content === 'string' ? writeFile(folder, 'bad.json', content) : exportFile(folder, content, 'bad.json')
    const before = digest(input)
    const corpus = join(folder, 'new.marginalia')
    const result = await cli('import', '--add-labels', '--format', 'label-studio', corpus, input)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(reason)
    expect(result.stderr).toMatch(/nothing was written/)
    expect(existsSync(corpus)).toBe(false)
    expect(digest(input)).toBe(before)
  })

  it('names the line each task starts on', async () => {
    const folder = scratch()
    const input = exportFile(folder, [task(), task({ id: 18, data: { text: 'short' } })], 'two.json')
    const result = await cli('import', '--add-labels', join(folder, 'c.marginalia'), input)
    const line = readFileSync(input, 'utf8').split('\n').findIndex((l) => l.includes('"id": 18')) // the task's first key
    expect(result.stderr).toMatch(new RegExp(`two\\.json:${line}: annotations\\[0\\]\\.result\\[0\\]\\.value\\.(start|end): \\d+ is past the end`))
  })
})

/** Code point offsets of `part` in TEXT. */
function cp(part: string): { start: number; end: number } {
  const start = [...TEXT.slice(0, TEXT.indexOf(part))].length
  return { start, end: start + [...part].length }
}

/** Records with emoji, CJK and right-to-left text, two annotators, a relation across them, labels and notes. */
const SOURCE = [
  {
    id: 'summit',
    title: 'Summit',
    meta: { url: 'https://example.org/a' },
    status: 'done',
    text: TEXT,
    created_at: '2024-05-01T09:00:00.000Z',
    updated_at: '2024-05-02T09:00:00.000Z',
    spans: [
      { id: 1, ...cp('Kim'), label: 'Speaker', annotator: 'ana', attrs: { note: 'who?' }, created_at: '2024-05-01T10:00:00.000Z', updated_at: '2024-05-01T11:00:00.000Z' },
      { id: 2, ...cp('北京'), label: 'Source', annotator: 'ana', created_at: '2024-05-01T10:01:00.000Z', updated_at: '2024-05-01T10:01:00.000Z' },
      { id: 3, ...cp('שלום'), label: 'Claim', annotator: 'ben', created_at: '2024-05-01T10:02:00.000Z', updated_at: '2024-05-01T10:02:00.000Z' },
      { id: 5, ...cp('👩‍👩‍👧'), label: 'Spam', annotator: 'ben', created_at: '2024-05-01T10:03:00.000Z', updated_at: '2024-05-01T10:03:00.000Z' },
    ],
    relations: [
      { id: 1, head: 2, child: 1, label: 'cites', annotator: 'ana', created_at: '2024-05-01T10:05:00.000Z', updated_at: '2024-05-01T10:05:00.000Z' },
      { id: 2, head: 3, child: 1, label: 'cites', annotator: 'ben', created_at: '2024-05-01T10:06:00.000Z', updated_at: '2024-05-01T10:06:00.000Z' },
    ],
    labels: [{ label: 'Politics', annotator: 'ben', created_at: '2024-05-01T10:07:00.000Z' }],
  },
  { id: 'quiet', title: 'Quiet', meta: {}, status: 'todo', text: 'Nothing here.', created_at: '2024-05-03T09:00:00.000Z', updated_at: '2024-05-03T09:00:00.000Z' },
]

describe('Label Studio export written on one line', () => {
  it('counts each bad task as a record of its own and names it by its place, since the line names them all', async () => {
    const folder = scratch()
    const region = (id: string, start: number, end: number, label: string) => ({ id, from_name: 'label', to_name: 'text', type: 'labels', value: { start, end, labels: [label] } })
    const tasks = [
      { id: 1, data: { text: 'Kim said it' }, annotations: [{ result: [region('a', 0, 3, 'Nope')] }] },
      { id: 2, data: { text: 'Fine text' }, annotations: [] },
      { id: 3, data: { text: 'Moon said' }, annotations: [{ result: [region('b', 0, 4, 'Nope2'), region('c', 5, 9, 'Nope3')] }] },
      { id: 4, data: 'no object' },
    ]
    const input = writeFile(folder, 'min.json', JSON.stringify(tasks))
    const result = await cli('import', '--skip-invalid', join(folder, 'c.marginalia'), input)
    expect(result.code, result.stderr).toBe(0)
    const lines = result.stderr.trim().split('\n')
    expect(lines.slice(0, -1)).toEqual([
      expect.stringMatching(/^skipped \S*min\.json:1: \[0\]\.annotations\[0\]\.result\[0\]: unknown span label "Nope"/),
      expect.stringMatching(/^skipped \S*min\.json:1: \[2\]\.annotations\[0\]\.result\[0\]: unknown span label "Nope2"/),
      expect.stringMatching(/^skipped \S*min\.json:1: \[2\]\.annotations\[0\]\.result\[1\]: unknown span label "Nope3"/),
      expect.stringMatching(/^skipped \S*min\.json:1: task \[3\]: data: /),
    ])
    expect(lines.at(-1)).toMatch(/imported 1 document .*; 3 invalid records skipped \(4 problems, each listed\)/)
  })
})

describe('Label Studio export and round trips', () => {
  async function corpusOf(folder: string): Promise<{ corpus: string; jsonl: string }> {
    const corpus = join(folder, 'source.marginalia')
    const imported = await cli('import', '--add-labels', corpus, writeJsonl(folder, 'source.jsonl', SOURCE))
    expect(imported.code, imported.stderr).toBe(0)
    return { corpus, jsonl: (await cli('export', corpus)).stdout }
  }

  it('writes tasks with one annotation per annotator: labels results in UTF-16 with stable ids, relations, choices', async () => {
    const folder = scratch()
    const { corpus } = await corpusOf(folder)
    const result = await cli('export', corpus, '--format', 'label-studio')
    expect(result.stdout.split('\n')).toHaveLength(5) // "[", two tasks, "]", and the last line end
    const [summit, quiet] = JSON.parse(result.stdout)
    expect(summit).toMatchObject({ id: 1, data: { text: TEXT, title: 'Summit' }, meta: { marginalia: { id: 'summit', status: 'done', meta: { url: 'https://example.org/a' } } } })
    expect(summit.annotations.map((a: any) => a.created_username)).toEqual(['ana', 'ben'])
    expect(summit.annotations[0]).not.toHaveProperty('completed_by')
    const [ana, ben] = summit.annotations
    expect(ana.result[1]).toMatchObject({ id: 'span-2', from_name: 'label', to_name: 'text', type: 'labels', value: { ...utf16(TEXT, '北京'), text: '北京', labels: ['Source'] } })
    expect(ana.result[2]).toMatchObject({ type: 'relation', from_id: 'span-2', to_id: 'span-1', direction: 'right', labels: ['cites'] })
    expect(ben.result.at(-1)).toMatchObject({ type: 'choices', from_name: 'choices', to_name: 'text', value: { choices: ['Politics'] } })
    expect(ben.result[1].value).toMatchObject({ ...utf16(TEXT, '👩‍👩‍👧'), text: '👩‍👩‍👧' })
    expect(quiet).toMatchObject({ id: 2, annotations: [] })
    expect((await cli('export', corpus, '--format', 'label-studio')).stdout).toBe(result.stdout) // stable
  })

  it('keeps a relation between two annotators\' spans in the task meta, and the export says so', async () => {
    const folder = scratch()
    const { corpus } = await corpusOf(folder)
    const result = await cli('export', corpus, '--format', 'label-studio', '-o', join(folder, 'out.json'))
    expect(result.stderr).toMatch(/note: 1 relation is between spans of two different annotators, which Label Studio cannot show .*meta\.marginalia\.relations/)
    const [summit] = JSON.parse(readFileSync(join(folder, 'out.json'), 'utf8'))
    expect(summit.meta.marginalia.relations).toMatchObject([{ head: 'span-3', child: 'span-1', labels: ['cites'] }])
  })

  it('writes a span attribute its label declares as a per-region choice, which a Label Studio project shows and edits; the round trip stays byte for byte', async () => {
    const folder = scratch()
    const corpus = join(folder, 'declared.marginalia')
    expect((await cli('sample', corpus)).code).toBe(0)
    const defined = await cli('labels', corpus, '--define', writeFile(folder, 'labels.json', JSON.stringify([{ name: 'Claim', kind: 'span', attributes: [{ name: 'checkworthy', values: ['yes', 'no'] }] }])))
    expect(defined.code, defined.stderr).toBe(0)
    const text = 'Growth is strong 😀, the minister said.'
    const imported = await cli('import', corpus, writeJsonl(folder, 'in.jsonl', [{ id: 'c', text, spans: [{ start: 0, end: 16, label: 'Claim', attrs: { checkworthy: 'yes' }, annotator: 'ana' }] }]))
    expect(imported.code, imported.stderr).toBe(0)
    const jsonl = (await cli('export', corpus)).stdout
    const out = join(folder, 'out.json')
    expect((await cli('export', corpus, '--format', 'label-studio', '-o', out)).code).toBe(0)
    const task = (JSON.parse(readFileSync(out, 'utf8')) as any[]).find((t) => t.data.text === text)
    const results = task.annotations[0].result
    expect(results).toContainEqual(expect.objectContaining({ id: results[0].id, from_name: 'checkworthy', to_name: 'text', type: 'choices', value: { ...utf16(text, 'Growth is strong'), text: 'Growth is strong', choices: ['yes'] } }))
    const back = await importInto(folder, out)
    expect(back.code, back.stderr).toBe(0)
    expect(back.jsonl.split('\n').find((line) => line.includes('"id":"c"'))).toBe(jsonl.split('\n').find((line) => line.includes('"id":"c"')))
    // Edited in Label Studio, which saves its results without the marginalia keys: the choice is the attribute still.
    for (const result of results) delete result.marginalia
    const edited = writeFile(folder, 'edited.json', JSON.stringify([task]))
    const fromLabelStudio = await importInto(folder, edited)
    expect(fromLabelStudio.code, fromLabelStudio.stderr).toBe(0)
    expect((parseJsonl(fromLabelStudio.jsonl)[0] as { spans: { attrs: unknown }[] }).spans[0].attrs).toEqual({ checkworthy: 'yes' })
  })

  it('gives the same bytes through Label Studio: JSONL → Label Studio → JSONL', async () => {
    const folder = scratch()
    const { corpus, jsonl } = await corpusOf(folder)
    const out = join(folder, 'out.json')
    expect((await cli('export', corpus, '--format', 'label-studio', '-o', out)).code).toBe(0)
    const back = await importInto(folder, out)
    expect(back.code, back.stderr).toBe(0)
    expect(back.stderr).not.toMatch(/warning/)
    expect(back.jsonl).toBe(jsonl)
  })

  it('gives the same document back through Label Studio, whose bookkeeping it names, and takes ground truth marked there', async () => {
    const folder = scratch()
    const { corpus, jsonl } = await corpusOf(folder)
    const out = join(folder, 'out.json')
    expect((await cli('export', corpus, '--format', 'label-studio', '-o', out)).code).toBe(0)
    // What Label Studio's own export adds to every task and annotation, and ground truth marked on one there.
    const tasks = JSON.parse(readFileSync(out, 'utf8')).map((task: any, i: number) => ({
      ...task,
      inner_id: i + 1,
      project: 7,
      total_annotations: task.annotations.length,
      annotations: task.annotations.map((annotation: any, j: number) => ({ ...annotation, id: 100 + j, task: i + 1, project: 7, lead_time: 12.5, ...(j === 0 && i === 0 ? { ground_truth: true } : {}) })),
    }))
    writeFileSync(out, JSON.stringify(tasks))
    const back = await importInto(folder, out)
    expect(back.code, back.stderr).toBe(0)
    expect(back.stderr).toMatch(/Label Studio task keys not kept, as Label Studio sets them on a task Marginalia wrote: inner_id, project, total_annotations/)
    expect(back.stderr).toMatch(/Label Studio annotation keys not kept, as Label Studio sets them on a task Marginalia wrote: task, project/)
    const before = parseJsonl(jsonl) as any[]
    const after = parseJsonl(back.jsonl) as any[]
    expect(after.map(({ meta: _meta, ...rest }) => rest)).toEqual(before.map(({ meta: _meta, ...rest }) => rest)) // the same annotations
    expect(after[0].meta.label_studio.annotations[0]).toMatchObject({ ground_truth: true, lead_time: 12.5 })
    const [again] = JSON.parse((await cli('export', back.corpus, '--format', 'label-studio')).stdout)
    expect(again.annotations[0]).toMatchObject({ ground_truth: true, lead_time: 12.5 })
  })

  it('gives Label Studio back what it kept of a task imported from it: other data, predictions, drafts, cancelled annotations', async () => {
    const folder = scratch()
    const first = await importInto(folder, exportFile(folder, [task({ drafts: [{ id: 5, result: [] }] })]))
    expect(first.code, first.stderr).toBe(0)
    const out = join(folder, 'back.json')
    expect((await cli('export', first.corpus, '--format', 'label-studio', '-o', out)).code).toBe(0)
    const [written] = JSON.parse(readFileSync(out, 'utf8'))
    expect(written.data).toEqual({ source: 'wire', text: TEXT, title: expect.any(String) })
    expect(written.predictions).toMatchObject([{ model_version: 'ner-v1', score: 0.5 }])
    expect(written.drafts).toEqual([{ id: 5, result: [] }])
    const cancelled = written.annotations.filter((a: any) => a.was_cancelled)
    expect(cancelled).toMatchObject([{ id: 3, was_cancelled: true, created_username: 'label-studio-user-12' }]) // numbered on after the analysts' two
    expect(cancelled[0]).not.toHaveProperty('completed_by')
    // And back into Marginalia: the same corpus.
    const again = await importInto(folder, out)
    expect(again.code, again.stderr).toBe(0)
    expect(again.jsonl).toBe(first.jsonl)
  })

  it('writes a task imported from a project with its own names back in them: data key, to_name, from_name; no Label Studio user ids', async () => {
    const folder = scratch()
    const article = '🇺🇦 Zelensky said the war 🤷🏽‍♀️ continues in Київ.'
    const region = (id: string, part: string, labels: string[]) => ({ id, from_name: 'ner', to_name: 'article', type: 'labels', value: { ...utf16(article, part), labels } })
    const p5 = {
      id: 5,
      data: { article, source: 'bbc' },
      annotations: [
        { id: 1, completed_by: { id: 3, email: 'ana@example.org' }, result: [region('r1', 'Zelensky', ['Speaker']), region('r2', 'the war', ['Claim']), { id: 'c', from_name: 'tone', to_name: 'article', type: 'choices', value: { choices: ['Politics'] } }] },
        { id: 2, completed_by: 4, result: [region('z', 'Київ', ['Source'])], was_cancelled: true },
      ],
      predictions: [{ model_version: 'v1', result: [region('p', 'Київ', ['Source'])] }],
    }
    const first = await importInto(folder, exportFile(folder, [p5], 'p5.json'))
    expect(first.code, first.stderr).toBe(0)
    expect((parseJsonl(first.jsonl)[0] as any).meta.label_studio.names).toEqual({ data: 'article', to_name: 'article', labels: 'ner', choices: 'tone' })
    const out = join(folder, 'back.json')
    expect((await cli('export', first.corpus, '--format', 'label-studio', '-o', out)).code).toBe(0)
    const [written] = JSON.parse(readFileSync(out, 'utf8'))
    expect(written.data).toEqual({ article, source: 'bbc', title: '5' })
    const results = written.annotations.flatMap((a: any) => a.result).concat(written.predictions[0].result).filter((r: any) => r.type !== 'relation')
    expect(results.map((r: any) => `${r.from_name}>${r.to_name}`)).toEqual(['ner>article', 'ner>article', 'tone>article', 'ner>article', 'ner>article'])
    expect(written.annotations.map((a: any) => [a.id, a.completed_by, a.created_username])).toEqual([
      [1, undefined, 'ana@example.org'],
      [2, undefined, 'label-studio-user-4'],
    ])
    const again = await importInto(folder, out)
    expect(again.code, again.stderr).toBe(0)
    expect(again.jsonl).toBe(first.jsonl)
  })

  it('keeps every span without Marginalia\'s own keys (as after editing in Label Studio), and ids, times and attrs are what is lost', async () => {
    const folder = scratch()
    const { corpus, jsonl } = await corpusOf(folder)
    const stripped = JSON.parse((await cli('export', corpus, '--format', 'label-studio')).stdout, (key, value) => (key === 'marginalia' || key === 'created_username' ? undefined : value))
    const back = await importInto(folder, exportFile(folder, stripped, 'stripped.json'), '--annotator', 'someone')
    expect(back.code, back.stderr).toBe(0)
    const before = (parseJsonl(jsonl) as any[]).flatMap((d) => d.spans.map((s: any) => `${s.start}:${s.end}:${s.label}:${s.text}`))
    const after = (parseJsonl(back.jsonl) as any[]).flatMap((d) => d.spans.map((s: any) => `${s.start}:${s.end}:${s.label}:${s.text}`))
    expect(after.sort()).toEqual(before.sort())
    expect((parseJsonl(back.jsonl) as any[])[0].relations).toHaveLength(1) // the one within an annotation
  })

  it('writes and reads offsets in the unit --offsets names', async () => {
    const folder = scratch()
    const { corpus, jsonl } = await corpusOf(folder)
    const out = join(folder, 'cp.json')
    const result = await cli('export', corpus, '--format', 'label-studio', '--offsets', 'codepoints', '-o', out)
    expect(result.stderr).toMatch(/note: offsets count code points \(--offsets codepoints\), not UTF-16 code units as Label Studio does/)
    expect(JSON.parse(readFileSync(out, 'utf8'))[0].annotations[1].result[1].value).toMatchObject(cp('👩‍👩‍👧'))
    expect((await importInto(folder, out)).code).toBe(1)
    expect((await importInto(folder, out, '--offsets', 'codepoints')).jsonl).toBe(jsonl)
  })
})

describe('Label Studio projects with several controls', () => {
  /** One task with choices from two `<Choices>` tags and a region (as a new user's trial had it). */
  const TWO_CHOICES = [
    {
      id: 7,
      data: { text: 'Macron said growth is strong.' },
      annotations: [
        {
          id: 1,
          completed_by: 1,
          was_cancelled: false,
          created_at: '2024-05-01T10:00:00Z',
          updated_at: '2024-05-01T10:00:00Z',
          result: [
            { id: 'a', from_name: 'topic', to_name: 'text', type: 'choices', value: { choices: ['Politics'] } },
            { id: 'b', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['Positive'] } },
            { id: 'c', from_name: 'label', to_name: 'text', type: 'labels', value: { start: 0, end: 6, text: 'Macron', labels: ['Speaker'] } },
          ],
        },
      ],
    },
  ]

  it('keeps the tag of each document choice and writes each tag back as a result of its own', async () => {
    const folder = scratch()
    const first = await importInto(folder, exportFile(folder, TWO_CHOICES, 'twochoices.json'))
    expect(first.code, first.stderr).toBe(0)
    const [document] = parseJsonl(first.jsonl) as any[]
    expect(document.labels.map((l: any) => l.label)).toEqual(['Politics', 'Positive'])
    expect(document.meta.label_studio.names).toEqual({ choices: 'topic', choice_tags: { Positive: 'sentiment' } })
    const out = join(folder, 'back.json')
    expect((await cli('export', first.corpus, '--format', 'label-studio', '-o', out)).code).toBe(0)
    const [written] = JSON.parse(readFileSync(out, 'utf8'))
    const choices = written.annotations[0].result.filter((r: any) => r.type === 'choices')
    expect(choices.map((r: any) => [r.from_name, r.to_name, r.value.choices])).toEqual([
      ['topic', 'text', ['Politics']],
      ['sentiment', 'text', ['Positive']],
    ])
    expect(new Set(choices.map((r: any) => r.id)).size).toBe(2)
    const again = await importInto(folder, out)
    expect(again.code, again.stderr).toBe(0)
    expect(again.jsonl).toBe(first.jsonl)
  })

  it('keeps a choice given by two tags once as a document label, and the second tag\'s result in the meta, written back', async () => {
    const folder = scratch()
    const tasks = JSON.parse(JSON.stringify(TWO_CHOICES))
    tasks[0].annotations[0].result[1].value.choices = ['Positive', 'Politics'] // "Politics" is also a topic
    const first = await importInto(folder, exportFile(folder, tasks, 'same.json'))
    expect(first.code, first.stderr).toBe(0)
    const [document] = parseJsonl(first.jsonl) as any[]
    expect(document.labels.map((l: any) => l.label)).toEqual(['Politics', 'Positive'])
    expect(first.stderr).toMatch(/warning: Label Studio choice "Politics" of sentiment is also one of topic: a document label is one label, read as topic's; sentiment's kept in the document's meta \(label_studio\.shared_choices\), which export writes back/)
    const [written] = JSON.parse((await cli('export', first.corpus, '--format', 'label-studio')).stdout)
    const choices = written.annotations[0].result.filter((r: any) => r.type === 'choices')
    expect(choices.map((r: any) => [r.from_name, r.value.choices])).toEqual([
      ['topic', ['Politics']],
      ['sentiment', ['Positive', 'Politics']],
    ])
  })

  /** A task with a per-region choice (`<Choices name="checkworthy" perRegion="true">`) on a Claim and a document choice. */
  const PER_REGION_TEXT = 'Kim 😀 met Putin in 北京. 🇫🇷 Macron said growth is strong.'
  const perRegion = (choice: Record<string, unknown>) => [
    {
      id: 5,
      data: { text: PER_REGION_TEXT },
      annotations: [
        {
          id: 11,
          completed_by: 1,
          created_at: '2024-05-01T10:00:00.000000Z',
          updated_at: '2024-05-01T10:05:00.000000Z',
          result: [
            { value: { ...utf16(PER_REGION_TEXT, 'Putin'), text: 'Putin', labels: ['Speaker'] }, id: 'r1', from_name: 'label', to_name: 'text', type: 'labels', origin: 'manual' },
            { value: { ...utf16(PER_REGION_TEXT, 'growth is strong'), text: 'growth is strong', labels: ['Claim'] }, id: 'r3', from_name: 'label', to_name: 'text', type: 'labels', origin: 'manual' },
            { from_name: 'checkworthy', to_name: 'text', type: 'choices', origin: 'manual', ...choice },
            { id: 'doc1', from_name: 'topic', to_name: 'text', type: 'choices', origin: 'manual', value: { choices: ['Politics'] } },
          ],
        },
      ],
    },
  ]

  it.each([
    ['its region\'s id and offsets', { id: 'r3', value: { ...utf16(PER_REGION_TEXT, 'growth is strong'), text: 'growth is strong', choices: ['yes'] } }],
    ['its region\'s id alone', { id: 'r3', value: { choices: ['yes'] } }],
    ['its region\'s offsets alone', { id: 'zz', value: { ...utf16(PER_REGION_TEXT, 'growth is strong'), choices: ['yes'] } }],
  ])('reads a per-region choice (by %s) as an attribute of its span, not a document label, and writes it back on the region', async (_name, choice) => {
    const folder = scratch()
    const first = await importInto(folder, exportFile(folder, perRegion(choice), 'project-3.json'))
    expect(first.code, first.stderr).toBe(0)
    const [document] = parseJsonl(first.jsonl) as any[]
    expect(document.labels.map((l: any) => l.label)).toEqual(['Politics'])
    const claim = document.spans.find((s: any) => s.label === 'Claim')
    expect(claim.attrs).toEqual({ checkworthy: 'yes' })
    expect(document.spans.find((s: any) => s.label === 'Speaker').attrs).toEqual({})
    expect(document.meta.label_studio.names).toEqual({ choices: 'topic', region_choices: ['checkworthy'] })
    const out = join(folder, 'back.json')
    expect((await cli('export', first.corpus, '--format', 'label-studio', '-o', out)).code).toBe(0)
    const [written] = JSON.parse(readFileSync(out, 'utf8'))
    const choices = written.annotations[0].result.filter((r: any) => r.type === 'choices')
    expect(choices).toEqual([
      expect.objectContaining({ id: `span-${claim.id}`, from_name: 'checkworthy', to_name: 'text', value: { ...utf16(PER_REGION_TEXT, 'growth is strong'), text: 'growth is strong', choices: ['yes'] } }),
      expect.objectContaining({ from_name: 'topic', value: { choices: ['Politics'] } }),
    ])
    const again = await importInto(folder, out)
    expect(again.code, again.stderr).toBe(0)
    expect(again.jsonl).toBe(first.jsonl)
  })

  it('keeps a per-region choice on no region of its annotation in the meta, and says so', async () => {
    const folder = scratch()
    const first = await importInto(folder, exportFile(folder, perRegion({ id: 'zz', value: { start: 0, end: 3, choices: ['yes'] } }), 'orphan.json'))
    expect(first.code, first.stderr).toBe(0)
    const [document] = parseJsonl(first.jsonl) as any[]
    expect(document.labels.map((l: any) => l.label)).toEqual(['Politics'])
    expect(document.meta.label_studio.results).toMatchObject([{ id: 'zz', from_name: 'checkworthy' }])
    expect(first.stderr).toMatch(/warning: Label Studio per-region choice on no region of its annotation, left out \(kept in the document's meta, label_studio\.results\)/)
  })

  it('writes a relation without a label back between the regions of its spans, and names one whose spans are gone', async () => {
    const folder = scratch()
    const text = 'Macron said growth is strong.'
    const region = (id: string, part: string, label: string) => ({ id, from_name: 'label', to_name: 'text', type: 'labels', value: { ...utf16(text, part), text: part, labels: [label] } })
    const tasks = [{ id: 8, data: { text }, annotations: [{ id: 1, completed_by: 1, result: [region('a', 'Macron', 'Speaker'), region('b', 'growth is strong', 'Claim'), { from_id: 'b', to_id: 'a', type: 'relation', direction: 'right', labels: [] }] }] }]
    const first = await importInto(folder, exportFile(folder, tasks, 'unlabeled_rel.json'))
    expect(first.code, first.stderr).toBe(0)
    expect(first.stderr).toMatch(/warning: Label Studio relation without a label kept in the document's meta \(label_studio\.unlabeled_relations\), which export writes back/)
    const [document] = parseJsonl(first.jsonl) as any[]
    expect(document.relations).toEqual([])
    const out = join(folder, 'back.json')
    const exported = await cli('export', first.corpus, '--format', 'label-studio', '-o', out)
    expect(exported.stderr).not.toMatch(/note/)
    const [written] = JSON.parse(readFileSync(out, 'utf8'))
    const results = written.annotations[0].result
    const regionOf = (part: string) => results.find((r: any) => r.type === 'labels' && r.value.text === part).id
    expect(results.filter((r: any) => r.type === 'relation')).toEqual([{ type: 'relation', from_id: regionOf('growth is strong'), to_id: regionOf('Macron'), direction: 'right', labels: [] }])
    const again = await importInto(folder, out)
    expect(again.code, again.stderr).toBe(0)
    expect(again.jsonl).toBe(first.jsonl)
    // The Speaker deleted in Marginalia: the relation has nothing to link, and the export says so.
    const edited = { ...document, spans: document.spans.filter((s: any) => s.label !== 'Speaker') }
    const gone = join(folder, 'gone.marginalia')
    expect((await cli('import', '--add-labels', gone, writeJsonl(folder, 'gone.jsonl', [edited]))).code).toBe(0)
    const goneOut = await cli('export', gone, '--format', 'label-studio', '-o', join(folder, 'gone.json'))
    expect(goneOut.code).toBe(0)
    expect(goneOut.stderr).toMatch(/note: 1 Label Studio relation without a label not written, as a span it linked is no longer there \(kept in meta\.label_studio\.unlabeled_relations\)/)
  })

  it('names the result of a document label the corpus lacks by its Label Studio path', async () => {
    const folder = scratch()
    const result = await cli('import', join(folder, 'c.marginalia'), writeFile(folder, 'twochoices.json', JSON.stringify(TWO_CHOICES)))
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/twochoices\.json:1: annotations\[0\]\.result\[0\]\.value\.choices: unknown document label "Politics"/)
    expect(result.stderr).toMatch(/twochoices\.json:1: annotations\[0\]\.result\[1\]\.value\.choices: unknown document label "Positive"/)
  })

  it.each([[[]], [['--format', 'label-studio']]])("recognises Label Studio's JSON-MIN export and refuses it, saying to export as JSON (%j)", async (args) => {
    const folder = scratch()
    const record = { id: 1, text: 'Kim 😀 met Putin.', label: [{ start: 11, end: 16, text: 'Putin', labels: ['Speaker'] }], annotator: 1, annotation_id: 1, created_at: '2024-05-01T10:00:00.000000Z', updated_at: '2024-05-01T10:00:00.000000Z', lead_time: 3.2 }
    const input = writeFile(folder, 'jsonmin.json', JSON.stringify([record]))
    const corpus = join(folder, 'c.marginalia')
    const result = await cli('import', '--add-labels', ...args, corpus, input)
    expect(result.code).toBe(1)
    expect(result.stderr.split('\n')[0]).toMatch(/jsonmin\.json:1: Label Studio's JSON-MIN export is not read \(.*\): export the project as JSON \(Export > JSON\) and import that; import refused, nothing was written/)
    expect(result.stderr).not.toMatch(/jsonl/)
    expect(existsSync(corpus)).toBe(false)
  })

  it("takes as the text the one data field that holds every region's value.text at its offsets, and writes it back there", async () => {
    const folder = scratch()
    const content = 'Kim 😀 met Putin.'
    const tasks = [{ id: 1, data: { content, source: 'wire' }, annotations: [{ id: 1, completed_by: { id: 3, email: 'ana@example.org' }, result: [{ id: 'a', from_name: 'ner', to_name: 'text', type: 'labels', value: { ...utf16(content, 'Putin'), text: 'Putin', labels: ['Speaker'] } }] }] }]
    const first = await importInto(folder, exportFile(folder, tasks, 'keys.json'))
    expect(first.code, first.stderr).toBe(0)
    expect(first.stderr).toMatch(/warning: Label Studio text read from data\.content, the one data field holding every region's value\.text at its offsets/)
    const [document] = parseJsonl(first.jsonl) as any[]
    expect(document).toMatchObject({ text: content, spans: [{ text: 'Putin' }] })
    expect(document.meta.label_studio).toMatchObject({ data: { source: 'wire' }, names: { data: 'content', labels: 'ner' } })
    const out = join(folder, 'back.json')
    expect((await cli('export', first.corpus, '--format', 'label-studio', '-o', out)).code).toBe(0)
    const [written] = JSON.parse(readFileSync(out, 'utf8'))
    expect(written.data).toMatchObject({ content, source: 'wire' })
    expect(written.annotations[0].result[0]).toMatchObject({ from_name: 'ner', to_name: 'text' })
    const again = await importInto(folder, out)
    expect(again.code, again.stderr).toBe(0)
    expect(again.jsonl).toBe(first.jsonl)
  })

  it.each([
    ['two fields hold the regions\' text', { content: 'Kim met Putin.', copy: 'Kim met Putin.' }, { start: 8, end: 13, text: 'Putin' }, /data: no text to annotate: data has content, copy, and the regions' value\.text fit more than one of them \(content, copy\); expected data\.text: import a copy of the file with the text under data\.text/],
    ['the regions give no text', { content: 'Kim met Putin.', source: 'wire' }, { start: 8, end: 13 }, /data: no text to annotate: data has content, source, and no region gives its value\.text to tell which is the text; expected data\.text: import a copy of the file with the text under data\.text/],
  ])('refuses a task whose text field cannot be told (%s), naming the way out', async (_name, data, value, reason) => {
    const folder = scratch()
    const tasks = [{ id: 1, data, annotations: [{ result: [{ id: 'a', from_name: 'ner', to_name: 'text', type: 'labels', value: { ...value, labels: ['Speaker'] } }] }] }]
    const result = await cli('import', '--add-labels', join(folder, 'c.marginalia'), exportFile(folder, tasks, 'keys.json'))
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(reason)
  })
})
