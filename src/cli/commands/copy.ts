/** `marginalia copy`: a consistent, self-contained copy of a corpus, even while it is being written. */
import type { Command } from 'commander'
import { copyCorpus } from '../../core/copy'
import { plural } from '../../shared/text'
import type { CliTools } from '../tools'

/** Registers `copy` on `program`. */
export function registerCopy(program: Command, cli: CliTools): void {
  program
    .command('copy')
    .description('Write a consistent copy of CORPUS to DEST, one self-contained file to pass on, even while other programs write to the corpus. The copy is checked (SQLite\'s pages, and every text against its stored length and hash) before it takes the name DEST; a damaged one is refused.')
    .argument('<corpus>', 'corpus file (*.marginalia)')
    .argument('<dest>', 'file to write (must not exist, unless --force)')
    .option('--force', 'replace DEST if it exists')
    .option('-q, --quiet', 'print nothing when it is done')
    .action(async (corpusPath: string, destination: string, options: { force?: boolean; quiet?: boolean }) => {
      const { documents, bytes } = await copyCorpus(corpusPath, destination, { overwrite: options.force === true, signal: cli.signal })
      if (options.quiet !== true) cli.say(`copied ${corpusPath} to ${destination}: ${plural(documents, 'document')}, ${(bytes / 2 ** 20).toFixed(1)} MiB, checked`)
    })
}
