/**
 * The `marginalia` command line: import, export, stats, check, labels and sample, on the same corpus core as
 * the app. `runCli` takes its streams as arguments so tests run it in-process.
 */
import { existsSync, rmSync } from 'node:fs'
import type { Writable } from 'node:stream'
import { Command, CommanderError, Option } from 'commander'
import { DOCUMENT_STATUSES, type DocumentStatus } from '../shared/corpus-types'
import { plural } from '../shared/text'
import { defaultAnnotator } from '../core/annotator'
import { CorpusFileError, InputError } from '../core/errors'
import { exportToFile } from '../core/export/to-file'
import { writeJsonl } from '../core/export/jsonl'
import { importPaths, type ExistingRule, type ImportSummary } from '../core/import/import'
import { describeImport } from '../core/import/summary'
import { readLabelFile } from '../core/label-sets'
import { checkCorpus } from '../core/reports/check'
import { corpusStats, type CorpusStats } from '../core/reports/stats'
import { createSampleCorpus } from '../core/sample'
import { Corpus } from '../core/store/corpus'
import { CorpusReader } from '../core/store/reader'
import { describeFailure, EXIT, EXIT_CODES_HELP, isBrokenPipe } from './failures'
import { progressReporter } from './progress'

/** Where the CLI writes, and where it finds the files shipped with Marginalia. */
export interface CliContext {
  stdout: Writable & { isTTY?: boolean }
  stderr: Writable & { isTTY?: boolean }
  /** Folder of the sample articles (default: the ones shipped with Marginalia). */
  sampleDir?: string
  /** Aborted by Ctrl+C: a long import or export stops, cleans up and says what it left. */
  signal?: AbortSignal
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value]

/** "schema version 2", or for an older file read as it would be upgraded, both versions. */
function describeVersion(fileVersion: number, readAs: number): string {
  return fileVersion === readAs
    ? `schema version ${fileVersion}`
    : `schema version ${fileVersion}, read as version ${readAs} (opening it to write upgrades the file)`
}

function formatStats(stats: CorpusStats): string {
  const lines = [
    describeVersion(stats.fileSchemaVersion, stats.schemaVersion),
    `documents: ${stats.documents} (${DOCUMENT_STATUSES.map((s) => `${s} ${stats.documentsByStatus[s]}`).join(', ')})`,
  ]
  for (const [title, total, counts] of [
    ['spans', stats.spans, stats.spansByLabel],
    ['relations', stats.relations, stats.relationsByLabel],
    ['document labels', stats.documentLabels, stats.documentLabelsByLabel],
  ] as const) {
    lines.push(`${title}: ${total}`)
    for (const count of counts) lines.push(`  ${count.label.padEnd(16)} ${count.annotator.padEnd(16)} ${count.count}`)
  }
  return `${lines.join('\n')}\n`
}

/** Opens `path` for reading, runs `use` on it, and closes it however `use` ends. */
async function reading<T>(path: string, use: (corpus: CorpusReader) => T | Promise<T>): Promise<T> {
  const corpus = CorpusReader.open(path)
  try {
    return await use(corpus)
  } finally {
    corpus.close()
  }
}

