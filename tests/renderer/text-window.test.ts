/// <reference lib="dom" />
/**
 * Issue 10: a long document draws the paragraphs outside the span window as placeholders, except those the
 * selection, the selected span, the search match and the curation focus are in; a short one draws everything.
 */
import { EditorState, TextSelection, type Plugin } from 'prosemirror-state'
import type { Decoration, DecorationSet } from 'prosemirror-view'
import { describe, expect, it } from 'vitest'
import { annotate, annotationPlugin } from '../../src/renderer/editor/annotations'
import { ParagraphHeights } from '../../src/renderer/editor/paragraph-heights'
import { schema } from '../../src/renderer/editor/schema'
import { paragraphAt, paragraphStartsOf } from '../../src/renderer/editor/paragraphs-in-view'
import { TextPositions } from '../../src/renderer/editor/positions'
import { WINDOW_FROM_LENGTH } from '../../src/renderer/editor/long-document'
import { spanWindowKey, spanWindowPlugin } from '../../src/renderer/editor/span-window'
import { textWindowPlugin } from '../../src/renderer/editor/text-window'
import type { ExportedSpan } from '../../src/shared/corpus-types'

/** Paragraph `i`: an astral character first, so that code points and positions differ, and lengths that vary. */
const line = (i: number) => `😀 ${i}: ${'Mr Putin said the talks went well. '.repeat(1 + (i % 5))}`

function editorOf(paragraphs: number, spans: ExportedSpan[] = []): { state: EditorState; textWindow: Plugin; positions: TextPositions } {
  const text = Array.from({ length: paragraphs }, (_, i) => line(i)).join('\n')
  const positions = new TextPositions(text)
  const textWindow = textWindowPlugin()
  const state = EditorState.create({
    doc: positions.document(),
    plugins: [
      annotationPlugin({ spans, relations: [], documentLabels: [], status: 'todo' }, positions, new Map([['Claim', '#d9480f']]), 'ana'),
      spanWindowPlugin(),
      textWindow,
    ],
  })
  return { state, textWindow, positions }
}

/** The indices of the paragraphs drawn as placeholders: while the span window applies, those not marked near. */
function farParagraphs(state: EditorState, textWindow: Plugin): number[] {
  if (spanWindowKey.getState(state) === null) return []
  const set = (textWindow.props.decorations as (this: Plugin, state: EditorState) => DecorationSet).call(textWindow, state)
  const starts = paragraphStartsOf(state.doc)
  const near = new Set(
    set
      .find()
      .filter((d: Decoration) => (d.spec as { nearParagraph?: boolean }).nearParagraph === true)
      .map((d: Decoration) => paragraphAt(starts, d.from)),
  )
  return Array.from({ length: state.doc.childCount }, (_, i) => i).filter((i) => !near.has(i))
}

/** The offset (code points) of the start of paragraph `i`'s text. */
const startOf = (positions: TextPositions, i: number) => positions.toOffset(paragraphStartsOf(positions.document())[i] + 1)

