/**
 * The corpus writes of each undoable step (`Write`, see `session.ts`): what is asked of the corpus, and what
 * is drawn once it has answered. They are made here, apart from the session, from plain values (the API, the
 * document's row id, what the step changes), because the undo history is the app's and outlives the editor that
 * recorded a step: a write made inside a session method that uses `this` anywhere would keep that session, and
 * with it its document, state and view, in memory as long as the step (`tests/renderer/closed-sessions.test.ts`).
 * What a write needs of the editor it runs in, it takes from the session it is given.
 */
import type { CuratedThere, MarginaliaApi, RemovedSpan } from '../../shared/api'
import type { DocumentStatus, ExportedRelation, ExportedSpan } from '../../shared/corpus-types'
import { CURATED, spanSignature, versionSignature, type DeclaredAttributes } from '../../shared/curation'
import { relationsAt, type AnnotationAction } from './annotations'
import { curatedOver, type CurationVersion } from './curation'
import type { SpansWritten } from './history'
import { WritesTogether, type PlannedWrite } from './writes-together'
import type { DocumentSession, Write } from './session'

/** A step's writes: done first, undone, and redone (by default the first again). */
export interface StepWrites {
  first: Write
  undo: Write
  redo?: Write
}

/**
 * The curated layer at a place as a curator's settling read it (`curatedThere` of the API), for the first of the
 * settling's writes only: that one is refused if another curator or window settled the place meanwhile, and the
 * later ones follow from it.
 */
export class SettlingGuard {
  constructor(private read: CuratedThere | undefined) {}

  /** What the first write is given; undefined after. */
  take(): CuratedThere | undefined {
    const read = this.read
    this.read = undefined
    return read
  }
}

/** `span` as this editor wrote it last (see `SpansWritten`); returned for chaining. */
function noted(written: SpansWritten, span: ExportedSpan): ExportedSpan {
  written.set(span.id, span.updated_at)
  return span
}

/**
 * Tagging `range` with `label` (in the curated layer if `curated`): the new span is drawn and selected. Undone
 * only while the span is as this editor left it: not once another analyst or window relabelled, moved or linked it.
 */
export function addSpanWrites(api: MarginaliaApi, documentId: number, range: { start: number; end: number }, label: string, curated: boolean, written: SpansWritten): StepWrites {
  let span: ExportedSpan
  return {
    first: async () => {
      span = noted(written, await api.addSpan({ documentId, ...range, label, curated: curated || undefined }))
      return [{ type: 'putSpan', span, select: true }]
    },
    undo: async () => {
      span = (await api.removeSpan({ documentId, spanId: span.id, unchangedSince: written.get(span.id), relations: [] })).span
      written.delete(span.id)
      return [{ type: 'removeSpan', id: span.id }]
    },
    redo: async () => {
      span = noted(written, (await api.restoreSpan({ documentId, span, relations: [] })).span)
      return [{ type: 'putSpan', span, select: true }] // selected again, as the tag left it
    },
  }
}

/** Removing the span `read` (as the editor read it, with the relations it drew at it); undone, they come back as they were (the span selected). */
export function removeSpanWrites(api: MarginaliaApi, documentId: number, read: { span: ExportedSpan; relations: readonly number[] }, written: SpansWritten): StepWrites {
  const spanId = read.span.id
  let removed: RemovedSpan
  return {
    // Only while the span is as this editor read it, with the relations it draws at it: another window's change since
    // (a note, an edge, a relation) is not removed unseen.
    first: async () => {
      removed = await api.removeSpan({ documentId, spanId, unchangedSince: read.span.updated_at, relations: [...read.relations] })
      written.delete(spanId)
      return [{ type: 'removeSpan', id: spanId }]
    },
    undo: async (session) => {
      const restored = await api.restoreSpan({ documentId, ...removed })
      const span = noted(written, restored.span)
      const lost = removed.relations.length - restored.relations.length
      if (lost > 0) session.sayOnceSaved(`Undone: the span is back, without ${lost === 1 ? 'its relation' : `${lost} of its relations`} to a span removed meanwhile (in another window or by another analyst).`)
      removed = { ...removed, relations: restored.relations } // a redo removes what came back
      return [{ type: 'putSpan', span, select: true }, ...restored.relations.map((relation): AnnotationAction => ({ type: 'putRelation', relation }))]
    },
    redo: async () => {
      removed = await api.removeSpan({ documentId, spanId, unchangedSince: written.get(spanId), relations: removed.relations.map((r) => r.id) })
      written.delete(spanId)
      return [{ type: 'removeSpan', id: spanId }]
    },
  }
}

