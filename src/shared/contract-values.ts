/**
 * The contract's plain values: what the renderer needs of it at run time besides types. Kept apart from the
 * zod schemas of `corpus-types.ts` and `api.ts` (which re-export them), so that the page never loads zod:
 * it only calls operations, and the process that answers validates.
 */
import type { LabelDefinition, LabelKind } from './corpus-types'

/** Where an analyst has got to with a document, in the order they are shown. */
export const DOCUMENT_STATUSES = ['todo', 'done', 'skipped'] as const

/** A label colour as stored and drawn: `#rrggbb`, nothing else (it ends up in a `style`). */
export const HEX_COLOR = /^#[0-9a-fA-F]{6}$/

/** The grey drawn for a label whose colour is missing or not `#rrggbb` (a corpus file is untrusted). */
export const FALLBACK_COLOR = '#888888'

/** `color` if it is `#rrggbb`, otherwise the fallback grey. */
export function safeColor(color: string | undefined): string {
  return color !== undefined && HEX_COLOR.test(color) ? color : FALLBACK_COLOR
}

/**
 * The colours of the labels of one kind, by name: a relation or document label may share its name with a span
 * label (`Speaker`), so a map of every kind would draw one in the other's colour.
 */
export function colorsOf(labels: readonly LabelDefinition[], kind: LabelKind): Map<string, string> {
  return new Map(labels.filter((label) => label.kind === kind).map((label) => [label.name, label.color]))
}

/** The attributes the editor sets on a span: a free-text note and the "unsure" flag (see SpanAttributes). */
export const SPAN_NOTE = 'note'
export const SPAN_UNSURE = 'unsure'

/** The longest note a span may carry, in code points (characters as Python counts them: an emoji is one), as every count of text outside the process. */
export const NOTE_MAX_LENGTH = 10_000

/** The most documents a search ranks; when more match, it lists them in corpus order (see `SearchAnswer`). */
export const RANKED_AT_MOST = 20_000
