/** `marginalia agreement`: inter-annotator agreement, as tables or JSON (see docs/agreement.md). */
import { CommanderError, type Command } from 'commander'
import { computeAgreement, type AgreementReport, type PairFigures } from '../../core/agreement/compute'
import { pairsByOverlap } from '../../shared/agreement-report'
import { listedName, plural } from '../../shared/text'
import { analystName, CURATED } from '../../shared/curation'
import { EXIT } from '../failures'
import { collect, reading, type CliTools } from '../tools'
import { caseOnlyNamesWarning } from '../../shared/analyst-spellings'

/** How many of the most disagreeing documents the text output lists. */
const DOCUMENTS_SHOWN = 10
/** Longest document title the text output shows before cutting it short. */
const TITLE_WIDTH = 48

/** A figure with three decimals, or `-` where it is undefined; one that rounds to zero is 0.000, not -0.000 (as the page shows it). */
export const figure = (value: number | null): string => (value === null ? '-' : (Math.abs(value) < 0.0005 ? 0 : value).toFixed(3))

/** A label column's text: the label, or `(all)` for all the labels together. */
const labelName = (label: string | null): string => label ?? '(all)'

/** Lines of a table whose columns are padded to their widest cell; `right` columns are right-aligned. */
function table(header: string[], rows: string[][], right: readonly boolean[]): string[] {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column].length)))
  const line = (row: string[]): string =>
    row
      .map((cell, column) => (right[column] ? cell.padStart(widths[column]) : cell.padEnd(widths[column])))
      .join('  ')
      .trimEnd()
  return [line(header), ...rows.map(line)]
}

/** A title on one line, cut short to TITLE_WIDTH code points. */
function shorten(title: string): string {
  const characters = [...title.replace(/\s+/g, ' ')]
  return characters.length > TITLE_WIDTH ? `${characters.slice(0, TITLE_WIDTH - 1).join('')}…` : characters.join('')
}

/** The report as readable tables: pairs × labels, alpha, then the documents where analysts differ most. */
function formatAgreement(report: AgreementReport): string {
  const { together, apart } = pairsByOverlap(report)
  const lines = [
    `${plural(report.analysts.length, 'analyst')}: ${report.analysts.map(listedName).join(', ')} (the first of each pair is its reference)`,
    `labels: ${report.labels.join(', ')}`,
    `documents: ${report.documentsRead}, of which ${report.documentsCompared} annotated by two or more analysts`,
    ...[caseOnlyNamesWarning(report.analysts)].flatMap((warning) => (warning === null ? [] : [`warning: ${warning}`])),
    ...(report.analysts.includes(CURATED)
      ? [
          `note: "${CURATED}" is the curated layer. Filled by curating, it holds what curators settled where the analysts differed (and tagged ` +
            'themselves), not what every analyst agreed on (export --curated-or-agreed adds that): against it, a span everyone agreed on counts ' +
            'as unmatched. Only a complete gold standard imported with --annotator curated makes these figures accuracy.',
        ]
      : []),
    '',
  ]
  const pairRow = (reference: string, compared: string, documents: number, figures: PairFigures): string[] => [
    reference,
    compared,
    labelName(figures.label),
    String(documents),
    `${figures.referenceSpans}/${figures.comparedSpans}`,
    String(figures.matches),
    figure(figures.precision),
    figure(figures.recall),
    figure(figures.f1),
    figure(figures.kappa),
  ]
  const pairRows = together.flatMap((pair) =>
    [pair.overall, ...pair.labels].map((figures) => pairRow(pair.reference, pair.compared, pair.documents, figures)),
  )
  if (together.length > 0) {
    lines.push(
      "Pairs: exact spans (precision is out of the compared spans, recall out of the reference spans), Cohen's kappa on word tokens",
      ...table(
        ['reference', 'compared', 'label', 'documents', 'spans', 'matches', 'precision', 'recall', 'f1', 'kappa'],
        pairRows,
        [false, false, false, true, true, true, true, true, true, true],
      ),
    )
  }
  if (apart.length > 0) {
    const names = apart.map((pair) => `${listedName(pair.reference)} and ${listedName(pair.compared)}`).join('; ')
    lines.push(`No document annotated by both, so no figures: ${names}`)
  }

  if (report.relationLabels.length > 0 && together.length > 0) {
    lines.push('', 'Relations: exact (the same label, heads and children each tagged exactly alike), on the documents both annotated')
    const relationRows = together.flatMap((pair) =>
      [pair.relations.overall, ...pair.relations.labels].map((figures) => [
        pair.reference,
        pair.compared,
        labelName(figures.label),
        `${figures.referenceRelations}/${figures.comparedRelations}`,
        String(figures.matches),
        figure(figures.precision),
        figure(figures.recall),
        figure(figures.f1),
      ]),
    )
    lines.push(...table(['reference', 'compared', 'label', 'relations', 'matches', 'precision', 'recall', 'f1'], relationRows, [false, false, false, true, true, true, true, true]))
  }
  if (together.some((pair) => pair.attributes.length > 0)) {
    lines.push('', "Attributes: on the spans both tagged exactly alike, the share given the same value (not set is a value) and Cohen's kappa")
    const attributeRows = together.flatMap((pair) =>
      pair.attributes.map((figures) => [pair.reference, pair.compared, figures.label, figures.attribute, String(figures.spans), String(figures.same), figure(figures.observed), figure(figures.kappa)]),
    )
    lines.push(...table(['reference', 'compared', 'label', 'attribute', 'spans', 'same', 'observed', 'kappa'], attributeRows, [false, false, false, false, true, true, true, true]))
  }

  lines.push('', `Krippendorff's alpha: nominal, word tokens as units, all analysts (${plural(report.alpha.documents, 'document')}, ${plural(report.alpha.tokens, 'token')})`)
  const alphaRows = [report.alpha.overall, ...report.alpha.labels].map((entry) => [labelName(entry.label), figure(entry.alpha)])
  lines.push(...table(['label', 'alpha'], alphaRows, [false, true]))

  lines.push('')
  if (report.byDocument.length === 0) {
    lines.push('No document was annotated by two or more analysts.')
  } else {
    const shown = report.byDocument.slice(0, DOCUMENTS_SHOWN)
    const more = report.byDocument.length > shown.length ? `; --json lists all ${report.byDocument.length}` : ''
    const attributes = report.pairs.some((pair) => pair.attributes.length > 0)
    lines.push(
      `Most disagreeing documents (${shown.length} of ${report.byDocument.length}${more}; disagreement = 1 - mean pairwise f1 of spans and relations` +
        `${attributes ? '; values: declared attribute values that differ on spans tagged alike' : ''})`,
    )
    const documentRows = shown.map((row) => [
      figure(row.disagreement),
      figure(row.meanF1),
      String(row.matches),
      ...(attributes ? [String(row.attributeDifferences)] : []),
      row.analysts.map((analyst) => `${analyst.name} ${analyst.spans}`).join(', '),
      row.externalId,
      shorten(row.title),
    ])
    const header = ['disagreement', 'mean f1', 'matches', ...(attributes ? ['values'] : []), 'spans', 'id', 'title']
    lines.push(...table(header, documentRows, [true, true, true, ...(attributes ? [true] : []), false, false, false]))
  }
  return `${lines.join('\n')}\n`
}

