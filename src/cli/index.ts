/**
 * Entry point of the `marginalia` command (bundled to `out/main/cli.js`). Ctrl+C asks a long import or export
 * to stop (it cleans up and says what it left); a second Ctrl+C ends the process at once. A reader of our
 * output that goes away (`marginalia export c | head`) ends the command quietly, with success.
 */
import { describeFailure, EXIT, isBrokenPipe } from './failures'
import { runCli } from './main'

const stop = new AbortController()
process.once('SIGINT', () => {
  stop.abort()
  process.once('SIGINT', () => process.exit(EXIT.interrupted))
})
process.stdout.on('error', (error) => {
  if (isBrokenPipe(error)) process.exit(EXIT.ok)
})
// Messages that cannot be written (stderr's reader gone) cannot be reported either; the command still ends
// with its own exit code (an export to /dev/stderr that lost its reader ends quietly, as one to stdout does).
process.stderr.on('error', () => {})

/**
 * Ends with `code`: by running out of work, or, once stopped by Ctrl+C, at once, since what the command
 * waited on may never come (a write or an open of a FIFO whose reader is stuck or absent, left in a thread).
 */
function end(code: number): void {
  if (code === EXIT.interrupted) process.exit(code)
  process.exitCode = code
}

runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, signal: stop.signal }).then(end, (error: unknown) => {
  const { lines, code } = describeFailure(error, undefined)
  process.stderr.write(`${lines.join('\n')}\n`)
  end(code)
})
