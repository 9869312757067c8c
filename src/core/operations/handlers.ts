/**
 * The implementation of every operation in the API contract, on one open corpus. Plain Node code: Electron's
 * main process and the browser edition's server both call these through `dispatch`. Each call that writes is
 * one transaction; on a corpus open only for reading, the operations that write are refused with the reason.
 */
import { basename } from 'node:path'
import { API, perOperation, type ArgsOf, type CuratedThere, type OperationName, type RemovedSpan, type RestoredSpan, type ResultOf } from '../../shared/api'
import { MOST_ANSWERED_TOGETHER, REFERENCE_KEYS, type WriteTogetherResult } from '../../shared/annotation-writes'
import type { ExportedSpan, LabelAttribute } from '../../shared/corpus-types'
import { analystName, analystNameProblem, CURATED } from '../../shared/curation'
import { codePointLength } from '../../shared/offsets'
import { ChangedSinceError, CorpusFileError, CorpusRuleError, WriteTogetherFailure } from '../errors'
import { computeAgreement } from '../agreement/compute'
import { settledSetNotes } from '../export/export'
import { exportSpan, packedDocument, spanCovering } from '../export/jsonl'
import { refuseChangedSince, refuseCuratedChangedSince, refuseRelationsMadeSince } from './changed-since'
import { Corpus } from '../store/corpus'
import type { CorpusReader } from '../store/reader'

/** One function per operation, taking the validated argument. */
export type Handlers = { [Name in OperationName]: (args: ArgsOf<Name>) => ResultOf<Name> }

/** What the handlers need besides the corpus. */
export interface HandlerOptions {
  /** Why the corpus is open read-only (shown to the analyst), when it is. */
  readOnly?: string | null
  /** Told when the analyst changes their name (the app remembers it). */
  analystChanged?: (name: string) => void
}

