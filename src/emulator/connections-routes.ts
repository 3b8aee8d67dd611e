import { ApiError } from './api-error.js'
import { requireScope } from './auth.js'
import type { Connection } from './connections.js'
import { fieldsParams, queryParam } from './query-params.js'
import type { Route } from './router.js'
import { projectFields } from './search/index.js'
import type { ApiContext } from './tenant.js'

/** Offset paging reaches only the first 1000 connections (spec §9). */
const OFFSET_CAP = 1000

/**
 * GET /api/v2/connections as Auth0 pages it (spec §0, §9):
 * - `take` (1–100) = checkpoint paging, `from` = the cursor of the previous page; `page`,
 *   `per_page` and `include_totals` are then ignored; `{"connections":[…],"next":"…"}`, no
 *   `next` on the last page;
 * - otherwise `page`/`per_page` (1–100, default 50) slice, and `include_totals=true` wraps as
 *   `{total, start, limit, connections}`; without any of them, the whole list.
 * Ordered by name case-insensitively (then id), as recorded. `name` filters exactly,
 * `strategy` (repeatable) by strategy, `fields`/`include_fields` project.
 */
export const connectionsRoutes: readonly Route<ApiContext>[] = [
  {
    method: 'GET',
    pattern: /^\/api\/v2\/connections\/?$/,
    handler: async ({ tenant, principal, query }) => {
      requireScope(principal, ['read:connections'])
      const name = query.get('name')
      const strategies = query.getAll('strategy')
      const { fields, include } = fieldsParams(query)
      const matching = tenant.connections
        .all()
        .filter((connection) => name === null || connection.name === name)
        .map(describe)
        .filter((c) => strategies.length === 0 || strategies.includes(c.strategy as string))
        .sort(byName)
      const project = (items: Record<string, unknown>[]) =>
        items.map((connection) => projectFields(connection, fields, include))

      const take = queryParam(query, 'take') as number | undefined
      if (take !== undefined) {
        const after = query.get('from')
        const start = after === null ? 0 : checkpointIndex(matching, after)
        const page = matching.slice(start, start + take)
        const body: Record<string, unknown> = { connections: project(page) }
        if (start + take < matching.length) body.next = cursorOf(page[page.length - 1]!)
        return { status: 200, body }
      }
      const pageParam = queryParam(query, 'page') as number | undefined
      const perPageParam = queryParam(query, 'per_page') as number | undefined
      const totals = (queryParam(query, 'include_totals') as boolean | undefined) ?? false
      if (pageParam === undefined && perPageParam === undefined && !totals) {
        return { status: 200, body: project(matching) }
      }
      const page = pageParam ?? 0
      const perPage = perPageParam || 50
      if (page * perPage + perPage > OFFSET_CAP) {
        throw new ApiError(
          400,
          'You can only page through the first 1000 records. Use checkpoint pagination (from and take) instead.',
          'invalid_paging',
        )
      }
      const items = project(matching.slice(page * perPage, page * perPage + perPage))
      const body = totals
        ? { total: matching.length, start: page * perPage, limit: perPage, connections: items }
        : items
      return { status: 200, body }
    },
  },
]

const sortKey = (c: Record<string, unknown>) =>
  `${String(c.name).toLowerCase()}\u0000${String(c.id)}`

function byName(a: Record<string, unknown>, b: Record<string, unknown>): number {
  const [x, y] = [sortKey(a), sortKey(b)]
  return x < y ? -1 : x > y ? 1 : 0
}

/** [?] Auth0's cursor format is unknown; here: base64url of the last item's sort key. */
function cursorOf(connection: Record<string, unknown>): string {
  return Buffer.from(sortKey(connection), 'utf8').toString('base64url')
}

/** Where the page after cursor `from` starts; a cursor that does not decode → 400. */
function checkpointIndex(sorted: Record<string, unknown>[], from: string): number {
  if (!/^[A-Za-z0-9_-]{1,1024}$/.test(from)) {
    throw new ApiError(
      400,
      "Query validation error: 'Invalid checkpoint' on property from.",
      'invalid_query_string',
    )
  }
  const key = Buffer.from(from, 'base64url').toString('utf8')
  const index = sorted.findIndex((connection) => sortKey(connection) > key)
  return index < 0 ? sorted.length : index
}

/** A database connection as GET /connections describes one. */
function describe(connection: Connection): Record<string, unknown> {
  return {
    id: connection.id,
    name: connection.name,
    display_name: connection.name,
    strategy: 'auth0',
    is_domain_connection: false,
    realms: [connection.name],
    options: { requires_username: connection.requiresUsername },
  }
}
