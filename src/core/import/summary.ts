/** What an import did, as the one line the CLI prints and the app shows. */
import { plural } from '../../shared/text'
import type { ImportSummary } from './import'

/** One line: what came in, what was replaced or left as it was, what was skipped, which labels were added. */
export function describeImport(summary: ImportSummary): string {
  const parts = [
    `imported ${plural(summary.documents, 'document')} (${plural(summary.spans, 'span')}, ` +
      `${plural(summary.relations, 'relation')}, ${plural(summary.documentLabels, 'document label')}) ` +
      `from ${plural(summary.files, 'file')}`,
  ]
  if (summary.replaced > 0) parts.push(`${summary.replaced} replaced an existing document`)
  if (summary.alreadyPresent.length > 0) {
    parts.push(`${plural(summary.alreadyPresent.length, 'document')} already in the corpus left as they were`)
  }
  if (summary.invalid.length > 0) parts.push(`${summary.invalid.length} invalid skipped`)
  if (summary.labelsAdded.length > 0) parts.push(`labels added: ${summary.labelsAdded.join(', ')}`)
  return parts.join('; ')
}
