/**
 * The brat export: into a folder, for each document `NAME.txt` (its text, UTF-8), `NAME.ann` (its spans as `T`
 * lines with their ids, relations as `R`, attributes as `A`, notes as `#`, normalizations as `N`) and
 * `NAME.meta` (what brat has no place for, see `brat-meta.ts`); then `annotation.conf` (the label set: span
 * labels as entities, relation labels with the span labels their head and child allow, the attributes
 * used) and `visual.conf` (colours, and the labels whose names brat's type names had to change), so that
 * the folder opens in brat as it is.
 *
 * File names come from document ids: an id with `/` goes into sub-folders (as import names documents found
 * in folders), characters no file system takes become `_`, and `~2`, `~3`... keep names apart that a
 * case-insensitive file system would not; the id itself is kept in the `.meta` file.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { ExportedDocument, LabelDefinition } from '../../shared/corpus-types'
import { plural } from '../../shared/text'
import type { BratMeta } from './brat-meta'
import { META_EXTENSION } from './brat-meta'
import { BratTypeNames, bratHolds, linePieces, NORMALIZATIONS_KEY, NOTE_KEY, type Normalization } from './brat-rules'
import type { ExportReport, WriteContext } from './format'
import { TextUnits } from './units'

/** The longest a file name's stem may be, in UTF-8 bytes (file systems allow 255 for the whole name). */
const MAX_STEM_BYTES = 120

/** Names Windows reserves, whatever the extension. */
const RESERVED = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(?:\..*)?$/iu

