import { ApiError } from './api-error.js'
import { fieldsParams, queryParam } from './query-params.js'
import type { RouteResult } from './router.js'
import {
  compileSearch,
  compileSort,
  indexedSearch,
  projectFields,
  scanSearch,
  SearchQueryError,
  type SearchRequest,
} from './search/index.js'
import type { Tenant } from './tenant.js'

/** Auth0 serves at most this many results of one search, however it is paged. */
export const SEARCH_RESULT_CAP = 1000

const PAGING_MESSAGE =
  'You can only page through the first 1000 records. See https://auth0.com/docs/users/search/v3/view-search-results-by-page#limitation'

const refusedEngine = (engine: string) =>
  new ApiError(
    400,
    `You are not allowed to use search_engine=${engine}.`,
    'operation_not_supported',
  )

/** The v3 search module throws SearchQueryError; Auth0 answers those with invalid_query_string. */
function compiled<T>(build: () => T): T {
  try {
    return build()
  } catch (err) {
    if (err instanceof SearchQueryError) {
      throw new ApiError(400, err.message, 'invalid_query_string')
    }
    throw err
  }
}

/**
 * GET /api/v2/users: search engine v3 over the (lagging) search index, then sort, page and
 * project. The paging cap is checked on the request alone — page N fails when
 * `N*per_page + per_page > 1000` however few users match — as Auth0 does.
 */
export function listUsers(tenant: Tenant, query: URLSearchParams): RouteResult {
  const page = (queryParam(query, 'page') as number | undefined) ?? 0
  const perPage = (queryParam(query, 'per_page') as number | undefined) ?? 50
  const includeTotals = (queryParam(query, 'include_totals') as boolean | undefined) ?? false
  queryParam(query, 'primary_order')
  const engine = queryParam(query, 'search_engine') as string | undefined
  // `connection` is a v1-only parameter: without an explicit engine, Auth0 picks v1 and refuses.
  if (engine === 'v1' || engine === 'v2') throw refusedEngine(engine)
  if (engine === undefined && query.has('connection')) throw refusedEngine('v1')
  const { fields, include } = fieldsParams(query)

  if (page * perPage + perPage > SEARCH_RESULT_CAP) {
    throw new ApiError(400, PAGING_MESSAGE, 'invalid_paging')
  }
  const q = query.get('q') ?? ''
  const search = compiled(() => (q.trim() === '' ? undefined : compileSearch(q)))
  const rawSort = query.get('sort')
  const sort = rawSort === null || rawSort === '' ? undefined : rawSort
  // Validated here so a bad sort is refused even when no user would be compared.
  if (sort !== undefined) compiled(() => compileSort(sort))

  const start = page * perPage
  const request: SearchRequest = {
    test: search?.test,
    plan: search?.plan ?? { kind: 'all' },
    exact: search?.exact ?? false,
    sort,
    start,
    limit: perPage,
    totals: includeTotals,
  }
  // The full scan stays reachable: it is the baseline of the bench and of the differential test.
  const found =
    process.env['AUTH0PLUS_EMULATOR_SEARCH'] === 'scan'
      ? scanSearch(tenant.index.users(), request)
      : indexedSearch(tenant.index.indexed(), request)
  const users = found.users.map((user) => projectFields(user, fields, include))
  if (!includeTotals) return { status: 200, body: users }
  return {
    status: 200,
    body: { start, limit: perPage, length: users.length, total: found.total, users },
  }
}
