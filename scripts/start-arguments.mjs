// `npm start`'s command line: the corpus (the first argument that is not an option, whatever its name), whether
// to fall back to the browser edition, and the options passed on to Electron. A corpus named otherwise than
// `*.marginalia` reaches the desktop app as `--corpus=PATH` (src/main/corpus-argument.ts), which takes any name;
// the browser edition takes it as its argument. Either opens it, or refuses it in one line.
import { existsSync } from 'node:fs'
import { isAbsolute, resolve } from 'node:path'

/** The desktop app's switch for a corpus of any name (src/main/corpus-argument.ts); also taken here. */
const CORPUS_SWITCH = '--corpus='

/** A command line `npm start` refuses (exit 2), with the reason in one line. */
export class UsageError extends Error {}

/**
 * The corpus named in `args` (resolved against `cwd`, the folder `npm start` was typed in), the arguments for
 * Electron and whether to fall back to the browser edition. Throws UsageError for a corpus that does not
 * exist, or for a second one.
 */
export function parseArguments(args, cwd) {
  const browserFallback = !args.includes('--no-browser-fallback')
  let corpus
  const electronArgs = []
  for (const arg of args) {
    if (arg === '--no-browser-fallback') continue
    const named = arg.startsWith(CORPUS_SWITCH) ? arg.slice(CORPUS_SWITCH.length) : null
    if (arg.startsWith('-') && named === null) {
      electronArgs.push(arg)
      continue
    }
    const path = named ?? arg
    if (corpus !== undefined) throw new UsageError(`npm start opens one corpus at a time; it was given ${corpus} and ${path}`)
    corpus = isAbsolute(path) ? path : resolve(cwd, path)
    if (!existsSync(corpus)) {
      throw new UsageError(`no such file: ${corpus} (make a corpus with npx marginalia sample or npx marginalia import)`)
    }
    electronArgs.push(/\.marginalia$/i.test(corpus) ? corpus : `${CORPUS_SWITCH}${corpus}`)
  }
  return { corpus, electronArgs, browserFallback }
}
