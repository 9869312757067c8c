import { readFileSync } from 'node:fs'
const s = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const nf = s.snapshot.meta.node_fields, ef = s.snapshot.meta.edge_fields, nt = s.snapshot.meta.node_types[0], et = s.snapshot.meta.edge_types[0]
const N = nf.length, E = ef.length, iType = nf.indexOf('type'), iName = nf.indexOf('name'), iEC = nf.indexOf('edge_count')
const eType = ef.indexOf('type'), eName = ef.indexOf('name_or_index'), eTo = ef.indexOf('to_node')
// for each map node: which object names use it, and its property names (from descriptor array's edges is hard; use objects' property edge names)
const mapUsers = new Map()
let e = 0
for (let i = 0; i < s.nodes.length; i += N) {
  const ec = s.nodes[i + iEC]; const type = nt[s.nodes[i + iType]]
  let mapNode = -1; const props = []
  for (let k = 0; k < ec; k++, e += E) {
    const t = et[s.edges[e + eType]]; const nm = s.edges[e + eName]
    if (t === 'internal' && s.strings[nm] === 'map') mapNode = s.edges[e + eTo]
    if (t === 'property' && props.length < 6) props.push(s.strings[nm])
  }
  if (type === 'object' && mapNode >= 0) { const u = mapUsers.get(mapNode) ?? { count: 0, name: s.strings[s.nodes[i + iName]], props: props.join(',') }; u.count++; mapUsers.set(mapNode, u) }
}
const single = new Map()
for (const u of mapUsers.values()) if (u.count === 1) { const k = `${u.name} {${u.props}}`; single.set(k, (single.get(k) ?? 0) + 1) }
console.log('maps used by objects', mapUsers.size)
for (const [k, c] of [...single].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(c, k.slice(0, 150))
