#!/usr/bin/env node
// The `marginalia` command: runs the CLI bundle that `npm install` (prepare) or `npm run build` makes, or, for
// `marginalia serve`, the browser edition's (a server, which keeps running and handles its own signals).
const { existsSync } = require('node:fs')
const { join } = require('node:path')

const serving = process.argv[2] === 'serve'
const bundle = join(__dirname, '..', 'out', 'main', serving ? 'serve.js' : 'cli.js')
if (!existsSync(bundle)) {
  process.stderr.write('marginalia: the CLI is not built yet; run `npm run build` in ' + join(__dirname, '..') + '\n')
  process.exit(70)
}
if (serving) process.argv.splice(2, 1) // its own program takes [corpus] [options]
require(bundle)
