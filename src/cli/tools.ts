/** What every command of the CLI is given: its streams, a way to say things, and the helpers they share. */
import type { Writable } from 'node:stream'
import { CommanderError } from 'commander'
import { defaultAnnotator } from '../core/annotator'
import { CorpusReader, type ReadOptions } from '../core/store/reader'
import { analystName, analystNameProblem, CURATED } from '../shared/curation'
import { EXIT } from './failures'

/** Where the CLI writes, and where it finds the files shipped with Marginalia. */
export interface CliContext {
  stdout: Writable & { isTTY?: boolean }
  stderr: Writable & { isTTY?: boolean }
  /** Folder of the sample articles (default: the ones shipped with Marginalia). */
  sampleDir?: string
  /** Aborted by Ctrl+C: a long import or export stops, cleans up and says what it left. */
  signal?: AbortSignal
}

/** The context, plus what a command uses to report. */
export interface CliTools extends CliContext {
  /** Writes a line to stderr (messages, summaries; stdout is for data). */
  say(text: string): void
  /** Sets the exit code the CLI ends with (when the command finishes without throwing). */
  exitWith(code: number): void
}

/** Opens `path` for reading, runs `use` on it, and closes it however `use` ends. */
export async function reading<T>(path: string, use: (corpus: CorpusReader) => T | Promise<T>, options: ReadOptions = {}): Promise<T> {
  const corpus = CorpusReader.open(path, options)
  try {
    return await use(corpus)
  } finally {
    corpus.close()
  }
}

/** Commander's collector for a repeatable option. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value]

/**
 * The analyst a command records work under: `--annotator` if given, else `$MARGINALIA_ANNOTATOR`, else the user
 * name; refused as wrong usage, naming where it came from, if the editor would refuse it as an analyst's name
 * (blank, spaces at an end, a control character, `agreed`). `curated` is taken where `curatedAllowed`: an import
 * of a gold standard straight into the curated layer.
 */
export function annotatorOption(given: string | undefined, curatedAllowed = false): string {
  const name = given === undefined ? defaultAnnotator() : analystName(given)
  if (curatedAllowed && given === CURATED) return name
  const problem = analystNameProblem(name)
  if (problem === null) return name
  const from = given !== undefined ? '--annotator' : 'MARGINALIA_ANNOTATOR'
  throw new CommanderError(EXIT.usage, 'usage', `error: ${from}: ${problem}\n`)
}
