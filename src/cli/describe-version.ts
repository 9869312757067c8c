/** How the CLI names a corpus's schema version. */

/** "schema version 2", or for an older file read as it would be upgraded, both versions. */
export function describeVersion(fileVersion: number, readAs: number): string {
  return fileVersion === readAs
    ? `schema version ${fileVersion}`
    : `schema version ${fileVersion}, read as version ${readAs} (opening it to write upgrades the file)`
}

