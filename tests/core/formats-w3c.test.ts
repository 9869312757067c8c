/**
 * The W3C Web Annotation format (`w3c`, `w3c-jsonl`): what the export writes, each MUST of the Web Annotation
 * Data Model and Vocabulary the export relies on, what import reads (the export, and annotations written as the
 * model's own examples write them), what it refuses, and round trips JSONL → W3C → JSONL.
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { EXTENSION_CONTEXT } from '../../src/core/formats/w3c-model'
import { cli, parseJsonl, scratch, writeFile, writeJsonl } from '../helpers'

const ANNO = 'http://www.w3.org/ns/anno.jsonld'
/** An absolute URI as RFC 3986 has it (what the W3C test suite's `format: uri` checks): ASCII only. */
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})+$/
/** xsd:dateTime in UTC with "Z". */
const UTC_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/

/** Emoji (one astral, one ZWJ family), CJK and right-to-left Hebrew, and curly quotes. */
const TEXT = 'Mr Putin 😀 told journalists: “北京 is far.” שלום עולם — 👩‍👩‍👧 and the end.'
/** Code point offsets of `part` in `text`. */
function at(text: string, part: string): { start: number; end: number } {
  const start = [...text.slice(0, text.indexOf(part))].length
  return { start, end: start + [...part].length }
}

const SOURCE = [
  {
    id: 'summit',
    title: 'Summit',
    meta: { url: 'https://example.org/a', tags: ['x', { deep: true }] },
    status: 'done',
    text: TEXT,
    created_at: '2024-05-01T09:00:00.000Z',
    updated_at: '2024-05-02T09:00:00.000Z',
    spans: [
      { id: 1, ...at(TEXT, 'Mr Putin'), label: 'Speaker', annotator: 'ana', attrs: { confidence: 0.9, note: 'check the name' }, created_at: '2024-05-01T10:00:00.000Z', updated_at: '2024-05-01T11:00:00.000Z' },
      { id: 2, ...at(TEXT, '北京 is far.'), label: 'Claim', annotator: 'ben', created_at: '2024-05-01T10:01:00.000Z', updated_at: '2024-05-01T10:01:00.000Z' },
      { id: 3, ...at(TEXT, '😀'), label: 'Spam', annotator: 'ben', created_at: '2024-05-01T10:02:00.000Z', updated_at: '2024-05-01T10:02:00.000Z' },
      { id: 4, ...at(TEXT, 'שלום עולם'), label: 'Source', annotator: 'ana', created_at: '2024-05-01T10:03:00.000Z', updated_at: '2024-05-01T10:03:00.000Z' },
      { id: 7, ...at(TEXT, '👩‍👩‍👧'), label: 'Spam', annotator: 'ana', created_at: '2024-05-01T10:04:00.000Z', updated_at: '2024-05-01T10:04:00.000Z' },
    ],
    relations: [{ id: 1, head: 2, child: 1, label: 'attributed_to', annotator: 'ana', created_at: '2024-05-01T10:05:00.000Z', updated_at: '2024-05-01T10:06:00.000Z' }],
    labels: [{ label: 'Politics', annotator: 'ana', created_at: '2024-05-01T10:07:00.000Z' }],
  },
  { id: 'other doc/ü', title: 'Other', meta: {}, status: 'skipped', text: 'Nothing tagged here.', created_at: '2024-05-03T09:00:00.000Z', updated_at: '2024-05-03T09:00:00.000Z' },
]

const digest = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex')

/** A corpus made from `records` (labels added), and its JSONL export. */
async function corpusOf(folder: string, records: unknown[], name = 'source'): Promise<{ corpus: string; jsonl: string }> {
  const corpus = join(folder, `${name}.marginalia`)
  const imported = await cli('import', '--add-labels', corpus, writeJsonl(folder, `${name}.jsonl`, records))
  expect(imported.code, imported.stderr).toBe(0)
  const exported = await cli('export', corpus)
  expect(exported.code).toBe(0)
  return { corpus, jsonl: exported.stdout }
}

/** Exports `corpus` in `format` to a file and returns its path and what the CLI said. */
async function exportAs(corpus: string, format: string, out: string, ...args: string[]): Promise<{ path: string; stderr: string }> {
  const result = await cli('export', corpus, '--format', format, '-o', out, ...args)
  expect(result.code, result.stderr).toBe(0)
  return { path: out, stderr: result.stderr }
}

/** The annotations of a `w3c` export (the items of its page) or a `w3c-jsonl` one. */
function annotationsOf(path: string): any[] {
  const text = readFileSync(path, 'utf8')
  return text.startsWith('{\n') ? JSON.parse(text).first.items : parseJsonl(text)
}

/** Imports `path` into a new corpus and returns the result and the corpus's JSONL export. */
async function reimport(folder: string, path: string, ...args: string[]): Promise<{ code: number; stderr: string; jsonl: string; corpus: string }> {
  const corpus = join(folder, `back-${Math.random().toString(36).slice(2)}.marginalia`)
  const result = await cli('import', '--add-labels', ...args, corpus, path)
  const jsonl = result.code === 0 ? (await cli('export', corpus)).stdout : ''
  return { ...result, jsonl, corpus }
}

describe('W3C annotations in a .jsonl file', () => {
  it('are recognised by their content, while a plain JSONL file stays JSONL', async () => {
    const folder = scratch()
    const { corpus, jsonl } = await corpusOf(folder, SOURCE)
    const w3cLines = (await exportAs(corpus, 'w3c-jsonl', join(folder, 'annotations.jsonl'))).path
    const fromW3c = await reimport(folder, w3cLines)
    expect(fromW3c.code, fromW3c.stderr).toBe(0)
    expect(fromW3c.jsonl).toBe(jsonl)
    const plain = writeFile(folder, 'plain.jsonl', jsonl)
    const fromPlain = await reimport(folder, plain)
    expect(fromPlain.code, fromPlain.stderr).toBe(0)
    expect(fromPlain.jsonl).toBe(jsonl)
  })
})

