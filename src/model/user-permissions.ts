import type { UserRbacApi } from '../api/user-rbac-api.js'
import { permissionRefs } from './permission-ref.js'
import { PermissionsRelation, type Permission } from './permissions-relation.js'

/** Where a user's permission comes from (Auth0's `sources`). */
export interface PermissionSource {
  source_id: string
  source_name: string
  source_type: 'DIRECT' | 'ROLE'
}

/** A permission as a user's list shows it: direct and through roles, with its `sources`. */
export type UserPermission = Permission & { sources?: PermissionSource[] }

/**
 * `user.permissions` over `/users/{id}/permissions`: `all()` lists direct and role permissions
 * with their `sources`; `add`/`remove` change direct assignments only (a permission held
 * through a role stays).
 */
export class UserPermissions extends PermissionsRelation<UserPermission> {
  constructor(api: UserRbacApi, userId: () => string) {
    super(api, userId)
  }

  /** Whether the user holds `permission` on `api`, directly or through a role: one list read. */
  async has(api: string, permission: string): Promise<boolean> {
    const [ref] = permissionRefs([{ resource_server_identifier: api, permission_name: permission }])
    for await (const held of this.all()) {
      const sameApi = held.resource_server_identifier === ref!.resource_server_identifier
      if (sameApi && held.permission_name === ref!.permission_name) return true
    }
    return false
  }
}
