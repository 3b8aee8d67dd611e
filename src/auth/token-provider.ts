import { Auth0PlusError } from '../errors.js'

/**
 * Where the HTTP client gets its bearer token. `renew(stale)` is called after a 401 with the
 * token that failed; it resolves to a token that differs from `stale`.
 */
export interface TokenProvider {
  token(): Promise<string>
  renew(stale: string): Promise<string>
  /** `false` when `renew` cannot help: the HTTP client then lets a 401 surface as it is. */
  readonly renewable?: boolean
}

/**
 * A token given by the caller (`new Auth0(domain, accessToken)`). It cannot be renewed, so a
 * 401 surfaces as an `Auth0Error`.
 *
 * @example
 * const tokens = new StaticTokenProvider(process.env.AUTH0_TOKEN!)
 */
export class StaticTokenProvider implements TokenProvider {
  readonly renewable = false
  readonly #token: string

  constructor(accessToken: string) {
    if (typeof accessToken !== 'string' || accessToken === '') {
      throw new Auth0PlusError('The access token must be a non-empty string')
    }
    this.#token = accessToken
  }

  async token(): Promise<string> {
    return this.#token
  }

  async renew(_stale: string): Promise<string> {
    throw new Auth0PlusError(
      'A static access token cannot be renewed: pass { clientId, clientSecret } to renew it automatically',
    )
  }
}
