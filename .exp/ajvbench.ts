import { readFileSync } from 'node:fs'
import { z } from 'zod'
import Ajv2020 from 'ajv/dist/2020'
import { recordShape } from '../src/core/import/record-shapes'
const t0 = performance.now()
const schema = z.toJSONSchema(recordShape, { io: 'output' })
const ajv = new Ajv2020({ formats: { 'date-time': true }, allErrors: false })
const fits = ajv.compile(schema)
console.log('compile ms', (performance.now() - t0).toFixed(1))
const lines = readFileSync('/tmp/bd/news-small.jsonl', 'utf8').split('\n').filter(Boolean)
const values = lines.map((l) => JSON.parse(l))
for (let round = 0; round < 4; round++) {
  const t = (f: () => void) => { const s = process.cpuUsage(); f(); const u = process.cpuUsage(s); return ((u.user + u.system) / 1e3).toFixed(0) }
  let ok = 0
  console.log('zod', t(() => { for (const v of values) recordShape.safeParse(v) }), 'ajv', t(() => { for (const v of values) if (fits(v)) ok++ }), ok)
}
console.log(JSON.stringify(schema.properties.labels), JSON.stringify(schema.additionalProperties))
