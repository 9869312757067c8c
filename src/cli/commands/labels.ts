/** `marginalia labels`: the label set of a corpus, printed, or defined from a label file. */
import type { Command } from 'commander'
import { definitionsFromEntries, lineOfEntryNamedIn, readLabelFileEntries } from '../../core/label-sets'
import { CorpusRuleError, InputError } from '../../core/errors'
import { Corpus } from '../../core/store/corpus'
import { plural } from '../../shared/text'
import { reading, type CliTools } from '../tools'

/** Registers `labels` on `program`. */
export function registerLabels(program: Command, cli: CliTools): void {
  const { stdout } = cli
  program
    .command('labels')
    .description(
      'Print the label set of a corpus (--json: in the format --labels reads); --define FILE adds the labels a ' +
        'label file lists and changes those it names (what an entry leaves out is kept; labels it does not list stay).',
    )
    .argument('<corpus>', 'corpus file (*.marginalia)')
    .option('--json', 'print as a JSON label file')
    .option('--define <file>', 'JSON label file: add these labels, or change them (colour, key, guideline, rules, attributes)')
    .option('-q, --quiet', 'with --define: print nothing when it is done')
    .action(async (corpusPath: string, options: { json?: boolean; define?: string; quiet?: boolean }) => {
      if (options.define !== undefined) {
        const entries = readLabelFileEntries(options.define)
        const corpus = Corpus.open(corpusPath)
        try {
          let defined
          try {
            defined = corpus.transaction(() => corpus.defineLabels(definitionsFromEntries(entries, corpus.labels())))
          } catch (error) {
            // A label of the file that the corpus refuses, named in the refusal (a key another of its labels
            // has), is pointed at in the file; a refusal about what the corpus holds names the corpus.
            const line = error instanceof CorpusRuleError ? lineOfEntryNamedIn(options.define, error.message) : null
            throw line === null ? error : new InputError(options.define, line, (error as Error).message)
          }
          const { added, changed } = defined
          const list = (names: string[]) => (names.length === 0 ? '' : `: ${names.join(', ')}`)
          if (options.quiet !== true) cli.say(`labels: ${plural(added.length, 'label')} added${list(added)}; ${plural(changed.length, 'label')} changed${list(changed)}`)
        } finally {
          corpus.close()
        }
        return
      }
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
