/**
 * The sources of a merge: each opened read-only (so it is never written), refused if it is the target
 * itself or uses labels of the wrong kind, and asked which labels its annotations use.
 */
import { isSameFile } from '../files'
import type { LabelKind } from '../../shared/corpus-types'
import { CorpusFileError } from '../errors'
import { analystName } from '../../shared/curation'
import type { DocumentRow } from '../store/documents'
import { CorpusReader, type ReadOptions } from '../store/reader'
import type { AnnotationTable } from '../store/reports'

/** A label by kind and name. */
export interface LabelUse {
  kind: LabelKind
  name: string
}

/** A source corpus open for a merge. `close` it when done (closing twice is harmless). */
export interface MergeSource {
  /** Path as given. */
  path: string
  reader: CorpusReader
  /** Labels its annotations use, in the order of its label set. */
  labelsUsed: LabelUse[]
  /** How many documents it has. */
  documents: number
  /**
   * The analysts with annotations in it (whose work it holds), each with the latest time any of their annotations
   * changed in it: what it knows of their work goes no further.
   */
  analysts: ReadonlyMap<string, string>
  close(): void
}

/** The kind of label each table of annotations takes. */
const KIND_OF_TABLE: readonly [AnnotationTable, LabelKind][] = [
  ['spans', 'span'],
  ['relations', 'relation'],
  ['document_labels', 'document'],
]

/** Pages of documents read from a source at a time. */
const PAGE_SIZE = 64

/** `kind:name`, as labels are listed to people. */
export function labelKey(kind: LabelKind, name: string): string {
  return `${kind}:${name}`
}

/**
 * Opens the source at `path` read-only for a merge into the corpus at `targetPath`. Throws CorpusFileError
 * naming the source if it is the target itself, is not a corpus, or uses labels of the wrong kind.
 */
export function openSource(path: string, targetPath: string, options: ReadOptions = {}): MergeSource {
  if (targetPath !== ':memory:' && isSameFile(path, targetPath)) {
    throw new CorpusFileError(path, `is the corpus being merged into (${targetPath}); a corpus cannot be merged into itself`)
  }
  const reader = CorpusReader.open(path, options)
  try {
    const wrong = reader.wrongLabelKinds()
    if (wrong.length > 0) {
      const { kind, label, actual } = wrong[0]
      throw new CorpusFileError(
        path,
        `${wrong.length} of its annotations use labels of the wrong kind (a ${kind} labelled "${label}", which is a ${actual} label); ` +
          'run "marginalia check" on it',
      )
    }
    const used = new Set<string>()
    for (const [table, kind] of KIND_OF_TABLE) for (const count of reader.countsBy(table)) used.add(labelKey(kind, count.label))
    const labelsUsed = reader
      .labels()
      .filter((label) => used.has(labelKey(label.kind, label.name)))
      .map(({ kind, name }) => ({ kind, name }))
    // By the one spelling names are kept in: a copy written by an older Marginalia may hold another.
    const analysts = new Map<string, string>()
    for (const [name, latest] of reader.latestWorkByAnnotator()) {
      const known = analysts.get(analystName(name))
      if (known === undefined || latest > known) analysts.set(analystName(name), latest)
    }
    return { path, reader, labelsUsed, documents: reader.documentCounts().documents, analysts, close: () => reader.close() }
  } catch (error) {
    reader.close()
    throw error
  }
}

/** Every document of `source`, in row id order, read a page at a time. */
export function* sourceDocuments(source: MergeSource): Generator<DocumentRow> {
  let afterId = 0
  for (;;) {
    const page = source.reader.documentsAfter(afterId, PAGE_SIZE)
    if (page.length === 0) return
    yield* page
    afterId = page[page.length - 1].id
  }
}
