/**
 * The corpus store: one open `.marginalia` file with its statements prepared once. Every method that writes
 * is synchronous and safe to call inside `transaction`; callers group a user's action into one transaction.
 */
import { createHash } from 'node:crypto'
import { statSync } from 'node:fs'
import type Database from 'better-sqlite3'
import type { DocumentStatus, ExportedRelation, LabelDefinition, LabelKind } from '../../shared/corpus-types'
import { CorpusFileError, CorpusRuleError } from './errors'
import { DEFAULT_LABELS, labelSetProblems } from './labels'
import { openCorpusDatabase, type OpenDatabaseOptions } from './open'
import { OffsetIndex } from '../../shared/offsets'

/** A label of this corpus, with its row id. */
export interface LabelRecord extends LabelDefinition {
  id: number
}

/** A document as stored, without its annotations. */
export interface DocumentRow {
  id: number
  external_id: string
  title: string
  text: string
  length: number
  meta: string
  status: DocumentStatus
  text_sha256: string
  created_at: string
  updated_at: string
}

/** A span as stored: code point offsets, label and annotator as names. */
export interface SpanRow {
  id: number
  start_offset: number
  end_offset: number
  label: string
  attrs: string
  annotator: string
  created_at: string
  updated_at: string
}

/** A relation as stored, with label and annotator as names: the export's shape. */
export type RelationRow = ExportedRelation

/** A document label as stored. */
export interface DocumentLabelRow {
  label: string
  annotator: string
  created_at: string
}

