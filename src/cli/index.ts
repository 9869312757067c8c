/**
 * Entry point of the `marginalia` command (bundled to `out/main/cli.js`). Ctrl+C (SIGINT), `kill` (SIGTERM) and
 * a closed terminal (SIGHUP) ask a long import or export to stop (it cleans up and says what it left); a second
 * signal ends the process at once. A reader of our output that goes away (`marginalia export c | head`) ends
 * the command quietly, with success.
 */
import { describeFailure, EXIT, isBrokenPipe } from './failures'
import { runCli } from './main'
import { letReadsWaitAsLongAsWrites, onLockWait } from '../core/db/write-lock'
import { lockWaitNotice } from './lock-wait-notice'

/** The exit code of a command stopped by each signal: 128 and the signal's number, as shells report it. */
const STOPPED_BY = { SIGINT: EXIT.interrupted, SIGTERM: 143, SIGHUP: 129 } as const

const stop = new AbortController()
let stoppedBy: keyof typeof STOPPED_BY = 'SIGINT'
for (const signal of Object.keys(STOPPED_BY) as (keyof typeof STOPPED_BY)[]) {
  process.on(signal, () => {
    if (stop.signal.aborted) process.exit(STOPPED_BY[signal])
    stoppedBy = signal
    stop.abort()
  })
}
process.stdout.on('error', (error) => {
  if (isBrokenPipe(error)) process.exit(EXIT.ok)
})
// Messages that cannot be written (stderr's reader gone) cannot be reported either; the command still ends
// with its own exit code (an export to /dev/stderr that lost its reader ends quietly, as one to stdout does).
process.stderr.on('error', () => {})

/**
 * Ends with `code`: by running out of work, or, once stopped by a signal, at once (with that signal's code), since what the command
 * waited on may never come (a write or an open of a FIFO whose reader is stuck or absent, left in a thread).
 */
function end(code: number): void {
  if (code === EXIT.interrupted) process.exit(STOPPED_BY[stoppedBy])
  process.exitCode = code
}

// A command waits for another program's lock as long to read as to write: it has no page to keep answering.
letReadsWaitAsLongAsWrites()
onLockWait(lockWaitNotice(process.stderr))

runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, signal: stop.signal }).then(end, (error: unknown) => {
  const { lines, code } = describeFailure(error, undefined)
  process.stderr.write(`${lines.join('\n')}\n`)
  end(code)
})
