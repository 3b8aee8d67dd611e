import type { UserRbacApi } from '../api/user-rbac-api.js'
import { offsetListCollection } from '../query/offset-list-collection.js'
import { QueryExecutor } from '../query/query-executor.js'
import { RecordQuerySet } from '../query/record-query-set.js'
import { permissionRefs, type PermissionRef } from './permission-ref.js'
import type { Permission } from './role-permissions.js'

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
export class UserPermissions {
  readonly #api: UserRbacApi
  readonly #userId: () => string

  constructor(api: UserRbacApi, userId: () => string) {
    this.#api = api
    this.#userId = userId
  }

  all(): RecordQuerySet<UserPermission> {
    const id = this.#userId()
    const api = this.#api
    const collection = offsetListCollection<UserPermission>({
      noun: 'permissions',
      idField: 'permission_name',
      filters: {},
      projects: false,
      request: (params) => api.permissionsRequest(id, params),
      fetch: (request) => api.permissionsPage(request),
      hydrate: (record) => record as unknown as UserPermission,
    })
    return new RecordQuerySet(new QueryExecutor(collection))
  }

  async add(...permissions: PermissionRef[]): Promise<void> {
    const refs = permissionRefs(permissions)
    if (refs.length > 0) await this.#api.addPermissions(this.#userId(), refs)
  }

  async remove(...permissions: PermissionRef[]): Promise<void> {
    const refs = permissionRefs(permissions)
    if (refs.length > 0) await this.#api.removePermissions(this.#userId(), refs)
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
