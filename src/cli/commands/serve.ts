/**
 * `marginalia serve`, as `marginalia --help` lists it. The command itself is the browser edition's own entry
 * (`src/server/serve.ts`), which keeps running and handles its signals as a server does: `bin/marginalia.cjs`
 * starts that for `marginalia serve`, so this is reached only by running the CLI bundle directly.
 */
import type { Command } from 'commander'
import { serveCommand } from '../../server/serve-command'
import { EXIT } from '../failures'
import type { CliTools } from '../tools'

/** Registers `serve` on `program`. */
export function registerServe(program: Command, { say, exitWith }: CliTools): void {
  program.addCommand(
    serveCommand('serve').action(() => {
      say('marginalia serve: run it through the marginalia command (bin/marginalia.cjs, as npx marginalia serve does) or npm run serve')
      exitWith(EXIT.usage)
    }),
  )
}
