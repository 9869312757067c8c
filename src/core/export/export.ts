/**
 * An export in any format the registry writes: the documents `filter` selects, in corpus order, written to
 * stdout or a file (one-stream formats) or into a folder (brat), stoppable by `signal` between documents.
 */
import type { Writable } from 'node:stream'
import type { ExportedDocument } from '../../shared/corpus-types'
import { AGREED, CURATED } from '../../shared/curation'
import { listed, plural } from '../../shared/text'
import { caseOnlyNamesWarning } from '../../shared/analyst-spellings'
import { CorpusRuleError, InputError } from '../errors'
import type { ExportReport, FormatWriter, WriteContext } from '../formats/format'
import { formatNamed } from '../formats/registry'
import type { OffsetUnit } from '../formats/units'
import type { CorpusReader } from '../store/reader'
import { exportDocuments, ExportStoppedError, type ExportFilter } from './jsonl'
import type { SettledTold } from './settled'
import { standardOutputName } from './descriptors'
import { stoppable as stoppableWrite, writeFailure, writeToFile } from './to-file'
import { writeToFolder } from './to-folder'

/** What an export writes and where. */
export interface ExportRequest {
  /** The format's name (default `jsonl`). */
  format?: string
  filter?: ExportFilter
  /** What offsets count, for formats that carry them (default: the format's own). */
  offsets?: OffsetUnit
  /** A file or (for folder formats) a folder; absent: `stdout`. */
  output?: string
  stdout?: Writable
  /** Where an output naming descriptor 2 (`/dev/stderr`) goes. */
  stderr?: Writable
  /** Write into a folder that already holds files (default false: refused). */
  force?: boolean
  signal?: AbortSignal
}

/** `documents`, stopping with ExportStoppedError once `signal` is aborted. */
function* stoppable(documents: Iterable<ExportedDocument>, signal: AbortSignal | undefined): Generator<ExportedDocument> {
  for (const document of documents) {
    if (signal?.aborted) throw new ExportStoppedError()
    yield document
  }
}

/**
 * Refuses, before anything is written, a document with the spans of several analysts, for a format that holds
 * one layer (`FormatWriter.oneAnalystPerDocument`): blended into one, their work would read as one analyst's. The
 * settled set (the curated layer and what everyone agreed on) is one layer.
 */
function refuseBlendedAnalysts(documents: Iterable<ExportedDocument>, format: string): void {
  for (const document of documents) {
    const analysts = new Set(document.spans.map((span) => (span.annotator === AGREED ? CURATED : span.annotator)))
    if (analysts.size <= 1) continue
    const names = [...new Set(document.spans.map((span) => span.annotator))].sort((a, b) => a.localeCompare(b))
    throw new CorpusRuleError(
      `document "${document.id}" has the spans of ${listed(names.map((n) => JSON.stringify(n)))}, and the ${format} format gives each token one tag, which would ` +
        'blend their work into one: export one analyst\'s (--annotator NAME) or the settled set (--curated-or-agreed); nothing was written',
    )
  }
}

/** Exports `corpus` as `request` says, and reports what was written and what the format could not hold. */
export async function exportCorpus(corpus: CorpusReader, request: ExportRequest): Promise<ExportReport> {
  const name = request.format ?? 'jsonl'
  const writer = formatNamed(name)?.writer
  if (writer === undefined) throw new InputError(name, null, 'is not a format Marginalia writes (see marginalia formats)')
  const context = { offsets: request.offsets, labels: corpus.labels().map(({ id: _id, ...label }) => label) }
  const meetings = new SettledNotes()
  const filter = request.filter?.settled === true ? { ...request.filter, ...meetings.told } : request.filter
  // The curators' decisions that a place or relation holds nothing: only JSONL writes them.
  const asNothing = new Map<string, number>()
  const tallied = function* (all: Iterable<ExportedDocument>): Generator<ExportedDocument> {
    for (const document of all) {
      if (name !== 'jsonl' && (document.settled_as_nothing?.length ?? 0) > 0) asNothing.set(document.id, document.settled_as_nothing!.length)
      yield document
    }
  }
  const documents = () => tallied(stoppable(exportDocuments(corpus, filter), request.signal))
  const report = await written(corpus, request, name, writer, documents, context)
  if (asNothing.size > 0) {
    const decisions = [...asNothing.values()].reduce((sum, count) => sum + count, 0)
    report.notes.push(
      `${plural(decisions, "curator's decision")} that a place or relation holds nothing (settled as nothing), in ${plural(asNothing.size, 'document')}, not written: ` +
        `${name} has no way to hold ${decisions === 1 ? 'it' : 'them'}, so curation of an import of this export shows ${decisions === 1 ? 'that place' : 'those places'} open again (the JSONL export keeps them): ` +
        upToTen([...asNothing.keys()], ', '),
    )
  }
  report.notes.push(...meetings.notes())
  if (request.filter?.settled === true) report.notes.push(...spellingNotes(corpus))
  return report
}

