/**
 * Importing documents into a corpus from `.txt` files, folders of them, and `.jsonl` files. One import is one
 * transaction: unless `skipInvalid` is set, any bad input refuses the whole run and nothing is written.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { basename, extname, join, relative } from 'node:path'
import type { LabelKind } from '../../shared/corpus-types'
import { CorpusError, CorpusRuleError, InputError } from '../errors'
import { paletteColor } from '../label-sets'
import type { Corpus } from '../store/corpus'
import { decodeUtf8, firstInvalidUtf8Line, readLines } from './lines'
import { normaliseText } from './normalise'
import { parseImportRecord, RecordError, type ParsedDocument } from './record'

/** What to do with an input document whose id is already in the corpus. */
export type ExistingRule = 'skip' | 'replace' | 'error'

/** How an import behaves. */
export interface ImportOptions {
  /** Annotator of annotations that do not name one. */
  annotator: string
  /** Add labels the corpus does not have instead of refusing them (default false). */
  addLabels?: boolean
  /** Import the valid records and report the others instead of refusing the run (default false). */
  skipInvalid?: boolean
  /** Rule for ids already in the corpus (default 'skip': the stored document and its work are kept). */
  existing?: ExistingRule
  /** Told how far the import has got, in bytes of input. */
  onProgress?: (bytesDone: number, bytesTotal: number) => void
}

/** What an import did. */
export interface ImportSummary {
  files: number
  documents: number
  replaced: number
  spans: number
  relations: number
  documentLabels: number
  /** Ids of input documents left out because the corpus already had them (rule 'skip'). */
  alreadyPresent: string[]
  /** Records left out as invalid (only with `skipInvalid`). */
  invalid: InputError[]
  /** Labels added because of `addLabels`, as `kind:name`. */
  labelsAdded: string[]
}

/** An import refused for bad input; nothing of it was written. */
export class ImportRefusedError extends CorpusError {
  constructor(readonly errors: InputError[]) {
    super('input', `import refused, nothing was written: ${errors.length} problem${errors.length === 1 ? '' : 's'} in the input`)
    this.name = 'ImportRefusedError'
  }
}

/** One input file and how its documents are named. */
export interface InputFile {
  path: string
  kind: 'txt' | 'jsonl'
  /** Default id: for `.txt` the document's id, for `.jsonl` the prefix of `<prefix>-<line>`. */
  idBase: string
  size: number
}

function inputKind(path: string): 'txt' | 'jsonl' | undefined {
  const extension = extname(path).toLowerCase()
  return extension === '.txt' ? 'txt' : extension === '.jsonl' ? 'jsonl' : undefined
}

function stem(path: string): string {
  return path.slice(0, path.length - extname(path).length)
}

/** The files an import of `paths` reads: named files, and `.txt`/`.jsonl` files found in named folders. */
export function listInputFiles(paths: readonly string[]): InputFile[] {
  const files: InputFile[] = []
  const walk = (folder: string, root: string): void => {
    const entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue
      const path = join(folder, entry.name)
      if (entry.isDirectory()) walk(path, root)
      else {
        const kind = inputKind(path)
        if (entry.isFile() && kind !== undefined) {
          files.push({ path, kind, idBase: stem(relative(root, path)).split('\\').join('/'), size: statSync(path).size })
        }
      }
    }
  }
  for (const path of paths) {
    let stats
    try {
      stats = statSync(path)
    } catch {
      throw new InputError(path, null, 'no such file or folder')
    }
    if (stats.isDirectory()) walk(path, path)
    else {
      const kind = inputKind(path)
      if (kind === undefined) throw new InputError(path, null, 'cannot import this kind of file (expected .txt, .jsonl or a folder)')
      files.push({ path, kind, idBase: stem(basename(path)), size: stats.size })
    }
  }
  return files
}

/** The state of one import run, inside its transaction. */
class ImportRun {
  readonly summary: ImportSummary = {
    files: 0,
    documents: 0,
    replaced: 0,
    spans: 0,
    relations: 0,
    documentLabels: 0,
    alreadyPresent: [],
    invalid: [],
    labelsAdded: [],
  }
  /** Where each id of this run was first seen, to refuse repeats. */
  private readonly seenIds = new Map<string, string>()
  private bytesDone = 0

  constructor(
    private readonly corpus: Corpus,
    private readonly options: ImportOptions,
    private readonly bytesTotal: number,
  ) {}

  private progress(bytes: number): void {
    this.bytesDone += bytes
    this.options.onProgress?.(this.bytesDone, this.bytesTotal)
  }

  importFile(file: InputFile): void {
    this.summary.files++
    try {
      if (file.kind === 'txt') this.importText(file)
      else this.importJsonl(file)
    } catch (error) {
      if (error instanceof InputError) this.summary.invalid.push(error)
      else if (error instanceof RecordError || error instanceof CorpusRuleError) {
        this.summary.invalid.push(new InputError(file.path, null, error.message))
      } else throw error
    }
  }

  private importText(file: InputFile): void {
    const bytes = readFileSync(file.path)
    this.progress(bytes.length)
    const decoded = decodeUtf8(bytes)
    if (decoded === null) throw new InputError(file.path, firstInvalidUtf8Line(bytes), 'not valid UTF-8')
    const title = basename(file.idBase)
    this.importDocument(file.path, null, { ...emptyDocument(normaliseText(decoded).text), id: file.idBase, title })
  }

