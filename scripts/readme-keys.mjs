// Writes the keyboard reference (src/renderer/app/keyboard-reference.ts) into the README's key table, so the
// two never differ: `node scripts/readme-keys.mjs`. tests/docs/readme.test.ts checks they agree.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')
const source = readFileSync(join(root, 'src/renderer/app/keyboard-reference.ts'), 'utf8')
// The editor's own keys are named once, in src/shared/hotkeys.ts (`EDITOR_KEYS = { help: '?', ... }`).
const hotkeys = readFileSync(join(root, 'src/shared/hotkeys.ts'), 'utf8')
const editorKeys = Object.fromEntries([...(/EDITOR_KEYS[^=]*=\s*\{([^}]*)\}/s.exec(hotkeys)?.[1] ?? '').matchAll(/(\w+):\s*(['"])(.*?)\2/g)].map((m) => [m[1], m[3]]))
const keysOf = (text) => text.replace(/^EDITOR_KEYS\.(\w+)$/, (_, name) => editorKeys[name] ?? text)
const rows = [...source.matchAll(/\{ keys: (?:(['"])(.*?)\1|(EDITOR_KEYS\.\w+)), action: (['"])(.*?)\4 \}/g)].map((m) => `| ${m[2] ?? keysOf(m[3])} | ${m[5]} |`)
const readme = readFileSync(join(root, 'README.md'), 'utf8').split('\n')
const start = readme.indexOf('| keys | action |')
if (start === -1) throw new Error('README.md has no "| keys | action |" table')
let end = start + 2
while (end < readme.length && readme[end].startsWith('| ')) end++
readme.splice(start + 2, end - start - 2, ...rows)
writeFileSync(join(root, 'README.md'), readme.join('\n'))
console.log(`README.md: ${rows.length} keys`)