/** For the settled set: analysts' names that differ only in case, each spelling taken for an analyst of its own. */
function spellingNotes(corpus: CorpusReader): string[] {
  const warning = caseOnlyNamesWarning(corpus.annotators())
  return warning === null ? [] : [warning]
}

/**
 * What a settled export should say of what it did, as it is told it: the places and relations where two settlings
 * meet that it left out, those no curator has settled yet, those changed since a curator settled them, and the
 * documents one analyst alone annotated, whose spans it took as agreed. A writer may read the documents twice (CoNLL
 * checks them first): each document is told once.
 */
class SettledNotes {
  private readonly met = new Map<string, 'place' | 'relation'>()
  private readonly aloneIn = new Set<string>()
  private readonly waitingIn = new Map<string, { places: number; relations: number }>()
  private readonly reopenedIn = new Map<string, number>()
  private readonly labelsIn = new Map<string, { label: string; analysts: string[] }[]>()

  /** What `settledDocument` tells, as the filter of `exportDocuments` passes it on. */
  readonly told: Required<SettledTold> = {
    settlingsMeet: (document: string, place: { start: number; end: number }, kind: 'place' | 'relation'): void =>
      void this.met.set(`${document} ${kind === 'relation' ? 'the relation over ' : ''}${place.start}-${place.end}`, kind),
    agreedAlone: (document: string, analyst: string): void => void this.aloneIn.add(`${document} (${analyst})`),
    unsettled: (document: string, places: number, relations: number): void => void this.waitingIn.set(document, { places, relations }),
    changedSinceSettled: (document: string, places: number): void => void this.reopenedIn.set(document, places),
    labelsUnsettled: (document: string, labels: { label: string; analysts: string[] }[]): void => void this.labelsIn.set(document, labels),
  }

  /** The notes: of places waiting for a curator, of places changed since settled, of settlings met, then of documents agreed by one analyst alone. */
  notes(): string[] {
    const notes: string[] = []
    const waiting = [...this.waitingIn.values()]
    if (waiting.length > 0) {
      const counted = placesAnd(sum(waiting.map((w) => w.places)), sum(waiting.map((w) => w.relations)))
      notes.push(`${counted} where the analysts differ, in ${plural(waiting.length, 'document')}, not settled by a curator yet: of each, only what every analyst's version holds is in the settled set (curate them, Alt+C, for the rest): ${upToTen([...this.waitingIn.keys()], ', ')}`)
    }
    if (this.labelsIn.size > 0) {
      const count = sum([...this.labelsIn.values()].map((labels) => labels.length))
      const each = [...this.labelsIn].map(([document, labels]) => `${document} (${labels.map(({ label, analysts }) => `${label} by ${listed(analysts)} only`).join(', ')})`)
      notes.push(`${plural(count, 'document label')} in ${plural(this.labelsIn.size, 'document')} given by some analysts and not others, left out of the settled set until a curator chooses the document's labels (in curation, Alt+C, the side panel's document labels): ${upToTen(each, '; ')}`)
    }
    if (this.reopenedIn.size > 0) {
      const places = sum([...this.reopenedIn.values()])
      notes.push(`${plural(places, 'place')} in ${plural(this.reopenedIn.size, 'document')} changed by an analyst since a curator settled ${places === 1 ? 'it' : 'them'}: the settled set holds the curator's decision, which curation shows as open again (accept a version again to confirm or change it): ${upToTen([...this.reopenedIn.keys()], ', ')}`)
    }
    if (this.met.size > 0) {
      const relations = [...this.met.values()].filter((kind) => kind === 'relation').length
      notes.push(`${placesAnd(this.met.size - relations, relations)} where two settlings meet (curated copies merged, each settled otherwise) left out of the settled set, to settle again in curation (${upToTen([...this.met.keys()], '; ')})`)
    }
    if (this.aloneIn.size > 0) {
      notes.push(`${plural(this.aloneIn.size, 'document')} annotated by one analyst alone taken as agreed (agreed_by names that analyst only; curate ${this.aloneIn.size === 1 ? 'it' : 'them'} for a second opinion): ${upToTen([...this.aloneIn], '; ')}`)
    }
    return notes
  }
}