/** One folder or file name from one part of a document id. */
function safeSegment(segment: string): string {
  let name = segment.replace(/[\u0000-\u001f\u007f<>:"\\|?*]|\s/gu, '_')
  name = name.replace(/^\./u, '_').replace(/[. ]+$/u, (end) => '_'.repeat(end.length))
  if (name === '') name = '_'
  if (RESERVED.test(name)) name = `_${name}`
  if (Buffer.byteLength(name) > MAX_STEM_BYTES) {
    let cut = ''
    for (const character of name) {
      if (Buffer.byteLength(cut + character) > MAX_STEM_BYTES) break
      cut += character
    }
    name = cut
  }
  return name
}

/** File names for documents: safe on every file system and distinct even where case or Unicode form is not. */
class FileNames {
  private readonly taken = new Set<string>()

  private static key(path: string): string {
    return path.normalize('NFC').toLowerCase()
  }

  /** The path (relative, without extension) for the document `id`. */
  claim(id: string): string {
    const segments = id.split('/').map(safeSegment)
    const folder = segments.slice(0, -1)
    const stem = segments[segments.length - 1]
    let path = [...folder, stem].join('/')
    for (let n = 2; this.taken.has(FileNames.key(path)); n++) path = [...folder, `${stem}~${n}`].join('/')
    this.taken.add(FileNames.key(path))
    return path
  }
}

/** What the export could not carry into brat, counted over all documents. */
class Tally {
  crossingLineEnds = 0
  onlyLineEnds: string[] = []
  relationsWithThem = 0
  attributesInMeta = 0
  documentLabels = 0
  /** Attribute name → true if used as a binary attribute, and the values used. */
  readonly attributes = new Map<string, { binary: boolean; values: Set<string> }>()

  useAttribute(name: string, value: true | string): void {
    const entry = this.attributes.get(name) ?? { binary: false, values: new Set<string>() }
    if (value === true) entry.binary = true
    else entry.values.add(value)
    this.attributes.set(name, entry)
  }
}

/** The `.ann` lines and `.meta` content of one document. */
function bratFilesOf(document: ExportedDocument, types: BratTypeNames, units: TextUnits | undefined, tally: Tally): { ann: string; meta: BratMeta } {
  const characters = [...document.text]
  const lines: string[] = []
  const meta: BratMeta = {
    marginalia: 1,
    id: document.id,
    title: document.title,
    status: document.status,
    meta: document.meta,
    created_at: document.created_at,
    updated_at: document.updated_at,
    labels: document.labels,
    types: {},
    spans: {},
    relations: {},
  }
  const at = (offset: number): number => (units === undefined ? offset : units.fromCodePoints(offset))
  const typeOf = (label: string): string => {
    const type = types.typeFor(label)
    if (type !== label) meta.types[type] = label
    return type
  }
  let attributeNumber = 0
  let noteNumber = 0
  let normalizationNumber = 0
  const written = new Set<number>()
  for (const span of document.spans) {
    const pieces = linePieces(characters, span.start, span.end)
    if (pieces.length === 0) {
      tally.onlyLineEnds.push(`${document.id} span ${span.id}`)
      continue
    }
    if (pieces.length > 1) tally.crossingLineEnds++
    const t = `T${span.id}`
    const where = pieces.map(([start, end]) => `${at(start)} ${at(end)}`).join(';')
    const text = pieces.map(([start, end]) => characters.slice(start, end).join('')).join(' ')
    lines.push(`${t}\t${typeOf(span.label)} ${where}\t${text}`)
    written.add(span.id)
    meta.spans[t] = { start: span.start, end: span.end, label: span.label, annotator: span.annotator, created_at: span.created_at, updated_at: span.updated_at, attrs: span.attrs }
    for (const [key, value] of Object.entries(span.attrs)) {
      if (!bratHolds(key, value)) {
        tally.attributesInMeta++
        continue
      }
      if (key === NOTE_KEY) {
        for (const note of (value as string).split('\n')) lines.push(`#${++noteNumber}\tAnnotatorNotes ${t}\t${note}`)
      } else if (key === NORMALIZATIONS_KEY) {
        for (const item of value as Normalization[]) lines.push(`N${++normalizationNumber}\t${item.type} ${t} ${item.ref}\t${item.text}`)
      } else {
        const held = value as true | string
        lines.push(held === true ? `A${++attributeNumber}\t${key} ${t}` : `A${++attributeNumber}\t${key} ${t} ${held}`)
        tally.useAttribute(key, held)
      }
    }
  }
  for (const relation of document.relations) {
    if (!written.has(relation.head) || !written.has(relation.child)) {
      tally.relationsWithThem++
      continue
    }
    const r = `R${relation.id}`
    lines.push(`${r}\t${typeOf(relation.label)} Arg1:T${relation.head} Arg2:T${relation.child}`)
    meta.relations[r] = { head: `T${relation.head}`, child: `T${relation.child}`, label: relation.label, annotator: relation.annotator, created_at: relation.created_at, updated_at: relation.updated_at }
  }
  tally.documentLabels += document.labels.length
  return { ann: lines.map((line) => `${line}\n`).join(''), meta }
}

/** `annotation.conf`: the label set as brat declares it, and the attributes the export used. */
function annotationConf(labels: readonly LabelDefinition[], types: BratTypeNames, tally: Tally): string {
  const allowed = (names: string[] | null): string => (names === null || names.length === 0 ? '<ENTITY>' : names.map((name) => types.typeFor(name)).join('|'))
  const lines = ['# Written by Marginalia from the corpus\'s label set.', '[entities]']
  for (const label of labels.filter((l) => l.kind === 'span')) lines.push(types.typeFor(label.name))
  lines.push('', '[relations]')
  for (const label of labels.filter((l) => l.kind === 'relation')) {
    lines.push(`${types.typeFor(label.name)}\tArg1:${allowed(label.head)}, Arg2:${allowed(label.child)}`)
  }
  lines.push('', '[events]', '', '[attributes]')
  // Declared by the labels (every value, used or not, so that brat offers them all), then as the export used them.
  const attributes = new Map<string, Set<string>>()
  const declare = (name: string, values: Iterable<string>): void => {
    const known = attributes.get(name) ?? new Set<string>()
    for (const value of values) known.add(value)
    attributes.set(name, known)
  }
  for (const label of labels.filter((l) => l.kind === 'span')) {
    for (const attribute of label.attributes ?? []) {
      const values = attribute.values.filter((value) => bratHolds(attribute.name, value))
      if (values.length > 0) declare(attribute.name, values)
    }
  }
  for (const [name, { values }] of tally.attributes) declare(name, values)
  for (const [name, values] of [...attributes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    lines.push(values.size === 0 ? `${name}\tArg:<ENTITY>` : `${name}\tArg:<ENTITY>, Value:${[...values].join('|')}`)
  }
  return `${lines.join('\n')}\n`
}

/** `visual.conf`: each label's colour, and the name shown for labels whose brat type differs from it. */
function visualConf(labels: readonly LabelDefinition[], types: BratTypeNames): string {
  const lines = ['# Written by Marginalia: label colours, and the names of labels brat stores under other type names.', '[labels]']
  for (const [name, type] of types.renamed()) lines.push(`${type} | ${name.replace(/[|\t\n]/gu, ' ')}`)
  lines.push('', '[drawing]')
  for (const label of labels) {
    if (label.kind === 'document') continue
    lines.push(`${types.typeFor(label.name)}\t${label.kind === 'span' ? 'bgColor' : 'color'}:${label.color}`)
  }
  return `${lines.join('\n')}\n`
}

/** The notes of a brat export: what brat could not hold, and where it went. */
function notesOf(tally: Tally, types: BratTypeNames, documents: number, context: WriteContext): string[] {
  const notes: string[] = []
  if (documents > 0) {
    notes.push(
      `brat has no place for annotators, times, titles, statuses, metadata${tally.documentLabels > 0 ? `, document labels (${tally.documentLabels})` : ''}` +
        ` or attributes other than true or one word: kept in a ${META_EXTENSION} file beside each pair (brat ignores it; import reads it back)`,
    )
  }
  const renamed = types.renamed()
  if (renamed.length > 0) {
    notes.push(
      `${plural(renamed.length, 'label')} renamed for brat, whose type names take only A-Z, a-z, 0-9, _ and -: ` +
        `${renamed.map(([name, type]) => `"${name}" as ${type}`).join(', ')} (visual.conf shows the names; import maps them back)`,
    )
  }
  if (tally.crossingLineEnds > 0) {
    notes.push(`${plural(tally.crossingLineEnds, 'span')} across a line end written as fragments split there (a .ann holds one annotation per line); import joins them again`)
  }
  if (tally.onlyLineEnds.length > 0) {
    const examples = tally.onlyLineEnds.slice(0, 3).join(', ')
    notes.push(
      `${plural(tally.onlyLineEnds.length, 'span')} covering only line ends left out, which brat cannot show (${examples}${tally.onlyLineEnds.length > 3 ? ', ...' : ''})` +
        (tally.relationsWithThem > 0 ? `, with ${plural(tally.relationsWithThem, 'relation')} to them` : ''),
    )
  }
  const mixed = [...tally.attributes].filter(([, { binary, values }]) => binary && values.size > 0).map(([name]) => name)
  if (mixed.length > 0) notes.push(`attributes used both as true and with values, declared with values in annotation.conf (brat flags their true uses): ${mixed.join(', ')}`)
  if (tally.attributesInMeta > 0) notes.push(`${plural(tally.attributesInMeta, 'span attribute')} brat cannot hold kept in the ${META_EXTENSION} files only`)
  if (context.offsets === 'utf16' || context.offsets === 'utf8') {
    notes.push(`offsets count ${context.offsets === 'utf16' ? 'UTF-16 code units' : 'UTF-8 bytes'}, not the characters brat counts: brat itself will not read them right`)
  }
  return notes
}

/** Writes `documents` as brat files into `folder` (made and checked empty by the caller). */
export async function writeBrat(documents: Iterable<ExportedDocument>, folder: string, context: WriteContext): Promise<ExportReport> {
  const types = new BratTypeNames(context.labels)
  const names = new FileNames()
  const tally = new Tally()
  let count = 0
  for (const document of documents) {
    const stem = join(folder, names.claim(document.id))
    const units = context.offsets === undefined || context.offsets === 'codepoints' ? undefined : new TextUnits(document.text, context.offsets)
    const { ann, meta } = bratFilesOf(document, types, units, tally)
    await mkdir(dirname(stem), { recursive: true })
    await writeFile(`${stem}.txt`, document.text)
    await writeFile(`${stem}.ann`, ann)
    await writeFile(`${stem}${META_EXTENSION}`, `${JSON.stringify(meta)}\n`)
    count++
  }
  await writeFile(join(folder, 'annotation.conf'), annotationConf(context.labels, types, tally))
  await writeFile(join(folder, 'visual.conf'), visualConf(context.labels, types))
  return { documents: count, notes: notesOf(tally, types, count, context) }
}
