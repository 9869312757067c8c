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
import type { CurationVersion } from './curation'
import type { SpansWritten } from './history'
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

/** Settling the disagreement at `place` as nothing (the curated layer stays empty there), and undoing that. */
export function settleAsNothingWrites(api: MarginaliaApi, documentId: number, place: string, guard = new SettlingGuard(undefined)): StepWrites {
  const redraw = (session: DocumentSession, settled: string[]): AnnotationAction[] => {
    session.settledNowAsNothing(settled)
    return [{ type: 'curation', at: session.state.curation }]
  }
  return {
    first: async (session) => redraw(session, await api.settleAsNothing({ documentId, place, curatedThere: guard.take() })),
    undo: async (session) => redraw(session, await api.unsettle({ documentId, place })),
  }
}

/**
 * Accepting `version` of a disagreement into the curated layer: its spans (unless the curated layer has them
 * already) and its relations between them, as the session it runs in holds them. For a relation's version
 * (`relationEnds`), an end the curated layer already has in another extent (a curated span of the same label over
 * it, the curator's choice where the analysts differed) is that span: the relation joins it, rather than the
 * analyst's span being added beside it.
 */
export function acceptVersionWrites(
  api: MarginaliaApi,
  documentId: number,
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
): StepWrites {
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
    first: async (session) => {
      // Curated spans being replaced (`resettleWrites`) are gone by now, though the session still draws them.
      const curated = new Map([...session.state.spans.values()].filter((s) => s.annotator === CURATED && !replaced.has(s.id)).map((s) => [versionSignature(s, declared), s]))
      const curatedRelations = [...session.state.relations.values()].filter((r) => r.annotator === CURATED && !replaced.has(r.head) && !replaced.has(r.child))
      const curatedFor = (span: ExportedSpan): ExportedSpan | undefined =>
        curated.get(versionSignature(span, declared)) ?? (relationEnds ? curatedOver(span, curated.values()) : undefined)
      spans = []
      relations = []
      reshaped = []
      for (const span of version.spans) {
        if (curatedFor(span) !== undefined) continue
        // The values of the attributes its label declares are part of the decision accepted (not the analyst's note).
        const decided = Object.fromEntries(declared(span.label).filter((name) => span.attrs[name] !== undefined).map((name) => [name, span.attrs[name]]))
        // A curated span the settling before made here becomes this one (its edges or values changed), keeping its id,
        // note and relations.
        const before = session.state.spans.get(takeOver.get(span) ?? 0)
        if (before !== undefined) {
          const attrs = { ...Object.fromEntries(Object.entries(before.attrs).filter(([name]) => !declared(span.label).includes(name))), ...decided }
          const after = await reshapeSpan(api, documentId, before, { start: span.start, end: span.end, label: span.label, attrs }, guard.take())
          curated.delete(versionSignature(before, declared))
          curated.set(versionSignature(after, declared), after)
          reshaped.push({ before, after })
          continue
        }
        let made = await api.addSpan({ documentId, start: span.start, end: span.end, label: span.label, curated: true, curatedThere: guard.take() })
        if (Object.keys(decided).length > 0) made = await api.setSpanAttrs({ documentId, spanId: made.id, attrs: decided })
        curated.set(versionSignature(made, declared), made)
        spans.push(made)
      }
      // `confirm`: a place opened again by an analyst's change, settled again with the version curated already. Its
      // curated spans are written again as they are, so that they are newer than that change (curation.ts).
      confirmed = []
      if (confirm && spans.length === 0 && reshaped.length === 0) {
        for (const span of version.spans) {
          const kept = curatedFor(span)
          if (kept === undefined) continue
          const after = await api.setSpanAttrs({ documentId, spanId: kept.id, attrs: kept.attrs, unchangedSince: kept.updated_at, curatedThere: guard.take() })
          confirmed.push({ before: kept, after })
        }
      }
      for (const relation of version.relations) {
        const head = curatedFor(session.state.spans.get(relation.head)!)
        const child = curatedFor(session.state.spans.get(relation.child)!)
        if (head === undefined || child === undefined) continue
        if (curatedRelations.some((r) => r.head === head.id && r.child === child.id && r.label === relation.label)) continue
        relations.push(await api.addRelation({ documentId, head: head.id, child: child.id, label: relation.label, curated: true, curatedThere: guard.take() }))
      }
      return drawn()
    },
    undo: async (session) => {
      for (const relation of relations) await api.removeRelation({ documentId, relationId: relation.id })
      for (const span of spans) await api.removeSpan({ documentId, spanId: span.id, relations: [] }) // not with a relation made since
      // A curated span changed or written again goes back exactly as it was, its time of change included (so that an
      // analyst's change since is newer again, the place open again, and a redo finds it as it left it).
      const valuesBack: AnnotationAction[] = []
      for (const r of [...reshaped, ...confirmed]) valuesBack.push(...(await putBackAsItWas(api, documentId, session, r)))
      return [
        ...relations.map((r): AnnotationAction => ({ type: 'removeRelation', id: r.id })),
        ...spans.map((s): AnnotationAction => ({ type: 'removeSpan', id: s.id })),
        ...valuesBack,
      ]
    },
    redo: async () => {
      const restored: ExportedSpan[] = []
      for (const span of spans) restored.push((await api.restoreSpan({ documentId, span, relations: [] })).span)
      const restoredRelations: ExportedRelation[] = []
      for (const relation of relations) restoredRelations.push(await api.restoreRelation({ documentId, relation }))
      for (const r of reshaped) r.after = await reshapeSpan(api, documentId, r.before, r.after)
      for (const c of confirmed) c.after = await api.setSpanAttrs({ documentId, spanId: c.before.id, attrs: c.before.attrs, unchangedSince: c.before.updated_at })
      spans = restored
      relations = restoredRelations
      return drawn()
    },
  }
}

