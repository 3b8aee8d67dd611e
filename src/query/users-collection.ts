import type { UsersApi } from '../api/users-api.js'
import { SearchLimitExceeded } from '../errors.js'
import type { ApiRequest } from '../http/types.js'
import type { ApiRecord, Collection, Page, PageCursor } from './collection.js'
import { planPartitions, rangeQ, type CreatedAtRange } from './created-at-partitions.js'
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
    include_totals: true,
    sort,
    fields: fields?.join(','),
    include_fields: fields ? true : undefined,
  })
}

/**
 * Cuts a search past the 1000 cap into created_at ranges (see {@link planPartitions}): the
 * newest user bounds the range (users created from now on are outside it, so a bulk job never
 * sees its own era's writes), then one probe per ~1000 users. Results come in created_at order;
 * another sort cannot be honoured across partitions and is refused.
 */
async function partitionByCreatedAt(
  state: QueryState,
  fetch: (state: QueryState, cursor: PageCursor) => Promise<Page>,
): Promise<QueryState[]> {
  const { sort } = state
  if (sort !== undefined && sort !== ASCENDING && sort !== DESCENDING) {
    throw new SearchLimitExceeded(
      `This query matches more than ${SEARCH_CAP} users, so it is read in created_at partitions, ` +
        `which cannot honour sort=${sort} across them. Order by created_at (or not at all), ` +
        'or sort the results yourself.',
    )
  }
  const probeState = (where: Q | undefined, order: string) =>
    withState(state, { where, sort: order, fields: PROBE_FIELDS, start: 0, end: undefined })
  const newest = await fetch(probeState(state.where, DESCENDING), { page: 0, perPage: 1 })
  const createdAt = newest.records[0]?.created_at
  if (typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt))) return []
  const to = Date.parse(createdAt) + 1
  const whereAnd = (range: CreatedAtRange) =>
    state.where ? state.where.and(rangeQ(range)) : rangeQ(range)
  const probe = async (range: CreatedAtRange, index: number) => {
    const page = await fetch(probeState(whereAnd(range), ASCENDING), { page: index, perPage: 1 })
    const at = page.records[0]?.created_at
    return { total: page.total ?? 0, createdAt: typeof at === 'string' ? at : undefined }
  }
  const ranges = await planPartitions(probe, to, SEARCH_CAP)
  if (sort === DESCENDING) ranges.reverse()
  return ranges.map((range) =>
    withState(state, { where: whereAnd(range), sort: sort ?? ASCENDING }),
  )
}
