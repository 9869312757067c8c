/**
 * A corpus open for writing: the reads of `CorpusReader` plus every write, each keeping the corpus's rules.
 * Every method that writes is synchronous and safe to call inside `transaction`; callers group a user's
 * action into one transaction.
 */
import { statSync } from 'node:fs'
import type Database from 'better-sqlite3'
import { MAX_ID, type DocumentStatus, type LabelDefinition, type LabelKind } from '../../shared/corpus-types'
import { codePointLength } from '../../shared/offsets'
import { analystName } from '../../shared/curation'
import { CURRENT_SCHEMA_VERSION } from '../db/migrations'
import { openCorpusDatabase, type OpenDatabaseOptions } from '../db/open'
import { DEFAULT_LOCK_WAIT_MS, inWriteTransaction } from '../db/write-lock'
import { CorpusFileError, CorpusRuleError } from '../errors'
import { allowsAt, describeRule, nameSpan } from '../../shared/relation-rules'
import { DEFAULT_LABELS, labelSetProblems, relationEndRefusal } from '../label-sets'
import { unifyAnalystSpellings } from './analyst-spellings'
import { textHash, type AnnotationCounts } from './documents'
import { labelStatements } from './labels'
import { CorpusReader, type LabelRecord } from './reader'
import type { SpanRow } from './spans'
import { writtenUnspaced } from '../search/unspaced'

/** What a new document is made of. */
export interface NewDocument {
  /**
   * The row id of a document this one replaces (deleted just before): it keeps that place in the corpus's order, so
   * that a reader going through the documents by row id (an export, page by page) finds one version or the other,
   * never both.
   */
  rowId?: number
  externalId: string
  title: string
  text: string
  meta?: Record<string, unknown>
  status?: DocumentStatus
  createdAt?: string
  updatedAt?: string
}

/** What a new span is made of; offsets in code points. */
export interface NewSpan {
  id?: number
  start: number
  end: number
  label: string
  attrs?: Record<string, unknown>
  annotator: string
  createdAt?: string
  updatedAt?: string
}

/** What a new relation is made of; `head` and `child` are span ids of the same document. */
export interface NewRelation {
  id?: number
  head: number
  child: number
  label: string
  annotator: string
  createdAt?: string
  updatedAt?: string
}

/** A relation added together with new spans (`insertDocumentWithAnnotations`): `head` and `child` are indexes in those spans. */
export type RelationOfNewSpans = NewRelation

/** Options for opening a corpus to write to it. */
export interface OpenCorpusOptions extends Omit<OpenDatabaseOptions, 'readonly'> {
  /** Label set of a corpus made by this call (default: DEFAULT_LABELS). */
  labels?: readonly LabelDefinition[]
  /** How long a write waits for other programs' transactions before giving up (default 30 s). */
  lockWaitMs?: number
}

/** The current time as stored: ISO 8601 in UTC with milliseconds. */
export function timestamp(): string {
  return new Date().toISOString()
}

/**
 * The ids of spans (or relations) added to a document whose next new one's id is `next`: given ids are kept, and
 * new ones come after every id in use or given here, so that a given id never collides with a new one. Also the
 * id the document's next new one takes after them.
 */
export function idsAfterGiven(next: number, annotations: readonly { id?: number }[]): { ids: number[]; next: number } {
  for (const { id } of annotations) if (id !== undefined && id >= next) next = id + 1
  const ids = annotations.map((annotation) => {
    const id = annotation.id ?? next
    next = Math.max(next, id + 1)
    return id
  })
  return { ids, next }
}

/** True if a relation of `label` may go from span `head` to span `child` (two spans, each a label the rule allows at its end). */
function endsAllowed(label: LabelRecord, head: NewSpan | undefined, child: NewSpan | undefined): boolean {
  return head !== undefined && child !== undefined && head !== child && allowsAt(label, 'head', head.label) && allowsAt(label, 'child', child.label)
}

/** What a corpus gets when it is made: when, and its label set. Runs inside the transaction that makes it. */
function writeFirstContents(db: Database.Database, labels: readonly LabelDefinition[]): void {
  db.prepare<[string, string]>(`INSERT OR IGNORE INTO corpus_info (key, value) VALUES (?, ?)`).run('created_at', timestamp())
  const insert = labelStatements(db).insert
  for (const label of labels) insert.run(labelRow(label))
}

