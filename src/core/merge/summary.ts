/** What a merge did, per source and in total, and the one line the CLI prints and the app shows. */
import { plural } from '../../shared/text'
import type { DocumentStatus } from '../../shared/corpus-types'
import { CURATED } from '../../shared/curation'
import { RELATION_OVER } from './settlings'

/** A document of a source left alone because its text is not the text the target has under the same id. */
export interface TextDiffers {
  /** External id of the document. */
  document: string
  /** Path of the source corpus. */
  source: string
}

/** An annotation of a source that was not merged, and why. */
export interface RefusedAnnotation {
  /** Path of the source corpus. */
  source: string
  /** External id of the document. */
  document: string
  /** Id of the span or relation in the source. */
  id: number
  /** Why the target does not take it. */
  reason: string
}

/** `2 places and 1 relation`: how many of `met` (as `settlingsMetIn` names them) are places and how many relations. */
export function placesAndRelations(met: readonly string[]): string {
  const relations = met.filter((item) => item.startsWith(RELATION_OVER)).length
  const places = met.length - relations
  return [places > 0 ? plural(places, 'place') : '', relations > 0 ? plural(relations, 'relation') : ''].filter((part) => part !== '').join(' and ')
}

/** A document where the merge made two curators' settlings meet: curation shows each place as such until one version is accepted. */
export interface SettlingsMet {
  /** Path of the source corpus. */
  source: string
  /** External id of the document. */
  document: string
  /** Each place (`start-end`, code points) and then each relation (`the relation over start-end`) where they meet. */
  places: string[]
}

/**
 * An analyst's spans in a merged document that the target held and the source does not, though the source has
 * that analyst's work there: an earlier version of it (the analyst changed or removed them since), which merging,
 * as it only adds, keeps beside the source's.
 */
export interface EarlierWork {
  /** Path of the source corpus. */
  source: string
  /** External id of the document. */
  document: string
  annotator: string
  /** How many of the analyst's spans in the target the source lacks. */
  spans: number
  /**
   * True when the source's document holds no span of theirs: they removed them all there, or never tagged it in
   * that copy (their work split over two copies); nothing the files keep tells the two apart.
   */
  noneInSource: boolean
}

/** A document one source says is done and the target skipped, or the other way round. */
export interface StatusDiffering {
  /** Path of the source corpus. */
  source: string
  /** External id of the document. */
  document: string
  /** The target's status, kept. */
  kept: DocumentStatus
  /** The source's. */
  theirs: DocumentStatus
}

/** The counts of a merge, for one source or for all. */
export interface MergeCounts {
  /** Documents the target lacked, added whole with their annotations. */
  documentsAdded: number
  /** Documents the target had with the same text, whose annotations were merged. */
  documentsMerged: number
  /** Documents left alone (in the target and in the source) because their texts differ. */
  textDiffers: TextDiffers[]
  spansAdded: number
  spansAlreadyPresent: number
  /** Of those, spans whose attributes (a note, the unsure flag...) the source changed later: taken from it. */
  spanAttributesTaken: number
  /** Spans present in both with other attributes, changed later in the target: its attributes kept. */
  spanAttributesKept: RefusedAnnotation[]
  /** Spans not taken (only from a damaged source: a span that ends past its text). */
  spansRefused: RefusedAnnotation[]
  relationsAdded: number
  relationsAlreadyPresent: number
  /** Relations not taken, mostly because the target's label rules refuse their ends. */
  relationsRefused: RefusedAnnotation[]
  documentLabelsAdded: number
  documentLabelsAlreadyPresent: number
  /** Documents whose status was `todo` in the target and became the source's `done` or `skipped`. */
  statusesTaken: number
  /** Documents `done` in one of the target and a source and `skipped` in the other: the target's kept. */
  statusesDiffering: StatusDiffering[]
  /** Labels added to the target's label set (only with `addLabels`), as `kind:name`. */
  labelsAdded: string[]
  /** Earlier versions of the sources' analysts' work that the target holds, kept beside theirs. */
  earlierWork: EarlierWork[]
  /** Labels a source uses that the target defines otherwise (the target's kept), as lines a person reads. */
  labelsDiffering: string[]
  /** Documents where a source's curated layer settled a place or relation otherwise than the target's: both kept. */
  settlingsMet: SettlingsMet[]
}

/** What a merge took from one source. */
export interface SourceMergeSummary extends MergeCounts {
  /** Path of the source corpus, as given. */
  source: string
}

/** What a merge did: per source, in the order given, and in total. */
export interface MergeSummary {
  /** Path of the target corpus. */
  target: string
  sources: SourceMergeSummary[]
  total: MergeCounts
}

/** Counts of nothing done yet. */
export function emptyCounts(): MergeCounts {
  return {
    documentsAdded: 0,
    documentsMerged: 0,
    textDiffers: [],
    spansAdded: 0,
    spansAlreadyPresent: 0,
    spanAttributesTaken: 0,
    spanAttributesKept: [],
    spansRefused: [],
    relationsAdded: 0,
    relationsAlreadyPresent: 0,
    relationsRefused: [],
    documentLabelsAdded: 0,
    documentLabelsAlreadyPresent: 0,
    statusesTaken: 0,
    statusesDiffering: [],
    labelsAdded: [],
    earlierWork: [],
    labelsDiffering: [],
    settlingsMet: [],
  }
}

