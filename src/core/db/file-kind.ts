/**
 * Recognising a SQLite database, and a Marginalia corpus among them, by the first hundred bytes of a file, as
 * docs/corpus-format.md describes: SQLite's header, and the application id a corpus sets in it.
 */
import { APPLICATION_ID } from './create'

/** SQLite's header, and where in it a file's application id is (big-endian). */
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1')
const APPLICATION_ID_AT = 68

/** How many of a file's first bytes `databaseKind` needs. */
export const DATABASE_HEADER_BYTES = 100

/** What a file starting with `head` is, in words ('a Marginalia corpus', 'a SQLite database'), or null if neither. */
export function databaseKind(head: Uint8Array): 'a Marginalia corpus' | 'a SQLite database' | null {
  const header = Buffer.from(head.buffer, head.byteOffset, head.byteLength)
  if (header.length < APPLICATION_ID_AT + 4 || !header.subarray(0, SQLITE_HEADER.length).equals(SQLITE_HEADER)) return null
  return header.readUInt32BE(APPLICATION_ID_AT) === APPLICATION_ID ? 'a Marginalia corpus' : 'a SQLite database'
}
