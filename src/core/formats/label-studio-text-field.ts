/**
 * Which data field of a Label Studio task is its text, where neither `data.text` nor a region's `to_name` says and
 * the task has several strings (`{"content": "…", "source": "wire"}` with regions on a `<Text name="text"
 * value="$content">`): the one field that holds each region's `value.text` at the region's offsets.
 */
import { sliceCodePoints } from '../../shared/offsets'
import { TextUnits, type OffsetUnit } from './units'

/** A region as given: its offsets (in the import's unit) and the text it says it covers. */
interface QuotedRegion {
  start: number
  end: number
  text: string
}

/** The regions among `results` (`labels` results) whose `value` has integer offsets and a `text`. */
function quotedRegions(results: readonly Record<string, unknown>[]): QuotedRegion[] {
  return results.flatMap((result) => {
    const value = result.type === 'labels' ? result.value : undefined
    if (value === null || typeof value !== 'object') return []
    const { start, end, text } = value as Record<string, unknown>
    return Number.isInteger(start) && Number.isInteger(end) && typeof text === 'string' ? [{ start: start as number, end: end as number, text }] : []
  })
}

/** True if `text` holds every one of `regions`' text at its offsets, counted in `unit`. */
function holdsAll(text: string, regions: readonly QuotedRegion[], unit: OffsetUnit): boolean {
  const units = new TextUnits(text, unit)
  return regions.every(({ start, end, text: quoted }) => {
    const from = units.toCodePoints(start)
    const to = units.toCodePoints(end)
    return from !== null && to !== null && to > from && sliceCodePoints(text, units.index, from, to) === quoted
  })
}

/**
 * The one of `keys` (data fields holding strings) whose string holds every region's `value.text` at its offsets,
 * or why there is none to take: no region gives its text, or none of the fields, or several, hold them all.
 */
export function fieldOfRegions(data: Record<string, unknown>, keys: readonly string[], results: readonly Record<string, unknown>[], unit: OffsetUnit): { key: string } | { why: string } {
  const regions = quotedRegions(results)
  if (regions.length === 0) return { why: 'no region gives its value.text to tell which is the text' }
  const fitting = keys.filter((key) => holdsAll(data[key] as string, regions, unit))
  if (fitting.length === 1) return { key: fitting[0] }
  return { why: fitting.length === 0 ? "none of them holds every region's value.text at its offsets" : `the regions' value.text fit more than one of them (${fitting.join(', ')})` }
}
