import { randomBytes } from 'node:crypto'
import type { Clock } from './clock.js'
import { ExpiringMap } from './expiring-map.js'

/** What an authorization code stands for, from the /authorize request that earned it. */
export interface CodeGrant {
  clientId: string
  redirectUri: string
  /** S256 `code_challenge`; undefined when the request had none. */
  codeChallenge: string | undefined
  userId: string
  /** The API identifier; undefined when /authorize named none (a token for /userinfo). */
  audience: string | undefined
  scopes: readonly string[]
  /** The OIDC `nonce` of the /authorize request, for the ID token. */
  nonce?: string | undefined
}

/** [?] Auth0 does not publish the lifetime of its codes; one minute is the common choice. */
export const CODE_LIFETIME_MS = 60_000

/** Codes kept at most (each needs a successful login, so this is only a backstop) [I]. */
export const MAX_CODES = 10_000

/**
 * Authorization codes: random, single use, short lived. `take` removes a code whatever comes
 * next, so a code that failed once (a wrong verifier, a wrong redirect URI) cannot be retried
 * or raced: a second attempt is always `Invalid authorization code`.
 */
export class AuthorizationCodes {
  readonly #codes: ExpiringMap<CodeGrant>

  constructor(now: Clock, lifetimeMs = CODE_LIFETIME_MS) {
    this.#codes = new ExpiringMap(now, lifetimeMs, MAX_CODES)
  }

  issue(grant: CodeGrant): string {
    const code = randomBytes(24).toString('base64url')
    this.#codes.set(code, grant)
    return code
  }

  /** The grant of a live code, consumed; undefined for an unknown, used or expired one. */
  take(code: string): CodeGrant | undefined {
    return this.#codes.take(code)
  }
}
