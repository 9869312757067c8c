/**
 * What an import is told (ImportOptions), what it did (ImportSummary), and how it fails: refused for bad input
 * (nothing written), stopped between batches, or stopped by the corpus's storage after whole batches.
 */
import type { LabelDefinition } from '../../shared/corpus-types'
import { CorpusError, InputError } from '../errors'
import type { AnnotationCounts } from '../store/documents'
import type { OffsetUnit } from '../formats/units'

/** How many problems of one invalid record are listed; the rest are counted in one line. */
export const MAX_PROBLEMS_LISTED = 5

/**
 * What to do with an input document whose id is already in the corpus: keep the stored one, replace it, refuse
 * the record, or add the record's annotations to the stored document (`join`: another analyst's work on the same
 * text; refused where the text differs or the input's analysts already have work there).
 */
export type ExistingRule = 'skip' | 'replace' | 'error' | 'join'

/** How an import behaves. */
export interface ImportOptions {
  /** Annotator of annotations that do not name one. */
  annotator: string
  /** Add labels the corpus does not have instead of refusing them (default false). */
  addLabels?: boolean
  /** With `addLabels`: the definitions of labels the input declares (a brat `annotation.conf`), used for those it adds. */
  declaredLabels?: readonly LabelDefinition[]
  /** Import the valid records and report the others instead of refusing the run (default false). */
  skipInvalid?: boolean
  /** Rule for ids already in the corpus (default 'skip': the stored document and its work are kept). */
  existing?: ExistingRule
  /** Told how far the import has got, in bytes of input (a large import reads its input twice). */
  onProgress?: (bytesDone: number, bytesTotal: number) => void
  /** Stops the import at the next pause between batches. */
  signal?: AbortSignal
  /** Read every input as this format (`--format`; default: each file's own, by its extension and content). */
  format?: string
  /** What the inputs' offsets count (`--offsets`; default: each format's own unit, code points for JSONL). */
  offsets?: OffsetUnit
  /** Prodigy answers: spans only from accepted records (default), or from all, marked in `attrs.answer`. */
  answers?: 'accepted' | 'all'
}

/** What an import did. */
export interface ImportSummary {
  files: number
  documents: number
  replaced: number
  /** The annotations the replaced documents had, deleted with them (the input's own are counted in `spans`...). */
  dropped: AnnotationCounts
  spans: number
  relations: number
  documentLabels: number
  /** Ids of input documents left out because the corpus already had them (rule 'skip'). */
  alreadyPresent: string[]
  /** Of those, the ids whose text in the input differs from the stored one. */
  alreadyPresentWithOtherText: string[]
  /** Ids of input documents whose annotations the stored document of the id already held (rule 'join'): nothing was added. */
  alreadyHeld: string[]
  /** The problems of the records left out as invalid (only with `skipInvalid`), each with its file and line. */
  invalid: InputError[]
  /** How many records (documents) those problems left out: one may have several. */
  invalidRecords: number
  /**
   * How many problems those records have: each record's first MAX_PROBLEMS_LISTED are in `invalid`, and the rest
   * counted there in one line (`and 4 more problems in this record`).
   */
  invalidProblems: number
  /** Labels added because of `addLabels`, as `kind:name`. */
  labelsAdded: string[]
  /** Annotations of records whose answer was not `accept`, left out. */
  notAccepted: number
  /** Where those records are (`file:line`), in input order. */
  notAcceptedAt: string[]
  /** Exact duplicate spans merged into one. */
  duplicatesMerged: number
  /** Relations given twice in a document (same ends, label and annotator) taken once. */
  duplicateRelationsMerged: number
  /** Document labels given twice in a record by one analyst, put on the document once. */
  duplicateDocumentLabelsMerged: number
  /**
   * Records whose annotations were added to a document of the same id and text rather than made a document:
   * another analyst's record of a document earlier in the input, Prodigy answers on one input (the same
   * `_input_hash`), or with `--existing join` a document of the corpus. Their title, meta and status are not taken.
   */
  joined: number
  /** The ids of the documents they joined, each once, in input order. */
  joinedIds: string[]
  /** Keys kept in meta that look like annotations Marginalia does not read, with how many records had each, by file. */
  annotationLikeKeys: Record<string, Record<string, number>>
  /** What readers said about the input, each with how often (`discontinuous span split in parts`). */
  remarks: Record<string, number>
  /** Keys of span attributes with a text value that the span's label does not declare, by label (a choice a label set elsewhere declared). */
  undeclaredAttributes: Record<string, string[]>
  /** Where each remark was made: the records' places (`file:line`, or the file), in input order, each once. */
  remarkedAt: Record<string, string[]>
  /** What the folders held that was not read, by kind (`.csv`, `hidden`...). */
  skippedFiles: Record<string, string[]>
  /** Input files in which the reader found no record at all, as named. */
  emptyFiles: string[]
  /** Labels added (`addLabels`) beside one of the corpus's that differs from them only in case or spaces, as `span "speaker" added beside "Speaker"`. */
  labelsAddedBesideNearMiss: string[]
  /** Annotations written (not those merged into another) that named no analyst, recorded under `unnamedAs` (the import's annotator). */
  unnamed: number
  unnamedAs: string
}

