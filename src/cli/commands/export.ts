/** `marginalia export`: the corpus in any format Marginalia writes (JSONL by default), to stdout, a file or a folder. */
import { CommanderError, Option, type Command } from 'commander'
import { formatNamed, formatNames } from '../../core/formats/registry'
import { exportCorpus } from '../../core/export/export'
import { EXPORT_CACHE_MIB } from '../../core/export/jsonl'
import { OFFSET_UNITS } from '../../core/formats/units'
import { DOCUMENT_STATUSES, type DocumentStatus } from '../../shared/corpus-types'
import { listed, plural } from '../../shared/text'
import { AGREED, analystName, CURATED } from '../../shared/curation'
import type { CorpusReader } from '../../core/store/reader'
import { EXIT } from '../failures'
import { collect, reading, type CliTools } from '../tools'

/** Registers `export` on `program`. */
export function registerExport(program: Command, cli: CliTools): void {
  const { stdout, stderr, say } = cli
  program
    .command('export')
    .description('Write the corpus as JSONL (one document with its annotations per line, code point offsets) or, with --format, another format.')
    .argument('<corpus>', 'corpus file (*.marginalia)')
    .option('-o, --output <path>', 'write to FILE (replaced only once the export is complete; never a corpus) instead of stdout (as - does); a FOLDER for brat')
    .addOption(new Option('--format <name>', 'jsonl (default) or another format Marginalia writes: see marginalia formats').choices(formatNames(false)))
    .addOption(new Option('--offsets <unit>', "what exported offsets count (default: the format's own; code points for JSONL)").choices(OFFSET_UNITS))
    .option('--force', 'write into a folder that already holds files (folder formats)')
    .option('--status <status>', `only documents with this status (${DOCUMENT_STATUSES.join(', ')}); repeatable`, collect)
    .option('--label <name>', 'only annotations with this label; repeatable', collect)
    .option('--annotator <name>', 'only annotations by this annotator; repeatable (curated: the curated layer)', collect)
    .option('-q, --quiet', 'print no notes nor summary (warnings and errors still)')
    .option('--curated-or-agreed', 'the settled set: the curated layer where it has spoken, elsewhere what every analyst agreed on (annotator "agreed")')
    .action(async (corpusPath: string, options) => {
      if (options.output === '-') options.output = undefined // standard output, as - means everywhere else
      const statuses = options.status as string[] | undefined
      const badStatus = statuses?.find((s) => !(DOCUMENT_STATUSES as readonly string[]).includes(s))
      if (badStatus !== undefined) {
        throw new CommanderError(EXIT.usage, 'usage', `error: --status "${badStatus}" is not one of ${DOCUMENT_STATUSES.join(', ')}\n`)
      }
      if (formatNamed(options.format ?? 'jsonl')?.writer?.target === 'folder' && options.output === undefined) {
        throw new CommanderError(EXIT.usage, 'usage', `error: --format ${options.format} writes a folder of files: give one with -o FOLDER\n`)
      }
      const analyst = (options.annotator as string[] | undefined)?.find((name) => name !== CURATED && name !== AGREED)
      if (options.curatedOrAgreed === true && analyst !== undefined) {
        throw new CommanderError(
          EXIT.usage,
          'usage',
          `error: --annotator "${analyst}" with --curated-or-agreed would export nothing: the settled set holds only the curated layer's annotations and those the analysts agreed on (${CURATED}, ${AGREED})\n`,
        )
      }
      const filter = {
        statuses: statuses as DocumentStatus[] | undefined,
        labels: options.label,
        annotators: (options.annotator as string[] | undefined)?.map(analystName),
        settled: options.curatedOrAgreed === true,
      }
      const report = await reading(
        corpusPath,
        (corpus) => {
          for (const warning of filterWarnings(corpus, filter)) say(`warning: ${warning}`)
          return exportCorpus(corpus, { format: options.format, filter, offsets: options.offsets, output: options.output, stdout, stderr, force: options.force === true, signal: cli.signal })
        },
        { cacheMiB: EXPORT_CACHE_MIB },
      )
      if (options.quiet === true) return
      for (const note of report.notes) say(`note: ${note}`)
      if (options.output !== undefined) say(`exported ${plural(report.documents, 'document')} to ${options.output}`)
    })
}

/**
 * What a filter names that the corpus does not have (a typing slip, or a layer not made yet), which would
 * otherwise export every document with nothing in it and say nothing.
 */
function filterWarnings(corpus: CorpusReader, filter: { labels?: string[]; annotators?: string[]; settled: boolean }): string[] {
  const warnings: string[] = []
  const labels = [...new Set(corpus.labels().map((label) => label.name))]
  for (const name of filter.labels ?? []) {
    if (!labels.includes(name)) warnings.push(`--label "${name}" names no label of this corpus (${listed(labels)}): no annotation has it`)
  }
  const analysts = corpus.annotators()
  const spelled = new Set(analysts.map(analystName)) // a corpus written before names were composed may hold another spelling
  for (const name of filter.annotators ?? []) {
    if (spelled.has(analystName(name)) || (filter.settled && name === AGREED)) continue
    warnings.push(
      name === CURATED
        ? 'the curated layer is empty in this corpus (nothing has been curated yet)'
        : `--annotator "${name}" names no analyst of this corpus (${analysts.length === 0 ? 'it has none yet' : listed(analysts)}): no annotation is theirs`,
    )
  }
  return warnings
}