/**
 * Gives a corpus whose making was cut short by an older Marginalia (no labels and no documents) its label set,
 * in one transaction that looks again under the lock. Returns true if it did.
 */
function completeUnfinished(db: Database.Database, labels: readonly LabelDefinition[], lockWaitMs: number): boolean {
  const unfinished = (): boolean => db.prepare<[], number>(`SELECT (SELECT count(*) FROM labels) + (SELECT count(*) FROM documents)`).pluck().get() === 0
  if (!unfinished()) return false
  return inWriteTransaction(
    db,
    () => {
      if (!unfinished()) return false
      writeFirstContents(db, labels)
      return true
    },
    lockWaitMs,
  )
}

/** An open corpus that can be read and written. Make one with `Corpus.open`, and `close` it when done. */
export class Corpus extends CorpusReader {
  private readonly annotatorIds = new Map<string, number>()
  /** Device and inode of the file when it was opened, to notice it being moved or deleted. */
  private readonly fileIdentity: { dev: number; ino: number } | null

  private constructor(
    db: Database.Database,
    path: string,
    /** True when opening made the corpus (or gave one whose making was cut short its label set). */
    readonly created: boolean,
    private readonly lockWaitMs: number,
  ) {
    super(db, path, CURRENT_SCHEMA_VERSION)
    this.fileIdentity = path === ':memory:' ? null : statSync(path)
    this.forgetCaches()
  }

  /**
   * Opens the corpus at `path` for writing (see `openCorpusDatabase` for what is refused). A corpus made by
   * this call gets `options.labels` or the default label set in the very transaction that makes its schema,
   * so no process ever sees it without one.
   */
  static override open(path: string, options: OpenCorpusOptions = {}): Corpus {
    const labels = options.labels ?? DEFAULT_LABELS
    const problems = labelSetProblems(labels)
    if (problems.length > 0) throw new CorpusRuleError(`bad label set: ${problems.join('; ')}`)
    const { db, created } = openCorpusDatabase(path, { ...options, readonly: false, initialise: (made) => writeFirstContents(made, labels) })
    const lockWaitMs = options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS
    try {
      const made = created || completeUnfinished(db, labels, lockWaitMs)
      unifyAnalystSpellings(db, lockWaitMs)
      return new Corpus(db, path, made, lockWaitMs)
    } catch (error) {
      db.close()
      throw error
    }
  }

  /** While the search index is filled at the end: its triggers taken off (once there was something to write) and the documents added since. */
  private deferral: { triggers: { name: string; sql: string }[] | null; unindexed: Set<number> } | null = null

  /**
   * Runs `fn` as one transaction: all its writes commit together, or none do if it throws. It starts by
   * taking the write lock (`BEGIN IMMEDIATE`, waiting its turn behind other programs' transactions), then
   * re-reads what it caches if another program changed the file; its COMMIT waits as long for programs still
   * reading. Inside another transaction it is a
   * savepoint. Refuses to start if the file was moved or deleted since it was opened, since the writes would
   * go nowhere anyone can find.
   */
  transaction<T>(fn: () => T): T {
    if (this.db.inTransaction) {
      // A savepoint: if it rolls back, so does what it did to the documents waiting for the search index, and
      // what it added to the caches (an analyst or a label it made) is gone with it.
      const deferral = this.deferral
      const before = deferral === null ? null : { triggers: deferral.triggers, unindexed: new Set(deferral.unindexed) }
      try {
        return this.db.transaction(fn)()
      } catch (error) {
        if (deferral !== null && before !== null) Object.assign(deferral, before) // a trigger dropped in it is back, too
        this.forgetCaches()
        throw error
      }
    }
    this.requireFileInPlace()
    try {
      return inWriteTransaction(
        this.db,
        () => {
          this.refresh()
          return fn()
        },
        this.lockWaitMs,
      )
    } catch (error) {
      this.forgetCaches() // what the rolled-back writes added to them is gone
      throw error
    }
  }

  private requireFileInPlace(): void {
    if (!this.inPlace()) throw new CorpusFileError(this.path, 'the corpus file has been moved or deleted since it was opened; nothing more is written to it')
  }

