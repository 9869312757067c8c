/**
 * One pass of an import over its records (ImportPass): the checking pass reads and checks every record, writing
 * nothing; the writing pass writes each document with its annotations, joins repeated ids, adds missing labels
 * where asked, and counts and names what it leaves out or merges.
 */
import { SPAN_NOTE } from '../../shared/contract-values'
import { createHash } from 'node:crypto'
import { isDeepStrictEqual } from 'node:util'
import { MAX_ID, type LabelDefinition, type LabelKind } from '../../shared/corpus-types'
import { listed } from '../../shared/text'
import { AGREED } from '../../shared/curation'
import { labelNameProblem, nearMissOf } from '../../shared/names'
import { CorpusRuleError, InputError } from '../errors'
import { paletteColor, relationEndRefusal } from '../label-sets'
import { idsAfterGiven, type Corpus, type NewSpan, type RelationOfNewSpans } from '../store/corpus'
import type { AnnotationOrigin, RecordOrigins } from '../formats/format'
import type { InputRecord } from './input-files'
import type { ParsedDocument, ParsedSpan } from './record'
import { sameWork, signatureOfRecord, signatureOfStored, type WorkSignature } from './work-signature'
import { SPLIT_CHARACTER_HINT } from './character-edges'
import { emptySummary, MAX_PROBLEMS_LISTED, type ImportOptions, type ImportSummary } from './outcome'
import { prepareRecord, RefusedAt, type DocumentRecord, type ImportDocument, type PreparedRecord, type TwinsMerged } from './prepared-record'

/** Several refusals of one record, each where the annotation was written if the reader said (`at`), else at the record. */
class Refusals extends CorpusRuleError {
  constructor(readonly refusals: readonly { at: AnnotationOrigin | undefined; message: string }[]) {
    super(refusals[0].message)
  }
}

/** Span attribute keys with a text value that are no choice a label could declare: a note, and what exports write. */
const NOT_CHOICES: ReadonlySet<string> = new Set([SPAN_NOTE, 'answer', 'agreed_by', 'notes', 'text'])

/** A label a record uses: its kind, its name, where in the record, and where it was written if elsewhere. */
type LabelUse = [LabelKind, string, string, AnnotationOrigin | undefined]

/** `spans` with `annotator` as the analyst of those that name none: the same array when every span names one. */
function spansNamed(spans: readonly ParsedSpan[], annotator: string): readonly NewSpan[] {
  return spans.every((span): span is ParsedSpan & NewSpan => span.annotator !== undefined) ? spans : spans.map((span) => ({ ...span, annotator: span.annotator ?? annotator }))
}

/** True if `value` has a key of its own (without listing them). */
function hasAnyKey(value: Record<string, unknown>): boolean {
  for (const key in value) if (Object.hasOwn(value, key)) return true
  return false
}

/**
 * The labels `document` uses that `corpus` lacks, in the order of its spans, relations and document labels, each
 * use named; nothing is built for the labels the corpus has (every use, in most imports).
 */
function* labelsLacking(corpus: Corpus, document: ParsedDocument, origins: RecordOrigins | undefined): Generator<LabelUse> {
  const { spans, relations, labels } = document
  for (let i = 0; i < spans.length; i++) {
    if (corpus.label('span', spans[i].label) === undefined) yield ['span', spans[i].label, `spans[${i}].label`, origins?.spans?.[i]]
  }
  for (let i = 0; i < relations.length; i++) {
    if (corpus.label('relation', relations[i].label) === undefined) yield ['relation', relations[i].label, `relations[${i}].label`, origins?.relations?.[i]]
  }
  for (let i = 0; i < labels.length; i++) {
    if (corpus.label('document', labels[i].label) === undefined) yield ['document', labels[i].label, `labels[${i}]`, origins?.labels?.[i]]
  }
}

/** A document id this run has taken: where first, with which text, and whose work the document holds. */
interface TakenId {
  /** Where the run first took it (`file:line`), or null for a document of the corpus joined (`--existing join`). */
  where: string | null
  /**
   * Its text (`textKey`: the text itself, or its digest in a run too large to hold every text); null for a
   * document of the corpus whose text differs from the record's.
   */
  text: string | null
  /** Prodigy's `_input_hash` of the record, if it has one. */
  inputHash: unknown
  /** The analysts with annotations in the document (the stored ones' too, joined with `--existing join`). */
  analysts: ReadonlySet<string>
  /** True if the corpus had it and the run left it as it was (rule `skip`). */
  skipped: boolean
  /**
   * For a document the corpus had and the run left as it was (`skipped`): its row id, the analysts with work in it
   * before this run, and whether it holds its first record's work (`storedAtFirstRepeat`), read at the first repeat
   * of its id, so that the checking pass and the writing pass decide alike.
   */
  stored?: { analysts: ReadonlySet<string>; begun: boolean }
  /** The corpus's row id of the document, when it had it before this run. */
  storedId?: number
  /** For a document the run left as it was (`skipped`): the signature of its first record's work. */
  work?: WorkSignature
  /** For a document of the corpus: the analysts whose records this run joined to it (their work there is the run's own). */
  joinedByRun?: ReadonlySet<string>
}

