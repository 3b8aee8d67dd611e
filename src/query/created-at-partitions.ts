import { Auth0PlusError, SearchLimitExceeded } from '../errors.js'
import { Q } from './q.js'

/** Users created in `[from, to)`, in ms since the epoch; `from` undefined is an open start. */
export interface CreatedAtRange {
  readonly from: number | undefined
  readonly to: number
}

/** What one `per_page=1` search of a range answers: its total, and the user at `page`. */
export interface RangeProbe {
  total: number
  /** `created_at` of the result at the probed index (ascending order), when there is one. */
  createdAt: string | undefined
}

/** One search request: range `range`, sorted by created_at ascending, `per_page=1`, `page=index`. */
export type ProbeRange = (range: CreatedAtRange, index: number) => Promise<RangeProbe>

/**
 * Cuts `[*, to)` into consecutive created_at ranges that each hold at most `cap` users, so each
 * can be paged within Auth0's 1000-result limit, yielding each range as soon as it is known (one
 * probe), so a reader can stream a range while the next one is planned.
 *
 * Each step asks for the user at index `cap - 1` of the remaining range (sorted by created_at,
 * with `include_totals`): if the range holds at most `cap`, it is the last partition; otherwise
 * every user created strictly before that user's `created_at` is among the first `cap - 1`, so
 * `[from, that created_at)` is a partition and the rest goes on from there. One request per
 * ~1000 users, however the creation times are spread. Bounds are half-open at millisecond
 * precision (Auth0's `created_at` resolution), so no user falls in two partitions or none.
 *
 * @example
 * for await (const range of partitionRanges(probe, Date.parse('2025-01-01T00:00:00.001Z'), 1000)) …
 * // 2,500 users → 3 probes (page=999, per_page=1, sort=created_at:1, each with include_totals):
 * // { from: undefined, to: t999 }, { from: t999, to: t1998 }, { from: t1998, to: 2025-01-01T00:00:00.001Z }
 */
export async function* partitionRanges(
  probe: ProbeRange,
  to: number,
  cap: number,
): AsyncGenerator<CreatedAtRange> {
  let from: number | undefined
  for (;;) {
    const { total, createdAt } = await probe({ from, to }, cap - 1)
    if (total <= cap) {
      if (total > 0) yield { from, to }
      return
    }
    const at = createdAt === undefined ? Number.NaN : Date.parse(createdAt)
    if (Number.isNaN(at) || at >= to || (from !== undefined && at < from)) {
      throw new Auth0PlusError(
        `Search answered a created_at outside the range it was asked for (${String(createdAt)}); cannot partition the query.`,
      )
    }
    if (from === undefined || at > from) {
      yield { from, to: at }
      from = at
      continue
    }
    // The first `cap` users of the range were all created in millisecond `from`: that
    // millisecond is a partition of its own, if it fits.
    const { total: same } = await probe({ from, to: from + 1 }, 0)
    if (same > cap) throw unsplittable(from, same, cap)
    yield { from, to: from + 1 }
    from += 1
  }
}

/** Every range of {@link partitionRanges}, planned in full before any is read. */
export async function planPartitions(
  probe: ProbeRange,
  to: number,
  cap: number,
): Promise<CreatedAtRange[]> {
  const ranges: CreatedAtRange[] = []
  for await (const range of partitionRanges(probe, to, cap)) ranges.push(range)
  return ranges
}

/** The lucene clause for a range: `created_at:[from TO *] AND created_at:[* TO to}`. */
export function rangeQ(range: CreatedAtRange): Q {
  return Q({
    ...(range.from === undefined ? {} : { created_at__gte: new Date(range.from) }),
    created_at__lt: new Date(range.to),
  })
}

/** More than `cap` users created in millisecond `at`: no created_at range can serve them. */
export function unsplittable(at: number, count: number, cap: number): SearchLimitExceeded {
  return new SearchLimitExceeded(
    `${count} users of this query were created in the same millisecond (${new Date(at).toISOString()}), ` +
      `more than the ${cap} results Auth0 search serves, so the query cannot be split on created_at. ` +
      'Nothing was changed. Narrow the query with other filters, or read every user with ' +
      'the users export job: auth0.users.export().',
  )
}
