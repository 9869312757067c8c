/**
 * The settled set of a document (`export --curated-or-agreed`): what the curated layer says where it has
 * spoken, and elsewhere what every analyst agreed on. Where analysts differ and no curator has settled it,
 * nothing is taken. The rules are `curationOf`'s (src/shared/curation.ts).
 */
import type { ExportedDocument, ExportedDocumentLabel, ExportedRelation, ExportedSpan } from '../../shared/corpus-types'
import { AGREED, CURATED, curationOf, spanSignature, type DeclaredAttributes } from '../../shared/curation'

/** `document` (exported with every analyst's work) reduced to its settled annotations. */
export function settledDocument(document: ExportedDocument, declared: DeclaredAttributes = () => []): ExportedDocument {
  const curation = curationOf(document.spans, document.relations, declared)
  const curatedSpans = document.spans.filter((span) => span.annotator === CURATED)
  const spans: ExportedSpan[] = [...curatedSpans]
  for (const place of curation.places) {
    if (place.settled || !place.agreed) continue
    for (const span of place.versions[0].spans) spans.push({ ...span, annotator: AGREED, attrs: { ...span.attrs, agreed_by: curation.analysts } })
  }
  spans.sort((a, b) => a.start - b.start || a.end - b.end || a.id - b.id)

  // Relations join spans by what they are (start, end, label), so an agreed relation finds the copy kept.
  const kept = new Map<string, ExportedSpan>()
  for (const span of spans) if (!kept.has(spanSignature(span)) || span.annotator === CURATED) kept.set(spanSignature(span), span)
  const byId = new Map(document.spans.map((span) => [span.id, span]))
  const relations: ExportedRelation[] = document.relations.filter((relation) => relation.annotator === CURATED)
  for (const relation of curation.agreedRelations) {
    const head = kept.get(spanSignature(byId.get(relation.head)!))
    const child = kept.get(spanSignature(byId.get(relation.child)!))
    const duplicate = relations.some((r) => r.head === head?.id && r.child === child?.id && r.label === relation.label)
    if (head !== undefined && child !== undefined && !duplicate) relations.push({ ...relation, head: head.id, child: child.id, annotator: AGREED })
  }

  const curatedLabels = document.labels.filter((label) => label.annotator === CURATED)
  const labels: ExportedDocumentLabel[] =
    curatedLabels.length > 0 || curation.analysts.length === 0
      ? curatedLabels
      : [...new Set(document.labels.map((label) => label.label))]
          .filter((name) => curation.analysts.every((analyst) => document.labels.some((l) => l.label === name && l.annotator === analyst)))
          .map((name) => ({ ...document.labels.find((label) => label.label === name)!, annotator: AGREED }))
  return { ...document, spans, relations, labels }
}
