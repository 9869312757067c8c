/**
 * A test hook: `MARGINALIA_CRASH_AT=NAME` kills this process (SIGKILL, as `kill -9` would) when it reaches the
 * point called NAME, so that tests can stop a process at an exact moment instead of guessing when to kill it.
 * Without the variable it does nothing.
 */

/** Kills the process here if `MARGINALIA_CRASH_AT` names this point. */
export function crashPoint(name: string): void {
  if (process.env.MARGINALIA_CRASH_AT === name) process.kill(process.pid, 'SIGKILL')
}
