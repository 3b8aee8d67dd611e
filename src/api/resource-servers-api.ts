import type { HttpClient } from '../http/http-client.js'
import type { ApiRequest, ApiResponse, QueryParams } from '../http/types.js'
import { oneRecord, totalledPage } from './answer-shape.js'
import { pathSegment } from './path-segment.js'

type ApiRecord = Record<string, unknown>

/**
 * Every path of the resource servers (APIs) endpoints. `/resource-servers/{id}` takes the id or
 * the identifier (the audience), percent-encoded as one segment.
 *
 * @example
 * await new ResourceServersApi(http).get('https://reports.example/')
 * // GET /api/v2/resource-servers/https%3A%2F%2Freports.example%2F
 */
export class ResourceServersApi {
  readonly #http: HttpClient

  constructor(http: HttpClient) {
    this.#http = http
  }

  /** GET /resource-servers/{id or identifier}. */
  async get(idOrIdentifier: string): Promise<ApiRecord> {
    const path = resourceServerPath(idOrIdentifier)
    const { data } = await this.#http.request<unknown>({ method: 'GET', path })
    return oneRecord(data, 'identifier', 'one resource server')
  }

  /** POST /resource-servers: 201 with Auth0's defaults filled. */
  async create(body: Record<string, unknown>): Promise<ApiRecord> {
    const { data } = await this.#http.request<unknown>({
      method: 'POST',
      path: '/resource-servers',
      body,
    })
    return oneRecord(data, 'identifier', 'the created resource server')
  }

  /** PATCH /resource-servers/{id}: the updated API (`scopes` replaces the whole list). */
  async update(id: string, body: Record<string, unknown>): Promise<ApiRecord> {
    const path = resourceServerPath(id)
    const { data } = await this.#http.request<unknown>({ method: 'PATCH', path, body })
    return oneRecord(data, 'identifier', 'the updated resource server')
  }

  /** DELETE /resource-servers/{id}: 204, also when it is already gone. */
  delete(id: string): Promise<ApiResponse<unknown>> {
    return this.#http.request<unknown>({ method: 'DELETE', path: resourceServerPath(id) })
  }

  /** The GET /resource-servers request for one page (no I/O). */
  listRequest(params: QueryParams): ApiRequest {
    return { method: 'GET', path: '/resource-servers', params }
  }

  /** Sends a {@link listRequest} and reads the page. */
  async list(request: ApiRequest): Promise<{ records: ApiRecord[]; total: number }> {
    const { data } = await this.#http.request<unknown>(request)
    return totalledPage(data, 'resource_servers', 'resource servers')
  }
}

/** The path of one API by id or identifier. */
export function resourceServerPath(idOrIdentifier: string): string {
  return `/resource-servers/${pathSegment(idOrIdentifier, 'resource server id or identifier')}`
}
