/** `marginalia formats`: what Marginalia reads and writes, in each direction. */
import type { Command } from 'commander'
import { FORMATS } from '../../core/formats/registry'
import type { CliTools } from '../tools'

/** Registers `formats` on `program`. */
export function registerFormats(program: Command, cli: CliTools): void {
  program
    .command('formats')
    .description('List the formats import reads and export writes (--format NAME), with their file names.')
    .option('--json', 'print the list as JSON')
    .action((options: { json?: boolean }) => {
      const rows = FORMATS.map((format) => ({
        name: format.name,
        import: format.reader !== undefined,
        export: format.writer !== undefined,
        extensions: format.extensions,
        description: format.description,
      }))
      if (options.json) {
        cli.stdout.write(`${JSON.stringify(rows, null, 2)}\n`)
        return
      }
      const nameWidth = Math.max('format'.length, ...rows.map((row) => row.name.length)) + 2
      const filesWidth = Math.max('files'.length, ...rows.map((row) => row.extensions.join(' ').length)) + 2
      cli.stdout.write(`${'format'.padEnd(nameWidth)}import  export  ${'files'.padEnd(filesWidth)}what\n`)
      for (const row of rows) {
        const directions = `${(row.import ? 'yes' : '-').padEnd(8)}${(row.export ? 'yes' : '-').padEnd(8)}`
        cli.stdout.write(`${row.name.padEnd(nameWidth)}${directions}${row.extensions.join(' ').padEnd(filesWidth)}${row.description}\n`)
      }
      cli.stdout.write('\nimport picks a file\'s format by its extension (and, for .json, its content), or --format; a .txt with an .ann beside it is brat.\ndocs/formats.md says what maps to what.\n')
    })
}