describe('W3C export: what maps to what', () => {
  it('writes a document as a describing annotation holding its text, with its fields in marginalia:document', async () => {
    const folder = scratch()
    const { corpus } = await corpusOf(folder, SOURCE)
    const [text] = annotationsOf((await exportAs(corpus, 'w3c-jsonl', join(folder, 'out.jsonl'))).path)
    expect(text).toMatchObject({
      id: 'urn:marginalia:doc:summit:text',
      type: 'Annotation',
      motivation: 'describing',
      created: '2024-05-01T09:00:00.000Z',
      modified: '2024-05-02T09:00:00.000Z',
      body: { type: 'TextualBody', value: TEXT, format: 'text/plain', purpose: 'describing' },
      target: { id: 'urn:marginalia:doc:summit', type: 'Text', format: 'text/plain' },
      'marginalia:document': { id: 'summit', title: 'Summit', status: 'done', meta: SOURCE[0].meta },
    })
  })

  it('writes a span as a tagging annotation on a SpecificResource with position (code points) and quote selectors', async () => {
    const folder = scratch()
    const { corpus } = await corpusOf(folder, SOURCE)
    const annotations = annotationsOf((await exportAs(corpus, 'w3c-jsonl', join(folder, 'out.jsonl'))).path)
    const speaker = annotations.find((a) => a.id === 'urn:marginalia:doc:summit:span:1')
    expect(speaker).toMatchObject({
      motivation: 'tagging',
      creator: { id: 'urn:marginalia:annotator:ana', type: 'Person', nickname: 'ana' },
      created: '2024-05-01T10:00:00.000Z',
      modified: '2024-05-01T11:00:00.000Z',
      body: [
        { type: 'TextualBody', value: 'Speaker', purpose: 'tagging' },
        { type: 'TextualBody', value: 'check the name', purpose: 'commenting' },
      ],
      target: {
        type: 'SpecificResource',
        source: 'urn:marginalia:doc:summit',
        selector: [
          { type: 'TextPositionSelector', start: 0, end: 8 },
          { type: 'TextQuoteSelector', exact: 'Mr Putin', suffix: [...TEXT].slice(8, 40).join('') },
        ],
      },
      'marginalia:span': { id: 1, attrs: { confidence: 0.9, note: 'check the name' } },
    })
    expect(speaker.target.selector[1]).not.toHaveProperty('prefix') // nothing before the start of the text
    const claim = annotations.find((a) => a.id === 'urn:marginalia:doc:summit:span:2')
    const { start, end } = at(TEXT, '北京 is far.')
    expect(claim.body).toEqual({ type: 'TextualBody', value: 'Claim', format: 'text/plain', purpose: 'tagging' })
    expect(claim.target.selector[0]).toEqual({ type: 'TextPositionSelector', start, end })
    expect(claim.target.selector[1].prefix).toBe([...TEXT].slice(Math.max(0, start - 32), start).join(''))
  })

  it('writes a relation as a linking annotation whose targets are the two span annotations, head first', async () => {
    const folder = scratch()
    const { corpus } = await corpusOf(folder, SOURCE)
    const annotations = annotationsOf((await exportAs(corpus, 'w3c-jsonl', join(folder, 'out.jsonl'))).path)
    expect(annotations.find((a) => a.motivation === 'linking')).toMatchObject({
      id: 'urn:marginalia:doc:summit:relation:1',
      body: { type: 'TextualBody', value: 'attributed_to', purpose: 'linking' },
      target: ['urn:marginalia:doc:summit:span:2', 'urn:marginalia:doc:summit:span:1'],
      creator: { nickname: 'ana' },
      'marginalia:relation': { id: 1, head: 'urn:marginalia:doc:summit:span:2' },
    })
    expect(annotations.find((a) => a.motivation === 'classifying')).toMatchObject({
      id: 'urn:marginalia:doc:summit:label:Politics:ana',
      body: { type: 'TextualBody', value: 'Politics', purpose: 'classifying' },
      target: 'urn:marginalia:doc:summit',
      created: '2024-05-01T10:07:00.000Z',
    })
  })

  it('writes one AnnotationCollection whose embedded first page holds every annotation, one per line', async () => {
    const folder = scratch()
    const { corpus } = await corpusOf(folder, SOURCE)
    const { path } = await exportAs(corpus, 'w3c', join(folder, 'out.jsonld'))
    const text = readFileSync(path, 'utf8')
    const collection = JSON.parse(text)
    expect(Object.keys(collection)).toEqual(['@context', 'id', 'type', 'label', 'first', 'last', 'total'])
    expect(collection.first.items).toHaveLength(9) // 2 texts, 5 spans, 1 relation, 1 label
    expect(collection.total).toBe(9)
    expect(collection.last).toBe(collection.first.id)
    expect(collection.first.partOf).toBe(collection.id)
    for (const item of collection.first.items) expect(text).toContain(`\n      ${JSON.stringify(item)}`)
    // Two exports of one corpus differ only in the collection's and page's identifiers.
    const again = JSON.parse(readFileSync((await exportAs(corpus, 'w3c', join(folder, 'again.jsonld'))).path, 'utf8'))
    expect(again.first.items).toEqual(collection.first.items)
    expect(again.id).not.toBe(collection.id)
  })

  it('writes an empty collection for an empty corpus, and says how many documents it wrote', async () => {
    const folder = scratch()
    const { corpus } = await corpusOf(folder, [SOURCE[1]])
    const empty = await cli('export', corpus, '--format', 'w3c', '--status', 'todo')
    expect(JSON.parse(empty.stdout)).toMatchObject({ type: 'AnnotationCollection', total: 0 })
    expect(JSON.parse(empty.stdout)).not.toHaveProperty('first')
    expect((await cli('export', corpus, '--format', 'w3c-jsonl', '--status', 'todo')).stdout).toBe('')
    expect((await exportAs(corpus, 'w3c', join(folder, 'one.jsonld'))).stderr).toMatch(/exported 1 document to/)
  })

  it('mints IRIs from document and span ids, percent-encoded to plain ASCII', async () => {
    const folder = scratch()
    const { corpus } = await corpusOf(folder, SOURCE)
    const annotations = annotationsOf((await exportAs(corpus, 'w3c-jsonl', join(folder, 'out.jsonl'))).path)
    expect(annotations.at(-1).target.id).toBe('urn:marginalia:doc:other%20doc%2F%C3%BC')
    expect(annotations.map((a) => a.id)).toContain('urn:marginalia:doc:summit:span:7')
  })
})

/**
 * Each MUST of the Web Annotation Data Model (https://www.w3.org/TR/annotation-model/) and Vocabulary
 * (https://www.w3.org/TR/annotation-vocab/) that the export relies on, checked on every annotation of both forms.
 */
