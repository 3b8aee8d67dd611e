import type { UserAccountApi } from '../api/user-account-api.js'
import type { ApiRecord, Collection } from './collection.js'
import { MAX_PAGE_SIZE, SEARCH_CAP } from './page-plan.js'

/** Newest first, as a log reader expects (Auth0's `sort` for logs). */
const NEWEST_FIRST = 'date:-1'

/** One log event as Auth0 records it (`type` is its event code: `s`, `fp`, `sapi`, …). */
export interface LogEvent {
  log_id?: string
  date?: string
  type?: string
  description?: string
  ip?: string
  user_id?: string
  client_id?: string
  connection?: string
  details?: Record<string, unknown>
  [key: string]: unknown
}

/**
 * A user's log events (GET /api/v2/users/{id}/logs) as a {@link Collection}: offset pages of
 * up to 100 with totals, newest first, and at most the first 1000 events. This endpoint has no
 * checkpoint paging (only the tenant-wide GET /logs has), so a set reaching past event #1000
 * fails with `SearchLimitExceeded` before its first request instead of stopping early.
 *
 * @example
 * logEventsCollection(api, 'auth0|64f1').pageRequest(state, { page: 0, perPage: 100 })
 * // { method: 'GET', path: '/users/auth0%7C64f1/logs',
 * //   params: { sort: 'date:-1', page: 0, per_page: 100, include_totals: true } }
 */
export function logEventsCollection(api: UserAccountApi, userId: string): Collection<LogEvent> {
  // Built now, so a malformed id fails when the set is made, not when it is read.
  api.logsRequest(userId, {})
  return {
    paging: { style: 'offset', maxPageSize: MAX_PAGE_SIZE, cap: SEARCH_CAP },
    noun: 'log events',
    idField: 'log_id',
    pastCap:
      'Read the newest with a slice (user.logs.slice(0, 1000)); older events are only in the ' +
      "tenant's log stream (GET /api/v2/logs by from/take checkpoints, which ignore filters: " +
      "keep this user's events yourself).",
    hydrate: (record: ApiRecord) => record as LogEvent,
    // The endpoint takes no `fields`: a count asks for one whole event, which is small.
    pageRequest: (_state, cursor) => {
      if (!('page' in cursor)) throw new TypeError("A user's logs page by offset.")
      return api.logsRequest(userId, {
        sort: NEWEST_FIRST,
        page: cursor.page,
        per_page: cursor.perPage,
        include_totals: true,
      })
    },
    fetchPage: (request) => api.logsPage(request),
  }
}
