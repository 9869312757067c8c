#!/usr/bin/env node
// The `marginalia` command: runs the CLI bundle that `npm install` (prepare) or `npm run build` makes.
const { existsSync } = require('node:fs')
const { join } = require('node:path')

const bundle = join(__dirname, '..', 'out', 'main', 'cli.js')
if (!existsSync(bundle)) {
  process.stderr.write('marginalia: the CLI is not built yet; run `npm run build` in ' + join(__dirname, '..') + '\n')
  process.exit(70)
}
require(bundle)
