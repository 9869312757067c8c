/**
 * `export -o` onto what is not a plain file: the names of open descriptors (/dev/stdout, /dev/stderr,
 * /dev/fd/N, /proc/self/fd/N) are written into as the shell set them up (appending for `>>`, into a pipe
 * for `|`), and nothing that is not a regular file is ever renamed over.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync, symlinkSync, writeFileSync, lstatSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { scratch } from '../helpers'
import { BIN, hasStackTrace, marginalia } from './process'

/** Runs a bash script with M set to the command under test; returns its status and output. */
function bash(script: string, cwd: string): { status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string } {
  const result = spawnSync('bash', ['-c', `M() { "${process.execPath}" "${BIN}" "$@"; }\n${script}`], { cwd, encoding: 'utf8', timeout: 60_000 })
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr }
}

/** A folder with the sample corpus `e.marginalia` and a log holding one line of its own. */
async function setUp(): Promise<string> {
  const folder = scratch()
  expect((await marginalia(['sample', join(folder, 'e.marginalia')])).code).toBe(0)
  writeFileSync(join(folder, 'log.jsonl'), 'keep me\n')
  return folder
}

/** The lines of the log: its own line kept, then each export appended. */
function logLines(folder: string): string[] {
  return readFileSync(join(folder, 'log.jsonl'), 'utf8').split('\n').filter(Boolean)
}

const exported = expect.stringMatching(/^\{"id":"vladivostok-summit"/)

describe('export -o naming an open descriptor', () => {
  it('/dev/stdout, /dev/stderr, /dev/fd/3 and /proc/self/fd/3 opened for appending are appended to, not replaced', async () => {
    const folder = await setUp()
    const result = bash(
      [
        'M export e.marginalia -o /dev/stdout >> log.jsonl || exit 11',
        'M export e.marginalia -o /dev/stderr 2>> log.jsonl || exit 12',
        'M export e.marginalia -o /dev/fd/3 3>> log.jsonl || exit 13',
        'M export e.marginalia -o /proc/self/fd/3 3>> log.jsonl || exit 14',
      ].join('\n'),
      folder,
    )
    expect(result.status, result.stderr).toBe(0)
    // The export to /dev/stderr also says there what it did.
    expect(logLines(folder)).toEqual(['keep me', exported, exported, 'exported 1 document to /dev/stderr', exported, exported])
  })

  it('/dev/stdout and /dev/stderr write into a pipe: | head ends quietly with success', async () => {
    const folder = await setUp()
    const script = (redirect: string) => `for i in 1 2 3 4 5; do M export e.marginalia ${redirect} | head -c 30; echo " \${PIPESTATUS[0]}"; done`
    const runs = Array.from({ length: 5 }, () => '{"id":"vladivostok-summit","ti 0').join('\n')
    expect(bash(script('-o /dev/stdout'), folder).stdout).toBe(`${runs}\n`)
    expect(bash(script('-o /dev/stderr 2>&1 >/dev/null'), folder).stdout).toBe(`${runs}\n`)
  })

  it("a shell's process substitution (/dev/fd/63, a pipe) is written into", async () => {
    const folder = await setUp()
    const result = bash('M export e.marginalia -o >(cat > received.jsonl) || exit 1; wait; sleep 0.2', folder)
    expect(result.status, result.stderr).toBe(0)
    expect(readFileSync(join(folder, 'received.jsonl'), 'utf8')).toMatch(/^\{"id":"vladivostok-summit".*\n$/)
  })

  it('a symbolic link to /dev/stdout is followed to the descriptor, and the link kept', async () => {
    const folder = await setUp()
    symlinkSync('/dev/stdout', join(folder, 'out'))
    const result = bash('M export e.marginalia -o out >> log.jsonl', folder)
    expect(result.status, result.stderr).toBe(0)
    expect(logLines(folder)).toEqual(['keep me', exported])
    expect(lstatSync(join(folder, 'out')).isSymbolicLink()).toBe(true)
  })

  it("refuses a descriptor that is not open, or is one of the process's own, in one line and without crashing", async () => {
    const folder = await setUp()
    for (let fd = 3; fd <= 20; fd++) {
      const result = await marginalia(['export', join(folder, 'e.marginalia'), '-o', `/dev/fd/${fd}`], { cwd: folder })
      expect(result.signal, result.stderr).toBeNull()
      expect(hasStackTrace(result.stderr), result.stderr).toBe(false)
      expect(result.code, result.stderr).toBe(1)
      expect(result.stderr).toMatch(new RegExp(`^/dev/fd/${fd}: names descriptor ${fd}, which is (not open|open for reading only|one of Marginalia's own)`))
    }
  })

  it('copy refuses a target that is not a regular file', async () => {
    const folder = await setUp()
    const result = bash('M copy e.marginalia /dev/stdout --force >> log.jsonl', folder)
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(/^\/dev\/stdout: is not a regular file/)
    expect(logLines(folder)).toEqual(['keep me'])
  })
})
