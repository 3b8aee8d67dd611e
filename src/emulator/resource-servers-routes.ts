import { ApiError } from './api-error.js'
import { requireScope } from './auth.js'
import { fieldsParams } from './query-params.js'
import { pathId } from './rbac-ids.js'
import { offsetPage } from './rbac-paging.js'
import {
  createResourceServerSchema,
  updateResourceServerSchema,
  validateResourceServer,
} from './resource-server-schema.js'
import { resourceServerNotFound } from './resource-servers-store.js'
import { NO_CONTENT } from './roles-routes.js'
import type { Route } from './router.js'
import { projectFields } from './search/index.js'
import type { ApiContext } from './tenant.js'

const SERVERS = /^\/api\/v2\/resource-servers\/?$/
const SERVER = /^\/api\/v2\/resource-servers\/(?<id>[^/]+)\/?$/
const DESCRIPTION = 'ID or audience of the resource server'

/** Auth0 takes at most 10 `identifiers` in one list request. */
const MAX_IDENTIFIERS = 10

/**
 * `/resource-servers` and `/resource-servers/{id}` (spec §2.2): `{id}` is the id or the
 * URL-encoded identifier; the Management API is listed as a system API and refuses writes.
 */
export const resourceServersRoutes: readonly Route<ApiContext>[] = [
  {
    method: 'GET',
    pattern: SERVERS,
    handler: async ({ tenant, principal, query }) => {
      requireScope(principal, ['read:resource_servers'])
      const identifiers = query.getAll('identifiers')
      if (identifiers.length > MAX_IDENTIFIERS) {
        throw new ApiError(
          400,
          `Query validation error: 'Array is too long (${identifiers.length}), maximum ${MAX_IDENTIFIERS}' on property identifiers (An optional filter on the resource server identifier. Must be URL encoded and may be specified multiple times (max 10)).`,
          'invalid_query_string',
        )
      }
      const { fields, include } = fieldsParams(query)
      const servers = tenant.rbac.resourceServers
        .all()
        .filter((api) => identifiers.length === 0 || identifiers.includes(api.identifier))
        .map((api) => projectFields(api, fields, include))
      return {
        status: 200,
        body: offsetPage(servers, query, 'resource_servers', 'totals-first'),
      }
    },
  },
  {
    method: 'POST',
    pattern: SERVERS,
    handler: async ({ tenant, principal, body }) => {
      requireScope(principal, ['create:resource_servers'])
      const input = validateResourceServer(await body(), createResourceServerSchema)
      return { status: 201, body: tenant.rbac.resourceServers.create(input), persist: true }
    },
  },
  {
    method: 'GET',
    pattern: SERVER,
    handler: async ({ tenant, principal }, { id }) => {
      requireScope(principal, ['read:resource_servers'])
      const api = tenant.rbac.resourceServers.find(pathId(id, DESCRIPTION))
      if (api === undefined) throw resourceServerNotFound()
      return { status: 200, body: api }
    },
  },
  {
    method: 'PATCH',
    pattern: SERVER,
    handler: async ({ tenant, principal, body }, { id }) => {
      requireScope(principal, ['update:resource_servers'])
      const patch = validateResourceServer(await body(), updateResourceServerSchema)
      const api = tenant.rbac.resourceServers.find(pathId(id, DESCRIPTION))
      if (api === undefined) throw resourceServerNotFound()
      const updated = tenant.rbac.resourceServers.update(api, patch)
      // A scope removed from the API is removed from every role and user holding it (**[I]**).
      if (patch.scopes !== undefined) tenant.rbac.prunePermissions()
      // 200 although the OAS says 201 (recorded).
      return { status: 200, body: updated, persist: true }
    },
  },
  {
    method: 'DELETE',
    pattern: SERVER,
    handler: async ({ tenant, principal }, { id }) => {
      requireScope(principal, ['delete:resource_servers'])
      // Idempotent: an unknown id is a 204 too (recorded).
      tenant.rbac.deleteResourceServer(pathId(id, DESCRIPTION))
      return NO_CONTENT
    },
  },
]
