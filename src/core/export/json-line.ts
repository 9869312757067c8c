/**
 * One value as one line of JSONL that every reader splits where we do. JSON leaves U+0085 (next line) and
 * U+2028/U+2029 (line and paragraph separators) raw inside strings, where they are valid JSON; but Python's
 * `str.splitlines()`, and readers built on it, take them for line ends and cut a record in two. Written as
 * `\u` escapes, they read back as the same characters, and the only line end left is the one after the line.
 */

/** Characters some readers take for line ends that JSON.stringify leaves raw. */
const LINE_ENDS_FOR_SOME = /[\u0085\u2028\u2029]/
const LINE_ENDS_FOR_SOME_ALL = /[\u0085\u2028\u2029]/g

/** `value` as JSON text with no character any reader takes for a line end. */
export function jsonLine(value: unknown): string {
  const text = JSON.stringify(value)
  return LINE_ENDS_FOR_SOME.test(text) ? text.replace(LINE_ENDS_FOR_SOME_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : text
}
