/**
 * Texts in scripts written without spaces between words (Chinese, Japanese, Thai, Lao, Khmer, Burmese), or whose
 * words take particles written on (Korean). The word index (FTS5's unicode61) keeps a whole run of such characters as
 * one token, with the digits and Latin letters written against it: in "我们将在2025年前实现目标" neither 2025 nor any
 * word is a token of its own, nor is 2025 in "2025년에". Documents holding such text are listed apart
 * (`documents_unspaced`), so that a search for a word also scans them for it.
 */

import { PARTICLE_SCRIPT, UNSPACED_SCRIPT } from '../../shared/unspaced-script'

/**
 * A character of either: one class, so that a text is read once (two expressions read each text twice, about 0.45 s
 * of an import of 100,000 news documents).
 */
const LISTED_SCRIPT = new RegExp(`${UNSPACED_SCRIPT.source.slice(0, -1)}${PARTICLE_SCRIPT.source}]`, 'u')

/** True if a document of this title and text holds such a script (it is listed in `documents_unspaced`). */
export function writtenUnspaced(title: string, text: string): boolean {
  return LISTED_SCRIPT.test(text) || LISTED_SCRIPT.test(title)
}
