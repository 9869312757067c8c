/** How a merge fails as a whole: refused before writing, or stopped between batches. */
import type { LabelKind } from '../../shared/corpus-types'
import { CorpusError } from '../errors'
import { wroteAnything, type MergeSummary } from './summary'

/** A label the sources use and the target lacks, with the sources that use it. */
export interface MissingLabel {
  kind: LabelKind
  name: string
  /** Paths of the sources whose annotations use it. */
  sources: string[]
}

/** A merge refused because the target lacks labels the sources use; nothing was written. */
export class MergeRefusedError extends CorpusError {
  constructor(
    readonly target: string,
    readonly missing: readonly MissingLabel[],
  ) {
    const listed = missing.map((label) => `${label.kind}:${label.name} (used in ${label.sources.join(', ')})`).join(', ')
    super(
      'input',
      `merge refused, nothing was written: ${target} lacks ${missing.length === 1 ? 'a label' : 'labels'} the sources use: ` +
        `${listed}; run with --add-labels to copy ${missing.length === 1 ? 'its definition' : 'their definitions'} from the sources`,
    )
    this.name = 'MergeRefusedError'
  }
}

/** A merge stopped (by its signal) between batches; `summary` says what it had written, whole batches only. */
export class MergeInterruptedError extends CorpusError {
  constructor(readonly summary: MergeSummary) {
    const total = summary.total
    super(
      'input',
      wroteAnything(total)
        ? `merge stopped after writing whole batches to ${summary.target} (${total.documentsAdded} documents added, ` +
            `${total.documentsMerged} merged so far); run the same merge again to complete it ` +
            '(what is already there is not added twice)'
        : `merge stopped before it wrote anything; ${summary.target} is as it was`,
    )
    this.name = 'MergeInterruptedError'
  }
}