/** What a new document is made of. */
export interface NewDocument {
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

/** Options for opening a corpus through the store. */
export interface OpenCorpusOptions extends OpenDatabaseOptions {
  /** Label set of a corpus made by this call (default: DEFAULT_LABELS). */
  labels?: readonly LabelDefinition[]
}

/** The current time as stored: ISO 8601 in UTC with milliseconds. */
export function timestamp(): string {
  return new Date().toISOString()
}

/** SHA-256 of a document's text, hex. */
export function textHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

/** Spans (`s`) with their label and annotator as names; callers add WHERE and ORDER BY. */
const SPANS_WITH_NAMES = `SELECT s.id, s.start_offset, s.end_offset, l.name AS label, s.attrs, a.name AS annotator,
       s.created_at, s.updated_at
  FROM spans s JOIN labels l ON l.id = s.label_id JOIN annotators a ON a.id = s.annotator_id`

/** Relations (`r`) with their label and annotator as names; callers add WHERE and ORDER BY. */
const RELATIONS_WITH_NAMES = `SELECT r.id, r.head, r.child, l.name AS label, a.name AS annotator, r.created_at, r.updated_at
  FROM relations r JOIN labels l ON l.id = r.label_id JOIN annotators a ON a.id = r.annotator_id`

function prepareStatements(db: Database.Database) {
  return {
    labels: db.prepare(
      `SELECT id, kind, name, color, hotkey, description, head_labels, child_labels FROM labels ORDER BY position, id`,
    ),
    insertLabel: db.prepare(
      `INSERT INTO labels (kind, name, color, hotkey, description, head_labels, child_labels, position)
       VALUES (@kind, @name, @color, @hotkey, @description, @head, @child,
               (SELECT coalesce(max(position), 0) + 1 FROM labels))`,
    ),
    annotators: db.prepare(`SELECT id, name FROM annotators`),
    insertAnnotator: db.prepare(`INSERT INTO annotators (name, created_at) VALUES (@name, @createdAt)`),
    documentIdByExternalId: db.prepare(`SELECT id FROM documents WHERE external_id = ?`).pluck(),
    document: db.prepare(`SELECT * FROM documents WHERE id = ?`),
    insertDocument: db.prepare(
      `INSERT INTO documents (external_id, title, text, length, meta, status, text_sha256, created_at, updated_at)
       VALUES (@externalId, @title, @text, @length, @meta, @status, @hash, @createdAt, @updatedAt)`,
    ),
    deleteDocument: db.prepare(`DELETE FROM documents WHERE id = ?`),
    documentLength: db.prepare(`SELECT length FROM documents WHERE id = ?`).pluck(),
    nextSpanId: db.prepare(`SELECT next_span_id FROM documents WHERE id = ?`).pluck(),
    nextRelationId: db.prepare(`SELECT next_relation_id FROM documents WHERE id = ?`).pluck(),
    bumpSpanId: db.prepare(`UPDATE documents SET next_span_id = max(next_span_id, @id + 1) WHERE id = @documentId`),
    bumpRelationId: db.prepare(
      `UPDATE documents SET next_relation_id = max(next_relation_id, @id + 1) WHERE id = @documentId`,
    ),
    insertSpan: db.prepare(
      `INSERT INTO spans (document_id, id, start_offset, end_offset, label_id, attrs, annotator_id, created_at, updated_at)
       VALUES (@documentId, @id, @start, @end, @labelId, @attrs, @annotatorId, @createdAt, @updatedAt)`,
    ),
    spanLabelId: db.prepare(`SELECT label_id FROM spans WHERE document_id = ? AND id = ?`).pluck(),
    insertRelation: db.prepare(
      `INSERT INTO relations (document_id, id, head, child, label_id, annotator_id, created_at, updated_at)
       VALUES (@documentId, @id, @head, @child, @labelId, @annotatorId, @createdAt, @updatedAt)`,
    ),
    insertDocumentLabel: db.prepare(
      `INSERT OR IGNORE INTO document_labels (document_id, label_id, annotator_id, created_at)
       VALUES (@documentId, @labelId, @annotatorId, @createdAt)`,
    ),
    spansOf: db.prepare(
      `${SPANS_WITH_NAMES}
       WHERE s.document_id = ? ORDER BY s.start_offset, s.end_offset, s.id`,
    ),
    relationsOf: db.prepare(
      `${RELATIONS_WITH_NAMES}
       WHERE r.document_id = ? ORDER BY r.id`,
    ),
    documentLabelsOf: db.prepare(
      `SELECT l.name AS label, a.name AS annotator, d.created_at
       FROM document_labels d JOIN labels l ON l.id = d.label_id JOIN annotators a ON a.id = d.annotator_id
       WHERE d.document_id = ? ORDER BY l.position, a.name`,
    ),
    documentsAfter: db.prepare(
      `SELECT * FROM documents
       WHERE id > @afterId AND (@statuses IS NULL OR status IN (SELECT value FROM json_each(@statuses)))
       ORDER BY id LIMIT @limit`,
    ),
    setInfo: db.prepare(`INSERT OR REPLACE INTO corpus_info (key, value) VALUES (?, ?)`),
    span: db.prepare(
      `${SPANS_WITH_NAMES}
       WHERE s.document_id = ? AND s.id = ?`,
    ),
    updateSpan: db.prepare(
      `UPDATE spans SET start_offset = @start, end_offset = @end, label_id = @labelId, updated_at = @updatedAt
       WHERE document_id = @documentId AND id = @spanId`,
    ),
    deleteSpan: db.prepare(`DELETE FROM spans WHERE document_id = ? AND id = ?`),
    relationsOfSpan: db.prepare(
      `${RELATIONS_WITH_NAMES}
       WHERE r.document_id = @documentId AND (r.head = @spanId OR r.child = @spanId) ORDER BY r.id`,
    ),
    relation: db.prepare(
      `${RELATIONS_WITH_NAMES}
       WHERE r.document_id = ? AND r.id = ?`,
    ),
    deleteRelation: db.prepare(`DELETE FROM relations WHERE document_id = ? AND id = ?`),
    deleteDocumentLabel: db.prepare(
      `DELETE FROM document_labels WHERE document_id = @documentId AND label_id = @labelId AND annotator_id = @annotatorId`,
    ),
    setStatus: db.prepare(`UPDATE documents SET status = @status, updated_at = @updatedAt WHERE id = @documentId`),
  }
}

interface LabelSqlRow {
  id: number
  kind: LabelKind
  name: string
  color: string
  hotkey: string | null
  description: string
  head_labels: string | null
  child_labels: string | null
}

/** An open corpus. Make one with `Corpus.open`, and `close` it when done. */
export class Corpus {
  private readonly statements: ReturnType<typeof prepareStatements>
  private labelCache: LabelRecord[] | undefined
  private readonly annotatorIds = new Map<string, number>()

