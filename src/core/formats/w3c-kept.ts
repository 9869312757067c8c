/**
 * What a W3C annotation from another tool has beyond what Marginalia reads, so that it is not lost without a
 * word: its IRI `id`, `generator`, `rights`, `audience`..., a creator's `email`, a body's `language`, a
 * target's `state`. A span annotation's are kept in its span's attrs (`w3c`), with the whole `creator`, `body`
 * or `target` when any part of it was not read, and the export writes them back where the model has a place
 * (`keptProperties`); a relation or document label has no attributes, so theirs are named. Marginalia's own
 * span annotations carry their attrs in `marginalia:span` and keep nothing more.
 */
import { typesOf } from './w3c-annotations'
import { DOCUMENT_PROPERTY, RELATION_PROPERTY, SPAN_PROPERTY } from './w3c-model'

/** The span attribute a foreign annotation's own properties are kept in. */
export const W3C_KEPT = 'w3c'

/** The properties of an annotation that Marginalia reads whole (`creator`, `body`, `target`, `motivation` are looked into). */
const READ: ReadonlySet<string> = new Set(['@context', 'type', 'bodyValue', 'created', 'modified', DOCUMENT_PROPERTY, SPAN_PROPERTY, RELATION_PROPERTY])

/** The keys of an agent Marginalia reads. */
export const AGENT_KEYS: ReadonlySet<string> = new Set(['type', 'id', 'name', 'nickname', 'account'])
/** The keys of a textual body Marginalia reads (and `format`, when it is plain text). */
export const BODY_KEYS: ReadonlySet<string> = new Set(['type', 'value', 'purpose'])
/** The body purposes a span's annotation is read for, and those of a relation's or document label's. */
export const SPAN_PURPOSES: ReadonlySet<string> = new Set(['tagging', 'commenting'])
export const LABEL_PURPOSES: ReadonlySet<string> = new Set(['tagging', 'classifying', 'linking'])
/** The motivations a span's annotation is written with, and those of a relation's or document label's. */
export const SPAN_MOTIVATIONS: ReadonlySet<string> = new Set(['tagging'])
export const LABEL_MOTIVATIONS: ReadonlySet<string> = LABEL_PURPOSES
/** Marginalia's own IRIs, which say nothing the import does not read. */
const OWN_IRI = 'urn:marginalia:'
/** The keys of a target Marginalia reads. */
export const TARGET_KEYS: ReadonlySet<string> = new Set(['type', 'source', 'selector'])
/** The keys Marginalia reads of the selectors it places spans by. */
export const SELECTOR_KEYS: Readonly<Record<string, ReadonlySet<string>>> = {
  TextQuoteSelector: new Set(['type', 'exact', 'prefix', 'suffix']),
  TextPositionSelector: new Set(['type', 'start', 'end']),
}

/** `value` as a list: itself if an array, else a list of it (none if undefined). */
export function list(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value]
}

/** `value` if it is a JSON object (not an array), else undefined. */
export function objectOf(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
}

/** True if every key of `value` (an object, or a string) is one of `keys`. */
function within(value: unknown, keys: ReadonlySet<string>): boolean {
  const object = objectOf(value)
  return object === undefined ? typeof value === 'string' : Object.keys(object).every((key) => keys.has(key))
}

/** The string values of a property given as a string or an array. */
function strings(value: unknown): string[] {
  return list(value).filter((item): item is string => typeof item === 'string')
}

/** What a body is to a span's annotation: a tag (a label), a comment (the note), or something else. */
export type BodyRole = 'tag' | 'comment' | 'other'

/**
 * What the reader makes of a body in an annotation with `motivations`: a textual body is a tag or a comment
 * by its purpose, or, having none, by the annotation's motivation; anything else is `other`.
 */
export function bodyRole(body: unknown, motivations: readonly string[]): BodyRole {
  const object = objectOf(body)
  if (object === undefined || typeof object.value !== 'string') return 'other'
  const purposes = strings(object.purpose)
  const effective = purposes.length === 0 ? motivations : purposes
  return effective.includes('tagging') ? 'tag' : effective.includes('commenting') ? 'comment' : 'other'
}

/**
 * True if Marginalia reads all of an annotation's `creator`: one agent, an IRI or of the keys it reads (a `name`
 * beside the `nickname` or `account` that names the annotator is not read).
 */
