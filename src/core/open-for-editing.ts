/**
 * Opening a corpus to annotate it: for writing where this process may write it, otherwise read-only, with the
 * reason, so that the editor can say so plainly, refuse edits with that reason and offer a copy instead.
 */
import { accessSync, constants } from 'node:fs'
import { dirname } from 'node:path'
import { toCorpusError } from './errors'
import { Corpus, type OpenCorpusOptions } from './store/corpus'
import { CorpusReader } from './store/reader'

/** Why this process may not write the corpus at `path` (the file, or its folder, where SQLite keeps its journal), or null. */
export function whyReadOnly(path: string): string | null {
  try {
    accessSync(path, constants.W_OK)
  } catch {
    return 'you may not write this file'
  }
  try {
    accessSync(dirname(path), constants.W_OK)
  } catch {
    return 'you may not write its folder (where a write keeps its journal)'
  }
  return null
}

/** A corpus open to annotate, and why it is read-only (null if it may be written). */
export interface EditableCorpus {
  corpus: CorpusReader
  readOnly: string | null
}

/** Opens the corpus at `path` for writing if this process may, otherwise read-only with the reason. */
export function openForEditing(path: string, options: Omit<OpenCorpusOptions, 'create' | 'labels'> = {}): EditableCorpus {
  let reason = whyReadOnly(path)
  if (reason === null) {
    try {
      return { corpus: Corpus.open(path, options), readOnly: null }
    } catch (error) {
      if (toCorpusError(error).kind !== 'readonly') throw error
      reason = 'the file system does not let it be written'
    }
  }
  return { corpus: CorpusReader.open(path, options), readOnly: reason }
}