  /** False if the file at the corpus's path is no longer the one opened (moved, deleted, or replaced by another). */
  inPlace(): boolean {
    if (this.fileIdentity === null) return true
    let now: { dev: number; ino: number } | null = null
    try {
      now = statSync(this.path)
    } catch {
      now = null
    }
    return now !== null && now.dev === this.fileIdentity.dev && now.ino === this.fileIdentity.ino
  }

  protected override forgetCaches(): void {
    super.forgetCaches()
    this.annotatorIds.clear()
    // By the composed spelling, the row spelled so first: a name another program wrote otherwise since is still theirs.
    for (const row of this.sql.labels.annotators.all()) {
      const name = analystName(row.name)
      if (name === row.name || !this.annotatorIds.has(name)) this.annotatorIds.set(name, row.id)
    }
  }

  /** Adds a label to the set; its name must be new for its kind, its hotkey usable and unused. */
  addLabel(label: LabelDefinition): LabelRecord {
    const existing = new Set(labelSetProblems(this.labels())) // a set another program made may have problems of its own
    const problems = labelSetProblems([...this.labels(), label]).filter((problem) => !existing.has(problem))
    if (problems.length > 0) throw new CorpusRuleError(problems.join('; '))
    this.sql.labels.insert.run(labelRow(label))
    super.forgetCaches()
    return this.requireLabel(label.kind, label.name)
  }

  /**
   * Defines labels: each is matched by kind and name, added if new, otherwise given the definition (colour,
   * key, guideline, rules, declared attributes). The resulting set is checked whole, and every relation in
   * the corpus must still follow its label's rules; keys may move between labels. Labels not given are kept.
   * Returns the names (`kind:name`) added and changed.
   */
  defineLabels(definitions: readonly LabelDefinition[]): { added: string[]; changed: string[] } {
    const current = this.labels()
    const existing = (definition: LabelDefinition) => current.find((l) => l.kind === definition.kind && l.name === definition.name)
    const changes = definitions.flatMap((definition) => {
      const label = existing(definition)
      return label === undefined || sameDefinition(label, definition) ? [] : [{ id: label.id, definition }]
    })
    const additions = definitions.filter((definition) => existing(definition) === undefined)
    const replaced = new Map(changes.map((change) => [change.id, change.definition]))
    const problems = labelSetProblems([...current.map((label) => replaced.get(label.id) ?? label), ...additions])
    if (problems.length > 0) throw new CorpusRuleError(problems.join('; '))
    for (const { id, definition } of changes) {
      if (definition.kind !== 'relation') continue
      for (const ends of this.sql.labels.relationEndLabels.all(id)) {
        const refusal = relationEndRefusal(definition, 'head', ends.head) ?? relationEndRefusal(definition, 'child', ends.child)
        if (refusal !== null) throw new CorpusRuleError(`${refusal}, but relations in the corpus join a ${ends.head} to a ${ends.child}`)
      }
    }
    for (const { id, definition } of changes) {
      const refusal = this.valuesLeftOut(current.find((label) => label.id === id)!, definition)
      if (refusal !== null) throw new CorpusRuleError(refusal)
    }
    for (const { id } of changes) this.sql.labels.clearHotkey.run(id) // so that keys can move between them
    for (const { id, definition } of changes) this.sql.labels.update.run({ id, ...labelRow(definition) })
    for (const definition of additions) this.sql.labels.insert.run(labelRow(definition))
    super.forgetCaches()
    const key = (definition: LabelDefinition) => `${definition.kind}:${definition.name}`
    return { added: additions.map(key), changed: changes.map((change) => key(change.definition)) }
  }

  /**
   * Why `definition` may not replace `label`'s declared attributes, or null: a value the label declared that
   * spans hold must stay declared (values it never declared, brought by an import, are left as they are).
   */
  private valuesLeftOut(label: LabelRecord, definition: LabelDefinition): string | null {
    for (const attribute of label.attributes ?? []) {
      const kept = definition.attributes?.find((a) => a.name === attribute.name)
      if (kept === undefined) continue // no longer declared: the values stay as other attributes
      for (const { value, spans } of this.sql.labels.attributeValues.all(label.id, attribute.name)) {
        if (attribute.values.includes(value) && !kept.values.includes(value)) {
          return `${spans} ${label.name} span${spans === 1 ? ' has' : 's have'} ${attribute.name} ${JSON.stringify(value)}, which the new values (${kept.values.join(', ')}) leave out; change those spans first, or keep the value`
        }
      }
    }
    return null
  }

