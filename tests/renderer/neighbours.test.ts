/** Reading the documents around the open one ahead, so that Alt+N / Alt+P need not wait on the corpus. */
import { describe, expect, it } from 'vitest'
import type { DocumentStatus } from '../../src/shared/corpus-types'
import type { PackedDocument } from '../../src/shared/packed-document'
import { NeighbourReader, type Step } from '../../src/renderer/app/neighbours'

/** A corpus of documents 1..count (even ones done), each read in `readMs`, that counts what it is asked and can fail or change its texts. */
function corpus(count: number, readMs = 0) {
  const asked: string[] = []
  const texts = new Map(Array.from({ length: count }, (_, i) => [i + 1, `text of ${i + 1}`]))
  let failing: 'nothing' | 'reads' | 'everything' = 'nothing'
  const statusOf = (id: number): DocumentStatus => (id % 2 === 0 ? 'done' : 'todo')
  const api = {
    async neighbourDocument({ documentId, direction, status }: { documentId: number; direction: 'next' | 'previous'; status: DocumentStatus | null; annotator?: string | null }) {
      asked.push(`neighbour ${documentId} ${direction} ${status ?? '*'}`)
      if (failing === 'everything') throw new Error('the corpus cannot be reached')
      const ids = [...texts.keys()].filter((id) => status === null || statusOf(id) === status)
      const found = direction === 'next' ? ids.find((id) => id > documentId) : ids.reverse().find((id) => id < documentId)
      return found ?? null
    },
    async openDocument({ documentId }: { documentId: number }): Promise<PackedDocument> {
      asked.push(`read ${documentId}`)
      if (readMs > 0) await new Promise((resolve) => setTimeout(resolve, readMs))
      if (failing !== 'nothing') throw new Error('the corpus cannot be reached')
      return {
        id: `doc-${documentId}`,
        rowId: documentId,
        title: `Document ${documentId}`,
        text: texts.get(documentId)!,
        status: statusOf(documentId),
        spans: { strings: [], numbers: [] },
        relations: [],
        labels: [],
        settledAsNothing: [],
      } as unknown as PackedDocument
    },
  }
  return { api, asked, texts, fail: (what: typeof failing) => (failing = what) }
}

/** Where `step` leads from `documentId`: the row id, and the title and text of the document if it was read ahead. */
async function stepped(reader: NeighbourReader, documentId: number, step: Step) {
  const neighbour = await reader.neighbour(documentId, step)
  if (neighbour === null) return null
  const document = await neighbour.readAhead
  return { rowId: neighbour.rowId, title: document?.title, text: document?.text }
}

/** Waits until the reader has been idle and what it read ahead has arrived. */
const idle = () => new Promise((resolve) => setTimeout(resolve, 120))

const both = [
  { direction: 'next', status: null, annotator: null },
  { direction: 'previous', status: null, annotator: null },
] as const