/** The handlers for `corpus`, attributing every edit to `annotator` (until `setAnalyst` changes it). */
export function createHandlers(corpus: CorpusReader, given: string, options: HandlerOptions = {}): Handlers {
  let annotator = analystName(given)
  const readOnly = corpus instanceof Corpus ? null : (options.readOnly ?? 'it is open read-only')
  const writable = (): Corpus => {
    if (corpus instanceof Corpus) return corpus
    throw new CorpusFileError(corpus.path, `${readOnly}, so nothing can be changed in it; save a copy to annotate`, 'readonly')
  }
  /** Runs `fn` on the writable corpus as one transaction. */
  const write = <T>(fn: (corpus: Corpus) => T): T => {
    const target = writable()
    return target.transaction(() => fn(target))
  }
  /** Who an edit is recorded under: the analyst, or the curated layer. */
  const by = (curated: boolean | undefined): string => (curated ? CURATED : annotator)
  const document = (documentId: number) => {
    const row = corpus.document(documentId)
    if (row === undefined) throw new CorpusRuleError('that document is no longer in the corpus (removed or replaced by another program)')
    return row
  }
  const span = (documentId: number, spanId: number) => {
    const row = corpus.span(documentId, spanId)
    if (row === undefined) throw new ChangedSinceError('that span is no longer there (removed meanwhile, perhaps in another window)')
    // The covered text read by SQLite: the whole text of a long article, and an offset index over it, would
    // cost several milliseconds on every write.
    const covered = corpus.textSlice(documentId, row.start_offset, row.end_offset)
    if (covered === undefined) throw new CorpusRuleError('that document is no longer in the corpus (removed or replaced by another program)')
    if (codePointLength(covered) === row.end_offset - row.start_offset) return spanCovering(row, covered)
    return exportSpan(row, document(documentId).text) // SQLite's substr stops at a NUL character: a text that has one
  }
  /** Refuses a curator's settling (one write of it) if the curated layer at its place is not as the settling read it. */
  const refuseCuratedChanged = (documentId: number, read: CuratedThere | undefined): void => {
    if (read === undefined) return
    const spans = new Map<number, string>()
    const relations = new Set<number>()
    for (const place of read.places) {
      const work = corpus.workOver(documentId, place.start, place.end, CURATED)
      for (const stamp of work.spans) spans.set(stamp.id, stamp.updated_at)
      for (const id of work.relations) relations.add(id)
    }
    const now = { spans: [...spans].map(([id, updated_at]) => ({ id, updated_at })), relations: [...relations], asNothing: corpus.settledAsNothing(documentId).includes(read.key) }
    const [first] = read.places
    refuseCuratedChangedSince(read, now, (id) => span(documentId, id), corpus.textSlice(documentId, first.start, first.end) ?? '')
  }
  /** Whether another analyst made an annotation (the curated layer's is every curator's to change). */
  const theirs = (made: { annotator: string }): boolean => made.annotator !== annotator && made.annotator !== CURATED
  /**
   * Refuses `change` to an annotation another analyst made: theirs stays as they made it, or their agreement
   * would figure this analyst's decision.
   */
  const refuseTheirs = (made: { annotator: string }, what: string, change: string): void => {
    if (theirs(made)) throw new CorpusRuleError(`${what} is ${made.annotator}'s: ${change} is theirs to do`)
  }
  const relation = (documentId: number, relationId: number) => {
    const row = corpus.relation(documentId, relationId)
    if (row === undefined) throw new ChangedSinceError('that relation is no longer there (removed meanwhile, perhaps in another window)')
    return row
  }

  const handlers: Handlers = {
    corpus: () => ({
      name: basename(corpus.path),
      madeAt: corpus.madeAt(),
      annotator,
      annotators: corpus.annotators(),
      readOnly,
      labels: corpus.labels().map(({ id: _id, ...label }) => label),
      ...corpus.documentCounts(),
    }),
    listDocuments: ({ status, annotator: of, afterId, limit }) => corpus.listDocuments(status, afterId, limit, of),
    progress: ({ annotator: of }) => corpus.documentCounts(of),
    setAnalyst: ({ name }) => {
      annotator = analystName(name)
      options.analystChanged?.(annotator)
      return annotator
    },
    openDocument: ({ documentId }) => ({ ...packedDocument(corpus, document(documentId)), rowId: documentId, settledAsNothing: corpus.settledAsNothing(documentId) }),
    settleAsNothing: ({ documentId, place, curatedThere }) =>
      write((corpus) => {
        refuseCuratedChanged(documentId, curatedThere)
        corpus.settleAsNothing(documentId, place, annotator) // who settled it; the curated layer itself stays empty there
        return corpus.settledAsNothing(documentId)
      }),
    unsettle: ({ documentId, place, curatedThere }) =>
      write((corpus) => {
        refuseCuratedChanged(documentId, curatedThere)
        corpus.unsettle(documentId, place)
        return corpus.settledAsNothing(documentId)
      }),
    findDocument: ({ id }) => corpus.documentId(id) ?? null,
    neighbourDocument: ({ documentId, direction, status, annotator: of }) => corpus.neighbourDocument(documentId, direction, status, of ?? null),
    addSpan: ({ documentId, start, end, label, curated, curatedThere }) =>
      write((corpus) => {
        refuseCuratedChanged(documentId, curatedThere)
        return span(documentId, corpus.insertSpan(documentId, { start, end, label, annotator: by(curated) }))
      }),
    updateSpan: ({ documentId, spanId, start, end, label, unchangedSince, curatedThere }) =>
      write((corpus) => {
        refuseCuratedChanged(documentId, curatedThere)
        const before = span(documentId, spanId)
        refuseTheirs(before, spanName(before), 'changing it')
        if (unchangedSince !== undefined) refuseChangedSince(before, unchangedSince)
        corpus.updateSpan(documentId, spanId, { start, end, label })
        return span(documentId, spanId)
      }),
    removeSpan: ({ documentId, spanId, unchangedSince, relations: expected, curatedThere }) =>
      write((corpus) => {
        refuseCuratedChanged(documentId, curatedThere)
        const removed = { span: span(documentId, spanId), relations: corpus.relationsOfSpan(documentId, spanId) }
        refuseTheirs(removed.span, spanName(removed.span), 'removing it')
        if (unchangedSince !== undefined) refuseChangedSince(removed.span, unchangedSince)
        if (expected !== undefined) refuseRelationsMadeSince(removed, expected)
        // Another analyst's relation would go with it: the span stays while one needs it.
        const needing = removed.relations.find(theirs)
        if (needing !== undefined) throw new CorpusRuleError(`${spanName(removed.span)} is an end of ${needing.annotator}'s ${needing.label} relation: it stays while their relation needs it`)
        corpus.deleteSpan(documentId, spanId)
        return removed
      }),
    setSpanAttrs: ({ documentId, spanId, attrs, unchangedSince, curatedThere }) =>
      write((corpus) => {
        refuseCuratedChanged(documentId, curatedThere)
        const before = span(documentId, spanId)
        refuseTheirs(before, spanName(before), 'changing its note and attributes')
        if (unchangedSince !== undefined) refuseChangedSince(before, unchangedSince)
        const refusal = declaredValueRefusal(corpus.label('span', before.label)?.attributes ?? [], before.label, before.attrs, attrs)
        if (refusal !== null) throw new CorpusRuleError(refusal)
        corpus.setSpanAttrs(documentId, spanId, attrs)
        return span(documentId, spanId)
      }),
    restoreSpan: ({ documentId, span: gone, relations }) =>
      write((corpus) => {
        for (const annotation of [gone, ...relations]) refuseAnalystName(annotation.annotator)
        corpus.insertSpan(documentId, { ...gone, createdAt: gone.created_at, updatedAt: gone.updated_at })
        // A relation the corpus no longer allows (its other end removed or relabelled since, by another analyst or
        // window, or its twin made since) cannot come back; the span does, with the others. Each is tried apart.
        const back = relations.filter((r) => restoredUnlessRefused(corpus, () => corpus.insertRelation(documentId, { ...r, createdAt: r.created_at, updatedAt: r.updated_at })))
        return { span: span(documentId, gone.id), relations: back.map((r) => relation(documentId, r.id)) }
      }),
    addRelation: ({ documentId, head, child, label, curated, curatedThere }) =>
      write((corpus) => {
        refuseCuratedChanged(documentId, curatedThere)
        // The curated layer's relations join its own spans: an analyst's span would be held by it (see removeSpan).
        if (curated) for (const end of [span(documentId, head), span(documentId, child)]) if (end.annotator !== CURATED) throw new CorpusRuleError(`${spanName(end)} is ${end.annotator}'s, not the curated layer's: a curated relation joins curated spans`)
        return relation(documentId, corpus.insertRelation(documentId, { head, child, label, annotator: by(curated) }))
      }),
    removeRelation: ({ documentId, relationId, curatedThere }) =>
      write((corpus) => {
        refuseCuratedChanged(documentId, curatedThere)
        const removed = relation(documentId, relationId)
        refuseTheirs(removed, `that ${removed.label} relation`, 'removing it')
        corpus.deleteRelation(documentId, relationId)
        return removed
      }),
    restoreRelation: ({ documentId, relation: gone }) =>
      write((corpus) => {
        refuseAnalystName(gone.annotator)
        return relation(documentId, corpus.insertRelation(documentId, { ...gone, createdAt: gone.created_at, updatedAt: gone.updated_at }))
      }),
    writeTogether: ({ documentId, writes }) =>
      write(() => {
        const answers: unknown[] = []
        let answered = 0
        for (const [at, { op, args }] of writes.entries()) {
          const run = handlers[op] as (args: unknown) => unknown
          let answer: unknown
          try {
            answer = run({ ...args, ...referencesResolved(args, answers), documentId })
          } catch (error) {
            throw new WriteTogetherFailure(at, error)
          }
          answered += JSON.stringify(answer).length
          if (answered > MOST_ANSWERED_TOGETHER) {
            throw new CorpusRuleError(`these ${writes.length} writes together would answer more than ${MOST_ANSWERED_TOGETHER >> 20} MB; nothing was written: make them in smaller calls`)
          }
          answers.push(answer)
        }
        return answers as WriteTogetherResult
      }),
    setDocumentLabel: ({ documentId, label, on, curated }) =>
      write((corpus) => {
        document(documentId)
        if (on) corpus.insertDocumentLabel(documentId, label, by(curated))
        else corpus.deleteDocumentLabel(documentId, label, by(curated))
        return corpus.documentLabelsOf(documentId)
      }),
    setStatus: ({ documentId, status, unchangedFrom }) =>
      write((corpus) => {
        const now = document(documentId).status
        if (unchangedFrom !== undefined && now !== unchangedFrom) {
          throw new ChangedSinceError(`the document's status was changed since (it is now ${now}), by another analyst or in another window; that change is kept`)
        }
        corpus.setStatus(documentId, status)
        return status
      }),
    search: ({ query, limit }) => corpus.search(query, limit),
    searchOccurrences: ({ query, documentId }) => corpus.searchOccurrences(query, documentId),
    changesElsewhere: () => ({ version: corpus.refresh(), annotator, movedAway: corpus instanceof Corpus && !corpus.inPlace() }),
    agreement: ({ labels, annotators }) => computeAgreement(corpus, { labels: labels ?? undefined, annotators: annotators?.map(analystName) }),
    settledSetNotes: () => settledSetNotes(corpus),
  }
  // Before a read, notice what other programs changed, so nothing stale (a label, an annotator) is used. A write
  // notices it inside its transaction, once it holds the lock: looking before would wait for another program's
  // exclusive lock only as long as a read may (5 s), where a write waits its turn for up to 30 s.
  return perOperation<Handlers>((name) => (args: never) => {
    if (API[name].effect === 'read') corpus.refresh()
    return (handlers[name] as (args: never) => unknown)(args)
  })
}

