import type { HttpClient } from '../http/http-client.js'
import type { ApiRequest, QueryParams } from '../http/types.js'
import { totalledPage } from './answer-shape.js'
import type { PermissionRef } from './roles-api.js'
import { userPath } from './users-api.js'

type ApiRecord = Record<string, unknown>

/**
 * The paths of a user's roles and permissions: `/users/{id}/roles` and
 * `/users/{id}/permissions` (offset paging with totals; writes carry the list in the body).
 *
 * @example
 * await new UserRbacApi(http).addRoles('auth0|1', ['rol_1']) // POST /users/auth0%7C1/roles {"roles":["rol_1"]}
 */
export class UserRbacApi {
  readonly #http: HttpClient

  constructor(http: HttpClient) {
    this.#http = http
  }

  rolesRequest(userId: string, params: QueryParams): ApiRequest {
    return { method: 'GET', path: `${userPath(userId)}/roles`, params }
  }

  async rolesPage(request: ApiRequest): Promise<{ records: ApiRecord[]; total: number }> {
    const { data } = await this.#http.request<unknown>(request)
    return totalledPage(data, 'roles', 'roles')
  }

  /** POST /users/{id}/roles (204). */
  async addRoles(userId: string, roleIds: readonly string[]): Promise<void> {
    const body = { roles: roleIds }
    await this.#http.request<unknown>({ method: 'POST', path: `${userPath(userId)}/roles`, body })
  }

  /** DELETE /users/{id}/roles with the role ids in the body (204). */
  async removeRoles(userId: string, roleIds: readonly string[]): Promise<void> {
    const body = { roles: roleIds }
    const path = `${userPath(userId)}/roles`
    await this.#http.request<unknown>({ method: 'DELETE', path, body })
  }

  permissionsRequest(userId: string, params: QueryParams): ApiRequest {
    return { method: 'GET', path: `${userPath(userId)}/permissions`, params }
  }

  async permissionsPage(request: ApiRequest): Promise<{ records: ApiRecord[]; total: number }> {
    const { data } = await this.#http.request<unknown>(request)
    return totalledPage(data, 'permissions', 'permissions')
  }

  /** POST /users/{id}/permissions (201): direct assignments. */
  async addPermissions(userId: string, permissions: readonly PermissionRef[]): Promise<void> {
    const body = { permissions }
    const path = `${userPath(userId)}/permissions`
    await this.#http.request<unknown>({ method: 'POST', path, body })
  }

  /** DELETE /users/{id}/permissions (204): direct assignments only. */
  async removePermissions(userId: string, permissions: readonly PermissionRef[]): Promise<void> {
    const body = { permissions }
    const path = `${userPath(userId)}/permissions`
    await this.#http.request<unknown>({ method: 'DELETE', path, body })
  }
}
