/**
 * A corpus open for reading: every question the app, the CLI and the browser edition ask of a corpus, on
 * statements prepared once per connection. It has no method that writes; `Corpus` adds those. Export,
 * stats and check take a CorpusReader, so they cannot change what they read.
 */
import { rmSync } from 'node:fs'
import type Database from 'better-sqlite3'
import type { DocumentListItem, SearchAnswer, SearchResult } from '../../shared/api'
import { DOCUMENT_STATUSES, labelAttributes, safeColor, type DocumentStatus, type LabelDefinition, type LabelKind } from '../../shared/corpus-types'
import { boundHotkeys, describeClash, hotkeyClashes, hotkeyProblem } from '../../shared/hotkeys'
import type { SpanValues } from '../../shared/packed-document'
import { analystName } from '../../shared/curation'
import { compactFile, openCorpusDatabase, type OpenDatabaseOptions } from '../db/open'
import { asDamageOf } from '../db/damage'
import { curationStatements } from './curation'
import { documentLabelStatements, type DocumentLabelRow } from './document-labels'
import { documentStatements, textHash, type DocumentRow } from './documents'
import { labelStatements } from './labels'
import { relationStatements, type RelationRow } from './relations'
import { reportStatements, type AnnotationTable, type LabelCount, type SpanMadeTwice, type WrongLabelKind } from './reports'
import { occurrencesOfDocument, searchCorpus } from '../search/search'
import { searchStatements } from './search'
import { spanStatements, type SpanRow } from './spans'

/** Pages a snapshot copies per step (4 MiB of 4 KiB pages): other programs' writes wait for one step at most. */
const SNAPSHOT_STEP_PAGES = 1024
/** Restarts (another program wrote between steps) after which a snapshot gives up stepping and copies in one go. */
const SNAPSHOT_RESTARTS = 8
/** How long a snapshot may go on stepping before it copies the rest in one go. */
const SNAPSHOT_STEPPING_MS = 60_000

/** A label of this corpus, with its row id. */
export interface LabelRecord extends LabelDefinition {
  id: number
}

/** The annotations of a range of documents, each row with its document's row id (see `annotationsOfDocuments`). */
export interface DocumentAnnotations {
  spans: (SpanRow & { document_id: number })[]
  relations: (RelationRow & { document_id: number })[]
  labels: (DocumentLabelRow & { document_id: number })[]
  /** The disagreements settled as nothing. */
  settledAsNothing: { document_id: number; place: string; annotator: string; created_at: string }[]
}

/** Every statement of one connection, by the table it works on. */
function prepareStatements(db: Database.Database) {
  return {
    labels: labelStatements(db),
    curation: curationStatements(db),
    documents: documentStatements(db),
    spans: spanStatements(db),
    relations: relationStatements(db),
    documentLabels: documentLabelStatements(db),
    search: searchStatements(db),
    reports: reportStatements(db),
  }
}

/** The prepared statements of one connection. */
export type Statements = ReturnType<typeof prepareStatements>

/** Options for opening a corpus only to read it. */
export type ReadOptions = Pick<OpenDatabaseOptions, 'nativeBinding' | 'cacheMiB'>

/** An open corpus that can be read. Make one with `CorpusReader.open`, and `close` it when done. */
export class CorpusReader {
  protected readonly sql: Statements
  private labelCache: LabelRecord[] | undefined
  /** `PRAGMA data_version` when the caches were last known to be current. */
  private seenDataVersion: number
  /** How many times another connection was seen to have changed the file. */
  private changesSeen = 0

  protected constructor(
    /** The connection; only this class and `Corpus` touch it. */
    protected readonly db: Database.Database,
    /** Path the corpus was opened from. */
    readonly path: string,
    /** The schema version of the file itself (an older file opened read-only is upgraded in memory only). */
    readonly fileSchemaVersion: number,
  ) {
    this.sql = prepareStatements(db)
    this.seenDataVersion = this.sql.reports.dataVersion.get() ?? 0
  }