  /** Row id of the annotator called `name`, adding them if new. */
  annotatorId(given: string): number {
    const name = analystName(given)
    let id = this.annotatorIds.get(name)
    if (id === undefined) {
      if (name.length === 0) throw new CorpusRuleError('an annotator needs a name')
      id = Number(this.sql.labels.insertAnnotator.run({ name, createdAt: timestamp() }).lastInsertRowid)
      this.annotatorIds.set(name, id)
    }
    return id
  }

  /** Adds a document (its external id must be new) and returns its row id. */
  insertDocument(document: NewDocument): number {
    return this.insertDocumentRow(document, 1, 1).id
  }

  /**
   * Adds a document with its spans and the relations between them (their `head` and `child` are indexes in
   * `spans`), as `insertDocument`, `insertSpans` and `insertRelation` do, refusing what they refuse (new relation
   * ids, like new span ids, come after every id given, where one by one they would take the next free one); returns the
   * document's row id and the spans' ids, in order. Each row is written once: the document's next span and
   * relation ids are worked out before it is written, rather than read back and updated after each annotation
   * (an import adds a hundred thousand documents), and the relations' ends are the spans given.
   */
  insertDocumentWithAnnotations(document: NewDocument, spans: readonly NewSpan[], relations: readonly RelationOfNewSpans[]): { documentId: number; spanIds: number[] } {
    const spanIds = idsAfterGiven(1, spans)
    const relationIds = idsAfterGiven(1, relations)
    const { id: documentId, length } = this.insertDocumentRow(document, spanIds.next, relationIds.next)
    this.writeSpans(documentId, length, spans, spanIds.ids)
    const now = timestamp()
    const written = new Set<string>()
    relations.forEach((relation, i) => {
      const [head, child] = [spanIds.ids[relation.head], spanIds.ids[relation.child]]
      const label = this.requireLabel('relation', relation.label)
      const id = relationIds.ids[i]
      const key = `${head} ${child} ${label.id} ${relation.annotator}`
      const mayBeRefused = id > MAX_ID || written.has(key) || !endsAllowed(label, spans[relation.head], spans[relation.child])
      written.add(key)
      if (mayBeRefused) {
        // Taken as insertRelation takes it, from the spans written, so that a refusal is said as it always is.
        this.insertRelation(documentId, { ...relation, id, head, child })
      } else {
        const createdAt = relation.createdAt ?? now
        const annotatorId = this.annotatorId(relation.annotator)
        this.sql.relations.insert.run({ documentId, id, head, child, labelId: label.id, annotatorId, createdAt, updatedAt: relation.updatedAt ?? createdAt })
      }
    })
    return { documentId, spanIds: spanIds.ids }
  }

  /** Writes a document's row, its next span and relation ids given; returns its row id and its length in code points. */
  private insertDocumentRow(document: NewDocument, nextSpanId: number, nextRelationId: number): { id: number; length: number } {
    this.deferIndexing()
    const createdAt = document.createdAt ?? timestamp()
    const length = codePointLength(document.text)
    const result = this.sql.documents.insert.run({
      rowId: document.rowId ?? null,
      externalId: document.externalId,
      title: document.title,
      text: document.text,
      length,
      meta: JSON.stringify(document.meta ?? {}),
      status: document.status ?? 'todo',
      hash: textHash(document.text),
      createdAt,
      updatedAt: document.updatedAt ?? createdAt,
      nextSpanId,
      nextRelationId,
    })
    const id = Number(result.lastInsertRowid)
    if (writtenUnspaced(document.title, document.text)) this.sql.documents.listUnspaced.run(id)
    if (this.deferral?.triggers != null) this.deferral.unindexed.add(id)
    return { id, length }
  }

  /** Deletes a document with all its annotations (and from the search index); returns how many annotations went. */
  deleteDocument(id: number): AnnotationCounts {
    const counts = this.sql.documents.annotationCounts.get({ id }) ?? { spans: 0, relations: 0, documentLabels: 0 }
    if (this.deferIndexing() && !this.deferral!.unindexed.delete(id)) this.sql.search.forget.run(id)
    this.sql.documents.delete.run(id)
    return counts
  }