/**
 * Puts a span changed by a step (`after`, as the step left it) back exactly as it was (`before`, its time of change
 * included): removed, only while it is as the step left it and with the relations the session draws at it, and
 * restored whole with them. Returns what to draw.
 */
async function putBackAsItWas(api: MarginaliaApi, documentId: number, session: DocumentSession, { before, after }: { before: ExportedSpan; after: ExportedSpan }): Promise<AnnotationAction[]> {
  const attached = relationsAt(session.state, after.id).map((r) => r.id)
  const removed = await api.removeSpan({ documentId, spanId: after.id, unchangedSince: after.updated_at, relations: attached })
  const restored = await api.restoreSpan({ documentId, span: before, relations: removed.relations })
  return [{ type: 'putSpan', span: restored.span }, ...restored.relations.map((relation): AnnotationAction => ({ type: 'putRelation', relation }))]
}

/**
 * Changes curated span `from` (as the editor holds it: written only while it is so) into `to`'s edges, label and
 * attributes, with one write for each that differs; `curatedThere` goes with the first.
 */
async function reshapeSpan(
  api: MarginaliaApi,
  documentId: number,
  from: ExportedSpan,
  to: Pick<ExportedSpan, 'start' | 'end' | 'label' | 'attrs'>,
  curatedThere?: CuratedThere,
): Promise<ExportedSpan> {
  let span = from
  if (spanSignature(span) !== spanSignature(to)) {
    span = await api.updateSpan({ documentId, spanId: span.id, start: to.start, end: to.end, label: to.label, unchangedSince: span.updated_at, curatedThere })
    curatedThere = undefined
  }
  if (JSON.stringify(span.attrs) !== JSON.stringify(to.attrs)) {
    span = await api.setSpanAttrs({ documentId, spanId: span.id, attrs: to.attrs, unchangedSince: span.updated_at, curatedThere })
  }
  return span
}

/**
 * Changing how a disagreement was settled, as one step with `then` (the new settling): the curated spans
 * `spanIds` (with their curated relations) and curated relations `relationIds` are removed, and the place a
 * curator settled as nothing (`unsettle`: places and relations) are open again, before `then` writes. Undone, `then` is undone and the
 * old settling comes back as it was.
 */
export function resettleWrites(
  api: MarginaliaApi,
  documentId: number,
  old: { spanIds: readonly number[]; relationIds: readonly number[]; unsettle: readonly string[] },
  then: StepWrites,
  guard = new SettlingGuard(undefined),
): StepWrites {
  let removedSpans: RemovedSpan[] = []
  let removedRelations: ExportedRelation[] = []
  const undoSettling = async (session: DocumentSession): Promise<AnnotationAction[]> => {
    removedRelations = []
    for (const relationId of old.relationIds) removedRelations.push(await api.removeRelation({ documentId, relationId, curatedThere: guard.take() }))
    removedSpans = []
    for (const spanId of old.spanIds) removedSpans.push(await api.removeSpan({ documentId, spanId, curatedThere: guard.take() }))
    for (const place of old.unsettle) session.settledNowAsNothing(await api.unsettle({ documentId, place, curatedThere: guard.take() }))
    return [...removedRelations.map((r): AnnotationAction => ({ type: 'removeRelation', id: r.id })), ...removedSpans.map((r): AnnotationAction => ({ type: 'removeSpan', id: r.span.id }))]
  }
  return {
    first: async (session) => [...(await undoSettling(session)), ...(await then.first(session))],
    undo: async (session) => {
      const actions = await then.undo(session)
      for (const place of old.unsettle) session.settledNowAsNothing(await api.settleAsNothing({ documentId, place }))
      // Every span first, then every relation: a relation between two of the spans (taken away with the first of them)
      // can come back only once both are back.
      for (const removed of removedSpans) actions.push({ type: 'putSpan', span: (await api.restoreSpan({ documentId, span: removed.span, relations: [] })).span })
      for (const relation of [...removedSpans.flatMap((removed) => removed.relations), ...removedRelations]) {
        actions.push({ type: 'putRelation', relation: await api.restoreRelation({ documentId, relation }) })
      }
      return [...actions, { type: 'curation', at: session.state.curation }]
    },
    redo: async (session) => [...(await undoSettling(session)), ...(await (then.redo ?? then.first)(session))],
  }
}

/** The one span of `curated` with `span`'s label that overlaps it, if there is exactly one. */
export function curatedOver(span: ExportedSpan, curated: Iterable<ExportedSpan>): ExportedSpan | undefined {
  let found: ExportedSpan | undefined
  for (const other of curated) {
    if (other.label !== span.label || other.end <= span.start || span.end <= other.start) continue
    if (found !== undefined) return undefined
    found = other
  }
  return found
}
