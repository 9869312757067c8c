import fc from 'fast-check'
import { isDeepStrictEqual } from 'node:util'
import { compileExactShape } from '../src/core/import/exact-shape'
import { recordShape } from '../src/core/import/record-shapes'
const fitsExactly = compileExactShape()
/** A value as JSON carries it (no undefined, no -0 kept apart from what JSON.parse gives). */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value))

/** Mostly `good`, sometimes `bad`: so that whole records are often valid and each way of not being valid is tried. */
const mostly = <T, U>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<U>): fc.Arbitrary<T | U> => fc.oneof({ arbitrary: good, weight: 12 }, { arbitrary: bad, weight: 1 })

const time = mostly(fc.constantFrom('2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00+02:00', '2024-02-29T12:00:00Z'), fc.constantFrom('2023-02-29T12:00:00Z', '2026-01-01 00:00:00Z', '2026-01-01T00:00:00', 'yesterday', ''))
const offset = mostly(fc.nat(5000), fc.constantFrom(-1, 0.5, 2 ** 53, 1e21))
const spanId = mostly(fc.oneof(fc.integer({ min: 1, max: 50 }), fc.constant(2 ** 31 - 1)), fc.constantFrom(0, -3, 1.5, 2 ** 31))
const name = mostly(fc.oneof(fc.constantFrom('Claim', 'Speaker', 'ana', 'bob'), fc.string({ minLength: 1, maxLength: 6 })), fc.constant(''))
const wrong = fc.constantFrom(null, true, 7, 'x', [], {})
/** A key the shape does not read, on an object that it would otherwise fit. */
const extraKey = mostly(fc.constant({}), fc.record({ score: fc.double({ noNaN: true, noDefaultInfinity: true }) }))

const span = fc
  .record(
    { id: spanId, start: offset, end: offset, label: mostly(name, wrong), text: fc.string({ maxLength: 8 }), attrs: mostly(fc.constantFrom({}, { note: 'n', x: [1, { y: null }] }), wrong), annotator: name, created_at: time, updated_at: time },
    { requiredKeys: ['start', 'end', 'label'] },
  )
  .chain((s) => extraKey.map((extra) => ({ ...s, ...extra })))
const relation = mostly(
  fc.oneof(
  fc.record({ id: spanId, head: fc.integer({ min: 0, max: 5 }), child: fc.integer({ min: 0, max: 5 }), label: name, annotator: name, created_at: time, head_span: fc.record({ start: offset, end: offset }) }, { requiredKeys: ['head', 'child', 'label'] }),
  fc.record({ id: fc.integer({ min: -1, max: 5 }), from_id: fc.integer({ min: 0, max: 5 }), to_id: fc.integer({ min: 0, max: 5 }), type: name }, { requiredKeys: ['from_id', 'to_id', 'type'] }),
  ),
  fc.record({ head: fc.nat(5), child: fc.nat(5), label: name, from_id: fc.nat(5), to_id: fc.nat(5), type: name }),
)
const tuple = fc.tuple(offset, offset, name).chain((t) => mostly(fc.constant<unknown[]>(t), fc.constantFrom<unknown[]>([...t, 'more'], t.slice(0, 2))))
const record = fc
  .record(
    {
      text: mostly(fc.string({ maxLength: 20 }), wrong),
      id: mostly(fc.oneof(fc.string({ minLength: 1, maxLength: 4 }), fc.integer()), fc.constantFrom('', 1.5, null)),
      title: mostly(fc.string({ maxLength: 4 }), wrong),
      meta: mostly(fc.constant({ outlet: 'Ledger', n: [1, 2] }), wrong),
      status: mostly(fc.constantFrom('todo', 'done', 'skipped'), fc.constantFrom('open', 1)),
      created_at: time,
      spans: mostly(fc.array(span, { maxLength: 4 }), wrong),
      ents: fc.array(fc.record({ start: offset, end: offset, label: name }), { maxLength: 2 }),
      entities: fc.array(fc.record({ id: fc.integer({ min: -1, max: 3 }), start_offset: offset, end_offset: offset, label: name }, { requiredKeys: ['start_offset', 'end_offset', 'label'] }), { maxLength: 2 }),
      annotations: fc.array(fc.record({ start_offset: offset, end_offset: offset, label_name: name, label: fc.oneof(name, fc.integer()), user: mostly(fc.oneof(name, fc.integer()), fc.constant(1.5)) }, { requiredKeys: ['start_offset', 'end_offset'] }), { maxLength: 2 }),
      label: mostly(fc.oneof(name, fc.array(fc.oneof(tuple, name), { maxLength: 2 })), wrong),
      relations: fc.array(relation, { maxLength: 3 }),
      labels: fc.array(mostly(fc.oneof(name, tuple, fc.record({ label: name, annotator: name, created_at: time }, { requiredKeys: ['label'] })), wrong), { maxLength: 3 }),
      accept: fc.array(mostly(fc.oneof(name, fc.double({ noNaN: true, noDefaultInfinity: true })), wrong), { maxLength: 2 }),
      cats: mostly(fc.dictionary(fc.string({ maxLength: 3 }), fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean())), fc.constant({ a: 'x' })),
      answer: mostly(fc.constantFrom('accept', 'reject', 'ignore'), fc.constant('maybe')),
      annotator: name,
      _annotator_id: mostly(fc.string({ minLength: 1, maxLength: 3 }), fc.constant('')),
      settled_as_nothing: fc.array(fc.record({ place: name, annotator: name, created_at: time }), { maxLength: 1 }),
    },
    { requiredKeys: ['text'] },
  )
  .chain((r) => mostly(fc.constant({}), fc.record({ _input_hash: fc.integer() })).map((extra) => asJson({ ...r, ...extra })))


let fits = 0, zodOk = 0, bad = 0, conv = 0
for (const v of fc.sample(record, 3000)) { const f = fitsExactly(v); const z = recordShape.safeParse(v); if (f) fits++; if (z.success) zodOk++; if (f && !(z.success && isDeepStrictEqual(z.data, v))) bad++; if (!f && z.success && isDeepStrictEqual(z.data, v)) { conv++; if (conv < 3) console.log(JSON.stringify(v).slice(0, 300), fitsExactly.errors) } }
console.log({ fits, zodOk, bad, conv })
