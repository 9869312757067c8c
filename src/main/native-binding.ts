/**
 * better-sqlite3's native addon for Electron's main process. `npm install` builds the usual addon for Node
 * (tests, CLI, browser edition) and, through `scripts/build-electron-sqlite.mjs`, a second copy for
 * Electron's ABI under `native/electron/`, which the main process loads with better-sqlite3's
 * `nativeBinding` option.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'

/** Path of the Electron build of better-sqlite3, or undefined if it was not built. */
export function electronSqliteBinding(appRoot: string): string | undefined {
  const path = join(appRoot, 'native', 'electron', 'better_sqlite3.node')
  return existsSync(path) ? path : undefined
}
