/**
 * The label set a brat folder declares: entity and relation types from `annotation.conf` (relations with the
 * entity types their `Arg1` and `Arg2` allow) and colours from `visual.conf` (`bgColor` for entities, `color`
 * for relations). For a folder Marginalia wrote, `visual.conf`'s `[labels]` section gives back the names of
 * labels brat stores under other type names. Import uses it for a corpus it makes (instead of the news label
 * set) and, with `--add-labels`, for the labels it adds (instead of bare names in palette colours).
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { HEX_COLOR, type LabelDefinition } from '../../shared/corpus-types'
import { labelSetProblems, paletteColor } from '../label-sets'

/** The first line Marginalia writes in the `.conf` files of its brat exports. */
const WRITTEN_BY_MARGINALIA = /^# Written by Marginalia/

/** brat's own names for "any entity" and its other placeholders, which are no label. */
const PLACEHOLDER = /^<[A-Z-]+>$/

/** A line that defines a macro (`<POG>=Person|Organization|GPE`), which is no type. */
const MACRO_DEFINITION = /^\s*(<[A-Za-z_-]+>)\s*=\s*(.*?)\s*$/u

/** Keys given to the labels of a brat label set, in order: digits for span labels, letters for relations. */
const SPAN_KEYS = '123456789'
const RELATION_KEYS = 'abcdefghijklmnopqrstuvwxyz'

/** The `[section]`s of a brat `.conf` file, each with its lines (comments and blank lines left out). */
function sections(text: string): Map<string, string[]> {
  const result = new Map<string, string[]>()
  let current = ''
  for (const raw of text.split(/\r?\n/u)) {
    const line = raw.replace(/\s+$/u, '')
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue
    const header = /^\[(\w+)\]$/u.exec(line.trim())
    if (header !== null) current = header[1].toLowerCase()
    else result.set(current, [...(result.get(current) ?? []), line])
  }
  return result
}

/** brat's names for "any entity type" in a relation's argument. */
const ANY_ENTITY = new Set(['<ENTITY>', '<ANY>'])

/**
 * The entity types of `[entities]`, in order, each with the types nested under it (brat's type hierarchy:
 * a line indented deeper than the one above is its subtype; `!` marks an abstract type, which only groups
 * others and is no label; `Type | Alias` gives a type other names).
 */
function entityHierarchy(lines: readonly string[]): { types: string[]; descendants: Map<string, string[]>; abstract: Set<string> } {
  const types: string[] = []
  const descendants = new Map<string, string[]>()
  const abstract = new Set<string>()
  const ancestors: { type: string; depth: number }[] = []
  for (const line of lines.filter((line) => !MACRO_DEFINITION.test(line))) {
    const depth = /^\s*/u.exec(line)![0].length
    const declared = line.trim().split('\t')[0].split('|')[0].trim()
    const type = declared.replace(/^!/u, '')
    if (type === '' || PLACEHOLDER.test(type)) continue
    if (declared.startsWith('!')) abstract.add(type)
    while (ancestors.length > 0 && ancestors[ancestors.length - 1].depth >= depth) ancestors.pop()
    for (const ancestor of ancestors) descendants.get(ancestor.type)?.push(type)
    if (!descendants.has(type)) {
      types.push(type)
      descendants.set(type, [])
    }
    ancestors.push({ type, depth })
  }
  return { types, descendants, abstract }
}

/** The macros a brat `.conf` defines (`<POG>=Person|Organization|GPE`), as `<NAME>` → its types. */
function macros(text: string): Map<string, string[]> {
  const result = new Map<string, string[]>()
  for (const line of text.split(/\r?\n/u)) {
    const match = MACRO_DEFINITION.exec(line)
    if (match !== null) result.set(match[1], match[2].split('|').map((type) => type.trim()))
  }
  return result
}

/**
 * The entity types allowed by one argument of a relation line (`Arg1:Claim|Quote`), or null for any: a
 * type allows its subtypes too, `<ENTITY>` and `<ANY>` allow any, and a macro stands for the types it names.
 */
function argumentTypes(
  definition: string,
  argument: string,
  hierarchy: ReturnType<typeof entityHierarchy>,
  macroTypes: Map<string, string[]>,
): string[] | null {
  const match = new RegExp(`(?:^|,)\\s*${argument}:([^,]+)`, 'u').exec(definition)
  if (match === null) return null
  const named = match[1].split('|').map((type) => type.trim()).flatMap((type) => macroTypes.get(type) ?? [type])
  if (named.some((type) => ANY_ENTITY.has(type))) return null
  const types = [...new Set(named.filter((type) => type !== '' && !PLACEHOLDER.test(type)).flatMap((type) => [type, ...(hierarchy.descendants.get(type) ?? [])]))]
  return types.length === 0 ? null : types
}

