/** `marginalia merge`: bringing other corpora's documents and annotations into a corpus. */
import { existsSync, statSync } from 'node:fs'
import type { Command } from 'commander'
import { plural } from '../../shared/text'
import { caseOnlyNamesWarning } from '../../shared/analyst-spellings'
import { CURATED } from '../../shared/curation'
import type { LabelDefinition } from '../../shared/corpus-types'
import { describeMerge, mergeCorpora, type MergeSummary } from '../../core/merge/merge'
import { placesAndRelations } from '../../core/merge/summary'
import { notePlace, putPlaceBack } from '../../core/db/corpus-place'
import { Corpus } from '../../core/store/corpus'
import { progressReporter } from '../progress'
import { reading, type CliTools } from '../tools'

/** The label set of the corpus at `path`, to give a corpus that a merge from it makes. */
async function labelSetOf(path: string): Promise<LabelDefinition[]> {
  return reading(path, (corpus) => corpus.labels().map(({ id: _id, ...definition }) => definition))
}

/** Total size in bytes of the files at `paths` (the scale of the progress bar; a file not found counts 0). */
function totalSize(paths: readonly string[]): number {
  return paths.reduce((sum, path) => sum + (statSync(path, { throwIfNoEntry: false })?.size ?? 0), 0)
}

/** Registers `merge` on `program`. */
export function registerMerge(program: Command, cli: CliTools): void {
  const { stderr, say } = cli
  program
    .command('merge')
    .description(
      'Merge the documents and annotations of FROM corpora into INTO, making it (with the first source\'s label set) if missing. ' +
        'Documents match by id and text; one whose text differs is listed and left alone. Annotations INTO already has are not added ' +
        'again, so merging twice changes nothing. The sources are only read. Written in batches: Ctrl+C stops between them, and ' +
        'running the same merge again completes it.',
    )
    .argument('<into>', 'corpus merged into (*.marginalia)')
    .argument('<from...>', 'corpora merged from; never changed')
    .option('--add-labels', 'copy labels INTO lacks from the sources instead of refusing the merge')
    .option('-q, --quiet', 'print neither progress nor summary')
    .action(async (into: string, from: string[], options: { addLabels?: boolean; quiet?: boolean }) => {
      const existed = existsSync(into)
      const labels = existed ? undefined : await labelSetOf(from[0])
      const place = notePlace(into) // put back if the run is refused before writing anything
      const corpus = Corpus.open(into, { create: true, labels })
      const documentsBefore = corpus.documentCounts().documents
      const progress = progressReporter(stderr, 'merging', options.quiet !== true)
      const bytes = totalSize(from)
      let summary: MergeSummary
      try {
        summary = await mergeCorpora(corpus, from, {
          addLabels: options.addLabels === true,
          // Drawn in bytes of the sources, as far as the documents done go.
          onProgress: (done, total) => progress.update(total === 0 ? bytes : Math.round((done / total) * bytes), bytes),
          signal: cli.signal,
        })
      } catch (error) {
        // A corpus this run made is taken back, the name left as it was found, unless some of the merge was written to it.
        const empty = corpus.documentCounts().documents === 0
        corpus.close()
        if (corpus.created && empty) putPlaceBack(place)
        throw error
      } finally {
        progress.stop()
      }
      const analysts = corpus.annotators()
      corpus.close()
      for (const { source, document } of summary.total.textDiffers) {
        say(`${source}: document "${document}" left alone: its text differs from the one in ${into}`)
      }
      for (const { source, document, id, reason } of summary.total.spansRefused) say(`${source}: document "${document}": span ${id} not merged: ${reason}`)
      for (const { source, document, id, reason } of summary.total.relationsRefused) {
        say(`${source}: document "${document}": relation ${id} not merged: ${reason}`)
      }
      for (const { source, document, id, reason } of summary.total.spanAttributesKept) {
        say(`warning: ${source}: document "${document}": span ${id}'s attributes (its note, flags) not taken: ${reason}`)
      }
      for (const { source, document, kept, theirs } of summary.total.statusesDiffering) {
        say(`warning: ${source}: document "${document}" is ${theirs} there and ${kept} in ${into}: kept ${kept} (a document holds one status; a source's is taken only where ${into}'s is todo)`)
      }
      for (const { source, document, places } of summary.total.settlingsMet) {
        const one = places.length === 1
        say(
          `warning: ${source}: document "${document}": its curated layer settled ${placesAndRelations(places)} otherwise than ${into}'s (${places.join(', ')}): ` +
            `both settlings are kept; curation shows ${one ? 'it' : 'each'} as "two settlings meet here" until a curator accepts one version, and the settled export leaves ${one ? 'it' : 'them'} out`,
        )
      }
      for (const line of [...summary.total.labelsDiffering, ...earlierWorkWarnings(summary, into)]) say(`warning: ${line}`)
      const spellings = caseOnlyNamesWarning(analysts)
      if (spellings !== null) say(`warning: ${into}: ${spellings}`)
      // A typing slip in the target's name makes a new corpus; a source of another project shares no document with it.
      if (!existed) say(`note: ${into} did not exist: it was made for this merge`)
      else if (documentsBefore > 0) {
        for (const source of summary.sources) if (source.documentsMerged === 0 && source.documentsAdded > 0 && source.textDiffers.length === 0) say(`warning: ${source.source}: shares no document with ${into} (another project's corpus?): its ${plural(source.documentsAdded, 'document')} added`)
      }
      if (options.quiet !== true) say(describeMerge(summary))
    })
}

