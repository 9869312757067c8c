/**
 * The Agreement view: how far the analysts agree, pair by pair and label by label (exact spans and token
 * kappa, exact relations, declared attributes on the spans tagged alike), Krippendorff's alpha across them all, and the documents where they differ most, each a click
 * away from curating it. The figures are the CLI's (`marginalia agreement`); docs/agreement.md explains them.
 */
import { pairsByOverlap, type AgreementReport, type AttributeFigures, type PairAgreement, type PairFigures, type RelationFigures } from '../../shared/agreement-report'
import type { MarginaliaApi } from '../../shared/api'
import { listedName, plural } from '../../shared/text'
import { h } from './dom'

/** How many of the most disagreeing documents the view lists. */
const DOCUMENTS_SHOWN = 30

/** A figure as shown: two decimals, or a dash where it is undefined. */
function figure(value: number | null): string {
  return value === null ? '–' : (Math.abs(value) < 0.005 ? 0 : value).toFixed(2)
}

/** A pair's relations: all relation labels together, then each. */
function relationTable(pair: PairAgreement): HTMLElement {
  const row = (figures: RelationFigures) =>
    h(
      'tr',
      {},
      h('th', {}, figures.label ?? 'all relations'),
      h('td', {}, `${figures.referenceRelations} / ${figures.comparedRelations}`),
      h('td', {}, String(figures.matches)),
      h('td', {}, figure(figures.precision)),
      h('td', {}, figure(figures.recall)),
      h('td', { class: 'f1' }, figure(figures.f1)),
    )
  return h(
    'table',
    { class: 'relations', 'aria-label': `Relations of ${pair.reference} and ${pair.compared}` },
    h('tr', {}, ...['relation', 'relations', 'exact matches', 'precision', 'recall', 'F1'].map((title) => h('th', {}, title))),
    row(pair.relations.overall),
    ...pair.relations.labels.map(row),
  )
}

/** A pair's declared attributes, compared on the spans both tagged alike. */
function attributeTable(pair: PairAgreement): HTMLElement {
  const row = (figures: AttributeFigures) =>
    h(
      'tr',
      {},
      h('th', {}, `${figures.label}: ${figures.attribute}`),
      h('td', {}, String(figures.spans)),
      h('td', {}, String(figures.same)),
      h('td', { class: 'observed' }, figure(figures.observed)),
      h('td', { class: 'kappa' }, figure(figures.kappa)),
    )
  return h(
    'table',
    { class: 'attributes', 'aria-label': `Attributes given by ${pair.reference} and ${pair.compared}` },
    h('tr', {}, ...['attribute', 'spans tagged alike', 'same value', 'agreement', 'kappa'].map((title) => h('th', {}, title))),
    ...pair.attributes.map(row),
  )
}

/** The dialog, opened from the header. */
export class AgreementView {
  readonly element: HTMLDialogElement
  private readonly body: HTMLElement

  constructor(
    private readonly api: MarginaliaApi,
    /** Opens a document to curate its disagreements. */
    private readonly curate: (documentId: number) => void,
    /** Downloads the settled set (the browser edition); the app saves it from its File menu instead. */
    downloadSettled?: () => Promise<void>,
  ) {
    this.body = h('div', { class: 'agreement-body' })
    const problem = h('span', { class: 'problem', role: 'alert' })
    // What the settled set leaves out (places where two settlings meet), said here as the CLI's export says it.
    const leftOut = h('span', { class: 'settled-notes', role: 'status' })
    const settled =
      downloadSettled === undefined
        ? h('p', { class: 'hint' }, 'File › Export Settled Set… saves what the curators settled, and elsewhere what every analyst agreed on, as JSONL.')
        : h(
            'p',
            {},
            h(
              'button',
              {
                type: 'button',
                class: 'export-settled',
                title: 'The curated layer where curators settled, elsewhere what every analyst agreed on (as export --curated-or-agreed)',
                onclick: () => {
                  problem.textContent = ''
                  leftOut.textContent = ''
                  void downloadSettled().catch((error: unknown) => void (problem.textContent = `The settled set could not be downloaded: ${(error as Error).message}`))
                  void this.api.settledSetNotes({}).then(
                    (notes) => void (leftOut.textContent = notes.map((note) => `${note[0].toUpperCase()}${note.slice(1)}.`).join(' ')),
                    () => undefined, // the download says what went wrong, if anything did
                  )
                },
              },
              'Download the settled set (JSONL)',
            ),
            ' ',
            problem,
            ' ',
            leftOut,
          )
    this.element = h(
      'dialog',
      { class: 'agreement', 'aria-label': 'Agreement' },
      h('h2', {}, 'Agreement between analysts'),
      this.body,
      settled,
      // Focus starts on Close: on the download button, an Enter pressed as the dialog opened downloaded a file.
      h('p', {}, h('button', { type: 'button', autofocus: true, onclick: () => this.element.close() }, 'Close')),
    )
  }

