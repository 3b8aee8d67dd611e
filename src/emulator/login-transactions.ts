import { randomBytes } from 'node:crypto'
import type { Clock } from './clock.js'
import { ExpiringMap } from './expiring-map.js'

/** A validated /authorize request waiting for the person to log in. */
export interface LoginTransaction {
  clientId: string
  redirectUri: string
  /** The client's `state`, echoed back on the redirect. */
  state: string | undefined
  codeChallenge: string | undefined
  /** The API identifier; undefined for a login without an audience. */
  audience: string | undefined
  /** Requested scopes, space-separated as sent. */
  scope: string
  /** The OIDC `nonce`, for the ID token. */
  nonce: string | undefined
}

/** How long the login page stays usable, as Universal Login's transaction does ([?] 10 min). */
const TRANSACTION_LIFETIME_MS = 10 * 60_000

/** At most this many pending logins ([I]: the oldest goes first). */
export const MAX_TRANSACTIONS = 10_000

/**
 * Pending logins, keyed by the opaque `state` of `/u/login?state=…` (Universal Login's own
 * transaction id, distinct from the client's `state`). A transaction ends with the first
 * successful login or a rule's refusal; at most {@link MAX_TRANSACTIONS} wait at once.
 */
export class LoginTransactions {
  readonly #pending: ExpiringMap<LoginTransaction>

  constructor(now: Clock, max = MAX_TRANSACTIONS) {
    this.#pending = new ExpiringMap(now, TRANSACTION_LIFETIME_MS, max)
  }

  start(transaction: LoginTransaction): string {
    const id = randomBytes(18).toString('base64url')
    this.#pending.set(id, transaction)
    return id
  }

  get(id: string): LoginTransaction | undefined {
    return this.#pending.get(id)
  }

  end(id: string): void {
    this.#pending.delete(id)
  }
}
