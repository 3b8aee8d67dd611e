import cloneDeep from 'lodash/cloneDeep.js'
import { ApiError, connectionNotFound } from './api-error.js'
import type { ConnectionRegistry } from './connections.js'
import { setOwn } from './own-keys.js'
import { assertPasswordStrength } from './password-policy.js'
import { validateObject } from './schema-validation.js'
import { connectionOf, isoTimestamp, orderUserKeys, type UserRecord } from './user-defaults.js'
import { updateUserSchema } from './user-schemas.js'

/** The combinations Auth0 refuses in one PATCH, in the order it checks them. */
const REFUSED_PAIRS: readonly (readonly [string, string])[] = [
  ['password', 'email'],
  ['password', 'email_verified'],
  ['username', 'password'],
  ['username', 'email'],
  ['username', 'email_verified'],
]

/** Request modifiers: they steer the update and are never stored. */
const MODIFIERS = new Set([
  'password',
  'verify_email',
  'verify_phone_number',
  'connection',
  'client_id',
])

/** Validates a PATCH body before the user is looked up (Auth0 validates the payload first). */
export function validatePatch(body: unknown): Record<string, unknown> {
  validateObject(body, updateUserSchema, 'Payload')
  const patch = body as Record<string, unknown>
  for (const [a, b] of REFUSED_PAIRS) {
    if (patch[a] !== undefined && patch[b] !== undefined) {
      throw new ApiError(400, `Cannot update ${a} and ${b} simultaneously`, 'invalid_body')
    }
  }
  return patch
}

/**
 * Applies Auth0's PATCH semantics and returns the new version of `user`:
 * root attributes are replaced and `null` removes them; `user_metadata`/`app_metadata` are merged
 * one level deep, a `null` key deletes that key and `{}` removes the whole object; changing the
 * email resets `email_verified` unless it is sent too; `updated_at` always moves forward.
 *
 * @example
 * applyPatch(user, { user_metadata: { color: null, size: 'L' } }, ...)
 * // user_metadata {color:'red', lang:'fr'} → {lang:'fr', size:'L'}
 */
export function applyPatch(
  user: UserRecord,
  patch: Record<string, unknown>,
  connections: ConnectionRegistry,
  nowMs: number,
): UserRecord {
  const connection = connections.byName(connectionOf(user) ?? '')
  if (typeof patch.connection === 'string' && connections.byName(patch.connection) === undefined) {
    throw connectionNotFound()
  }
  if (patch.username !== undefined && connection !== undefined && !connection.requiresUsername) {
    throw new ApiError(
      400,
      'Cannot set username for connection without requires_username',
      'invalid_body',
    )
  }
  if (typeof patch.password === 'string' && connection !== undefined) {
    assertPasswordStrength(patch.password, connection.passwordPolicy)
  }

  const next: UserRecord = { ...user }
  for (const [key, value] of Object.entries(patch)) {
    if (MODIFIERS.has(key)) continue
    if (key === 'user_metadata' || key === 'app_metadata') {
      next[key] = mergeMetadata(user[key], value)
    } else if (value === null) {
      delete next[key]
    } else {
      setOwn(next, key, cloneDeep(value))
    }
  }
  if (typeof patch.email === 'string') {
    next.email = patch.email.toLowerCase()
    if (next.email !== user.email && patch.email_verified === undefined) next.email_verified = false
  }
  if (typeof patch.username === 'string') next.username = patch.username.toLowerCase()
  const now = isoTimestamp(Math.max(nowMs, Date.parse(String(user.updated_at)) + 1 || nowMs))
  if (patch.password !== undefined) next.last_password_reset = now
  next.updated_at = now
  return orderUserKeys(next)
}

/** First-level merge; `null` deletes a key; `{}` or `null` as the whole value removes the object. */
function mergeMetadata(current: unknown, patch: unknown): unknown {
  if (patch === null) return undefined
  const changes = patch as Record<string, unknown>
  if (Object.keys(changes).length === 0) return undefined
  const merged: Record<string, unknown> = { ...(current as Record<string, unknown> | undefined) }
  for (const [key, value] of Object.entries(changes)) {
    // Own properties only: a key named `__proto__` must stay data, never become a prototype.
    if (value === null) delete merged[key]
    else setOwn(merged, key, cloneDeep(value))
  }
  return Object.keys(merged).length === 0 ? undefined : merged
}
