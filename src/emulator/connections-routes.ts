import { requireScope } from './auth.js'
import type { Connection } from './connections.js'
import { fieldsParams } from './query-params.js'
import type { Route } from './router.js'
import { projectFields } from './search/index.js'
import type { ApiContext } from './tenant.js'

/**
 * GET /api/v2/connections, the part clients use to turn a connection name into the `con_…`
 * id an export job takes: `?name=` filters exactly, `fields`/`include_fields` project. Only
 * the tenant's database connections exist here.
 */
export const connectionsRoutes: readonly Route<ApiContext>[] = [
  {
    method: 'GET',
    pattern: /^\/api\/v2\/connections\/?$/,
    handler: async ({ tenant, principal, query }) => {
      requireScope(principal, ['read:connections'])
      const name = query.get('name')
      const strategy = query.get('strategy')
      const { fields, include } = fieldsParams(query)
      const body = tenant.connections
        .all()
        .filter((connection) => name === null || connection.name === name)
        .map(describe)
        .filter((connection) => strategy === null || connection.strategy === strategy)
        .map((connection) => projectFields(connection, fields, include))
      return { status: 200, body }
    },
  },
]

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