  /**
   * Opens the corpus at `path` without ever writing to it (an older schema is upgraded in a copy held in
   * memory). Throws CorpusFileError naming the file and the reason if it is not a corpus this build reads.
   */
  static open(path: string, options: ReadOptions = {}): CorpusReader {
    const { db, fileVersion } = openCorpusDatabase(path, { ...options, readonly: true })
    return new CorpusReader(db, path, fileVersion)
  }

  /**
   * Notices whether another connection (another process, the app's import worker) has changed the file
   * since this one last looked, and if so forgets what it cached. Cheap: one pragma. Returns how many
   * such changes have been seen since the corpus was opened, which the editor uses to know when to re-read.
   */
  refresh(): number {
    const now = this.sql.reports.dataVersion.get() ?? 0
    if (now !== this.seenDataVersion) {
      this.seenDataVersion = now
      this.changesSeen++
      this.forgetCaches()
    }
    return this.changesSeen
  }

  /** Closes the file. */
  close(): void {
    this.db.close()
  }

  /**
   * Writes a consistent snapshot of the corpus to the new file `path`, then compacts it. It is copied with
   * SQLite's backup API a few megabytes at a time, holding its read lock only during each step, so that other
   * programs' writes (the editor's tags) wait a few milliseconds at most instead of the whole copy; a write by
   * another program between steps makes SQLite start the copy again. Should that keep happening (a long
   * import writing all the while), it falls back to `VACUUM INTO`: one read transaction, which writers wait for.
   * Either way, what other programs write meanwhile is wholly in the copy or not at all. `betweenSteps` is
   * called between steps (it throws to stop the copy); `stepPages` is how many pages a step copies.
   */
  async snapshotTo(
    path: string,
    { betweenSteps = () => {}, nativeBinding, stepPages = SNAPSHOT_STEP_PAGES }: { betweenSteps?: () => void; nativeBinding?: string; stepPages?: number } = {},
  ): Promise<void> {
    const started = Date.now()
    let remaining = Infinity
    let restarts = 0
    const keptRestarting = new Error('the copy kept being restarted by other programs\' writes')
    try {
      await this.db.backup(path, {
        progress: ({ remainingPages }) => {
          betweenSteps()
          if (remainingPages >= remaining) restarts++ // no nearer the end: it started again
          remaining = remainingPages
          if (restarts > SNAPSHOT_RESTARTS || Date.now() - started > SNAPSHOT_STEPPING_MS) throw keptRestarting
          return stepPages
        },
      })
    } catch (error) {
      if (error !== keptRestarting) throw error
      rmSync(path, { force: true })
      rmSync(`${path}-journal`, { force: true })
      this.db.prepare('VACUUM INTO ?').run(path)
      return
    }
    try {
      compactFile(path, nativeBinding)
    } catch (error) {
      throw asDamageOf(this.path, error) // the copy holds this file's pages as they are, its damage with them
    }
  }

  /** Forgets what was read and cached (the label set), so that it is read again. */
  protected forgetCaches(): void {
    this.labelCache = undefined
  }

  /** The schema version of the corpus as open (an older file opened read-only is upgraded in memory). */
  schemaVersion(): number {
    return this.sql.reports.schemaVersion.get() ?? 0
  }

  /**
   * The label set, in palette order: a colour that is not `#rrggbb` read as grey, and a hotkey no label may
   * have, or one an earlier label already answers to, read as none (see `boundHotkeys`; `check` lists them).
   */
  labels(): LabelRecord[] {
    if (this.labelCache === undefined) {
      const rows = this.sql.labels.all.all()
      const hotkeys = boundHotkeys(rows)
      this.labelCache = rows.map((row, index) => ({
        id: row.id,
        kind: row.kind,
        name: row.name,
        color: safeColor(row.color),
        hotkey: hotkeys[index],
        description: row.description,
        head: row.head_labels === null ? null : (JSON.parse(row.head_labels) as string[]),
        child: row.child_labels === null ? null : (JSON.parse(row.child_labels) as string[]),
        ...(row.kind === 'span' ? declaredAttributes(row.attributes) : {}),
      }))
    }
    return this.labelCache
  }

