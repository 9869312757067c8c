/**
 * What a format of annotated text is to Marginalia: a reader that turns an input file into documents to
 * import, and a writer that turns exported documents into that format. Each format lives in a file of its
 * own in this folder and is listed in `registry.ts`; `marginalia formats` prints the list.
 */
import type { Writable } from 'node:stream'
import type { ExportedDocument, LabelDefinition } from '../../shared/corpus-types'
import type { ParsedDocument } from '../import/record'
import type { OffsetUnit } from './units'

/** One input to import: a file (or, for brat, a `.txt` file with its `.ann`), the format it is read as, and how its documents are named. */
export interface InputFile {
  path: string
  /** The format's name (see `registry.ts`). */
  format: string
  /** Default id: for a one-document file the document's id, otherwise the prefix of `<prefix>-<n>`. */
  idBase: string
  /** Bytes to read, for progress. */
  size: number
  /** A second file read with this one (brat's `.ann` beside its `.txt`). */
  companion?: string
  /** A stream rather than a file (standard input, a named pipe): it can be opened and read only once. */
  stream?: boolean
  /** How messages name it, when not by `path` (standard input, read as `/dev/stdin`, is `-`, as it was given). */
  shownAs?: string
}

/** What a reader noticed about one document that the import's summary reports. */
export interface RecordNotes {
  /** Annotations left out because the record's answer was not `accept` (Prodigy `reject` or `ignore`). */
  notAccepted?: number
  /** Exact duplicates (same offsets, label and annotator) merged into one. */
  duplicateSpans?: number
  /** Keys the reader did not understand that look like they hold annotations (kept in the document's meta). */
  annotationLikeKeys?: string[]
  /**
   * Anything else worth saying, one short line each (`2 discontinuous spans split into parts`); with `line`, the
   * line it is about, where that is not the record's own (a CoNLL tag, a W3C annotation), in `file` if that is not
   * the record's (a brat `.ann`).
   */
  remarks?: (string | { text: string; line: number; file?: string })[]
}

/** Where one annotation of a record was written, when that is not the record's own line: a brat `.ann` line, a CoNLL tag. */
export interface AnnotationOrigin {
  file: string
  line: number
  /** What the annotation is called there (`T2`, `tag B-PER`), named in place of its index in the record. */
  name: string
}

/** Where each span, relation and document label of a record was written, by index in the record's lists. */
export interface RecordOrigins {
  spans?: readonly AnnotationOrigin[]
  relations?: readonly AnnotationOrigin[]
  labels?: readonly AnnotationOrigin[]
}

/**
 * A document read from an input, or why it could not be; `line` is null where the input has no lines. `origins`
 * says where its annotations were written when that is elsewhere, so that a refusal of one names its own line.
 */
export type InputRecord =
  | {
      file: string
      line: number | null
      document: ParsedDocument & { id: string }
      notes?: RecordNotes
      origins?: RecordOrigins
      /** True if the record only annotates a document the corpus has (`ReadContext.storedDocument`): the import adds its annotations there. */
      annotatesStored?: boolean
    }
  | {
      file: string
      line: number | null
      error: string
      /**
       * True if the system refused to read the file at all (no permission, a failing disk): a failure of storage,
       * not of the input's content (the CLI exits 3 for it, not 1).
       */
      unreadable?: boolean
      /**
       * The record (document) the problem is in, where one record may have several problems reported apart (a
       * brat `.ann`'s lines, a CoNLL section's tags): so that what is skipped is counted in records. Without it,
       * each problem is a record of its own.
       */
      record?: string
    }

/** What a reader is told besides its input. */
export interface ReadContext {
  /** Told how many bytes of input each read consumed. */
  onBytes(count: number): void
  /** What the input's offsets count, when the user said (`--offsets`); otherwise the format's own unit. */
  offsets: OffsetUnit | undefined
  /** Prodigy-style answers: import only accepted records' spans (default), or all, marked in `attrs.answer`. */
  answers: 'accepted' | 'all'
  /**
   * The document id given to each Prodigy `_input_hash` first read in this run (as text), so that every answer on
   * one input, in any file of the run, names one document (the import joins their annotations).
   */
  inputIds?: Map<string, string>
  /** The id of the corpus's document with a Prodigy `_input_hash` (keyed as `inputIds`), from an earlier run. */
  storedInputId?: (key: string) => string | undefined
  /**
   * The corpus's document that `iri` names, if it has one: the document whose id is `iri`, or whose IRI in
   * Marginalia's W3C export it is. For annotations whose input does not carry their document's text.
   */
  storedDocument?: (iri: string) => { id: string; text: string } | undefined
}

/** What a writer is told besides the documents. */
export interface WriteContext {
  /** What exported offsets count, when the user said (`--offsets`); otherwise the format's own unit. */
  offsets: OffsetUnit | undefined
  /** The corpus's label set (for formats that declare it, such as brat's `annotation.conf`). */
  labels: readonly LabelDefinition[]
}

/** What an export wrote, and what it could not carry. */
export interface ExportReport {
  documents: number
  /** One line each: what the format could not hold and what happened to it (`12 overlapping spans left out`). */
  notes: string[]
}

/** The reading half of a format. */
export interface FormatReader {
  /** The documents of one input. */
  read(input: InputFile, context: ReadContext): Generator<InputRecord>
  /** For a file whose extension several formats share (`.json`): true if the start of its content is this format. */
  recognises?(head: string): boolean
}

/** The writing half of a format. */
export interface FormatWriter {
  /** `stream`: one file (or stdout); `folder`: many files in a folder (`-o FOLDER`). */
  target: 'stream' | 'folder'
  /**
   * True if the format holds one layer of spans per document (CoNLL's one tag per token): a document with the
   * spans of several analysts is refused before anything is written, rather than their work blended into one.
   */
  oneAnalystPerDocument?: boolean
  /** Writes `documents` to `out` (a stream, or a folder's path); resolves once all is written. */
  write(documents: Iterable<ExportedDocument>, out: Writable | string, context: WriteContext): Promise<ExportReport>
}

/** A format: its name (`--format NAME`), what it is, the file names it goes by, and what Marginalia does with it. */
export interface Format {
  name: string
  description: string
  /** File name endings, with their dot (`.jsonl`); the first is what an export is named. */
  extensions: string[]
  reader?: FormatReader
  writer?: FormatWriter
}