  /**
   * Runs `fn` inside the current transaction with the search index filled once at its end instead of once per
   * document. FTS5 writes its pending index to disk whenever a statement journal opens, which each insert that
   * fires the index's trigger does, so filling it per document costs more than the rest of an import. The
   * triggers are dropped and put back with their exact text within the transaction, so no other connection
   * ever sees them missing; the index is complete when `fn`'s transaction commits.
   */
  withSearchIndexFilledAtEnd<T>(fn: () => T): T {
    if (!this.db.inTransaction) throw new Error('withSearchIndexFilledAtEnd needs a transaction')
    if (this.deferral !== null) return fn()
    this.deferral = { triggers: null, unindexed: new Set() }
    try {
      const result = fn()
      const { triggers, unindexed } = this.deferral
      if (triggers !== null) {
        this.sql.search.mergeLater.run()
        this.sql.search.fill.run(JSON.stringify([...unindexed]))
        this.sql.search.mergeAsUsual.run()
      }
      return result
    } finally {
      const { triggers } = this.deferral
      this.deferral = null
      if (triggers !== null) {
        // A failure SQLite rolled the transaction back for itself (a full disk) put the triggers back with it: only
        // those missing are made again, so that the failure said is that one, not "trigger already exists".
        const present = new Set(this.sql.search.indexTriggers.all().map((trigger) => trigger.name))
        for (const trigger of triggers) if (!present.has(trigger.name)) this.db.exec(trigger.sql)
      }
    }
  }

  /**
   * At the first document added or removed while the search index waits (so that nothing is written before
   * there is something to write): takes its triggers off. False if this schema has none to take off.
   */
  private deferIndexing(): boolean {
    const deferral = this.deferral
    if (deferral === null) return false
    if (deferral.triggers === null) {
      const triggers = this.sql.search.indexTriggers.all()
      if (triggers.length !== 2) return false // an older schema upgraded in memory, or none: the triggers do the work
      for (const trigger of triggers) this.db.exec(`DROP TRIGGER ${trigger.name}`)
      deferral.triggers = triggers
    }
    return true
  }

  private requireLabel(kind: LabelKind, name: string): LabelRecord {
    const label = this.label(kind, name)
    if (label === undefined) throw new CorpusRuleError(`unknown ${kind} label "${name}"`)
    return label
  }

  private documentLength(documentId: number): number {
    const length = this.sql.documents.length.get(documentId)
    if (length === undefined) throw new CorpusRuleError(`no document with row id ${documentId}`)
    return length
  }

