import type { UsersApi } from '../api/users-api.js'
import { SearchLimitExceeded } from '../errors.js'
import type { ApiRequest } from '../http/types.js'
import type { ApiRecord, Collection, Page, PageCursor } from './collection.js'
import { scanByCreatedAt } from './created-at-scan.js'
import {
  partitionRanges,
  planPartitions,
  rangeQ,
  type CreatedAtRange,
} from './created-at-partitions.js'
import { MAX_PAGE_SIZE, SEARCH_CAP } from './page-plan.js'
import { withState, type QueryState } from './query-state.js'
import type { Q } from './q.js'

/** What the partition planner reads of each probed user. */
const PROBE_FIELDS = ['user_id', 'created_at']
const ASCENDING = 'created_at:1'
const DESCENDING = 'created_at:-1'

/**
 * The users search (GET /api/v2/users, search engine v3) as a {@link Collection}: offset pages
 * of up to 100 with totals, at most 1000 results, and past that, `created_at` partitions.
 *
 * @example
 * usersCollection(api, hydrate).pageRequest(state, { page: 0, perPage: 100 })
 * // { method: 'GET', path: '/users', params: { q, search_engine: 'v3', page: 0, per_page: 100, include_totals: true, … } }
 */
export function usersCollection<T>(
  api: UsersApi,
  hydrate: (record: ApiRecord) => T,
): Collection<T> {
  return {
    paging: { style: 'offset', maxPageSize: MAX_PAGE_SIZE, cap: SEARCH_CAP },
    noun: 'users',
    idField: 'user_id',
    hydrate,
    pageRequest: (state, cursor) => searchRequest(api, state, cursor),
    fetchPage: (request) => api.search(request),
    partition: partitionByCreatedAt,
    scan: scanInCreatedAtOrder,
  }
}

function searchRequest(api: UsersApi, state: QueryState, cursor: PageCursor): ApiRequest {
  if (!('page' in cursor)) throw new TypeError('The users search pages by offset.')
  const { where, sort, fields } = state
  return api.searchRequest({
    q: where ? String(where) || undefined : undefined,
    search_engine: 'v3',
    page: cursor.page,
    per_page: cursor.perPage,
    include_totals: cursor.totals === false ? undefined : true,
    sort,
    fields: fields?.join(','),
    include_fields: fields ? true : undefined,
  })
}

/**
 * Cuts a search past the 1000 cap into created_at ranges (see {@link partitionRanges}): the
 * newest user bounds the range (users created from now on are outside it, so a bulk job never
 * sees its own era's writes), then one probe per ~1000 users, each range yielded as soon as it
 * is planned (newest first needs them all, to reverse them). Results come in created_at order;
 * another sort cannot be honoured across partitions and is refused.
 */
async function* partitionByCreatedAt(
  state: QueryState,
  fetch: (state: QueryState, cursor: PageCursor) => Promise<Page>,
): AsyncGenerator<QueryState> {
  const to = await newestBound(state, fetch)
  if (to === undefined) return
  const probe = async (range: CreatedAtRange, index: number) => {
    const page = await fetch(probeState(state, inRange(state, range), ASCENDING), {
      page: index,
      perPage: 1,
    })
    const at = page.records[0]?.created_at
    return { total: page.total ?? 0, createdAt: typeof at === 'string' ? at : undefined }
  }
  const stateOf = (range: CreatedAtRange) =>
    withState(state, { where: inRange(state, range), sort: state.sort ?? ASCENDING })
  if (state.sort === DESCENDING) {
    for (const range of (await planPartitions(probe, to, SEARCH_CAP)).reverse()) {
      yield stateOf(range)
    }
    return
  }
  for await (const range of partitionRanges(probe, to, SEARCH_CAP)) yield stateOf(range)
}

/**
 * Streams a search past the 1000 cap range by range (see {@link scanByCreatedAt}): the newest
 * user bounds it, as for partitions, then only pages, newest first for `-created_at`. Each page
 * also asks for `created_at` (the scan cuts on it), which is dropped again when the set did not
 * ask for it.
 */
async function* scanInCreatedAtOrder(
  state: QueryState,
  fetch: (state: QueryState, cursor: PageCursor) => Promise<Page>,
): AsyncGenerator<ApiRecord> {
  const to = await newestBound(state, fetch)
  if (to === undefined) return
  const sort = state.sort ?? ASCENDING
  const { fields } = state
  const extra = fields !== undefined && !fields.includes('created_at')
  const fetchPage = async (range: CreatedAtRange, page: number) => {
    const part = withState(state, {
      where: inRange(state, range),
      sort,
      fields: extra ? [...fields, 'created_at'] : fields,
    })
    // Only the first page's total decides anything; the others need none.
    const answer = await fetch(part, { page, perPage: MAX_PAGE_SIZE, totals: page === 0 })
    return { records: answer.records, total: answer.total }
  }
  const order = sort === DESCENDING ? 'desc' : 'asc'
  const limits = { perPage: MAX_PAGE_SIZE, cap: SEARCH_CAP }
  for await (const record of scanByCreatedAt(fetchPage, to, order, limits)) {
    if (extra) delete record.created_at
    yield record
  }
}

/**
 * The first millisecond after the newest user of `state` (one `per_page=1` request), or
 * undefined when it matches nobody. Refuses a sort other than created_at, which cannot be
 * honoured across ranges.
 */
async function newestBound(
  state: QueryState,
  fetch: (state: QueryState, cursor: PageCursor) => Promise<Page>,
): Promise<number | undefined> {
  const { sort } = state
  if (sort !== undefined && sort !== ASCENDING && sort !== DESCENDING) {
    throw new SearchLimitExceeded(
      `This query matches more than ${SEARCH_CAP} users, so it is read in created_at partitions, ` +
        `which cannot honour sort=${sort} across them. Order by created_at (or not at all), ` +
        'or sort the results yourself.',
    )
  }
  const newest = await fetch(probeState(state, state.where, DESCENDING), { page: 0, perPage: 1 })
  const createdAt = newest.records[0]?.created_at
  if (typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt))) return undefined
  return Date.parse(createdAt) + 1
}

/** A `per_page=1` probe of `where`: only the id and the creation time. */
const probeState = (state: QueryState, where: Q | undefined, order: string) =>
  withState(state, { where, sort: order, fields: PROBE_FIELDS, start: 0, end: undefined })

/** `state`'s filter narrowed to one created_at range. */
const inRange = (state: QueryState, range: CreatedAtRange): Q =>
  state.where ? state.where.and(rangeQ(range)) : rangeQ(range)
