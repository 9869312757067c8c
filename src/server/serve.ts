/**
 * `npm run serve -- [CORPUS] [--port N]`: the browser edition. Opens CORPUS (or a temporary copy of the
 * sample) and serves the editor on 127.0.0.1, printing the address to open, token included.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { Command, InvalidArgumentError } from 'commander'
import { CorpusFileError } from '../main/corpus/errors'
import { createSampleCorpus } from '../main/corpus/sample'
import { Corpus } from '../main/corpus/store'
import { startServer } from './http'

function port(value: string): number {
  const parsed = Number(value)
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) throw new InvalidArgumentError('must be a port number')
  return parsed
}

const program = new Command('marginalia-serve')
  .description('Serve the Marginalia editor to your browser on 127.0.0.1.')
  .argument('[corpus]', 'corpus file to open (default: a temporary copy of the sample corpus)')
  .option('--port <n>', 'port to listen on (default: a free one)', port, 0)
  .option('--annotator <name>', 'who your edits are attributed to', process.env.MARGINALIA_ANNOTATOR || userInfo().username || 'analyst')
  .option('--json', 'print {"url": ...} as one JSON line (for scripts and tests)')
  .action(async (corpusPath: string | undefined, options: { port: number; annotator: string; json?: boolean }) => {
    let path = corpusPath
    if (path === undefined) {
      path = join(mkdtempSync(join(tmpdir(), 'marginalia-sample-')), 'sample.marginalia')
      createSampleCorpus(path, join(__dirname, '..', '..', 'resources', 'sample'), { annotator: options.annotator })
    }
    const corpus = Corpus.open(path)
    const server = await startServer({
      corpus,
      annotator: options.annotator,
      rendererDir: join(__dirname, '..', 'renderer'),
      port: options.port,
    })
    if (options.json) process.stdout.write(`${JSON.stringify({ url: server.url, corpus: path })}\n`)
    else process.stdout.write(`Marginalia is serving ${path}\nOpen ${server.url}\n(Ctrl+C stops it)\n`)
    const stop = (): void => {
      server.close().finally(() => {
        corpus.close()
        process.exit(0)
      })
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`marginalia serve: ${error instanceof CorpusFileError || error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
