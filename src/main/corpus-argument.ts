/**
 * The corpus a launch asks for: `marginalia news.marginalia` from a shell, a double-click on a corpus (its
 * path in argv on Windows and Linux; desktop files may pass a file:// URL), or `npm start -- news.marginalia`.
 */
import { isAbsolute, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

function asPath(argument: string): string | null {
  if (!/^file:/i.test(argument)) return argument
  try {
    return fileURLToPath(argument)
  } catch {
    return null
  }
}

/** The switch naming a corpus whatever its name (`npm start -- notes.db` passes `--corpus=/abs/notes.db`). */
export const CORPUS_SWITCH = '--corpus='

/**
 * The corpus after the executable, made absolute against `workingDirectory`: the first `--corpus=PATH` (any
 * name) or `*.marginalia` argument (other arguments may be the app's folder, or switches Chromium added);
 * undefined if none.
 */
export function corpusArgument(argv: readonly string[], workingDirectory: string): string | undefined {
  for (const argument of argv.slice(1)) {
    const named = argument.startsWith(CORPUS_SWITCH)
    if (argument.startsWith('-') && !named) continue
    const path = asPath(named ? argument.slice(CORPUS_SWITCH.length) : argument)
    if (path !== null && path !== '' && (named || /\.marginalia$/i.test(path))) return isAbsolute(path) ? path : resolve(workingDirectory, path)
  }
  return undefined
}

/** What a launch hands to the running instance (`requestSingleInstanceLock`'s additional data). */
export interface LaunchRequest {
  corpus: string | null
}

/** This launch's request, from its own argv and working directory. */
export function launchRequest(argv: readonly string[], workingDirectory: string): LaunchRequest {
  return { corpus: corpusArgument(argv, workingDirectory) ?? null }
}

/**
 * The corpus a second launch asks the running instance to open: from the request it handed over, which is
 * exact, or else from its argv (which Chromium may have reordered or added switches to) and working directory.
 */
export function secondLaunchCorpus(argv: readonly string[], workingDirectory: string, handedOver: unknown): string | undefined {
  if (typeof handedOver === 'object' && handedOver !== null && 'corpus' in handedOver) {
    const corpus = (handedOver as { corpus: unknown }).corpus
    if (typeof corpus === 'string' && isAbsolute(corpus)) return corpus
    if (corpus === null) return undefined
  }
  return corpusArgument(argv, workingDirectory)
}
