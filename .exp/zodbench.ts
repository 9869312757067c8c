import { readFileSync } from 'node:fs'
import { recordShape } from '../src/core/import/record-shapes'
const lines = readFileSync('/tmp/bd/news-small.jsonl', 'utf8').split('\n').filter(Boolean)
for (let round = 0; round < 3; round++) {
  let t = process.cpuUsage(); const values = lines.map((l) => JSON.parse(l)); const parse = process.cpuUsage(t)
  t = process.cpuUsage(); let ok = 0; for (const v of values) if (recordShape.safeParse(v).success) ok++; const zod = process.cpuUsage(t)
  console.log('JSON.parse', ((parse.user + parse.system) / 1e3).toFixed(0), 'ms; zod', ((zod.user + zod.system) / 1e3).toFixed(0), 'ms', ok)
}
