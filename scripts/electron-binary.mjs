// Where Electron's binary is, found the way the electron package records it (never `require('electron')`,
// which tries to download the binary when it is missing).
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** The binary's path, or `{ missing: reason }`. */
export function electronBinary(root) {
  const packageDir = join(root, 'node_modules', 'electron')
  const pathFile = join(packageDir, 'path.txt')
  if (!existsSync(pathFile)) return { missing: `${pathFile} does not exist: Electron's binary was never downloaded` }
  const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim())
  if (!existsSync(binary)) return { missing: `${binary} does not exist` }
  return { path: binary }
}
