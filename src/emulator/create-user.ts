import { ApiError, connectionNotFound } from './api-error.js'
import type { ConnectionRegistry } from './connections.js'
import { setOwn } from './own-keys.js'
import { assertPasswordStrength } from './password-policy.js'
import { validateObject } from './schema-validation.js'
import {
  defaultPicture,
  isoTimestamp,
  newObjectId,
  orderUserKeys,
  type UserRecord,
} from './user-defaults.js'
import { createUserSchema } from './user-schemas.js'

/** Request-only fields: they steer creation but are not part of the profile. */
const NOT_STORED = new Set(['connection', 'password', 'verify_email', 'user_id'])

/**
 * Validates a POST /users body and builds the profile Auth0 would store, with its defaults:
 * `auth0|` + ObjectId, one identity, `name` = email, `nickname` = the email's local part,
 * a gravatar picture, `email_verified: false`, `created_at == updated_at` (ms), email lower-cased.
 *
 * @example
 * buildNewUser({ connection: 'Username-Password-Authentication', email: 'Ann@X.io', password: 'Passw0rd!' }, ...)
 * // → { created_at, email: 'ann@x.io', email_verified: false, identities: [...], name: 'ann@x.io', nickname: 'ann', ... }
 */
export function buildNewUser(
  body: unknown,
  connections: ConnectionRegistry,
  nowMs: number,
  { checkPassword = true }: { checkPassword?: boolean } = {},
): UserRecord {
  validateObject(body, createUserSchema, 'Payload')
  const input = body as Record<string, unknown>
  const connection = connections.byName(input.connection as string)
  if (connection === undefined) throw connectionNotFound()
  for (const key of ['email', ...(checkPassword ? ['password'] : [])]) {
    if (input[key] === undefined) {
      throw new ApiError(
        400,
        `Payload validation error: 'Missing required property: ${key}'.`,
        'invalid_body',
      )
    }
  }
  if (connection.requiresUsername && input.username === undefined) {
    throw new ApiError(
      400,
      "Payload validation error: 'Missing required property: username'.",
      'invalid_body',
    )
  }
  if (!connection.requiresUsername && input.username !== undefined) {
    throw new ApiError(
      400,
      'Cannot set username for connection without requires_username',
      'invalid_body',
    )
  }
  if (typeof input.password === 'string')
    assertPasswordStrength(input.password, connection.passwordPolicy)

  const email = (input.email as string).toLowerCase()
  const hex =
    typeof input.user_id === 'string' && input.user_id !== '' ? input.user_id : newObjectId(nowMs)
  const timestamp = isoTimestamp(nowMs)
  const user: UserRecord = {}
  for (const [key, value] of Object.entries(input))
    if (!NOT_STORED.has(key)) setOwn(user, key, value)
  Object.assign(user, {
    email,
    email_verified: input.email_verified ?? false,
    user_id: `auth0|${hex}`,
    identities: [{ connection: connection.name, user_id: hex, provider: 'auth0', isSocial: false }],
    name: input.name ?? email,
    nickname: input.nickname ?? email.split('@')[0],
    picture: input.picture ?? defaultPicture(email, input.name as string | undefined),
    created_at: timestamp,
    updated_at: timestamp,
  })
  if (typeof input.username === 'string') user.username = input.username.toLowerCase()
  return orderUserKeys(user)
}