/** An import refused for bad input; nothing of it was written. */
export class ImportRefusedError extends CorpusError {
  constructor(
    readonly errors: InputError[],
    problems = errors.length,
  ) {
    super('input', `import refused, nothing was written: ${problems} problem${problems === 1 ? '' : 's'} in the input`)
    this.name = 'ImportRefusedError'
  }

  /** True if a file among the input could not be read at all (see `InputError.unreadable`). */
  get unreadable(): boolean {
    return this.errors.some((problem) => problem.unreadable)
  }
}

/** An import stopped before its end; `summary` says what it had written (whole batches only). */
export class ImportInterruptedError extends CorpusError {
  constructor(
    readonly summary: ImportSummary,
    why = 'import stopped',
  ) {
    super('input', wroteNothing(summary) ? `${why} before it wrote anything; the corpus is as it was` : `${why} ${writtenSoFar(summary)}; ${GO_ON}`)
    this.name = 'ImportInterruptedError'
  }
}

/**
 * A batched import that failed (the corpus locked too long, the disk full, ...) after it had written whole batches,
 * which stay: of the failure's kind, saying what was written and how to go on rather than the failure's own "nothing
 * was written".
 */
export class ImportPartlyWrittenError extends CorpusError {
  constructor(
    readonly summary: ImportSummary,
    failure: CorpusError,
  ) {
    // The failure's own advice is about the batch it stopped, not the import.
    const reason = failure.message.replace(/; nothing was written, try again$/, '')
    super(failure.kind, `import stopped ${writtenSoFar(summary)}, which are kept: ${reason}; ${GO_ON}`, { cause: failure })
    this.name = 'ImportPartlyWrittenError'
  }
}

/** The kinds of failure an import can meet halfway through for reasons of the corpus's storage, not of its input. */
export const STORAGE_FAILURES: ReadonlySet<string> = new Set(['busy', 'full', 'io', 'readonly'])

const GO_ON = 'run the same command again to import the rest (what is in the corpus already is not written again)'

/** True if `summary` records nothing written. */
export function wroteNothing(summary: ImportSummary): boolean {
  return summary.documents === 0 && summary.replaced === 0 && summary.joined === 0
}

/** `after writing 40 documents and joining 3 records to documents in whole batches`. */
function writtenSoFar(summary: ImportSummary): string {
  return `after writing ${summary.documents} documents${summary.joined === 0 ? '' : ` and joining ${summary.joined} records to documents`} in whole batches`
}


/** What an import of `files` files did before it began. */
export function emptySummary(files: number, skippedFiles: Record<string, string[]> = {}, unnamedAs = ''): ImportSummary {
  return {
    unnamed: 0,
    unnamedAs,
    files,
    documents: 0,
    replaced: 0,
    dropped: { spans: 0, relations: 0, documentLabels: 0 },
    spans: 0,
    relations: 0,
    documentLabels: 0,
    alreadyPresent: [],
    alreadyPresentWithOtherText: [],
    alreadyHeld: [],
    invalid: [],
    invalidRecords: 0,
    invalidProblems: 0,
    labelsAdded: [],
    notAccepted: 0,
    notAcceptedAt: [],
    duplicatesMerged: 0,
    duplicateRelationsMerged: 0,
    duplicateDocumentLabelsMerged: 0,
    joined: 0,
    joinedIds: [],
    annotationLikeKeys: {},
    remarks: {},
    undeclaredAttributes: {},
    remarkedAt: {},
    skippedFiles,
    emptyFiles: [],
    labelsAddedBesideNearMiss: [],
  }
}


/** A copy of `summary` that later changes to it do not touch. */
export function copyOf(summary: ImportSummary): ImportSummary {
  return {
    ...summary,
    alreadyPresent: [...summary.alreadyPresent],
    alreadyPresentWithOtherText: [...summary.alreadyPresentWithOtherText],
    alreadyHeld: [...summary.alreadyHeld],
    joinedIds: [...summary.joinedIds],
    invalid: [...summary.invalid],
    labelsAdded: [...summary.labelsAdded],
    emptyFiles: [...summary.emptyFiles],
    labelsAddedBesideNearMiss: [...summary.labelsAddedBesideNearMiss],
    annotationLikeKeys: Object.fromEntries(Object.entries(summary.annotationLikeKeys).map(([file, keys]) => [file, { ...keys }])),
    remarks: { ...summary.remarks },
    notAcceptedAt: [...summary.notAcceptedAt],
    remarkedAt: Object.fromEntries(Object.entries(summary.remarkedAt).map(([remark, places]) => [remark, [...places]])),
  }
}
