import type { HttpClient } from '../http/http-client.js'
import type { ApiRequest, ApiResponse, QueryParams } from '../http/types.js'
import { checkpointPage, oneRecord, totalledPage } from './answer-shape.js'
import { pathSegment } from './path-segment.js'

type RoleRecord = Record<string, unknown>

/**
 * Every path of the roles endpoints, built here and nowhere else (ids checked and encoded by
 * {@link pathSegment} before any request; answers checked for shape).
 *
 * @example
 * await new RolesApi(http).get('rol_1') // GET /api/v2/roles/rol_1
 */
export class RolesApi {
  readonly #http: HttpClient

  constructor(http: HttpClient) {
    this.#http = http
  }

  /** GET /roles/{id}. */
  async get(id: string): Promise<RoleRecord> {
    const { data } = await this.#http.request<unknown>({ method: 'GET', path: rolePath(id) })
    return oneRecord(data, 'id', 'one role')
  }

  /** POST /roles (Auth0 answers 200 with the role). */
  async create(body: Record<string, unknown>): Promise<RoleRecord> {
    const { data } = await this.#http.request<unknown>({ method: 'POST', path: '/roles', body })
    return oneRecord(data, 'id', 'the created role')
  }

  /** PATCH /roles/{id}: the updated role. */
  async update(id: string, body: Record<string, unknown>): Promise<RoleRecord> {
    const { data } = await this.#http.request<unknown>({
      method: 'PATCH',
      path: rolePath(id),
      body,
    })
    return oneRecord(data, 'id', 'the updated role')
  }

  /** DELETE /roles/{id} (an unknown role is a 404 here, unlike users). */
  delete(id: string): Promise<ApiResponse<unknown>> {
    return this.#http.request<unknown>({ method: 'DELETE', path: rolePath(id) })
  }

  /** The GET /roles request for one page (no I/O: query sets compile to this). */
  listRequest(params: QueryParams): ApiRequest {
    return { method: 'GET', path: '/roles', params }
  }

  /** Sends a {@link listRequest} and reads the page. */
  async list(request: ApiRequest): Promise<{ records: RoleRecord[]; total: number }> {
    const { data } = await this.#http.request<unknown>(request)
    return totalledPage(data, 'roles', 'roles')
  }
  /** The GET /roles/{id}/permissions request for one page (offset, with totals). */
  permissionsRequest(id: string, params: QueryParams): ApiRequest {
    return { method: 'GET', path: `${rolePath(id)}/permissions`, params }
  }

  /** Sends a {@link permissionsRequest} and reads the page. */
  async permissionsPage(request: ApiRequest): Promise<{ records: RoleRecord[]; total: number }> {
    const { data } = await this.#http.request<unknown>(request)
    return totalledPage(data, 'permissions', 'permissions')
  }

  /** POST /roles/{id}/permissions (201 `{}`). */
  async addPermissions(id: string, permissions: readonly PermissionRef[]): Promise<void> {
    const body = { permissions }
    await this.#http.request<unknown>({ method: 'POST', path: `${rolePath(id)}/permissions`, body })
  }

  /** DELETE /roles/{id}/permissions with the permissions in the body (204). */
  async removePermissions(id: string, permissions: readonly PermissionRef[]): Promise<void> {
    const body = { permissions }
    await this.#http.request<unknown>({
      method: 'DELETE',
      path: `${rolePath(id)}/permissions`,
      body,
    })
  }

  /** The GET /roles/{id}/users request for one checkpoint page (`from`/`take`). */
  usersRequest(id: string, params: QueryParams): ApiRequest {
    return { method: 'GET', path: `${rolePath(id)}/users`, params }
  }

  /** Sends a {@link usersRequest}: the users and the next cursor (absent on the last page). */
  async usersPage(request: ApiRequest): Promise<{ records: RoleRecord[]; next?: string }> {
    const { data } = await this.#http.request<unknown>(request)
    return checkpointPage(data, 'users', 'users of a role')
  }

  /** POST /roles/{id}/users `{users}` (200 `{}`); at most {@link ROLE_USERS_BATCH} per request. */
  async assignUsers(id: string, userIds: readonly string[]): Promise<ApiResponse<unknown>> {
    const body = { users: userIds }
    return this.#http.request<unknown>({ method: 'POST', path: `${rolePath(id)}/users`, body })
  }
}

/**
 * Most user ids one `POST /roles/{id}/users` carries. Auth0 publishes no limit; the emulator
 * accepts 1000 (its README says why), so batches of 1000 are safe on both.
 */
export const ROLE_USERS_BATCH = 1000

/** A permission in Auth0's request bodies. */
export interface PermissionRef {
  resource_server_identifier: string
  permission_name: string
}

/** The path of one role: `/roles/rol_1`. */
export function rolePath(id: string): string {
  return `/roles/${pathSegment(id, 'role id')}`
}
