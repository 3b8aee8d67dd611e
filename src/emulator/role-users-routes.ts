import { ApiError, userNotFound } from './api-error.js'
import { requireScope } from './auth.js'
import { MAX_ROLES_PER_USER } from './rbac.js'
import { usersBody } from './rbac-bodies.js'
import { requireAllScopes } from './rbac-scopes.js'
import { checkpointPage, offsetPage, wantsCheckpoint } from './rbac-paging.js'
import type { Membership } from './role-members.js'
import { roleAt } from './roles-routes.js'
import type { Route } from './router.js'
import type { ApiContext, Tenant } from './tenant.js'

const ROLE_USERS = /^\/api\/v2\/roles\/(?<id>[^/]+)\/users\/?$/

/**
 * `/roles/{id}/users`: GET with offset paging (capped at 1000, like users) or checkpoint
 * paging (`from`/`take`, which wins when sent); POST `{users}` in batches of at most 1000
 * (**[?]**). Removal is `DELETE /users/{id}/roles`: Auth0 has no DELETE here.
 */
export const roleUsersRoutes: readonly Route<ApiContext>[] = [
  {
    method: 'GET',
    pattern: ROLE_USERS,
    handler: async ({ tenant, principal, query }, { id }) => {
      requireAllScopes(principal, ['read:users', 'read:roles'])
      const role = roleAt(tenant, id)
      const members = tenant.rbac.usersOf(role.id)
      if (wantsCheckpoint(query)) {
        const body = checkpointPage(members, query, 'users', cursorOf)
        body.users = (body.users as Membership[]).map((m) => roleUser(tenant, m.userId))
        return { status: 200, body }
      }
      const users = members.map((m) => roleUser(tenant, m.userId))
      return { status: 200, body: offsetPage(users, query, 'users', 'items-first') }
    },
  },
  {
    method: 'POST',
    pattern: ROLE_USERS,
    handler: async ({ tenant, principal, body }, { id }) => {
      requireScope(principal, ['update:roles', 'create:role_members'])
      const userIds = usersBody(await body())
      const role = roleAt(tenant, id)
      // All or nothing: one unknown id refuses the batch (**[?]**).
      for (const userId of userIds) {
        if (tenant.store.get(userId) === undefined) throw userNotFound()
        const roles = tenant.rbac.members.rolesOf(userId)
        if (!roles.includes(role.id) && roles.length >= MAX_ROLES_PER_USER) {
          throw tooManyRoles()
        }
      }
      const at = tenant.now()
      for (const userId of userIds) tenant.rbac.members.assign(role.id, userId, at)
      return { status: 200, body: {}, persist: true }
    },
  },
]

export const tooManyRoles = () =>
  new ApiError(400, `A user can have at most ${MAX_ROLES_PER_USER} roles.`, 'invalid_body')

/** A role's user as listed: `{user_id, email, picture, name}` only (recorded). */
function roleUser(tenant: Tenant, userId: string): Record<string, unknown> {
  const user = tenant.store.get(userId) ?? {}
  const item: Record<string, unknown> = { user_id: userId }
  for (const key of ['email', 'picture', 'name'] as const) {
    if (user[key] !== undefined) item[key] = user[key]
  }
  return item
}

/** Auth0's cursor position: `2023-03-14 13:41:28.961000UTC,auth0|…` (recorded, base64). */
function cursorOf({ at, userId }: Membership): string {
  const iso = new Date(at).toISOString() // 2023-03-14T13:41:28.961Z
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}000UTC,${userId}`
}
