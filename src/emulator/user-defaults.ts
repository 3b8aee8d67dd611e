import { createHash, randomBytes } from 'node:crypto'
import { PROTO_KEY, setOwn } from './own-keys.js'

/** A user profile as stored and returned (Auth0's wire names). */
export type UserRecord = Record<string, unknown>

/**
 * A MongoDB-ObjectId-shaped id (24 hex: 4 bytes of seconds, 8 random), which is what Auth0
 * puts after `auth0|` for database users.
 */
export function newObjectId(nowMs: number): string {
  const seconds = Math.floor(nowMs / 1000)
    .toString(16)
    .padStart(8, '0')
  return seconds + randomBytes(8).toString('hex')
}

/**
 * Auth0's default picture: gravatar of the lower-cased email, falling back to the CDN avatar
 * named after two initials. In every recorded sample the initials are the email's first two
 * characters, so that is the rule used (with `name` as a fallback when there is no email).
 */
export function defaultPicture(email: string | undefined, name: string | undefined): string {
  const source = (email ?? name ?? '').toLowerCase()
  const initials = source.replace(/[^a-z0-9]/g, '').slice(0, 2) || 'un'
  const hash = createHash('md5').update(source).digest('hex')
  const fallback = encodeURIComponent(`https://cdn.auth0.com/avatars/${initials}.png`)
  return `https://s.gravatar.com/avatar/${hash}?s=480&r=pg&d=${fallback}`
}

/** ISO-8601 UTC with milliseconds, as Auth0 writes timestamps. */
export function isoTimestamp(nowMs: number): string {
  return new Date(nowMs).toISOString()
}

const METADATA_LAST = ['user_metadata', 'app_metadata']

/**
 * Auth0 returns root keys alphabetically with the metadata objects last (recorded 201 body);
 * records are stored in that order so responses need no per-request sorting.
 */
export function orderUserKeys(user: UserRecord): UserRecord {
  const ordered: UserRecord = {}
  for (const key of Object.keys(user).sort()) {
    if (METADATA_LAST.includes(key) || user[key] === undefined) continue
    // defineProperty only where assignment would touch the prototype: it is ~10× slower.
    if (key === PROTO_KEY) setOwn(ordered, key, user[key])
    else ordered[key] = user[key]
  }
  for (const key of METADATA_LAST) {
    if (Object.hasOwn(user, key) && user[key] !== undefined) ordered[key] = user[key]
  }
  return ordered
}

/** The connection a user belongs to (its primary identity's). */
export function connectionOf(user: UserRecord): string | undefined {
  const identities = user.identities
  if (!Array.isArray(identities)) return undefined
  const first = identities[0] as { connection?: unknown } | undefined
  return typeof first?.connection === 'string' ? first.connection : undefined
}
