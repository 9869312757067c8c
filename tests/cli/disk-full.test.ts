/**
 * A full disk while export writes its output or import writes the corpus: one line naming the file, exit
 * code 3 (a file could not be written), no partial output left, the corpus as it was. The disk is a 1 MiB
 * tmpfs, so these run only where the tests may mount one (as root); elsewhere they are skipped.
 */
import { execFileSync } from 'node:child_process'
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { scratch } from '../helpers'
import { hasStackTrace, isRoot, marginalia, writeArticles, type Finished } from './process'

/** A 1 MiB tmpfs at a new folder, or null where none can be mounted. */
function mountSmallDisk(): string | null {
  if (!isRoot) return null
  const folder = mkdtempSync(join(tmpdir(), 'marginalia-full-')) // not scratch(): that is emptied after each test
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', folder], { stdio: 'ignore' })
    return folder
  } catch {
    rmSync(folder, { recursive: true, force: true })
    return null
  }
}

const disk = mountSmallDisk()

/** The one line a refusal for a full disk must be, and its exit code. */
function refusedFull(result: Finished, file: RegExp): void {
  expect(hasStackTrace(result.stderr), result.stderr).toBe(false)
  expect(result.stderr.trimEnd().split('\n'), result.stderr).toHaveLength(1)
  expect(result.stderr).toMatch(file)
  expect(result.stderr).toMatch(/: cannot be written: the disk is full$|: database or disk is full$/m)
  expect(result.code, result.stderr).toBe(3)
}

describe.skipIf(disk === null)('a full disk', () => {
  const full = disk!
  const folder = mkdtempSync(join(tmpdir(), 'marginalia-full-corpus-'))
  const corpus = join(folder, 'big.marginalia') // 3,000 articles: an export of about 1.5 MB, more than the disk holds

  beforeAll(async () => {
    expect((await marginalia(['import', '--quiet', corpus, writeArticles(join(folder, 'big.jsonl'), 3_000)])).code).toBe(0)
  }, 120_000)
  afterEach(() => {
    for (const name of readdirSync(full)) rmSync(join(full, name), { recursive: true, force: true })
  })
  afterAll(() => {
    execFileSync('umount', [full])
    for (const made of [full, folder]) rmSync(made, { recursive: true, force: true })
  })

  it('export -o FILE: refused in one line, exit 3, the file as it was and nothing beside it', async () => {
    const output = join(full, 'out.jsonl')
    writeFileSync(output, 'the previous export\n')
    const result = await marginalia(['export', corpus, '-o', output])
    refusedFull(result, /out\.jsonl: cannot be written/)
    expect(readFileSync(output, 'utf8')).toBe('the previous export\n')
    expect(readdirSync(full)).toEqual(['out.jsonl'])
  })

  it('export > FILE (standard output): refused in one line naming the file, exit 3', async () => {
    const output = join(full, 'out.jsonl')
    const fd = openSync(output, 'w')
    const result = await marginalia(['export', corpus], { stdio: ['ignore', fd, 'pipe'] })
    closeSync(fd)
    refusedFull(result, /out\.jsonl \(standard output\): cannot be written/)
  })

  it('export --format brat -o FOLDER, new or empty: refused in one line, exit 3, no file left', async () => {
    const result = await marginalia(['export', '--format', 'brat', corpus, '-o', join(full, 'new')])
    refusedFull(result, /new: cannot be written/)
    expect(readdirSync(full)).toEqual([])
    mkdirSync(join(full, 'empty'))
    refusedFull(await marginalia(['export', '--format', 'brat', corpus, '-o', join(full, 'empty')]), /empty: cannot be written/)
    expect(readdirSync(full)).toEqual(['empty'])
    expect(readdirSync(join(full, 'empty'))).toEqual([])
  })

  it('import into a corpus on it: refused in one line, exit 3, the corpus unchanged', async () => {
    const target = join(full, 'c.marginalia')
    expect((await marginalia(['sample', target])).code).toBe(0)
    const before = readFileSync(target)
    const result = await marginalia(['import', target, writeArticles(join(scratch(), 'in.jsonl'), 3_000)])
    refusedFull(result, /c\.marginalia: /)
    expect(readFileSync(target).equals(before)).toBe(true)
    expect(readdirSync(full)).toEqual(['c.marginalia'])
    expect((await marginalia(['check', target])).code).toBe(0)
  })

  it('import making a corpus on it: refused in one line, exit 3, no corpus left', async () => {
    const result = await marginalia(['import', join(full, 'c.marginalia'), writeArticles(join(scratch(), 'in.jsonl'), 3_000)])
    refusedFull(result, /c\.marginalia: /)
    expect(existsSync(join(full, 'c.marginalia'))).toBe(false)
    expect(readdirSync(full)).toEqual([])
  })
})