  private constructor(
    /** The underlying connection; prefer the methods, which keep the corpus's rules. */
    readonly db: Database.Database,
    /** Path the corpus was opened from. */
    readonly path: string,
    /** True when opening made the file. */
    readonly created: boolean,
  ) {
    this.statements = prepareStatements(db)
    this.reloadCaches()
    this.fileIdentity = path === ':memory:' || db.readonly ? null : statSync(path)
  }

  /** Device and inode of the file when it was opened, to notice it being moved or deleted. */
  private readonly fileIdentity: { dev: number; ino: number } | null

  /**
   * Opens the corpus at `path` (see `openCorpusDatabase` for what is refused). A corpus made by this call gets
   * `options.labels` or the default label set, in the same transaction that records its creation.
   */
  static open(path: string, options: OpenCorpusOptions = {}): Corpus {
    const labels = options.labels ?? DEFAULT_LABELS
    const problems = labelSetProblems(labels)
    if (problems.length > 0) throw new CorpusRuleError(`bad label set: ${problems.join('; ')}`)
    const { db, created } = openCorpusDatabase(path, options)
    const corpus = new Corpus(db, path, created)
    if (created) {
      corpus.transaction(() => {
        corpus.statements.setInfo.run('created_at', timestamp())
        for (const label of labels) corpus.addLabel(label)
      })
    }
    return corpus
  }

  /** Closes the file. */
  close(): void {
    this.db.close()
  }

  /**
   * Runs `fn` as one transaction: all its writes commit together, or none do if it throws. Refuses to start
   * if the file was moved or deleted since it was opened, since the writes would go nowhere anyone can find.
   */
  transaction<T>(fn: () => T): T {
    if (!this.db.inTransaction) this.requireFileInPlace()
    try {
      return this.db.transaction(fn)()
    } catch (error) {
      this.reloadCaches() // what the rolled-back writes added to them is gone
      throw error
    }
  }

  private requireFileInPlace(): void {
    if (this.fileIdentity === null) return
    let now: { dev: number; ino: number } | null = null
    try {
      now = statSync(this.path)
    } catch {
      now = null
    }
    if (now === null || now.dev !== this.fileIdentity.dev || now.ino !== this.fileIdentity.ino) {
      throw new CorpusFileError(this.path, 'the corpus file has been moved or deleted since it was opened; nothing more is written to it')
    }
  }

  private reloadCaches(): void {
    this.labelCache = undefined
    this.annotatorIds.clear()
    for (const row of this.statements.annotators.all() as { id: number; name: string }[]) {
      this.annotatorIds.set(row.name, row.id)
    }
  }

  /** The label set, in palette order. */
  labels(): LabelRecord[] {
    if (this.labelCache === undefined) {
      this.labelCache = (this.statements.labels.all() as LabelSqlRow[]).map((row) => ({
        id: row.id,
        kind: row.kind,
        name: row.name,
        color: row.color,
        hotkey: row.hotkey,
        description: row.description,
        head: row.head_labels === null ? null : (JSON.parse(row.head_labels) as string[]),
        child: row.child_labels === null ? null : (JSON.parse(row.child_labels) as string[]),
      }))
    }
    return this.labelCache
  }

  /** The label of that kind and name, or undefined. */
  label(kind: LabelKind, name: string): LabelRecord | undefined {
    return this.labels().find((label) => label.kind === kind && label.name === name)
  }

  /** Adds a label to the set; its name must be new for its kind, its hotkey unused. */
  addLabel(label: LabelDefinition): LabelRecord {
    const problems = labelSetProblems([...this.labels(), label])
    if (problems.length > 0) throw new CorpusRuleError(problems.join('; '))
    this.labelCache = undefined
    this.statements.insertLabel.run({
      ...label,
      head: label.head === null ? null : JSON.stringify(label.head),
      child: label.child === null ? null : JSON.stringify(label.child),
    })
    return this.label(label.kind, label.name) as LabelRecord
  }

  /** Row id of the annotator called `name`, adding them if new. */
  annotatorId(name: string): number {
    let id = this.annotatorIds.get(name)
    if (id === undefined) {
      if (name.length === 0) throw new CorpusRuleError('an annotator needs a name')
      id = Number(this.statements.insertAnnotator.run({ name, createdAt: timestamp() }).lastInsertRowid)
      this.annotatorIds.set(name, id)
    }
    return id
  }

  /** Row id of the document with that external id, or undefined. */
  documentId(externalId: string): number | undefined {
    return this.statements.documentIdByExternalId.get(externalId) as number | undefined
  }

