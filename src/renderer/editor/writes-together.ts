/**
 * Several writes to one document planned, then made as one transaction by one `writeTogether` call: all are
 * written, or none. How the editor makes a step of several writes (`writes.ts`), so that a failure between two of
 * them (a disk filling up, the server killed) cannot leave part of the step in the corpus.
 */
import type { MarginaliaApi } from '../../shared/api'
import type { AnnotationWriteName, AnnotationWriteResults, WrittenTogether } from '../../shared/annotation-writes'

/** The argument of write `Name` in a `writeTogether` call. */
export type ArgsTogether<Name extends AnnotationWriteName> = Extract<WrittenTogether, { op: Name }>['args']

/** A write planned in a `WritesTogether`: what it answered, once the writes are made. */
export class PlannedWrite<Name extends AnnotationWriteName> {
  constructor(
    private readonly writes: WritesTogether,
    /** The write it is (so that only a span's maker can be named as one: `madeSpan`). */
    readonly op: Name,
    /** Its place in the call. */
    readonly index: number,
  ) {}

  /** Names the span this write makes or puts back, for a later write of the same call. */
  madeSpan(this: PlannedWrite<'addSpan' | 'restoreSpan'>): { madeBy: number } {
    return { madeBy: this.index }
  }

  /** Names the relations this removal takes away, for a later `restoreSpan` of the same call. */
  takenRelations(this: PlannedWrite<'removeSpan'>): { removedBy: number } {
    return { removedBy: this.index }
  }

  /** What it answered; only once the writes are made. */
  get answer(): AnnotationWriteResults[Name] {
    return this.writes.answerOf(this.index) as AnnotationWriteResults[Name]
  }
}

/** Writes to document `documentId` planned with `plan`, then made together with `write`. */
export class WritesTogether {
  private readonly planned: WrittenTogether[] = []
  private answers: readonly unknown[] | null = null

  constructor(
    private readonly api: MarginaliaApi,
    private readonly documentId: number,
  ) {}

  /** Plans write `op`; made, in the order planned, by `write`. */
  plan<Name extends AnnotationWriteName>(op: Name, args: ArgsTogether<Name>): PlannedWrite<Name> {
    if (this.answers !== null) throw new Error('these writes were made already: plan the next ones in another WritesTogether')
    return new PlannedWrite<Name>(this, op, this.planned.push({ op, args } as WrittenTogether) - 1)
  }

  /** Makes the writes planned, as one transaction (nothing is asked if none was planned). */
  async write(): Promise<void> {
    this.answers = this.planned.length === 0 ? [] : await this.api.writeTogether({ documentId: this.documentId, writes: this.planned })
  }

  /** The answer of the write at `index`. */
  answerOf(index: number): unknown {
    if (this.answers === null) throw new Error('not written yet: its answer is known once write() has resolved')
    return this.answers[index]
  }
}
