import { ApiError, userNotFound } from './api-error.js'
import { requireScope } from './auth.js'
import { queryParam } from './query-params.js'
import type { Route } from './router.js'
import type { ApiContext, Tenant } from './tenant.js'

const USER = '^\\/api\\/v2\\/users\\/(?<id>[^/]+)'
const at = (rest: string) => new RegExp(`${USER}${rest}\\/?$`)

function existing(tenant: Tenant, id: string): void {
  if (tenant.store.get(id) === undefined) throw userNotFound()
}

/**
 * A user's MFA and sessions: authentication methods (seeded, listed masked, deleted), the
 * remember-browser reset, and the revocation of sessions and refresh tokens (202 `{}`, as
 * Auth0's asynchronous answer). Refresh tokens the Authentication API issued are revoked at
 * once; the emulator keeps no login sessions (each `/authorize` logs in afresh), so there are
 * none to end.
 */
export const mfaRoutes: readonly Route<ApiContext>[] = [
  {
    method: 'GET',
    pattern: at('\\/authentication-methods'),
    handler: async ({ tenant, principal, query }, { id }) => {
      requireScope(principal, ['read:authentication_methods'])
      const page = (queryParam(query, 'page') as number | undefined) ?? 0
      const perPage = (queryParam(query, 'per_page') as number | undefined) ?? 50
      const includeTotals = (queryParam(query, 'include_totals') as boolean | undefined) ?? false
      existing(tenant, id!)
      const all = tenant.authenticationMethods.list(id!)
      const authenticators = all.slice(page * perPage, page * perPage + perPage)
      if (!includeTotals) return { status: 200, body: authenticators }
      // Recorded: an empty list has no `total`.
      const total = all.length === 0 ? {} : { total: all.length }
      return {
        status: 200,
        body: { authenticators, ...total, start: page * perPage, limit: perPage },
      }
    },
  },
  {
    method: 'DELETE',
    pattern: at('\\/authentication-methods'),
    handler: async ({ tenant, principal }, { id }) => {
      requireScope(principal, ['delete:authentication_methods'])
      existing(tenant, id!)
      tenant.authenticationMethods.deleteAll(id!)
      return { status: 204 }
    },
  },
  {
    method: 'DELETE',
    pattern: at('\\/authentication-methods\\/(?<method>[^/]+)'),
    handler: async ({ tenant, principal }, { id, method }) => {
      requireScope(principal, ['delete:authentication_methods'])
      existing(tenant, id!)
      if (!tenant.authenticationMethods.delete(id!, method!)) {
        throw new ApiError(
          404,
          'Authentication method not found',
          'inexistent_authentication_method',
        )
      }
      return { status: 204 }
    },
  },
  {
    method: 'POST',
    pattern: at('\\/multifactor\\/actions\\/invalidate-remember-browser'),
    handler: async ({ tenant, principal }, { id }) => {
      requireScope(principal, ['update:users'])
      existing(tenant, id!)
      return { status: 204 }
    },
  },
  {
    method: 'DELETE',
    pattern: at('\\/sessions'),
    handler: async ({ tenant, principal }, { id }) => {
      requireScope(principal, ['delete:sessions'])
      existing(tenant, id!)
      return { status: 202, body: {} }
    },
  },
  {
    method: 'DELETE',
    pattern: at('\\/refresh-tokens'),
    handler: async ({ tenant, principal }, { id }) => {
      requireScope(principal, ['delete:refresh_tokens'])
      existing(tenant, id!)
      tenant.refreshTokens.revokeUser(id!)
      return { status: 202, body: {} }
    },
  },
]