/**
 * A change of span `spanId` from `before` to `after` made by `write` (its edges and label, or its attributes).
 * Made only while the span is as this editor last read it (`readAt`, its `updated_at` then), and undone and
 * redone only while it is as this step left it (`unchangedSince`): a change another analyst or window made since
 * (another tab of the browser edition writes unseen, through the same connection) is refused rather than overwritten.
 */
function spanChangeWrites<T>(
  spanId: number,
  before: T,
  after: T,
  readAt: string,
  written: SpansWritten,
  write: (values: T, unchangedSince: string | undefined) => Promise<ExportedSpan>,
): StepWrites {
  const to = (values: T, since: () => string | undefined) => async (): Promise<AnnotationAction[]> => [{ type: 'putSpan', span: noted(written, await write(values, since())) }]
  const asLeft = () => written.get(spanId)
  return { first: to(after, () => readAt), undo: to(before, asLeft), redo: to(after, asLeft) }
}

/** Setting span `spanId` (as read at `readAt`)'s edges and label from `before` to `after`. */
export function updateSpanWrites(api: MarginaliaApi, documentId: number, spanId: number, before: SpanPlace, after: SpanPlace, readAt: string, written: SpansWritten): StepWrites {
  return spanChangeWrites(spanId, before, after, readAt, written, (to, unchangedSince) => api.updateSpan({ documentId, spanId, ...to, unchangedSince }))
}

/** Setting span `spanId` (as read at `readAt`)'s attributes from `before` to `after`. */
export function spanAttrsWrites(
  api: MarginaliaApi,
  documentId: number,
  spanId: number,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  readAt: string,
  written: SpansWritten,
): StepWrites {
  return spanChangeWrites(spanId, before, after, readAt, written, (attrs, unchangedSince) => api.setSpanAttrs({ documentId, spanId, attrs, unchangedSince }))
}

/** A span's edges and label. */
type SpanPlace = { start: number; end: number; label: string }

/** Adding a relation `label` from `head` to `child` (curated if `curated`); span `select` is selected after. */
export function addRelationWrites(
  api: MarginaliaApi,
  documentId: number,
  relation: { head: number; child: number; label: string },
  curated: boolean,
  select: number,
): StepWrites {
  let made: ExportedRelation
  return {
    first: async () => {
      made = await api.addRelation({ documentId, ...relation, curated: curated || undefined })
      return [
        { type: 'putRelation', relation: made },
        { type: 'select', id: select },
      ]
    },
    undo: async () => {
      made = await api.removeRelation({ documentId, relationId: made.id })
      return [{ type: 'removeRelation', id: made.id }]
    },
    redo: async () => {
      made = await api.restoreRelation({ documentId, relation: made })
      return [{ type: 'putRelation', relation: made }]
    },
  }
}

/** Removing relation `relationId`; undone, it comes back as it was. */
export function removeRelationWrites(api: MarginaliaApi, documentId: number, relationId: number): StepWrites {
  let relation: ExportedRelation
  return {
    first: async () => {
      relation = await api.removeRelation({ documentId, relationId })
      return [{ type: 'removeRelation', id: relationId }]
    },
    undo: async () => {
      relation = await api.restoreRelation({ documentId, relation })
      return [{ type: 'putRelation', relation }]
    },
  }
}

/** Putting document label `label` on (or taking it off), this analyst's or, if `curated`, the curated layer's. */
export function documentLabelWrite(api: MarginaliaApi, documentId: number, label: string, on: boolean, curated: boolean): Write {
  return async () => [{ type: 'documentLabels', labels: await api.setDocumentLabel({ documentId, label, on, curated: curated || undefined }) }]
}

/** Setting the document's status; with `unchangedFrom` (undo, redo), only while it is still that. */
export function statusWrite(api: MarginaliaApi, documentId: number, status: DocumentStatus, unchangedFrom?: DocumentStatus): Write {
  return async () => [{ type: 'status', status: await api.setStatus({ documentId, status, unchangedFrom }) }]
}

/**
 * A write of a step made of several writes, planned into one `WritesTogether`, to be made as one transaction
 * (`writtenTogether`): the function it returns, called once they are written, says what to draw.
 */
export type PlannedStepWrite = (session: DocumentSession, together: WritesTogether) => () => AnnotationAction[]

/** A step whose writes (done first, undone, redone: by default the first again) are each several writes made as one transaction. */
export interface PlannedStep {
  first: PlannedStepWrite
  undo: PlannedStepWrite
  redo?: PlannedStepWrite
}