/**
 * The label names a `visual.conf` Marginalia wrote gives brat types: its `[labels]` section lists the labels
 * brat stores under another type name (`Time_span_2 | Time span`). Empty for one another tool wrote, whose
 * `[labels]` are display names, not label names.
 */
function labelNamesOf(visualText: string): Map<string, string> {
  const nameOf = new Map<string, string>()
  if (!WRITTEN_BY_MARGINALIA.test(visualText)) return nameOf
  for (const line of sections(visualText).get('labels') ?? []) {
    const [type, name] = line.split('|').map((part) => part.trim())
    if (type !== undefined && name !== undefined && name !== '') nameOf.set(type, name)
  }
  return nameOf
}

/**
 * The label names brat types stand for in the documents of `folder`, from the nearest `visual.conf` in it or
 * a folder above it (where brat looks for its configuration): so that a folder Marginalia exported, read back
 * without its `.meta` files, or one of its sub-folders, gives its labels their names again.
 */
export function bratLabelNames(folder: string): Map<string, string> {
  for (let current = resolve(folder); ; current = dirname(current)) {
    const visualPath = join(current, 'visual.conf')
    if (existsSync(visualPath)) {
      try {
        return labelNamesOf(readFileSync(visualPath, 'utf8'))
      } catch {
        return new Map() // not readable: the types are read as they are
      }
    }
    if (dirname(current) === current) return new Map()
  }
}

/** Reads the label set declared by the brat `.conf` files in `folder`, or null if it has no `annotation.conf`. */
export function readBratLabelSet(folder: string): LabelDefinition[] | null {
  const annotationPath = join(folder, 'annotation.conf')
  if (!existsSync(annotationPath)) return null
  const annotationText = readFileSync(annotationPath, 'utf8')
  const annotation = sections(annotationText)
  const visualPath = join(folder, 'visual.conf')
  const visualText = existsSync(visualPath) ? readFileSync(visualPath, 'utf8') : ''
  const visual = sections(visualText)
  const nameOf = labelNamesOf(visualText)
  const colorOf = new Map<string, string>()
  for (const line of visual.get('drawing') ?? []) {
    const [type, settings = ''] = line.split('\t')
    const color = /(?:bgColor|color):(#[0-9a-fA-F]{6})\b/u.exec(settings)?.[1]
    if (color !== undefined && HEX_COLOR.test(color)) colorOf.set(type.trim(), color)
  }
  const named = (type: string) => nameOf.get(type) ?? type
  const labels: LabelDefinition[] = []
  const hierarchy = entityHierarchy(annotation.get('entities') ?? [])
  const macroTypes = macros(annotationText)
  const entityTypes = hierarchy.types.filter((type) => !hierarchy.abstract.has(type))
  const spanNames = new Set(entityTypes.map(named))
  for (const type of entityTypes) {
    const spans = labels.filter((label) => label.kind === 'span').length
    labels.push({
      name: named(type),
      kind: 'span',
      color: colorOf.get(type) ?? paletteColor(labels.length),
      hotkey: SPAN_KEYS[spans] ?? null,
      description: '',
      head: null,
      child: null,
    })
  }
  for (const line of (annotation.get('relations') ?? []).filter((line) => !MACRO_DEFINITION.test(line))) {
    const [type, definition = ''] = line.trim().split(/\t|\s{2,}|\s(?=Arg1:)/u)
    if (type === undefined || type === '' || PLACEHOLDER.test(type)) continue
    const ends = (argument: string) => {
      const types = argumentTypes(definition, argument, hierarchy, macroTypes)?.map(named).filter((name) => spanNames.has(name)) ?? null
      return types === null || types.length === 0 ? null : types
    }
    const relations = labels.filter((label) => label.kind === 'relation').length
    labels.push({
      name: named(type),
      kind: 'relation',
      color: colorOf.get(type) ?? paletteColor(labels.length),
      hotkey: RELATION_KEYS[relations] ?? null,
      description: '',
      head: ends('Arg1'),
      child: ends('Arg2'),
    })
  }
  return labelSetProblems(labels).length === 0 && labels.some((label) => label.kind === 'span') ? labels : null
}

/** The label set declared by the first brat folder among the inputs (a folder, or the folder of a `.txt`), or null. */
export function bratLabelSetOfInputs(paths: readonly string[]): LabelDefinition[] | null {
  for (const path of paths) {
    let folder: string
    try {
      folder = statSync(path).isDirectory() ? path : dirname(path)
    } catch {
      continue // import says what is wrong with it
    }
    const labels = readBratLabelSet(folder)
    if (labels !== null) return labels
  }
  return null
}
