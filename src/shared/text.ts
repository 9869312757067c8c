/** Small helpers for text shown to people. */

/** `1 document`, `2 documents`: a count with its noun, plural when it is not one. */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}
