/**
 * The one door into the handlers: validates an untrusted argument against the contract's schema, runs the
 * handler, and turns any failure into an Outcome a person can read. IPC and HTTP both call this.
 */
import { API, OPERATION_NAMES, type OperationName, type Outcome } from '../../shared/api'
import { CorpusRuleError } from '../corpus/errors'
import { describeZodIssue } from '../corpus/validation'
import type { Handlers } from './handlers'

/** True if `name` is an operation of the contract. */
export function isOperationName(name: string): name is OperationName {
  return (OPERATION_NAMES as string[]).includes(name)
}

/** Runs operation `name` with `rawArgs` as received from outside the process. */
export function dispatch(handlers: Handlers, name: OperationName, rawArgs: unknown): Outcome<unknown> {
  const parsed = API[name].args.safeParse(rawArgs)
  if (!parsed.success) {
    return { ok: false, error: { kind: 'invalid', message: `${name}: ${describeZodIssue(parsed.error.issues[0])}` } }
  }
  try {
    const run = handlers[name] as (args: unknown) => unknown
    return { ok: true, value: run(parsed.data) ?? null }
  } catch (error) {
    if (error instanceof CorpusRuleError) return { ok: false, error: { kind: 'rule', message: error.message } }
    const message = error instanceof Error ? error.message : String(error)
    return { ok: false, error: { kind: 'storage', message: `the corpus could not be written: ${message}` } }
  }
}
