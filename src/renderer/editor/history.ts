/**
 * Undo and redo of annotation operations, one history per document. Each step is a pair of corpus writes; what
 * runs one (and draws what it returns) is given when it is undone or redone, so that a step recorded by an
 * editor since closed is drawn by the editor open on its document now.
 */

/** One undoable step: a write for each direction. */
export interface Step<Write> {
  undo: Write
  redo: Write
}

interface Stacks<Write> {
  done: Step<Write>[]
  undone: Step<Write>[]
  written: SpansWritten
}

/**
 * When this editor last wrote each span of a document: the span's `updated_at` as its last step (done, undone
 * or redone) left it. An undo or a redo of a span is refused by the corpus if the span has changed since, by
 * another analyst or window; the editor's own later steps are not such a change.
 */
export type SpansWritten = Map<number, string>

/** Per-document undo and redo stacks. */
export class History<Write> {
  private readonly stacks = new Map<number, Stacks<Write>>()

  private of(documentId: number): Stacks<Write> {
    let stacks = this.stacks.get(documentId)
    if (stacks === undefined) {
      stacks = { done: [], undone: [], written: new Map() }
      this.stacks.set(documentId, stacks)
    }
    return stacks
  }

  /** Records a step just done; it clears what could be redone. */
  record(documentId: number, step: Step<Write>): void {
    const stacks = this.of(documentId)
    stacks.done.push(step)
    stacks.undone = []
  }

  /** When this editor last wrote each span of a document (see `SpansWritten`); forgotten with the document's history. */
  spansWritten(documentId: number): SpansWritten {
    return this.of(documentId).written
  }

  /** True if a document has a step to undo. */
  canUndo(documentId: number): boolean {
    return (this.stacks.get(documentId)?.done.length ?? 0) > 0
  }

  /** True if a document has an undone step to redo. */
  canRedo(documentId: number): boolean {
    return (this.stacks.get(documentId)?.undone.length ?? 0) > 0
  }

  /**
   * Undoes the last step of a document through `run`; false if there is none. A step that fails is dropped, unless
   * `kept` says its failure wrote nothing (it can be tried again).
   */
  undo(documentId: number, run: (write: Write) => Promise<void>, kept: (error: unknown) => boolean = () => false): Promise<boolean> {
    return this.move(this.of(documentId), 'done', 'undone', run, kept)
  }

  /** Redoes the last undone step of a document through `run`; false if there is none. A failure as for `undo`. */
  redo(documentId: number, run: (write: Write) => Promise<void>, kept: (error: unknown) => boolean = () => false): Promise<boolean> {
    return this.move(this.of(documentId), 'undone', 'done', run, kept)
  }

  /** Takes the last step off one stack, runs it in that direction, and puts it on the other (or back, if `kept`). */
  private async move(stacks: Stacks<Write>, from: 'done' | 'undone', to: 'done' | 'undone', run: (write: Write) => Promise<void>, kept: (error: unknown) => boolean): Promise<boolean> {
    const step = stacks[from].pop()
    if (step === undefined) return false
    try {
      await run(from === 'done' ? step.undo : step.redo)
    } catch (error) {
      if (kept(error)) stacks[from].push(step)
      throw error
    }
    stacks[to].push(step)
    return true
  }

  /** Forgets a document's history (after its view was reloaded from the corpus). */
  forget(documentId: number): void {
    this.stacks.delete(documentId)
  }

  /**
   * Forgets the history of every document but `documentId` (another program changed the corpus: a document
   * left may have been replaced, and its new version given the same row id).
   */
  forgetAllBut(documentId: number | null): void {
    for (const id of [...this.stacks.keys()]) if (id !== documentId) this.stacks.delete(id)
  }
}