/** A relation as what makes it the same relation: its ends (span ids of one document), label and analyst. */
const relationKey = (head: number, child: number, label: string, annotator: string): string => JSON.stringify([head, child, label, annotator])

/** No analysts: those of a document without annotations. */
const NO_ANALYSTS: ReadonlySet<string> = new Set()

/** One pass over the input, checking or writing each document. */
export class ImportPass {
  readonly summary: ImportSummary
  /** Each id this run has taken, to join or refuse its repeats. */
  private readonly taken = new Map<string, TakenId>()
  /** The ids of `summary.joinedIds`, to list each once. */
  private readonly joinedIds = new Set<string>()
  /** The import's annotator, as the analysts of a document whose annotations name none. */
  private readonly importAnalyst: ReadonlySet<string>
  /** Labels a checking pass has found missing, which the writing pass will add (with `addLabels`). */
  private readonly labelsToAdd = new Set<string>()
  /** For a checking pass: every document id the corpus held when it began, read at once rather than one by one. */
  private readonly existingIds: ReadonlyMap<string, number> | null

  constructor(
    private readonly corpus: Corpus,
    private readonly options: ImportOptions,
    listing: { files: number; skipped: Record<string, string[]> },
    /** True to check only, writing nothing. */
    private readonly checkOnly: boolean,
    /** The text of each document taken as itself (false: its digest, for an input too large to hold in memory). */
    private readonly holdTexts = true,
  ) {
    this.summary = emptySummary(listing.files, listing.skipped, options.annotator)
    this.importAnalyst = new Set([options.annotator])
    this.existingIds = checkOnly ? corpus.documentIds() : null
  }

  /** Counts what the reader noticed about a document that is taken, the twin spans merged in it and the spans that split a character. */
  private note(record: DocumentRecord, twins: TwinsMerged): void {
    const summary = this.summary
    summary.duplicatesMerged += twins.merged
    if (twins.relationsLeftOut > 0) this.remark('relation between two copies of one span left out (the copies were merged into one span)', record, twins.relationsLeftOut)
    for (const [key, times] of twins.keptFromFirst) this.remark(`copies of one span merged with different ${JSON.stringify(key)} attributes: the first copy's kept`, record, times)
    if (twins.splitCharacters > 0) this.remark(SPLIT_CHARACTER_HINT, record, twins.splitCharacters)
    const { notes } = record
    if (notes === undefined) return
    const where = record.line === null ? record.file : `${record.file}:${record.line}`
    summary.notAccepted += notes.notAccepted ?? 0
    if ((notes.notAccepted ?? 0) > 0) summary.notAcceptedAt.push(where)
    summary.duplicatesMerged += notes.duplicateSpans ?? 0
    for (const key of notes.annotationLikeKeys ?? []) {
      const byKey = (summary.annotationLikeKeys[record.file] ??= {})
      byKey[key] = (byKey[key] ?? 0) + 1
    }
    for (const remark of notes.remarks ?? []) {
      if (typeof remark === 'string') this.remark(remark, record)
      else this.remark(remark.text, record, 1, remark.line, remark.file)
    }
  }

  /** Counts `remark` about `record` (its line `line` of the record's file, if given), `times` over, and notes where it was made. */
  private remark(remark: string, record: DocumentRecord, times = 1, line: number | null = record.line, file = record.file): void {
    const { summary } = this
    const where = line === null ? file : `${file}:${line}`
    summary.remarks[remark] = (summary.remarks[remark] ?? 0) + times
    const places = (summary.remarkedAt[remark] ??= [])
    if (places[places.length - 1] !== where) places.push(where)
  }

  /** Per invalid record (by key): how many problems it has, and where in `invalid` the line counting the unlisted ones is. */
  private readonly problemsOf = new Map<string, { count: number; moreAt: number | undefined }>()

