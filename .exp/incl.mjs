import { readFileSync } from 'node:fs'
const p = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const byId = new Map(p.nodes.map(n => [n.id, n]))
const parent = new Map(); for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
const incl = new Map(); let total = 0
for (let i = 0; i < p.samples.length; i++) { const d = p.timeDeltas[i] ?? 0; total += d
  const seen = new Set(); let id = p.samples[i]
  while (id != null) { const cf = byId.get(id).callFrame; const k = `${cf.functionName || '(anon)'}:${cf.lineNumber}`; if (!seen.has(k)) { seen.add(k); incl.set(k, (incl.get(k) ?? 0) + d) } id = parent.get(id) } }
const want = process.argv.slice(3)
for (const [k, v] of [...incl].sort((a, b) => b[1] - a[1])) if (want.length === 0 ? v > total * 0.01 : want.some(w => k.startsWith(w + ':'))) console.log((v / 1000).toFixed(0).padStart(7), (100 * v / total).toFixed(1).padStart(5) + '%', k)
