/**
 * A brat document to import: the `.txt` gives the text, the `.ann` its annotations, and the `.meta` beside
 * them (if Marginalia wrote the pair) what brat has no place for.
 *
 * Offsets count code points of the text as brat reads it: Python's universal newlines (a CRLF is one
 * character) and the byte order mark, if any, kept. Every `T` whose text is given is checked against the
 * slice; files written by tools that counted otherwise (CRLF as two characters, no BOM) are read under the
 * reading every `T` text agrees with, and said so. Each `T` fragment must fall inside the text.
 *
 * A discontinuous `T` (`0 5;10 15`) becomes one span per fragment, each marked in `attrs.brat_fragment` with
 * the brat id, its part and the number of parts, so nothing of it is lost and the parts can be found again
 * (a relation to it is attached to its first part; both are counted in the summary). Marginalia has no
 * discontinuous spans, and refusing the document would lose all of its other annotations.
 */
import { MAX_ID } from '../../shared/corpus-types'
import { sliceCodePoints } from '../../shared/offsets'
import { normaliseText } from '../import/normalise'
import type { ParsedDocument, ParsedRelation, ParsedSpan } from '../import/record'
import type { AnnLine, AnnProblem, AttributeLine, NormalizationLine, NoteLine, RelationLine, TextBoundLine } from './brat-ann'
import type { BratMeta } from './brat-meta'
import type { AnnotationOrigin, RecordNotes, RecordOrigins } from './format'
import { bratHolds, FRAGMENT_KEY, linePieces, NORMALIZATIONS_KEY, NOTE_KEY, type Normalization } from './brat-rules'
import { OFFSET_UNITS, TextUnits, type OffsetUnit } from './units'
import { countedIn } from '../../shared/text'

/** A way of counting the text's characters, as some tool that wrote a `.ann` did. */
interface TextView {
  text: string
  units: TextUnits
  /** Carries an offset of this view over to the stored (normalised) text. */
  toStored: (offset: number) => number
  /** How this view counts, for the remark made when it is not brat's own. */
  described: string
}

/** The ways of counting `raw` a `.ann` may have used: brat's first, then others, where they differ. */
function viewsOf(raw: string, unit: OffsetUnit): TextView[] {
  const bom = raw.startsWith('\ufeff')
  const lf = raw.replace(/\r\n?/g, '\n')
  const candidates: [string, string][] = [[lf, '']]
  if (raw !== lf) candidates.push([raw, 'count a CRLF line end as two characters'])
  if (bom) {
    candidates.push([lf.slice(1), 'do not count the byte order mark'])
    if (raw !== lf) candidates.push([raw.slice(1), 'count a CRLF line end as two characters and do not count the byte order mark'])
  }
  return candidates.map(([text, described]) => ({ text, units: new TextUnits(text, unit), toStored: normaliseText(text).mapOffset, described }))
}

/** What offsets count, as the messages say it. */
const UNIT_NAMES: Record<OffsetUnit, string> = { codepoints: 'characters', utf16: 'UTF-16 code units', utf8: 'UTF-8 bytes' }

/** Why the fragments of `t` do not slice `view` to its text, or null if they do (or it gives none). */
function mismatch(t: TextBoundLine, view: TextView): string | null {
  const length = view.units.fromCodePoints(view.units.index.length)
  const slices: string[] = []
  for (const [start, end] of t.fragments) {
    if (end > length) return `${t.id}: offset ${end} is past the end of the text (${countedIn(length, UNIT_NAMES[view.units.unit])})`
    const from = view.units.toCodePoints(start)
    const to = view.units.toCodePoints(end)
    if (from === null || to === null) return `${t.id}: offset ${from === null ? start : end} falls inside a character (offsets count ${UNIT_NAMES[view.units.unit]})`
    slices.push(sliceCodePoints(view.text, view.units.index, from, to))
  }
  if (t.text === undefined || t.text === '') return null
  const expected = slices.join(' ')
  const given = [...t.text]
  const wanted = [...expected].length
  const head = given.slice(0, wanted).join('')
  const rest = given.slice(wanted).join('')
  if (head === expected && (rest === '' || /^\s/u.test(rest))) return null
  return `${t.id}: text ${JSON.stringify(t.text)} differs from the .txt at ${t.fragments.map(([s, e]) => `[${s}, ${e})`).join(';')}: ${JSON.stringify(expected)}`
}

/** Checks the shape of each `T`'s fragments, which no way of counting changes. */
function fragmentProblem(t: TextBoundLine): string | null {
  const sorted = [...t.fragments].sort((a, b) => a[0] - b[0])
  for (const [start, end] of t.fragments) {
    if (end < start) return `${t.id}: start ${start} is after end ${end}`
    if (end === start) return `${t.id}: start and end are both ${start}, an empty span`
  }
  for (let i = 1; i < sorted.length; i++) if (sorted[i][0] < sorted[i - 1][1]) return `${t.id}: its fragments overlap`
  return null
}

