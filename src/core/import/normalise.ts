/**
 * The only changes Marginalia makes to imported text: a leading UTF-8 byte order mark is dropped and CRLF or
 * lone CR line ends become LF. Offsets given for the original text are carried over to the normalised one.
 */
import { lowerBound } from '../../shared/offsets'

/** Normalised text, and a function carrying a code point offset of the original text over to it. */
export interface NormalisedText {
  text: string
  /** True when the text was changed. */
  changed: boolean
  /** Maps a code point offset in the original text to the same place in the normalised text. */
  mapOffset(offset: number): number
}

const identity = (offset: number): number => offset

/** Drops a leading BOM and turns CRLF and CR into LF. */
export function normaliseText(original: string): NormalisedText {
  const hasBom = original.charCodeAt(0) === 0xfeff
  if (!hasBom && !original.includes('\r')) return { text: original, changed: false, mapOffset: identity }

  // Code point offsets (in the original) of every removed character, ascending.
  const removed: number[] = []
  let text = ''
  let codePoint = 0
  let runStart = 0
  for (let i = 0; i < original.length; i++, codePoint++) {
    const unit = original.charCodeAt(i)
    if (i === 0 && hasBom) {
      removed.push(codePoint)
      runStart = 1
    } else if (unit === 0x0d) {
      text += original.slice(runStart, i)
      if (original.charCodeAt(i + 1) === 0x0a) {
        removed.push(codePoint) // the CR of CRLF goes; the LF stays
        runStart = i + 1
      } else {
        text += '\n'
        runStart = i + 1
      }
    } else if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = original.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) i++
    }
  }
  text += original.slice(runStart)
  return {
    text,
    changed: true,
    mapOffset: (offset: number): number => offset - lowerBound(removed, offset),
  }
}