/** Runs the CLI on `argv` (without `node` and the script) and resolves to the exit code. */
export async function runCli(argv: readonly string[], context: CliContext): Promise<number> {
  const { stdout, stderr } = context
  const say = (text: string): void => void stderr.write(`${text}\n`)
  let exitCode: number = EXIT.ok
  /** The corpus the running command works on, named in its failures. */
  let corpusOfCommand: string | undefined

  const program = new Command('marginalia')
    .description('Marginalia corpus tools: import documents, export annotations as JSONL, count and check corpora.')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeOut: (text) => stdout.write(text), writeErr: (text) => stderr.write(text) })
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `\nOffsets everywhere are Unicode code points: Python's text[start:end] is the span text.\nRun "marginalia COMMAND --help" for the options of a command.\n${EXIT_CODES_HELP}`,
    )
    .hook('preAction', (_program, command) => {
      corpusOfCommand = command.args[0]
    })

  program
    .command('import')
    .description('Import .txt files, folders of them and .jsonl files into CORPUS, making it if missing. One transaction: bad input refuses the whole run.')
    .argument('<corpus>', 'corpus file (*.marginalia)')
    .argument('<paths...>', '.txt or .jsonl files, or folders searched for them')
    .option('--labels <file>', 'JSON label set for a corpus this import makes (default: the news label set)')
    .option('--add-labels', 'add labels the corpus lacks instead of refusing them')
    .option('--skip-invalid', 'import the valid records and list the invalid ones instead of refusing the run')
    .addOption(
      new Option('--existing <rule>', 'what to do with a document whose id the corpus already has')
        .choices(['skip', 'replace', 'error'])
        .default('skip'),
    )
    .option('--annotator <name>', 'annotator of annotations that name none (default: $MARGINALIA_ANNOTATOR or your user name)')
    .option('-q, --quiet', 'print neither progress nor summary')
    .action(async (corpusPath: string, paths: string[], options) => {
      const existed = existsSync(corpusPath)
      if (existed && options.labels) {
        throw new InputError(corpusPath, null, 'already exists; --labels only sets the label set of a new corpus')
      }
      const labels = options.labels ? readLabelFile(options.labels) : undefined
      const corpus = Corpus.open(corpusPath, { create: true, labels })
      const progress = progressReporter(stderr, 'importing', options.quiet !== true)
      let summary: ImportSummary
      try {
        summary = await importPaths(corpus, paths, {
          annotator: options.annotator ?? defaultAnnotator(),
          addLabels: options.addLabels === true,
          skipInvalid: options.skipInvalid === true,
          existing: options.existing as ExistingRule,
          onProgress: (done, total) => progress.update(done, total),
          signal: context.signal,
        })
      } catch (error) {
        // A corpus this run made is removed again unless some of the import was written to it.
        const empty = corpus.documentCounts().documents === 0
        corpus.close()
        if (!existed && empty) for (const file of [corpusPath, `${corpusPath}-journal`]) rmSync(file, { force: true })
        throw error
      } finally {
        progress.stop()
      }
      corpus.close()
      for (const problem of summary.invalid) say(`skipped ${problem.message}`)
      if (!options.quiet) say(describeImport(summary))
    })

  program
    .command('export')
    .description('Write the corpus as JSONL, one document with its annotations per line (code point offsets).')
    .argument('<corpus>', 'corpus file (*.marginalia)')
    .option('-o, --output <file>', 'write to FILE (replaced only once the export is complete) instead of stdout')
    .option('--status <status>', `only documents with this status (${DOCUMENT_STATUSES.join(', ')}); repeatable`, collect)
    .option('--label <name>', 'only annotations with this label; repeatable', collect)
    .option('--annotator <name>', 'only annotations by this annotator; repeatable', collect)
    .action(async (corpusPath: string, options) => {
      const statuses = options.status as string[] | undefined
      const badStatus = statuses?.find((s) => !(DOCUMENT_STATUSES as readonly string[]).includes(s))
      if (badStatus !== undefined) {
        throw new CommanderError(EXIT.usage, 'usage', `error: --status "${badStatus}" is not one of ${DOCUMENT_STATUSES.join(', ')}\n`)
      }
      const filter = { statuses: statuses as DocumentStatus[] | undefined, labels: options.label, annotators: options.annotator }
      await reading(corpusPath, async (corpus) => {
        if (options.output === undefined) await writeJsonl(corpus, stdout, filter, context.signal)
        else say(`exported ${plural(await exportToFile(corpus, options.output, filter, context.signal), 'document')} to ${options.output}`)
      })
    })

  program
    .command('stats')
    .description('Count documents by status and annotations by label and annotator.')
    .argument('<corpus>', 'corpus file (*.marginalia)')
    .option('--json', 'print the figures as JSON')
    .action(async (corpusPath: string, options) => {
      const stats = await reading(corpusPath, corpusStats)
      stdout.write(options.json ? `${JSON.stringify(stats, null, 2)}\n` : formatStats(stats))
    })

  program
    .command('check')
    .description('Check a corpus: SQLite integrity, schema version, foreign keys, label kinds, every offset inside its text. Exits 1 listing the problems.')
    .argument('<corpus>', 'corpus file (*.marginalia)')
    .action((corpusPath: string) => {
      let corpus: CorpusReader
      try {
        corpus = CorpusReader.open(corpusPath)
      } catch (error) {
        if (!(error instanceof CorpusFileError)) throw error
        say(`${corpusPath}: FAILED\n  ${error.reason}`)
        exitCode = EXIT.refused
        return
      }
      try {
        const report = checkCorpus(corpus)
        if (report.problems.length === 0) {
          stdout.write(`${corpusPath}: ok (${describeVersion(report.fileSchemaVersion, report.schemaVersion)}, ${plural(report.documents, 'document')})\n`)
        } else {
          say(`${corpusPath}: FAILED, ${plural(report.problems.length, 'problem')}`)
          for (const problem of report.problems) say(`  ${problem}`)
          exitCode = EXIT.refused
        }
      } finally {
        corpus.close()
      }
    })

  program
    .command('labels')
    .description('Print the label set of a corpus; --json prints it in the format --labels reads.')
    .argument('<corpus>', 'corpus file (*.marginalia)')
    .option('--json', 'print as a JSON label file')
    .action(async (corpusPath: string, options) => {
      const labels = await reading(corpusPath, (corpus) => corpus.labels().map(({ id: _id, ...label }) => label))
      if (options.json) stdout.write(`${JSON.stringify(labels, null, 2)}\n`)
      else {
        for (const label of labels) {
          const ends = label.kind === 'relation' ? ` (${label.head?.join('|') ?? 'any'} -> ${label.child?.join('|') ?? 'any'})` : ''
          stdout.write(`${label.kind.padEnd(9)} ${(label.hotkey ?? '-').padEnd(2)} ${label.name}${ends}: ${label.description}\n`)
        }
      }
    })

  program
    .command('sample')
    .description('Make a new corpus holding the sample article(s) shipped with Marginalia.')
    .argument('<corpus>', 'corpus file to make (must not exist)')
    .option('--annotator <name>', 'annotator recorded for the corpus (default: $MARGINALIA_ANNOTATOR or your user name)')
    .action((corpusPath: string, options) => {
      const summary = createSampleCorpus(corpusPath, { annotator: options.annotator ?? defaultAnnotator(), sampleDir: context.sampleDir })
      say(`made ${corpusPath}: ${describeImport(summary)}`)
    })

  try {
    await program.parseAsync(argv, { from: 'user' })
    return exitCode
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'usage') stderr.write(error.message)
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage
    }
    if (isBrokenPipe(error)) return EXIT.ok // the reader of our output has all it wanted
    const { lines, code } = describeFailure(error, corpusOfCommand)
    for (const line of lines) say(line)
    return code
  }
}