/** What the import is told about one brat document. */
export interface BratRead {
  document?: Omit<ParsedDocument, 'id' | 'title'>
  /** The `.ann` line and id of each span and relation of `document`, by index. */
  origins?: RecordOrigins
  /** Lines of the `.ann` that refuse the document. */
  problems: AnnProblem[]
  remarks: NonNullable<RecordNotes['remarks']>
}

/**
 * Ids from brat ids' numbers (`T12` → 12) where they are valid Marginalia ids, each number once (`T1` and
 * `T01` cannot both have 1): the others are undefined, and get new ids.
 */
class IdNumbers {
  private readonly taken = new Set<number>()

  constructor(private readonly letter: string) {}

  /** The id `id` (such as `T12`) gives, if it is still free. */
  take(id: string): number | undefined {
    const match = new RegExp(`^${this.letter}(\\d+)$`).exec(id)
    const value = match === null ? 0 : Number(match[1])
    if (value <= 0 || value > MAX_ID || this.taken.has(value)) return undefined
    this.taken.add(value)
    return value
  }

  /** The smallest id not taken, now taken. */
  next(): number {
    let value = 1
    while (this.taken.has(value)) value++
    this.taken.add(value)
    return value
  }
}

/** The attributes the `.ann` gives a `T`: attributes, notes (lines joined by LF) and normalizations. */
function attributesOf(lines: readonly (AttributeLine | NoteLine | NormalizationLine)[]): Record<string, unknown> {
  const attrs: Record<string, unknown> = {}
  for (const line of lines) {
    if (line.kind === 'A') attrs[line.name] = line.value
    else if (line.kind === '#') attrs[NOTE_KEY] = typeof attrs[NOTE_KEY] === 'string' ? `${attrs[NOTE_KEY]}\n${line.text}` : line.text
    else {
      const item: Normalization = { type: line.type, ref: line.ref, text: line.text }
      attrs[NORMALIZATIONS_KEY] = [...((attrs[NORMALIZATIONS_KEY] as Normalization[] | undefined) ?? []), item]
    }
  }
  return attrs
}

/**
 * The span attributes of a `T` written from a span whose attributes were `written`: those brat holds come
 * from the `.ann` (as edited in brat), the others from the `.meta`, in their first order.
 */
function mergedAttributes(written: Record<string, unknown>, fromAnn: Record<string, unknown>): Record<string, unknown> {
  const attrs: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(written)) {
    if (key in fromAnn) attrs[key] = fromAnn[key]
    else if (!bratHolds(key, value)) attrs[key] = value
  }
  for (const [key, value] of Object.entries(fromAnn)) if (!(key in attrs)) attrs[key] = value
  return attrs
}

/** What reading a document found: lines that refuse it, and remarks for the summary. */
class Findings {
  readonly problems: AnnProblem[] = []
  readonly remarks: NonNullable<RecordNotes['remarks']> = []

  constructor(
    problems: readonly AnnProblem[],
    /** The `.ann` file, named in remarks. */
    readonly file: string,
  ) {
    this.problems.push(...problems)
  }

  refuse(line: number, reason: string): void {
    this.problems.push({ line, reason })
  }

  /** Notes `text` for the summary: about line `line` of the `.ann`, if given. */
  remark(text: string, line?: number): void {
    this.remarks.push(line === undefined ? text : { text, line, file: this.file })
  }
}

/** The way of counting every well-formed T's text agrees with (brat's own if it does); refuses the T lines that fit none. */
function chooseView(textBound: readonly TextBoundLine[], raw: string, unit: OffsetUnit, findings: Findings): TextView {
  const wellFormed = textBound.filter((t) => {
    const problem = fragmentProblem(t)
    if (problem !== null) findings.refuse(t.line, problem)
    return problem === null
  })
  const fits = (candidate: TextView) => wellFormed.every((t) => mismatch(t, candidate) === null)
  const views = viewsOf(raw, unit)
  const view = views.find(fits) ?? views[0]
  if (view !== views[0]) findings.remark(`${findings.file}: offsets read as the tool that wrote them counted (they ${view.described}), since every T text agrees with that`)
  // None fits: if every T text fits as another unit counts, the refusals say so (a JavaScript tool counts UTF-16).
  const otherUnit = fits(view) || !wellFormed.some((t) => t.text) ? undefined : OFFSET_UNITS.find((other) => other !== unit && viewsOf(raw, other).some(fits))
  const hint = otherUnit === undefined ? '' : ` (every T text fits if the offsets count ${UNIT_NAMES[otherUnit]}: import with --offsets ${otherUnit})`
  for (const t of wellFormed) {
    const problem = mismatch(t, view)
    if (problem !== null) findings.refuse(t.line, `${problem}${hint}`)
    else if (t.text === undefined || t.text === '') findings.remark('brat T line without its text: offsets taken as they are', t.line)
  }
  return view
}

