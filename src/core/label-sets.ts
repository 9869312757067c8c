/** Label sets: the default one for news analysis, and reading a corpus's own set from a JSON file. */
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { HEX_COLOR, labelAttributes, type LabelDefinition } from '../shared/corpus-types'
import { describeClash, hotkeyClashes, hotkeyProblem, usableHotkey } from '../shared/hotkeys'
import { labelNameProblem } from '../shared/names'
import { fileError, InputError } from './errors'
import { describeZodIssue, findUnkeepable } from './validation'
import { parseJsonFile } from './formats/w3c-json-input'

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
    hotkey: z.string().nullable().optional(), // checked with the whole set, by labelSetProblems
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

/** True if `label` may have its hotkey beside `labels`: one it may have, and no label of `labels` answers to it. */
export function hotkeyFree(labels: readonly LabelDefinition[], label: LabelDefinition): boolean {
  return usableHotkey(label.hotkey, label.kind) !== null && !hotkeyClashes([...labels, label]).some((clash) => clash.label === label)
}

/** A problem of a label set, with the position of the label it is about. */
export interface LabelSetProblem {
  index: number
  message: string
}

/**
 * Checks a label set as a whole, each problem with the position of its label: unique names per kind; hotkeys
 * a label may have (`hotkeyProblem`), each answered by one label only, of whatever kind (a span label and a
 * relation label with the same key would both answer it; see `hotkeyClashes`); relation ends known.
 */
export function labelSetIssues(labels: readonly LabelDefinition[]): LabelSetProblem[] {
  const problems: LabelSetProblem[] = []
  const seen = new Set<string>()
  const spanNames = new Set(labels.filter((l) => l.kind === 'span').map((l) => l.name))
  const clashes = new Map(hotkeyClashes(labels).map((clash) => [clash.label, clash]))
  labels.forEach((label, index) => {
    const add = (message: string): void => void problems.push({ index, message })
    const key = `${label.kind}:${label.name}`
    if (seen.has(key)) add(`the ${label.kind} label "${label.name}" is defined twice`)
    seen.add(key)
    const problem = label.hotkey === null ? null : hotkeyProblem(label.hotkey, label.kind)
    if (problem !== null) add(`the ${label.kind} label "${label.name}" has the hotkey ${JSON.stringify(label.hotkey)}, which ${problem}`)
    const clash = clashes.get(label)
    if (clash !== undefined) add(`${describeClash(clash)}; give one of them another key`)
    if (label.kind !== 'span' && (label.attributes ?? []).length > 0) {
      add(`"${label.name}" is a ${label.kind} label, so it cannot declare attributes (only span labels do)`)
    }
    if (label.kind !== 'relation' && (label.head !== null || label.child !== null)) {
      add(`"${label.name}" is a ${label.kind} label, so it cannot have "head" or "child"`)
    }
    for (const end of [...(label.head ?? []), ...(label.child ?? [])]) {
      if (!spanNames.has(end)) add(`relation label "${label.name}" names "${end}", which is no span label`)
    }
  })
  return problems
}

/** The problems of a label set (see `labelSetIssues`), as sentences. */
export function labelSetProblems(labels: readonly LabelDefinition[]): string[] {
  return labelSetIssues(labels).map((problem) => problem.message)
}

/** Why a relation labelled `label` may not have a span labelled `spanLabel` at `end`, or null if it may. */
export function relationEndRefusal(label: Pick<LabelDefinition, 'name' | 'head' | 'child'>, end: 'head' | 'child', spanLabel: string): string | null {
  const allowed = label[end]
  return allowed === null || allowed.includes(spanLabel) ? null : `"${label.name}" needs a ${end} labelled ${allowed.join(' or ')}`
}

/** One entry of a label file as written: the fields it leaves out are undefined. */
export type LabelFileEntry = z.infer<typeof labelFileEntry>

/** A label file read: its entries as written, and its text (to name the line of an entry). */
interface LabelFile {
  entries: LabelFileEntry[]
  text: string
}