function creatorRead(creator: unknown): boolean {
  return (
    list(creator).length <= 1 &&
    list(creator).every((agent) => {
      const object = objectOf(agent)
      const named = object !== undefined && object.name !== undefined && (object.nickname !== undefined || object.account !== undefined)
      return within(agent, AGENT_KEYS) && !named
    })
  )
}

/**
 * True if Marginalia reads all of an annotation's `body`: textual bodies (plain text) whose purposes (or, having
 * none, the annotation's `motivations`) are among `purposes`, and one comment at most.
 */
function bodyRead(body: unknown, purposes: ReadonlySet<string>, motivations: readonly string[]): boolean {
  const bodies = list(body)
  const comments = bodies.filter((item) => bodyRole(item, motivations) === 'comment').length
  return (
    comments <= 1 &&
    bodies.every((item) => {
      const object = objectOf(item)
      if (object === undefined || typeof object.value !== 'string') return false
      const { format, ...rest } = object
      const given = strings(object.purpose)
      const effective = given.length === 0 ? motivations : given
      return (
        (format === undefined || format === 'text/plain') &&
        within(rest, BODY_KEYS) &&
        effective.length > 0 &&
        effective.every((purpose) => purposes.has(purpose))
      )
    })
  )
}

/** True if Marginalia reads all of an annotation's `target`: IRIs, or sources with quote and position selectors. */
function targetRead(target: unknown): boolean {
  return list(target).every((item) => {
    if (typeof item === 'string') return true
    const object = objectOf(item)
    if (object === undefined || !within(object, TARGET_KEYS)) return false
    return list(object.selector).every((selector) => {
      const keys = typesOf(objectOf(selector)).map((type) => SELECTOR_KEYS[type]).find((known) => known !== undefined)
      return keys !== undefined && within(selector, keys)
    })
  })
}

/**
 * An annotation's properties Marginalia does not read (all of `creator`, `body` or `target` where part of it
 * is not read, bodies read for `purposes`; a `motivation` other than those Marginalia writes for it, `motivations`),
 * with its `id` unless Marginalia minted it, or null if there are none.
 */
export function unreadProperties(annotation: Record<string, unknown>, purposes: ReadonlySet<string>, motivations: ReadonlySet<string>): Record<string, unknown> | null {
  const given = strings(annotation.motivation)
  const kept = Object.entries(annotation).filter(([key, value]) => {
    if (key === 'id') return !(typeof value === 'string' && value.startsWith(OWN_IRI))
    if (key === 'motivation') return !(given.length > 0 && given.every((motivation) => motivations.has(motivation)))
    if (key === 'creator') return !creatorRead(value)
    if (key === 'body') return !bodyRead(value, purposes, given)
    if (key === 'target') return !targetRead(value)
    return !READ.has(key)
  })
  return kept.length === 0 ? null : Object.fromEntries(kept)
}

/**
 * A span annotation's unread properties (`unreadProperties`) with, when its bodies are kept and it had no
 * motivation, `motivation: null`: what its bodies without purpose were depends on it (no tag then; tags under
 * the `tagging` Marginalia writes), so the export writes them back as they were read, without one.
 */
export function keptOfSpan(annotation: Record<string, unknown>): Record<string, unknown> | null {
  const kept = unreadProperties(annotation, SPAN_PURPOSES, SPAN_MOTIVATIONS)
  if (kept === null || kept.body === undefined || annotation.motivation !== undefined) return kept
  return { ...kept, motivation: null }
}

/** The bodies a span's attrs kept of its annotation (none if it kept no `body`). */
export function keptBodies(attrs: Record<string, unknown>): unknown[] {
  return list(objectOf(attrs[W3C_KEPT])?.body)
}

/** What the import says of a span annotation's properties kept in its attrs. */
export function keptRemark(kept: Record<string, unknown>): string {
  const properties = Object.keys(kept).filter((key) => kept[key] !== null) // `motivation: null` says it had none
  return `W3C annotation properties kept in the span's attrs (${W3C_KEPT}): ${properties.join(', ')}`
}

/** What the import says of a relation's or document label's annotation's properties it cannot keep. */
export function notKeptRemark(kept: Record<string, unknown>): string {
  return `W3C annotation properties not kept (a document label or relation has no attributes): ${Object.keys(kept).join(', ')}`
}
