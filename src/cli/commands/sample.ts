/** `marginalia sample`: a new corpus holding the sample article. */
import type { Command } from 'commander'
import { describeImport } from '../../core/import/summary'
import { createSampleCorpus } from '../../core/sample'
import { annotatorOption, type CliTools } from '../tools'

/** Registers `sample` on `program`. */
export function registerSample(program: Command, cli: CliTools): void {
  const { say } = cli
  program
    .command('sample')
    .description('Make a new corpus holding the sample article(s) shipped with Marginalia.')
    .argument('<corpus>', 'corpus file to make (must not exist)')
    .option('--annotator <name>', 'annotator recorded for the corpus (default: $MARGINALIA_ANNOTATOR or your user name)')
    .option('-q, --quiet', 'print nothing when it is done')
    .action((corpusPath: string, options) => {
      const summary = createSampleCorpus(corpusPath, { annotator: annotatorOption(options.annotator), sampleDir: cli.sampleDir })
      if (options.quiet !== true) say(`made ${corpusPath}: ${describeImport(summary)}`)
    })
}
