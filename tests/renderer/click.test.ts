/// <reference lib="dom" />
/** Which span a click picks (`clickedSpan`), headless. */
import { describe, expect, it } from 'vitest'
import { clickedSpan } from '../../src/renderer/editor/input'
import { corpusWith, openSession } from './headless'

describe('clickedSpan', () => {
  it('picks the innermost span at the place, the own analyst\'s where analysts tagged the same text, and only spans shown', async () => {
    const { api, corpus, documentId } = corpusWith('Mr Kim said sanctions relief was discussed.', 'ana')
    const [bobs, anas, inner] = corpus.transaction(() => [
      corpus.insertSpan(documentId, { start: 12, end: 42, label: 'Claim', annotator: 'bob' }),
      corpus.insertSpan(documentId, { start: 12, end: 42, label: 'Claim', annotator: 'ana' }),
      corpus.insertSpan(documentId, { start: 12, end: 21, label: 'Source', annotator: 'bob' }),
    ])
    const { session } = await openSession(api, documentId)
    globalThis.Element ??= class {} as unknown as typeof Element // headless: no DOM, and no element was clicked
    const at = (offset: number) => clickedSpan(session.view.state, session.positions.toPosition(offset), null)
    expect(at(14)).toBe(inner) // inside "sanctions": the innermost
    expect(at(30)).toBe(anas) // "relief": ana's and bob's claims cover it; the editor is ana's
    session.showAnalyst('bob')
    await session.settled()
    expect(at(30)).toBe(bobs) // only bob's work is shown
    expect(at(2)).toBe(null)
  })

  it('picks the next span there on a click on the span selected, round to the first: stacked spans can each be picked', async () => {
    const { api, corpus, documentId } = corpusWith('Mr Kim said sanctions relief was discussed.', 'ana')
    const [bobs, anas, inner, bobsSource] = corpus.transaction(() => [
      corpus.insertSpan(documentId, { start: 12, end: 42, label: 'Claim', annotator: 'bob' }),
      corpus.insertSpan(documentId, { start: 12, end: 42, label: 'Claim', annotator: 'ana' }),
      corpus.insertSpan(documentId, { start: 12, end: 21, label: 'Source', annotator: 'ana' }),
      corpus.insertSpan(documentId, { start: 12, end: 21, label: 'Source', annotator: 'bob' }),
    ])
    const { session } = await openSession(api, documentId)
    globalThis.Element ??= class {} as unknown as typeof Element
    let last: number | null = null // the offset clicked last: a click there again cycles, as the editor's click handler has it
    const click = (offset: number) => {
      const id = clickedSpan(session.view.state, session.positions.toPosition(offset), null, offset === last)
      last = offset
      if (id !== null) session.selectSpan(id)
      return id
    }
    // On "sanctions": ana's Source (innermost, her own), bob's Source, ana's Claim, bob's Claim, then round again.
    expect([click(14), click(14), click(14), click(14), click(14)]).toEqual([inner, bobsSource, anas, bobs, inner])
    // While curating, the curated layer's span is one's own.
    const curated = corpus.insertSpan(documentId, { start: 12, end: 21, label: 'Source', annotator: 'curated' })
    corpus.insertSpan(documentId, { start: 0, end: 6, label: 'Speaker', annotator: 'bob' }) // a disagreement, so that there is something to curate
    await session.refreshFromCorpus()
    await session.curation.toggle()
    expect(session.state.curating).toBe(true)
    last = null
    expect(click(14)).toBe(curated)
    await session.curation.toggle()
    // Elsewhere, a click picks as it would with nothing selected; back on "sanctions", the innermost again.
    expect(click(30)).toBe(anas)
    expect(click(14)).toBe(inner)
  })
})