describe('NeighbourReader', () => {
  it('reads the next document, then the previous, once idle, and hands them over without asking the corpus again', async () => {
    const { api, asked } = corpus(5)
    const reader = new NeighbourReader(api)
    reader.readAround(3, both)
    expect(asked).toEqual([]) // nothing before the page is idle
    await idle()
    expect(asked).toEqual(['neighbour 3 next *', 'read 4', 'neighbour 3 previous *', 'read 2'])
    const next = await stepped(reader, 3, { direction: 'next', status: null, annotator: null })
    const previous = await stepped(reader, 3, { direction: 'previous', status: null, annotator: null })
    expect([next, previous]).toEqual([
      { rowId: 4, title: 'Document 4', text: 'text of 4' },
      { rowId: 2, title: 'Document 2', text: 'text of 2' },
    ])
    expect(asked).toHaveLength(4)
  })

  it('asks where a step leads that it did not read ahead, or from another document, and says null past the end of the list', async () => {
    const { api, asked } = corpus(5)
    const reader = new NeighbourReader(api)
    reader.readAround(3, both)
    await idle()
    asked.length = 0
    expect(await stepped(reader, 3, { direction: 'next', status: 'todo', annotator: null })).toEqual({ rowId: 5, title: undefined, text: undefined })
    // A document read ahead serves any step that leads to it.
    expect(await stepped(reader, 1, { direction: 'next', status: null, annotator: null })).toEqual({ rowId: 2, title: 'Document 2', text: 'text of 2' })
    expect(await stepped(reader, 5, { direction: 'next', status: null, annotator: null })).toBeNull()
    expect(asked).toEqual(['neighbour 3 next todo', 'neighbour 1 next *', 'neighbour 5 next *'])
  })

  it('hands over a document still on its way rather than asking for it twice', async () => {
    const { api, asked } = corpus(5, 40)
    const reader = new NeighbourReader(api)
    reader.readAround(3, both)
    await new Promise((resolve) => setTimeout(resolve, 60)) // idle: the read of 4 has begun, not ended
    expect(asked).toEqual(['neighbour 3 next *', 'read 4'])
    const next = await stepped(reader, 3, { direction: 'next', status: null, annotator: null })
    expect(next?.text).toBe('text of 4')
    expect(asked.filter((call) => call === 'read 4')).toHaveLength(1)
  })

  it('never hands over a copy of the document open now, which this page may have written to since', async () => {
    const { api, asked, texts } = corpus(5)
    const reader = new NeighbourReader(api)
    reader.readAround(3, both)
    await idle()
    reader.readAround(4, both) // stepped on to 4: its copy read ahead is dropped, as the analyst now edits it
    texts.set(4, 'text of 4, tagged')
    await idle()
    expect(asked.slice(4)).toEqual(['neighbour 4 next *', 'read 5', 'neighbour 4 previous *', 'read 3'])
    reader.readAround(3, both) // and back, at once: 4 was not read ahead since, so it is read when opened
    expect(await stepped(reader, 3, { direction: 'next', status: null, annotator: null })).toEqual({ rowId: 4, title: undefined, text: undefined })
    await idle()
    expect(await stepped(reader, 3, { direction: 'next', status: null, annotator: null })).toEqual({ rowId: 4, title: 'Document 4', text: 'text of 4, tagged' })
  })

  it('forgets everything read ahead when another program changed the corpus', async () => {
    const { api, asked } = corpus(5)
    const reader = new NeighbourReader(api)
    reader.readAround(3, both)
    await idle()
    reader.forget()
    asked.length = 0
    expect(await stepped(reader, 3, { direction: 'next', status: null, annotator: null })).toEqual({ rowId: 4, title: undefined, text: undefined })
    expect(asked).toEqual(['neighbour 3 next *'])
  })

  it('leaves a document whose read ahead failed to be read when it is opened, and asks again where a step leads if that failed', async () => {
    const { api, asked, fail } = corpus(5)
    const reader = new NeighbourReader(api)
    fail('reads')
    reader.readAround(3, both)
    await idle()
    fail('nothing')
    asked.length = 0
    expect(await stepped(reader, 3, { direction: 'next', status: null, annotator: null })).toEqual({ rowId: 4, title: undefined, text: undefined })
    expect(asked).toEqual([]) // where it leads was known: the document itself is read by whoever opens it

    const other = corpus(5)
    const again = new NeighbourReader(other.api)
    other.fail('everything')
    again.readAround(3, both)
    await idle()
    other.asked.length = 0
    await expect(again.neighbour(3, { direction: 'next', status: null, annotator: null })).rejects.toThrow('the corpus cannot be reached')
    expect(other.asked).toEqual(['neighbour 3 next *']) // asked again, not the failure kept from before
    other.fail('nothing')
    expect((await stepped(again, 3, { direction: 'next', status: null, annotator: null }))?.rowId).toBe(4)
  })

  it('keeps the documents wanted most recently when it drops some', async () => {
    const { api, asked } = corpus(30)
    const reader = new NeighbourReader(api)
    reader.readAround(2, [{ direction: 'next', status: null, annotator: null }]) // 3
    await idle()
    for (const id of [10, 13, 16, 19]) {
      reader.readAround(id, both) // two more each time: eight in all, more than are kept
      await idle()
      reader.readAround(2, [{ direction: 'next', status: null, annotator: null }]) // 3 again: wanted again, not read again
      await idle()
    }
    expect(asked.filter((call) => call === 'read 3')).toHaveLength(1)
    expect((await stepped(reader, 2, { direction: 'next', status: null, annotator: null }))?.title).toBe('Document 3')
  })

  it('keeps only a few documents read ahead', async () => {
    const { api } = corpus(20)
    const reader = new NeighbourReader(api)
    for (let id = 2; id <= 12; id++) {
      reader.readAround(id, both)
      await idle()
    }
    expect((await stepped(reader, 2, { direction: 'previous', status: null, annotator: null }))?.title).toBeUndefined() // 1, read long ago, is no longer kept
    expect((await stepped(reader, 12, { direction: 'previous', status: null, annotator: null }))?.title).toBe('Document 11')
  })

  it('keeps a document just left unchanged as if read ahead: stepping back to it, and reading around the next one, read nothing of it', async () => {
    const { api, asked } = corpus(5)
    const reader = new NeighbourReader(api)
    const left = { id: 'doc-3', rowId: 3, title: 'Document 3 as opened', text: 'text of 3', status: 'todo', spans: [], relations: [], labels: [], settledAsNothing: [] } as never
    reader.keep(left)
    reader.readAround(4, both) // 4 is opened: from it, 3 is the previous
    await idle()
    expect(asked.filter((call) => call.startsWith('read'))).toEqual(['read 5'])
    expect(await stepped(reader, 4, both[1])).toEqual({ rowId: 3, title: 'Document 3 as opened', text: 'text of 3' })
    reader.readAround(3, both) // opened again: this page may write to it, so its copy goes
    expect((await reader.neighbour(2, both[0]))!.readAhead).toBeUndefined()
    reader.keep(left)
    const generation = reader.generation
    reader.forget() // another program changed the corpus
    expect(reader.generation).toBe(generation + 1) // what was read before is not to be kept or shown unread
    expect(await (await reader.neighbour(4, both[1]))!.readAhead).toBeUndefined()
  })
})