  /** Computes the figures afresh and shows them. */
  async open(): Promise<void> {
    this.body.replaceChildren(h('p', { class: 'hint' }, 'Computing…'))
    this.element.showModal()
    try {
      this.show(await this.api.agreement({ labels: null, annotators: null }))
    } catch (error) {
      this.body.replaceChildren(h('p', { class: 'problem', role: 'alert' }, (error as Error).message))
    }
  }

  private show(report: AgreementReport): void {
    const labelRow = (figures: PairFigures) =>
      h(
        'tr',
        {},
        h('th', {}, figures.label ?? 'all labels'),
        h('td', {}, `${figures.referenceSpans} / ${figures.comparedSpans}`),
        h('td', {}, String(figures.matches)),
        h('td', {}, figure(figures.precision)),
        h('td', {}, figure(figures.recall)),
        h('td', { class: 'f1' }, figure(figures.f1)),
        h('td', { class: 'kappa' }, figure(figures.kappa)),
      )
    const { together, apart } = pairsByOverlap(report)
    const pairs = together.map((pair) =>
      h(
        'section',
        { class: 'pair', 'data-reference': pair.reference, 'data-compared': pair.compared },
        h('h3', {}, `${pair.reference} (reference) and ${pair.compared}: ${plural(pair.documents, 'document')} both annotated`),
        h(
          'table',
          {},
          h('tr', {}, ...['label', 'spans', 'exact matches', 'precision', 'recall', 'F1', 'kappa'].map((title) => h('th', {}, title))),
          labelRow(pair.overall),
          ...pair.labels.map(labelRow),
        ),
        ...(report.relationLabels.length > 0 ? [relationTable(pair)] : []),
        ...(pair.attributes.length > 0 ? [attributeTable(pair)] : []),
      ),
    )
    const alpha = h(
      'section',
      { class: 'alpha' },
      h('h3', {}, `Krippendorff's alpha across ${report.analysts.length} analysts (${plural(report.alpha.documents, 'document')})`),
      h(
        'table',
        {},
        h('tr', {}, h('th', {}, 'all labels'), h('td', { 'data-label': '' }, figure(report.alpha.overall.alpha))),
        ...report.alpha.labels.map((entry) => h('tr', {}, h('th', {}, entry.label ?? ''), h('td', { 'data-label': entry.label ?? '' }, figure(entry.alpha)))),
      ),
    )
    const documents = h(
      'section',
      { class: 'documents-by-disagreement' },
      h('h3', {}, 'Where they differ most'),
      h(
        'ol',
        { 'aria-label': 'Documents by disagreement' },
        ...report.byDocument.slice(0, DOCUMENTS_SHOWN).map((document) =>
          h(
            'li',
            {},
            h(
              'button',
              {
                type: 'button',
                title: 'Open it to curate its disagreements',
                onclick: () => {
                  this.element.close()
                  this.curate(document.id)
                },
              },
              h('span', { class: 'title', title: document.title, dir: 'auto' }, document.title),
              h('span', { class: 'disagreement' }, ` disagreement ${figure(document.disagreement)}`),
              h('span', { class: 'hint' }, ` · ${document.analysts.map((a) => `${a.name} ${a.spans}`).join(', ')}`),
              ...(document.attributeDifferences > 0 ? [h('span', { class: 'attribute-differences' }, ` · ${plural(document.attributeDifferences, 'attribute value')} differing`)] : []),
            ),
          ),
        ),
      ),
    )
    const method = h('details', {}, h('summary', {}, 'How these are computed'), ...Object.values(report.method).map((text) => h('p', {}, text)))
    const unshared =
      apart.length === 0
        ? []
        : [h('p', { class: 'pairs-apart' }, `No document annotated by both, so no figures: ${apart.map((pair) => `${listedName(pair.reference)} and ${listedName(pair.compared)}`).join('; ')}.`)]
    this.body.replaceChildren(...pairs, ...unshared, alpha, documents, method)
  }
}
