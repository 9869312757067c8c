/**
 * The spans shown in reading order (by start, then the longer first, then by id), kept once per spans map and
 * analyst shown: Tab, clicks, the side panel, the layers and the missing relations all ask for it after every
 * change, and on a long article sorting ten thousand spans each time would cost more than the change. A map
 * made from another by putting or removing one span gets its order from the other's by one insertion or
 * removal (`deriveOrder`), so a tag never sorts the whole document again.
 */
import type { ExportedSpan } from '../../shared/corpus-types'
import { firstIndexWhere } from '../../shared/offsets'

type Spans = ReadonlyMap<number, ExportedSpan>

/** The order of each spans map, for each analyst shown ('' for everyone's). */
const orders = new WeakMap<Spans, Map<string, readonly ExportedSpan[]>>()

/** One span put (new or changed) and/or one removed, by id. */
export interface SpansChange {
  put?: ExportedSpan
  removed?: number
}

/**
 * For a spans map made from another by `deriveOrder`'s change: that other map and the change. The other map is
 * held weakly: each map holding the one before it would keep every earlier map of the document alive.
 */
const changes = new WeakMap<Spans, { from: WeakRef<Spans>; change: SpansChange }>()

/** The change that made `next` from `previous`, if `next` was made from it by one (`deriveOrder`); else undefined. */
export function changeBetween(previous: Spans, next: Spans): SpansChange | undefined {
  const made = changes.get(next)
  return made !== undefined && made.from.deref() === previous ? made.change : undefined
}

/** Reading order: by start, then the longer first, then by id. */
export function compareSpans(a: Pick<ExportedSpan, 'start' | 'end' | 'id'>, b: Pick<ExportedSpan, 'start' | 'end' | 'id'>): number {
  return a.start - b.start || b.end - a.end || a.id - b.id
}

function shownKey(shown: string | null): string {
  return shown === null ? '' : `@${shown}`
}

function remember(spans: Spans, shown: string | null, order: readonly ExportedSpan[]): readonly ExportedSpan[] {
  let byShown = orders.get(spans)
  if (byShown === undefined) orders.set(spans, (byShown = new Map()))
  byShown.set(shownKey(shown), order)
  return order
}

/** The spans of `spans` shown (everyone's, or `shown`'s only), in reading order; the array must not be changed. */
export function orderedSpans(spans: Spans, shown: string | null): readonly ExportedSpan[] {
  const known = orders.get(spans)?.get(shownKey(shown))
  if (known !== undefined) return known
  const order = [...spans.values()].filter((span) => shown === null || span.annotator === shown).sort(compareSpans)
  return remember(spans, shown, order)
}

/** The index at which `span` is, or would be put, in `order`. */
function indexIn(order: readonly ExportedSpan[], span: Pick<ExportedSpan, 'start' | 'end' | 'id'>): number {
  return firstIndexWhere(order, (other) => compareSpans(other, span) >= 0)
}

/**
 * Notes the order of `next`, a map made from `previous` by putting `put` (a new or changed span) and/or
 * removing the span `removed`, if `previous`'s order for `shown` is known: it is copied with one removal and
 * one insertion instead of sorting the whole map again.
 */
export function deriveOrder(previous: Spans, next: Spans, shown: string | null, change: SpansChange): void {
  changes.set(next, { from: new WeakRef(previous), change })
  const before = orders.get(previous)?.get(shownKey(shown))
  if (before === undefined || orders.get(next)?.has(shownKey(shown)) === true) return
  const order = before.slice()
  const gone = change.put?.id ?? change.removed
  const old = gone === undefined ? undefined : previous.get(gone)
  if (old !== undefined && (shown === null || old.annotator === shown)) {
    const at = indexIn(order, old)
    if (order[at]?.id === old.id) order.splice(at, 1)
  }
  const put = change.put
  if (put !== undefined && (shown === null || put.annotator === shown)) order.splice(indexIn(order, put), 0, put)
  remember(next, shown, order)
}
