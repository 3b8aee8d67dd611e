import { requestToken } from './get-token.js'
import type { TenantAddress } from './tenant-address.js'
import { tokenKey } from './token-key.js'
import type { TokenProvider } from './token-provider.js'
import { MemoryTokenStore, type TokenStore } from './token-store.js'

/** Options of {@link ClientCredentialsProvider}. */
export interface ClientCredentialsOptions {
  address: TenantAddress
  clientId: string
  clientSecret: string
  /** Where tokens are cached; a fresh {@link MemoryTokenStore} by default. */
  store?: TokenStore
  /**
   * Renew this many seconds before expiry (default 60), so a request never leaves with a dying
   * token; at most half the life of a freshly fetched token.
   */
  leewaySeconds?: number
  /** Milliseconds for the token request, default 10 000. */
  timeout?: number
  /** The clock, in milliseconds like `Date.now`. */
  now?: () => number
}

/**
 * Tokens from the client-credentials grant, cached in a {@link TokenStore} and renewed `leeway`
 * before they expire. Concurrent callers share one in-flight token request, and `renew(stale)`
 * fetches only if the cached token is still `stale`, so eight concurrent 401s cost one renewal.
 *
 * @example
 * const tokens = new ClientCredentialsProvider({ address: resolveTenant(domain), clientId, clientSecret })
 * await tokens.token() // POST /oauth/token once, then cached
 */
export class ClientCredentialsProvider implements TokenProvider {
  readonly renewable = true
  readonly #options: Required<Omit<ClientCredentialsOptions, 'timeout'>> & { timeout?: number }
  readonly #key: string
  /** The token in use and when to stop using it (unix seconds). */
  #current: { access_token: string; renewAt: number } | undefined
  #inflight: Promise<string> | undefined

  constructor(options: ClientCredentialsOptions) {
    this.#options = {
      ...options,
      store: options.store ?? new MemoryTokenStore(),
      leewaySeconds: options.leewaySeconds ?? 60,
      now: options.now ?? Date.now,
    }
    this.#key = tokenKey(options.address, options.clientId)
  }

  /** A token valid for at least `leeway` more seconds. */
  async token(): Promise<string> {
    if (this.#current && this.#usable(this.#current)) return this.#current.access_token
    return this.#load()
  }

  /** A token other than `stale`: the cached one if it already moved on, else a new one. */
  async renew(stale: string): Promise<string> {
    if (this.#current && this.#current.access_token !== stale && this.#usable(this.#current)) {
      return this.#current.access_token
    }
    if (this.#inflight) {
      const shared = await this.#inflight
      if (shared !== stale) return shared
    }
    return this.#load(stale)
  }

  /** One shared request; `avoid` skips a stored token equal to the one the API just refused. */
  #load(avoid?: string): Promise<string> {
    this.#inflight ??= this.#fetch(avoid).finally(() => {
      this.#inflight = undefined
    })
    return this.#inflight
  }

  async #fetch(avoid: string | undefined): Promise<string> {
    const { store, address, clientId, clientSecret, timeout, now } = this.#options
    const { leewaySeconds } = this.#options
    const stored = await store.get(this.#key)
    if (stored && stored.access_token !== avoid) {
      const current = {
        access_token: stored.access_token,
        renewAt: stored.expires_at - leewaySeconds,
      }
      if (this.#usable(current)) {
        this.#current = current
        return current.access_token
      }
    }
    const token = await requestToken(address, clientId, clientSecret, { timeout, now })
    await store.set(this.#key, { access_token: token.access_token, expires_at: token.expires_at })
    // A token living less than twice the leeway would be renewed on every call: use half its life.
    const leeway = Math.min(leewaySeconds, token.expires_in / 2)
    this.#current = { access_token: token.access_token, renewAt: token.expires_at - leeway }
    return token.access_token
  }

  #usable(current: { renewAt: number }): boolean {
    return this.#options.now() / 1000 < current.renewAt
  }
}
