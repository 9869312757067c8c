import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { recordShape } from '../src/core/import/record-shapes'
const lines = readFileSync('/tmp/bd/news-small.jsonl', 'utf8').split('\n').filter(Boolean)
const values = lines.map((l) => JSON.parse(l))
const noTime = z.object({ ...recordShape.shape, spans: z.array(z.object({ id: z.number().int().optional(), start: z.number().int().min(0), end: z.number().int().min(0), label: z.string().min(1), text: z.string().optional(), attrs: z.record(z.string(), z.unknown()).optional(), annotator: z.string().min(1).optional(), created_at: z.string().optional(), updated_at: z.string().optional() })).optional() })
const dt = z.iso.datetime({ offset: true })
const times = values.flatMap((v) => (v.spans ?? []).flatMap((s: any) => [s.created_at, s.updated_at]).filter(Boolean))
for (let round = 0; round < 4; round++) {
  const t = (f: () => void) => { const s = process.cpuUsage(); f(); const u = process.cpuUsage(s); return ((u.user + u.system) / 1e3).toFixed(0) }
  console.log('full', t(() => { for (const v of values) recordShape.safeParse(v) }), 'noTime', t(() => { for (const v of values) noTime.safeParse(v) }), 'times only', times.length, t(() => { for (const s of times) dt.safeParse(s) }))
}
console.log(JSON.stringify(values[1]).slice(0, 600))
