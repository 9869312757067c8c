/**
 * The labels of a merge: which labels the sources use that the target lacks, and (with `addLabels`)
 * copying their definitions from the source into the target.
 */
import type { LabelKind } from '../../shared/corpus-types'
import { CorpusFileError } from '../errors'
import { hotkeyFree } from '../label-sets'
import type { Corpus } from '../store/corpus'
import type { CorpusReader } from '../store/reader'
import type { MissingLabel } from './errors'
import { labelKey, type MergeSource } from './sources'

/** Labels the sources' annotations use that the target lacks (same kind and name), in the order first met. */
export function missingLabels(target: CorpusReader, sources: readonly MergeSource[]): MissingLabel[] {
  const missing = new Map<string, MissingLabel>()
  for (const source of sources) {
    for (const { kind, name } of source.labelsUsed) {
      if (target.label(kind, name) !== undefined) continue
      const key = labelKey(kind, name)
      const entry = missing.get(key) ?? { kind, name, sources: [] }
      if (!entry.sources.includes(source.path)) entry.sources.push(source.path)
      missing.set(key, entry)
    }
  }
  return [...missing.values()]
}

/**
 * Adds to `target` the definition of the label `kind:name` from `source`, unless the target has it: colour,
 * description, declared attributes, head and child rules (adding the span labels those rules name first), and
 * the hotkey if no label of the target has it. Returns the labels added, as `kind:name`.
 */
export function copyLabel(target: Corpus, source: CorpusReader, kind: LabelKind, name: string): string[] {
  if (target.label(kind, name) !== undefined) return []
  const definition = source.label(kind, name)
  if (definition === undefined) {
    throw new CorpusFileError(source.path, `its label rules name the ${kind} label "${name}", which it does not define`)
  }
  const added: string[] = []
  for (const end of [...(definition.head ?? []), ...(definition.child ?? [])]) added.push(...copyLabel(target, source, 'span', end))
  target.addLabel({
    kind,
    name,
    color: definition.color,
    hotkey: hotkeyFree(target.labels(), definition) ? definition.hotkey : null,
    description: definition.description,
    head: definition.head,
    child: definition.child,
    ...(definition.attributes === undefined ? {} : { attributes: definition.attributes }),
  })
  added.push(labelKey(kind, name))
  return added
}

/** Adds every label `source` uses that `target` lacks (see `copyLabel`); returns them as `kind:name`. */
export function copyMissingLabels(target: Corpus, source: MergeSource): string[] {
  return source.labelsUsed.flatMap(({ kind, name }) => copyLabel(target, source.reader, kind, name))
}

/** A label a source uses that the target defines otherwise: the target's definition is the one kept. */
export interface LabelDifference {
  kind: LabelKind
  name: string
  /** What differs, as a person reads it: "colour #aa0000 here, #00aa00 there", "its head rule". */
  what: string[]
}

/**
 * The labels `source` uses that `target` also has but defines otherwise (colour, key, rules, declared
 * attributes): merging keeps the target's, which the analysts of the source should know, since a rule the
 * target's relation label has may refuse what they made.
 */
export function labelDifferences(target: CorpusReader, source: MergeSource): LabelDifference[] {
  const differences: LabelDifference[] = []
  for (const { kind, name } of source.labelsUsed) {
    const ours = target.label(kind, name)
    const theirs = source.reader.label(kind, name)
    if (ours === undefined || theirs === undefined) continue
    const what: string[] = []
    if (ours.color.toLowerCase() !== theirs.color.toLowerCase()) what.push(`colour ${ours.color} here, ${theirs.color} there`)
    if (ours.hotkey !== theirs.hotkey) what.push(`key ${ours.hotkey ?? 'none'} here, ${theirs.hotkey ?? 'none'} there`)
    for (const end of ['head', 'child'] as const) {
      const rule = (definition: { head: string[] | null; child: string[] | null }) => (definition[end] === null ? 'any span' : [...definition[end]].sort().join(' or '))
      if (rule(ours) !== rule(theirs)) what.push(`${end} ${rule(ours)} here, ${rule(theirs)} there`)
    }
    if (JSON.stringify(ours.attributes ?? []) !== JSON.stringify(theirs.attributes ?? [])) what.push('its declared attributes')
    if (what.length > 0) differences.push({ kind, name, what })
  }
  return differences
}