/** Attributes, notes and normalizations by the T they name; on a relation, or of an unknown kind, left out and said. */
function extrasByTarget(annotations: readonly AnnLine[], byId: ReadonlyMap<string, AnnLine>, findings: Findings): Map<string, (AttributeLine | NoteLine | NormalizationLine)[]> {
  const extras = new Map<string, (AttributeLine | NoteLine | NormalizationLine)[]>()
  for (const annotation of annotations) {
    if (annotation.kind !== 'A' && annotation.kind !== '#' && annotation.kind !== 'N') continue
    const target = byId.get(annotation.target)
    const where = `${findings.file}:${annotation.line}: ${annotation.id}`
    if (target === undefined) findings.refuse(annotation.line, `${annotation.id}: refers to ${annotation.target}, which this file does not have`)
    else if (target.kind === 'R') findings.remark(`${where} on relation ${target.id} left out (Marginalia relations have no attributes or notes)`)
    else if (target.kind !== 'T') findings.refuse(annotation.line, `${annotation.id}: refers to ${target.id}, which is not a text-bound annotation`)
    else if (annotation.kind === '#' && annotation.type !== 'AnnotatorNotes') findings.remark(`${where}, a note of type ${annotation.type} (not AnnotatorNotes), left out`)
    else if (annotation.kind === 'A' && extras.get(target.id)?.some((a) => a.kind === 'A' && a.name === annotation.name)) {
      findings.refuse(annotation.line, `${annotation.id}: ${target.id} already has the attribute ${annotation.name}`)
    } else extras.set(target.id, [...(extras.get(target.id) ?? []), annotation])
  }
  return extras
}

/** Refuses relations whose ends are missing, are not T lines, or are one T. */
function checkRelations(relations: readonly RelationLine[], byId: ReadonlyMap<string, AnnLine>, findings: Findings): void {
  for (const r of relations) {
    for (const end of [r.head, r.child]) {
      const target = byId.get(end)
      if (target === undefined) findings.refuse(r.line, `${r.id}: refers to ${end}, which this file does not have`)
      else if (target.kind !== 'T') findings.refuse(r.line, `${r.id}: refers to ${end}, which is not a text-bound annotation (Marginalia relations join spans)`)
    }
    if (r.head === r.child) findings.refuse(r.line, `${r.id}: both arguments are ${r.head}`)
  }
}

/** The spans of the T lines, where each T's span (or first fragment) is, and which T lines the `.meta` gave back as written. */
interface BuiltSpans {
  spans: ParsedSpan[]
  /** The T line each span came from, by index in `spans`. */
  origins: AnnotationOrigin[]
  spanOf: Map<string, number>
  asWritten: Set<string>
}

/** The spans of the checked T lines, in the stored text's offsets. */
function buildSpans(
  textBound: readonly TextBoundLine[],
  view: TextView,
  stored: string,
  extras: ReadonlyMap<string, (AttributeLine | NoteLine | NormalizationLine)[]>,
  meta: BratMeta | undefined,
  labelOf: (type: string) => string,
  findings: Findings,
): BuiltSpans {
  const storedCharacters = [...stored]
  const ids = new IdNumbers('T')
  const built: BuiltSpans = { spans: [], origins: [], spanOf: new Map(), asWritten: new Set() }
  for (const t of textBound) {
    const fragments = t.fragments
      .map(([start, end]): [number, number] => [view.toStored(view.units.toCodePoints(start)!), view.toStored(view.units.toCodePoints(end)!)])
      .sort((a, b) => a[0] - b[0])
    if (fragments.some(([start, end]) => start === end)) {
      findings.refuse(t.line, `${t.id}: covers only a line-end CR or byte order mark, which import drops`)
      continue
    }
    const fromAnn = attributesOf(extras.get(t.id) ?? [])
    const label = labelOf(t.type)
    const written = meta?.spans[t.id]
    built.spanOf.set(t.id, built.spans.length)
    // A T written by Marginalia and not changed since: the span it was written from (one across line ends
    // was written in fragments split at them).
    if (written !== undefined && written.label === label && JSON.stringify(linePieces(storedCharacters, written.start, written.end)) === JSON.stringify(fragments)) {
      built.asWritten.add(t.id)
      const { start, end, annotator, created_at: createdAt, updated_at: updatedAt } = written
      built.spans.push({ id: ids.take(t.id), start, end, label, attrs: mergedAttributes(written.attrs, fromAnn), annotator, createdAt, updatedAt })
      built.origins.push({ file: findings.file, line: t.line, name: t.id })
      continue
    }
    if (written !== undefined) findings.remark("span changed in brat since Marginalia exported it: its annotator and times are this import's", t.line)
    if (fragments.length > 1) findings.remark(`brat annotation in several fragments imported as one span per fragment (marked in attrs.${FRAGMENT_KEY})`, t.line)
    fragments.forEach(([start, end], part) => {
      const attrs = fragments.length === 1 ? fromAnn : { ...fromAnn, [FRAGMENT_KEY]: { id: t.id, part: part + 1, of: fragments.length } }
      built.spans.push({ id: part === 0 ? ids.take(t.id) : undefined, start, end, label, attrs, annotator: undefined, createdAt: undefined, updatedAt: undefined })
      built.origins.push({ file: findings.file, line: t.line, name: t.id })
    })
  }
  return built
}

