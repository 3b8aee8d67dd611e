import { randomBytes } from 'node:crypto'
import type { Clock } from './clock.js'

/** What a refresh token stands for. */
export interface RefreshGrant {
  clientId: string
  userId: string
  /** The API identifier, undefined for a token that only reaches `/userinfo`. */
  audience: string | undefined
  scopes: readonly string[]
}

interface Entry extends RefreshGrant {
  family: string
  expiresAt: number
  /** Exchanged already (rotation): presenting it again is reuse. */
  used: boolean
}

/**
 * [I] Auth0's non-rotating tokens never expire by default and its rotating ones live 30 days;
 * the emulator keeps every token 30 days and at most {@link MAX_REFRESH_TOKENS}, so a test that
 * loops over logins cannot grow it without bound.
 */
export const REFRESH_TOKEN_LIFETIME_MS = 30 * 24 * 3600 * 1000
export const MAX_REFRESH_TOKENS = 10_000

/**
 * Issued refresh tokens, grouped in families (a login and the tokens rotated from it). A Map in
 * insertion order is also expiry order (one lifetime for all), so each issue sweeps expired
 * tokens from the head: amortised O(1), and the oldest token goes first when the cap is hit.
 */
export class RefreshTokens {
  readonly #tokens = new Map<string, Entry>()
  readonly #families = new Map<string, Set<string>>()

  constructor(
    private readonly now: Clock,
    private readonly lifetimeMs = REFRESH_TOKEN_LIFETIME_MS,
    private readonly max = MAX_REFRESH_TOKENS,
  ) {}

  get size(): number {
    return this.#tokens.size
  }

  /** A new token; `family` continues a rotation, otherwise a new family starts. */
  issue(grant: RefreshGrant, family = randomBytes(12).toString('base64url')): string {
    this.#sweep()
    const token = randomBytes(32).toString('base64url')
    this.#tokens.set(token, {
      ...grant,
      family,
      used: false,
      expiresAt: this.now() + this.lifetimeMs,
    })
    let members = this.#families.get(family)
    if (members === undefined) this.#families.set(family, (members = new Set()))
    members.add(token)
    return token
  }

  /**
   * The live grant of `token` for `clientId`, or undefined (unknown, expired, another client's,
   * revoked). With `rotate`, the token is spent and a reuse revokes its whole family, as
   * Auth0's reuse detection does.
   */
  exchange(
    token: string,
    clientId: string,
    rotate: boolean,
  ): (RefreshGrant & { family: string }) | undefined {
    const entry = this.#tokens.get(token)
    if (entry === undefined || entry.clientId !== clientId) return undefined
    if (this.now() >= entry.expiresAt) {
      this.#remove(token)
      return undefined
    }
    if (entry.used) {
      this.revokeFamily(entry.family)
      return undefined
    }
    if (rotate) entry.used = true
    return entry
  }

  /** `/oauth/revoke`: the token's family (the grant it belongs to) goes, if it is this client's. */
  revoke(token: string, clientId: string): void {
    const entry = this.#tokens.get(token)
    if (entry !== undefined && entry.clientId === clientId) this.revokeFamily(entry.family)
  }

  /**
   * DELETE /users/{id}/refresh-tokens: every refresh token of the user goes. A scan of the
   * bounded store (at most `max` tokens): an administrator's call, not a hot path.
   */
  revokeUser(userId: string): void {
    const families = new Set<string>()
    for (const entry of this.#tokens.values())
      if (entry.userId === userId) families.add(entry.family)
    for (const family of families) this.revokeFamily(family)
  }

  revokeFamily(family: string): void {
    for (const token of this.#families.get(family) ?? []) this.#tokens.delete(token)
    this.#families.delete(family)
  }

  #remove(token: string): void {
    const entry = this.#tokens.get(token)
    if (entry === undefined) return
    this.#tokens.delete(token)
    const members = this.#families.get(entry.family)
    members?.delete(token)
    if (members?.size === 0) this.#families.delete(entry.family)
  }

  #sweep(): void {
    const now = this.now()
    for (const [token, entry] of this.#tokens) {
      if (now < entry.expiresAt && this.#tokens.size < this.max) break
      this.#remove(token)
    }
  }
}
