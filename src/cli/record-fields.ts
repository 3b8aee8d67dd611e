import { UsageError } from './usage-error.js'

type UserRecord = Record<string, unknown>

const FIELD_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.]*$/

/** What an identity provider handed Auth0 for the user: credentials at that provider, not data. */
const IDP_TOKENS = ['access_token', 'access_token_secret', 'refresh_token']

/**
 * A user as a plain record: `User` instances (search) through `toJSON`, plain objects (the
 * export job) as they are. The identities' IdP tokens are left out: listings and backups are
 * read and kept by people who must not hold a login at Google or GitHub in the user's name
 * (and a restore could not set them back anyway).
 */
export function recordOf(user: unknown): UserRecord {
  const withJson = user as { toJSON?: () => unknown }
  const record =
    typeof withJson?.toJSON === 'function'
      ? (withJson.toJSON() as UserRecord)
      : (user as UserRecord)
  if (!Array.isArray(record.identities)) return record
  return { ...record, identities: record.identities.map(withoutTokens) }
}

function withoutTokens(identity: unknown): unknown {
  if (typeof identity !== 'object' || identity === null) return identity
  return Object.fromEntries(Object.entries(identity).filter(([key]) => !IDP_TOKENS.includes(key)))
}

/**
 * The value at a dotted path. A key that is itself dotted wins (the export job names its
 * columns `user_metadata.plan`), then the nested walk.
 *
 * @example
 * valueAt({ user_metadata: { band: 'AC/DC' } }, 'user_metadata.band') // 'AC/DC'
 */
export function valueAt(record: UserRecord, path: string): unknown {
  if (path in record) return record[path]
  let value: unknown = record
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined
    value = (value as UserRecord)[key]
  }
  return value
}

/**
 * Only the named fields, nested as in the user (`user_metadata.band` → `{ user_metadata: { band } }`),
 * whether the record is nested (search) or keyed by dotted names (the export job).
 *
 * @example
 * pickFields({ email: 'a@x.io', user_metadata: { band: 'AC/DC', x: 1 } }, ['email', 'user_metadata.band'])
 * // { email: 'a@x.io', user_metadata: { band: 'AC/DC' } }
 */
export function pickFields(record: UserRecord, fields: readonly string[]): UserRecord {
  const picked: UserRecord = {}
  for (const field of fields) {
    const value = valueAt(record, field)
    if (value === undefined) continue
    const keys = field.split('.')
    let at = picked
    for (const key of keys.slice(0, -1)) {
      const next = Object.hasOwn(at, key) ? at[key] : undefined
      // A copy: never write into the user's own objects.
      const plain = typeof next === 'object' && next !== null && !Array.isArray(next)
      at[key] = plain ? { ...next } : {}
      at = at[key] as UserRecord
    }
    at[keys.at(-1)!] = value
  }
  return picked
}

/** Splits `--fields a,b,user_metadata.plan` into names, refusing what is not a field path. */
export function parseFields(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined
  const fields = text
    .split(',')
    .map((field) => field.trim())
    .filter(Boolean)
  // Prototype names are never field names, and must never become keys of an output object.
  const bad = fields.find(
    (field) =>
      !FIELD_NAME.test(field) ||
      field.split('.').some((key) => ['__proto__', 'constructor', 'prototype'].includes(key)),
  )
  if (bad !== undefined)
    throw new UsageError(`--fields: ${JSON.stringify(bad)} is not a field name.`)
  if (fields.length === 0) throw new UsageError('--fields needs at least one field name.')
  return fields
}
