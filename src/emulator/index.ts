/**
 * `auth0plus/emulator`: a local Auth0 tenant on loopback for tests, executable docs and the CLI.
 * See README.md beside this file for every option and behaviour.
 */
export { startEmulator } from './start-emulator.js'
export type { EmulatorOptions, RunningEmulator } from './options.js'
export type { BruteForceOptions } from './brute-force.js'
export type { AppType, ClientOptions } from './clients.js'
export { USERS_SCOPES } from './clients.js'
export { LIFECYCLE_SCOPES } from './lifecycle-scopes.js'
export type { ConnectionOptions } from './connections.js'
export type { FaultKind, FaultOptions } from './faults.js'
export type { LoginRuleOptions } from './login-rule.js'
export type { PasswordPolicy } from './password-policy.js'
export type { RateLimitOption, RateLimitPreset } from './rate-limit-plans.js'
export type { BucketSpec } from './rate-limiter.js'
export type { Clock } from './clock.js'
export type { OutboxReader, SentEmail } from './outbox.js'
export type { AuthenticationMethodSeed } from './authentication-methods.js'
