/**
 * Brute-force protection as the password grants see it: a counter of failed logins per
 * (identifier, source IP), Auth0's "Block Brute-force Logins". The emulator's own guard lives
 * beside the login page; any object of this shape can be plugged in through the tenant.
 *
 * `userKey` is the lower-cased identifier (e-mail or username) prefixed by the connection, so
 * the same e-mail in two connections counts apart; `ip` is `auth0-forwarded-for` when the
 * client sends it (server-side ROPG), else the socket's address.
 */
export interface LoginGuard {
  /** True while this identifier is blocked from this IP: the attempt is refused unchecked. */
  isBlocked(userKey: string, ip: string): boolean
  /** Counts a failed attempt; `'blocked'` when it reached the threshold. */
  recordFailure(userKey: string, ip: string): 'blocked' | 'counted'
  /** A successful login resets the counter. */
  recordSuccess(userKey: string, ip: string): void
}

/** The key a guard counts under. */
export function guardKey(connection: string, identifier: string): string {
  return `${connection}\u0000${identifier.toLowerCase()}`
}
