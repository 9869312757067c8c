/**
 * The browser edition's memory of the analyst's name between runs (as the app's settings remember it): the
 * name set in the page is written to `browser-edition.json` in the user's configuration folder, and a server
 * started without `--annotator` or `MARGINALIA_ANNOTATOR` takes it, rather than the system's user name, which
 * would record the edits under a third, unintended "analyst".
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { analystNameProblem } from '../shared/curation'

/**
 * The file: `$XDG_CONFIG_HOME` (else `~/.config`; `%APPDATA%` on Windows) / marginalia / browser-edition.json;
 * null for a user with no home folder (no passwd entry), whose name is then not remembered.
 */
export function rememberedAnalystFile(env: NodeJS.ProcessEnv = process.env): string | null {
  let base = env.XDG_CONFIG_HOME || (process.platform === 'win32' && env.APPDATA) || null
  if (!base) {
    try {
      base = join(homedir(), '.config')
    } catch {
      return null
    }
  }
  return join(base, 'marginalia', 'browser-edition.json')
}

/** The name remembered in `file`, or null if there is none (or none that is a valid analyst's name). */
export function rememberedAnalyst(file: string | null): string | null {
  if (file === null) return null
  try {
    const { analyst } = JSON.parse(readFileSync(file, 'utf8')) as { analyst?: unknown }
    return typeof analyst === 'string' && analystNameProblem(analyst) === null ? analyst : null
  } catch {
    return null
  }
}

/** Remembers `name` in `file` (written whole, through a temporary file); false if it could not be written. */
export function rememberAnalyst(file: string | null, name: string): boolean {
  if (file === null) return false
  try {
    mkdirSync(join(file, '..'), { recursive: true })
    const temporary = `${file}.tmp`
    writeFileSync(temporary, `${JSON.stringify({ analyst: name }, null, 2)}\n`)
    renameSync(temporary, file)
    return true
  } catch {
    return false
  }
}
