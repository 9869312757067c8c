/** Label sets: the default one for news analysis, and reading a corpus's own set from a JSON file. */
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { HEX_COLOR, labelAttributes, type LabelDefinition } from '../shared/corpus-types'
import { CorpusFileError, InputError, systemErrorKind } from './errors'
import { describeZodIssue } from './validation'

/** The label set of a new corpus: what a news fact-checking team tags. */
export const DEFAULT_LABELS: readonly LabelDefinition[] = [
  {
    name: 'Claim',
    kind: 'span',
    color: '#d9480f',
    hotkey: '1',
    description:
      'A checkable statement of fact or a prediction, as worded in the text. Tag the smallest stretch that ' +
      'is still a complete statement; leave out attribution such as "he said".',
    head: null,
    child: null,
  },
  {
    name: 'Speaker',
    kind: 'span',
    color: '#1971c2',
    hotkey: '2',
    description:
      'The person or body who makes a claim, as named at that place in the text ("Mr Putin", "Pyongyang", ' +
      '"he"). Tag each mention that a claim is attributed to.',
    head: null,
    child: null,
  },
  {
    name: 'Source',
    kind: 'span',
    color: '#2f9e44',
    hotkey: '3',
    description:
      'Where a claim comes from when that is not its speaker: a document, outlet, report or unnamed ' +
      'official ("reportedly", "state media", "a UN report").',
    head: null,
    child: null,
  },
  {
    name: 'Spam',
    kind: 'span',
    color: '#868e96',
    hotkey: '4',
    description:
      'Text that is not part of the article: ads, link bait, boilerplate pasted in by a scraper ' +
      '("Click Here: ...", "Comments are closed"). Tag the whole stray line.',
    head: null,
    child: null,
  },
  {
    name: 'attributed_to',
    kind: 'relation',
    color: '#7048e8',
    hotkey: 'a',
    description: 'Links a Claim (head) to the Speaker or Source (child) it is attributed to.',
    head: ['Claim'],
    child: ['Speaker', 'Source'],
  },
]

const hexColor = z.string().regex(HEX_COLOR, 'must be a colour written #rrggbb')

const labelFileEntry = z
  .object({
    name: z.string().trim().min(1, 'must not be empty'),
    kind: z.enum(['span', 'relation', 'document']),
    color: hexColor.optional(),
    hotkey: z
      .string()
      .refine((key) => [...key].length === 1, 'must be a single character')
      .nullable()
      .optional(),
    description: z.string().optional(),
    head: z.array(z.string().min(1)).nullable().optional(),
    child: z.array(z.string().min(1)).nullable().optional(),
    attributes: labelAttributes.optional(),
  })
  .strict()

/** Colours given, in turn, to labels that come without one. */
const PALETTE = ['#d9480f', '#1971c2', '#2f9e44', '#868e96', '#7048e8', '#e8590c', '#0c8599', '#c2255c', '#5c940d']

/** A colour for the `index`-th label made without one. */
export function paletteColor(index: number): string {
  return PALETTE[index % PALETTE.length]
}

/** Checks a label set as a whole: unique names per kind, unique hotkeys per kind, relation ends known. */
export function labelSetProblems(labels: readonly LabelDefinition[]): string[] {
  const problems: string[] = []
  const seen = new Set<string>()
  const hotkeys = new Map<string, string>()
  const spanNames = new Set(labels.filter((l) => l.kind === 'span').map((l) => l.name))
  for (const label of labels) {
    const key = `${label.kind}:${label.name}`
    if (seen.has(key)) problems.push(`the ${label.kind} label "${label.name}" is defined twice`)
    seen.add(key)
    if (label.hotkey !== null) {
      const hotkeyKey = `${label.kind}:${label.hotkey}`
      const other = hotkeys.get(hotkeyKey)
      if (other !== undefined) {
        problems.push(`the ${label.kind} labels "${other}" and "${label.name}" share the hotkey "${label.hotkey}"`)
      }
      hotkeys.set(hotkeyKey, label.name)
    }
    if (label.kind !== 'span' && (label.attributes ?? []).length > 0) {
      problems.push(`"${label.name}" is a ${label.kind} label, so it cannot declare attributes (only span labels do)`)
    }
    if (label.kind !== 'relation' && (label.head !== null || label.child !== null)) {
      problems.push(`"${label.name}" is a ${label.kind} label, so it cannot have "head" or "child"`)
    }
    for (const end of [...(label.head ?? []), ...(label.child ?? [])]) {
      if (!spanNames.has(end)) problems.push(`relation label "${label.name}" names "${end}", which is no span label`)
    }
  }
  return problems
}