  /** The document with that row id, or undefined. */
  document(id: number): DocumentRow | undefined {
    return this.statements.document.get(id) as DocumentRow | undefined
  }

  /** Adds a document (its external id must be new) and returns its row id. */
  insertDocument(document: NewDocument): number {
    const createdAt = document.createdAt ?? timestamp()
    const result = this.statements.insertDocument.run({
      externalId: document.externalId,
      title: document.title,
      text: document.text,
      length: new OffsetIndex(document.text).length,
      meta: JSON.stringify(document.meta ?? {}),
      status: document.status ?? 'todo',
      hash: textHash(document.text),
      createdAt,
      updatedAt: document.updatedAt ?? createdAt,
    })
    return Number(result.lastInsertRowid)
  }

  /** Deletes a document with all its annotations. */
  deleteDocument(id: number): void {
    this.statements.deleteDocument.run(id)
  }

  private requireLabel(kind: LabelKind, name: string): LabelRecord {
    const label = this.label(kind, name)
    if (label === undefined) throw new CorpusRuleError(`unknown ${kind} label "${name}"`)
    return label
  }

  private documentLength(documentId: number): number {
    const length = this.statements.documentLength.get(documentId) as number | undefined
    if (length === undefined) throw new CorpusRuleError(`no document with row id ${documentId}`)
    return length
  }

  private requireRange(documentId: number, start: number, end: number, length = this.documentLength(documentId)): void {
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > length) {
      throw new CorpusRuleError(`span [${start}, ${end}) is outside the text (0..${length} code points)`)
    }
    if (end <= start) throw new CorpusRuleError(`span [${start}, ${end}) is empty or reversed`)
  }

  /** Adds a span to a document and returns its id (given ids are kept; new ones are never reused). */
  insertSpan(documentId: number, span: NewSpan): number {
    return this.insertSpans(documentId, [span])[0]
  }

  /** Adds spans to one document (reading its length and next id once) and returns their ids, in order. */
  insertSpans(documentId: number, spans: readonly NewSpan[]): number[] {
    if (spans.length === 0) return []
    const length = this.documentLength(documentId)
    // New ids come after every id in use or given here, so a given id never collides with a new one.
    let next = Math.max(this.statements.nextSpanId.get(documentId) as number, ...spans.map((span) => (span.id ?? 0) + 1))
    const ids = spans.map((span) => {
      this.requireRange(documentId, span.start, span.end, length)
      const label = this.requireLabel('span', span.label)
      const id = span.id ?? next
      next = Math.max(next, id + 1)
      const createdAt = span.createdAt ?? timestamp()
      this.statements.insertSpan.run({
        documentId,
        id,
        start: span.start,
        end: span.end,
        labelId: label.id,
        attrs: JSON.stringify(span.attrs ?? {}),
        annotatorId: this.annotatorId(span.annotator),
        createdAt,
        updatedAt: span.updatedAt ?? createdAt,
      })
      return id
    })
    this.statements.bumpSpanId.run({ documentId, id: next - 1 })
    return ids
  }

  /** Throws unless both ends are spans of the document with labels the relation label allows. */
  private requireRelationEnds(documentId: number, label: LabelRecord, head: number, child: number): void {
    for (const [end, spanId, allowed] of [
      ['head', head, label.head],
      ['child', child, label.child],
    ] as const) {
      const spanLabelId = this.statements.spanLabelId.get(documentId, spanId) as number | undefined
      if (spanLabelId === undefined) throw new CorpusRuleError(`relation ${end} ${spanId} is no span of this document`)
      const spanLabel = this.labels().find((l) => l.id === spanLabelId)?.name ?? '?'
      if (allowed !== null && !allowed.includes(spanLabel)) {
        throw new CorpusRuleError(
          `"${label.name}" needs a ${end} labelled ${allowed.join(' or ')}, but span ${spanId} is ${spanLabel}`,
        )
      }
    }
  }

