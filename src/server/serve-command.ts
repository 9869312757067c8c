/**
 * What `marginalia serve` takes and says in its help, declared once: for the browser edition's own entry
 * (`serve.ts`, run by `npm run serve` and by `marginalia serve`) and for the list of commands in `marginalia --help`.
 */
import { Command, InvalidArgumentError } from 'commander'

function port(value: string): number {
  const parsed = Number(value)
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) throw new InvalidArgumentError('must be a port number, 0 to 65535 (0: a free one)')
  return parsed
}

/** The options of `marginalia serve`. */
export interface ServeOptions {
  port?: number
  annotator?: string
  json?: boolean
}

/** The `serve` command as named `name`, with its argument, options and description (no action). */
export function serveCommand(name: string): Command {
  return new Command(name)
    .description('Serve the editor to your browser on 127.0.0.1 (the browser edition): prints the address to open, with a token in it; Ctrl+C stops it.')
    .argument('[corpus]', 'corpus file to open (default: a temporary copy of the sample corpus)')
    .option('--port <n>', 'port to listen on (default: a free one)', port)
    .option('--annotator <name>', 'who your edits are attributed to (default: $MARGINALIA_ANNOTATOR, else the name last set in the page, else your user name)')
    .option('--json', 'print {"url": ..., "corpus": ...} as one JSON line (for scripts and tests)')
}
