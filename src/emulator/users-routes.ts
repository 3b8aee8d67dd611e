import { ApiError, userNotFound } from './api-error.js'
import { requireScope } from './auth.js'
import { buildNewUser } from './create-user.js'
import { listUsers } from './list-users.js'
import { logUserEvent } from './log-user-event.js'
import { applyPatch, validatePatch } from './patch-user.js'
import { fieldsParams, queryParam } from './query-params.js'
import type { Route } from './router.js'
import { projectFields } from './search/index.js'
import type { ApiContext } from './tenant.js'

const USER_ID = /^\/api\/v2\/users\/(?<id>[^/]+)\/?$/

/** The users endpoints of the Management API, with the scopes Auth0 checks for each. */
export const usersRoutes: readonly Route<ApiContext>[] = [
  {
    method: 'GET',
    pattern: /^\/api\/v2\/users\/?$/,
    handler: async ({ tenant, principal, query }) => {
      requireScope(principal, ['read:users'])
      return listUsers(tenant, query)
    },
  },
  {
    method: 'POST',
    pattern: /^\/api\/v2\/users\/?$/,
    handler: async ({ tenant, principal, body }) => {
      requireScope(principal, ['create:users'])
      const input = await body()
      const user = buildNewUser(input, tenant.connections, tenant.now())
      tenant.store.insert(user)
      const { password } = input as { password?: unknown }
      if (typeof password === 'string') tenant.passwords.set(user.user_id as string, password)
      return { status: 201, body: user, persist: true }
    },
  },
  {
    method: 'GET',
    pattern: USER_ID,
    handler: async ({ tenant, principal, query }, { id }) => {
      requireScope(principal, ['read:users', 'read:user_idp_tokens'])
      const { fields, include } = fieldsParams(query)
      const user = tenant.store.get(id!)
      if (user === undefined) throw userNotFound()
      return { status: 200, body: projectFields(user, fields, include) }
    },
  },
  {
    method: 'PATCH',
    pattern: USER_ID,
    handler: async ({ tenant, principal, body }, { id }) => {
      requireScope(principal, ['update:users', 'update:users_app_metadata'])
      const patch = validatePatch(await body())
      // update:users_app_metadata alone may only touch app_metadata.
      if (
        !principal.scopes.has('update:users') &&
        Object.keys(patch).some((k) => k !== 'app_metadata')
      ) {
        requireScope(principal, ['update:users'])
      }
      const user = tenant.store.get(id!)
      if (user === undefined) throw userNotFound()
      const updated = applyPatch(user, patch, tenant.connections, tenant.now())
      tenant.store.replace(updated)
      if (typeof patch.password === 'string') {
        tenant.passwords.set(id!, patch.password)
        // A password change lifts brute-force blocks, as on Auth0.
        if (typeof updated.email === 'string') tenant.bruteForce?.unblock(updated.email)
      }
      return { status: 200, body: updated, persist: true }
    },
  },
  {
    method: 'DELETE',
    pattern: USER_ID,
    handler: async ({ tenant, principal }, { id }) => {
      requireScope(principal, ['delete:users'])
      // Idempotent, as on Auth0: an unknown or already-deleted id is a 204 too.
      const user = tenant.store.get(id!)
      const existed = tenant.store.delete(id!)
      if (user !== undefined) logUserEvent(tenant, 'sdu', user, { client_id: principal.clientId })
      return { status: 204, persist: existed }
    },
  },
  {
    method: 'GET',
    pattern: /^\/api\/v2\/users-by-email\/?$/,
    handler: async ({ tenant, principal, query }) => {
      requireScope(principal, ['read:users'])
      const email = queryParam(query, 'email') as string | undefined
      if (email === undefined) {
        throw new ApiError(
          400,
          "Query validation error: 'Missing required property: email'.",
          'invalid_query_string',
        )
      }
      const { fields, include } = fieldsParams(query)
      const users = tenant.store.findByEmail(email).map((u) => projectFields(u, fields, include))
      return { status: 200, body: users }
    },
  },
]
