import type { ConnectionRegistry } from './connections.js'
import { buildNewUser } from './create-user.js'
import { hasProtoKey } from './own-keys.js'
import { orderUserKeys, type UserRecord } from './user-defaults.js'
import { createUserSchema } from './user-schemas.js'

/**
 * Builds seed users: the POST /users attributes go through the normal create path (defaults,
 * validation — but no password needed), every other attribute (`logins_count`, `last_login`,
 * `created_at`, …) is stored as given, so tests can seed realistic profiles.
 */
export function buildSeedUser(
  seed: Record<string, unknown>,
  connections: ConnectionRegistry,
  nowMs: number,
): UserRecord {
  // Refused as the API refuses it (400): such a key would otherwise reach a prototype.
  if (hasProtoKey(seed)) throw new Error('A seed user holds a "__proto__" key')
  const payload: Record<string, unknown> = { connection: connections.default.name }
  const extra: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(seed)) {
    if (key === 'user_id' && typeof value === 'string')
      payload.user_id = value.replace(/^auth0\|/, '')
    else if (Object.hasOwn(createUserSchema.properties, key)) payload[key] = value
    else extra[key] = value
  }
  const user = buildNewUser(payload, connections, nowMs, { checkPassword: false })
  return orderUserKeys({ ...user, ...extra })
}