  /**
   * Lists `problem` of the record `record` (a problem's record key, or the file and line of `input`), which is
   * counted as invalid once: its first MAX_PROBLEMS_LISTED problems each, the rest in one line at its file and line.
   */
  private listInvalid(problem: InputError, record: string | undefined, input: InputRecord): void {
    const { summary } = this
    const key = record ?? `${input.file}:${input.line ?? ''}`
    const known = this.problemsOf.get(key) ?? { count: 0, moreAt: undefined }
    if (known.count === 0) summary.invalidRecords++
    known.count++
    summary.invalidProblems++
    this.problemsOf.set(key, known)
    if (known.count <= MAX_PROBLEMS_LISTED) {
      summary.invalid.push(problem)
      return
    }
    const more = known.count - MAX_PROBLEMS_LISTED
    const line = new InputError(input.file, input.line, `and ${more} more problem${more === 1 ? '' : 's'} in this record`)
    if (known.moreAt === undefined) {
      known.moreAt = summary.invalid.length
      summary.invalid.push(line)
    } else summary.invalid[known.moreAt] = line
  }

  /**
   * Takes one record: refused ones are listed; good ones checked, and written unless checking only. `prepared` is
   * what `prepareRecord` made of it, if an earlier pass kept it.
   */
  take(record: InputRecord, prepared?: PreparedRecord): void {
    // One record's problems are counted together: by the key its reader gave, else by its place and its document's
    // id (several records may share a line: a Label Studio export written on one line).
    const recordKey = (): string | undefined => ('error' in record ? record.record : `${record.file}:${record.line ?? ''}#${record.document.id ?? ''}`)
    const invalid = (reason: string, unreadable = false): void => this.listInvalid(new InputError(record.file, record.line, reason, unreadable), recordKey(), record)
    if ('error' in record) return invalid(record.error, record.unreadable)
    const ready = prepared ?? prepareRecord(record, this.options.annotator)
    if ('refusal' in ready) return invalid(ready.refusal)
    const where = record.line === null ? record.file : `${record.file}:${record.line}`
    // A record refused on its way in, even while it was being written (its savepoint rolled back), leaves its id as it found it.
    const takenBefore = this.taken.get(record.document.id)
    try {
      const { named } = ready
      if (ready.agreed > 0) this.remark(`annotations by "${AGREED}" (what every analyst agreed on, in a settled export) taken into the curated layer`, named, ready.agreed)
      if ('thrown' in ready) throw ready.thrown
      const { twins } = ready
      const { document } = twins
      const analysts = this.analystsOf(document)
      const earlier = this.taken.get(document.id)
      if (earlier !== undefined) {
        const refusal = repeatRefusal(document, this.textKey(document.text), analysts, earlier)
        // Work the corpus's document holds already (a stopped run begun again) is not refused: it is there.
        // (Not work this run joined itself: the checking pass, which writes nothing, would refuse it.)
        const sameText = this.textKey(document.text) === earlier.text
        const joinedHere = [...analysts].some((name) => earlier.joinedByRun?.has(name) === true)
        if (refusal !== null && sameText && !joinedHere && earlier.storedId !== undefined && this.holds(earlier.storedId, document)) return
        if (refusal !== null) return invalid(refusal)
        if (earlier.skipped) return this.joinBegun(record, twins, analysts, earlier)
        return this.join(record, twins, analysts, earlier)
      }
      const existingId = this.existingIds === null ? this.corpus.documentId(document.id) : this.existingIds.get(document.id)
      // A record that only annotates a document of the corpus (its text not in the input) joins it, whatever the rule.
      const rule = record.annotatesStored === true ? 'join' : (this.options.existing ?? 'skip')
      const text = this.textKey(document.text)
      const taken: TakenId = { where, text, inputHash: document.meta._input_hash, analysts, skipped: false }
      if (existingId !== undefined && rule === 'skip') {
        this.taken.set(document.id, { ...taken, skipped: true, storedId: existingId, work: signatureOfRecord(document, this.options.annotator) })
        this.summary.alreadyPresent.push(document.id)
        if (!this.corpus.hasText(existingId, document.text)) this.summary.alreadyPresentWithOtherText.push(document.id)
        return
      }
      if (existingId !== undefined && rule === 'error') return invalid(`id "${document.id}" is already in the corpus (see --existing)`)
      if (existingId !== undefined && rule === 'join') {
        const stored: TakenId = { ...taken, where: null, text: this.corpus.hasText(existingId, document.text) ? text : null, inputHash: undefined, analysts: this.analystsWithWorkIn(existingId), storedId: existingId }
        const refusal = repeatRefusal(document, text, analysts, stored)
        // Work the document holds already (a stopped run begun again) is not refused: it is there.
        if (refusal !== null && stored.text === text && this.holds(existingId, document)) {
          this.taken.set(document.id, { ...stored, analysts: new Set([...stored.analysts, ...analysts]) })
          this.summary.alreadyHeld.push(document.id)
          return
        }
        if (refusal !== null) return invalid(refusal)
        return this.join(record, twins, analysts, stored, existingId)
      }
      this.checkLabels(document, twins.origins)
      this.checkNewIds(document, twins.origins)
      this.remarkUndeclaredValues(document, record)
      this.taken.set(document.id, taken)
      if (this.checkOnly) return this.note(record, twins)
      // With skipInvalid a record refused halfway must leave nothing behind: it gets a savepoint of its own.
      if (this.options.skipInvalid) this.corpus.transaction(() => this.write(document, existingId))
      else this.write(document, existingId)
      this.note(record, twins)
    } catch (error) {
      if (!(error instanceof CorpusRuleError)) throw error
      if (takenBefore === undefined) this.taken.delete(record.document.id)
      else this.taken.set(record.document.id, takenBefore)
      if (error instanceof Refusals) {
        for (const refusal of error.refusals) this.listInvalid(refusal.at === undefined ? new InputError(record.file, record.line, refusal.message) : new InputError(refusal.at.file, refusal.at.line, refusal.message), recordKey(), record)
      } else if (error instanceof RefusedAt) this.listInvalid(new InputError(error.at.file, error.at.line, error.message), recordKey(), record)
      else invalid(error.message)
    }
  }

