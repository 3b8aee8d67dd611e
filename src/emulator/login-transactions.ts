import { randomBytes } from 'node:crypto'
import type { Clock } from './clock.js'

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

/**
 * Pending logins, keyed by the opaque `state` of `/u/login?state=…` (Universal Login's own
 * transaction id, distinct from the client's `state`). A transaction ends with the first
 * successful login or a rule's refusal.
 */
export class LoginTransactions {
  readonly #pending = new Map<string, LoginTransaction & { expiresAt: number }>()

  constructor(private readonly now: Clock) {}

  start(transaction: LoginTransaction): string {
    const now = this.now()
    for (const [id, t] of this.#pending) if (now >= t.expiresAt) this.#pending.delete(id)
    const id = randomBytes(18).toString('base64url')
    this.#pending.set(id, { ...transaction, expiresAt: now + TRANSACTION_LIFETIME_MS })
    return id
  }

  get(id: string): LoginTransaction | undefined {
    const transaction = this.#pending.get(id)
    if (transaction === undefined || this.now() >= transaction.expiresAt) return undefined
    return transaction
  }

  end(id: string): void {
    this.#pending.delete(id)
  }
}
