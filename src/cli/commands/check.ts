/** `marginalia check`: everything that can be wrong with a corpus. */
import type { Command } from 'commander'
import { CorpusFileError } from '../../core/errors'
import { checkCorpus } from '../../core/reports/check'
import { CorpusReader } from '../../core/store/reader'
import { plural } from '../../shared/text'
import { describeVersion } from '../describe-version'
import { EXIT } from '../failures'
import type { CliTools } from '../tools'

/** Registers `check` on `program`. */
export function registerCheck(program: Command, cli: CliTools): void {
  const { stdout, say } = cli
  program
    .command('check')
    .description('Check a corpus: SQLite integrity, schema version, foreign keys, label kinds, every offset inside its text. Exits 1 listing the problems.')
    .argument('<corpus>', 'corpus file (*.marginalia)')
    .action((corpusPath: string) => {
      let corpus: CorpusReader
      try {
        corpus = CorpusReader.open(corpusPath)
      } catch (error) {
        // A file that is no good corpus fails the check; one that cannot be read at all is a failure of storage (exit 3).
        if (!(error instanceof CorpusFileError) || !['file', 'corrupt'].includes(error.kind)) throw error
        say(`${corpusPath}: FAILED: ${error.reason}`)
        cli.exitWith(EXIT.refused)
        return
      }
      try {
        const report = checkCorpus(corpus)
        if (report.problems.length === 0) {
          stdout.write(`${corpusPath}: ok (${describeVersion(report.fileSchemaVersion, report.schemaVersion)}, ${plural(report.documents, 'document')})\n`)
        } else {
          say(`${corpusPath}: FAILED, ${plural(report.problems.length, 'problem')}`)
          for (const problem of report.problems) say(`  ${problem}`)
          cli.exitWith(EXIT.refused)
        }
      } finally {
        corpus.close()
      }
    })
}
