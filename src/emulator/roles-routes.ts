import { ApiError } from './api-error.js'
import { requireScope } from './auth.js'
import { MAX_ROLE_PERMISSIONS } from './rbac.js'
import { permissionsBody, roleBody } from './rbac-bodies.js'
import { comparePermissions, pathId } from './rbac-ids.js'
import { offsetPage } from './rbac-paging.js'
import type { Route } from './router.js'
import { describeRole, roleNotFound, type RoleRecord } from './roles-store.js'
import type { ApiContext, Tenant } from './tenant.js'

const ROLES = /^\/api\/v2\/roles\/?$/
const ROLE = /^\/api\/v2\/roles\/(?<id>[^/]+)\/?$/
const ROLE_PERMISSIONS = /^\/api\/v2\/roles\/(?<id>[^/]+)\/permissions\/?$/

/** Success answers carry Auth0's JSON content type even when empty (recorded). */
export const NO_CONTENT = {
  status: 204,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  persist: true,
} as const

/** The role named by the path, or Auth0's recorded 404. */
export function roleAt(tenant: Tenant, id: string | undefined): RoleRecord {
  const role = tenant.rbac.roles.get(pathId(id, 'ID of the role'))
  if (role === undefined) throw roleNotFound()
  return role
}

/** `/roles`, `/roles/{id}` and `/roles/{id}/permissions`, with Auth0's statuses (spec §1.9). */
export const rolesRoutes: readonly Route<ApiContext>[] = [
  {
    method: 'GET',
    pattern: ROLES,
    handler: async ({ tenant, principal, query }) => {
      requireScope(principal, ['read:roles'])
      // Case-insensitive substring (**[?]**: the OAS says only "case-insensitive").
      const filter = query.get('name_filter')?.toLowerCase() ?? ''
      const roles = tenant.rbac.roles
        .all()
        .filter((role) => role.name.toLowerCase().includes(filter))
        .map(describeRole)
      return { status: 200, body: offsetPage(roles, query, 'roles', 'items-first') }
    },
  },
  {
    method: 'POST',
    pattern: ROLES,
    handler: async ({ tenant, principal, body }) => {
      requireScope(principal, ['create:roles'])
      const input = roleBody(await body(), true)
      const role = tenant.rbac.roles.create(input.name!, input.description)
      // 200, not 201, and no `description` when none was sent (recorded).
      return { status: 200, body: { ...role }, persist: true }
    },
  },
  {
    method: 'GET',
    pattern: ROLE,
    handler: async ({ tenant, principal }, { id }) => {
      requireScope(principal, ['read:roles'])
      return { status: 200, body: describeRole(roleAt(tenant, id)) }
    },
  },
  {
    method: 'PATCH',
    pattern: ROLE,
    handler: async ({ tenant, principal, body }, { id }) => {
      requireScope(principal, ['update:roles'])
      // The payload is validated before the role is looked up (hapi order).
      const patch = roleBody(await body(), false)
      const updated = tenant.rbac.roles.update(roleAt(tenant, id), patch)
      return { status: 200, body: describeRole(updated), persist: true }
    },
  },
  {
    method: 'DELETE',
    pattern: ROLE,
    handler: async ({ tenant, principal }, { id }) => {
      requireScope(principal, ['delete:roles'])
      // Not idempotent, unlike users: an unknown role is a 404 (recorded).
      if (!tenant.rbac.deleteRole(pathId(id, 'ID of the role'))) throw roleNotFound()
      return { status: 200, body: {}, persist: true }
    },
  },
  {
    method: 'GET',
    pattern: ROLE_PERMISSIONS,
    handler: async ({ tenant, principal, query }, { id }) => {
      requireScope(principal, ['read:roles'])
      const role = roleAt(tenant, id)
      const permissions = tenant.rbac.rolePermissions
        .of(role.id)
        .map((p) => tenant.rbac.describePermission(p))
        .sort(comparePermissions)
      return { status: 200, body: offsetPage(permissions, query, 'permissions', 'items-first') }
    },
  },
  {
    method: 'POST',
    pattern: ROLE_PERMISSIONS,
    handler: async ({ tenant, principal, body }, { id }) => {
      requireScope(principal, ['update:roles'])
      const requested = permissionsBody(await body())
      const role = roleAt(tenant, id)
      const permissions = tenant.rbac.checkPermissions(requested)
      if (tenant.rbac.rolePermissions.sizeAfter(role.id, permissions) > MAX_ROLE_PERMISSIONS) {
        throw new ApiError(
          400,
          `A role can have at most ${MAX_ROLE_PERMISSIONS} permissions.`,
          'invalid_body',
        )
      }
      tenant.rbac.rolePermissions.add(role.id, permissions)
      return { status: 201, body: {}, persist: true }
    },
  },
  {
    method: 'DELETE',
    pattern: ROLE_PERMISSIONS,
    handler: async ({ tenant, principal, body }, { id }) => {
      requireScope(principal, ['update:roles'])
      const permissions = permissionsBody(await body())
      const role = roleAt(tenant, id)
      tenant.rbac.rolePermissions.remove(role.id, canonical(tenant, permissions))
      return NO_CONTENT
    },
  },
]

/** Permission references as they are stored (unknown APIs kept as sent). */
export function canonical(
  tenant: Tenant,
  permissions: ReturnType<typeof permissionsBody>,
): ReturnType<typeof permissionsBody> {
  return permissions.map((p) => ({
    resource_server_identifier: tenant.rbac.storedIdentifier(p.resource_server_identifier),
    permission_name: p.permission_name,
  }))
}
