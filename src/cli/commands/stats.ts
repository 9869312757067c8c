/** `marginalia stats`: counts of documents and annotations. */
import type { Command } from 'commander'
import { corpusStats, type CorpusStats } from '../../core/reports/stats'
import { DOCUMENT_STATUSES } from '../../shared/corpus-types'
import { describeVersion } from '../describe-version'
import { reading, type CliTools } from '../tools'

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

/** Registers `stats` on `program`. */
export function registerStats(program: Command, cli: CliTools): void {
  const { stdout } = cli
  program
    .command('stats')
    .description('Count documents by status and annotations by label and annotator.')
    .argument('<corpus>', 'corpus file (*.marginalia)')
    .option('--json', 'print the figures as JSON')
    .action(async (corpusPath: string, options) => {
      const stats = await reading(corpusPath, corpusStats)
      stdout.write(options.json ? `${JSON.stringify(stats, null, 2)}\n` : formatStats(stats))
    })
}
