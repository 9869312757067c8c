#!/usr/bin/env node
// `npm start`: runs the desktop app on the last corpus (the sample corpus on first run) when Electron's binary
// is installed, and otherwise says so plainly and points to the browser edition.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { electronBinary } from './electron-binary.mjs'

const root = join(import.meta.dirname, '..')
const binary = electronBinary(root)
if (binary.missing !== undefined) {
  process.stderr.write(
    [
      "Marginalia: Electron's binary is not installed on this machine, so the desktop app cannot start.",
      `  (${binary.missing})`,
      '  Use the browser edition instead; it is the same editor on the same corpus file:',
      '    npm run serve                      (a copy of the sample corpus)',
      '    npm run serve -- my.marginalia     (your corpus)',
      '',
    ].join('\n'),
  )
  process.exit(1)
}
if (!existsSync(join(root, 'native', 'electron', 'better_sqlite3.node'))) {
  process.stderr.write(
    'Marginalia: SQLite has not been built for Electron yet; run `npm run rebuild:electron`, or use `npm run serve`.\n',
  )
  process.exit(1)
}
if (!existsSync(join(root, 'out', 'main', 'index.js'))) {
  process.stderr.write('Marginalia: the app is not built yet; run `npm run build` first.\n')
  process.exit(1)
}
const child = spawn(binary.path, [root, ...process.argv.slice(2)], { stdio: 'inherit' })
child.on('exit', (code) => process.exit(code ?? 0))
