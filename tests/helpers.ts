/** Helpers shared by the Node tests: scratch folders, files, and running the CLI in-process. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterEach, onTestFinished } from 'vitest'
import { runCli } from '../src/cli/main'

const scratchFolders: string[] = []
afterEach(() => {
  for (const folder of scratchFolders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

/** A new empty folder, removed after the test. */
export function scratch(): string {
  const folder = mkdtempSync(join(tmpdir(), 'marginalia-test-'))
  scratchFolders.push(folder)
  return folder
}

/** Closes `resource` when the test finishes, however it ends (closing twice is harmless); returns it. */
export function opened<T extends { close(): unknown }>(resource: T): T {
  onTestFinished(() => void resource.close())
  return resource
}

/** Writes `content` to `name` inside `folder` and returns its path. */
export function writeFile(folder: string, name: string, content: string | Buffer): string {
  const path = join(folder, name)
  writeFileSync(path, content)
  return path
}

/** Writes records as JSONL (one JSON object per line, each ending in a line feed). */
export function writeJsonl(folder: string, name: string, records: unknown[]): string {
  return writeFile(folder, name, records.map((record) => `${JSON.stringify(record)}\n`).join(''))
}

class Capture extends Writable {
  text = ''
  constructor(readonly isTTY = false) {
    super()
  }
  // What cli-progress calls on a terminal; recorded as text so tests can see that a bar was drawn.
  cursorTo(x: number): boolean {
    this.text += `<cursor ${x}>`
    return true
  }
  clearLine(): boolean {
    return true
  }
  moveCursor(): boolean {
    return true
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString('utf8')
    callback()
  }
}

/** Runs the CLI in-process and returns its exit code and what it printed. */
export async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return cliOnTerminal(false, ...argv)
}

/** Runs the CLI in-process with a stderr that says whether it is a terminal. */
export async function cliOnTerminal(terminal: boolean, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Capture()
  const stderr = new Capture(terminal)
  const code = await runCli(argv, { stdout, stderr })
  return { code, stdout: stdout.text, stderr: stderr.text }
}

/** The lines of a JSONL export, parsed. */
export function parseJsonl(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>)
}
