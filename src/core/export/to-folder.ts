/**
 * Exporting into a folder (brat) so that a failed or stopped export leaves nothing behind: the files are
 * written into a temporary folder beside the target, and moved into it only once all are written. A new
 * folder appears whole (one rename); files put into an existing folder (empty, or with --force) are moved
 * in one by one, each replacing its namesake at once.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, renameSync, rmdirSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { fileError, InputError } from '../errors'
import { writeFailure } from './to-file'
import { removeQuietly } from '../files'

/** Moves every entry of `from` into `to` (merging folders that both have), then removes `from`. */
function moveInto(from: string, to: string): void {
  for (const name of readdirSync(from)) {
    const source = join(from, name)
    const target = join(to, name)
    const existing = lstatSync(target, { throwIfNoEntry: false })
    if (existing?.isDirectory() && lstatSync(source).isDirectory()) moveInto(source, target)
    else renameSync(source, target)
  }
  rmdirSync(from)
}

/** The files in `folder` and the folders in it, by their paths in it (`news/a.txt`), hidden ones aside, sorted. */
function filesIn(folder: string, within = ''): string[] {
  return readdirSync(join(folder, within), { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith('.'))
    .flatMap((entry) => {
      const name = within === '' ? entry.name : `${within}/${entry.name}`
      return entry.isDirectory() ? filesIn(folder, name) : [name]
    })
    .sort()
}

/**
 * Writes into the folder `folder` with `write`, which is given a temporary folder to fill. The folder must be
 * new or empty unless `force`. Nothing is left in or beside it if `write` fails or is stopped. Resolves with what
 * `write` did and the names of what the folder held that the write did not replace (with `force`), left there.
 */
export async function writeToFolder<T>(folder: string, force: boolean, write: (into: string) => Promise<T>): Promise<{ result: T; left: string[] }> {
  const path = resolve(folder)
  let exists: boolean
  try {
    // lstat, not existsSync: a folder on the way the user may not enter is said as such, not taken for nothing there.
    const found = lstatSync(path, { throwIfNoEntry: false })
    exists = found !== undefined
    if (found !== undefined && !found.isDirectory()) throw new InputError(folder, null, 'is not a folder')
    if (exists && !force && readdirSync(path).length > 0) {
      throw new InputError(folder, null, 'is not empty; give an empty or new folder (or --force to write into it)')
    }
    mkdirSync(dirname(path), { recursive: true })
  } catch (error) {
    if (error instanceof InputError) throw error
    // A file where a folder of the path would be made (`-o notes.txt/brat`).
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new InputError(folder, null, 'cannot be written: a part of the path is not a folder')
    throw fileError(folder, error, 'written')
  }
  const partial = join(dirname(path), `.${basename(path)}.${process.pid}.partial`)
  try {
    mkdirSync(partial)
    const result = await write(partial)
    if (!exists && !existsSync(path)) {
      renameSync(partial, path)
      return { result, left: [] }
    }
    const written = new Set(filesIn(partial))
    const left = filesIn(path).filter((name) => !written.has(name))
    moveInto(partial, path)
    return { result, left }
  } catch (error) {
    removeQuietly(partial)
    throw writeFailure(folder, error)
  }
}
