import type { HttpClient } from '../http/http-client.js'
import type { ApiRequest, ApiResponse, QueryParams } from '../http/types.js'
import { oneRecord, totalledPage } from './answer-shape.js'
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
}

/** The path of one role: `/roles/rol_1`. */
export function rolePath(id: string): string {
  return `/roles/${pathSegment(id, 'role id')}`
}
