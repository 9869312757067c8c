import { readFileSync } from 'node:fs'
const p = JSON.parse(readFileSync('/tmp/heap.json', 'utf8'))
const self = new Map(); let total = 0
const walk = (n, stack) => { const cf = n.callFrame; const k = `${cf.functionName || '(anon)'} ${cf.url.split('/').pop()}:${cf.lineNumber}`
  const s = n.selfSize; total += s; self.set(k, (self.get(k) ?? 0) + s); for (const c of n.children) walk(c) }
walk(p.head)
console.log('total MB', (total / 1e6).toFixed(0))
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log((v / 1e6).toFixed(0).padStart(6), k)