/** Reads the entries of a JSON label file. Throws an InputError naming the file, the entry's line and the reason. */
function readEntries(path: string): LabelFile {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw fileError(path, error, 'read')
  }
  // Read as import reads a JSON file: a syntax error, a key written twice or a number JSON would change, by line.
  const read = parseJsonFile(text)
  if ('error' in read) throw new InputError(path, read.line, `not a JSON label file: ${read.error}`)
  const parsed = read.value
  const unkeepable = findUnkeepable(parsed)
  if (unkeepable !== null) {
    const index = /^\[(\d+)\]/.exec(unkeepable.path)?.[1]
    throw new InputError(path, lineOfEntry(text, index === undefined ? undefined : Number(index)), `${unkeepable.path}: ${unkeepable.reason}`)
  }
  const result = z.array(labelFileEntry).min(1, 'must list at least one label').safeParse(parsed)
  if (!result.success) {
    const issue = result.error.issues[0]
    throw new InputError(path, lineOfEntry(text, issue.path[0]), describeZodIssue(issue))
  }
  // What the whole set's check cannot see once entries are merged into a corpus's labels (--define).
  const seen = new Set<string>()
  result.data.forEach((entry, index) => {
    const problem = labelNameProblem(entry.name) ?? (seen.has(`${entry.kind}:${entry.name}`) ? `the ${entry.kind} label "${entry.name}" is listed twice` : null)
    if (problem !== null) throw new InputError(path, lineOfEntry(text, index), problem)
    seen.add(`${entry.kind}:${entry.name}`)
  })
  return { entries: result.data, text }
}

/** Reads the entries of a JSON label file as written (see `definitionsFromEntries`). Throws an InputError naming file, line and reason. */
export function readLabelFileEntries(path: string): LabelFileEntry[] {
  return readEntries(path).entries
}

/**
 * Reads a label set from a JSON file: an array of `{name, kind, color?, hotkey?, description?, head?,
 * child?, attributes?}` (`attributes`, span labels only: `[{name, values: [...]}]`). Throws an InputError
 * naming the file, the line of the label at fault and the reason.
 */
export function readLabelFile(path: string): LabelDefinition[] {
  const { entries, text } = readEntries(path)
  const labels = entries.map(
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
  const [first, ...more] = labelSetIssues(labels)
  if (first !== undefined) {
    const others = more.length === 0 ? '' : ` (and ${more.length} more problem${more.length === 1 ? '' : 's'}: ${more.map((p) => p.message).join('; ')})`
    throw new InputError(path, lineOfEntry(text, first.index), first.message + others)
  }
  return labels
}

/**
 * The line of label file `path` on which the entry `message` is about starts, or null: where to
 * point at a label the corpus refused (a key another label of the corpus has).
 */
export function lineOfEntryNamedIn(path: string, message: string): number | null {
  const { entries, text } = readEntries(path)
  const named = entries.map((entry, index) => ({ index, at: message.indexOf(`"${entry.name}"`) })).filter((entry) => entry.at !== -1)
  if (named.length === 0) return null
  // The label a message is about is named first (`relation label "X" names "Y"`); of two sharing a key, the one
  // that came to it second is named second, and is the one to change.
  const clash = /share (the hotkey|a key)/.test(message)
  const chosen = named.reduce((best, entry) => ((clash ? entry.at > best.at : entry.at < best.at) ? entry : best))
  return lineOfEntry(text, chosen.index)
}

/** The line on which the `index`-th entry of the JSON array `text` starts, or null if `index` is no entry's. */
function lineOfEntry(text: string, index: PropertyKey | undefined): number | null {
  if (typeof index !== 'number') return null
  let depth = 0
  let inString = false
  let line = 1
  let entry = -1
  let expecting = false // the next value at depth 1 starts an entry
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '\n') line++
    if (inString) {
      if (c === '\\') i++
      else if (c === '"') inString = false
      continue
    }
    if (/\s/.test(c)) continue
    if (depth === 1 && (expecting || c === ',')) {
      if (c === ',') {
        expecting = true
        continue
      }
      if (c !== ']') {
        entry++
        expecting = false
        if (entry === index) return line
      }
    }
    if (c === '"') inString = true
    else if (c === '[' || c === '{') {
      depth++
      if (depth === 1) expecting = true
    } else if (c === ']' || c === '}') depth--
  }
  return null
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
