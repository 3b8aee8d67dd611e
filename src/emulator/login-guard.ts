/**
 * Brute-force protection as the password grants see it: a counter of failed logins per
 * (identifier, source IP), Auth0's "Block Brute-force Logins" (spec §5.2). Any object of this
 * shape can be plugged in as `tenant.bruteForce` (the login page's guard has it).
 *
 * `userKey` is the identifier as the user typed it (e-mail or username, trimmed; the guard
 * compares it lower-cased), the same key the login page and the user-blocks endpoints use; `ip`
 * is `auth0-forwarded-for` when the client sends it (server-side ROPG), else the socket's address.
 */
export interface LoginGuard {
  /** True while this identifier is blocked from this IP: the attempt is refused unchecked. */
  isBlocked(userKey: string, ip: string): boolean
  /** Counts a failed attempt; `'blocked'` when it reached the threshold. */
  recordFailure(userKey: string, ip: string): 'blocked' | 'counted'
  /** A successful login resets the counter. */
  recordSuccess(userKey: string, ip: string): void
}
