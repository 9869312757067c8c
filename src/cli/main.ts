/**
 * The `marginalia` command line, on the same corpus core as the app: one file per command in `commands/`.
 * `runCli` takes its streams as arguments so tests run it in-process.
 */
import { Command, CommanderError } from 'commander'
import { registerAgreement } from './commands/agreement'
import { registerCheck } from './commands/check'
import { registerCopy } from './commands/copy'
import { registerExport } from './commands/export'
import { registerFormats } from './commands/formats'
import { registerImport } from './commands/import'
import { registerLabels } from './commands/labels'
import { registerMerge } from './commands/merge'
import { registerSample } from './commands/sample'
import { registerServe } from './commands/serve'
import { registerStats } from './commands/stats'
import { describeFailure, EXIT, EXIT_CODES_HELP, isBrokenPipe } from './failures'
import type { CliContext, CliTools } from './tools'

export type { CliContext }

/** Every command, in the order `--help` lists them. */
const COMMANDS = [registerImport, registerExport, registerMerge, registerCopy, registerStats, registerCheck, registerAgreement, registerLabels, registerSample, registerFormats, registerServe]

/** Runs the CLI on `argv` (without `node` and the script) and resolves to the exit code. */
export async function runCli(argv: readonly string[], context: CliContext): Promise<number> {
  const { stdout, stderr } = context
  const say = (text: string): void => void stderr.write(`${text}\n`)
  let exitCode: number = EXIT.ok
  const tools: CliTools = { ...context, say, exitWith: (code) => void (exitCode = code) }
  /** The corpus the running command works on, named in its failures. */
  let corpusOfCommand: string | undefined

  const program = new Command('marginalia')
    .description('Marginalia corpus tools: import documents, export annotations as JSONL, count and check corpora, and serve the editor to your browser.')
    .version('0.1.0')
    .exitOverride()
    // Commander's own errors are said in one line by the catch below, naming the command.
    .configureOutput({ writeOut: (text) => stdout.write(text), writeErr: (text) => stderr.write(text), outputError: () => undefined })
    .addHelpText(
      'after',
      `\nOffsets everywhere are Unicode code points: Python's text[start:end] is the span text.\nRun "marginalia COMMAND --help" for the options of a command.\n${EXIT_CODES_HELP}`,
    )
    .hook('preAction', (_program, command) => {
      corpusOfCommand = command.args[0]
    })

  for (const register of COMMANDS) register(program, tools)

  try {
    if (argv.length === 0) throw new CommanderError(EXIT.usage, 'marginalia.noCommand', 'no command given')
    // `help NAME` for no such command: said as the command itself would be (Commander prints the whole help, then "(outputHelp)").
    const asked = argv[1]
    if (argv[0] === 'help' && asked !== undefined && asked !== 'help' && !asked.startsWith('-') && !program.commands.some((command) => command.name() === asked)) {
      throw new CommanderError(EXIT.usage, 'commander.unknownCommand', `unknown command '${asked}'`)
    }
    // `help help`: the help, as `help` alone gives it (Commander took it for an unknown command).
    await program.parseAsync(argv[0] === 'help' && asked === 'help' ? ['help'] : argv, { from: 'user' })
    return exitCode
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return EXIT.ok // --help, --version
      say(usageMessage(error, argv, program))
      return EXIT.usage
    }
    if (isBrokenPipe(error)) return EXIT.ok // the reader of our output has all it wanted
    const { lines, code } = describeFailure(error, corpusOfCommand)
    for (const line of lines) say(line)
    return code
  }
}

/**
 * A usage error as one line naming the command and where to read its usage:
 * `marginalia import: missing required argument 'paths' (see marginalia import --help)`.
 */
function usageMessage(error: CommanderError, argv: readonly string[], program: Command): string {
  const names = new Set(program.commands.map((command) => command.name()))
  const command = argv.find((arg) => names.has(arg))
  const who = command === undefined ? 'marginalia' : `marginalia ${command}`
  const reason = error.message.replace(/^error: /, '').replace(/\s+/g, ' ').trim()
  return `${who}: ${reason} (see ${who} --help)`
}