  /** What the pass remembers of a document's text, to tell a repeat of its id with the same text: the text, or its digest. */
  private textKey(text: string): string {
    return this.holdTexts ? text : createHash('sha256').update(text).digest('base64')
  }

  /** The analysts whose annotations `document` holds (the import's annotator for those that name none). */
  private analystsOf(document: ParsedDocument): ReadonlySet<string> {
    let names: Set<string> | undefined
    let byDefault = false
    for (const annotations of [document.spans, document.relations, document.labels]) {
      for (const { annotator } of annotations) {
        if (annotator === undefined) byDefault = true
        else (names ??= new Set()).add(annotator)
      }
    }
    // Most documents of an import are the import's annotator's alone: they share one set, never changed.
    if (names === undefined) return byDefault ? this.importAnalyst : NO_ANALYSTS
    if (byDefault) names.add(this.options.annotator)
    return names
  }

  /** The analysts with annotations in document `documentId` of the corpus. */
  private analystsWithWorkIn(documentId: number): Set<string> {
    const { corpus } = this
    return new Set([...corpus.spansOf(documentId), ...corpus.relationsOf(documentId), ...corpus.documentLabelsOf(documentId)].map((row) => row.annotator))
  }

  /**
   * Takes a later record of a document the corpus had, which the run left as it was (rule `skip`): it joins the
   * stored document when that holds the work of the run's earlier records of the id (a run stopped after writing
   * them, begun again) but none by the record's analysts, so that running a stopped import again completes the
   * documents it had begun; otherwise it is left out too, as the first record was.
   */
  private joinBegun(record: DocumentRecord, twins: TwinsMerged, analysts: ReadonlySet<string>, earlier: TakenId): void {
    const { document } = twins
    const storedId = earlier.storedId
    if (storedId === undefined || !this.corpus.hasText(storedId, document.text)) return
    const stored = earlier.stored ?? this.storedAtFirstRepeat(storedId, earlier)
    const fresh = [...analysts].every((name) => !stored.analysts.has(name))
    if (!stored.begun || !fresh) {
      this.taken.set(document.id, { ...earlier, stored, analysts: new Set([...earlier.analysts, ...analysts]) })
      return
    }
    this.join(record, twins, analysts, { ...earlier, stored }, storedId)
  }

  /**
   * What a skipped document of the corpus was at the first repeat of its id, before this run wrote to it: its
   * analysts, and whether it holds exactly the work of the run's first record of it (`begun`: a stopped run of this
   * input wrote that record; a document the corpus had from elsewhere, or changed since, is not begun).
   */
  private storedAtFirstRepeat(storedId: number, earlier: TakenId): NonNullable<TakenId['stored']> {
    const { corpus } = this
    const [spans, relations, labels] = [corpus.spansOf(storedId), corpus.relationsOf(storedId), corpus.documentLabelsOf(storedId)]
    const analysts = new Set([...spans, ...relations, ...labels].map((row) => row.annotator))
    const begun = earlier.work !== undefined && sameWork(signatureOfStored(spans, relations, labels, earlier.analysts), earlier.work)
    return { analysts, begun }
  }

