/**
 * CoNLL / IOB2: one token per line with its tag last, a blank line between sentences, `-DOCSTART-` between
 * documents, as in the CoNLL-2003 named entity data. Import reads it (`conll-read.ts`); export tokenises each
 * text and tags its spans (`conll-write.ts`). docs/formats/conll.md says what maps to what.
 */
import type { Writable } from 'node:stream'
import { readConll } from './conll-read'
import { writeConll } from './conll-write'
import type { Format } from './format'

/** CoNLL with IOB2 tags (IOB1 read too). */
export const conllFormat: Format = {
  name: 'conll',
  description: 'CoNLL / IOB2: a token and its tag per line, blank lines between sentences, -DOCSTART- between documents (spans only)',
  extensions: ['.conll', '.iob', '.iob2', '.bio'],
  reader: { read: readConll },
  writer: { target: 'stream', oneAnalystPerDocument: true, write: (documents, out, context) => writeConll(documents, out as Writable, context) },
}