/** The sum of `numbers`. */
function sum(numbers: readonly number[]): number {
  return numbers.reduce((total, n) => total + n, 0)
}

/** `2 places and 1 relation`, either part left out when none. */
function placesAnd(places: number, relations: number): string {
  return [places > 0 ? plural(places, 'place') : '', relations > 0 ? plural(relations, 'relation') : ''].filter((part) => part !== '').join(' and ')
}

/** The first ten of `items` joined by `separator`, and how many more: `a; b; and 3 more`. */
function upToTen(items: readonly string[], separator: string): string {
  return `${items.slice(0, 10).join(separator)}${items.length > 10 ? `${separator}and ${items.length - 10} more` : ''}`
}

/** The notes the settled set (`export --curated-or-agreed`) of `corpus` gives, read without writing it. */
export function settledSetNotes(corpus: CorpusReader): string[] {
  const meetings = new SettledNotes()
  for (const _document of exportDocuments(corpus, { settled: true, ...meetings.told })) {
    // Each document is made settled as it is read: what it leaves out is told.
  }
  return [...meetings.notes(), ...spellingNotes(corpus)]
}

/** Writes `documents()` as `writer` does, where `request` says. */
async function written(
  corpus: CorpusReader,
  request: ExportRequest,
  name: string,
  writer: FormatWriter,
  documents: () => Iterable<ExportedDocument>,
  context: WriteContext,
): Promise<ExportReport> {
  if (writer.oneAnalystPerDocument === true) refuseBlendedAnalysts(documents(), name)
  if (writer.target === 'folder') {
    const folder = request.output
    if (folder === undefined) throw new InputError(name, null, 'writes a folder of files: give one with -o FOLDER')
    const { result, left } = await writeToFolder(folder, request.force === true, (into) => writer.write(documents(), into, context))
    if (left.length === 0) return result
    // An earlier export's documents stay beside this one's, and an import of the folder reads them too: said.
    const some = left.slice(0, 5).join(', ')
    const note = `${plural(left.length, 'file')} already in ${folder} ${left.length === 1 ? 'was' : 'were'} left there, not written by this export (${some}${left.length > 5 ? `, and ${left.length - 5} more` : ''}): an import of the folder reads those of a format it reads too; export into an empty folder to have this export alone`
    return { ...result, notes: [...result.notes, note] }
  }
  if (request.output === undefined) {
    if (request.stdout === undefined) throw new InputError(name, null, 'needs somewhere to write')
    try {
      return await stoppableWrite(writer.write(documents(), request.stdout, context), request.signal)
    } catch (error) {
      throw writeFailure(standardOutputName(), error) // a full disk behind `> file`, say
    }
  }
  const streams = { stdout: request.stdout, stderr: request.stderr, signal: request.signal }
  return writeToFile(request.output, corpus.path, (out) => writer.write(documents(), out, context), streams)
}
