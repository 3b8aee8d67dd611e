import { ApiError } from './api-error.js'
import { SEARCH_RESULT_CAP } from './list-users.js'
import { readQueryParam } from './query-params.js'
import type { PropertyRule } from './schema-validation.js'

/** The OAS rules of the paging parameters of roles, permissions, resource servers and grants. */
const RULES = {
  page: {
    type: 'integer',
    minimum: 0,
    description: 'Page index of the results to return. First page is 0.',
  },
  per_page: {
    type: 'integer',
    minimum: 1,
    maximum: 100,
    description: 'Number of results per page. Defaults to 50.',
  },
  include_totals: {
    type: 'boolean',
    description:
      'Return results inside an object that contains the total result count (true) or as a direct array of results (false, default).',
  },
  take: {
    type: 'integer',
    minimum: 1,
    maximum: 100,
    description: 'Number of results per page. Defaults to 50.',
  },
  from: { type: 'string', description: 'Optional Id from which to start selection.' },
} satisfies Record<string, PropertyRule>

const PAGING_MESSAGE =
  'You can only page through the first 1000 records. See https://auth0.com/docs/users/search/v3/view-search-results-by-page#limitation'

/**
 * How an `include_totals=true` envelope is laid out: roles, permissions and a role's users put
 * the array first (`{"roles":[…],"start":0,"limit":50,"total":1}`); resource servers and client
 * grants put the numbers first (`{"total":1,"start":0,"limit":50,"resource_servers":[…]}`).
 */
export type EnvelopeOrder = 'items-first' | 'totals-first'

/**
 * Offset paging as Auth0 does it on these collections: `page`, `per_page` 1–100 (default 50),
 * `include_totals` (default false → a bare array), and the 1000-record cap of the users search
 * (page N fails when `N*per_page + per_page > 1000`).
 */
export function offsetPage<T>(
  items: readonly T[],
  query: URLSearchParams,
  key: string,
  order: EnvelopeOrder,
): unknown {
  const page = (readQueryParam(query, 'page', RULES.page) as number | undefined) ?? 0
  const perPage = (readQueryParam(query, 'per_page', RULES.per_page) as number | undefined) ?? 50
  const totals = readQueryParam(query, 'include_totals', RULES.include_totals) === true
  if (page * perPage + perPage > SEARCH_RESULT_CAP) {
    throw new ApiError(400, PAGING_MESSAGE, 'invalid_paging')
  }
  const start = page * perPage
  const slice = items.slice(start, start + perPage)
  if (!totals) return slice
  const numbers = { start, limit: perPage, total: items.length }
  return order === 'items-first'
    ? { [key]: slice, ...numbers }
    : { total: items.length, start, limit: perPage, [key]: slice }
}

/** True when the request asks for checkpoint paging (`take` or `from`), which wins over offsets. */
export function wantsCheckpoint(query: URLSearchParams): boolean {
  return query.has('take') || query.has('from')
}

/**
 * Checkpoint paging (`from`/`take`): `items` are in cursor order, `cursorOf` names an item's
 * position; the page holds the items after `from` (exclusive). The envelope is
 * `{"<key>":[…],"next":"<cursor>"}`, `next` absent on the last page, as recorded.
 * A `from` that does not decode → 400 `invalid_query_string` (**[?]**).
 */
export function checkpointPage<T>(
  items: readonly T[],
  query: URLSearchParams,
  key: string,
  cursorOf: (item: T) => string,
): Record<string, unknown> {
  const take = (readQueryParam(query, 'take', RULES.take) as number | undefined) ?? 50
  const from = readQueryParam(query, 'from', RULES.from) as string | undefined
  let start = 0
  if (from !== undefined && from !== '') {
    const after = decodeCursor(from)
    // Items are sorted by cursor, so the first one past `after` starts the page.
    start = items.findIndex((item) => cursorOf(item) > after)
    if (start < 0) start = items.length
  }
  const slice = items.slice(start, start + take)
  const body: Record<string, unknown> = { [key]: slice }
  if (start + take < items.length) body.next = encodeCursor(cursorOf(slice[slice.length - 1]!))
  return body
}

/** Cursors are opaque to clients: base64 of the position, like Auth0's. */
export function encodeCursor(position: string): string {
  return Buffer.from(position, 'utf8').toString('base64')
}

function decodeCursor(cursor: string): string {
  if (!/^[A-Za-z0-9+/=_-]+$/.test(cursor)) throw badCursor()
  const position = Buffer.from(cursor, 'base64').toString('utf8')
  if (position === '' || encodeCursor(position).replace(/=+$/, '') !== cursor.replace(/=+$/, '')) {
    throw badCursor()
  }
  return position
}

const badCursor = () =>
  new ApiError(
    400,
    "Query validation error: 'Invalid checkpoint' on property from (Optional Id from which to start selection).",
    'invalid_query_string',
  )