  /**
   * True if document `documentId` of the corpus holds every annotation of `document` as it is: each span (the same
   * text and label, by the same analyst, with the same attributes), each relation between them and each document label.
   */
  private holds(documentId: number, document: ParsedDocument): boolean {
    const { corpus, options } = this
    const spanIds = document.spans.map((span) => {
      const id = corpus.spanTwin(documentId, { ...span, annotator: span.annotator ?? options.annotator })
      const stored = id === undefined ? undefined : corpus.span(documentId, id)
      return stored !== undefined && isDeepStrictEqual(JSON.parse(stored.attrs), span.attrs) ? id : undefined
    })
    if (spanIds.some((id) => id === undefined)) return false
    const relations = this.storedRelationKeys(documentId)
    if (!document.relations.every((r) => relations.has(relationKey(spanIds[r.head]!, spanIds[r.child]!, r.label, r.annotator ?? options.annotator)))) return false
    const labels = new Set(corpus.documentLabelsOf(documentId).map((l) => JSON.stringify([l.label, l.annotator])))
    return document.labels.every((l) => labels.has(JSON.stringify([l.label, l.annotator ?? options.annotator])))
  }

  /** The relations of document `documentId` of the corpus, as `relationKey`s. */
  private storedRelationKeys(documentId: number): Set<string> {
    return new Set(this.corpus.relationsOf(documentId).map((r) => relationKey(r.head, r.child, r.label, r.annotator)))
  }

  /**
   * Takes a record whose annotations join the document of its id (`earlier`, checked already): they are added to
   * it, the record's title, meta and status are not. `storedId` is the document's row id when the corpus had it
   * before this run (`--existing join`).
   */
  private join(record: DocumentRecord, twins: TwinsMerged, analysts: ReadonlySet<string>, earlier: TakenId, storedId?: number): void {
    const { document } = twins
    this.checkLabels(document, twins.origins)
    this.remarkUndeclaredValues(document, record)
    const joinedByRun = storedId === undefined ? earlier.joinedByRun : new Set([...(earlier.joinedByRun ?? []), ...analysts])
    this.taken.set(document.id, { ...earlier, analysts: new Set([...earlier.analysts, ...analysts]), joinedByRun })
    if (this.checkOnly) return this.note(record, twins)
    const documentId = storedId ?? this.corpus.documentId(document.id)
    if (documentId === undefined) throw new Error(`the document "${document.id}" this run wrote is not in the corpus`)
    if (this.options.skipInvalid) this.corpus.transaction(() => this.writeJoined(document, documentId))
    else this.writeJoined(document, documentId)
    this.note(record, twins)
  }

  /**
   * Says which spans carry a value of an attribute their label declares that is not among its values (a Claim
   * checkworthy `perhaps` where the label has yes and no): kept, and shown as not declared in the editor.
   */
  private remarkUndeclaredValues(document: ParsedDocument, record: DocumentRecord): void {
    for (const span of document.spans) {
      if (!hasAnyKey(span.attrs)) continue
      const declared = this.corpus.label('span', span.label)?.attributes ?? []
      for (const [key, value] of Object.entries(span.attrs)) {
        if (typeof value !== 'string' || NOT_CHOICES.has(key) || declared.some((attribute) => attribute.name === key)) continue
        const keys = (this.summary.undeclaredAttributes[span.label] ??= [])
        if (!keys.includes(key)) keys.push(key)
      }
      for (const attribute of declared) {
        const value = span.attrs[attribute.name]
        if (value === undefined || (typeof value === 'string' && attribute.values.includes(value))) continue
        this.remark(`${span.label} ${attribute.name} ${JSON.stringify(value)} is not among the values the label declares (${attribute.values.join(', ')}): kept, shown as not declared`, record)
      }
    }
  }

