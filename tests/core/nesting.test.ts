/**
 * One nesting limit, on the attrs and meta values themselves: whatever the store accepts (by import or by the
 * editor's API) exports in every format and imports back; deeper values are refused wherever they come from.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { dispatch } from '../../src/core/operations/dispatch'
import { createHandlers } from '../../src/core/operations/handlers'
import { Corpus } from '../../src/core/store/corpus'
import { unpackDocument } from '../../src/shared/packed-document'
import { cli, opened, parseJsonl, scratch, writeJsonl } from '../helpers'

/** An object nested `depth` levels deep, itself counted: `{a: {a: … {}}}`. */
function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = {}
  for (let i = 1; i < depth; i++) value = { a: value }
  return value
}

const FORMATS: [string, string][] = [
  ['jsonl', 'out.jsonl'],
  ['label-studio', 'out.json'],
  ['w3c', 'out.jsonld'],
  ['w3c-jsonl', 'out.w3c.jsonl'],
  ['brat', 'brat-out'],
]

describe('the nesting limit on attrs and meta', () => {
  it('imports attrs and meta 100 levels deep, and every export of them imports back the same', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    const record = { id: 'deep', text: 'Mr Putin said it.', meta: nested(100), spans: [{ start: 3, end: 8, label: 'Speaker', attrs: nested(100) }] }
    const first = await cli('import', '--add-labels', corpus, writeJsonl(folder, 'in.jsonl', [record]))
    expect(first.code, first.stderr).toBe(0)
    const jsonl = (await cli('export', corpus)).stdout
    for (const [format, name] of FORMATS) {
      const out = join(folder, name)
      const written = await cli('export', corpus, '--format', format, '-o', out)
      expect(written.code, `${format}: ${written.stderr}`).toBe(0)
      const again = join(folder, `again-${format}.marginalia`)
      const back = await cli('import', '--add-labels', '--format', format, again, out)
      expect(back.code, `${format}: ${back.stderr}`).toBe(0)
      expect((await cli('export', again)).stdout, format).toBe(jsonl)
    }
  })

  it('refuses attrs or meta 101 levels deep, naming where, whatever wraps them', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    const attrs = await cli('import', corpus, writeJsonl(folder, 'attrs.jsonl', [{ text: 'Mr Putin.', spans: [{ start: 3, end: 8, label: 'Speaker', attrs: nested(101) }] }]))
    expect(attrs.code).toBe(1)
    expect(attrs.stderr).toMatch(/attrs\.jsonl:1: spans\[0\]\.attrs\.a\.a.*: nested more than 100 levels deep/)
    const meta = await cli('import', corpus, writeJsonl(folder, 'meta.jsonl', [{ text: 'Mr Putin.', meta: nested(101) }]))
    expect(meta.code).toBe(1)
    expect(meta.stderr).toMatch(/meta\.jsonl:1: meta\.a\.a.*: nested more than 100 levels deep/)
    // Label Studio keeps a task's meta as the document's: the limit is on the meta, not on the task around it.
    const task = await cli('import', '--format', 'label-studio', corpus, writeJsonl(folder, 'ls.json', [[{ data: { text: 'Mr Putin.' }, meta: nested(101) }]]))
    expect(task.code).toBe(1)
    expect(task.stderr).toMatch(/ls\.json:\d+: meta\.a\.a.*: nested more than 100 levels deep/)
  })

  it("takes attrs 100 levels deep from the editor's API, whose JSONL export imports back; refuses 101", async () => {
    const folder = scratch()
    const path = join(folder, 's.marginalia')
    expect((await cli('import', '--add-labels', path, writeJsonl(folder, 'in.jsonl', [{ id: 'd', text: 'Mr Putin said it.', spans: [{ start: 3, end: 8, label: 'Speaker', annotator: 'ana' }] }]))).code).toBe(0)
    const corpus = opened(Corpus.open(path))
    const handlers = createHandlers(corpus, 'ana')
    const [first] = handlers.listDocuments({ status: null, annotator: null, afterId: 0, limit: 10 })
    const [span] = unpackDocument(handlers.openDocument({ documentId: first.id })).spans
    const set = (attrs: Record<string, unknown>) => dispatch(handlers, 'setSpanAttrs', { documentId: first.id, spanId: span.id, attrs })
    expect(set(nested(101))).toMatchObject({ ok: false, error: { message: expect.stringMatching(/attrs: .*nested more than 100 levels deep/) } })
    expect(set(nested(100))).toMatchObject({ ok: true })
    corpus.close()
    const exported = await cli('export', path)
    expect(exported.code, exported.stderr).toBe(0)
    const again = await cli('import', join(folder, 'again.marginalia'), writeJsonl(folder, 'out.jsonl', parseJsonl(exported.stdout)))
    expect(again.code, again.stderr).toBe(0)
  })
})
