/** `marginalia labels`: the label set of a corpus. */
import type { Command } from 'commander'
import { reading, type CliTools } from '../tools'

/** Registers `labels` on `program`. */
export function registerLabels(program: Command, cli: CliTools): void {
  const { stdout } = cli
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
          const declared = (label.attributes ?? []).map((attribute) => ` [${attribute.name}: ${attribute.values.join('|')}]`).join('')
          stdout.write(`${label.kind.padEnd(9)} ${(label.hotkey ?? '-').padEnd(2)} ${label.name}${ends}${declared}: ${label.description}\n`)
        }
      }
    })
}