/** Adds the counts of `more` to `into` (lists are appended). */
export function addCounts(into: MergeCounts, more: MergeCounts): void {
  into.documentsAdded += more.documentsAdded
  into.documentsMerged += more.documentsMerged
  into.textDiffers.push(...more.textDiffers)
  into.spansAdded += more.spansAdded
  into.spansAlreadyPresent += more.spansAlreadyPresent
  into.spanAttributesTaken += more.spanAttributesTaken
  into.spanAttributesKept.push(...more.spanAttributesKept)
  into.spansRefused.push(...more.spansRefused)
  into.relationsAdded += more.relationsAdded
  into.relationsAlreadyPresent += more.relationsAlreadyPresent
  into.relationsRefused.push(...more.relationsRefused)
  into.documentLabelsAdded += more.documentLabelsAdded
  into.documentLabelsAlreadyPresent += more.documentLabelsAlreadyPresent
  into.statusesTaken += more.statusesTaken
  into.statusesDiffering.push(...more.statusesDiffering)
  into.labelsAdded.push(...more.labelsAdded)
  into.earlierWork.push(...more.earlierWork)
  into.labelsDiffering.push(...more.labelsDiffering)
  into.settlingsMet.push(...more.settlingsMet)
}

/** The summary of a merge into `target` from the sources' counts so far (copied, so later counting leaves it be). */
export function summarise(target: string, sources: readonly SourceMergeSummary[]): MergeSummary {
  const total = emptyCounts()
  const copies = sources.map((source) => {
    const copy: SourceMergeSummary = { source: source.source, ...emptyCounts() }
    addCounts(copy, source)
    addCounts(total, source)
    return copy
  })
  return { target, sources: copies, total }
}

/** True if the merge counted by `counts` wrote anything to the target. */
export function wroteAnything(counts: MergeCounts): boolean {
  return (
    counts.documentsAdded + counts.spansAdded + counts.spanAttributesTaken + counts.relationsAdded + counts.documentLabelsAdded + counts.statusesTaken > 0 ||
    counts.labelsAdded.length > 0
  )
}

/**
 * One line: how many sources went into which corpus; documents added, merged and left alone; spans,
 * relations and document labels added, already present and refused; statuses taken; labels added.
 */
export function describeMerge(summary: MergeSummary): string {
  const t = summary.total
  const documents = [`${plural(t.documentsAdded, 'document')} added`, `${t.documentsMerged} merged`]
  if (t.textDiffers.length > 0) documents.push(`${t.textDiffers.length} left alone because the texts differ`)
  const annotations = (added: number, present: number, refused: number): string =>
    `${added} added, ${present} already present${refused > 0 ? `, ${refused} refused` : ''}`
  const parts = [
    `merged ${plural(summary.sources.length, 'source')} into ${summary.target}: ${documents.join(', ')}`,
    `spans ${annotations(t.spansAdded, t.spansAlreadyPresent, t.spansRefused.length)}`,
    `relations ${annotations(t.relationsAdded, t.relationsAlreadyPresent, t.relationsRefused.length)}`,
    `document labels ${annotations(t.documentLabelsAdded, t.documentLabelsAlreadyPresent, 0)}`,
  ]
  if (t.spanAttributesTaken > 0) parts.push(`the attributes (notes, flags, declared values such as a Claim's checkworthy) of ${plural(t.spanAttributesTaken, 'span')} taken from the sources, which changed them later`)
  if (t.spanAttributesKept.length > 0) {
    parts.push(`${plural(t.spanAttributesKept.length, 'span')} with other attributes in the sources kept as ${summary.target} has them, changed there later`)
  }
  if (t.statusesTaken > 0) parts.push(`${t.statusesTaken} ${t.statusesTaken === 1 ? 'status' : 'statuses'} taken from the sources`)
  if (t.statusesDiffering.length > 0) parts.push(`${plural(t.statusesDiffering.length, 'status')} differing in the sources kept as ${summary.target} has ${t.statusesDiffering.length === 1 ? 'it' : 'them'}`)
  if (t.labelsAdded.length > 0) parts.push(`labels added: ${t.labelsAdded.join(', ')}`)
  const met = t.settlingsMet.flatMap((document) => document.places)
  if (met.length > 0) parts.push(`curators' settlings meet at ${placesAndRelations(met)} (both kept, to settle again in curation)`)
  const changed = t.earlierWork.filter((work) => !work.noneInSource && work.annotator !== CURATED)
  if (changed.length > 0) {
    const analysts = [...new Set(changed.map((work) => work.annotator))].sort()
    parts.push(`earlier work of ${analysts.join(', ')} kept beside the sources' in ${plural(new Set(changed.map((w) => w.document)).size, 'document')} (merging only adds)`)
  }
  return parts.join('; ')
}
