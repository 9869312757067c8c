/** `marginalia export`: the corpus as JSONL, to stdout or a file. */
import { CommanderError, type Command } from 'commander'
import { writeJsonl } from '../../core/export/jsonl'
import { exportToFile } from '../../core/export/to-file'
import { DOCUMENT_STATUSES, type DocumentStatus } from '../../shared/corpus-types'
import { plural } from '../../shared/text'
import { EXIT } from '../failures'
import { collect, reading, type CliTools } from '../tools'

/** Registers `export` on `program`. */
export function registerExport(program: Command, cli: CliTools): void {
  const { stdout, say } = cli
  program
    .command('export')
    .description('Write the corpus as JSONL, one document with its annotations per line (code point offsets).')
    .argument('<corpus>', 'corpus file (*.marginalia)')
    .option('-o, --output <file>', 'write to FILE (replaced only once the export is complete) instead of stdout')
    .option('--status <status>', `only documents with this status (${DOCUMENT_STATUSES.join(', ')}); repeatable`, collect)
    .option('--label <name>', 'only annotations with this label; repeatable', collect)
    .option('--annotator <name>', 'only annotations by this annotator; repeatable (curated: the curated layer)', collect)
    .option('--curated-or-agreed', 'the settled set: the curated layer where it has spoken, elsewhere what every analyst agreed on (annotator "agreed")')
    .action(async (corpusPath: string, options) => {
      const statuses = options.status as string[] | undefined
      const badStatus = statuses?.find((s) => !(DOCUMENT_STATUSES as readonly string[]).includes(s))
      if (badStatus !== undefined) {
        throw new CommanderError(EXIT.usage, 'usage', `error: --status "${badStatus}" is not one of ${DOCUMENT_STATUSES.join(', ')}\n`)
      }
      const filter = {
        statuses: statuses as DocumentStatus[] | undefined,
        labels: options.label,
        annotators: options.annotator,
        settled: options.curatedOrAgreed === true,
      }
      await reading(corpusPath, async (corpus) => {
        if (options.output === undefined) await writeJsonl(corpus, stdout, filter, cli.signal)
        else say(`exported ${plural(await exportToFile(corpus, options.output, filter, cli.signal), 'document')} to ${options.output}`)
      })
    })
}