  /** Adds a relation between two spans of a document, keeping the label's head and child rules. */
  insertRelation(documentId: number, relation: NewRelation): number {
    const label = this.requireLabel('relation', relation.label)
    this.requireRelationEnds(documentId, label, relation.head, relation.child)
    if (relation.head === relation.child) throw new CorpusRuleError('a relation needs two different spans')
    const id = relation.id ?? (this.statements.nextRelationId.get(documentId) as number)
    const createdAt = relation.createdAt ?? timestamp()
    this.statements.insertRelation.run({
      documentId,
      id,
      head: relation.head,
      child: relation.child,
      labelId: label.id,
      annotatorId: this.annotatorId(relation.annotator),
      createdAt,
      updatedAt: relation.updatedAt ?? createdAt,
    })
    this.statements.bumpRelationId.run({ documentId, id })
    return id
  }

  /** Puts a document-level label on a document (once per annotator). */
  insertDocumentLabel(documentId: number, labelName: string, annotator: string, createdAt = timestamp()): void {
    const label = this.requireLabel('document', labelName)
    this.statements.insertDocumentLabel.run({ documentId, labelId: label.id, annotatorId: this.annotatorId(annotator), createdAt })
  }

  /** One span of a document, or undefined. */
  span(documentId: number, spanId: number): SpanRow | undefined {
    return this.statements.span.get(documentId, spanId) as SpanRow | undefined
  }

  /** Moves a span's edges and sets its label; relations it takes part in must still allow that label. */
  updateSpan(documentId: number, spanId: number, change: { start: number; end: number; label: string }): void {
    if (this.span(documentId, spanId) === undefined) throw new CorpusRuleError(`span ${spanId} is no longer there`)
    this.requireRange(documentId, change.start, change.end)
    const label = this.requireLabel('span', change.label)
    this.statements.updateSpan.run({ documentId, spanId, start: change.start, end: change.end, labelId: label.id, updatedAt: timestamp() })
    for (const relation of this.relationsOfSpan(documentId, spanId)) {
      this.requireRelationEnds(documentId, this.requireLabel('relation', relation.label), relation.head, relation.child)
    }
  }

  /** The relations a span is the head or child of. */
  relationsOfSpan(documentId: number, spanId: number): RelationRow[] {
    return this.statements.relationsOfSpan.all({ documentId, spanId }) as RelationRow[]
  }

  /** Deletes a span; its relations go with it. */
  deleteSpan(documentId: number, spanId: number): void {
    if (this.statements.deleteSpan.run(documentId, spanId).changes === 0) {
      throw new CorpusRuleError(`span ${spanId} is no longer there`)
    }
  }

  /** One relation of a document, or undefined. */
  relation(documentId: number, relationId: number): RelationRow | undefined {
    return this.statements.relation.get(documentId, relationId) as RelationRow | undefined
  }

  /** Deletes a relation. */
  deleteRelation(documentId: number, relationId: number): void {
    if (this.statements.deleteRelation.run(documentId, relationId).changes === 0) {
      throw new CorpusRuleError(`relation ${relationId} is no longer there`)
    }
  }

  /** Takes an annotator's document label off a document. */
  deleteDocumentLabel(documentId: number, labelName: string, annotator: string): void {
    const label = this.requireLabel('document', labelName)
    this.statements.deleteDocumentLabel.run({ documentId, labelId: label.id, annotatorId: this.annotatorId(annotator) })
  }

  /** Sets where the analysts have got to with a document. */
  setStatus(documentId: number, status: DocumentStatus): void {
    if (this.statements.setStatus.run({ documentId, status, updatedAt: timestamp() }).changes === 0) {
      throw new CorpusRuleError(`no document with row id ${documentId}`)
    }
  }

  /** A document's spans, by position. */
  spansOf(documentId: number): SpanRow[] {
    return this.statements.spansOf.all(documentId) as SpanRow[]
  }

  /** A document's relations, by id. */
  relationsOf(documentId: number): RelationRow[] {
    return this.statements.relationsOf.all(documentId) as RelationRow[]
  }

  /** A document's document-level labels. */
  documentLabelsOf(documentId: number): DocumentLabelRow[] {
    return this.statements.documentLabelsOf.all(documentId) as DocumentLabelRow[]
  }

  /** Up to `limit` documents with row ids above `afterId` (and one of `statuses`), in id order: pages. */
  documentsAfter(afterId: number, limit: number, statuses?: readonly DocumentStatus[]): DocumentRow[] {
    const filter = statuses === undefined ? null : JSON.stringify(statuses)
    return this.statements.documentsAfter.all({ afterId, limit, statuses: filter }) as DocumentRow[]
  }
}
