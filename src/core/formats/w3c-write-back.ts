/**
 * What a span's annotation gets back, on export, of the foreign W3C annotation it was read from (its
 * `attrs.w3c`, `w3c-kept.ts`): the annotation's other properties and `motivation`, its IRI as `via`; its other
 * creators; every body besides the tag and the note Marginalia writes (another comment, a `describing` body, an
 * IRI or SpecificResource body), and the extra keys of the tag's and the note's own bodies; the target's extra
 * keys, its quote's and position's extra keys, and its selectors of other kinds (a `RangeSelector`, a
 * `FragmentSelector`...). Marginalia writes the tag, the note, the source and the position and quote selectors
 * itself, from what the span is now; what was kept is added beside them, never a second time.
 *
 * Selectors of other kinds describe where the span was when it was read: they are written back only while the
 * span still has that text (its kept quote, or position), and otherwise left out and counted for the export's notes.
 */
import { typesOf } from './w3c-annotations'
import { AGENT_KEYS, BODY_KEYS, bodyRole, list, objectOf, SELECTOR_KEYS, TARGET_KEYS, W3C_KEPT } from './w3c-kept'

/** What Marginalia writes of a span's annotation before what it kept is added. */
export interface OwnParts {
  /** The span's label and text, and its note (undefined if it has none). */
  label: string
  text: string
  note: string | undefined
  creator: Record<string, unknown>
  tag: Record<string, unknown>
  comment: Record<string, unknown> | undefined
  /** The target without its selectors (`type`, `source`), and the two selectors. */
  target: Record<string, unknown>
  position: Record<string, unknown>
  quote: Record<string, unknown>
}

/** A span's annotation's parts with what it kept written back. */
export interface WrittenBack {
  /** Properties of the annotation itself (`generator`, `rights`, a `motivation` other than tagging...) and `via`. */
  annotation: Record<string, unknown>
  /** False when the annotation was read without a motivation and is to be written so (`keptOfSpan`). */
  motivated: boolean
  creator: unknown
  body: unknown
  target: Record<string, unknown>
  /** The types of the kept selectors left out because the span no longer has the text they were written for. */
  staleSelectors: string[]
}

/** The keys of `value` (one object) not in `written`. */
function extraKeys(value: unknown, written: ReadonlySet<string>): Record<string, unknown> {
  const object = objectOf(value)
  return object === undefined ? {} : Object.fromEntries(Object.entries(object).filter(([key]) => !written.has(key)))
}

function withType(type: string): (value: unknown) => boolean {
  return (value) => typesOf(objectOf(value)).includes(type)
}

const isQuote = withType('TextQuoteSelector')
const isPosition = withType('TextPositionSelector')

/** The kept target this span was read from: the only one, or the one whose quote is the span's text. */
function keptTarget(target: unknown, text: string): Record<string, unknown> | undefined {
  const targets = list(target).map(objectOf).filter((item) => item !== undefined)
  if (targets.length <= 1) return targets[0]
  return targets.find((item) => list(item.selector).some((selector) => isQuote(selector) && objectOf(selector)?.exact === text))
}

/** True if the span is still where its kept selectors put it: the same quote, or the same position. */
function samePlace(selectors: unknown[], own: OwnParts): boolean {
  const quote = objectOf(selectors.find(isQuote))
  if (quote !== undefined) return quote.exact === own.text
  const position = objectOf(selectors.find(isPosition))
  return position === undefined || (position.start === own.position.start && position.end === own.position.end)
}

/** The target, with what the kept target adds to Marginalia's own. */
function targetOf(kept: unknown, own: OwnParts): { target: Record<string, unknown>; staleSelectors: string[] } {
  const target = keptTarget(kept, own.text)
  const selectors = list(target?.selector)
  const known = Object.keys(SELECTOR_KEYS)
  const others = selectors.filter((selector) => !typesOf(objectOf(selector)).some((type) => known.includes(type)))
  const fresh = samePlace(selectors, own)
  const position = { ...extraKeys(selectors.find(isPosition), SELECTOR_KEYS.TextPositionSelector), ...own.position }
  const quote = { ...extraKeys(selectors.find(isQuote), SELECTOR_KEYS.TextQuoteSelector), ...own.quote }
  return {
    target: { ...extraKeys(target, TARGET_KEYS), ...own.target, selector: [position, quote, ...(fresh ? others : [])] },
    staleSelectors: fresh ? [] : others.map((selector) => typesOf(objectOf(selector)).join('/') || 'untyped selector'),
  }
}

/**
 * The bodies: Marginalia's tag with the extra keys of the kept body it came from (the tag whose value is the
 * label), its note with those of the kept comment, then every kept body that is neither a tag (each label is
 * its own span's) nor the comment that became the note. The kept `motivations` say what a body without a
 * purpose was, as the reader took it.
 */
function bodyOf(kept: unknown, motivations: readonly string[], own: OwnParts): unknown {
  const bodies = list(kept)
  const roles = bodies.map((body) => bodyRole(body, motivations))
  const tagAt = bodies.findIndex((body, i) => roles[i] === 'tag' && objectOf(body)?.value === own.label)
  const noteAt = roles.indexOf('comment')
  const tag = { ...own.tag, ...extraKeys(bodies[tagAt], new Set([...BODY_KEYS, 'format'])) }
  const comment = own.comment === undefined ? undefined : { ...own.comment, ...extraKeys(bodies[noteAt], BODY_KEYS) }
  const others = bodies.filter((_, i) => roles[i] !== 'tag' && i !== noteAt)
  const written = [tag, ...(comment === undefined ? [] : [comment]), ...others]
  return written.length === 1 ? tag : written
}

/**
 * A span's annotation's parts, `own`, with what its `attrs.w3c` kept of the annotation it was read from written
 * back beside them; the annotation's kept properties in `written` (what the export writes itself) are left out.
 */
export function writtenBack(attrs: Record<string, unknown>, own: OwnParts, written: ReadonlySet<string>): WrittenBack {
  const kept = objectOf(attrs[W3C_KEPT]) ?? {}
  const { id, creator, body, target, motivation, ...rest } = kept
  const annotation = Object.fromEntries(Object.entries(rest).filter(([key]) => !written.has(key)))
  if (motivation !== undefined && motivation !== null) annotation.motivation = motivation
  if (typeof id === 'string' && !('via' in annotation)) annotation.via = id
  const motivations = motivation === undefined ? ['tagging'] : list(motivation).filter((item): item is string => typeof item === 'string')
  const [first, ...otherCreators] = list(creator)
  const agent = { ...own.creator, ...extraKeys(first, new Set([...AGENT_KEYS, 'name'])) }
  const placed = targetOf(target, own)
  return {
    annotation,
    motivated: motivation !== null,
    creator: otherCreators.length === 0 ? agent : [agent, ...otherCreators],
    body: body === undefined ? (own.comment === undefined ? own.tag : [own.tag, own.comment]) : bodyOf(body, motivations, own),
    target: placed.target,
    staleSelectors: placed.staleSelectors,
  }
}
