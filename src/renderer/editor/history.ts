/** Undo and redo of annotation operations, one history per document. Each step is a pair of corpus calls. */

/** One undoable step: both directions write to the corpus before the view changes. */
export interface Step {
  undo(): Promise<void>
  redo(): Promise<void>
}

interface Stacks {
  done: Step[]
  undone: Step[]
}

/** Per-document undo and redo stacks. */
export class History {
  private readonly stacks = new Map<number, Stacks>()

  private of(documentId: number): Stacks {
    let stacks = this.stacks.get(documentId)
    if (stacks === undefined) {
      stacks = { done: [], undone: [] }
      this.stacks.set(documentId, stacks)
    }
    return stacks
  }

  /** Records a step just done; it clears what could be redone. */
  record(documentId: number, step: Step): void {
    const stacks = this.of(documentId)
    stacks.done.push(step)
    stacks.undone = []
  }

  /** True if a document has a step to undo. */
  canUndo(documentId: number): boolean {
    return (this.stacks.get(documentId)?.done.length ?? 0) > 0
  }

  /** True if a document has an undone step to redo. */
  canRedo(documentId: number): boolean {
    return (this.stacks.get(documentId)?.undone.length ?? 0) > 0
  }

  /** Undoes the last step of a document; false if there is none. A step that fails is dropped. */
  undo(documentId: number): Promise<boolean> {
    return this.move(this.of(documentId), 'done', 'undone')
  }

  /** Redoes the last undone step of a document; false if there is none. A step that fails is dropped. */
  redo(documentId: number): Promise<boolean> {
    return this.move(this.of(documentId), 'undone', 'done')
  }

  /** Takes the last step off one stack, runs it in that direction, and puts it on the other. */
  private async move(stacks: Stacks, from: keyof Stacks, to: keyof Stacks): Promise<boolean> {
    const step = stacks[from].pop()
    if (step === undefined) return false
    await (from === 'done' ? step.undo() : step.redo())
    stacks[to].push(step)
    return true
  }

  /** Forgets a document's history (after its view was reloaded from the corpus). */
  forget(documentId: number): void {
    this.stacks.delete(documentId)
  }
}
