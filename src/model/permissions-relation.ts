import type { ApiRequest, QueryParams } from '../http/types.js'
import { offsetListCollection } from '../query/offset-list-collection.js'
import { QueryExecutor } from '../query/query-executor.js'
import { RecordQuerySet } from '../query/record-query-set.js'
import { permissionRefs, type PermissionRef } from './permission-ref.js'

/** A permission as Auth0 lists it: the reference plus the API's name and the scope's description. */
export type Permission = PermissionRef & {
  description?: string
  resource_server_name?: string
}

/** The permission paths of one owner kind (a role, a user), as its api module builds them. */
export interface PermissionsEndpoints {
  permissionsRequest(ownerId: string, params: QueryParams): ApiRequest
  permissionsPage(
    request: ApiRequest,
  ): Promise<{ records: Record<string, unknown>[]; total: number }>
  addPermissions(ownerId: string, permissions: readonly PermissionRef[]): Promise<void>
  removePermissions(ownerId: string, permissions: readonly PermissionRef[]): Promise<void>
}

/**
 * The permissions of one owner as Django's related manager, written once for `role.permissions`
 * and `user.permissions`: `all()` is a lazy, offset-paged set; `add` and `remove` are immediate,
 * one request each (none for an empty list), refs checked before any request.
 */
export class PermissionsRelation<P extends Permission> {
  protected readonly endpoints: PermissionsEndpoints
  protected readonly ownerId: () => string

  /** `ownerId` is read at each call, so an unsaved owner is refused before any request. */
  constructor(endpoints: PermissionsEndpoints, ownerId: () => string) {
    this.endpoints = endpoints
    this.ownerId = ownerId
  }

  all(): RecordQuerySet<P> {
    const id = this.ownerId()
    const endpoints = this.endpoints
    const collection = offsetListCollection<P>({
      noun: 'permissions',
      idField: 'permission_name',
      filters: {},
      projects: false,
      request: (params) => endpoints.permissionsRequest(id, params),
      fetch: (request) => endpoints.permissionsPage(request),
      hydrate: (record) => record as unknown as P,
    })
    return new RecordQuerySet(new QueryExecutor(collection))
  }

  /** POST the permissions (none: no request). */
  async add(...permissions: PermissionRef[]): Promise<void> {
    const refs = permissionRefs(permissions)
    if (refs.length > 0) await this.endpoints.addPermissions(this.ownerId(), refs)
  }

  /** DELETE the permissions (none: no request). */
  async remove(...permissions: PermissionRef[]): Promise<void> {
    const refs = permissionRefs(permissions)
    if (refs.length > 0) await this.endpoints.removePermissions(this.ownerId(), refs)
  }
}
