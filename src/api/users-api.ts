import type { HttpClient } from '../http/http-client.js'
import type { ApiRequest, ApiResponse, QueryParams } from '../http/types.js'
import { oneRecord, recordList, totalledPage } from './answer-shape.js'
import { pathSegment } from './path-segment.js'

type UserRecord = Record<string, unknown>

/** One page of a users search: the records and Auth0's `include_totals` total. */
export interface UsersPage {
  records: UserRecord[]
  /** Absent when the request did not ask for it (`include_totals` not true): a bare list. */
  total?: number
}

/**
 * Every path of the users endpoints, built here and nowhere else. Ids are checked and encoded
 * by {@link pathSegment} before any request; answers are checked for the shape the layers
 * above rely on.
 *
 * @example
 * const users = new UsersApi(http)
 * await users.get('auth0|64f1') // GET /api/v2/users/auth0%7C64f1
 */
export class UsersApi {
  readonly #http: HttpClient

  constructor(http: HttpClient) {
    this.#http = http
  }

  /** GET /users/{id}: one user record. */
  async get(id: string): Promise<UserRecord> {
    const { data } = await this.#http.request<unknown>({ method: 'GET', path: userPath(id) })
    return oneRecord(data, 'user_id', 'one user')
  }

  /** POST /users: the created user. */
  async create(body: Record<string, unknown>): Promise<UserRecord> {
    const { data } = await this.#http.request<unknown>({ method: 'POST', path: '/users', body })
    return oneRecord(data, 'user_id', 'the created user')
  }

  /** PATCH /users/{id}: the updated user. */
  async update(id: string, body: Record<string, unknown>): Promise<UserRecord> {
    const response = await this.patch(id, body)
    return oneRecord(response.data, 'user_id', 'the updated user')
  }

  /** PATCH /users/{id}, answer and rate-limit headers as they came (for paced bulk jobs). */
  patch(id: string, body: Record<string, unknown>): Promise<ApiResponse<unknown>> {
    return this.#http.request<unknown>({ method: 'PATCH', path: userPath(id), body })
  }

  /** DELETE /users/{id}. Auth0 answers 204 also when the user is already gone. */
  delete(id: string): Promise<ApiResponse<unknown>> {
    return this.#http.request<unknown>({ method: 'DELETE', path: userPath(id) })
  }

  /** GET /users-by-email: exact, immediately consistent, every connection. */
  async byEmail(email: string): Promise<UserRecord[]> {
    const { data } = await this.#http.request<unknown>({
      method: 'GET',
      path: '/users-by-email',
      params: { email },
    })
    return recordList(data, 'users')
  }

  /** The GET /users search request for `params` (no I/O: query sets compile to this). */
  searchRequest(params: QueryParams): ApiRequest {
    return { method: 'GET', path: '/users', params }
  }

  /** Sends a {@link searchRequest} and reads the page. */
  async search(request: ApiRequest): Promise<UsersPage> {
    const { data } = await this.#http.request<unknown>(request)
    if (request.params?.include_totals !== true) return { records: recordList(data, 'users') }
    return totalledPage(data, 'users', 'users')
  }
}

/** The path of one user: `/users/auth0%7C64f1`. */
export function userPath(id: string): string {
  return `/users/${pathSegment(id, 'user id')}`
}
