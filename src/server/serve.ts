/**
 * `marginalia serve [CORPUS] [--port N]` (or `npm run serve -- ...`): the browser edition. Opens CORPUS (or a temporary copy of the
 * sample) and serves the editor on 127.0.0.1, printing the address to open, token included.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defaultAnnotator } from '../core/annotator'
import { analystNameProblem } from '../shared/curation'
import { rememberAnalyst, rememberedAnalyst, rememberedAnalystFile } from './remembered-analyst'
import { onLockWait } from '../core/db/write-lock'
import { openForEditing } from '../core/open-for-editing'
import { createSampleCorpus } from '../core/sample'
import { Corpus } from '../core/store/corpus'
import { startServer, type RunningServer } from './http'
import { Shutdown } from './shutdown'
import { CommanderError } from 'commander'
import { serveCommand, type ServeOptions } from './serve-command'

const program = serveCommand('marginalia serve')
  .action(async (corpusPath: string | undefined, options: ServeOptions) => {
    const remembered = rememberedAnalystFile()
    // An analyst named on the command line or in the environment wins; else the name last set in the page.
    const annotator = options.annotator ?? (process.env.MARGINALIA_ANNOTATOR ? defaultAnnotator() : (rememberedAnalyst(remembered) ?? defaultAnnotator()))
    const named = options.annotator !== undefined || Boolean(process.env.MARGINALIA_ANNOTATOR)
    const given = options.annotator === undefined ? 'MARGINALIA_ANNOTATOR' : '--annotator'
    const problem = analystNameProblem(annotator)
    if (problem !== null) throw new Error(`${given}: ${problem}`)
    let path = corpusPath
    if (path === undefined) {
      path = join(mkdtempSync(join(tmpdir(), 'marginalia-sample-')), 'sample.marginalia')
      createSampleCorpus(path, { annotator })
    }
    const { corpus, readOnly } = openForEditing(path)
    if (readOnly !== null) process.stderr.write(`marginalia serve: ${path} is open read-only: ${readOnly}\n`)
    let server: RunningServer | undefined
    const shutdown = new Shutdown(() => {
      const closed = server?.close() ?? Promise.resolve()
      closed.finally(() => {
        const inPlace = !(corpus instanceof Corpus) || corpus.inPlace() // a read-only corpus wrote nothing
        corpus.close()
        process.stderr.write(
          inPlace
            ? `marginalia serve: stopped; every change made is saved in ${path}\n`
            : `marginalia serve: stopped; the corpus file was moved or deleted from ${path} while it was served: the changes made before that went with the file (moved: where it is now), none were written after\n`,
        )
        process.exit(0)
      })
    })
    onLockWait(shutdown)
    server = await startServer({
      corpus,
      annotator,
      readOnly,
      analystChanged: (name) => {
        // Named at the start (which wins at every start): the page's name holds for this server, and is not remembered
        // over the name remembered for starts without one (another analyst's, perhaps, on a shared account).
        if (named) return void process.stderr.write(`marginalia serve: the name ${name} holds until the server stops; it is not remembered, as the server was started with ${given}\n`)
        if (!rememberAnalyst(remembered, name)) {
          const where = remembered === null ? 'this user has no home folder' : `${remembered} could not be written`
          process.stderr.write(`marginalia serve: the name ${name} is not remembered for the next start (${where}); it holds until the server stops\n`)
        }
      },
      rendererDir: join(__dirname, '..', 'renderer'),
      port: options.port ?? 0,
    })
    if (options.json) process.stdout.write(`${JSON.stringify({ url: server.url, corpus: path })}\n`)
    else process.stdout.write(`Marginalia is serving ${path}\nOpen ${server.url}\n(Ctrl+C stops it)\n`)
  })

// A usage error (an unknown option, a port that is none) is said in one line and exits 2, as the marginalia command's do.
program.exitOverride().configureOutput({ outputError: () => undefined })
program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    if (error.exitCode === 0) process.exit(0) // --help
    process.stderr.write(`marginalia serve: ${error.message.replace(/^error: /, '').replace(/\s+/g, ' ').trim()} (see marginalia serve --help)\n`)
    process.exit(2)
  }
  process.stderr.write(`marginalia serve: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