describe('W3C MUSTs the export relies on', () => {
  /** Every annotation of both export forms of the source corpus, and the collection. */
  async function exported(): Promise<{ annotations: any[]; collection: any }> {
    const folder = scratch()
    const { corpus } = await corpusOf(folder, SOURCE)
    const collection = JSON.parse(readFileSync((await exportAs(corpus, 'w3c', join(folder, 'out.jsonld'))).path, 'utf8'))
    const lines = annotationsOf((await exportAs(corpus, 'w3c-jsonl', join(folder, 'out.jsonl'))).path)
    expect(lines).toEqual(collection.first.items)
    return { annotations: lines, collection }
  }

  it('3.1 @context: 1 or more values, http://www.w3.org/ns/anno.jsonld one of them (first); a single value as a string', async () => {
    const { annotations } = await exported()
    for (const a of annotations) {
      expect(Object.keys(a)[0]).toBe('@context')
      if (Array.isArray(a['@context'])) {
        expect(a['@context'][0]).toBe(ANNO)
        expect(a['@context'].length).toBeGreaterThan(1)
      } else expect(a['@context']).toBe(ANNO)
    }
    expect(annotations.filter((a) => typeof a['@context'] === 'string').length).toBeGreaterThan(0)
  })

  it('3.1 id: exactly 1 IRI identifying the annotation (an absolute ASCII URI, unique in the export)', async () => {
    const { annotations } = await exported()
    for (const a of annotations) expect(a.id).toMatch(URI)
    expect(new Set(annotations.map((a) => a.id)).size).toBe(annotations.length)
  })

  it('3.1 type: 1 or more types, Annotation one of them', async () => {
    const { annotations } = await exported()
    for (const a of annotations) expect(a.type).toBe('Annotation')
  })

  it('3.1 target: 1 or more targets, each an IRI or a resource the model defines', async () => {
    const { annotations } = await exported()
    for (const a of annotations) {
      for (const target of [a.target].flat()) {
        if (typeof target === 'string') expect(target).toMatch(URI)
        else if (target.type === 'SpecificResource') expect(target).not.toHaveProperty('id')
        else expect(target.id).toMatch(URI) // 3.2.1: an External Web Resource has exactly 1 id, its IRI
      }
    }
  })

  it('3.2.5 bodyValue: never together with body (the export always uses TextualBody)', async () => {
    const { annotations } = await exported()
    for (const a of annotations) expect(a).not.toHaveProperty('bodyValue')
  })

  it('3.2.4 TextualBody: exactly 1 value, a string; a target is never a TextualBody', async () => {
    const { annotations } = await exported()
    for (const a of annotations) {
      for (const body of [a.body].flat()) {
        expect(body.type).toBe('TextualBody')
        expect(typeof body.value).toBe('string')
        expect(body).not.toHaveProperty('id') // so that it is not also an External Web Resource
      }
      for (const target of [a.target].flat()) if (typeof target === 'object') expect(target).not.toHaveProperty('value')
    }
  })

  it('3.3.1 created, modified: at most 1 each, an xsd:dateTime in UTC expressed with "Z"', async () => {
    const { annotations } = await exported()
    for (const a of annotations) {
      for (const key of ['created', 'modified']) if (key in a) expect(a[key]).toMatch(UTC_TIME)
    }
  })

  it('3.3.1 times given with a UTC offset are written in UTC with "Z", and the export says so', async () => {
    const folder = scratch()
    const { corpus } = await corpusOf(folder, [{ id: 'd', text: 'Hello there', created_at: '2024-05-01T12:00:00.123456+02:00', spans: [{ start: 0, end: 5, label: 'Claim', created_at: '2024-05-01T01:30:00-03:30' }] }])
    const { path, stderr } = await exportAs(corpus, 'w3c-jsonl', join(folder, 'out.jsonl'))
    const [text, span] = annotationsOf(path)
    expect(text.created).toBe('2024-05-01T10:00:00.123456Z')
    expect(span.created).toBe('2024-05-01T05:00:00Z')
    expect(stderr).toMatch(/note: 4 times with a UTC offset written in UTC \("Z"\), as the W3C model requires/)
  })

  it('3.3.2 Agent: at most 1 IRI, typed, with a nickname', async () => {
    const { annotations } = await exported()
    for (const a of annotations.filter((a) => a.creator !== undefined)) {
      expect(typeof a.creator.id).toBe('string')
      expect(a.creator.id).toMatch(URI)
      expect(['Person', 'Software']).toContain(a.creator.type)
    }
  })

  it('3.3.5 motivation and purpose: values from the model\'s list of Motivations', async () => {
    const motivations = ['assessing', 'bookmarking', 'classifying', 'commenting', 'describing', 'editing', 'highlighting', 'identifying', 'linking', 'moderating', 'questioning', 'replying', 'tagging']
    const { annotations } = await exported()
    for (const a of annotations) {
      expect(motivations).toContain(a.motivation)
      for (const body of [a.body].flat()) expect(motivations).toContain(body.purpose)
    }
  })

  it('4 SpecificResource: exactly 1 source, an IRI', async () => {
    const { annotations } = await exported()
    const specific = annotations.flatMap((a) => [a.target].flat()).filter((t) => t.type === 'SpecificResource')
    expect(specific.length).toBe(5)
    for (const target of specific) expect(target.source).toMatch(URI)
  })

  it('4.2.4 TextQuoteSelector: exactly 1 type TextQuoteSelector, exactly 1 exact, at most 1 prefix and suffix (strings)', async () => {
    const { annotations } = await exported()
    for (const selector of annotations.flatMap((a) => [a.target].flat()).flatMap((t) => t.selector ?? [])) {
      if (selector.type !== 'TextQuoteSelector') continue
      expect(typeof selector.exact).toBe('string')
      for (const key of ['prefix', 'suffix']) if (key in selector) expect(typeof selector[key]).toBe('string')
      expect(Object.keys(selector).every((key) => ['type', 'exact', 'prefix', 'suffix'].includes(key))).toBe(true)
    }
  })

  it('4.2.5 TextPositionSelector: exactly 1 type, exactly 1 start and 1 end, non-negative integers', async () => {
    const { annotations } = await exported()
    for (const selector of annotations.flatMap((a) => [a.target].flat()).flatMap((t) => t.selector ?? [])) {
      if (selector.type !== 'TextPositionSelector') continue
      expect(Number.isInteger(selector.start) && selector.start >= 0).toBe(true)
      expect(Number.isInteger(selector.end) && selector.end >= selector.start).toBe(true)
    }
  })

  it('4.2.4/4.2.5 selection in Unicode code points, not code units: positions slice the text to the quote, emoji and all', async () => {
    const { annotations } = await exported()
    const text = annotations[0].body.value
    for (const a of annotations.filter((a) => a.motivation === 'tagging')) {
      const [position, quote] = a.target.selector
      const points = [...text]
      expect(points.slice(position.start, position.end).join('')).toBe(quote.exact)
      if (quote.prefix !== undefined) expect(points.slice(position.start - [...quote.prefix].length, position.start).join('')).toBe(quote.prefix)
      if (quote.suffix !== undefined) expect(points.slice(position.end, position.end + [...quote.suffix].length).join('')).toBe(quote.suffix)
    }
    const emoji = annotations.find((a) => a.id.endsWith(':span:3')).target.selector[0]
    expect(emoji.end - emoji.start).toBe(1) // one code point, though two UTF-16 units
    const family = annotations.find((a) => a.id.endsWith(':span:7')).target.selector
    expect(family[0].end - family[0].start).toBe(5) // 👩‍👩‍👧: three emoji and two joiners
    expect(family[1].exact).toBe('👩‍👩‍👧')
  })

  it('4.2.4 selection in logical order, not visual order, for right-to-left text', async () => {
    const { annotations } = await exported()
    const hebrew = annotations.find((a) => a.id.endsWith(':span:4'))
    expect(hebrew.target.selector[1].exact).toBe('שלום עולם') // as stored: first letter ש first
    expect(hebrew.target.selector[1].exact.codePointAt(0)).toBe(0x05e9)
  })

  it('4.2.4 text normalized before recording: plain text is recorded exactly as stored (no markup to remove)', async () => {
    const { annotations } = await exported()
    expect(annotations[0].body.format).toBe('text/plain')
    expect(annotations[0].body.value).toBe(TEXT)
  })

  it('5.1 AnnotationCollection: @context, exactly 1 IRI id, type AnnotationCollection, a string label, total a non-negative integer, first when total > 0', async () => {
    const { collection } = await exported()
    expect(collection['@context']).toBe(ANNO)
    expect(collection.id).toMatch(URI)
    expect(collection.type).toBe('AnnotationCollection')
    expect(typeof collection.label).toBe('string')
    expect(Number.isInteger(collection.total) && collection.total > 0).toBe(true)
    expect(collection.first.type).toBe('AnnotationPage')
    expect(collection.last).toMatch(URI)
  })

  it('5.2 AnnotationPage: exactly 1 IRI id, type AnnotationPage, items an array of 1 or more annotations, startIndex non-negative, no next on the only page; embedded, so no @context', async () => {
    const { collection } = await exported()
    const page = collection.first
    expect(page.id).toMatch(URI)
    expect(page.type).toBe('AnnotationPage')
    expect(page.items.length).toBe(collection.total)
    expect(page.startIndex).toBe(0)
    expect(page.partOf).toBe(collection.id)
    expect(page).not.toHaveProperty('next')
    expect(page).not.toHaveProperty('@context')
  })

  it('Vocabulary 4 (Extensions): the extension context redefines no key of the Web Annotation context', () => {
    const annoTerms = ['id', 'type', 'body', 'target', 'source', 'selector', 'creator', 'created', 'modified', 'motivation', 'purpose', 'value', 'start', 'end', 'exact', 'prefix', 'suffix', 'items', 'first', 'last', 'total', 'label', 'name', 'nickname', 'format', 'language', 'oa', 'dc', 'dcterms', 'as', 'schema', 'foaf', 'rdf', 'rdfs', 'skos', 'xsd', 'owl', 'iana', 'dctypes']
    for (const key of Object.keys(EXTENSION_CONTEXT)) {
      expect(annoTerms).not.toContain(key)
      if (!key.startsWith('@')) expect(key === 'marginalia' || key.startsWith('marginalia:')).toBe(true)
    }
  })

  it('Vocabulary 4 (Extensions): implementations MUST ignore unfamiliar properties: import reads annotations with extra keys', async () => {
    const folder = scratch()
    const { corpus, jsonl } = await corpusOf(folder, SOURCE)
    const { path } = await exportAs(corpus, 'w3c-jsonl', join(folder, 'out.jsonl'))
    const decorated = annotationsOf(path).map((a) => ({ ...a, 'schema:about': 'news', stylesheet: { type: 'CssStylesheet', value: '.x {}' }, canonical: `urn:uuid:${a.id.length}` }))
    const back = await reimport(folder, writeJsonl(folder, 'decorated.jsonl', decorated), '--format', 'w3c-jsonl')
    expect(back.code, back.stderr).toBe(0)
    expect(back.jsonl).toBe(jsonl)
  })

  it('4.2 multiple selectors: a consumer MUST pick one where they differ; Marginalia refuses instead of guessing', async () => {
    const folder = scratch()
    const { corpus } = await corpusOf(folder, SOURCE)
    const annotations = annotationsOf((await exportAs(corpus, 'w3c-jsonl', join(folder, 'out.jsonl'))).path)
    annotations[1].target.selector[1].exact = 'Mr Pution'
    const back = await reimport(folder, writeJsonl(folder, 'differ.jsonl', annotations), '--format', 'w3c-jsonl')
    expect(back.code).toBe(1)
    expect(back.stderr).toMatch(/differ\.jsonl:2: annotation urn:marginalia:doc:summit:span:1: TextQuoteSelector\.exact "Mr Pution" differs from the text at the position \[0, 8\): "Mr Putin"/)
  })
})