/**
 * `a,b, c` as `['a', 'b', 'c']`; pieces that together spell the name of an analyst in `known` (`Lopez, Ana`, or
 * `"Lopez, Ana"` quoted as the report lists it) are that one name, the longest such first.
 */
export function namesAmong(list: string, known: readonly string[]): string[] {
  const pieces = list.split(',')
  const result: string[] = []
  for (let i = 0; i < pieces.length; i++) {
    let end = i
    for (let j = pieces.length - 1; j > i; j--) {
      if (known.includes(unquoted(pieces.slice(i, j + 1).join(',').trim()))) {
        end = j
        break
      }
    }
    const name = unquoted(pieces.slice(i, end + 1).join(',').trim())
    if (name !== '') result.push(name)
    i = end
  }
  return result
}

/** A name written in double quotes as the report quotes it (`"Lopez, Ana"`), without them; any other as it is. */
function unquoted(name: string): string {
  if (!/^".*"$/s.test(name)) return name
  try {
    const value: unknown = JSON.parse(name)
    return typeof value === 'string' ? value : name
  } catch {
    return name
  }
}

/** Registers `agreement` on `program`. */
export function registerAgreement(program: Command, cli: CliTools): void {
  const { stdout } = cli
  program
    .command('agreement')
    .description(
      "Inter-annotator agreement: per pair of analysts and label, exact-span precision, recall and F1 and token-level Cohen's kappa; exact relations; declared attributes on the spans tagged alike; Krippendorff's alpha across all; documents by disagreement.",
    )
    .argument('<corpus>', 'corpus file (*.marginalia)')
    .option('--json', 'print the whole report as JSON (every document, not only the ten most disagreeing)')
    .option('--label <name>', 'only this span label; repeatable (default: every label the analysts used)', collect)
    .option('--annotators <a,b,...>', `compare these annotators, the first of each pair as reference (default: all with spans but "curated"); a name with a comma is written as it is`)
    .action(async (corpusPath: string, options: { json?: boolean; label?: string[]; annotators?: string }) => {
      const list = options.annotators === undefined ? undefined : analystName(options.annotators) // names in their one spelling
      if (list !== undefined && namesAmong(list, []).length === 0) throw new CommanderError(EXIT.usage, 'usage', 'error: --annotators names no annotator\n')
      const report = await reading(corpusPath, (corpus) =>
        computeAgreement(corpus, { labels: options.label, annotators: list === undefined ? undefined : namesAmong(list, corpus.annotators()) }),
      )
      stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatAgreement(report))
    })
}