describe('the text window', () => {
  it('draws every paragraph of a short document with few spans', () => {
    const { state, textWindow } = editorOf(100)
    expect(state.doc.content.size).toBeLessThan(WINDOW_FROM_LENGTH)
    expect(spanWindowKey.getState(state)).toBeNull()
    expect(farParagraphs(state, textWindow)).toEqual([])
    expect((textWindow.props.decorations as (s: EditorState) => DecorationSet)(state).find()).toEqual([])
  })

  it("draws a long document's paragraphs outside the window as placeholders, each once, in order", () => {
    const { state, textWindow } = editorOf(2000)
    const window = spanWindowKey.getState(state)!
    expect(window).not.toBeNull()
    const starts = paragraphStartsOf(state.doc)
    const lastDrawn = paragraphAt(starts, window.to - 1)
    const far = farParagraphs(state, textWindow)
    expect(far).toEqual(Array.from({ length: 2000 - lastDrawn - 1 }, (_, i) => lastDrawn + 1 + i))
    // The window moved to the middle: placeholders on both sides of it.
    const middle = { from: starts[1000], to: starts[1010] }
    const moved = state.apply(state.tr.setMeta(spanWindowKey, middle))
    const farNow = farParagraphs(moved, textWindow)
    expect(farNow).toContain(999)
    expect(farNow).not.toContain(1000)
    expect(farNow).not.toContain(1009)
    expect(farNow).toContain(1010)
    expect(farNow).not.toContain(0) // where the selection is (the start, as nothing was selected)
    expect(farNow).toHaveLength(2000 - 10 - 1)
  })

  it("keeps drawn the paragraphs of the selection's ends, the selected span and the search match, wherever they are", () => {
    const { positions } = editorOf(2000)
    const spanStart = startOf(positions, 1500) + 3
    const span: ExportedSpan = { id: 7, start: spanStart, end: spanStart + 5, label: 'Claim', text: 'x', attrs: {}, annotator: 'ana', created_at: 't', updated_at: 't' }
    const { state, textWindow } = editorOf(2000, [span])
    const starts = paragraphStartsOf(state.doc)
    // A selection from paragraph 1 to paragraph 1800: its two ends are drawn, what lies between is not.
    let now = state.apply(state.tr.setSelection(TextSelection.create(state.doc, starts[1] + 2, starts[1800] + 4)))
    expect(farParagraphs(now, textWindow)).not.toContain(1800)
    expect(farParagraphs(now, textWindow)).toContain(1799)
    now = now.apply(annotate(now, { type: 'select', id: 7 }))
    expect(farParagraphs(now, textWindow)).not.toContain(1500)
    now = now.apply(annotate(now, { type: 'match', match: { start: startOf(positions, 1700), end: startOf(positions, 1700) + 4 } }))
    const far = farParagraphs(now, textWindow)
    expect(far).not.toContain(1700)
    expect(far).toContain(1701)
    // Once the selection collapses back at the top, paragraph 1800 is a placeholder again.
    now = now.apply(now.tr.setSelection(TextSelection.create(now.doc, starts[1] + 2)))
    expect(farParagraphs(now, textWindow)).toContain(1800)
  })

  it('keeps drawn only the two ends of a selected span over many paragraphs', () => {
    const { positions } = editorOf(2000)
    const long: ExportedSpan = { id: 9, start: startOf(positions, 1000), end: startOf(positions, 1900) + 4, label: 'Claim', text: 'x', attrs: {}, annotator: 'ana', created_at: 't', updated_at: 't' }
    const { state: opened, textWindow } = editorOf(2000, [long])
    const state = opened.apply(annotate(opened, { type: 'select', id: 9 }))
    const far = farParagraphs(state, textWindow)
    expect(far).not.toContain(1000)
    expect(far).not.toContain(1900)
    expect(far).toContain(1001)
    expect(far).toContain(1899)
  })
})

describe('the heights of placeholders', () => {
  it('are estimated from the length until measured, in lines of the line height (at least one)', () => {
    const heights = new ParagraphHeights()
    expect(heights.heightOf(3, 0)).toBe('1.00lh')
    expect(heights.heightOf(3, 90)).toBe('1.00lh')
    expect(heights.heightOf(3, 135)).toBe('1.50lh')
    expect(heights.heightOf(3, 900)).toBe('10.00lh')
  })

  it('start, in the next document, from the characters per line the last one learned: its first measure then sets no height again', () => {
    // Paragraphs drawn 20 px a line, at 60 characters a line: 120 characters take two lines.
    const doc = schema.node('doc', null, [0, 1, 2].map(() => schema.node('paragraph', null, [schema.text('x'.repeat(120))])))
    const drawn = [0, 1, 2].map(() => ({ classList: { contains: () => false }, getBoundingClientRect: () => ({ height: 40 }) }))
    const elements = drawn as unknown as HTMLCollection
    const globals = globalThis as { getComputedStyle?: unknown }
    const before = globals.getComputedStyle
    globals.getComputedStyle = () => ({ lineHeight: '20px' })
    try {
      const first = new ParagraphHeights()
      expect(first.remember(doc, elements, 0, 2, 700)).toBe(true) // 90 guessed, 60 seen: every placeholder is out of date
      expect(first.heightOf(9, 120)).toBe('2.00lh')
      const next = new ParagraphHeights()
      expect(next.heightOf(9, 120)).toBe('2.00lh') // before any measure of its own
      expect(next.remember(doc, elements, 0, 2, 700)).toBe(false)
      expect(next.remember(doc, elements, 0, 2, 500)).toBe(true) // a new width: measured again from scratch
    } finally {
      globals.getComputedStyle = before
    }
  })
})