  /** Refuses labels the corpus lacks (unless `addLabels`) and relations whose ends the label does not allow. */
  private checkLabels(document: ParsedDocument, origins: RecordOrigins | undefined): void {
    // A refusal names the annotation where it was written (a brat .ann line) if the reader said, else by index;
    // every refusal of the record is said.
    const refusals: { at: AnnotationOrigin | undefined; message: string }[] = []
    const refuse = (at: AnnotationOrigin | undefined, where: string, reason: string): void => {
      refusals.push({ at, message: `${at === undefined ? where : at.name}: ${reason}` })
    }
    for (const [kind, name, where, at] of labelsLacking(this.corpus, document, origins)) {
      if (this.labelsToAdd.has(`${kind}:${name}`)) continue
      const nameProblem = labelNameProblem(name)
      if (nameProblem !== null) {
        refuse(at, where, nameProblem)
        continue
      }
      if (!this.options.addLabels) {
        const known = this.labelNames(kind)
        const nearMiss = nearMissOf(name, known)
        const meant = nearMiss === undefined ? '' : `; did you mean "${nearMiss}"?`
        refuse(at, where, `unknown ${kind} label "${name}" (this corpus has ${known.length > 0 ? known.join(', ') : 'none'}${meant}); run with --add-labels to add it`)
        continue
      }
      if (this.checkOnly) this.labelsToAdd.add(`${kind}:${name}`)
    }
    document.relations.forEach((relation, i) => {
      const label = this.corpus.label('relation', relation.label)
      if (label === undefined) return // added by this import, so it allows any ends
      for (const end of ['head', 'child'] as const) {
        const span = document.spans[relation[end]]
        // A span whose label the corpus lacks is refused for that already: its relations are not refused again for it.
        if (!this.options.addLabels && this.corpus.label('span', span.label) === undefined) continue
        const refusal = relationEndRefusal(label, end, span.label)
        if (refusal === null) continue
        const at = origins?.relations?.[i]
        const which = origins?.spans?.[relation[end]]?.name ?? (span.id === undefined ? `spans[${relation[end]}]` : `span ${span.id}`)
        // The corpus's rule decides; the input's own label set may have allowed it (another corpus's export).
        const hint = `this corpus's rule for "${relation.label}" refuses it: change the rule with marginalia labels --define, or import into a corpus made with the input's label set (--labels FILE, as marginalia labels CORPUS --json prints one)`
        if (at === undefined) refusals.push({ at, message: `${refusal}, but ${which} is ${span.label} (relations[${i}]); ${hint}` })
        else refuse(at, `relations[${i}]`, `${refusal}, but ${which} is ${span.label}; ${hint}`)
      }
    })
    if (refusals.length > 0) throw new Refusals(refusals)
  }

  /** The names of the corpus's labels of `kind`, in palette order. */
  private labelNames(kind: LabelKind): string[] {
    return this.corpus.labels().filter((label) => label.kind === kind).map((label) => label.name)
  }

  /** Adds labels the document uses that the corpus lacks (checked before: only with `addLabels`); returns them as `kind:name`. */
  private addMissingLabels(document: ParsedDocument): string[] {
    const added: string[] = []
    for (const [kind, name] of labelsLacking(this.corpus, document, undefined)) {
      const nearMiss = nearMissOf(name, this.labelNames(kind))
      if (nearMiss !== undefined) this.summary.labelsAddedBesideNearMiss.push(`${kind} "${name}" added beside "${nearMiss}"`)
      this.corpus.addLabel(this.definitionToAdd(kind, name))
      added.push(`${kind}:${name}`)
    }
    return added
  }

  /**
   * The definition of a label to add: the input's own (colour, rules and a key no label of the corpus has),
   * where it declares one whose rules name labels the corpus has; otherwise the bare name in a palette colour.
   */
  private definitionToAdd(kind: LabelKind, name: string): LabelDefinition {
    const bare: LabelDefinition = { name, kind, color: paletteColor(this.corpus.labels().length), hotkey: null, description: '', head: null, child: null }
    const declared = this.options.declaredLabels?.find((label) => label.kind === kind && label.name === name)
    if (declared === undefined) return bare
    const known = (names: string[] | null) => names === null || names.every((end) => this.corpus.label('span', end) !== undefined)
    const keyTaken = this.corpus.labels().some((label) => label.hotkey !== null && label.hotkey === declared.hotkey)
    return known(declared.head) && known(declared.child) ? { ...declared, hotkey: keyTaken ? null : declared.hotkey } : { ...bare, color: declared.color }
  }

  /**
   * The relations of a record's new document as written: a relation given twice (same ends, label and analyst;
   * Label Studio writes one both ways) is taken once. Also where in the record each was (`from`), how many were
   * left out so, and how many of those taken name no analyst.
   */
  private relationsToWrite(document: ImportDocument): { relations: RelationOfNewSpans[]; from: number[]; duplicates: number; unnamed: number } {
    const keys = new Set<string>()
    const relations: RelationOfNewSpans[] = []
    const from: number[] = []
    let unnamed = 0
    document.relations.forEach((relation, i) => {
      const annotator = relation.annotator ?? this.options.annotator
      const key = relationKey(relation.head, relation.child, relation.label, annotator) // spans by index: each has its own id
      if (keys.has(key)) return
      keys.add(key)
      relations.push({ ...relation, annotator })
      from.push(i)
      if (relation.annotator === undefined) unnamed++
    })
    return { relations, from, duplicates: document.relations.length - relations.length, unnamed }
  }

