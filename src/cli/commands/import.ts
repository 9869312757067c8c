/** `marginalia import`: bringing documents in from files of every format Marginalia reads, and folders of them. */
import { Option, type Command } from 'commander'
import { extname } from 'node:path'
import { realpathSync, statSync } from 'node:fs'
import { formatNames, readableExtensions } from '../../core/formats/registry'
import { InputError } from '../../core/errors'
import { importPaths, type ExistingRule, type ImportSummary } from '../../core/import/import'
import { describeImport, importWarnings } from '../../core/import/summary'
import { OFFSET_UNITS } from '../../core/formats/units'
import { readLabelFile } from '../../core/label-sets'
import { bratLabelSetOfInputs } from '../../core/formats/brat-conf'
import { notePlace, putPlaceBack } from '../../core/db/corpus-place'
import { Corpus } from '../../core/store/corpus'
import { progressReporter } from '../progress'
import { annotatorOption, type CliTools } from '../tools'

/** Registers `import` on `program`. */
export function registerImport(program: Command, cli: CliTools): void {
  const { stderr, say } = cli
  program
    .command('import')
    .description('Import documents and their annotations into CORPUS, making it if missing: plain .txt, JSONL (Marginalia, Prodigy, spaCy, doccano), brat, CoNLL, W3C Web Annotation and Label Studio files (see marginalia formats), or folders of them. Bad input refuses the whole run, writing nothing; a large input is written in batches (Ctrl+C stops between them: run the same command again to import the rest).')
    .argument('<corpus>', 'corpus file (*.marginalia)')
    .argument('<paths...>', 'files of any format Marginalia reads (see marginalia formats), or folders searched for them')
    .option('--labels <file>', 'JSON label set for a corpus this import makes (default: the news label set)')
    .option('--add-labels', 'add labels the corpus lacks instead of refusing them')
    .option('--skip-invalid', 'import the valid records and list the invalid ones instead of refusing the run')
    .addOption(
      new Option(
        '--existing <rule>',
        "what to do with a document whose id the corpus already has: keep it, replace it, refuse the record, or join: add the record's annotations to it (another analyst's work on the same text)",
      )
        .choices(['skip', 'replace', 'error', 'join'])
        .default('skip'),
    )
    .option('--annotator <name>', 'annotator of annotations that name none (default: $MARGINALIA_ANNOTATOR or your user name; curated: into the curated layer, as a gold standard)')
    .addOption(new Option('--format <name>', 'read every input as this format (default: each file as its extension and content say; see marginalia formats)').choices(formatNames(true)))
    .addOption(new Option('--offsets <unit>', "what the input's offsets count (default: the format's own; code points for JSONL)").choices(OFFSET_UNITS))
    .addOption(
      new Option('--answers <which>', 'Prodigy records: take spans from accepted ones only, or from all (marked in attrs.answer)').choices(['accepted', 'all']).default('accepted'),
    )
    .option('-q, --quiet', 'print neither progress nor summary')
    .action(async (corpusPath: string, paths: string[], options) => {
      // A brat folder declares its label set (annotation.conf): a corpus made from it takes that set (unless
      // --labels says otherwise), and labels added with --add-labels take their definitions from it.
      const annotator = annotatorOption(options.annotator, true) // before anything is made
      const declared = bratLabelSetOfInputs(paths) ?? undefined
      const given = options.labels ? readLabelFile(options.labels) : undefined
      refuseEmptyInputAsCorpus(corpusPath)
      refuseCorpusAsInput(corpusPath, paths)
      const place = notePlace(corpusPath) // put back if the run is refused before writing anything
      const corpus = Corpus.open(corpusPath, { create: true, labels: given ?? declared })
      if (given !== undefined && !corpus.created) {
        corpus.close()
        throw new InputError(corpusPath, null, 'already exists; --labels only sets the label set of a new corpus')
      }
      const progress = progressReporter(stderr, 'importing', options.quiet !== true)
      let summary: ImportSummary
      try {
        summary = await importPaths(corpus, paths, {
          annotator,
          addLabels: options.addLabels === true,
          declaredLabels: declared,
          skipInvalid: options.skipInvalid === true,
          existing: options.existing as ExistingRule,
          onProgress: (done, total) => progress.update(done, total),
          signal: cli.signal,
          format: options.format,
          offsets: options.offsets,
          answers: options.answers,
        })
      } catch (error) {
        // A corpus this run made is taken back, the name left as it was found, unless some of the import was written to it.
        const empty = corpus.documentCounts().documents === 0
        corpus.close()
        if (corpus.created && empty) putPlaceBack(place)
        throw error
      } finally {
        progress.stop()
      }
      corpus.close()
      for (const problem of summary.invalid) say(`skipped ${problem.message}`)
      for (const warning of importWarnings(summary)) say(`warning: ${warning}`)
      // A corpus made with the default label set, from records whose spans carry choices a label set elsewhere declared
      // (a JSONL export's checkworthy): said, since the editor and the agreement figures only know declared ones.
      const undeclared = Object.entries(summary.undeclaredAttributes).map(([label, keys]) => `${label}: ${keys.join(', ')}`)
      if (corpus.created && given === undefined && declared === undefined && undeclared.length > 0) {
        say(
          `warning: spans carry attributes no label of the new corpus declares (${undeclared.join('; ')}): they are kept, but the editor offers no choice of them and agreement does not compare them. ` +
            'To carry a corpus\'s label set, import into a new corpus with --labels FILE (made by marginalia labels CORPUS --json); or declare them afterwards with marginalia labels CORPUS --define FILE',
        )
      }
      if (!options.quiet) say(describeImport(summary, { annotatorNamed: options.annotator !== undefined }))
    })
}

/**
 * An empty file named as input (`notes.txt`, `day.jsonl`) given where the corpus goes is the two arguments
 * swapped, not a corpus to make: an empty file becomes a corpus when it is given as one, so this one would have
 * been made into SQLite without a word.
 */
function refuseEmptyInputAsCorpus(corpusPath: string): void {
  const extension = extname(corpusPath).toLowerCase()
  if (!readableExtensions().includes(extension)) return
  let empty = false
  try {
    const stats = statSync(corpusPath)
    empty = stats.isFile() && stats.size === 0
  } catch {
    return // not there: made as named, as any corpus
  }
  if (empty) throw new InputError(corpusPath, null, `is an empty ${extension} file, a kind import reads, not a corpus: the corpus comes first (marginalia import CORPUS FILES...)`)
}

/** The corpus named again among the inputs (a slip of the shell's history): said as such, not as a corpus to merge. */
function refuseCorpusAsInput(corpusPath: string, paths: readonly string[]): void {
  const real = (path: string): string | null => {
    try {
      return realpathSync(path)
    } catch {
      return null // not there (yet): the import says so, or makes the corpus
    }
  }
  const corpus = real(corpusPath)
  if (corpus === null) return
  const again = paths.find((path) => real(path) === corpus)
  if (again !== undefined) throw new InputError(again, null, 'is the corpus this import writes into, named again as input')
}