/** `step`'s writes to document `documentId`, each made as one `writeTogether` call: all of it written, or none. */
export function writtenTogether(api: MarginaliaApi, documentId: number, step: PlannedStep): StepWrites {
  const made =
    (planned: PlannedStepWrite): Write =>
    async (session) => {
      const together = new WritesTogether(api, documentId)
      const drawn = planned(session, together)
      await together.write()
      return drawn()
    }
  return { first: made(step.first), undo: made(step.undo), redo: step.redo === undefined ? undefined : made(step.redo) }
}

/** Settling the disagreement at `place` as nothing (the curated layer stays empty there), and undoing that. */
export function settleAsNothingWrites(place: string, guard = new SettlingGuard(undefined)): PlannedStep {
  const redraw = (session: DocumentSession, settled: PlannedWrite<'settleAsNothing' | 'unsettle'>) => (): AnnotationAction[] => {
    session.settledNowAsNothing(settled.answer)
    return [{ type: 'curation', at: session.state.curation }]
  }
  return {
    first: (session, together) => redraw(session, together.plan('settleAsNothing', { place, curatedThere: guard.take() })),
    undo: (session, together) => redraw(session, together.plan('unsettle', { place })),
  }
}

/** A span of the curated layer as accepting a version plans: stored (`span`), or to be made or changed by the same call. */
interface CuratedEnd {
  start: number
  end: number
  label: string
  /** Its row id, or the write of the call that makes it. */
  id: number | { madeBy: number }
  /** As stored, if it is and stays so. */
  span?: ExportedSpan
}

/**
 * Accepting `version` of a disagreement into the curated layer: its spans (unless the curated layer has them
 * already) and its relations between them, as the session it runs in holds them. For a relation's version
 * (`relationEnds`), an end the curated layer already has in another extent (a curated span of the same label over
 * it, the curator's choice where the analysts differed) is that span: the relation joins it, rather than the
 * analyst's span being added beside it.
 */
