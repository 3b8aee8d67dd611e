import type { BruteForceOptions } from './brute-force.js'
import type { ClientOptions } from './clients.js'
import type { Clock } from './clock.js'
import type { ConnectionOptions } from './connections.js'
import type { FaultOptions } from './faults.js'
import type { LoginRuleOptions } from './login-rule.js'
import type { OutboxReader, SentEmail } from './outbox.js'
import type { PasswordPolicy } from './password-policy.js'
import type { RateLimitOption } from './rate-limit-plans.js'
import type { ClientGrantSeed, RoleSeed } from './seed-rbac.js'

/** `startEmulator` options. Every one is optional; see the emulator README for each default. */
export interface EmulatorOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number
  /**
   * Serve HTTPS with a certificate signed by a local CA (exposed as `caCert`): the `ca` option's,
   * else the one kept beside `dataFile`, else a fresh one. Default false.
   */
  https?: boolean
  /** The CA that signs the HTTPS certificate (PEMs), e.g. shared by several emulators. */
  ca?: { cert: string; key: string }
  /** Rate limiting: `false` (default), `'free'`, `'essentials'`, `'enterprise'` or `{ burst, perSecond }`. */
  rateLimit?: RateLimitOption
  /** How long a write takes to show up in GET /users search results. Default 0. */
  indexDelayMs?: number
  /** Persist the tenant in this file: a snapshot plus a journal each write appends to (README, "Persistence"). */
  dataFile?: string
  /** Compact the data file's journal once it holds this many bytes. Default: the snapshot's size, at least 4 MiB. */
  compactAfterBytes?: number
  /** Inject failures into a share of Management API requests, reproducibly. */
  faults?: FaultOptions
  /** Users to create at start when the tenant is empty (POST /users bodies, plus any stored attribute); any iterable, so a generator can seed a million without holding the seeds. */
  users?: Iterable<Record<string, unknown>>
  /** APIs to create at start when the tenant has no RBAC data yet (POST /resource-servers bodies). */
  resourceServers?: readonly Record<string, unknown>[]
  /** Roles to create at start (with permissions, and users by id or e-mail) when the tenant has no RBAC data yet. */
  roles?: readonly RoleSeed[]
  /** Client grants to seeded APIs, created at start with them. */
  clientGrants?: readonly ClientGrantSeed[]
  /** The default client's credentials; random (or the data file's) when omitted. */
  clientId?: string
  clientSecret?: string
  /** Further clients of any type (M2M, regular web, SPA, native); default: the data file's, else none. */
  clients?: readonly ClientOptions[]
  /** The tenant's Allowed Logout URLs (`/v2/logout` without `client_id`). Default none. */
  allowedLogoutUrls?: readonly string[]
  /** A rule run at each login: Management API tokens only for users with a role, through flagged apps. */
  loginRule?: LoginRuleOptions
  /** Brute-force protection of logins: `{ threshold }` (default 10 failures per e-mail and IP), or `false`. */
  bruteForce?: BruteForceOptions | false
  /** Database connections; the first is the default. Default: the data file's, else `['Username-Password-Authentication']`. */
  connections?: readonly (string | ConnectionOptions)[]
  /** Password strength policy of every connection that sets none. Default `'fair'`. */
  passwordPolicy?: PasswordPolicy
  /** Access token lifetime. Default 86400 (Auth0's default for the Management API). */
  tokenLifetimeSeconds?: number
  /** How long an export or verification-email job stays `pending`. Default 0 (completed at the first GET /jobs/{id}). */
  exportDelayMs?: number
  /**
   * Pace of users import jobs, in users per second of the `now` clock. Default: none (a job
   * imports as fast as the machine goes, in batches between other requests).
   */
  importUsersPerSecond?: number
  /** Names the export files (`<tenantName>.json.gz`). Default `'emulator'`. */
  tenantName?: string
  /** Request targets longer than this get 414. Default 16384. */
  maxUrlLength?: number
  /** The clock (ms since the epoch) for tokens, rate limits, index lag, timestamps. Default `Date.now`. */
  now?: Clock
}

/** A running emulated tenant. */
export interface RunningEmulator {
  /** `http://127.0.0.1:PORT` (`https://…` in HTTPS mode): what to give a client as its domain. */
  domain: string
  port: number
  /** The audience clients request: `https://127.0.0.1:PORT/api/v2/`. */
  audience: string
  /** The default M2M client, granted every scope the emulator knows (users, connections, roles, APIs, client grants). */
  clientId: string
  clientSecret: string
  /** The default database connection's name. */
  connection: string
  /** With `https: true`: the CA certificate (PEM) to trust. */
  caCert: string | undefined
  /** With `https: true` and a data file: the CA certificate's file beside it. */
  caFile: string | undefined
  /** E-mails the tenant would have sent (signup verification, password resets), oldest first; the last 100. */
  sentEmails(): SentEmail[]
  /** The e-mails the tenant would have sent (verification, password reset, blocked account). */
  outbox: OutboxReader
  /** Closes the server and its connections and waits for the data file to be written. */
  stop(): Promise<void>
}
