/** What a token store keeps: enough to reuse a token until it expires. */
export interface StoredToken {
  access_token: string
  /** Unix seconds. */
  expires_at: number
}

/**
 * A cache of access tokens, keyed by {@link tokenKey}. Implement it to share tokens through
 * Redis, a secrets manager, etc.; {@link MemoryTokenStore} and `FileTokenStore` ship with auth0plus.
 */
export interface TokenStore {
  get(key: string): Promise<StoredToken | undefined>
  set(key: string, token: StoredToken): Promise<void>
  delete(key: string): Promise<void>
}

/** The default store: tokens live as long as the process. */
export class MemoryTokenStore implements TokenStore {
  readonly #tokens = new Map<string, StoredToken>()

  async get(key: string): Promise<StoredToken | undefined> {
    const token = this.#tokens.get(key)
    return token && { ...token }
  }

  async set(key: string, token: StoredToken): Promise<void> {
    this.#tokens.set(key, { access_token: token.access_token, expires_at: token.expires_at })
  }

  async delete(key: string): Promise<void> {
    this.#tokens.delete(key)
  }
}