export function acceptVersionWrites(
  version: CurationVersion,
  {
    relationEnds = false,
    replaced = new Set<number>(),
    declared = () => [],
    confirm = false,
    guard = new SettlingGuard(undefined),
    takeOver = new Map<ExportedSpan, number>(),
  }: {
    relationEnds?: boolean
    replaced?: ReadonlySet<number>
    declared?: DeclaredAttributes
    confirm?: boolean
    guard?: SettlingGuard
    /** The curated span (by id) each of the version's spans takes over (`curatedTakenOver`): it is changed into it. */
    takeOver?: ReadonlyMap<ExportedSpan, number>
  } = {},
): PlannedStep {
  let spans: ExportedSpan[] = []
  let relations: ExportedRelation[] = []
  // `confirm`'s curated spans, as they were and as written again.
  let confirmed: { before: ExportedSpan; after: ExportedSpan }[] = []
  // Curated spans taken over by a version's spans (their edges or declared values changed): as they were, as they are.
  let reshaped: { before: ExportedSpan; after: ExportedSpan }[] = []
  const drawn = (): AnnotationAction[] => [
    ...[...spans, ...confirmed.map((c) => c.after), ...reshaped.map((r) => r.after)].map((span): AnnotationAction => ({ type: 'putSpan', span })),
    ...relations.map((relation): AnnotationAction => ({ type: 'putRelation', relation })),
  ]
  return {
    first: (session, together) => {
      // Curated spans being replaced (`resettleWrites`) are gone by then, though the session still draws them.
      const stored = [...session.state.spans.values()].filter((s) => s.annotator === CURATED && !replaced.has(s.id))
      const curated = new Map<string, CuratedEnd>(stored.map((span) => [versionSignature(span, declared), { ...span, span }]))
      const curatedRelations = [...session.state.relations.values()].filter((r) => r.annotator === CURATED && !replaced.has(r.head) && !replaced.has(r.child))
      const curatedFor = (span: ExportedSpan): CuratedEnd | undefined =>
        curated.get(versionSignature(span, declared)) ?? (relationEnds ? curatedOver(span, curated.values()) : undefined)
      const made: PlannedWrite<'addSpan' | 'setSpanAttrs'>[] = []
      const reshapes: { before: ExportedSpan; after: () => ExportedSpan }[] = []
      for (const span of version.spans) {
        if (curatedFor(span) !== undefined) continue
        // The values of the attributes its label declares are part of the decision accepted (not the analyst's note).
        const decided = Object.fromEntries(declared(span.label).filter((name) => span.attrs[name] !== undefined).map((name) => [name, span.attrs[name]]))
        // A curated span the settling before made here becomes this one (its edges or values changed), keeping its id,
        // note and relations.
        const before = session.state.spans.get(takeOver.get(span) ?? 0)
        if (before !== undefined) {
          const attrs = { ...Object.fromEntries(Object.entries(before.attrs).filter(([name]) => !declared(span.label).includes(name))), ...decided }
          const to = { start: span.start, end: span.end, label: span.label, attrs }
          reshapes.push({ before, after: planReshape(together, before, to, guard.take()) })
          curated.delete(versionSignature(before, declared))
          curated.set(versionSignature(to, declared), { ...to, id: before.id })
          continue
        }
        const added = together.plan('addSpan', { start: span.start, end: span.end, label: span.label, curated: true, curatedThere: guard.take() })
        made.push(Object.keys(decided).length > 0 ? together.plan('setSpanAttrs', { spanId: added.madeSpan(), attrs: decided }) : added)
        curated.set(versionSignature({ ...span, attrs: decided }, declared), { start: span.start, end: span.end, label: span.label, id: added.madeSpan() })
      }
      // `confirm`: a place opened again by an analyst's change, settled again with the version curated already. Its
      // curated spans are written again as they are, so that they are newer than that change (curation.ts).
      const confirms: { before: ExportedSpan; after: PlannedWrite<'setSpanAttrs'> }[] = []
      if (confirm && made.length === 0 && reshapes.length === 0) {
        for (const span of version.spans) {
          const kept = curatedFor(span)?.span
          if (kept === undefined) continue
          confirms.push({ before: kept, after: together.plan('setSpanAttrs', { spanId: kept.id, attrs: kept.attrs, unchangedSince: kept.updated_at, curatedThere: guard.take() }) })
        }
      }
      const linked: PlannedWrite<'addRelation'>[] = []
      for (const relation of version.relations) {
        const head = curatedFor(session.state.spans.get(relation.head)!)
        const child = curatedFor(session.state.spans.get(relation.child)!)
        if (head === undefined || child === undefined) continue
        if (curatedRelations.some((r) => r.head === head.id && r.child === child.id && r.label === relation.label)) continue
        linked.push(together.plan('addRelation', { head: head.id, child: child.id, label: relation.label, curated: true, curatedThere: guard.take() }))
      }
      return () => {
        spans = made.map((write) => write.answer)
        reshaped = reshapes.map(({ before, after }) => ({ before, after: after() }))
        confirmed = confirms.map(({ before, after }) => ({ before, after: after.answer }))
        relations = linked.map((write) => write.answer)
        return drawn()
      }
    },
    undo: (session, together) => {
      for (const relation of relations) together.plan('removeRelation', { relationId: relation.id })
      for (const span of spans) together.plan('removeSpan', { spanId: span.id, relations: [] }) // not with a relation made since
      // A curated span changed or written again goes back exactly as it was, its time of change included (so that an
      // analyst's change since is newer again, the place open again, and a redo finds it as it left it).
      const valuesBack = [...reshaped, ...confirmed].map((changed) => putBackAsItWas(together, session, changed))
      return () => [
        ...relations.map((r): AnnotationAction => ({ type: 'removeRelation', id: r.id })),
        ...spans.map((s): AnnotationAction => ({ type: 'removeSpan', id: s.id })),
        ...valuesBack.flatMap((back) => back()),
      ]
    },
    redo: (_session, together) => {
      const restored = spans.map((span) => together.plan('restoreSpan', { span, relations: [] }))
      const restoredRelations = relations.map((relation) => together.plan('restoreRelation', { relation }))
      const reshapes = reshaped.map((r) => ({ r, after: planReshape(together, r.before, r.after) }))
      const confirms = confirmed.map((c) => ({ c, after: together.plan('setSpanAttrs', { spanId: c.before.id, attrs: c.before.attrs, unchangedSince: c.before.updated_at }) }))
      return () => {
        for (const { r, after } of reshapes) r.after = after()
        for (const { c, after } of confirms) c.after = after.answer
        spans = restored.map((write) => write.answer.span)
        relations = restoredRelations.map((write) => write.answer)
        return drawn()
      }
    },
  }
}

/**
 * Plans putting a span changed by a step (`after`, as the step left it) back exactly as it was (`before`, its time
 * of change included): removed, only while it is as the step left it and with the relations the session draws at
 * it, and restored whole with them. Returns what to draw, once written.
 */
