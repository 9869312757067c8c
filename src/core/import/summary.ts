/** What an import did, as the lines the CLI prints and the app shows. */
import { listed, plural } from '../../shared/text'
import { MAX_PROBLEMS_LISTED, type ImportSummary } from './outcome'
import { HIDDEN_FOLDER } from './input-files'

/** One line: what came in, what was replaced or left as it was, left out, merged or skipped, which labels were added, and whose the annotations that named no analyst became (unless `annotatorNamed`: --annotator named them). */
export function describeImport(summary: ImportSummary, { annotatorNamed = false }: { annotatorNamed?: boolean } = {}): string {
  const annotations = `${plural(summary.spans, 'span')}, ${plural(summary.relations, 'relation')}, ${plural(summary.documentLabels, 'document label')}`
  const joinedDocuments = summary.joinedIds.length
  // With records joined, the annotations are not all in the new documents: the line says where they went.
  const head =
    joinedDocuments === 0
      ? `imported ${plural(summary.documents, 'document')} (${annotations})`
      : `imported ${plural(summary.documents, 'new document')} and ${annotations} (in the ` +
        `${summary.documents === 0 ? '' : `new ${summary.documents === 1 ? 'document' : 'documents'} and the `}${plural(joinedDocuments, 'document')} joined)`
  const parts = [`${head} from ${plural(summary.files, 'file')}`]
  if (summary.replaced > 0) parts.push(describeReplaced(summary))
  const present = summary.alreadyPresent.length
  if (present > 0) {
    const ids = someOf(summary.alreadyPresent.map((id) => JSON.stringify(id)))
    const other = summary.alreadyPresentWithOtherText
    const differ =
      other.length === 0 ? '' : present === 1 ? ', whose text in the input differs' : `; ${other.length} of them with another text in the input: ${someOf(other.map((id) => JSON.stringify(id)))}`
    parts.push(
      `${plural(present, 'document')} already in the corpus left as ${present === 1 ? 'it was' : 'they were'} (${ids}${differ}; ` +
        `--existing replace takes the new ${present === 1 ? 'one' : 'ones'}${other.length < present ? `, --existing join adds ${present === 1 ? 'its' : 'their'} annotations to the stored ${present === 1 ? 'one' : 'ones'} of the same text` : ''})`,
    )
  }
  const held = summary.alreadyHeld.length
  if (held > 0) {
    const ids = someOf(summary.alreadyHeld.map((id) => JSON.stringify(id)))
    parts.push(`${plural(held, 'document')} already ${held === 1 ? 'holds' : 'hold'} the input's annotations, left as ${held === 1 ? 'it was' : 'they were'} (${ids})`)
  }
  if (summary.joined > 0) {
    const ids = someOf(summary.joinedIds.map((id) => JSON.stringify(id)))
    parts.push(
      `${plural(summary.joined, 'record')} joined ${plural(summary.joinedIds.length, 'document')} of the same id and text (${ids}): ` +
        `${summary.joined === 1 ? 'its' : 'their'} annotations were added, ${summary.joined === 1 ? 'its' : 'their'} title, meta and status not taken`,
    )
  }
  if (summary.notAccepted > 0) {
    parts.push(
      `${plural(summary.notAccepted, 'annotation')} of records answered reject or ignore left out as annotations (at ${someOf(summary.notAcceptedAt)}; kept in the meta of each such record that made a document, not of one joined to another; --answers all keeps their spans, marked)`,
    )
  }
  if (summary.duplicatesMerged > 0) {
    parts.push(`${plural(summary.duplicatesMerged, 'span')} given twice (same offsets, label and analyst) merged into the first, attributes combined`)
  }
  if (summary.duplicateRelationsMerged > 0) parts.push(`${plural(summary.duplicateRelationsMerged, 'relation')} given twice taken once`)
  if (summary.duplicateDocumentLabelsMerged > 0) parts.push(`${plural(summary.duplicateDocumentLabelsMerged, 'document label')} given twice by one analyst put on once`)
  if (summary.invalid.length > 0) {
    const shown = summary.invalidProblems === summary.invalid.length ? 'each listed' : `the first ${MAX_PROBLEMS_LISTED} of each record listed`
    const problems = summary.invalidProblems === summary.invalidRecords ? '' : ` (${plural(summary.invalidProblems, 'problem')}, ${shown})`
    parts.push(`${plural(summary.invalidRecords, 'invalid record')} skipped${problems}`)
  }
  if (summary.labelsAdded.length > 0) parts.push(`labels added: ${summary.labelsAdded.join(', ')}`)
  // Who they were given to, unless the one importing named them (--annotator): the default is easy to miss.
  if (summary.unnamed > 0 && !annotatorNamed) parts.push(`${plural(summary.unnamed, 'annotation')} naming no analyst recorded as ${JSON.stringify(summary.unnamedAs)} (--annotator names another)`)
  return parts.join('; ')
}

/** `2 replaced existing documents, deleting the 5 spans and 1 relation they had`: what replacing lost. */
function describeReplaced({ replaced, dropped }: ImportSummary): string {
  const what = replaced === 1 ? 'an existing document' : 'existing documents'
  const counts: [number, string][] = [[dropped.spans, 'span'], [dropped.relations, 'relation'], [dropped.documentLabels, 'document label']]
  const deleted = counts.filter(([count]) => count > 0).map(([count, word]) => plural(count, word))
  const had = deleted.length > 0 ? `, deleting the ${listed(deleted)} ${replaced === 1 ? 'it' : 'they'} had` : ` (${replaced === 1 ? 'it' : 'they'} had no annotations)`
  return `${replaced} replaced ${what}${had}`
}

/** A list by its first few: `a.csv, b.csv, c.csv and 3 more`. */
function someOf(items: readonly string[]): string {
  return items.length <= 3 ? items.join(', ') : `${items.slice(0, 3).join(', ')} and ${items.length - 3} more`
}

/**
 * Lines worth a warning: what a folder held that was not read, keys kept in meta that look like annotations
 * Marginalia does not read, and what the readers remarked.
 */
export function importWarnings(summary: ImportSummary): string[] {
  const lines: string[] = []
  for (const [kind, paths] of Object.entries(summary.skippedFiles)) {
    const what = kind === HIDDEN_FOLDER ? `${plural(paths.length, 'folder')} (hidden)` : `${plural(paths.length, 'file')} (${kind})`
    lines.push(`skipped ${what}, not imported: ${someOf(paths)}`)
  }
  for (const besides of summary.labelsAddedBesideNearMiss) {
    lines.push(`label ${besides}, from which it differs only in case or spaces: check that they are not meant to be one label`)
  }
  for (const file of summary.emptyFiles) lines.push(`${file}: no records in it; nothing imported from it`)
  for (const [file, keys] of Object.entries(summary.annotationLikeKeys)) {
    for (const [key, records] of Object.entries(keys)) {
      lines.push(`${file}: "${key}" in ${plural(records, 'record')} looks like annotations Marginalia does not read; kept in the document's meta`)
    }
  }
  for (const [remark, times] of Object.entries(summary.remarks)) {
    // Where, unless the remark names its file already.
    const places = (summary.remarkedAt[remark] ?? []).filter((place) => !remark.includes(place.replace(/:\d+$/, '')))
    const at = places.length === 0 ? '' : `at ${someOf(places)}`
    const how = [times === 1 ? '' : `${times} times`, at].filter((part) => part !== '').join(', ')
    lines.push(how === '' ? remark : `${remark} (${how})`)
  }
  return lines
}