describe('W3C import', () => {
  it('reads annotations written as the model\'s examples write them: quote-only selectors, bodyValue, IRI creators, string targets', async () => {
    const folder = scratch()
    const doc = 'urn:marginalia:doc:page1'
    const text = 'this is an anotation that has some typos, and this is an anotation too.'
    // The first annotation carries the text, as Marginalia writes it; the others are shaped like the
    // Web Annotation Data Model's examples 5, 6, 12, 15 and 23.
    const file = writeFile(
      folder,
      'examples.jsonld',
      JSON.stringify(
        {
          '@context': ANNO,
          id: 'http://example.org/collection1',
          type: 'AnnotationCollection',
          label: 'Two pages of typos',
          total: 6,
          first: {
            id: 'http://example.org/page1',
            type: 'AnnotationPage',
            startIndex: 0,
            items: [
              { '@context': [ANNO, EXTENSION_CONTEXT], id: `${doc}:text`, type: 'Annotation', motivation: 'describing', body: { type: 'TextualBody', value: text, format: 'text/plain' }, target: doc, 'marginalia:document': { id: 'page1' } },
              {
                '@context': ANNO,
                id: 'http://example.org/anno23',
                type: 'Annotation',
                motivation: 'tagging',
                creator: 'http://example.org/user1',
                created: '2015-01-28T12:00:00Z',
                bodyValue: 'Typo',
                target: { source: doc, selector: { type: 'TextQuoteSelector', exact: 'anotation', prefix: 'this is an ', suffix: ' that has some' } },
              },
              {
                '@context': ANNO,
                id: 'http://example.org/anno12',
                type: 'Annotation',
                creator: { id: 'http://example.org/user2', type: 'Person', name: 'My Pseudonym', nickname: 'pseudo' },
                body: [
                  { type: 'TextualBody', value: 'Typo', purpose: 'tagging' },
                  { type: 'TextualBody', value: 'should be annotation', purpose: 'commenting' },
                ],
                target: { source: doc, selector: { type: 'TextQuoteSelector', exact: 'anotation', suffix: ' too.' } },
              },
              { '@context': ANNO, id: 'http://example.org/anno15', type: 'Annotation', motivation: 'bookmarking', body: { type: 'TextualBody', value: 'readme', purpose: 'tagging' }, target: doc },
              { '@context': ANNO, id: 'http://example.org/anno5', type: 'Annotation', body: { type: 'TextualBody', value: "<p>j'adore !</p>", format: 'text/html', language: 'fr' }, target: doc },
              { '@context': ANNO, id: 'http://example.org/anno8', type: 'Annotation', motivation: 'highlighting', target: { source: doc, selector: { type: 'TextPositionSelector', start: 0, end: 4 } } },
            ],
          },
        },
        null,
        2,
      ),
    )
    const back = await reimport(folder, file)
    expect(back.code, back.stderr).toBe(0)
    expect(back.stderr).toMatch(/imported 1 document \(2 spans, 0 relations, 1 document label\)/)
    expect(back.stderr).toMatch(/annotation on a whole document without a classifying or tagging body left out \(motivation none\)/)
    expect(back.stderr).toMatch(/annotation without a tagging body left out \(motivation highlighting\) \(at \S+:(\d+)\)/)
    // At the line the highlighting annotation starts on, not the document's.
    const line = Number(/motivation highlighting\) \(at \S+:(\d+)\)/.exec(back.stderr)![1])
    expect(readFileSync(file, 'utf8').split('\n')[line - 1]).toMatch(/^\s*\{$/)
    expect(readFileSync(file, 'utf8').split('\n').slice(line, line + 3).join('\n')).toMatch(/anno8/)
    const [record] = parseJsonl(back.jsonl) as any[]
    expect(record.spans.map((s: any) => [s.start, s.end, s.label, s.text, s.annotator, s.attrs])).toEqual([
      [11, 20, 'Typo', 'anotation', 'http://example.org/user1', { w3c: { id: 'http://example.org/anno23' } }],
      [57, 66, 'Typo', 'anotation', 'pseudo', { note: 'should be annotation', w3c: { id: 'http://example.org/anno12', creator: { id: 'http://example.org/user2', type: 'Person', name: 'My Pseudonym', nickname: 'pseudo' } } }],
    ])
    expect(record.spans[0].created_at).toBe('2015-01-28T12:00:00Z')
    expect(record.labels).toMatchObject([{ label: 'readme' }])
  })

  it("keeps a foreign annotation's own properties in its span's attrs (w3c), says so, and writes them back where W3C has a place", async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    const article = 'http://example.org/a'
    const texts = writeJsonl(folder, 'texts.jsonl', [{ id: article, text: 'Hello 😀 Mr Putin said it. Mr Putin again.' }])
    const annotation = {
      '@context': ANNO,
      id: 'https://hypothes.is/a/9',
      type: 'Annotation',
      motivation: 'tagging',
      creator: { type: 'Person', name: 'Alice Smith', email: 'alice@x.org' },
      generator: { id: 'https://hypothes.is', type: 'Software' },
      rights: 'http://creativecommons.org/licenses/by/4.0/',
      body: { type: 'TextualBody', value: 'Speaker', language: 'en' },
      target: { source: article, state: { type: 'HttpRequestState', value: 'Accept: text/plain' }, selector: { type: 'TextQuoteSelector', exact: 'Mr Putin', prefix: '😀 ' } },
    }
    const file = writeJsonl(folder, 'hypothesis.jsonl', [annotation])
    const result = await cli('import', '--add-labels', corpus, texts, file)
    expect(result.code, result.stderr).toBe(0)
    const [document] = parseJsonl((await cli('export', corpus)).stdout) as any[]
    expect(document.spans).toHaveLength(1)
    const { '@context': _context, type: _type, motivation: _motivation, ...own } = annotation
    expect(document.spans[0]).toMatchObject({ text: 'Mr Putin', label: 'Speaker', annotator: 'Alice Smith', attrs: { w3c: own } })
    expect(result.stderr).toMatch(/warning: W3C annotation properties kept in the span's attrs \(w3c\): id, creator, generator, rights, body, target \(at \S+hypothesis\.jsonl:1\)/)
    const { path } = await exportAs(corpus, 'w3c-jsonl', join(folder, 'out.jsonl'))
    const written = annotationsOf(path).find((a) => a.motivation === 'tagging')
    expect(written).toMatchObject({ via: 'https://hypothes.is/a/9', generator: annotation.generator, rights: annotation.rights })
    expect(written.body).toMatchObject({ value: 'Speaker', purpose: 'tagging', language: 'en' })
    expect(written.target).toMatchObject({ source: article, state: annotation.target.state })
    expect(written.creator).toMatchObject({ nickname: 'Alice Smith', email: 'alice@x.org' })
  })

  it("writes back every body, selector, creator and motivation a foreign annotation kept, beside its own and never twice, so that a W3C tool's re-import keeps them", async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    const article = 'http://example.org/a'
    const texts = writeJsonl(folder, 'texts.jsonl', [{ id: article, text: 'Hello Mr Putin said it. Mr Putin again.' }])
    const range = { type: 'RangeSelector', startSelector: { type: 'XPathSelector', value: '/p[1]' }, endSelector: { type: 'XPathSelector', value: '/p[1]' } }
    const comment = { type: 'TextualBody', value: 'check him', purpose: 'commenting', language: 'en' }
    const link = { id: 'http://example.org/tags/person', type: 'SpecificResource' }
    const description = { type: 'TextualBody', value: 'Russian president', purpose: 'describing' }
    const annotation = {
      '@context': ANNO,
      id: 'https://hypothes.is/a/11',
      type: 'Annotation',
      motivation: 'highlighting',
      creator: [{ type: 'Person', nickname: 'alice' }, { type: 'Person', nickname: 'bob' }],
      body: [{ type: 'TextualBody', value: 'Speaker', purpose: 'tagging' }, comment, link, description, { type: 'TextualBody', value: 'a second comment', purpose: 'commenting' }],
      target: { source: article, selector: [{ type: 'TextQuoteSelector', exact: 'Mr Putin', prefix: 'Hello ', conformsTo: 'http://example.org/q' }, range] },
    }
    const result = await cli('import', '--add-labels', corpus, texts, writeJsonl(folder, 'foreign.jsonl', [annotation]))
    expect(result.code, result.stderr).toBe(0)
    const { path } = await exportAs(corpus, 'w3c-jsonl', join(folder, 'out.jsonl'))
    const written = annotationsOf(path).find((a) => a.target?.selector !== undefined)
    expect(written.motivation).toBe('highlighting')
    expect(written.body.filter((b: any) => b.purpose === 'tagging')).toMatchObject([{ value: 'Speaker' }])
    expect(written.body.filter((b: any) => b.purpose === 'commenting')).toMatchObject([{ value: 'check him', language: 'en' }, { value: 'a second comment' }])
    expect(written.body).toContainEqual(link)
    expect(written.body).toContainEqual(description)
    expect(written.body).toHaveLength(5)
    expect(written.target.selector.map((s: any) => s.type)).toEqual(['TextPositionSelector', 'TextQuoteSelector', 'RangeSelector'])
    expect(written.target.selector[1]).toMatchObject({ exact: 'Mr Putin', conformsTo: 'http://example.org/q' })
    expect(written.target.selector[2]).toEqual(range)
    expect(written.creator).toMatchObject([{ nickname: 'alice' }, { type: 'Person', nickname: 'bob' }])
    // A W3C tool that drops Marginalia's extension property gives the same span back, with what it kept.
    const { 'marginalia:span': _extension, ...plain } = written
    const again = join(folder, 'again.marginalia')
    const back = await cli('import', '--add-labels', again, texts, writeJsonl(folder, 'plain.jsonl', [plain]))
    expect(back.code, back.stderr).toBe(0)
    const [document] = parseJsonl((await cli('export', again)).stdout) as any[]
    expect(document.spans).toHaveLength(1)
    expect(document.spans[0]).toMatchObject({ text: 'Mr Putin', label: 'Speaker', annotator: 'alice', attrs: { note: 'check him' } })
    expect(document.spans[0].attrs.w3c.body).toEqual(written.body)
    expect(document.spans[0].attrs.w3c.target.selector).toContainEqual(range)
    // Marginalia's own round trip says nothing is lost.
    const own = await reimport(folder, path)
    expect(own.code, own.stderr).toBe(0)
    expect(own.stderr).not.toMatch(/not kept/)
    expect(own.jsonl).toBe((await cli('export', corpus)).stdout)
  })

  it('places annotations on a stored text whose positions count the CR line ends import made LF: by their quotes, or with a warning', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    const article = 'https://example.org/crlf'
    const given = 'Line one 😀.\r\nMr Putin said.\r\nEnd: Putin left.'
    expect((await cli('import', '-q', corpus, writeJsonl(folder, 'texts.jsonl', [{ id: article, text: given }]))).code).toBe(0)
    const at = (part: string, from = 0) => ({ start: [...given.slice(0, given.indexOf(part, from))].length, end: [...given.slice(0, given.indexOf(part, from))].length + [...part].length })
    const first = at('Putin')
    const second = at('Putin', given.indexOf('End'))
    const annotation = (n: number, selector: unknown) => ({ '@context': ANNO, id: `urn:t:${n}`, type: 'Annotation', motivation: 'tagging', bodyValue: 'Speaker', target: { source: article, selector } })
    // With a quote: the positions as counted on the text with its CRs are confirmed by it, and taken.
    const quoted = writeJsonl(folder, 'quoted.w3c.jsonl', [
      annotation(1, [{ type: 'TextPositionSelector', ...first }, { type: 'TextQuoteSelector', exact: 'Putin' }]),
      annotation(2, [{ type: 'TextPositionSelector', ...second }, { type: 'TextQuoteSelector', exact: 'Putin' }]),
    ])
    const placed = await cli('import', '--format', 'w3c-jsonl', '--annotator', 'bob', corpus, quoted)
    expect(placed.code, placed.stderr).toBe(0)
    expect(placed.stderr).toMatch(/count a CR before each line feed/)
    const spans = async () => (parseJsonl((await cli('export', corpus)).stdout) as any[])[0].spans.map((s: any) => [s.annotator, s.text, s.start])
    const stored = 'Line one 😀.\nMr Putin said.\nEnd: Putin left.'
    expect(await spans()).toEqual([['bob', 'Putin', [...stored.slice(0, stored.indexOf('Putin'))].length], ['bob', 'Putin', [...stored.slice(0, stored.lastIndexOf('Putin'))].length]])
    // Positions past the stored text's end, counted with its CRs, and a quote across a line end as given (CRLF).
    const tail = at('left.')
    const across = at('said.\r\nEnd')
    const further = writeJsonl(folder, 'tail.w3c.jsonl', [
      annotation(4, [{ type: 'TextPositionSelector', ...tail, end: tail.start + 5 }, { type: 'TextQuoteSelector', exact: 'left.' }]),
      annotation(5, [{ type: 'TextPositionSelector', start: across.start, end: across.start + 10 }, { type: 'TextQuoteSelector', exact: 'said.\r\nEnd' }]),
    ])
    const placedToo = await cli('import', '--format', 'w3c-jsonl', '--annotator', 'cy', corpus, further)
    expect(placedToo.code, placedToo.stderr).toBe(0)
    const cys = (parseJsonl((await cli('export', corpus)).stdout) as any[])[0].spans.filter((s: any) => s.annotator === 'cy').map((s: any) => s.text)
    expect(cys).toEqual(['said.\nEnd', 'left.'])
    // By positions alone: nothing confirms them, so they are taken as they are, with a warning saying what they fit.
    const alone = await cli('import', '--format', 'w3c-jsonl', '--annotator', 'eve', corpus, writeJsonl(folder, 'alone.w3c.jsonl', [annotation(3, { type: 'TextPositionSelector', ...second })]))
    expect(alone.code, alone.stderr).toBe(0)
    expect(alone.stderr).toMatch(/warning: .*cut words in the text as the corpus holds it, but fit word edges if their positions count a CR before each line feed/)
  })

  it('writes back a body without purpose of an annotation without motivation, which no reader takes for a tag, and no motivation either', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    const article = 'http://example.org/a'
    const texts = writeJsonl(folder, 'texts.jsonl', [{ id: article, text: 'Hello Mr Putin said it.' }])
    const remark = { type: 'TextualBody', value: 'checked by the desk' }
    const annotation = { '@context': ANNO, id: 'urn:x:1', type: 'Annotation', body: [{ type: 'TextualBody', value: 'Speaker', purpose: 'tagging' }, remark], target: { source: article, selector: { type: 'TextQuoteSelector', exact: 'Mr Putin' } } }
    const result = await cli('import', '--add-labels', corpus, texts, writeJsonl(folder, 'foreign.jsonl', [annotation]))
    expect(result.code, result.stderr).toBe(0)
    expect((parseJsonl((await cli('export', corpus)).stdout) as any[])[0].spans.map((s: any) => s.label)).toEqual(['Speaker'])
    const { path } = await exportAs(corpus, 'w3c-jsonl', join(folder, 'out.jsonl'))
    const written = annotationsOf(path).find((a) => a.target?.selector !== undefined)
    expect(written.body).toEqual([expect.objectContaining({ value: 'Speaker', purpose: 'tagging' }), remark])
    expect(written.motivation).toBeUndefined() // as read: with motivation tagging, the remark would read as a second tag
    const { 'marginalia:span': _extension, ...plain } = written
    const again = join(folder, 'again.marginalia')
    const back = await cli('import', '--add-labels', again, texts, writeJsonl(folder, 'plain.jsonl', [plain]))
    expect(back.code, back.stderr).toBe(0)
    const [document] = parseJsonl((await cli('export', again)).stdout) as any[]
    expect(document.spans.map((s: any) => s.label)).toEqual(['Speaker'])
    expect(document.spans[0].attrs.w3c.body).toEqual(written.body)
  })

  it('leaves out the selectors of other kinds a span kept once it no longer has the text they were written for, and says so', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    const article = 'http://example.org/a'
    const texts = writeJsonl(folder, 'texts.jsonl', [{ id: article, text: 'Hello Mr Putin said it.' }])
    const range = { type: 'RangeSelector', startSelector: { type: 'XPathSelector', value: '/p[1]' }, endSelector: { type: 'XPathSelector', value: '/p[1]' } }
    const annotation = { '@context': ANNO, id: 'https://hypothes.is/a/12', type: 'Annotation', motivation: 'tagging', body: { type: 'TextualBody', value: 'Speaker' }, target: { source: article, selector: [{ type: 'TextQuoteSelector', exact: 'Mr Putin' }, range] } }
    expect((await cli('import', '--add-labels', corpus, texts, writeJsonl(folder, 'foreign.jsonl', [annotation]))).code).toBe(0)
    const [record] = parseJsonl((await cli('export', corpus)).stdout) as any[]
    record.spans[0].end = record.spans[0].start + 2 // moved: now "Mr"
    delete record.spans[0].text
    const moved = join(folder, 'moved.marginalia')
    const imported = await cli('import', '--add-labels', moved, writeJsonl(folder, 'moved.jsonl', [record]))
    expect(imported.code, imported.stderr).toBe(0)
    const { path, stderr } = await exportAs(moved, 'w3c-jsonl', join(folder, 'out.jsonl'))
    const written = annotationsOf(path).find((a) => a.target?.selector !== undefined)
    expect(written.target.selector.map((s: any) => s.type)).toEqual(['TextPositionSelector', 'TextQuoteSelector'])
    expect(stderr).toMatch(/note: 1 span no longer has the text its kept W3C selectors were written for: their RangeSelector left out/)
  })

  it('merges two annotations of one text, label and creator that differ only in their IRIs, keeping the first and saying so', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    const article = 'http://example.org/a/1'
    const texts = writeJsonl(folder, 'texts.jsonl', [{ id: article, text: 'Alice 😀 met Bob in Paris.' }])
    const copy = (n: number) => ({
      '@context': ANNO,
      id: `http://anno.example.org/anno/${n}`,
      type: 'Annotation',
      motivation: 'tagging',
      creator: { id: 'http://example.org/user1', type: 'Person', name: 'Ann Smith', nickname: 'ann' },
      body: { type: 'TextualBody', value: 'Speaker', purpose: 'tagging' },
      target: { source: article, selector: { type: 'TextQuoteSelector', exact: 'Bob', prefix: 'met ', suffix: ' in' } },
    })
    const result = await cli('import', corpus, texts, writeJsonl(folder, 'copies.jsonl', [copy(1), copy(2)]))
    expect(result.code, result.stderr).toBe(0)
    const [document] = parseJsonl((await cli('export', corpus)).stdout) as any[]
    expect(document.spans.map((s: any) => [s.text, s.attrs.w3c.id])).toEqual([['Bob', 'http://anno.example.org/anno/1']])
    expect(result.stderr).toMatch(/copies of one span merged with different "w3c" attributes: the first copy's kept/)
  })

  it("names what it cannot keep of a relation's or a document label's annotation: neither has attributes", async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    const article = 'http://example.org/b'
    const texts = writeJsonl(folder, 'texts.jsonl', [{ id: article, text: 'Mr Putin said it.' }])
    const file = writeJsonl(folder, 'labels.jsonl', [
      { '@context': ANNO, id: 'https://hypothes.is/a/10', type: 'Annotation', motivation: 'classifying', rights: 'http://creativecommons.org/licenses/by/4.0/', body: { type: 'TextualBody', value: 'Politics' }, target: article },
    ])
    const result = await cli('import', '--add-labels', corpus, texts, file)
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/warning: W3C annotation properties not kept \(a document label or relation has no attributes\): id, rights \(at \S+labels\.jsonl:1\)/)
  })

  it('picks a .json or .jsonl file of W3C annotations by its content, and --format names it outright', async () => {
    const folder = scratch()
    const { corpus, jsonl } = await corpusOf(folder, SOURCE)
    const collection = (await exportAs(corpus, 'w3c', join(folder, 'annotations.json'))).path
    expect((await reimport(folder, collection)).jsonl).toBe(jsonl)
    const lines = (await exportAs(corpus, 'w3c-jsonl', join(folder, 'annotations.jsonl'))).path
    expect((await reimport(folder, lines)).jsonl).toBe(jsonl)
    expect((await reimport(folder, lines, '--format', 'w3c')).jsonl).toBe(jsonl)
    const formats = await cli('formats')
    expect(formats.stdout).toMatch(/w3c\s+yes\s+yes\s+\.jsonld \.json/)
    expect(formats.stdout).toMatch(/w3c-jsonl\s+yes\s+yes\s+\.w3c\.jsonl \.jsonl/)
  })

  it('reads TextPositionSelectors in the unit --offsets names', async () => {
    const folder = scratch()
    const { corpus, jsonl } = await corpusOf(folder, SOURCE)
    const { path, stderr } = await exportAs(corpus, 'w3c-jsonl', join(folder, 'utf16.jsonl'), '--offsets', 'utf16')
    expect(stderr).toMatch(/note: TextPositionSelector start and end count UTF-16 code units \(--offsets utf16\), not code points as the W3C model requires/)
    const family = annotationsOf(path).find((a) => a.id.endsWith(':span:7')).target.selector[0]
    expect(family.end - family.start).toBe(8) // 👩‍👩‍👧 in UTF-16 units
    const wrong = await reimport(folder, path, '--format', 'w3c-jsonl')
    expect(wrong.code).toBe(1)
    expect(wrong.stderr).toMatch(/they fit as UTF-16 code units: import with --offsets utf16|the positions fit as UTF-16 code units: import with --offsets utf16/)
    expect((await reimport(folder, path, '--format', 'w3c-jsonl', '--offsets', 'utf16')).jsonl).toBe(jsonl)
  })

  it('says when positions given without a quote fit words only as UTF-16 code units (a JavaScript tool after an emoji)', async () => {
    const folder = scratch()
    const { corpus } = await corpusOf(folder, SOURCE)
    const { path } = await exportAs(corpus, 'w3c-jsonl', join(folder, 'utf16.jsonl'), '--offsets', 'utf16')
    const positionsOnly = annotationsOf(path).map((annotation) => {
      const selectors = annotation.target?.selector
      if (!Array.isArray(selectors)) return annotation
      return { ...annotation, target: { ...annotation.target, selector: selectors.filter((selector: any) => selector.type !== 'TextQuoteSelector') } }
    })
    const file = join(folder, 'positions-only.jsonl')
    writeFileSync(file, positionsOnly.map((annotation) => JSON.stringify(annotation)).join('\n') + '\n')
    const read = await reimport(folder, file, '--format', 'w3c-jsonl')
    expect(read.stderr).toMatch(/fit word edges as UTF-16 code units: if the input comes from a JavaScript tool, import it again with --offsets utf16 \(into a new corpus, or with --existing replace/)
  })
})