  private importJsonl(file: InputFile): void {
    for (const line of readLines(file.path, (count) => this.progress(count))) {
      try {
        const text = decodeUtf8(line.bytes)
        if (text === null) throw new RecordError('not valid UTF-8')
        if (text.trim() === '') continue
        let value: unknown
        try {
          value = JSON.parse(text)
        } catch (error) {
          throw new RecordError(
            line.terminated
              ? `invalid JSON: ${(error as Error).message}`
              : `the last line is truncated (invalid JSON and no line end): ${(error as Error).message}`,
          )
        }
        const document = parseImportRecord(value)
        this.importDocument(file.path, line.number, { ...document, id: document.id ?? `${file.idBase}-${line.number}` })
      } catch (error) {
        if (error instanceof RecordError || error instanceof CorpusRuleError) {
          this.summary.invalid.push(new InputError(file.path, line.number, error.message))
        } else throw error
      }
    }
  }

  /** Label names the record uses that the corpus lacks: added with `addLabels`, refused otherwise. */
  private ensureLabels(document: ParsedDocument): string[] {
    const added: string[] = []
    const uses: [LabelKind, string, string][] = [
      ...document.spans.map((s, i): [LabelKind, string, string] => ['span', s.label, `spans[${i}].label`]),
      ...document.relations.map((r, i): [LabelKind, string, string] => ['relation', r.label, `relations[${i}].label`]),
      ...document.labels.map((l, i): [LabelKind, string, string] => ['document', l.label, `labels[${i}]`]),
    ]
    for (const [kind, name, where] of uses) {
      if (this.corpus.label(kind, name) !== undefined) continue
      if (!this.options.addLabels) {
        const known = this.corpus.labels().filter((label) => label.kind === kind).map((label) => label.name)
        throw new RecordError(
          `${where}: unknown ${kind} label "${name}" (this corpus has ${known.length > 0 ? known.join(', ') : 'none'}); ` +
            'run with --add-labels to add it',
        )
      }
      this.corpus.addLabel({
        name,
        kind,
        color: paletteColor(this.corpus.labels().length),
        hotkey: null,
        description: '',
        head: null,
        child: null,
      })
      added.push(`${kind}:${name}`)
    }
    return added
  }

  private importDocument(file: string, line: number | null, document: ParsedDocument & { id: string }): void {
    const where = line === null ? file : `${file}:${line}`
    const firstSeen = this.seenIds.get(document.id)
    if (firstSeen !== undefined) throw new RecordError(`id "${document.id}" repeats the id of ${firstSeen}`)
    this.seenIds.set(document.id, where)

    const existingId = this.corpus.documentId(document.id)
    const rule = this.options.existing ?? 'skip'
    if (existingId !== undefined && rule === 'skip') {
      this.summary.alreadyPresent.push(document.id)
      return
    }
    if (existingId !== undefined && rule === 'error') {
      throw new RecordError(`id "${document.id}" is already in the corpus (see --existing)`)
    }
    // A savepoint per document, so that a record refused halfway leaves nothing behind under skipInvalid.
    const labelsAdded = this.corpus.transaction(() => {
      const added = this.ensureLabels(document)
      if (existingId !== undefined) this.corpus.deleteDocument(existingId)
      this.insert(document)
      return added
    })
    this.summary.labelsAdded.push(...labelsAdded)
    if (existingId !== undefined) this.summary.replaced++
  }

  private insert(document: ParsedDocument & { id: string }): void {
    const { corpus, options, summary } = this
    const documentId = corpus.insertDocument({
      externalId: document.id,
      title: document.title ?? document.id,
      text: document.text,
      meta: document.meta,
      status: document.status,
      createdAt: document.createdAt,
      updatedAt: document.updatedAt,
    })
    const spanIds = corpus.insertSpans(
      documentId,
      document.spans.map((span) => ({ ...span, annotator: span.annotator ?? options.annotator })),
    )
    for (const relation of document.relations) {
      corpus.insertRelation(documentId, {
        ...relation,
        head: spanIds[relation.head],
        child: spanIds[relation.child],
        annotator: relation.annotator ?? options.annotator,
      })
    }
    for (const label of document.labels) {
      corpus.insertDocumentLabel(documentId, label.label, label.annotator ?? options.annotator, label.createdAt)
    }
    summary.documents++
    summary.spans += document.spans.length
    summary.relations += document.relations.length
    summary.documentLabels += document.labels.length
  }
}

function emptyDocument(text: string): ParsedDocument {
  return {
    id: undefined,
    title: undefined,
    text,
    meta: {},
    status: undefined,
    createdAt: undefined,
    updatedAt: undefined,
    spans: [],
    relations: [],
    labels: [],
  }
}

/**
 * Imports `paths` into `corpus` in one transaction. Throws InputError for a path that cannot be read, and
 * ImportRefusedError (after rolling everything back) for bad records unless `skipInvalid` is set.
 */
export function importPaths(corpus: Corpus, paths: readonly string[], options: ImportOptions): ImportSummary {
  const files = listInputFiles(paths)
  const bytesTotal = files.reduce((sum, file) => sum + file.size, 0)
  return corpus.transaction(() => {
    const run = new ImportRun(corpus, options, bytesTotal)
    for (const file of files) run.importFile(file)
    if (run.summary.invalid.length > 0 && !options.skipInvalid) throw new ImportRefusedError(run.summary.invalid)
    return run.summary
  })
}
