import type { RolesApi } from '../api/roles-api.js'
import { offsetListCollection } from '../query/offset-list-collection.js'
import { QueryExecutor } from '../query/query-executor.js'
import { RecordQuerySet } from '../query/record-query-set.js'
import { permissionKey, permissionRefs, type PermissionRef } from './permission-ref.js'

/** A permission as Auth0 lists it: the reference plus the API's name and the scope's description. */
export type Permission = PermissionRef & {
  description?: string
  resource_server_name?: string
}

/**
 * `role.permissions`, Django's related manager: `all()` is a lazy set over
 * GET /roles/{id}/permissions; `add`, `remove` and `set` are immediate and send the fewest
 * requests (`set` at most one POST and one DELETE: the difference only).
 *
 * @example
 * await editor.permissions.add({ resource_server_identifier: 'https://reports.example', permission_name: 'read:reports' })
 * // POST /roles/rol_…/permissions {"permissions":[{…}]}
 */
export class RolePermissions {
  readonly #api: RolesApi
  readonly #roleId: () => string

  constructor(api: RolesApi, roleId: () => string) {
    this.#api = api
    this.#roleId = roleId
  }

  all(): RecordQuerySet<Permission> {
    const id = this.#roleId()
    const api = this.#api
    const collection = offsetListCollection<Permission>({
      noun: 'permissions',
      idField: 'permission_name',
      filters: {},
      projects: false,
      request: (params) => api.permissionsRequest(id, params),
      fetch: (request) => api.permissionsPage(request),
      hydrate: (record) => record as unknown as Permission,
    })
    return new RecordQuerySet(new QueryExecutor(collection))
  }

  /** POST the permissions (none: no request). */
  async add(...permissions: PermissionRef[]): Promise<void> {
    const refs = permissionRefs(permissions)
    if (refs.length > 0) await this.#api.addPermissions(this.#roleId(), refs)
  }

  /** DELETE the permissions (none: no request). */
  async remove(...permissions: PermissionRef[]): Promise<void> {
    const refs = permissionRefs(permissions)
    if (refs.length > 0) await this.#api.removePermissions(this.#roleId(), refs)
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
