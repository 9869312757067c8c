/**
 * What a relation label allows at each end, worded for people: which way a relation goes between two spans,
 * and why it cannot join them. Shared by the corpus (which refuses) and the editor (which says so at once).
 */
import type { LabelDefinition } from './corpus-types'

/** The parts of a relation label its rules come from. */
export type RelationRule = Pick<LabelDefinition, 'name' | 'head' | 'child'>

/** True if a span labelled `spanLabel` may be at `end` of a relation labelled `rule`. */
export function allowsAt(rule: RelationRule, end: 'head' | 'child', spanLabel: string): boolean {
  const allowed = rule[end]
  return allowed === null || allowed.includes(spanLabel)
}

/**
 * Which way a relation labelled `rule` may join a span labelled `first` (picked first) and one labelled
 * `second`: from the first to the second, the other way round, or not at all.
 */
export function relationDirection(rule: RelationRule, first: string, second: string): 'forward' | 'reverse' | null {
  if (allowsAt(rule, 'head', first) && allowsAt(rule, 'child', second)) return 'forward'
  if (allowsAt(rule, 'head', second) && allowsAt(rule, 'child', first)) return 'reverse'
  return null
}

/** True if a span labelled `spanLabel` may be at either end of a relation labelled `rule`. */
export function mayTakePart(rule: RelationRule, spanLabel: string): boolean {
  return allowsAt(rule, 'head', spanLabel) || allowsAt(rule, 'child', spanLabel)
}

/** `"attributed_to" links a Claim to a Speaker or Source`: the rule in words. */
export function describeRule(rule: RelationRule): string {
  const side = (labels: string[] | null) => (labels === null ? 'any span' : `a ${labels.join(' or ')}`)
  return `"${rule.name}" links ${side(rule.head)} to ${side(rule.child)}`
}

/** How a span is named in messages: its label and its text, shortened: `Speaker "Mr Putin"`. */
export function nameSpan(label: string, text: string): string {
  const chars = [...text.replace(/\s+/gu, ' ').trim()]
  return `${label} "${chars.length > 40 ? `${chars.slice(0, 39).join('')}…` : chars.join('')}"`
}