  /** The label of that kind and name, or undefined. */
  label(kind: LabelKind, name: string): LabelRecord | undefined {
    return this.labels().find((label) => label.kind === kind && label.name === name)
  }

  /** The places of a document's disagreements that a curator settled as nothing (see `curationKey`). */
  settledAsNothing(documentId: number): string[] {
    return this.sql.curation.settledAsNothing.all(documentId)
  }

  /** Each settling as nothing of a document, with the curator who made it and when (for merge). */
  curationDecisions(documentId: number): { place: string; annotator: string; created_at: string }[] {
    return this.sql.curation.decisions.all(documentId)
  }

  /** Every document's row id by its external id (for checking a whole import at once). */
  documentIds(): Map<string, number> {
    return new Map(this.sql.documents.allIds.raw().all() as [string, number][])
  }

  /** The id of the first document whose meta has each Prodigy `_input_hash` (keyed as `typeof:value`, `number:42`). */
  documentsByInputHash(): Map<string, string> {
    const ids = new Map<string, string>()
    for (const [id, hash] of this.sql.documents.inputHashes.raw().all() as [string, number | string][]) {
      const key = `${typeof hash}:${hash}`
      if (!ids.has(key)) ids.set(key, id)
    }
    return ids
  }

  /** Row id of the document with that external id, or undefined. */
  documentId(externalId: string): number | undefined {
    return this.sql.documents.idByExternalId.get(externalId)
  }

  /** True if document `id` has exactly `text` (compared by its stored SHA-256). */
  hasText(id: number, text: string): boolean {
    return this.sql.documents.hashById.get(id) === textHash(text)
  }

  /** The document with that row id, or undefined. */
  document(id: number): DocumentRow | undefined {
    return this.sql.documents.byId.get(id)
  }

  /**
   * `annotator`'s work at `[start, end)` (code points) of a document: the ids and times of change of its spans that
   * overlap it, and the ids of its relations with an end that does; each in id order.
   */
  workOver(documentId: number, start: number, end: number, annotator: string): { spans: { id: number; updated_at: string }[]; relations: number[] } {
    const at = { documentId, start, end, annotator }
    return { spans: this.sql.spans.stampsOverOf.all(at), relations: this.sql.relations.idsTouchingOf.all(at) }
  }

  /**
   * The text of code points [start, end) of a document (undefined if there is no such document), read without
   * bringing its whole text into JavaScript: what a span covers, on an article of any length.
   */
  textSlice(id: number, start: number, end: number): string | undefined {
    return this.sql.documents.slice.get({ id, start, end })
  }

  /** Up to `limit` documents with row ids above `afterId` (and one of `statuses`), in id order: pages. */
  documentsAfter(afterId: number, limit: number, statuses?: readonly DocumentStatus[]): DocumentRow[] {
    return this.sql.documents.after.all({ afterId, limit, statuses: statuses === undefined ? null : JSON.stringify(statuses) })
  }

  /** A page of the document list, in corpus order, with span counts; with `annotator`, that analyst's documents and spans. */
  listDocuments(status: DocumentStatus | null, afterId: number, limit: number, annotator: string | null = null): DocumentListItem[] {
    if (annotator === null) return this.sql.documents.list.all({ status, afterId, limit })
    const annotatorId = this.annotatorIdOf(annotator)
    return annotatorId === undefined ? [] : this.sql.documents.listByAnnotator.all({ status, afterId, limit, annotatorId })
  }

  /** When the corpus was made (its copies keep it): with its name, what tells two corpora of one name apart. */
  madeAt(): string {
    return this.sql.documents.info.get('created_at') ?? ''
  }

  /** Everyone with an annotation in this corpus (a span, relation or document label), by name. */
  annotators(): string[] {
    return this.sql.labels.annotatorsWithWork.all().sort((a, b) => a.localeCompare(b))
  }

  /** Everyone with an annotation in this corpus, with the latest time any of their annotations changed here. */
  latestWorkByAnnotator(): Map<string, string> {
    return new Map(this.sql.labels.latestWorkByAnnotator.all().map((row) => [row.name, row.latest]))
  }

