import { ApiError, userNotFound } from './api-error.js'
import { requireScope } from './auth.js'
import { MAX_ROLES_PER_USER, MAX_USER_PERMISSIONS } from './rbac.js'
import { permissionsBody, rolesBody } from './rbac-bodies.js'
import { comparePermissions, pathId, type PermissionRef } from './rbac-ids.js'
import { offsetPage } from './rbac-paging.js'
import { requireAllScopes } from './rbac-scopes.js'
import { tooManyRoles } from './role-users-routes.js'
import { canonical, NO_CONTENT } from './roles-routes.js'
import { describeRole, roleNotFound } from './roles-store.js'
import type { Route } from './router.js'
import type { ApiContext, Tenant } from './tenant.js'

const USER_ROLES = /^\/api\/v2\/users\/(?<id>[^/]+)\/roles\/?$/
const USER_PERMISSIONS = /^\/api\/v2\/users\/(?<id>[^/]+)\/permissions\/?$/

/** The user named by the path (its id), or Auth0's 404. */
function userAt(tenant: Tenant, id: string | undefined): string {
  const userId = pathId(id, 'ID of the user')
  if (tenant.store.get(userId) === undefined) throw userNotFound()
  return userId
}

/** `/users/{id}/roles` and `/users/{id}/permissions` (spec §1.7, §1.8). */
export const userRbacRoutes: readonly Route<ApiContext>[] = [
  {
    method: 'GET',
    pattern: USER_ROLES,
    handler: async ({ tenant, principal, query }, { id }) => {
      requireAllScopes(principal, ['read:users', 'read:roles', 'read:role_members'])
      const roles = tenant.rbac.rolesOf(userAt(tenant, id)).map(describeRole)
      return { status: 200, body: offsetPage(roles, query, 'roles', 'items-first') }
    },
  },
  {
    method: 'POST',
    pattern: USER_ROLES,
    handler: async ({ tenant, principal, body }, { id }) => {
      requireScope(principal, ['update:users', 'create:role_members'])
      const roleIds = rolesBody(await body())
      const userId = userAt(tenant, id)
      for (const roleId of roleIds) {
        if (tenant.rbac.roles.get(roleId) === undefined) throw roleNotFound()
      }
      const held = new Set([...tenant.rbac.members.rolesOf(userId), ...roleIds])
      if (held.size > MAX_ROLES_PER_USER) throw tooManyRoles()
      const at = tenant.now()
      for (const roleId of roleIds) tenant.rbac.members.assign(roleId, userId, at)
      return NO_CONTENT
    },
  },
  {
    method: 'DELETE',
    pattern: USER_ROLES,
    handler: async ({ tenant, principal, body }, { id }) => {
      requireScope(principal, ['update:users', 'delete:role_members'])
      const roleIds = rolesBody(await body())
      const userId = userAt(tenant, id)
      // Roles the user does not hold (or that do not exist) are ignored (**[?]**).
      for (const roleId of roleIds) tenant.rbac.members.unassign(roleId, userId)
      return NO_CONTENT
    },
  },
  {
    method: 'GET',
    pattern: USER_PERMISSIONS,
    handler: async ({ tenant, principal, query }, { id }) => {
      requireScope(principal, ['read:users'])
      const userId = userAt(tenant, id)
      const permissions = [...tenant.rbac.effectivePermissions(userId)]
        .map(([permission, sources]) => ({
          ...tenant.rbac.describePermission(permission),
          sources: sources.map((roleId) => describeSource(tenant, roleId)),
        }))
        .sort(comparePermissions)
      return { status: 200, body: offsetPage(permissions, query, 'permissions', 'items-first') }
    },
  },
  {
    method: 'POST',
    pattern: USER_PERMISSIONS,
    handler: async ({ tenant, principal, body }, { id }) => {
      requireScope(principal, ['update:users'])
      const requested = permissionsBody(await body())
      const userId = userAt(tenant, id)
      const permissions: PermissionRef[] = tenant.rbac.checkPermissions(requested)
      if (tenant.rbac.userPermissions.sizeAfter(userId, permissions) > MAX_USER_PERMISSIONS) {
        throw new ApiError(
          400,
          `A user can have at most ${MAX_USER_PERMISSIONS} directly assigned permissions.`,
          'invalid_body',
        )
      }
      tenant.rbac.userPermissions.add(userId, permissions)
      return { status: 201, body: {}, persist: true }
    },
  },
  {
    method: 'DELETE',
    pattern: USER_PERMISSIONS,
    handler: async ({ tenant, principal, body }, { id }) => {
      requireScope(principal, ['update:users'])
      const permissions = permissionsBody(await body())
      const userId = userAt(tenant, id)
      // Direct assignments only: a permission held through a role stays (Auth0's model).
      tenant.rbac.userPermissions.remove(userId, canonical(tenant, permissions))
      return NO_CONTENT
    },
  },
]

/** A `sources` entry: direct (recorded) or through a role (**[I]** shape). */
function describeSource(tenant: Tenant, roleId: string): Record<string, string> {
  if (roleId === '') return { source_id: '', source_name: '', source_type: 'DIRECT' }
  const name = tenant.rbac.roles.get(roleId)?.name ?? ''
  return { source_id: roleId, source_name: name, source_type: 'ROLE' }
}
