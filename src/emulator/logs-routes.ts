import { ApiError } from './api-error.js'
import { requireScope } from './auth.js'
import type { LogEvent } from './log-events.js'
import { compileLogQuery } from './log-query.js'
import { fieldsParams, queryParam } from './query-params.js'
import type { Route, RouteResult } from './router.js'
import { checkValue } from './schema-validation.js'
import { projectFields } from './search/index.js'
import type { ApiContext } from './tenant.js'

/** Auth0 serves only the first 1000 results of a log search, 100 per request. */
export const LOG_SEARCH_CAP = 1000

const LOG_SCOPES = ['read:logs', 'read:logs_users']

const PAGING_MESSAGE =
  'You can only page through the first 1000 records. See https://auth0.com/docs/logs/retrieve-log-events-using-mgmt-api#limitations'

const queryError = (reason: string, property: string, description: string) =>
  new ApiError(
    400,
    `Query validation error: '${reason}' on property ${property} (${description}).`,
    'invalid_query_string',
  )

/** `take` of checkpoint reads: 1–100, default 50. */
function takeParam(query: URLSearchParams): number {
  const raw = query.get('take')
  if (raw === null) return 50
  const value = /^\d{1,6}$/.test(raw) ? Number(raw) : raw
  const reason = checkValue(value, { type: 'integer', minimum: 1, maximum: 100, description: '' })
  if (reason !== undefined) {
    throw queryError(reason, 'take', 'Number of entries to retrieve when using the from parameter')
  }
  return value as number
}

/** `sort`: only `date:1` and `date:-1` [I]; newest first by default. */
function newestFirst(query: URLSearchParams): boolean {
  const sort = query.get('sort')
  if (sort === null || sort === '' || sort === 'date:-1') return true
  if (sort === 'date:1') return false
  throw queryError(
    `String does not match pattern ^date:(1|-1)$: ${sort}`,
    'sort',
    'Field to use for sorting appended with `:1` for ascending and `:-1` for descending',
  )
}

/**
 * Offset paging over `events` (oldest first): page, per_page (≤100), the 1000 cap, sort,
 * fields; a bare array or Auth0's totals envelope built by `envelope`.
 */
function page(
  events: LogEvent[],
  query: URLSearchParams,
  envelope: (logs: unknown[], start: number, limit: number, total: number) => unknown,
): RouteResult {
  const pageIndex = (queryParam(query, 'page') as number | undefined) ?? 0
  const perPage = (queryParam(query, 'per_page') as number | undefined) ?? 50
  const includeTotals = (queryParam(query, 'include_totals') as boolean | undefined) ?? false
  const { fields, include } = fieldsParams(query)
  if (pageIndex * perPage + perPage > LOG_SEARCH_CAP) {
    throw new ApiError(400, PAGING_MESSAGE, 'invalid_paging')
  }
  const ordered = newestFirst(query) ? [...events].reverse() : events
  const start = pageIndex * perPage
  const logs = ordered
    .slice(start, start + perPage)
    .map((event) => projectFields(event, fields, include))
  if (!includeTotals) return { status: 200, body: logs }
  return { status: 200, body: envelope(logs, start, perPage, ordered.length) }
}

/** GET /logs, /logs/{id} and /users/{id}/logs. */
export const logsRoutes: readonly Route<ApiContext>[] = [
  {
    method: 'GET',
    pattern: /^\/api\/v2\/logs\/?$/,
    handler: async ({ tenant, principal, query }) => {
      requireScope(principal, LOG_SCOPES)
      const from = query.get('from')
      if (from !== null) {
        // Checkpoint mode: every other parameter (q included) is ignored, as on Auth0.
        const take = takeParam(query)
        const logs = tenant.logs.after(from, take)
        const next = logs.length > 0 ? logs[logs.length - 1]!.log_id : from
        const link = `<${tenant.origin()}/api/v2/logs?from=${encodeURIComponent(next)}&take=${take}>; rel="next"`
        return { status: 200, body: logs, headers: { link } }
      }
      // The OAS and node-auth0 v7 name the search parameter `search`; `q` is what Auth0 reads.
      const q = query.get('q') ?? query.get('search') ?? ''
      const matches = q.trim() === '' ? undefined : compileLogQuery(q)
      const events = tenant.logs.all()
      const found = matches === undefined ? events : events.filter(matches)
      // Search engine v3: `total` is the number of events in this page, like `length`.
      return page(found, query, (logs, start, limit) => ({
        length: logs.length,
        limit,
        logs,
        start,
        total: logs.length,
      }))
    },
  },
  {
    method: 'GET',
    pattern: /^\/api\/v2\/logs\/(?<id>[^/]+)\/?$/,
    handler: async ({ tenant, principal }, { id }) => {
      requireScope(principal, LOG_SCOPES)
      const event = tenant.logs.get(id!)
      if (event === undefined) throw new ApiError(404, 'Log not found.')
      return { status: 200, body: event }
    },
  },
  {
    method: 'GET',
    pattern: /^\/api\/v2\/users\/(?<id>[^/]+)\/logs\/?$/,
    handler: async ({ tenant, principal, query }, { id }) => {
      requireScope(principal, LOG_SCOPES)
      // Events outlive their user (a deleted user's logs stay readable), so no 404 here [I].
      const events = tenant.logs.all().filter((event) => event.user_id === id)
      return page(events, query, (logs, start, limit, total) => ({
        start,
        limit,
        length: logs.length,
        total,
        logs,
      }))
    },
  },
]