/**
 * The members of a `writeTogether` write's argument that name an earlier write's answer (`madeBy`, `removedBy`),
 * as the handler of that write takes them: the span's row id, the relations taken away. The contract's schema has
 * made sure each names an earlier write that answers so: `dispatch` validates every call before a handler runs, and
 * nothing else calls `writeTogether`'s.
 */
function referencesResolved(args: object, answers: readonly unknown[]): Record<string, unknown> {
  const resolved: Record<string, unknown> = {}
  for (const key of REFERENCE_KEYS) {
    const value = (args as Record<string, unknown>)[key]
    if (typeof value !== 'object' || value === null || Array.isArray(value)) continue
    if ('madeBy' in value) {
      const made = answers[value.madeBy as number] as ExportedSpan | RestoredSpan
      resolved[key] = 'span' in made ? made.span.id : made.id
    } else if ('removedBy' in value) resolved[key] = (answers[value.removedBy as number] as RemovedSpan).relations
  }
  return resolved
}

/** Runs `restore` in a savepoint of `corpus`'s transaction: true if it was written, false if the corpus's rules refused it (nothing of it written). */
function restoredUnlessRefused(corpus: Corpus, restore: () => void): boolean {
  try {
    corpus.transaction(restore)
    return true
  } catch (error) {
    if (error instanceof CorpusRuleError) return false
    throw error
  }
}