/** Why a relation labelled `label` may not have a span labelled `spanLabel` at `end`, or null if it may. */
export function relationEndRefusal(label: Pick<LabelDefinition, 'name' | 'head' | 'child'>, end: 'head' | 'child', spanLabel: string): string | null {
  const allowed = label[end]
  return allowed === null || allowed.includes(spanLabel) ? null : `"${label.name}" needs a ${end} labelled ${allowed.join(' or ')}`
}

/** One entry of a label file as written: the fields it leaves out are undefined. */
export type LabelFileEntry = z.infer<typeof labelFileEntry>

/** Reads the entries of a JSON label file as written. Throws an InputError naming the file and the reason. */
export function readLabelFileEntries(path: string): LabelFileEntry[] {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    const { kind, reason } = systemErrorKind(error)
    throw new CorpusFileError(path, `cannot be read: ${reason}`, kind)
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new InputError(path, null, `not a JSON label file: ${(error as Error).message}`)
  }
  const result = z.array(labelFileEntry).min(1, 'must list at least one label').safeParse(parsed)
  if (!result.success) throw new InputError(path, null, describeZodIssue(result.error.issues[0]))
  return result.data
}

/**
 * Reads a label set from a JSON file: an array of `{name, kind, color?, hotkey?, description?, head?,
 * child?, attributes?}` (`attributes`, span labels only: `[{name, values: [...]}]`). Throws an InputError
 * naming the file and the reason.
 */
export function readLabelFile(path: string): LabelDefinition[] {
  const labels = readLabelFileEntries(path).map(
    (entry, index): LabelDefinition => ({
      name: entry.name,
      kind: entry.kind,
      color: entry.color ?? paletteColor(index),
      hotkey: entry.hotkey ?? null,
      description: entry.description ?? '',
      head: entry.head ?? null,
      child: entry.child ?? null,
      ...(entry.attributes === undefined || entry.attributes.length === 0 ? {} : { attributes: entry.attributes }),
    }),
  )
  const problems = labelSetProblems(labels)
  if (problems.length > 0) throw new InputError(path, null, problems.join('; '))
  return labels
}

/**
 * The definitions a label file gives labels that may already exist in `current`: what an entry leaves out is
 * kept from the label it names, or for a new label the default (a palette colour, no key, no guideline,
 * no rules, no attributes).
 */
export function definitionsFromEntries(entries: readonly LabelFileEntry[], current: readonly LabelDefinition[]): LabelDefinition[] {
  let fresh = 0
  return entries.map((entry): LabelDefinition => {
    const label = current.find((l) => l.kind === entry.kind && l.name === entry.name)
    const attributes = entry.attributes ?? label?.attributes ?? []
    return {
      name: entry.name,
      kind: entry.kind,
      color: entry.color ?? label?.color ?? paletteColor(current.length + fresh++),
      hotkey: entry.hotkey !== undefined ? entry.hotkey : (label?.hotkey ?? null),
      description: entry.description ?? label?.description ?? '',
      head: entry.head !== undefined ? entry.head : (label?.head ?? null),
      child: entry.child !== undefined ? entry.child : (label?.child ?? null),
      ...(attributes.length === 0 ? {} : { attributes }),
    }
  })
}
