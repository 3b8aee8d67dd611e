import { requireScope } from './auth.js'
import type { Route } from './router.js'
import type { ApiContext } from './tenant.js'

/** The users export job endpoints. Export creation answers 200, not 201, as Auth0 does. */
export const jobsRoutes: readonly Route<ApiContext>[] = [
  {
    method: 'POST',
    pattern: /^\/api\/v2\/jobs\/users-exports\/?$/,
    handler: async ({ tenant, principal, body }) => {
      requireScope(principal, ['read:users'])
      const job = tenant.jobs.create(await body(), tenant.connections, tenant.store.all())
      return { status: 200, body: job }
    },
  },
  {
    method: 'POST',
    pattern: /^\/api\/v2\/jobs\/verification-email\/?$/,
    handler: async ({ tenant, principal, body }) => {
      requireScope(principal, ['update:users'])
      return {
        status: 201,
        body: tenant.verificationJobs.create(tenant, await body(), principal.clientId),
      }
    },
  },
  {
    method: 'GET',
    pattern: /^\/api\/v2\/jobs\/(?<id>[^/]+)\/?$/,
    handler: async ({ tenant, principal }, { id }) => {
      requireScope(principal, ['create:users', 'read:users'])
      const verification = tenant.verificationJobs.describe(id!)
      if (verification !== undefined) return { status: 200, body: verification }
      return { status: 200, body: tenant.jobs.describe(id!, tenant.origin()) }
    },
  },
]
