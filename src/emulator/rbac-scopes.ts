import { ApiError } from './api-error.js'
import type { Principal } from './auth.js'

/** The Management API scopes of roles, APIs and client grants; the default client has them all. */
export const RBAC_SCOPES = [
  'read:roles',
  'create:roles',
  'update:roles',
  'delete:roles',
  'read:role_members',
  'create:role_members',
  'delete:role_members',
  'read:resource_servers',
  'create:resource_servers',
  'update:resource_servers',
  'delete:resource_servers',
  'read:client_grants',
  'create:client_grants',
  'update:client_grants',
  'delete:client_grants',
] as const

/**
 * 403 unless the caller holds every scope of `allOf`. The message is the one Auth0 prints for
 * these endpoints, comma-joined without spaces like its "any of" message:
 * `Insufficient scope, expected all of: read:users,read:roles`.
 */
export function requireAllScopes(principal: Principal, allOf: readonly string[]): void {
  if (allOf.every((scope) => principal.scopes.has(scope))) return
  throw new ApiError(
    403,
    `Insufficient scope, expected all of: ${allOf.join(',')}`,
    'insufficient_scope',
  )
}
