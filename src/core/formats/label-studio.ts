/**
 * Label Studio's JSON export (a JSON array of tasks), read and written, so that a team can move between
 * Label Studio and Marginalia either way. Offsets count UTF-16 code units, as Label Studio's do. The reader is
 * `label-studio-read.ts`, the writer `label-studio-write.ts`; docs/formats/label-studio.md says what maps to what.
 */
import type { Writable } from 'node:stream'
import type { Format } from './format'
import { looksLikeLabelStudio, readLabelStudio } from './label-studio-read'
import { writeLabelStudio } from './label-studio-write'

/** Label Studio JSON export. */
export const labelStudioFormat: Format = {
  name: 'label-studio',
  description: "Label Studio JSON export: tasks with labels, relation and choices results, UTF-16 offsets (read and written)",
  extensions: ['.json'],
  reader: { read: readLabelStudio, recognises: looksLikeLabelStudio },
  writer: { target: 'stream', write: (documents, out, context) => writeLabelStudio(documents, out as Writable, context) },
}