  /** Row id of an annotator, or undefined if they have done nothing in this corpus. */
  protected annotatorIdOf(name: string): number | undefined {
    const spelled = analystName(name)
    // A corpus only read, written before names were stored composed, may hold the name spelled otherwise.
    return this.sql.labels.annotatorByName.get(spelled) ?? this.sql.labels.annotators.all().find((row) => analystName(row.name) === spelled)?.id
  }

  /**
   * Row id of the next or previous document (with `status`, if given; with `annotator`, one that analyst
   * annotated, as the document list shows), or null at either end.
   */
  neighbourDocument(documentId: number, direction: 'next' | 'previous', status: DocumentStatus | null, annotator: string | null = null): number | null {
    if (annotator === null) return this.sql.documents[direction].get({ documentId, status }) ?? null
    const annotatorId = this.annotatorIdOf(annotator)
    if (annotatorId === undefined) return null
    return this.sql.documents[direction === 'next' ? 'nextByAnnotator' : 'previousByAnnotator'].get({ documentId, status, annotatorId }) ?? null
  }

  /** Documents by status (every status present, zero or more) and in all; with `annotator`, of those they annotated. */
  documentCounts(annotator: string | null = null): { documents: number; documentsByStatus: Record<DocumentStatus, number> } {
    const documentsByStatus = Object.fromEntries(DOCUMENT_STATUSES.map((status) => [status, 0])) as Record<DocumentStatus, number>
    let documents = 0
    const annotatorId = annotator === null ? null : (this.annotatorIdOf(annotator) ?? -1)
    const rows = annotatorId === null ? this.sql.documents.countsByStatus.all() : this.sql.documents.countsByStatusOf.all({ annotatorId })
    for (const row of rows) {
      documentsByStatus[row.status] = row.count
      documents += row.count
    }
    return { documents, documentsByStatus }
  }

  /** A document's spans, by position. */
  spansOf(documentId: number): SpanRow[] {
    return this.sql.spans.ofDocument.all(documentId)
  }

  /** A document's spans as rows of values (`SpanValues`), by position: what the editor's packed answer is made of. */
  spanValuesOf(documentId: number): SpanValues[] {
    return this.sql.spans.valuesOfDocument.all(documentId)
  }

  /**
   * The spans, relations and document labels of the documents with row ids `first` to `last`, each list by
   * document (then as `spansOf`, `relationsOf` and `documentLabelsOf` order them): an export page's
   * annotations in three queries instead of three per document.
   */
  annotationsOfDocuments(first: number, last: number): DocumentAnnotations {
    return {
      spans: this.sql.spans.ofDocuments.all(first, last),
      relations: this.sql.relations.ofDocuments.all(first, last),
      labels: this.sql.documentLabels.ofDocuments.all(first, last),
      settledAsNothing: this.sql.curation.decisionsOfDocuments.all(first, last),
    }
  }

  /** One span of a document, or undefined. */
  span(documentId: number, spanId: number): SpanRow | undefined {
    return this.sql.spans.one.get(documentId, spanId)
  }

  /** A document's relations, by id. */
  relationsOf(documentId: number): RelationRow[] {
    return this.sql.relations.ofDocument.all(documentId)
  }

  /** One relation of a document, or undefined. */
  relation(documentId: number, relationId: number): RelationRow | undefined {
    return this.sql.relations.one.get(documentId, relationId)
  }

  /** The relations a span is the head or child of. */
  relationsOfSpan(documentId: number, spanId: number): RelationRow[] {
    return this.sql.relations.ofSpan.all({ documentId, spanId })
  }

  /** A document's document-level labels. */
  documentLabelsOf(documentId: number): DocumentLabelRow[] {
    return this.sql.documentLabels.ofDocument.all(documentId)
  }

  /** Documents where what a person typed occurs, best first or in corpus order, each with its occurrences (see `searchCorpus`). */
  search(input: string, limit: number): SearchAnswer {
    return searchCorpus(this.sql.search, input, limit)
  }

  /** Every occurrence of search query `input` in document `documentId` (see `occurrencesOfDocument`). */
  searchOccurrences(input: string, documentId: number): SearchResult | null {
    return occurrencesOfDocument(this.sql.search, input, documentId)
  }

