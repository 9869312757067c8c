import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { KEYBOARD_REFERENCE } from '../../src/renderer/app/keyboard-reference'
import { CURRENT_SCHEMA_VERSION, MIGRATIONS } from '../../src/core/db/migrations'

const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8')

describe('README', () => {
  it('opens with the install-and-run and the test commands', () => {
    const firstBlock = readme.split('```sh')[1].split('```')[0]
    expect(firstBlock).toContain('npm install && npm start')
    expect(firstBlock).toContain('npm test')
  })

  it('names only files and folders of src that exist', () => {
    const paths = [...readme.matchAll(/`(src\/[^`\s]+)`/g)].map((match) => match[1])
    expect(paths.length).toBeGreaterThan(5)
    for (const path of paths) expect(existsSync(join(__dirname, '..', '..', path)), path).toBe(true)
  })

  it('lists the keyboard reference the editor shows with ?', () => {
    for (const { keys, action } of KEYBOARD_REFERENCE) expect(readme).toContain(`| ${keys} | ${action} |`)
  })
})

describe('docs/corpus-format.md', () => {
  const format = readFileSync(join(__dirname, '..', '..', 'docs', 'corpus-format.md'), 'utf8')

  it('states the current schema version and lists every migration', () => {
    expect(format).toContain(`currently **${CURRENT_SCHEMA_VERSION}**`)
    for (const migration of MIGRATIONS) expect(format).toMatch(new RegExp(`\\| ${migration.version} \\|`))
  })
})
