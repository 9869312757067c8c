/**
 * The one door into the handlers: validates an untrusted argument against the contract's schema, runs the
 * handler, and turns any failure into an Outcome a person can read. IPC and HTTP both call this.
 */
import { API, type OperationName, type Outcome } from '../../shared/api'
import { explainedReadOnly, toCorpusError, WriteTogetherFailure, type CoreErrorKind } from '../errors'
import { describeZodIssue, findUnkeepable } from '../validation'
import type { Handlers } from './handlers'

/** Failures of the file or the disk rather than of what was asked: their message says what could not be done. */
const STORAGE_KINDS: ReadonlySet<CoreErrorKind> = new Set(['busy', 'readonly', 'full', 'corrupt', 'io'])

/** Runs operation `name` with `rawArgs` as received from outside the process. */
export function dispatch(handlers: Handlers, name: OperationName, rawArgs: unknown): Outcome<unknown> {
  // A lone surrogate is no text (stored, it is invalid UTF-8 that no export can be read back from), and the
  // schema would drop a "__proto__" key without a word.
  const unkeepable = findUnkeepable(rawArgs)
  if (unkeepable !== null) return { ok: false, error: { kind: 'invalid', message: `${name}: ${unkeepable.path}: ${unkeepable.reason}` } }
  const parsed = API[name].args.safeParse(rawArgs)
  if (!parsed.success) {
    return { ok: false, error: { kind: 'invalid', message: `${name}: ${describeZodIssue(parsed.error.issues[0])}` } }
  }
  try {
    const run = handlers[name] as (args: unknown) => unknown
    return { ok: true, value: run(parsed.data) ?? null }
  } catch (error) {
    const failure = toCorpusError(error)
    const doing = API[name].effect === 'write' ? 'written' : 'read'
    const message =
      failure.kind === 'internal'
        ? `${name} failed inside Marginalia: ${failure.message}`
        : STORAGE_KINDS.has(failure.kind)
          ? `the corpus could not be ${doing}: ${explainedReadOnly(failure)}`
          : failure.message
    return { ok: false, error: { kind: failure.kind, message, ...(error instanceof WriteTogetherFailure ? { write: error.at } : {}) } }
  }
}
