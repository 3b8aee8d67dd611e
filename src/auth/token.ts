import { inspect, type InspectOptions } from 'node:util'

/** The fields of a client-credentials answer, plus `expires_at` computed locally. */
export interface TokenFields {
  access_token: string
  token_type: string
  expires_in: number
  /** Unix seconds, computed locally from `expires_in` when the request was sent. */
  expires_at: number
  scope?: string
}

/**
 * A Management API access token. `token.access_token` reads the token; `util.inspect`, `String`
 * and `JSON.stringify` show it as `[redacted]`, so logging a token object never leaks it.
 *
 * @example
 * const token = await getToken(domain, clientId, clientSecret)
 * new Auth0(domain, token.access_token)
 * console.log(token) // Token { access_token: '[redacted]', token_type: 'Bearer', expires_in: 86400, ... }
 */
export class Token {
  readonly #accessToken: string
  readonly token_type: string
  readonly expires_in: number
  readonly expires_at: number
  readonly scope: string | undefined

  constructor(fields: TokenFields) {
    this.#accessToken = fields.access_token
    this.token_type = fields.token_type
    this.expires_in = fields.expires_in
    this.expires_at = fields.expires_at
    this.scope = fields.scope
  }

  /** The bearer token itself. Read it explicitly; it is never part of a printed form. */
  get access_token(): string {
    return this.#accessToken
  }

  /** The token's fields with `access_token` redacted: a serialised token must not be a usable one. */
  toJSON(): Record<string, unknown> {
    const shown: Record<string, unknown> = {
      access_token: '[redacted]',
      token_type: this.token_type,
      expires_in: this.expires_in,
      expires_at: this.expires_at,
    }
    if (this.scope !== undefined) shown.scope = this.scope
    return shown
  }

  toString(): string {
    return `[Token ${this.token_type} expires_at=${this.expires_at}]`
  }

  [Symbol.for('nodejs.util.inspect.custom')](_depth: number, options: InspectOptions): string {
    return `Token ${inspect(this.toJSON(), options)}`
  }
}
