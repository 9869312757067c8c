/**
 * docs/security.md says what the code does, no more: where the browser edition's token can be found is checked
 * against `tests/e2e/token-history.spec.ts` (which shows Chromium's history keeping it), and the known limits
 * are stated.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const security = readFileSync(join(__dirname, '..', '..', 'docs', 'security.md'), 'utf8').replace(/\s+/g, ' ')

describe('docs/security.md', () => {
  it('does not promise that the token leaves no trace in the browser, and says where it stays', () => {
    expect(security).not.toMatch(/not left in (the )?history/i)
    expect(security).not.toMatch(/URL that stays anywhere/i)
    expect(security).toContain("the browser's history database still records the visit to the printed address, token included")
    expect(security).toContain('tests/e2e/token-history.spec.ts')
  })
})
