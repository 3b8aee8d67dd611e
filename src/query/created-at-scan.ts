import { Auth0PlusError } from '../errors.js'
import type { ApiRecord } from './collection.js'
import { unsplittable, type CreatedAtRange } from './created-at-partitions.js'

/**
 * One page of a range, sorted by created_at in the scan's direction. Page 0 comes with the
 * range's total; the others need not (the scan asks servers for no more than it uses).
 */
export type FetchRangePage = (
  range: CreatedAtRange,
  page: number,
) => Promise<{ records: ApiRecord[]; total?: number }>

/** How a scan pages: page size and the results one range can serve (100 and 1000 for users). */
export interface ScanLimits {
  readonly perPage: number
  readonly cap: number
}

/**
 * Streams every user of `[*, to)` in created_at order by paging one range at a time, with no
 * planning requests: it pages the range that remains, up to the cap, and the last user it could
 * read tells where the next range starts. Users created in that boundary millisecond are held
 * back and read again at the start of the next range, so each user is yielded once; every other
 * user is yielded as soon as a later one proves it is not on the boundary.
 *
 * Requests: the pages, one per `perPage` users (ranges of `cap - 1` users, plus the boundary
 * re-read), and no probes. When the `cap` users of a range share one millisecond, that
 * millisecond is read as a range of its own, or refused when it holds more than `cap`.
 *
 * @example
 * // 2,500 users 1 ms apart: ranges [*, to) → t999, [t999, to) → t1998, [t1998, to): 26 pages.
 * for await (const user of scanByCreatedAt(fetchPage, to, 'asc', { perPage: 100, cap: 1000 })) …
 */
export async function* scanByCreatedAt(
  fetchPage: FetchRangePage,
  to: number,
  order: 'asc' | 'desc',
  limits: ScanLimits,
): AsyncGenerator<ApiRecord> {
  let range: CreatedAtRange = { from: undefined, to }
  for (;;) {
    const read = yield* readRange(fetchPage, range, order, limits)
    if (read.boundary === undefined) return
    const at = read.boundary
    if (read.yielded === 0) {
      // The whole window sits in one millisecond: read it alone, then go on past it.
      yield* readRange(fetchPage, { from: at, to: at + 1 }, order, limits, true)
      range = order === 'asc' ? { from: at + 1, to: range.to } : { from: range.from, to: at }
      continue
    }
    range = order === 'asc' ? { from: at, to: range.to } : { from: range.from, to: at + 1 }
  }
}

interface RangeRead {
  /** The millisecond the next range starts from; undefined when the range was read whole. */
  boundary: number | undefined
  yielded: number
}

/**
 * Pages through `range`, yielding what is certainly inside it. A range that fits in the cap is
 * read whole; a bigger one stops after `cap` results, returning their last millisecond.
 */
async function* readRange(
  fetchPage: FetchRangePage,
  range: CreatedAtRange,
  order: 'asc' | 'desc',
  { perPage, cap }: ScanLimits,
  /** A range of one millisecond: more than `cap` users in it cannot be read at all. */
  refuseOverCap = false,
): AsyncGenerator<ApiRecord, RangeRead> {
  const pages = cap / perPage
  const first = await fetchPage(range, 0)
  const total = first.total ?? 0
  if (refuseOverCap && total > cap) throw unsplittable(range.from!, total, cap)
  const whole = total <= cap
  let held: ApiRecord[] = []
  let heldAt = Number.NaN
  let yielded = 0
  let current = first
  for (let page = 0; ; page++) {
    const more = page + 1 < pages && (page + 1) * perPage < total
    const next = more && current.records.length === perPage ? fetchPage(range, page + 1) : undefined
    // The reader may stop early; an unread page must not crash the process.
    next?.catch(() => {})
    for (const record of current.records) {
      if (whole) {
        yielded++
        yield record
        continue
      }
      const at = createdAtOf(record, range)
      if (at === heldAt) {
        held.push(record)
        continue
      }
      if (!Number.isNaN(heldAt) && (order === 'asc' ? at < heldAt : at > heldAt)) {
        throw new Auth0PlusError(
          'Search answered users out of created_at order; cannot page past 1000.',
        )
      }
      yielded += held.length
      yield* held
      held = [record]
      heldAt = at
    }
    if (next === undefined) break
    current = await next
  }
  // A window that ended early (users deleted meanwhile) held the rest of the range.
  if (whole || yielded + held.length < pages * perPage) {
    yielded += held.length
    yield* held
    return { boundary: undefined, yielded }
  }
  return { boundary: heldAt, yielded }
}

function createdAtOf(record: ApiRecord, range: CreatedAtRange): number {
  const at = typeof record.created_at === 'string' ? Date.parse(record.created_at) : Number.NaN
  if (Number.isNaN(at) || at >= range.to || (range.from !== undefined && at < range.from)) {
    throw new Auth0PlusError(
      `Search answered a created_at outside the range it was asked for (${String(record.created_at)}); cannot page past 1000.`,
    )
  }
  return at
}
