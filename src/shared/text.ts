/** Small helpers for text shown to people. */

/** `1 document`, `2 documents`, `3 matches`: a count with its noun, plural when it is not one. */
export function plural(count: number, word: string): string {
  return `${count} ${count === 1 ? word : /(?:s|x|z|ch|sh)$/.test(word) ? `${word}es` : `${word}s`}`
}

/** `1 code point`, `26 code points`: a count with a noun given in the plural (ending in s), singular when the count is one. */
export function countedIn(count: number, pluralNoun: string): string {
  return `${count} ${count === 1 ? pluralNoun.replace(/s$/, '') : pluralNoun}`
}

/** `a`, `a and b`, `a, b and c`: items as a sentence lists them. */
export function listed(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
}

/** A name as a list of names shows it: quoted where it holds a comma (`"Lopez, Ana"`), so that it reads as one. */
export function listedName(name: string): string {
  return name.includes(',') ? JSON.stringify(name) : name
}

/**
 * `2026-11-30T16:20:19.341Z` as `at 16:20:19 UTC on 2026-11-30`, as every message and the span details write a
 * time (in UTC, which colleagues in other time zones read alike); a time in another form as it is.
 */
export function readableTime(iso: string): string {
  const parts = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(?:\.\d+)?Z$/.exec(iso)
  return parts === null ? `at ${iso}` : `at ${parts[2]} UTC on ${parts[1]}`
}

/** Grapheme clusters, for cutting a text between characters as seen. */
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

/**
 * `text` to show where it may be very long (a span over a whole article): whole up to about `head` + `tail` UTF-16
 * units, else its first `head` and last `tail` units (`tail` 0: none) with " … " between, each cut between
 * characters as seen (never half of a flag, an emoji sequence or a letter and its accents). Drawing 400,000
 * characters in the side panel slowed every frame of the editor beside it.
 */
export function excerpt(text: string, head = 600, tail = 200): string {
  if (text.length <= head + tail + 3) return text
  const headEnd = graphemes.segment(text.slice(0, head + 64)).containing(head)?.index ?? head
  if (tail === 0) return `${text.slice(0, headEnd)} …`
  // The first cluster that starts at or after the last `tail` units (one that straddles the cut is left out).
  const from = Math.max(0, text.length - tail - 64)
  const cut = text.length - tail - from
  const cluster = graphemes.segment(text.slice(from)).containing(cut)
  const tailStart = cluster === undefined ? text.length - tail : from + cluster.index + (cluster.index < cut ? cluster.segment.length : 0)
  return `${text.slice(0, headEnd)} … ${text.slice(tailStart)}`
}
