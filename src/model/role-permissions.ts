import type { RolesApi } from '../api/roles-api.js'
import { permissionKey, permissionRefs, type PermissionRef } from './permission-ref.js'
import { PermissionsRelation, type Permission } from './permissions-relation.js'

export type { Permission } from './permissions-relation.js'

/**
 * `role.permissions`, Django's related manager: `all()` is a lazy set over
 * GET /roles/{id}/permissions; `add`, `remove` and `set` are immediate and send the fewest
 * requests (`set` at most one POST and one DELETE: the difference only).
 *
 * @example
 * await editor.permissions.add({ resource_server_identifier: 'https://reports.example', permission_name: 'read:reports' })
 * // POST /roles/rol_…/permissions {"permissions":[{…}]}
 */
export class RolePermissions extends PermissionsRelation<Permission> {
  constructor(api: RolesApi, roleId: () => string) {
    super(api, roleId)
  }

  /** Makes the role hold exactly `permissions`: reads them, then one POST and one DELETE at most. */
  async set(permissions: readonly PermissionRef[]): Promise<void> {
    const wanted = new Map(permissionRefs(permissions).map((p) => [permissionKey(p), p]))
    const held = new Map(
      permissionRefs(await this.all().toArray()).map((p) => [permissionKey(p), p]),
    )
    const toAdd = [...wanted].filter(([key]) => !held.has(key)).map(([, p]) => p)
    const toRemove = [...held].filter(([key]) => !wanted.has(key)).map(([, p]) => p)
    await this.add(...toAdd)
    await this.remove(...toRemove)
  }
}