/**
 * The line for the curated layer of `source` that lacks `spans` curated spans `into` holds in `documents` documents:
 * another curator's copy settles otherwise or elsewhere, which merging keeps beside it, rather than an analyst's
 * earlier work to be cleared by merging into a fresh copy.
 */
function curatedWorkWarning(source: string, into: string, noneInSource: boolean, documents: number, spans: number): string {
  const held = `${into} holds ${plural(spans, 'curated span')} in ${plural(documents, 'document')}`
  return noneInSource
    ? `${source}: ${held} where this source's curated layer has nothing: if curation of ${documents === 1 ? 'it' : 'them'} was done in another copy, nothing is amiss; ` +
        `if a curator unsettled ${documents === 1 ? 'it' : 'them'} in this copy, the settlings are still in ${into} (merging only adds)`
    : `${source}: ${held} that this source's curated layer does not have: both curated layers are in ${into} now (merging only adds); ` +
        `where they settle a place otherwise, curation shows "two settlings meet here" until a curator accepts one version`
}

/**
 * One line per source and analyst whose work in `into` differed from the source's: merging only adds, so the
 * earlier version stays beside the latest, which a team merging again after more work would not see otherwise.
 */
function earlierWorkWarnings(summary: MergeSummary, into: string): string[] {
  const grouped = new Map<string, { source: string; annotator: string; noneInSource: boolean; documents: number; spans: number }>()
  for (const work of summary.total.earlierWork) {
    const key = JSON.stringify([work.source, work.annotator, work.noneInSource])
    const group = grouped.get(key) ?? { source: work.source, annotator: work.annotator, noneInSource: work.noneInSource, documents: 0, spans: 0 }
    group.documents++
    group.spans += work.spans
    grouped.set(key, group)
  }
  const fresh = 'To keep only the latest work, merge the latest copies into a fresh copy of the corpus they started from (docs/merge.md)'
  return [...grouped.values()].map(({ source, annotator, noneInSource, documents, spans }) =>
    annotator === CURATED
      ? curatedWorkWarning(source, into, noneInSource, documents, spans)
      : noneInSource
      ? `${source}: ${into} holds ${plural(spans, 'span')} of ${annotator} in ${plural(documents, 'document')} where this source has none of theirs: ` +
        `if they removed them in this copy, they are still in ${into} (merging only adds; ${fresh.charAt(0).toLowerCase()}${fresh.slice(1)}); ` +
        'if they tagged those documents in another copy, nothing is amiss'
      : `${source}: ${annotator}'s work differs from what ${into} held for them in ${plural(documents, 'document')} ` +
        `(${plural(spans, 'span')} there that this source does not have): merging only adds, so both versions are in ${into} now. ${fresh}`,
  )
}
