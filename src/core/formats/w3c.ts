/**
 * W3C Web Annotation (JSON-LD), read and written, in two forms that hold the same annotations:
 * - `w3c`: one `AnnotationCollection` whose one embedded `AnnotationPage` lists every annotation as `items`,
 *   one per line. A single page because a file is read whole anyway and the model lets the first page be
 *   embedded; `total`, `first` and `last` say so;
 * - `w3c-jsonl`: one annotation per line, for streaming tools and `grep`. A second format name rather than an
 *   option, so that `marginalia formats` lists it and `--format` is the one switch an export has.
 *
 * Both readers read either form. The writer is `w3c-write.ts`, the reader `w3c-read.ts`; docs/formats/w3c.md
 * says what maps to what.
 */
import type { Writable } from 'node:stream'
import type { Format } from './format'
import { looksLikeW3c } from './w3c-annotations'
import { readW3c } from './w3c-read'
import { writeAnnotationLines, writeCollection } from './w3c-write'

/** W3C Web Annotation: one AnnotationCollection. */
export const w3cFormat: Format = {
  name: 'w3c',
  description: 'W3C Web Annotation JSON-LD: one AnnotationCollection (read and written; reads w3c-jsonl too)',
  extensions: ['.jsonld', '.json'],
  reader: { read: readW3c, recognises: looksLikeW3c },
  writer: { target: 'stream', write: (documents, out, context) => writeCollection(documents, out as Writable, context) },
}

/**
 * W3C Web Annotation: one annotation per line. A `.jsonl` file whose first line is a W3C annotation is read
 * as this format; any other `.jsonl` as Marginalia's JSONL.
 */
export const w3cJsonlFormat: Format = {
  name: 'w3c-jsonl',
  description: 'W3C Web Annotation JSON-LD, one annotation per line (read and written)',
  extensions: ['.w3c.jsonl', '.jsonl'],
  reader: { read: readW3c, recognises: looksLikeW3c },
  writer: { target: 'stream', write: (documents, out, context) => writeAnnotationLines(documents, out as Writable, context) },
}
