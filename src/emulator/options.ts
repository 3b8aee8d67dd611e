import type { BruteForceOptions } from './brute-force.js'
import type { ClientOptions } from './clients.js'
import type { Clock } from './clock.js'
import type { ConnectionOptions } from './connections.js'
import type { FaultOptions } from './faults.js'
import type { LoginRuleOptions } from './login-rule.js'
import type { OutboxReader } from './outbox.js'
import type { PasswordPolicy } from './password-policy.js'
import type { RateLimitOption } from './rate-limit-plans.js'

/** `startEmulator` options. Every one is optional; see the emulator README for each default. */
export interface EmulatorOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number
  /** Serve HTTPS with a fresh self-signed certificate (exposed as `caCert`). Default false. */
  https?: boolean
  /** Rate limiting: `false` (default), `'free'`, `'essentials'`, `'enterprise'` or `{ burst, perSecond }`. */
  rateLimit?: RateLimitOption
  /** How long a write takes to show up in GET /users search results. Default 0. */
  indexDelayMs?: number
  /** Persist the tenant in this JSON file (loaded at start, atomically rewritten on each write). */
  dataFile?: string
  /** Inject failures into a share of Management API requests, reproducibly. */
  faults?: FaultOptions
  /** Users to create at start when the tenant is empty (POST /users bodies, plus any stored attribute). */
  users?: readonly Record<string, unknown>[]
  /** The default client's credentials; random (or the data file's) when omitted. */
  clientId?: string
  clientSecret?: string
  /** Further clients: M2M ones (e.g. with narrower scopes for 403 tests) or native apps with callbacks. */
  clients?: readonly ClientOptions[]
  /** A rule run at each login: Management API tokens only for users with a role, through flagged apps. */
  loginRule?: LoginRuleOptions
  /** Brute-force protection of logins: `{ threshold }` (default 10 failures per e-mail and IP), or `false`. */
  bruteForce?: BruteForceOptions | false
  /** Database connections; the first is the default. Default `['Username-Password-Authentication']`. */
  connections?: readonly (string | ConnectionOptions)[]
  /** Password strength policy of every connection that sets none. Default `'fair'`. */
  passwordPolicy?: PasswordPolicy
  /** Access token lifetime. Default 86400 (Auth0's default for the Management API). */
  tokenLifetimeSeconds?: number
  /** How long an export or verification-email job stays `pending`. Default 0 (completed at the first GET /jobs/{id}). */
  exportDelayMs?: number
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
  /** The default M2M client, granted every users scope. */
  clientId: string
  clientSecret: string
  /** The default database connection's name. */
  connection: string
  /** With `https: true`: the PEM certificate to trust. */
  caCert: string | undefined
  /** The e-mails the tenant would have sent (verification, password reset, blocked account). */
  outbox: OutboxReader
  /** Closes the server and its connections and waits for the data file to be written. */
  stop(): Promise<void>
}
