/**
 * The file beside another of the same name but another extension (a brat `.txt`'s `.ann`), found whatever the
 * case of the extension's letters (`.ANN`, `.Txt`), as a folder from another system may have them. Each folder's
 * names are read once, so a folder of many files is not read again for every one.
 */
import { existsSync, readdirSync } from 'node:fs'
import { basename, dirname, extname, join } from 'node:path'

/** `path` without its extension. */
export function withoutExtension(path: string): string {
  return path.slice(0, path.length - extname(path).length)
}

/** Finds siblings, reading each folder's names at most once. */
export class SiblingFiles {
  /** Each folder's file names, by name with the extension in lower case. */
  private readonly folders = new Map<string, Map<string, string>>()

  /**
   * The file beside `path` named as it is but with `extension` (lower case, with its dot), exactly so if there is
   * one, else in any case of the extension's letters; undefined if there is none.
   */
  of(path: string, extension: string): string | undefined {
    const exact = `${withoutExtension(path)}${extension}`
    if (existsSync(exact)) return exact
    const folder = dirname(path)
    const name = this.namesIn(folder).get(`${basename(withoutExtension(path))}${extension}`)
    return name === undefined ? undefined : join(folder, name)
  }

  private namesIn(folder: string): Map<string, string> {
    let names = this.folders.get(folder)
    if (names === undefined) {
      names = new Map()
      try {
        for (const name of readdirSync(folder)) names.set(`${withoutExtension(name)}${extname(name).toLowerCase()}`, name)
      } catch {
        // A folder that cannot be listed has no siblings to offer; reading the file itself says why, if it fails.
      }
      this.folders.set(folder, names)
    }
    return names
  }
}