  /** How many annotations of `table` each label has from each annotator. */
  countsBy(table: AnnotationTable): LabelCount[] {
    return this.sql.reports.countsBy[table].all()
  }

  /** What SQLite's integrity and foreign key checks find wrong, one line each; empty when sound. */
  sqliteProblems(): string[] {
    const problems = this.sql.reports.integrityCheck
      .all()
      .filter((line) => line !== 'ok')
      .map((line) => `SQLite integrity check: ${line}`)
    for (const row of this.sql.reports.foreignKeyCheck.all()) {
      problems.push(`a row of ${row.table} points at a missing row of ${row.parent}`)
    }
    return problems
  }

  /** Labels whose stored colour is not `#rrggbb`. */
  badLabelColors(): { kind: LabelKind; name: string; color: string }[] {
    return this.sql.reports.badLabelColors.all()
  }

  /** Labels whose declared attributes are not what the schema allows, or declared by a label that is not a span label (they are ignored). */
  badLabelAttributes(): { kind: LabelKind; name: string; reason: string }[] {
    const bad: { kind: LabelKind; name: string; reason: string }[] = []
    for (const row of this.sql.labels.all.all()) {
      if (row.attributes === null) continue
      if (row.kind !== 'span') bad.push({ kind: row.kind, name: row.name, reason: 'declares attributes, which only span labels may' })
      else if (declaredAttributes(row.attributes).attributes === undefined && row.attributes.trim() !== '[]') {
        bad.push({ kind: row.kind, name: row.name, reason: `declares attributes that are not a list of {name, values}: ${row.attributes.slice(0, 80)}` })
      }
    }
    return bad
  }

  /**
   * Labels whose stored hotkey is read as none, each with why: a key no label may have, or one an earlier label
   * already answers to (see `labels`).
   */
  badHotkeys(): { kind: LabelKind; name: string; hotkey: string; problem: string }[] {
    const rows = this.sql.labels.all.all()
    const bad = rows.flatMap((row) => {
      const problem = row.hotkey === null ? null : hotkeyProblem(row.hotkey, row.kind)
      return problem === null || row.hotkey === null ? [] : [{ kind: row.kind, name: row.name, hotkey: row.hotkey, problem: `which ${problem}` }]
    })
    const clashing = hotkeyClashes(rows).map((clash) => ({ kind: clash.label.kind, name: clash.label.name, hotkey: clash.label.hotkey!, problem: `but ${describeClash(clash)}` }))
    return [...bad, ...clashing]
  }

  /** Times that are not ISO 8601 with a time zone, counted by what they belong to. */
  badTimestamps(): { what: string; count: number; example: string }[] {
    return this.sql.reports.badTimestamps.all()
  }

  /** Uses of labels of the wrong kind. */
  wrongLabelKinds(): WrongLabelKind[] {
    return this.sql.reports.wrongLabelKinds.all()
  }

  /** Span attributes and document meta that are not JSON objects, counted with an example of each. */
  notObjects(): { what: 'span' | 'document'; count: number; example: string | null }[] {
    return this.sql.reports.notObjects.all().filter((row) => row.count > 0)
  }

  /** Spans an analyst has twice in a document (same text, same label), which writes refuse but older files may hold. */
  spansMadeTwice(): SpanMadeTwice[] {
    return this.sql.reports.spansMadeTwice.all()
  }

  /** Spans of a document that end past `length` code points. */
  spansEndingPast(documentId: number, length: number): { id: number; start_offset: number; end_offset: number }[] {
    return this.sql.spans.endingPast.all(documentId, length)
  }
}

/**
 * The attributes a label row declares, as `{attributes}` to spread into its record, or nothing if it declares
 * none or they are not what the schema allows (a corpus file is untrusted: `check` reports them).
 */
function declaredAttributes(json: string | null): Pick<LabelRecord, 'attributes'> {
  if (json === null) return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch {
    return {}
  }
  const result = labelAttributes.safeParse(parsed)
  return result.success && result.data.length > 0 ? { attributes: result.data } : {}
}
