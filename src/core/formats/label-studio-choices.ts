/**
 * The `<Choices>` tags of a Label Studio project, read and written by tag: a task may have several (`topic` and
 * `sentiment`), and each choice goes back under the tag it came from.
 *
 * - import reads every document-level choice as a document label, and keeps the tag of those not of the first
 *   tag read in the document's meta (`label_studio.names.choice_tags`, label → tag); a choice of a second tag
 *   that is also a choice of the first (`Yes` in `urgent` and in `verified`) cannot be a second document label
 *   of the same name: it stays the first tag's label, and the second tag's is kept in `label_studio.shared_choices`
 *   (with its annotator and tag), named in a warning;
 * - export writes an annotator's document labels as one `choices` result per tag, with the choices kept for it;
 * - a per-region choice (`<Choices perRegion="true">`: a result with its region's id, or offsets) is no document
 *   label: it is the span attribute its tag names (`checkworthy: "yes"`, as a label's declared attributes are
 *   kept), and the tag is kept in `label_studio.names.region_choices`, so that export writes it back as a
 *   `choices` result on the span's region.
 */
import { SPAN_NOTE, SPAN_UNSURE } from '../../shared/contract-values'
import { objectOf, REGION_KEPT, REGION_META } from './label-studio-kept'

/** The attributes every span has, or export writes from a Label Studio region: no per-region choice takes their name. */
const RESERVED_ATTRS: ReadonlySet<string> = new Set([SPAN_NOTE, SPAN_UNSURE, REGION_META, REGION_KEPT])

/** The keys of a per-region `choices` result the import reads, or writes itself (an `origin` of `manual` too). */
const REGION_CHOICE_KEYS: ReadonlySet<string> = new Set(['id', 'from_name', 'to_name', 'type', 'value'])

/** The keys of a per-region `choices` result's `value` the import reads, or writes itself. */
const REGION_CHOICE_VALUE_KEYS: ReadonlySet<string> = new Set(['start', 'end', 'text', 'choices'])

/**
 * True if a `choices` result is about one region (a `<Choices perRegion="true">`), not the document: its `id` is
 * that of a region of its annotation (`regionIds`), or its `value` has offsets (`start` and `end`).
 */
export function isRegionChoice(result: Record<string, unknown>, regionIds: ReadonlyMap<string, unknown>): boolean {
  const id = result.id
  const value = objectOf(result.value) ?? {}
  return ((typeof id === 'string' || typeof id === 'number') && regionIds.has(String(id))) || ('start' in value && 'end' in value)
}

/** True if a per-region choice's tag can name a span attribute: a name, and none that every span has or export writes. */
export function isRegionChoiceTag(tag: unknown): tag is string {
  return typeof tag === 'string' && tag !== '' && !RESERVED_ATTRS.has(tag)
}

/** The span attribute value of per-region `choices`: the choice itself where there is one, else the list. */
export function regionChoiceAttr(choices: readonly string[]): string | string[] {
  return choices.length === 1 ? choices[0] : [...choices]
}

/** The choices a span attribute of a per-region choice holds (`regionChoiceAttr`'s inverse), or null if it holds none. */
export function choicesOfAttr(value: unknown): string[] | null {
  if (typeof value === 'string' && value !== '') return [value]
  return Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string') ? (value as string[]) : null
}

/** The keys of a per-region `choices` result the import does not read or write back (`score`, `readonly`...), for a warning. */
export function regionChoiceKeysLeft(result: Record<string, unknown>): string[] {
  const own = Object.entries(result).filter(([key, value]) => !REGION_CHOICE_KEYS.has(key) && !(key === 'origin' && value === 'manual')).map(([key]) => key)
  const value = Object.keys(objectOf(result.value) ?? {}).filter((key) => !REGION_CHOICE_VALUE_KEYS.has(key)).map((key) => `value.${key}`)
  return [...own, ...value]
}

