/**
 * Downloads keep the corpus's name: `Content-Disposition` carries it in UTF-8 (`filename*`, RFC 5987/6266) for
 * browsers, which prefer it, and an ASCII `filename` for those that do not; no name can break the header.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createSampleCorpus } from '../../src/core/sample'
import { Corpus } from '../../src/core/store/corpus'
import { attachment } from '../../src/server/content-disposition'
import { startServer } from '../../src/server/http'
import { opened, scratch } from '../helpers'

const rendererDir = join(__dirname, '..', '..', 'out', 'renderer')

describe('the name a download is saved under', () => {
  it('is the corpus\'s name, accents and all, for the export and for a copy', async () => {
    const path = join(scratch(), 'Actualités 2024.marginalia')
    createSampleCorpus(path, { annotator: 'setup' })
    const server = await startServer({ corpus: opened(Corpus.open(path)), annotator: 'ana', rendererDir })
    try {
      for (const [of, name, fallback] of [
        ['export', 'Actualit%C3%A9s%202024.jsonl', 'Actualites 2024.jsonl'],
        ['settled', 'Actualit%C3%A9s%202024.settled.jsonl', 'Actualites 2024.settled.jsonl'],
        ['copy', 'Actualit%C3%A9s%202024.marginalia', 'Actualites 2024.marginalia'],
      ]) {
        const ticket = await fetch(`http://127.0.0.1:${server.port}/download-ticket?of=${of}`, { method: 'POST', headers: { 'x-marginalia-token': server.token } })
        const { url } = (await ticket.json()) as { url: string }
        const download = await fetch(`http://127.0.0.1:${server.port}${url}`)
        expect(download.status).toBe(200)
        expect(download.headers.get('content-disposition')).toBe(`attachment; filename="${fallback}"; filename*=UTF-8''${name}`)
        await download.arrayBuffer()
      }
    } finally {
      await server.close()
    }
  })

  it('escapes what RFC 5987 does not allow bare, and keeps the ASCII fallback a plain quoted string', () => {
    expect(attachment('s.jsonl')).toBe(`attachment; filename="s.jsonl"; filename*=UTF-8''s.jsonl`)
    expect(attachment('北京 notes.jsonl')).toBe(`attachment; filename="__ notes.jsonl"; filename*=UTF-8''%E5%8C%97%E4%BA%AC%20notes.jsonl`)
    expect(attachment(`it's "(a)*".jsonl`)).toBe(`attachment; filename="it's _(a)*_.jsonl"; filename*=UTF-8''it%27s%20%22%28a%29%2A%22.jsonl`)
    expect(attachment('a\\b\r\nc.jsonl')).toBe(`attachment; filename="a_b__c.jsonl"; filename*=UTF-8''a%5Cb%0D%0Ac.jsonl`)
    expect(attachment('😀.jsonl')).toBe(`attachment; filename="_.jsonl"; filename*=UTF-8''%F0%9F%98%80.jsonl`)
  })
})