  /**
   * Refuses a new document whose spans or relations without an id would be numbered past the largest id (new ids
   * come after every id given), as writing it would: found here, the checking pass finds it too.
   */
  private checkNewIds(document: ImportDocument, origins: RecordOrigins | undefined): void {
    // Cheap for every record but those with ids near the largest: no id can pass it if the largest given and one more for each does not.
    const fits = (annotations: readonly { id?: number }[]): boolean => annotations.reduce((most, { id }) => Math.max(most, id ?? 0), 0) + annotations.length <= MAX_ID
    // `at(i)`: where in the record the i-th annotation numbered was.
    const past = (kind: 'span' | 'relation', annotations: readonly { id?: number }[], at: (i: number) => number, names: readonly (AnnotationOrigin | undefined)[] | undefined): void => {
      const ids = idsAfterGiven(1, annotations).ids
      const i = ids.findIndex((id) => id > MAX_ID)
      if (i < 0) return
      const where = names?.[at(i)]?.name ?? `${kind}s[${at(i)}]`
      throw new CorpusRuleError(`${where}: a ${kind} without an id would take id ${ids[i]}, past the largest a ${kind} may have (${MAX_ID}), as new ids come after every id given; give it an id, or smaller ids to the others`)
    }
    if (!fits(document.spans)) past('span', document.spans, (i) => i, origins?.spans)
    if (fits(document.relations)) return
    const { relations, from } = this.relationsToWrite(document)
    past('relation', relations, (i) => from[i], origins?.relations)
  }

  /**
   * Writes a record's document as a new one of the corpus (in the place of document `existingId`, which it
   * replaces, if given), with its annotations and the labels they use that the corpus lacks. The summary counts it
   * once all of it is written: a record refused halfway (its savepoint rolled back) counts as refused only.
   */
  private write(document: ImportDocument, existingId: number | undefined): void {
    const { corpus, options, summary } = this
    const labelsAdded = this.addMissingLabels(document)
    const dropped = existingId === undefined ? null : corpus.deleteDocument(existingId)
    const { relations, duplicates: duplicateRelations, unnamed: unnamedRelations } = this.relationsToWrite(document)
    const { documentId } = corpus.insertDocumentWithAnnotations(
      {
        rowId: existingId, // replaced in place (see NewDocument)
        externalId: document.id,
        title: document.title ?? document.id,
        text: document.text,
        meta: document.meta,
        status: document.status,
        createdAt: document.createdAt,
        updatedAt: document.updatedAt,
      },
      spansNamed(document.spans, options.annotator),
      relations,
    )
    const documentLabels = this.writeDocumentLabels(document, documentId)
    this.writeSettledAsNothing(document, documentId)
    summary.labelsAdded.push(...labelsAdded)
    if (dropped !== null) {
      summary.replaced++
      summary.dropped.spans += dropped.spans
      summary.dropped.relations += dropped.relations
      summary.dropped.documentLabels += dropped.documentLabels
    }
    summary.duplicateRelationsMerged += duplicateRelations
    summary.duplicateDocumentLabelsMerged += documentLabels.duplicates
    summary.unnamed += unnamedRelations + unnamedIn([document.spans]) + documentLabels.unnamed
    summary.documents++
    summary.spans += document.spans.length
    summary.relations += relations.length
    summary.documentLabels += documentLabels.written
  }

  /**
   * Puts the record's document labels on document `documentId`: one given twice by one analyst (`"Politics"` and
   * `{"label": "Politics"}` with no analyst named, both the import's annotator's) is put there once, and counted.
   */
  private writeDocumentLabels(document: ParsedDocument, documentId: number): { written: number; duplicates: number; unnamed: number } {
    let written = 0
    let unnamed = 0
    for (const label of document.labels) {
      if (!this.corpus.insertDocumentLabel(documentId, label.label, label.annotator ?? this.options.annotator, label.createdAt)) continue
      written++
      if (label.annotator === undefined) unnamed++
    }
    return { written, duplicates: document.labels.length - written, unnamed }
  }

  /** Records the curator's settlings as nothing the record carries (one already there is left as it is). */
  private writeSettledAsNothing(document: ParsedDocument, documentId: number): void {
    for (const { place, annotator, createdAt } of document.settledAsNothing ?? []) this.corpus.settleAsNothing(documentId, place, annotator, createdAt)
  }

