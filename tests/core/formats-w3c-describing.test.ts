/**
 * W3C import of a file from another tool that carries a document's text as the model allows, in the body of a
 * `describing` annotation on the document, without Marginalia's `marginalia:document`: the annotation is read
 * as the document's text (its id the target's IRI), unless the file's `marginalia:document` or the corpus gives
 * that text already; two such annotations of one document, or a text the corpus has otherwise, are refused.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { EXTENSION_CONTEXT } from '../../src/core/formats/w3c-model'
import { cli, parseJsonl, scratch, writeFile, writeJsonl } from '../helpers'

const ANNO = 'http://www.w3.org/ns/anno.jsonld'
const DOC = 'http://example.org/a1'
/** A ZWJ family, a flag, right-to-left Arabic. */
const TEXT = 'Mr Putin 👨‍👩‍👧 said 🇫🇷 France will win. قال محمد'

/** Code point offsets of `part` in `text`. */
function at(text: string, part: string): { start: number; end: number } {
  const start = [...text.slice(0, text.indexOf(part))].length
  return { start, end: start + [...part].length }
}

/** The describing annotation another tool writes for a document's text: no extension property. */
function describing(id: string, value = TEXT, target: unknown = DOC): Record<string, unknown> {
  return {
    '@context': ANNO,
    id,
    type: 'Annotation',
    motivation: 'describing',
    created: '2024-06-01T08:00:00Z',
    modified: '2024-06-02T08:00:00Z',
    body: { type: 'TextualBody', value, format: 'text/plain', purpose: 'describing' },
    target,
  }
}

/** A tagging annotation on `part` of the text, with position and quote selectors. */
function tagging(id: string, label: string, part: string): Record<string, unknown> {
  const { start, end } = at(TEXT, part)
  return {
    '@context': ANNO,
    id,
    type: 'Annotation',
    motivation: 'tagging',
    creator: { type: 'Person', nickname: 'ana' },
    body: { type: 'TextualBody', value: label, purpose: 'tagging' },
    target: { source: DOC, selector: [{ type: 'TextPositionSelector', start, end }, { type: 'TextQuoteSelector', exact: part }] },
  }
}

/** The annotations of the user trial: the text, three tags and a link. */
function trial(): Record<string, unknown>[] {
  return [
    describing('http://example.org/anno/0'),
    tagging('http://example.org/anno/1', 'Speaker', 'Mr Putin'),
    tagging('http://example.org/anno/2', 'Claim', 'France will win.'),
    tagging('http://example.org/anno/3', 'Speaker', 'قال محمد'),
    { '@context': ANNO, id: 'http://example.org/anno/4', type: 'Annotation', motivation: 'linking', body: { type: 'TextualBody', value: 'attributed_to', purpose: 'linking' }, target: ['http://example.org/anno/2', 'http://example.org/anno/1'] },
  ]
}

/** `items` as an AnnotationCollection, one item per line (the first item on line 10). */
function collection(folder: string, name: string, items: unknown[]): string {
  const head = `{\n  "@context": "${ANNO}",\n  "id": "http://example.org/c1",\n  "type": "AnnotationCollection",\n  "total": ${items.length},\n  "first": {\n    "id": "http://example.org/p1",\n    "type": "AnnotationPage",\n    "items": [\n`
  return writeFile(folder, name, `${head}${items.map((item) => `      ${JSON.stringify(item)}`).join(',\n')}\n    ]\n  }\n}\n`)
}

/** Imports `file` into `corpus` (new labels added) and returns what the CLI said. */
function importInto(corpus: string, file: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return cli('import', '--add-labels', ...args, corpus, file)
}

async function documentsOf(corpus: string): Promise<any[]> {
  return parseJsonl((await cli('export', corpus)).stdout)
}

