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

/** The properties of an annotation that Marginalia reads whole (`creator`, `body`, `target` are looked into). */
const READ: ReadonlySet<string> = new Set(['@context', 'type', 'motivation', 'bodyValue', 'created', 'modified', DOCUMENT_PROPERTY, SPAN_PROPERTY, RELATION_PROPERTY])

const AGENT_KEYS: ReadonlySet<string> = new Set(['type', 'id', 'name', 'nickname', 'account'])
const BODY_KEYS: ReadonlySet<string> = new Set(['type', 'value', 'purpose'])
/** The body purposes a span's annotation is read for, and those of a relation's or document label's. */
export const SPAN_PURPOSES: ReadonlySet<string> = new Set(['tagging', 'commenting'])
export const LABEL_PURPOSES: ReadonlySet<string> = new Set(['tagging', 'classifying', 'linking'])
/** Marginalia's own IRIs, which say nothing the import does not read. */
const OWN_IRI = 'urn:marginalia:'
const TARGET_KEYS: ReadonlySet<string> = new Set(['type', 'source', 'selector'])
const SELECTOR_KEYS: Record<string, ReadonlySet<string>> = {
  TextQuoteSelector: new Set(['type', 'exact', 'prefix', 'suffix']),
  TextPositionSelector: new Set(['type', 'start', 'end']),
}

function list(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value]
}

function objectOf(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
}

/** True if every key of `value` (an object, or a string) is one of `keys`. */
function within(value: unknown, keys: ReadonlySet<string>): boolean {
  const object = objectOf(value)
  return object === undefined ? typeof value === 'string' : Object.keys(object).every((key) => keys.has(key))
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
 * True if Marginalia reads all of an annotation's `body`: textual bodies (plain text) with `purposes`, and one
 * comment at most.
 */
function bodyRead(body: unknown, purposes: ReadonlySet<string>): boolean {
  const bodies = list(body)
  const comments = bodies.filter((item) => list(objectOf(item)?.purpose).includes('commenting')).length
  return (
    comments <= 1 &&
    bodies.every((item) => {
      const object = objectOf(item)
      if (object === undefined || typeof object.value !== 'string') return false
      const { format, ...rest } = object
      return (format === undefined || format === 'text/plain') && within(rest, BODY_KEYS) && list(object.purpose).every((purpose) => typeof purpose === 'string' && purposes.has(purpose))
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
 * is not read, bodies read for `purposes`), with its `id` unless Marginalia minted it, or null if there are none.
 */
export function unreadProperties(annotation: Record<string, unknown>, purposes: ReadonlySet<string>): Record<string, unknown> | null {
  const kept = Object.entries(annotation).filter(([key, value]) => {
    if (key === 'id') return !(typeof value === 'string' && value.startsWith(OWN_IRI))
    if (key === 'creator') return !creatorRead(value)
    if (key === 'body') return !bodyRead(value, purposes)
    if (key === 'target') return !targetRead(value)
    return !READ.has(key)
  })
  return kept.length === 0 ? null : Object.fromEntries(kept)
}

/** What the import says of a span annotation's properties kept in its attrs. */
export function keptRemark(kept: Record<string, unknown>): string {
  return `W3C annotation properties kept in the span's attrs (${W3C_KEPT}): ${Object.keys(kept).join(', ')}`
}

/** What the import says of a relation's or document label's annotation's properties it cannot keep. */
export function notKeptRemark(kept: Record<string, unknown>): string {
  return `W3C annotation properties not kept (a document label or relation has no attributes): ${Object.keys(kept).join(', ')}`
}

/** What export adds to the annotation of a span whose attrs kept a foreign annotation's properties. */
export interface KeptProperties {
  /** Properties of the annotation itself the export does not write (`generator`, `rights`...), and `via`: the original IRI. */
  annotation: Record<string, unknown>
  /** The creator's, the tagging body's and the target's properties the export does not write. */
  creator: Record<string, unknown>
  body: Record<string, unknown>
  target: Record<string, unknown>
}

/** The keys of `value` (one object) not in `written`. */
function extraKeys(value: unknown, written: ReadonlySet<string>): Record<string, unknown> {
  const object = objectOf(value)
  return object === undefined ? {} : Object.fromEntries(Object.entries(object).filter(([key]) => !written.has(key)))
}

/**
 * What a span's `attrs.w3c` gives back to its annotation: its other properties, its original `id` as `via`
 * (the annotation it was copied from), and the extra keys of a single creator, tagging body (the one whose value
 * is `label`) and target. The `id`, `type`, value, source and selectors the export writes itself win.
 */
export function keptProperties(attrs: Record<string, unknown>, label: string, written: ReadonlySet<string>): KeptProperties {
  const kept = objectOf(attrs[W3C_KEPT]) ?? {}
  const { id, creator, body, target, ...rest } = kept
  const annotation = Object.fromEntries(Object.entries(rest).filter(([key]) => !written.has(key)))
  if (typeof id === 'string' && !('via' in annotation)) annotation.via = id
  const tag = list(body).find((item) => objectOf(item)?.value === label)
  return {
    annotation,
    creator: list(creator).length === 1 ? extraKeys(list(creator)[0], new Set([...AGENT_KEYS, 'name'])) : {},
    body: extraKeys(tag, new Set([...BODY_KEYS, 'format'])),
    target: list(target).length === 1 ? extraKeys(list(target)[0], TARGET_KEYS) : {},
  }
}
