/**
 * Spans missing a relation their label calls for: for each relation label with head rules, the spans of a
 * head label that are the head of no relation of that label (with the default labels, Claims without
 * `attributed_to`). Counted for the status bar, and stepped through with Tab once Alt+U asks for it. Only the
 * work of the analyst shown counts, or, with everyone's shown, the editor's own (the curated layer's while
 * curating): another analyst's Claim is theirs to link.
 */
import { TextSelection, type Command, type EditorState } from 'prosemirror-state'
import type { ExportedSpan, LabelDefinition } from '../../shared/corpus-types'
import { CURATED, curationOf, spanSignature } from '../../shared/curation'
import { annotate, annotations, ownerOf, spansInOrder, type AnnotationState } from './annotations'
import { relationView, relationViewKey, setRelationView } from './relation-view'

/** The spans of one head label that are the head of no relation of one relation label. */
export interface MissingRelation {
  relation: string
  headLabel: string
  /** In reading order. */
  spans: ExportedSpan[]
}

type Shown = Pick<AnnotationState, 'spans' | 'relations' | 'shown' | 'me' | 'curating'>

let memo: { key: [Shown['spans'], Shown['relations'], string, readonly LabelDefinition[]]; value: MissingRelation[] } | null = null

/** Whose spans are counted: the analyst shown, or with everyone's shown the editor's own (or the curated layer's). */
function countedWork(state: Shown): string {
  return state.shown ?? ownerOf(state)
}

/**
 * For each relation label with head rules, and each span label it allows at the head, the spans counted
 * (see `countedWork`) with that label that head no relation of that relation label by the same analyst. Kept for the last state asked about, since
 * the status bar and Tab both ask after every change.
 */
export function missingRelations(state: Shown, labels: readonly LabelDefinition[]): MissingRelation[] {
  const whose = countedWork(state)
  const key = [state.spans, state.relations, whose, labels] as const
  if (memo !== null && memo.key.every((part, i) => part === key[i])) return memo.value
  const ordered = spansInOrder(state)
  // The counted analyst's relations, wherever they end: one to another analyst's span is not shown with their work alone.
  const relations = [...state.relations.values()].filter((r) => r.annotator === whose)
  const linkedAsAgreed = whose === CURATED ? agreedHeads(state) : new Set<string>()
  const value: MissingRelation[] = []
  for (const rule of labels) {
    if (rule.kind !== 'relation' || rule.head === null) continue
    const heads = new Set(relations.filter((r) => r.label === rule.name).map((r) => r.head))
    const linked = (span: ExportedSpan) => heads.has(span.id) || linkedAsAgreed.has(`${rule.name}>${spanSignature(span)}`)
    for (const headLabel of rule.head) {
      value.push({ relation: rule.name, headLabel, spans: ordered.filter((s) => s.label === headLabel && s.annotator === whose && !linked(s)) })
    }
  }
  memo = { key: [...key], value }
  return value
}

/**
 * `label>start:end:label` of the heads of the relations every analyst made: the settled set gives a curated span
 * there that relation (src/core/export/settled.ts), so it is not missing one.
 */
function agreedHeads(state: Shown): Set<string> {
  const { agreedRelations } = curationOf([...state.spans.values()], [...state.relations.values()])
  const heads = new Set<string>()
  for (const relation of agreedRelations) {
    const head = state.spans.get(relation.head)
    if (head !== undefined) heads.add(`${relation.label}>${spanSignature(head)}`)
  }
  return heads
}

/** `2 Claims without attributed_to`. */
export function describeMissing(missing: Pick<MissingRelation, 'relation' | 'headLabel' | 'spans'>): string {
  const n = missing.spans.length
  return `${n} ${n === 1 ? missing.headLabel : plural(missing.headLabel)} without ${missing.relation}`
}

function plural(word: string): string {
  if (/(?:s|x|z|ch|sh)$/i.test(word)) return `${word}es`
  if (/[^aeiou]y$/i.test(word)) return `${word.slice(0, -1)}ies`
  return `${word}s`
}

/** Ids of every span missing a relation, for any relation label. */
function missingIds(state: Shown, labels: readonly LabelDefinition[]): Set<number> {
  return new Set(missingRelations(state, labels).flatMap((m) => m.spans.map((s) => s.id)))
}

/**
 * The next (1) or previous (-1) span missing a relation, in reading order, from the selected span or else
 * from the cursor, wrapping round; undefined if there is none.
 */
export function adjacentMissing(state: EditorState, labels: readonly LabelDefinition[], direction: 1 | -1): ExportedSpan | undefined {
  const current = annotations(state)
  const missing = missingIds(current, labels)
  if (missing.size === 0) return undefined
  const ordered = spansInOrder(current)
  let index = ordered.findIndex((span) => span.id === current.selected)
  if (index === -1) {
    const cursor = state.selection.from
    const after = ordered.findIndex((span) => current.positions.toPosition(span.start) >= cursor)
    index = direction === 1 ? (after === -1 ? ordered.length : after) - 1 : after === -1 ? ordered.length : after
  }
  for (let step = 1; step <= ordered.length; step++) {
    const span = ordered[(((index + direction * step) % ordered.length) + ordered.length) % ordered.length]
    if (missing.has(span.id)) return span
  }
  return undefined
}

/** A transaction selecting `span`, with the cursor at its start, scrolled into view. */
function selectAndShow(state: EditorState, span: ExportedSpan) {
  const tr = annotate(state, { type: 'select', id: span.id })
  return tr.setSelection(TextSelection.create(tr.doc, annotations(state).positions.toPosition(span.start))).scrollIntoView()
}

/**
 * Tab and Shift+Tab while stepping through spans missing a relation (and no relation is being linked, when
 * Tab picks the other end among every span): selects the next or previous one. When none is left, says so
 * through `say`; does not apply when not stepping.
 */
export function selectAdjacentMissing(labels: readonly LabelDefinition[], direction: 1 | -1, say: (message: string) => void): Command {
  return (state, dispatch) => {
    if (!relationView(state).unlinkedOnly || annotations(state).link !== null) return false
    const next = adjacentMissing(state, labels, direction)
    if (next !== undefined) dispatch?.(selectAndShow(state, next))
    else if (dispatch) {
      const rules = missingRelations(annotations(state), labels).map((missing) => `every ${missing.headLabel} has its ${missing.relation}`)
      say(`No span is missing a relation${rules.length === 0 ? '' : `: ${rules.join(', ')}`}. Alt+U lets Tab step through every span again.`)
    }
    return true
  }
}

/**
 * Alt+U, or a click on the count: Tab steps only through spans missing a relation, or through every span
 * again. Switching it on selects the next such span at once; with none, it does not apply (and is not switched on).
 */
export function toggleMissingSteps(labels: readonly LabelDefinition[]): Command {
  return (state, dispatch) => {
    const on = !relationView(state).unlinkedOnly
    if (on && missingIds(annotations(state), labels).size === 0) return false // nothing to step through: not turned on
    if (!dispatch) return true
    const selected = annotations(state).selected
    const next = on && (selected === null || !missingIds(annotations(state), labels).has(selected)) ? adjacentMissing(state, labels, 1) : undefined
    const action = { type: 'unlinkedOnly', on } as const
    dispatch(next === undefined ? setRelationView(state, action) : selectAndShow(state, next).setMeta(relationViewKey, action))
    return true
  }
}
