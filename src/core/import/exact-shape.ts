/**
 * A quick look at whether a parsed JSON record can be taken as it is, without zod's parse. zod validates every
 * record (`record-shapes.ts`) and gives back a copy of every object in it, which is a large share of what a large
 * import does: a third of the memory it allocates. A record with the shape `recordShape` reads and no key it does
 * not read, at any depth, comes back from zod equal to itself (the shape has no defaults and no transforms), so
 * one that passes this look is taken as parsed. The look is compiled by Ajv from the shape's own JSON Schema
 * (`z.toJSONSchema`, keys it does not read refused), so the shape is written once; a record it turns down goes
 * to zod as before, which keeps what it reads and says what is wrong.
 */
import type { ValidateFunction } from 'ajv/dist/2020'
import { z } from 'zod'
import { recordShape, type RecordShape } from './record-shapes'

let fitsExactly: ValidateFunction<RecordShape> | undefined

/**
 * Makes the quick look ready (about 60 ms, once a process; Ajv is loaded only then), for an import large enough
 * to gain from it: until then `takenAsItIs` says false, and every record goes to zod.
 */
export async function prepareQuickLook(): Promise<void> {
  fitsExactly ??= await compileExactShape()
}

/**
 * True if `value` is a record of the shape `recordShape` reads with no key it lacks, anywhere: zod's parse of it
 * would succeed and give back a value equal to it. False says nothing: zod decides.
 */
export function takenAsItIs(value: unknown): value is RecordShape {
  return fitsExactly !== undefined && fitsExactly(value)
}

/** The quick look, from the shape's JSON Schema as zod's output (every object closed to keys it does not read). */
export async function compileExactShape(): Promise<ValidateFunction<RecordShape>> {
  const { default: Ajv2020 } = await import('ajv/dist/2020')
  // A check zod's JSON Schema cannot say (a refinement) makes this throw rather than pass what zod would refuse.
  const schema = z.toJSONSchema(recordShape, { io: 'output', unrepresentable: 'throw' })
  // The date-time format is zod's pattern, which the schema carries beside it and Ajv applies.
  const ajv = new Ajv2020({ formats: { 'date-time': true }, allowUnionTypes: true })
  return ajv.compile<RecordShape>(schema)
}
