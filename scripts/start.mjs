#!/usr/bin/env node
// `npm start`: runs the desktop app when Electron's binary is installed, and otherwise says so plainly.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const electronDir = join(import.meta.dirname, '..', 'node_modules', 'electron')
const pathFile = join(electronDir, 'path.txt')
const binary = existsSync(pathFile) ? join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()) : null

if (binary === null || !existsSync(binary)) {
  process.stderr.write(
    [
      "Marginalia: Electron's binary is not installed here, so the desktop app cannot start.",
      `  (looked for ${binary ?? pathFile})`,
      '  The desktop editor is not built yet either; meanwhile the corpus tools work without Electron:',
      '    npx marginalia sample my.marginalia && npx marginalia export my.marginalia',
      '',
    ].join('\n'),
  )
  process.exit(1)
}
process.stderr.write('Marginalia: the desktop editor is not built yet; see README.md.\n')
process.exit(1)
