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

  /** Undoes the last step of a document; false if there is none. A step that fails is dropped. */
  async undo(documentId: number): Promise<boolean> {
    const stacks = this.of(documentId)
    const step = stacks.done.pop()
    if (step === undefined) return false
    await step.undo()
    stacks.undone.push(step)
    return true
  }

  /** Redoes the last undone step of a document; false if there is none. */
  async redo(documentId: number): Promise<boolean> {
    const stacks = this.of(documentId)
    const step = stacks.undone.pop()
    if (step === undefined) return false
    await step.redo()
    stacks.done.push(step)
    return true
  }

  /** Forgets a document's history (after its view was reloaded from the corpus). */
  forget(documentId: number): void {
    this.stacks.delete(documentId)
  }
}
