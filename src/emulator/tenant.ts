import type { IncomingMessage } from 'node:http'
import type { Principal } from './auth.js'
import type { AuthenticationMethods } from './authentication-methods.js'
import type { AuthorizationCodes } from './authorization-codes.js'
import type { BruteForceGuard } from './brute-force.js'
import type { Client } from './clients.js'
import type { Clock } from './clock.js'
import type { ConnectionRegistry } from './connections.js'
import type { ExportJobs } from './export-jobs.js'
import type { ImportJobs } from './import-jobs.js'
import type { SigningKey } from './jwt.js'
import type { LogStore } from './log-events.js'
import type { LoginRuleOptions } from './login-rule.js'
import type { LoginTransactions } from './login-transactions.js'
import type { Outbox } from './outbox.js'
import type { PasswordStore } from './passwords.js'
import type { Rbac } from './rbac.js'
import type { RateLimits } from './rate-limit-plans.js'
import type { RefreshTokens } from './refresh-tokens.js'
import type { SearchIndex } from './search-index.js'
import type { TicketStore } from './tickets.js'
import type { UserStore } from './user-store.js'
import type { VerificationEmailJobs } from './verification-email-jobs.js'

/** Everything one running emulated tenant holds; route handlers receive it. */
export interface Tenant {
  now: Clock
  store: UserStore
  index: SearchIndex
  connections: ConnectionRegistry
  clients: ReadonlyMap<string, Client>
  signingKey: SigningKey
  jobs: ExportJobs
  /** Users import jobs (multipart upload, paced by the clock). */
  importJobs: ImportJobs
  rateLimits: RateLimits
  tokenLifetimeSeconds: number
  /** Users' password digests (never part of a profile). */
  passwords: PasswordStore
  /** Pending Universal Login transactions and issued authorization codes. */
  logins: LoginTransactions
  codes: AuthorizationCodes
  /** Roles, APIs, permissions and client grants; also the internal API for tokens (README, "RBAC for tokens"). */
  rbac: Rbac
  /** Failed-login counting and blocks; undefined when `bruteForce: false`. */
  bruteForce: BruteForceGuard | undefined
  /** The Management API login rule, when configured. */
  loginRule: LoginRuleOptions | undefined
  /** Issued refresh tokens (bounded, in memory). */
  refreshTokens: RefreshTokens
  /** E-mails the tenant would have sent (bounded). */
  outbox: Outbox
  /** The tenant's Allowed Logout URLs (for `/v2/logout` without `client_id`). */
  allowedLogoutUrls: readonly string[]
  /** Account lifecycle: the log, tickets, verification jobs, MFA methods. */
  logs: LogStore
  tickets: TicketStore
  verificationJobs: VerificationEmailJobs
  authenticationMethods: AuthenticationMethods
  /** `http(s)://127.0.0.1:PORT`, known once the server listens. */
  origin(): string
  /**
   * Accepts the audiences the Management API answers to (see README, "Tokens and audience"):
   * the emulator's own loopback names with its port, and a loopback `Host` header's name (never
   * a foreign one); see `isManagementAudience`.
   */
  isAudience(audience: string, hostHeader?: string): boolean
}

/** One authenticated Management API request, as handlers see it. */
export interface ApiContext {
  tenant: Tenant
  principal: Principal
  query: URLSearchParams
  req: IncomingMessage
  /** Reads and parses the body (JSON or form); throws Auth0's 400/413/415. */
  body(): Promise<unknown>
}
