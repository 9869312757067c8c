/**
 * The form in which a document travels to the editor: its spans packed in columns rather than as one object
 * each. A span as an object repeats its seven key names, its label, analyst and two timestamps, and the text
 * it covers, which the editor has already: on the 100,000-word article with 10,000 spans that was 2.0 MB of
 * the 2.7 MB answer. Packed, each span is eight numbers, every string is sent once, and the covered text is
 * cut from the document's text on arrival, so the editor still gets whole `ExportedSpan`s.
 */
import type { DocumentView, MarginaliaApi } from './api'
import type { ExportedSpan } from './corpus-types'
import { OffsetIndex, sliceCodePoints } from './offsets'

/** A span's fields as stored: what `packSpans` reads (the attributes as their JSON text). */
export interface SpanFields {
  id: number
  start_offset: number
  end_offset: number
  label: string
  attrs: string
  annotator: string
  created_at: string
  updated_at: string
}

/**
 * A span's fields as one row of values, in `SpanFields`' order (as the corpus reads them, without making an
 * object of each): id, start, end, label, attrs, annotator, created_at, updated_at.
 */
export type SpanValues = [id: number, start_offset: number, end_offset: number, label: string, attrs: string, annotator: string, created_at: string, updated_at: string]

/** `span`'s fields as a row of values. */
export function spanValues(span: SpanFields): SpanValues {
  return [span.id, span.start_offset, span.end_offset, span.label, span.attrs, span.annotator, span.created_at, span.updated_at]
}

/** Spans in columns: `numbers` holds SPAN_WIDTH numbers per span, the string fields as indices into `strings`. */
export interface PackedSpans {
  /** Each label, analyst, timestamp and attributes text (JSON) the spans use, once. */
  strings: string[]
  /** Per span, in order: id, start, end (code points), then label, attrs, annotator, created_at, updated_at (indices into `strings`). */
  numbers: number[]
}

/** How many numbers each span takes in `PackedSpans.numbers`. */
export const SPAN_WIDTH = 8

/** A document as `openDocument` answers it: a `DocumentView` whose spans are packed (see `unpackDocument`). */
export interface PackedDocument extends Omit<DocumentView, 'spans'> {
  spans: PackedSpans
}

/** Packs `spans` (rows of values) in their order. */
export function packSpans(spans: readonly SpanValues[]): PackedSpans {
  const strings: string[] = []
  const indexOf = new Map<string, number>()
  const intern = (value: string): number => {
    let index = indexOf.get(value)
    if (index === undefined) {
      index = strings.push(value) - 1
      indexOf.set(value, index)
    }
    return index
  }
  const numbers = new Array<number>(spans.length * SPAN_WIDTH)
  let at = 0
  for (const [id, start, end, label, attrs, annotator, createdAt, updatedAt] of spans) {
    numbers[at++] = id
    numbers[at++] = start
    numbers[at++] = end
    numbers[at++] = intern(label)
    numbers[at++] = intern(attrs)
    numbers[at++] = intern(annotator)
    numbers[at++] = intern(createdAt)
    numbers[at++] = intern(updatedAt)
  }
  return { strings, numbers }
}

/** The spans of `packed` as whole spans, each with the part of `text` (code point offsets) it covers. */
export function unpackSpans(packed: PackedSpans, text: string): ExportedSpan[] {
  const { strings, numbers } = packed
  if (numbers.length % SPAN_WIDTH !== 0) throw new Error(`packed spans hold ${numbers.length} numbers, not a multiple of ${SPAN_WIDTH}`)
  const index = new OffsetIndex(text)
  const spans = new Array<ExportedSpan>(numbers.length / SPAN_WIDTH)
  const string = (at: number): string => {
    const value = strings[numbers[at]]
    if (value === undefined) throw new Error(`packed spans name string ${numbers[at]} of ${strings.length}`)
    return value
  }
  for (let i = 0, at = 0; at < numbers.length; i++, at += SPAN_WIDTH) {
    const start = numbers[at + 1]
    const end = numbers[at + 2]
    spans[i] = {
      id: numbers[at],
      start,
      end,
      label: string(at + 3),
      text: sliceCodePoints(text, index, start, end),
      attrs: JSON.parse(string(at + 4)) as Record<string, unknown>,
      annotator: string(at + 5),
      created_at: string(at + 6),
      updated_at: string(at + 7),
    }
  }
  return spans
}

/** The document `packed` is, with whole spans. */
export function unpackDocument(packed: PackedDocument): DocumentView {
  return { ...packed, spans: unpackSpans(packed.spans, packed.text) }
}

/** Reads a document through `api`, with whole spans: what the editor calls instead of `openDocument`. */
export async function readDocument(api: Pick<MarginaliaApi, 'openDocument'>, documentId: number): Promise<DocumentView> {
  return unpackDocument(await api.openDocument({ documentId }))
}
