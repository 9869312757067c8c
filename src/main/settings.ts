/** The desktop app's own settings (the analyst's name, recent corpora, the last one open, window bounds), as JSON in userData. */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'

const settingsShape = z.object({
  /** Who the analyst's edits are attributed to; null until they choose (the system's user name is used). */
  analyst: z.string().min(1).nullable().default(null),
  lastCorpus: z.string().nullable().default(null),
  recent: z.array(z.string()).default([]),
  bounds: z.object({ x: z.number(), y: z.number(), width: z.number().min(200), height: z.number().min(200) }).nullable().default(null),
})

/** What the app remembers between runs. */
export type Settings = z.infer<typeof settingsShape>

const MAX_RECENT = 10

/** Reads and writes `settings.json` in `folder`; a damaged file is replaced by defaults. */
export class SettingsFile {
  private readonly path: string
  private value: Settings

  constructor(folder: string) {
    this.path = join(folder, 'settings.json')
    let raw: unknown = {}
    try {
      if (existsSync(this.path)) raw = JSON.parse(readFileSync(this.path, 'utf8'))
    } catch {
      raw = {}
    }
    const parsed = settingsShape.safeParse(raw)
    this.value = parsed.success ? parsed.data : settingsShape.parse({})
  }

  get(): Settings {
    return this.value
  }

  /** Changes some settings and writes them (atomically, through a temporary file). */
  update(change: Partial<Settings>): void {
    this.value = { ...this.value, ...change }
    const temporary = `${this.path}.tmp`
    writeFileSync(temporary, JSON.stringify(this.value, null, 2))
    renameSync(temporary, this.path)
  }

  /** Records `path` as the corpus open now and the most recent one. */
  opened(path: string): void {
    this.update({ lastCorpus: path, recent: [path, ...this.value.recent.filter((p) => p !== path)].slice(0, MAX_RECENT) })
  }
}