/** A document label as export groups it: its label and annotator (and whatever else it carries). */
interface LabelOf {
  label: string
  annotator: string
}

/** The tag of each document-level choice of one task, as import reads them. */
export class ChoiceTags {
  /** The `from_name` of the first document-level `choices` result read. */
  first: string | undefined
  private readonly tagOf = new Map<string, string>()
  /** Choices of a tag that another tag read first has too, with their annotator. */
  readonly shared: { annotator?: string; from_name: string; choices: string[] }[] = []

  /**
   * Reads `choices` of `tag` (a result's `from_name`, undefined if it had none) given by `annotator`: the choices
   * to import as document labels, and remarks on those kept instead (`shared`).
   */
  read(tag: string | undefined, choices: readonly string[], annotator: string | undefined): { labels: string[]; remarks: string[] } {
    if (tag === undefined) return { labels: [...choices], remarks: [] }
    this.first ??= tag
    const labels: string[] = []
    const kept: string[] = []
    const remarks: string[] = []
    for (const choice of choices) {
      const owner: string = this.tagOf.get(choice) ?? tag
      this.tagOf.set(choice, owner)
      if (owner === tag) {
        labels.push(choice)
        continue
      }
      kept.push(choice)
      remarks.push(
        `Label Studio choice ${JSON.stringify(choice)} of ${tag} is also one of ${owner}: a document label is one label, read as ${owner}'s; ` +
          `${tag}'s kept in the document's meta (label_studio.shared_choices), which export writes back`,
      )
    }
    if (kept.length > 0) this.shared.push({ ...(annotator === undefined ? {} : { annotator }), from_name: tag, choices: kept })
    return { labels, remarks }
  }

  /** The tag of each choice not of the first tag (`label_studio.names.choice_tags`), or undefined if there is none. */
  otherTags(): Record<string, string> | undefined {
    const others = [...this.tagOf].filter(([, tag]) => tag !== this.first)
    return others.length === 0 ? undefined : Object.fromEntries(others)
  }
}

/** One `choices` result to write: its tag and the labels of it, and the choices kept for it (`shared_choices`). */
export interface TagChoices<Label extends LabelOf> {
  tag: string
  labels: Label[]
  kept: string[]
}

/** The annotators the choices `shared` keeps are of (`label_studio.shared_choices`): their annotations write them back. */
export function sharedChoicesAnnotators(shared: unknown): string[] {
  const entries = Array.isArray(shared) ? (shared as unknown[]) : []
  return entries.map((entry) => (entry !== null && typeof entry === 'object' ? (entry as Record<string, unknown>).annotator : undefined)).filter((by): by is string => typeof by === 'string')
}

/**
 * `annotator`'s document labels grouped by the tag each goes back under (`tags`, label → tag; `fallback` for a
 * label it does not name), in the order the tags first appear, with the choices `shared` keeps for that annotator.
 */
export function choicesByTag<Label extends LabelOf>(labels: readonly Label[], annotator: string, tags: Record<string, unknown>, shared: unknown, fallback: string): TagChoices<Label>[] {
  const byTag = new Map<string, TagChoices<Label>>()
  const of = (tag: string): TagChoices<Label> => {
    let entry = byTag.get(tag)
    if (entry === undefined) byTag.set(tag, (entry = { tag, labels: [], kept: [] }))
    return entry
  }
  for (const label of labels) {
    const tag = tags[label.label]
    of(typeof tag === 'string' && tag !== '' ? tag : fallback).labels.push(label)
  }
  for (const entry of Array.isArray(shared) ? shared : []) {
    if (entry === null || typeof entry !== 'object') continue
    const { annotator: by, from_name: tag, choices } = entry as Record<string, unknown>
    if ((by !== undefined && by !== annotator) || typeof tag !== 'string' || !Array.isArray(choices)) continue
    of(tag).kept.push(...choices.filter((choice): choice is string => typeof choice === 'string'))
  }
  return [...byTag.values()]
}