  private requireRange(documentId: number, start: number, end: number, length = this.documentLength(documentId)): void {
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > length) {
      throw new CorpusRuleError(`span [${start}, ${end}) is outside the text (0..${length} code points)`)
    }
    if (end <= start) throw new CorpusRuleError(`span [${start}, ${end}) is empty or reversed`)
  }

  /**
   * Adds a span to a document and returns its id (given ids are kept; new ones are never reused). A span the
   * same analyst already has (same text and label) is refused: an analyst's span is never made twice.
   */
  insertSpan(documentId: number, span: NewSpan): number {
    this.refuseTwin(documentId, span)
    return this.insertSpans(documentId, [span])[0]
  }

  /** The id of the span of the document that `span`'s analyst already has over the same text with the same label (other than span `exceptId`), if any. */
  spanTwin(documentId: number, span: { start: number; end: number; label: string; annotator: string }, exceptId = 0): number | undefined {
    return this.sql.spans.twin.get({ documentId, start: span.start, end: span.end, label: span.label, annotator: span.annotator, exceptId })
  }

  /** Refuses a span (other than span `exceptId`) that would be one its analyst already has: same text, same label. */
  private refuseTwin(documentId: number, span: { start: number; end: number; label: string; annotator: string }, exceptId = 0): void {
    const twin = this.spanTwin(documentId, span, exceptId)
    if (twin !== undefined) {
      const text = this.document(documentId)?.text
      const quoted = text === undefined ? span.label : nameSpan(span.label, [...text].slice(span.start, span.end).join(''))
      throw new CorpusRuleError(`${quoted} (code points ${span.start}–${span.end}) is already tagged by ${span.annotator} (span ${twin}): a span is not made twice`)
    }
  }

  /** Adds spans to one document (reading its length and next id once) and returns their ids, in order. */
  insertSpans(documentId: number, spans: readonly NewSpan[]): number[] {
    if (spans.length === 0) return []
    const length = this.documentLength(documentId)
    const { ids, next } = idsAfterGiven(this.sql.documents.nextSpanId.get(documentId) ?? 1, spans)
    this.writeSpans(documentId, length, spans, ids)
    this.sql.documents.reserveSpanId.run({ documentId, id: next - 1 })
    return ids
  }

  /** Writes the rows of spans of a document `length` code points long, with the ids given (`idsAfterGiven`). */
  private writeSpans(documentId: number, length: number, spans: readonly NewSpan[], ids: readonly number[]): void {
    const now = timestamp() // one time for the spans added together
    spans.forEach((span, i) => {
      this.requireRange(documentId, span.start, span.end, length)
      const label = this.requireLabel('span', span.label)
      if (ids[i] > MAX_ID) throw new CorpusRuleError(`span id ${ids[i]} is past the largest id a span may have (${MAX_ID})`)
      const createdAt = span.createdAt ?? now
      this.sql.spans.insert.run(
        documentId,
        ids[i],
        span.start,
        span.end,
        label.id,
        JSON.stringify(span.attrs ?? {}),
        this.annotatorId(span.annotator),
        createdAt,
        span.updatedAt ?? createdAt,
      )
    })
  }

  /** Throws unless both ends are spans of the document with labels the relation label allows, naming the span refused. */
  private requireRelationEnds(documentId: number, label: LabelRecord, head: number, child: number): void {
    for (const [end, spanId] of [
      ['head', head],
      ['child', child],
    ] as const) {
      const span = this.span(documentId, spanId)
      if (span === undefined) throw new CorpusRuleError(`the span to link ${end === 'head' ? 'from' : 'to'} is no longer in this document`)
      if (!allowsAt(label, end, span.label)) {
        throw new CorpusRuleError(`${describeRule(label)}: it cannot ${end === 'head' ? 'start at' : 'end at'} ${this.spanName(documentId, span)}`)
      }
    }
  }

  /** `Speaker "Mr Putin"`: how messages name a span. */
  private spanName(documentId: number, span: SpanRow): string {
    const text = this.document(documentId)?.text ?? ''
    return nameSpan(span.label, [...text].slice(span.start_offset, span.end_offset).join(''))
  }

  /** Adds a relation between two spans of a document, keeping the label's head and child rules. */
  insertRelation(documentId: number, relation: NewRelation): number {
    const label = this.requireLabel('relation', relation.label)
    this.requireRelationEnds(documentId, label, relation.head, relation.child)
    if (relation.head === relation.child) throw new CorpusRuleError('a relation needs two different spans')
    const twin = this.sql.relations.twin.get({ documentId, head: relation.head, child: relation.child, labelId: label.id, annotator: relation.annotator })
    if (twin !== undefined) {
      const [head, child] = [relation.head, relation.child].map((id) => this.spanName(documentId, this.span(documentId, id) as SpanRow))
      throw new CorpusRuleError(`${head} is already linked to ${child} by ${relation.label} of ${relation.annotator} (relation ${twin}): a relation is not made twice`)
    }
    const id = relation.id ?? this.sql.documents.nextRelationId.get(documentId) ?? 1
    if (id > MAX_ID) throw new CorpusRuleError(`relation id ${id} is past the largest id a relation may have (${MAX_ID})`)
    const createdAt = relation.createdAt ?? timestamp()
    this.sql.relations.insert.run({
      documentId,
      id,
      head: relation.head,
      child: relation.child,
      labelId: label.id,
      annotatorId: this.annotatorId(relation.annotator),
      createdAt,
      updatedAt: relation.updatedAt ?? createdAt,
    })
    this.sql.documents.reserveRelationId.run({ documentId, id })
    return id
  }

  /** Puts a document-level label on a document (once per annotator); false if the annotator had put it there already. */
  insertDocumentLabel(documentId: number, labelName: string, annotator: string, createdAt = timestamp()): boolean {
    const label = this.requireLabel('document', labelName)
    return this.sql.documentLabels.insert.run({ documentId, labelId: label.id, annotatorId: this.annotatorId(annotator), createdAt }).changes > 0
  }

  /** Moves a span's edges and sets its label; relations it takes part in must still allow that label. */
  updateSpan(documentId: number, spanId: number, change: { start: number; end: number; label: string }): void {
    const before = this.span(documentId, spanId)
    if (before === undefined) throw new CorpusRuleError('that span is no longer there (removed meanwhile, perhaps in another window)')
    this.requireRange(documentId, change.start, change.end)
    this.refuseTwin(documentId, { ...change, annotator: before.annotator }, spanId)
    const label = this.requireLabel('span', change.label)
    this.sql.spans.update.run({ documentId, spanId, start: change.start, end: change.end, labelId: label.id, updatedAt: timestamp() })
    for (const relation of this.relationsOfSpan(documentId, spanId)) {
      this.requireRelationEnds(documentId, this.requireLabel('relation', relation.label), relation.head, relation.child)
    }
  }

  /** Replaces a span's attributes (its note, the unsure flag, label-declared attributes, anything imported). */
  setSpanAttrs(documentId: number, spanId: number, attrs: Record<string, unknown>, updatedAt = timestamp()): void {
    const change = { documentId, spanId, attrs: JSON.stringify(attrs), updatedAt }
    if (this.sql.spans.setAttrs.run(change).changes === 0) throw new CorpusRuleError('that span is no longer there (removed meanwhile, perhaps in another window)')
  }

  /** Records that a curator settled the disagreement at `place` (a `curationKey`) as nothing; false if it was already. */
  settleAsNothing(documentId: number, place: string, annotator: string, createdAt = timestamp()): boolean {
    this.documentLength(documentId) // a document that is gone is refused
    return this.sql.curation.settle.run({ documentId, place, annotatorId: this.annotatorId(annotator), createdAt }).changes > 0
  }

  /** Takes back a settling as nothing (undo); a place not settled is left as it is. */
  unsettle(documentId: number, place: string): void {
    this.sql.curation.unsettle.run(documentId, place)
  }

  /** Deletes a span; its relations go with it. */
  deleteSpan(documentId: number, spanId: number): void {
    if (this.sql.spans.delete.run(documentId, spanId).changes === 0) {
      throw new CorpusRuleError('that span is no longer there (removed meanwhile, perhaps in another window)')
    }
  }

  /** Deletes a relation. */
  deleteRelation(documentId: number, relationId: number): void {
    if (this.sql.relations.delete.run(documentId, relationId).changes === 0) {
      throw new CorpusRuleError('that relation is no longer there (removed meanwhile, perhaps in another window)')
    }
  }

  /** Takes an annotator's document label off a document. */
  deleteDocumentLabel(documentId: number, labelName: string, annotator: string): void {
    const label = this.requireLabel('document', labelName)
    this.sql.documentLabels.delete.run({ documentId, labelId: label.id, annotatorId: this.annotatorId(annotator) })
  }

  /** Sets where the analysts have got to with a document. */
  setStatus(documentId: number, status: DocumentStatus): void {
    if (this.sql.documents.setStatus.run({ documentId, status, updatedAt: timestamp() }).changes === 0) {
      throw new CorpusRuleError(`no document with row id ${documentId}`)
    }
  }
}

/** A label definition as the labels table stores it (rules and attributes as JSON). */
function labelRow(label: LabelDefinition) {
  return {
    kind: label.kind,
    name: label.name,
    color: label.color,
    hotkey: label.hotkey,
    description: label.description,
    head: label.head === null ? null : JSON.stringify(label.head),
    child: label.child === null ? null : JSON.stringify(label.child),
    attributes: label.attributes === undefined || label.attributes.length === 0 ? null : JSON.stringify(label.attributes),
  }
}

/** True if `label` already has `definition`'s colour, key, guideline, rules and attributes. */
function sameDefinition(label: LabelDefinition, definition: LabelDefinition): boolean {
  return JSON.stringify(labelRow(label)) === JSON.stringify(labelRow(definition))
}