/** The relations of the checked R lines; ids from R numbers, the smallest free one where that is not usable. */
function buildRelations(relationLines: readonly RelationLine[], built: BuiltSpans, byId: ReadonlyMap<string, AnnLine>, meta: BratMeta | undefined, labelOf: (type: string) => string, findings: Findings): ParsedRelation[] {
  const ids = new IdNumbers('R')
  const given = relationLines.map((r) => ids.take(r.id))
  return relationLines.map((r, i) => {
    const label = labelOf(r.type)
    for (const end of [r.head, r.child]) {
      if ((byId.get(end) as TextBoundLine).fragments.length > 1 && !built.asWritten.has(end)) findings.remark('relation to a discontinuous brat annotation attached to its first fragment', r.line)
    }
    const written = meta?.relations[r.id]
    const asWritten = written !== undefined && written.label === label && written.head === r.head && written.child === r.child
    return {
      id: given[i] ?? ids.next(),
      head: built.spanOf.get(r.head)!,
      child: built.spanOf.get(r.child)!,
      label,
      annotator: asWritten ? written.annotator : undefined,
      createdAt: asWritten ? written.created_at : undefined,
      updatedAt: asWritten ? written.updated_at : undefined,
    }
  })
}

/**
 * Reads one brat document: `raw` is the `.txt` as decoded (BOM and line ends as in the file), `annotations`
 * and `problems` the parsed `.ann`, `meta` the `.meta` beside them if any, `typeNames` the label names the
 * folder's `visual.conf` gives brat types (the `.meta`'s come first), `file` the `.ann`'s name for remarks.
 */
export function readBratDocument(
  raw: string,
  annotations: readonly AnnLine[],
  problems: readonly AnnProblem[],
  meta: BratMeta | undefined,
  typeNames: ReadonlyMap<string, string>,
  unit: OffsetUnit,
  file: string,
): BratRead {
  const findings = new Findings(problems, file)
  const labelOf = (type: string): string => meta?.types[type] ?? typeNames.get(type) ?? type
  const refused = (): BratRead => ({ problems: findings.problems.sort((a, b) => a.line - b.line), remarks: findings.remarks })
  const byId = new Map(annotations.map((a) => [a.id, a]))
  const textBound = annotations.filter((a): a is TextBoundLine => a.kind === 'T')
  const relationLines = annotations.filter((a): a is RelationLine => a.kind === 'R')
  const view = chooseView(textBound, raw, unit, findings)
  const extras = extrasByTarget(annotations, byId, findings)
  checkRelations(relationLines, byId, findings)
  if (findings.problems.length > 0) return refused()

  const stored = normaliseText(raw).text
  const built = buildSpans(textBound, view, stored, extras, meta, labelOf, findings)
  if (findings.problems.length > 0) return refused()
  const relations = buildRelations(relationLines, built, byId, meta, labelOf, findings)
  const gone = Object.keys(meta?.spans ?? {}).filter((id) => !built.spanOf.has(id)).length
  if (gone > 0) findings.remark(`${file}: ${gone} span${gone === 1 ? '' : 's'} of its .meta no longer in the .ann (deleted in brat)`)
  return {
    problems: [],
    remarks: findings.remarks,
    origins: { spans: built.origins, relations: relationLines.map((r) => ({ file, line: r.line, name: r.id })) },
    document: {
      text: stored,
      meta: meta?.meta ?? {},
      status: meta?.status,
      createdAt: meta?.created_at,
      updatedAt: meta?.updated_at,
      spans: built.spans,
      relations,
      labels: (meta?.labels ?? []).map((label) => ({ label: label.label, annotator: label.annotator, createdAt: label.created_at })),
    },
  }
}
