import type { HttpClient } from '../http/http-client.js'
import type { ApiRequest, QueryParams } from '../http/types.js'
import { recordList, totalledPage } from './answer-shape.js'
import { pathSegment } from './path-segment.js'
import { userPath } from './users-api.js'

type ApiRecord = Record<string, unknown>

/** One page of an offset-paged list with its total. */
export interface TotalledPage {
  records: ApiRecord[]
  total: number
}

/**
 * A user's account sub-resources under /users/{id}: linked identities, log events,
 * authentication methods (MFA), the MFA remember-browser cookie, sessions and refresh tokens.
 * Every id is checked by {@link pathSegment} before any request.
 *
 * @example
 * const account = new UserAccountApi(http)
 * await account.unlink('auth0|64f1', 'google-oauth2', '1089')
 * // DELETE /api/v2/users/auth0%7C64f1/identities/google-oauth2/1089
 */
export class UserAccountApi {
  readonly #http: HttpClient

  constructor(http: HttpClient) {
    this.#http = http
  }

  // ---- Identities (account linking) ----

  /** POST /users/{id}/identities: links a secondary account; the primary's new identities. */
  async link(userId: string, body: ApiRecord): Promise<ApiRecord[]> {
    const { data } = await this.#http.request<unknown>({
      method: 'POST',
      path: `${userPath(userId)}/identities`,
      body,
    })
    return recordList(data, 'identities')
  }

  /** DELETE /users/{id}/identities/{provider}/{secondaryId}: the identities that remain. */
  async unlink(userId: string, provider: string, secondaryId: string): Promise<ApiRecord[]> {
    const { data } = await this.#http.request<unknown>({
      method: 'DELETE',
      path:
        `${userPath(userId)}/identities/${pathSegment(provider, 'identity provider')}` +
        `/${pathSegment(secondaryId, 'identity user id')}`,
    })
    return recordList(data, 'identities')
  }

  // ---- Log events ----

  /** The GET /users/{id}/logs request for one page (no I/O: log sets compile to this). */
  logsRequest(userId: string, params: QueryParams): ApiRequest {
    return { method: 'GET', path: `${userPath(userId)}/logs`, params }
  }

  /** Sends a {@link logsRequest}: `{ logs, total, … }` with `include_totals`. */
  async logsPage(request: ApiRequest): Promise<TotalledPage> {
    const { data } = await this.#http.request<unknown>(request)
    return totalledPage(data, 'logs', 'log events')
  }

  // ---- Authentication methods (MFA) ----

  /** The GET /users/{id}/authentication-methods request for one page. */
  authenticationMethodsRequest(userId: string, params: QueryParams): ApiRequest {
    return { method: 'GET', path: authenticationMethodsPath(userId), params }
  }

  /** Sends an {@link authenticationMethodsRequest}; an empty list comes without a total. */
  async authenticationMethodsPage(request: ApiRequest): Promise<TotalledPage> {
    const { data } = await this.#http.request<unknown>(request)
    return totalledPage(data, 'authenticators', 'authentication methods', {
      emptyOmitsTotal: true,
    })
  }

  /** DELETE /users/{id}/authentication-methods/{methodId} (204). */
  async deleteAuthenticationMethod(userId: string, methodId: string): Promise<void> {
    await this.#http.request<unknown>({
      method: 'DELETE',
      path: `${authenticationMethodsPath(userId)}/${pathSegment(methodId, 'authentication method id')}`,
    })
  }

  /** DELETE /users/{id}/authentication-methods: every method of the user (204). */
  async deleteAuthenticationMethods(userId: string): Promise<void> {
    await this.#http.request<unknown>({
      method: 'DELETE',
      path: authenticationMethodsPath(userId),
    })
  }

  /** POST /users/{id}/multifactor/actions/invalidate-remember-browser (204, no body). */
  async invalidateRememberBrowser(userId: string): Promise<void> {
    await this.#http.request<unknown>({
      method: 'POST',
      path: `${userPath(userId)}/multifactor/actions/invalidate-remember-browser`,
    })
  }

  // ---- Sessions and refresh tokens ----

  /** DELETE /users/{id}/sessions: Auth0 answers 202 and revokes them asynchronously. */
  async revokeSessions(userId: string): Promise<void> {
    await this.#http.request<unknown>({ method: 'DELETE', path: `${userPath(userId)}/sessions` })
  }

  /** DELETE /users/{id}/refresh-tokens: Auth0 answers 202 and revokes them asynchronously. */
  async revokeRefreshTokens(userId: string): Promise<void> {
    await this.#http.request<unknown>({
      method: 'DELETE',
      path: `${userPath(userId)}/refresh-tokens`,
    })
  }
}

function authenticationMethodsPath(userId: string): string {
  return `${userPath(userId)}/authentication-methods`
}
