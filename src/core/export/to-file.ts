/**
 * Exporting to a file the way both the CLI and the app do it: into a temporary file beside the target,
 * renamed over it only once complete, so that an interrupted or failed export never leaves half a file where
 * a whole one was expected.
 */
import { createWriteStream, renameSync, rmSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { finished } from 'node:stream/promises'
import { InputError } from '../errors'
import type { CorpusReader } from '../store/reader'
import { writeJsonl, type ExportFilter } from './jsonl'

/** Writes the JSONL export of `corpus` to `output`; returns the number of documents written. */
export async function exportToFile(corpus: CorpusReader, output: string, filter: ExportFilter = {}): Promise<number> {
  const target = resolve(output)
  if (target === resolve(corpus.path)) throw new InputError(target, null, 'is the corpus itself; choose another output file')
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.partial`)
  const out = createWriteStream(temporary)
  try {
    const lines = await writeJsonl(corpus, out, filter)
    out.end()
    await finished(out)
    renameSync(temporary, target)
    return lines
  } catch (error) {
    out.destroy()
    rmSync(temporary, { force: true })
    throw error
  }
}
