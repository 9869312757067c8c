/** The bench's rows (one figure each, with its raw baseline or its target) and the table printed from them. */

export const ms = (value) => (value >= 100 ? `${value.toFixed(0)} ms` : value >= 10 ? `${value.toFixed(1)} ms` : `${value.toFixed(2)} ms`)
export const seconds = (value) => `${value.toFixed(1)} s`
export const mb = (value) => `${value.toFixed(0)} MB`
export const count = (value) => Math.round(value).toLocaleString('en-US')
export const share = (value) => `${(value * 100).toFixed(1)}%`
/** A distribution as "p50 … / p99 …" (or p95). */
export const dist = (s, high = 'p99') => `p50 ${ms(s.p50)} / ${high} ${ms(s[high])}`

/**
 * One figure. `value` is what the target judges (in `unit`), `shown` how Marginalia's figure is printed;
 * `raw`/`rawShown` the baseline, `ratio` Marginalia's speed as a share of the raw speed (raw time / Marginalia
 * time: 1.00x is as fast as raw), `cpuRatio` the same of CPU time (user + system) where both were measured;
 * `target` says what passes and `pass` whether it did (null: no target).
 */
export function row({ section, figure, value, unit, shown, raw = null, rawShown = '', ratio = null, cpuRatio = null, target = '', pass = null, note = '' }) {
  return { section, figure, value, unit, shown, raw, rawShown, ratio, cpuRatio, target, pass, note }
}

/** Raw time divided by Marginalia's time: Marginalia's speed as a share of raw speed. */
export const speedRatio = (rawTime, marginaliaTime) => rawTime / marginaliaTime

/** The rows as a plain-text table, a section heading before each section's rows; notes under the table. */
export function formatTable(rows, title) {
  const notes = []
  const shown = rows.map((r) => {
    if (r.note === '') return r
    notes.push(r.note)
    return { ...r, figure: `${r.figure} [${notes.length}]` }
  })
  const head = ['figure', 'Marginalia', 'raw baseline', 'speed vs raw', 'target', 'result']
  const x = (ratio) => `${ratio >= 0.1 ? ratio.toFixed(2) : ratio.toPrecision(2)}x`
  const speed = (r) => (r.ratio === null ? '' : `${x(r.ratio)}${r.cpuRatio === null || r.cpuRatio === undefined ? '' : ` (cpu ${x(r.cpuRatio)})`}`)
  const cells = (r) => [r.figure, r.shown, r.rawShown, speed(r), r.target, r.pass === null ? '' : r.pass ? 'pass' : 'FAIL']
  const widths = head.map((h, i) => Math.max(h.length, ...shown.map((r) => cells(r)[i].length)))
  const line = (values) => values.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd()
  const out = [title, '', line(head), line(widths.map((w) => '-'.repeat(w)))]
  let section = null
  for (const r of shown) {
    if (r.section !== section) {
      if (section !== null) out.push('')
      out.push(`${r.section}:`)
      section = r.section
    }
    out.push(line(cells(r)))
  }
  if (notes.length > 0) out.push('', ...notes.map((note, i) => `[${i + 1}] ${note}`))
  return out.join('\n')
}