  /**
   * Adds a joining record's annotations to document `documentId`: spans its analyst already has there (the same
   * text and label) are not made again, nor relations; the input's span and relation ids give way to the document's.
   * The summary counts it once all of it is written, as `write` does.
   */
  private writeJoined(document: ImportDocument, documentId: number): void {
    const { corpus, options, summary } = this
    const labelsAdded = this.addMissingLabels(document)
    let spans = 0
    let unnamed = 0
    let duplicateSpans = 0
    const spanIds = document.spans.map((span) => {
      const annotator = span.annotator ?? options.annotator
      const twin = corpus.spanTwin(documentId, { ...span, annotator })
      if (twin !== undefined) {
        duplicateSpans++
        return twin
      }
      spans++
      if (span.annotator === undefined) unnamed++
      return corpus.insertSpans(documentId, [{ ...span, id: undefined, annotator }])[0]
    })
    const relationKeys = this.storedRelationKeys(documentId)
    let relations = 0
    let duplicateRelations = 0
    for (const relation of document.relations) {
      const annotator = relation.annotator ?? options.annotator
      const [head, child] = [spanIds[relation.head], spanIds[relation.child]]
      const key = relationKey(head, child, relation.label, annotator)
      if (relationKeys.has(key)) {
        duplicateRelations++
        continue
      }
      relationKeys.add(key)
      corpus.insertRelation(documentId, { ...relation, id: undefined, head, child, annotator })
      relations++
      if (relation.annotator === undefined) unnamed++
    }
    const documentLabels = this.writeDocumentLabels(document, documentId)
    this.writeSettledAsNothing(document, documentId)
    summary.labelsAdded.push(...labelsAdded)
    summary.duplicatesMerged += duplicateSpans
    summary.duplicateRelationsMerged += duplicateRelations
    summary.duplicateDocumentLabelsMerged += documentLabels.duplicates
    summary.unnamed += unnamed
    // A record that added nothing is still counted when it carried what is not taken (a rejected Prodigy answer's meta).
    const carried = Object.keys(document.meta).length > 0 || document.title !== undefined || document.status !== undefined
    if (document.spans.length + document.relations.length + document.labels.length === 0 && !carried) return
    summary.joined++
    summary.unnamed += documentLabels.unnamed
    if (!this.joinedIds.has(document.id)) summary.joinedIds.push(document.id)
    this.joinedIds.add(document.id)
    summary.spans += spans
    summary.relations += relations
    summary.documentLabels += documentLabels.written
  }
}

/** How many of these annotations name no analyst (the import's annotator is theirs). */
function unnamedIn(lists: readonly (readonly { annotator?: string }[])[]): number {
  let count = 0
  for (const annotations of lists) for (const { annotator } of annotations) if (annotator === undefined) count++
  return count
}

/**
 * Why a record may not join the document of its id that `earlier` took (or the corpus holds), or null if it may:
 * the text must be the same, and the record's analysts must have no work there yet, but for Prodigy answers on
 * the same input (one `_input_hash`), which are one analyst's several tasks on it as often as several analysts'.
 */
function repeatRefusal(document: ParsedDocument, text: string, analysts: ReadonlySet<string>, earlier: TakenId): string | null {
  const id = JSON.stringify(document.id)
  const stored = earlier.where === null
  const sameInput = earlier.inputHash !== undefined && earlier.inputHash === document.meta._input_hash
  if (text !== earlier.text) {
    // Prodigy gives one input text one _input_hash, which names a record without an id: the texts were changed since.
    const why = sameInput ? ` (both have _input_hash ${JSON.stringify(earlier.inputHash)}, which Prodigy gives one input text only: a text was changed after Prodigy hashed it)` : ''
    return stored ? `id ${id} is in the corpus with another text${why}: --existing join adds work to the same text only` : `id ${id} repeats the id of ${earlier.where} with another text${why}`
  }
  const both = [...analysts].filter((name) => earlier.analysts.has(name))
  if (both.length === 0 || sameInput) return null
  const whose = listed(both.map((name) => JSON.stringify(name)))
  return stored
    ? `id ${id}: ${whose} already ${both.length === 1 ? 'has' : 'have'} work in the corpus's document; --existing join adds other analysts' work (--annotator names the analyst of annotations that name none)`
    : `id ${id} repeats the id of ${earlier.where}, with work by ${whose} in both; import each analyst's file with its own --annotator (one run each, the later ones with --existing join), or give the records other ids`
}
