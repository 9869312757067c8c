import Database from 'better-sqlite3'
import { rmSync } from 'node:fs'
const src = new Database('/tmp/m2.marginalia', { readonly: true })
const schema = src.prepare(`select sql from sqlite_master where name in ('annotators','labels','documents','spans','spans_by_label','spans_by_annotator')`).pluck().all()
const variant = process.argv[2]
rmSync('/tmp/sb.db', { force: true })
const db = new Database('/tmp/sb.db')
db.pragma('foreign_keys = ' + (variant.includes('nofk') ? 'OFF' : 'ON'))
for (const s of schema) { if (variant.includes('noidx') && s.includes('INDEX')) continue; db.exec(s) }
db.exec(`insert into annotators values (1,'a','x'); insert into labels (id,kind,name,color,position) values (1,'span','A','#fff',0),(2,'span','B','#fff',1),(3,'span','C','#fff',2),(4,'span','D','#fff',3)`)
const doc = db.prepare(`insert into documents (external_id,title,text,length,text_sha256,created_at,updated_at) values (?,?,?,?,?,?,?)`)
const span = db.prepare(`insert into spans values (?,?,?,?,?,?,?,?,?)`)
const t0 = process.cpuUsage()
db.transaction(() => { for (let d = 1; d <= 100000; d++) { doc.run('d' + d, 'title', 'x'.repeat(1500), 1500, 'abc', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z')
  for (let s = 1; s <= 10; s++) span.run(d, s, s * 10, s * 10 + 5, 1 + (s % 4), '{}', 1, '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z') } })()
const u = process.cpuUsage(t0); console.log(variant, ((u.user + u.system) / 1e6).toFixed(2), 's cpu')