/**
 * Why `attrs` may not replace `stored` on a span labelled `label`, or null: a value it changes of an attribute
 * the label declares must be one of that attribute's values (a value kept as it was, even one an import
 * brought, is left alone, so that undo can put it back).
 */
function declaredValueRefusal(declared: readonly LabelAttribute[], label: string, stored: Record<string, unknown>, attrs: Record<string, unknown>): string | null {
  for (const attribute of declared) {
    const value = attrs[attribute.name]
    if (value === undefined || value === stored[attribute.name]) continue
    if (typeof value !== 'string' || !attribute.values.includes(value)) {
      return `${JSON.stringify(value)} is not a value of the ${label} attribute "${attribute.name}" (${attribute.values.join(', ')})`
    }
  }
  return null
}

/** A span as a message names it: its label and (the start of) its text. */
function spanName(span: { label: string; text: string }): string {
  const text = [...span.text]
  return `${span.label} "${text.length > 40 ? `${text.slice(0, 40).join('')}…` : span.text}"`
}

/** Refuses an annotation restored under a name no analyst may have (the editor's rule), but the curated layer's. */
function refuseAnalystName(annotator: string): void {
  const problem = annotator === CURATED ? null : analystNameProblem(annotator)
  if (problem !== null) throw new CorpusRuleError(`annotator ${problem}`)
}
