import { readFileSync } from 'node:fs'
const s = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const f = s.snapshot.meta.node_fields, types = s.snapshot.meta.node_types[0], n = f.length
const iType = f.indexOf('type'), iName = f.indexOf('name'), iSize = f.indexOf('self_size')
const agg = new Map(); let total = 0
for (let i = 0; i < s.nodes.length; i += n) {
  const type = types[s.nodes[i + iType]]; let name = s.strings[s.nodes[i + iName]]
  if (type === 'string' || type === 'concatenated string' || type === 'sliced string') name = `(${type}) len~` + (name.length > 200 ? '>200' : name.length > 30 ? '31-200' : '<=30')
  const key = `${type}:${name}`.slice(0, 90); const size = s.nodes[i + iSize]; total += size
  const a = agg.get(key) ?? [0, 0]; a[0] += size; a[1]++; agg.set(key, a)
}
console.log('total MB', (total / 1e6).toFixed(1))
for (const [k, [size, count]] of [...agg].sort((a, b) => b[1][0] - a[1][0]).slice(0, 25)) console.log((size / 1e6).toFixed(2).padStart(7), String(count).padStart(8), k)
