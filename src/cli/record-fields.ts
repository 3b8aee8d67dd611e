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

/** Only the named fields, keyed by their dotted names (the export job's shape, for both commands). */
export function pickFields(record: UserRecord, fields: readonly string[]): UserRecord {
  const picked: UserRecord = {}
  for (const field of fields) {
    const value = valueAt(record, field)
    if (value !== undefined) picked[field] = value
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
  const bad = fields.find((field) => !FIELD_NAME.test(field))
  if (bad !== undefined)
    throw new UsageError(`--fields: ${JSON.stringify(bad)} is not a field name.`)
  if (fields.length === 0) throw new UsageError('--fields needs at least one field name.')
  return fields
}