describe('W3C import refuses what it cannot place: one line naming file and line, nothing written, the file untouched', () => {
  /** The export of the source corpus as JSON lines, for a test to spoil. */
  async function lines(folder: string): Promise<any[]> {
    const { corpus } = await corpusOf(folder, SOURCE)
    return annotationsOf((await exportAs(corpus, 'w3c-jsonl', join(folder, 'good.jsonl'))).path)
  }

  const CASES: [string, (annotations: any[]) => any[] | string, RegExp][] = [
    ['a quote that differs from the text at its position', (a) => ((a[3].target.selector[0] = { type: 'TextPositionSelector', start: 3, end: 9 }), a), /bad\.jsonl:4: annotation urn:marginalia:doc:summit:span:2: TextQuoteSelector\.exact "北京 is far\." differs from the text at the position \[3, 9\): "Putin " \(positions count code points; the quote is at \[30, 40\) in code points\)/],
    ['a quote that is nowhere in the text', (a) => (delete a[2].target.selector[0], (a[2].target.selector[1].exact = 'Moscow'), a), /bad\.jsonl:3: .*TextQuoteSelector: "Moscow" with its prefix and suffix is not in the text/],
    ['a quote found in several places', (a) => ((a[2].target.selector = [{ type: 'TextQuoteSelector', exact: 'is' }]), a), /bad\.jsonl:3: .*TextQuoteSelector: "is" with its prefix and suffix occurs 2 times in the text; add a TextPositionSelector to say which/],
    ['a position past the end', (a) => ((a[2].target.selector = [{ type: 'TextPositionSelector', start: 3, end: 900 }]), a), /bad\.jsonl:3: .*TextPositionSelector\.end: 900 is past the end of the text \(\d+ code points\)/],
    ['a selector it cannot place', (a) => ((a[2].target.selector = { type: 'XPathSelector', value: '/html/body/p[2]' }), a), /bad\.jsonl:3: .*no TextPositionSelector or TextQuoteSelector to place it by \(it has XPathSelector\)/],
    ['a relation whose target is no span annotation', (a) => ((a[6].target = ['urn:marginalia:doc:summit:span:2', 'urn:marginalia:doc:summit:span:99']), a), /bad\.jsonl:7: .*target urn:marginalia:doc:summit:span:99 is not a span annotation of the same document/],
    ['annotations of a document whose text is not in the file', (a) => a.slice(1, 3), /bad\.jsonl:1: 2 annotations of urn:marginalia:doc:summit, a document whose text is neither in this file nor in the corpus: import the texts first, each with its IRI as its id/],
    ['an annotation without a target', (a) => (delete a[3].target, a), /bad\.jsonl:4: target: is required/],
    ['a type without Annotation', (a) => ((a[3].type = 'Note'), a), /bad\.jsonl:4: type: must be or include "Annotation"/],
    ['a time without a zone', (a) => ((a[3].created = '2024-05-01'), a), /bad\.jsonl:4: created: must be an ISO 8601 date and time/],
    ['invalid JSON', () => '{"@context": "http://www.w3.org/ns/anno.jsonld"}\n{"id": oops}\n', /bad\.jsonl:2: invalid JSON/],
  ]

  it.each(CASES)('%s', async (_name, spoil, reason) => {
    const folder = scratch()
    const spoiled = spoil(await lines(folder))
    const input = typeof spoiled === 'string' ? writeFile(folder, 'bad.jsonl', spoiled) : writeJsonl(folder, 'bad.jsonl', spoiled)
    const before = digest(input)
    const corpus = join(folder, 'new.marginalia')
    const result = await cli('import', '--add-labels', '--format', 'w3c-jsonl', corpus, input)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(reason)
    expect(result.stderr).toMatch(/nothing was written/)
    expect(existsSync(corpus)).toBe(false)
    expect(digest(input)).toBe(before)
  })

  it('puts annotations from another tool (no text in the file) on the documents the corpus has under their IRIs, and refuses an analyst twice', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    const article = 'http://example.org/articles/42'
    const text = 'Mr Putin 😀 said talks went well. Mr Putin left.'
    expect((await cli('import', corpus, writeJsonl(folder, 'texts.jsonl', [{ id: article, text }]))).code).toBe(0)
    const quote = (exact: string, prefix: string) => ({ type: 'TextQuoteSelector', exact, prefix })
    const tagged = (id: string, label: string, selector: unknown, creator: string) => ({
      '@context': ANNO,
      id,
      type: 'Annotation',
      motivation: 'tagging',
      creator: { type: 'Person', nickname: creator },
      body: { type: 'TextualBody', value: label, purpose: 'tagging' },
      target: { source: article, selector },
    })
    const file = writeJsonl(folder, 'hypothesis.jsonl', [
      tagged('http://example.org/anno/1', 'Speaker', [quote('Mr Putin', 'talks went well. ')], 'ana'),
      tagged('http://example.org/anno/2', 'Claim', { type: 'TextPositionSelector', start: 16, end: 31 }, 'ana'),
      { '@context': ANNO, id: 'http://example.org/anno/3', type: 'Annotation', motivation: 'linking', creator: { type: 'Person', nickname: 'ana' }, body: { type: 'TextualBody', value: 'attributed_to', purpose: 'tagging' }, target: ['http://example.org/anno/2', 'http://example.org/anno/1'] },
    ])
    const before = digest(file)
    const result = await cli('import', '--format', 'w3c-jsonl', corpus, file)
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/imported 0 new documents and 2 spans, 1 relation, 0 document labels \(in the 1 document joined\) from 1 file; 1 record joined 1 document of the same id and text \("http:\/\/example\.org\/articles\/42"\)/)
    const [document] = parseJsonl((await cli('export', corpus)).stdout) as any[]
    expect(document.spans.map((s: any) => [s.start, s.end, s.label, s.text, s.annotator])).toEqual([
      [16, 31, 'Claim', 'talks went well', 'ana'],
      [33, 41, 'Speaker', 'Mr Putin', 'ana'],
    ])
    expect(document.relations).toMatchObject([{ label: 'attributed_to', head: document.spans[0].id, child: document.spans[1].id }])
    expect(digest(file)).toBe(before)
    // The same annotations again: there already, so nothing changes and that is said; other work by ana is refused.
    const again = await cli('import', '--format', 'w3c-jsonl', corpus, file)
    expect(again.code, again.stderr).toBe(0)
    expect(again.stderr).toMatch(/1 document already holds the input's annotations, left as it was \("http:\/\/example\.org\/articles\/42"\)/)
    expect(again.stderr).not.toMatch(/--existing/)
    expect((parseJsonl((await cli('export', corpus)).stdout) as any[])[0].spans).toHaveLength(2)
    const other = writeJsonl(folder, 'more.jsonl', [tagged('http://example.org/anno/9', 'Source', [quote('talks', 'said ')], 'ana')])
    const refused = await cli('import', '--format', 'w3c-jsonl', corpus, other)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/more\.jsonl:1: id "http:\/\/example\.org\/articles\/42": "ana" already has work in the corpus's document/)
  })

  it('names the line of the annotation in a collection, and refuses a collection whose pages are elsewhere', async () => {
    const folder = scratch()
    const { corpus } = await corpusOf(folder, SOURCE)
    const { path } = await exportAs(corpus, 'w3c', join(folder, 'c.jsonld'))
    const collection = JSON.parse(readFileSync(path, 'utf8'))
    collection.first.items[4].target.selector[0].end = 900
    const lines = `{\n  "@context": "${ANNO}",\n  "id": "urn:x:1",\n  "type": "AnnotationCollection",\n  "first": {\n    "id": "urn:x:2",\n    "type": "AnnotationPage",\n    "items": [\n${collection.first.items.map((item: unknown) => `      ${JSON.stringify(item)}`).join(',\n')}\n    ]\n  }\n}\n`
    const bad = await reimport(folder, writeFile(folder, 'bad.jsonld', lines))
    expect(bad.stderr).toMatch(/bad\.jsonld:13: annotation urn:marginalia:doc:summit:span:4: TextPositionSelector\.end: 900 is past the end/)
    const broken = await reimport(folder, writeFile(folder, 'broken.jsonld', lines.replace('"type": "AnnotationPage",', '"type": "AnnotationPage"')))
    expect(broken.stderr).toMatch(/broken\.jsonld:8: invalid JSON: expected "," or "}"/)
    // A label the corpus lacks is named at its annotation's line, by its id, not at the document's first annotation.
    const unknown = readFileSync(path, 'utf8').replace(/"value":"Speaker","format":"text\/plain","purpose":"tagging"/, '"value":"PER","format":"text/plain","purpose":"tagging"')
    expect(unknown).not.toBe(lines)
    const corpusWithout = join(folder, 'no-per.marginalia')
    const refused = await cli('import', corpusWithout, writeFile(folder, 'unknown.jsonld', unknown))
    const speakerLine = unknown.split('\n').findIndex((line) => line.includes('"value":"PER"')) + 1
    expect(refused.stderr).toMatch(new RegExp(`unknown\\.jsonld:${speakerLine}: annotation urn:marginalia:doc:summit:span:\\d+: unknown span label "PER"`))
    // A file cut short says so, inside a string or between values, and a string broken over a line says why.
    const cutInString = await reimport(folder, writeFile(folder, 'cut.jsonld', lines.slice(0, lines.indexOf('"type": "AnnotationPage"') + 12)))
    expect(cutInString.stderr).toMatch(/cut\.jsonld:7: invalid JSON: the file ends too soon \(cut short\?\), inside a string;/)
    const cutAfter = await reimport(folder, writeFile(folder, 'cut2.jsonld', lines.slice(0, lines.indexOf('"type": "AnnotationPage",') + 25)))
    expect(cutAfter.stderr).toMatch(/cut2\.jsonld:7: invalid JSON: the file ends too soon \(cut short\?\): expected a key in double quotes;/)
    const split = await reimport(folder, writeFile(folder, 'split.jsonld', lines.replace('"urn:x:2"', '"urn:x:\n2"')))
    expect(split.stderr).toMatch(/split\.jsonld:6: invalid JSON: a string holds a control character \(U\+000A, a line end: a string ends on the line it starts, or writes it \\n\);/)
    const paged = await reimport(folder, writeFile(folder, 'paged.jsonld', JSON.stringify({ '@context': ANNO, id: 'urn:x:1', type: 'AnnotationCollection', total: 5, first: 'http://example.org/page1' })))
    expect(paged.stderr).toMatch(/paged\.jsonld: the collection's first page \("http:\/\/example\.org\/page1"\) is not in this file/)
    const next = await reimport(folder, writeFile(folder, 'next.jsonld', JSON.stringify({ '@context': ANNO, id: 'urn:x:2', type: 'AnnotationPage', next: 'http://example.org/page2', items: [] })))
    expect(next.stderr).toMatch(/next\.jsonld: the page continues in another page/)
  })
})

