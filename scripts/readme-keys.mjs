// Writes the keyboard reference (src/renderer/app/keyboard-reference.ts) into the README's key table, so the
// two never differ: `node scripts/readme-keys.mjs`. tests/docs/readme.test.ts checks they agree.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')
const source = readFileSync(join(root, 'src/renderer/app/keyboard-reference.ts'), 'utf8')
const rows = [...source.matchAll(/\{ keys: (['"])(.*?)\1, action: (['"])(.*?)\3 \}/g)].map((m) => `| ${m[2]} | ${m[4]} |`)
const readme = readFileSync(join(root, 'README.md'), 'utf8').split('\n')
const start = readme.indexOf('| keys | action |')
if (start === -1) throw new Error('README.md has no "| keys | action |" table')
let end = start + 2
while (end < readme.length && readme[end].startsWith('| ')) end++
readme.splice(start + 2, end - start - 2, ...rows)
writeFileSync(join(root, 'README.md'), readme.join('\n'))
console.log(`README.md: ${rows.length} keys`)