describe('W3C import of a describing annotation without marginalia:document', () => {
  it("reads it as the document's text, its id the target's IRI and its times the annotation's", async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    const result = await importInto(corpus, collection(folder, 'w3c.jsonld', trial()))
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/imported 1 document \(3 spans, 1 relation, 0 document labels\)/)
    const [document] = await documentsOf(corpus)
    expect(document).toMatchObject({ id: DOC, text: TEXT, created_at: '2024-06-01T08:00:00Z', updated_at: '2024-06-02T08:00:00Z' })
    expect(document.spans.map((s: any) => [s.label, s.text, s.annotator])).toEqual([
      ['Speaker', 'Mr Putin', 'ana'],
      ['Claim', 'France will win.', 'ana'],
      ['Speaker', 'قال محمد', 'ana'],
    ])
    expect(document.relations).toMatchObject([{ label: 'attributed_to', head: document.spans[1].id, child: document.spans[0].id }])
  })

  it('takes a target given as an object without selector, a body without format or purpose (in JSON Lines too), and a bodyValue', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    const [text, ...rest] = trial()
    const plain = { ...text, body: { type: 'TextualBody', value: TEXT }, target: { source: DOC, type: 'Text' } }
    const result = await importInto(corpus, writeJsonl(folder, 'a.w3c.jsonl', [plain, ...rest]), '--format', 'w3c-jsonl')
    expect(result.code, result.stderr).toBe(0)
    expect((await documentsOf(corpus))[0]).toMatchObject({ id: DOC, text: TEXT })
    const { body: _body, ...withoutBody } = text
    const valued = await importInto(join(folder, 'b.marginalia'), collection(folder, 'b.jsonld', [{ ...withoutBody, bodyValue: TEXT }, ...rest]))
    expect(valued.code, valued.stderr).toBe(0)
    expect((await documentsOf(join(folder, 'b.marginalia')))[0]).toMatchObject({ id: DOC, text: TEXT })
  })

  it('refuses two describing annotations of one document in one line naming file and line, and writes nothing', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    const items = trial()
    items.splice(2, 0, describing('http://example.org/anno/9', 'Another text.'))
    const file = collection(folder, 'two.jsonld', items)
    const result = await importInto(corpus, file)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/two\.jsonld:12: a second annotation carries the text of http:\/\/example\.org\/a1/)
    expect(result.stderr).toMatch(/nothing was written/)
    expect(existsSync(corpus)).toBe(false)
  })

  it('says, where its annotations do not fit it, that the text came from a describing annotation that may be a description', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    const [, ...rest] = trial()
    const file = collection(folder, 'summary.jsonld', [describing('http://example.org/anno/0', 'A good article about the summit.'), ...rest])
    const result = await importInto(corpus, file)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/summary\.jsonld:10: the text of http:\/\/example\.org\/a1 was read from this describing annotation \(no marginalia:document\): if it describes the document rather than holding its text, import the texts first/)
    expect(existsSync(corpus)).toBe(false)
  })

  it('is not a text where it is not plain text of a whole document: the annotations stay without a text, and are refused', async () => {
    const folder = scratch()
    const [text, ...rest] = trial()
    const spoiled: [string, Record<string, unknown>][] = [
      ['html', { ...text, body: { type: 'TextualBody', value: TEXT, format: 'text/html' } }],
      ['selector', { ...text, target: { source: DOC, selector: { type: 'TextPositionSelector', start: 0, end: 8 } } }],
      ['commenting', { ...text, motivation: 'commenting' }],
      ['two bodies', { ...text, body: [{ type: 'TextualBody', value: TEXT }, { type: 'TextualBody', value: 'more' }] }],
    ]
    for (const [name, annotation] of spoiled) {
      const result = await importInto(join(folder, `${name}.marginalia`), collection(folder, `${name}.jsonld`, [annotation, ...rest]))
      expect(result.code, name).toBe(1)
      expect(result.stderr, name).toMatch(/annotations of http:\/\/example\.org\/a1, a document whose text is neither in this file nor in the corpus/)
    }
  })

  it('joins a document the corpus has with the same text; one whose text differs is described, not given its text: the annotations join it', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    expect((await cli('import', corpus, writeJsonl(folder, 'texts.jsonl', [{ id: DOC, title: 'A1', text: TEXT }]))).code).toBe(0)
    const joined = await importInto(corpus, collection(folder, 'w3c.jsonld', trial()))
    expect(joined.code, joined.stderr).toBe(0)
    expect(joined.stderr).toMatch(/imported 0 new documents and 3 spans, 1 relation, 0 document labels \(in the 1 document joined\)/)
    const [document] = await documentsOf(corpus)
    expect(document).toMatchObject({ id: DOC, title: 'A1', text: TEXT })
    expect(document.spans).toHaveLength(3)

    // Another corpus with the text, and a file whose describing annotation says something else of the page.
    const second = join(folder, 'd.marginalia')
    expect((await cli('import', second, join(folder, 'texts.jsonl'))).code).toBe(0)
    const [, ...rest] = trial()
    const other = await importInto(second, collection(folder, 'other.jsonld', [describing('http://example.org/anno/0', 'A good article.'), ...rest]))
    expect(other.code, other.stderr).toBe(0)
    expect(other.stderr).toMatch(/annotation on a whole document without a classifying or tagging body left out \(motivation describing\)/)
    const [described] = await documentsOf(second)
    expect(described).toMatchObject({ id: DOC, text: TEXT })
    expect(described.spans).toHaveLength(3)
  })

  it("leaves a describing annotation beside Marginalia's own text annotation as it was: left out, with a warning", async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    const [, ...rest] = trial()
    const own = { ...describing('urn:marginalia:doc:a1:text'), '@context': [ANNO, EXTENSION_CONTEXT], 'marginalia:document': { id: DOC } }
    const result = await importInto(corpus, collection(folder, 'own.jsonld', [own, describing('http://example.org/anno/9', 'A description.'), ...rest]))
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/annotation on a whole document without a classifying or tagging body left out \(motivation describing\)/)
    expect((await documentsOf(corpus))[0]).toMatchObject({ id: DOC, text: TEXT })
    expect(readFileSync(join(folder, 'own.jsonld'), 'utf8')).toContain('A description.')
  })
})