function putBackAsItWas(together: WritesTogether, session: DocumentSession, { before, after }: { before: ExportedSpan; after: ExportedSpan }): () => AnnotationAction[] {
  const attached = relationsAt(session.state, after.id).map((r) => r.id)
  const removed = together.plan('removeSpan', { spanId: after.id, unchangedSince: after.updated_at, relations: attached })
  const restored = together.plan('restoreSpan', { span: before, relations: removed.takenRelations() })
  return () => [{ type: 'putSpan', span: restored.answer.span }, ...restored.answer.relations.map((relation): AnnotationAction => ({ type: 'putRelation', relation }))]
}

/**
 * Plans changing curated span `from` (as the editor holds it: written only while it is so) into `to`'s edges,
 * label and attributes, with one write for each that differs; `curatedThere` goes with the first. Returns the
 * span as written, once it is.
 */
function planReshape(
  together: WritesTogether,
  from: ExportedSpan,
  to: Pick<ExportedSpan, 'start' | 'end' | 'label' | 'attrs'>,
  curatedThere?: CuratedThere,
): () => ExportedSpan {
  let last: PlannedWrite<'updateSpan' | 'setSpanAttrs'> | null = null
  if (spanSignature(from) !== spanSignature(to)) {
    last = together.plan('updateSpan', { spanId: from.id, start: to.start, end: to.end, label: to.label, unchangedSince: from.updated_at, curatedThere })
    curatedThere = undefined
  }
  if (JSON.stringify(from.attrs) !== JSON.stringify(to.attrs)) {
    // After a change of its edges in the same transaction, it is as that change left it: nothing else wrote between.
    last = together.plan('setSpanAttrs', { spanId: from.id, attrs: to.attrs, unchangedSince: last === null ? from.updated_at : undefined, curatedThere })
  }
  const written = last
  return () => written?.answer ?? from
}

/**
 * Changing how a disagreement was settled, as one step with `then` (the new settling), all of it one transaction:
 * the curated spans `spanIds` (with their curated relations) and curated relations `relationIds` are removed, and
 * the places a curator settled as nothing (`unsettle`: places and relations) are open again, before `then` writes.
 * Undone, `then` is undone and the old settling comes back as it was.
 */
export function resettleWrites(
  old: { spanIds: readonly number[]; relationIds: readonly number[]; unsettle: readonly string[] },
  then: PlannedStep,
  guard = new SettlingGuard(undefined),
): PlannedStep {
  let removedSpans: RemovedSpan[] = []
  let removedRelations: ExportedRelation[] = []
  const undoSettling: PlannedStepWrite = (session, together) => {
    const relationsGone = old.relationIds.map((relationId) => together.plan('removeRelation', { relationId, curatedThere: guard.take() }))
    const spansGone = old.spanIds.map((spanId) => together.plan('removeSpan', { spanId, curatedThere: guard.take() }))
    const opened = old.unsettle.map((place) => together.plan('unsettle', { place, curatedThere: guard.take() }))
    return () => {
      removedRelations = relationsGone.map((write) => write.answer)
      removedSpans = spansGone.map((write) => write.answer)
      for (const write of opened) session.settledNowAsNothing(write.answer)
      return [...removedRelations.map((r): AnnotationAction => ({ type: 'removeRelation', id: r.id })), ...removedSpans.map((r): AnnotationAction => ({ type: 'removeSpan', id: r.span.id }))]
    }
  }
  const thenAfterIt =
    (write: PlannedStepWrite): PlannedStepWrite =>
    (session, together) => {
      const undone = undoSettling(session, together)
      const done = write(session, together)
      return () => [...undone(), ...done()]
    }
  return {
    first: thenAfterIt(then.first),
    undo: (session, together) => {
      const undone = then.undo(session, together)
      const settled = old.unsettle.map((place) => together.plan('settleAsNothing', { place }))
      // Every span first, then every relation: a relation between two of the spans (taken away with the first of them)
      // can come back only once both are back.
      const spansBack = removedSpans.map((removed) => together.plan('restoreSpan', { span: removed.span, relations: [] }))
      const relationsBack = [...removedSpans.flatMap((removed) => removed.relations), ...removedRelations].map((relation) => together.plan('restoreRelation', { relation }))
      return () => {
        const actions = undone()
        for (const write of settled) session.settledNowAsNothing(write.answer)
        actions.push(...spansBack.map((write): AnnotationAction => ({ type: 'putSpan', span: write.answer.span })))
        actions.push(...relationsBack.map((write): AnnotationAction => ({ type: 'putRelation', relation: write.answer })))
        return [...actions, { type: 'curation', at: session.state.curation }]
      }
    },
    redo: thenAfterIt(then.redo ?? then.first),
  }
}
