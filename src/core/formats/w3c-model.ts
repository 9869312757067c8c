/**
 * What Marginalia's W3C Web Annotation export is made of, shared by its writer and reader: the JSON-LD
 * contexts, how identifiers are minted, and the namespaced extension properties that carry what the W3C model
 * has no place for (a document's text and fields, span ids and attrs, relation ids and direction).
 *
 * Identifiers are URNs built from Marginalia's own ids, percent-encoded so that every one is a plain ASCII
 * URI (`urn:marginalia:doc:summit`, `urn:marginalia:doc:summit:span:2`): the same corpus exports to the same
 * identifiers every time, and an annotation can be traced to the document and span it came from. `marginalia`
 * is not a registered URN namespace; these identifiers name things only within Marginalia's exports.
 */
import { z } from 'zod'
import { DOCUMENT_STATUSES, rowId, timestamp } from '../../shared/corpus-types'

/** The Web Annotation JSON-LD context, which every annotation and collection names. */
export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld'

/** The namespace of Marginalia's extension properties. */
export const MARGINALIA_NAMESPACE = 'urn:marginalia:vocab:'

/** Extension property: the document an annotation carries the text of, and its Marginalia fields. */
export const DOCUMENT_PROPERTY = 'marginalia:document'
/** Extension property: a span's Marginalia id and attrs. */
export const SPAN_PROPERTY = 'marginalia:span'
/** Extension property: a relation's Marginalia id and head (the annotation of the span it goes from). */
export const RELATION_PROPERTY = 'marginalia:relation'

/**
 * The extension context: the `marginalia` prefix, and the extension properties as JSON literals (JSON-LD
 * 1.1 `@json`), so that a JSON-LD processor keeps their values as they are. It redefines no term of the Web
 * Annotation context.
 */
export const EXTENSION_CONTEXT = {
  '@version': 1.1,
  marginalia: MARGINALIA_NAMESPACE,
  [DOCUMENT_PROPERTY]: { '@type': '@json' },
  [SPAN_PROPERTY]: { '@type': '@json' },
  [RELATION_PROPERTY]: { '@type': '@json' },
} as const

/** The `@context` of an annotation that uses extension properties: the Web Annotation context first. */
export const EXTENDED_CONTEXT = [ANNO_CONTEXT, EXTENSION_CONTEXT] as const

const BASE = 'urn:marginalia:'

/** A name as one segment of a URN: percent-encoded, so that it holds no `:` and only ASCII. */
function segment(name: string): string {
  return encodeURIComponent(name)
}

/** The IRI minted for a document, on which its annotations' ids are built (`…:span:2`). */
export function documentIri(documentId: string): string {
  return `${BASE}doc:${segment(documentId)}`
}

/** Schemes of absolute IRIs that have no `//` (`urn:isbn:…`, `mailto:a@b`, Hypothesis's `acct:alice@hypothes.is`). */
const OPAQUE_SCHEMES = new Set(['urn', 'tag', 'mailto', 'acct', 'doi', 'did', 'info', 'isbn'])

/** Characters an IRI cannot hold (RFC 3987): whitespace, controls and `<>"{}|\^``. */
const NOT_IN_IRI = /[\s\x00-\x1f\x7f-\x9f<>"{}|\\^`]/u

/**
 * True if `name` is an absolute IRI that names something outside Marginalia (`http://example.org/articles/42`,
 * `urn:isbn:…`, `acct:alice@hypothes.is`): a scheme with `//`, or one of the schemes used without it; not one
 * of Marginalia's own `urn:marginalia:` identifiers.
 */
export function isAbsoluteIri(name: string): boolean {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):(\/\/)?[^]/u.exec(name)
  if (scheme === null || NOT_IN_IRI.test(name) || name.startsWith(BASE)) return false
  return scheme[2] !== undefined || OPAQUE_SCHEMES.has(scheme[1].toLowerCase())
}

/**
 * The IRI a document's annotations point at (their target's `source`): its id where that is an absolute IRI (a
 * web page's address, as W3C annotations of it name it), else the IRI minted for it.
 */
export function documentSource(documentId: string): string {
  return isAbsoluteIri(documentId) ? documentId : documentIri(documentId)
}

/** The document id of an IRI made by `documentIri`, or null if `iri` is not one. */
export function documentIdOfIri(iri: string): string | null {
  if (!iri.startsWith(`${BASE}doc:`)) return null
  try {
    return decodeURIComponent(iri.slice(`${BASE}doc:`.length))
  } catch {
    return null
  }
}

/** The IRI of the annotation that carries a document's text. */
export function textAnnotationIri(documentId: string): string {
  return `${documentIri(documentId)}:text`
}

/** The IRI of a span's annotation. */
export function spanIri(documentId: string, spanId: number): string {
  return `${documentIri(documentId)}:span:${spanId}`
}

/** The IRI of a relation's annotation. */
export function relationIri(documentId: string, relationId: number): string {
  return `${documentIri(documentId)}:relation:${relationId}`
}

/** The IRI of a document label's annotation: a document has each label at most once per annotator. */
export function documentLabelIri(documentId: string, label: string, annotator: string): string {
  return `${documentIri(documentId)}:label:${segment(label)}:${segment(annotator)}`
}

const ANNOTATOR_BASE = `${BASE}annotator:`

/** The IRI of an annotator: its name where that is an absolute IRI (`acct:alice@hypothes.is`), else one minted. */
export function annotatorIri(name: string): string {
  return isAbsoluteIri(name) ? name : `${ANNOTATOR_BASE}${segment(name)}`
}

/** The annotator an IRI minted by `annotatorIri` names, or undefined for any other IRI. */
export function annotatorOfIri(iri: string): string | undefined {
  if (!iri.startsWith(ANNOTATOR_BASE)) return undefined
  try {
    const name = decodeURIComponent(iri.slice(ANNOTATOR_BASE.length))
    return name === '' ? undefined : name
  } catch {
    return undefined
  }
}

const time = timestamp // ISO 8601 with a time zone, as everywhere
const attrs = z.record(z.string(), z.unknown(), 'must be a JSON object')

/** The value of `marginalia:document`. */
export const documentExtension = z.object({
  id: z.string('must be a string').min(1, 'must not be empty'),
  title: z.string('must be a string').optional(),
  status: z.enum(DOCUMENT_STATUSES, 'must be "todo", "done" or "skipped"').optional(),
  meta: attrs.optional(),
})

/** The value of `marginalia:span`. */
export const spanExtension = z.object({ id: rowId.optional(), attrs: attrs.optional() })

/** The value of `marginalia:relation`. */
export const relationExtension = z.object({ id: rowId.optional(), head: z.string('must be a string').min(1).optional() })

/** A W3C time as Marginalia reads it (any ISO 8601 date and time with a zone). */
export const w3cTime = time
