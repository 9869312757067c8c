/**
 * Recognising a SQLite database, and a Marginalia corpus among them, by the first bytes of a file, as
 * docs/corpus-format.md describes: SQLite's header, and the application id a corpus sets in it.
 */
import { headOf } from '../files'
import { APPLICATION_ID } from './create'

/** SQLite's header, and where in it a file's application id is (big-endian). */
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1')
const APPLICATION_ID_AT = 68

/** What the file at `path` is, in words ('a Marginalia corpus', 'a SQLite database'), or null if neither, or if it cannot be read. */
export function databaseKindAt(path: string): 'a Marginalia corpus' | 'a SQLite database' | null {
  let header: Buffer
  try {
    header = headOf(path, APPLICATION_ID_AT + 4)
  } catch {
    return null // not there, or not readable: what reads or writes it says why
  }
  if (header.length < APPLICATION_ID_AT + 4 || !header.subarray(0, SQLITE_HEADER.length).equals(SQLITE_HEADER)) return null
  return header.readUInt32BE(APPLICATION_ID_AT) === APPLICATION_ID ? 'a Marginalia corpus' : 'a SQLite database'
}