describe('W3C round trips: JSONL → W3C → JSONL', () => {
  it.each(['w3c', 'w3c-jsonl'])('gives the same bytes through %s (emoji, CJK, right-to-left, notes, relations, labels, statuses, times)', async (format) => {
    const folder = scratch()
    const { corpus, jsonl } = await corpusOf(folder, SOURCE)
    const { path, stderr } = await exportAs(corpus, format, join(folder, `out.${format}`))
    expect(stderr).not.toMatch(/note:/)
    const back = await reimport(folder, path, '--format', format)
    expect(back.code, back.stderr).toBe(0)
    expect(back.jsonl).toBe(jsonl)
    // And again: the second generation is the first.
    const { path: second } = await exportAs(back.corpus, format, join(folder, `again.${format}`))
    expect(annotationsOf(second)).toEqual(annotationsOf(path))
  })

  it.each(['w3c', 'w3c-jsonl'])('uses a document id or analyst name that is an IRI as the source or creator itself, and reads it back (%s)', async (format) => {
    const folder = scratch()
    const text = 'Mr Putin said talks went well.'
    const time = '2024-05-01T10:00:00.000Z'
    const span = (annotator: string) => ({ id: 1, start: 0, end: 8, label: 'Speaker', annotator, created_at: time, updated_at: time })
    const records = [
      { id: 'http://example.org/articles/42', text, spans: [span('acct:alice@hypothes.is')], labels: [{ label: 'Politics', annotator: 'mailto:bob@example.org', created_at: time }] },
      { id: 'urn:isbn:0451450523', text, spans: [span('https://example.org/people/carol')] },
      { id: 'c1:not an IRI', text, spans: [span('ana: reviewer')] },
    ]
    const { corpus, jsonl } = await corpusOf(folder, records)
    const { path } = await exportAs(corpus, format, join(folder, `out.${format}`))
    const annotations = annotationsOf(path)
    const tagging = annotations.filter((a) => a.motivation === 'tagging')
    expect(tagging.map((a) => [a.target.source, a.creator.id])).toEqual([
      ['http://example.org/articles/42', 'acct:alice@hypothes.is'],
      ['urn:isbn:0451450523', 'https://example.org/people/carol'],
      ['urn:marginalia:doc:c1%3Anot%20an%20IRI', 'urn:marginalia:annotator:ana%3A%20reviewer'],
    ])
    expect(annotations.filter((a) => a.motivation === 'describing').map((a) => a.target.id)).toEqual(['http://example.org/articles/42', 'urn:isbn:0451450523', 'urn:marginalia:doc:c1%3Anot%20an%20IRI'])
    expect(annotations.find((a) => a.motivation === 'classifying')).toMatchObject({ target: 'http://example.org/articles/42', creator: { id: 'mailto:bob@example.org' } })
    // Annotation ids stay Marginalia's own, never minted inside another's IRI.
    expect(annotations.every((a) => a.id.startsWith('urn:marginalia:doc:'))).toBe(true)
    const back = await reimport(folder, path, '--format', format)
    expect(back.code, back.stderr).toBe(0)
    expect(back.jsonl).toBe(jsonl)
  })

  it('gives the same bytes for a settled (curated-or-agreed) export, whose agreed layer is software', async () => {
    const folder = scratch()
    const text = 'Both analysts tagged this.'
    const { corpus } = await corpusOf(folder, [{ id: 'd', text, spans: [{ start: 0, end: 4, label: 'Claim', annotator: 'ana' }, { start: 0, end: 4, label: 'Claim', annotator: 'ben' }] }])
    const settled = await cli('export', corpus, '--curated-or-agreed', '--format', 'w3c-jsonl')
    const span = parseJsonl(settled.stdout).find((a: any) => a.motivation === 'tagging') as any
    expect(span.creator).toMatchObject({ type: 'Software', nickname: 'agreed' })
  })
})
