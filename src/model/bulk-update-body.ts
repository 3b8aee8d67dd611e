import { InvalidArgument } from '../errors.js'
import { METADATA_FIELDS, SERVER_FIELDS, UPDATE_FIELDS } from './user-attributes.js'

/** Unique per connection: the same value on many users fails for all but one (409). */
const UNIQUE_FIELDS: ReadonlySet<string> = new Set(['email', 'username'])
/** Root attributes PATCH unsets when given `null`. */
const NULLABLE_FIELDS: ReadonlySet<string> = new Set([
  'given_name',
  'family_name',
  'name',
  'nickname',
  'picture',
  'phone_number',
  'user_metadata',
  'app_metadata',
])
const BOOLEAN_FIELDS: ReadonlySet<string> = new Set([
  'blocked',
  'email_verified',
  'phone_verified',
  'verify_email',
  'verify_phone_number',
])

/**
 * Root attributes a bulk `update()` may set: what PATCH /users/{id} changes, without the unique
 * `email` and `username` (all users but one would fail) — and `password` is never among them.
 * Exported so that tools (the CLI) refuse the rest before any request, with the same rules.
 */
export const BULK_UPDATE_FIELDS: ReadonlySet<string> = new Set(
  [...UPDATE_FIELDS].filter((name) => !UNIQUE_FIELDS.has(name)),
)

/**
 * The PATCH body a bulk `update(fields)` sends to every user, or `InvalidArgument` before any
 * request. Only attributes PATCH can change are taken (the rules of `user-attributes.ts`); not
 * `password` (one password for many accounts is never what anyone wants), nor `email` and
 * `username`, which are unique. The body goes as given: Auth0 replaces root attributes and
 * merges metadata one level deep (`{ app_metadata: { plan: null } }` removes `plan`).
 *
 * @example
 * bulkUpdateBody({ blocked: true, app_metadata: { plan: 'free' } })
 * // { blocked: true, app_metadata: { plan: 'free' } }
 */
export function bulkUpdateBody(fields: unknown): Record<string, unknown> {
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
    throw new InvalidArgument('update() takes an object of user attributes.')
  }
  const body = { ...(fields as Record<string, unknown>) }
  if (Object.keys(body).length === 0)
    throw new InvalidArgument('update() needs at least one field.')
  for (const [name, value] of Object.entries(body)) {
    const refusal = refuse(name, value)
    if (refusal) throw new InvalidArgument(`Cannot bulk-update '${name}': ${refusal}.`)
  }
  return body
}

function refuse(name: string, value: unknown): string | undefined {
  if (name === 'password')
    return 'setting one password on many users is refused; use password resets'
  if (UNIQUE_FIELDS.has(name)) return 'it is unique per connection, so all users but one would fail'
  if (SERVER_FIELDS.has(name) || name === 'user_id') return 'Auth0 sets it'
  if (!UPDATE_FIELDS.has(name)) {
    return 'Auth0 does not store it on users; keep custom data in user_metadata'
  }
  if (value === undefined) return 'the value is undefined (use null to unset an attribute)'
  if (value === null) return NULLABLE_FIELDS.has(name) ? undefined : 'it cannot be unset'
  if (METADATA_FIELDS.has(name)) {
    return typeof value === 'object' && !Array.isArray(value)
      ? undefined
      : 'it must be a plain object'
  }
  if (BOOLEAN_FIELDS.has(name))
    return typeof value === 'boolean' ? undefined : 'it must be a boolean'
  return typeof value === 'string' && value !== '' ? undefined : 'it must be a non-empty string'
}
