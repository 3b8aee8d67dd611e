/**
 * Keys a fetched user (a backup line, an export line) has that Auth0's import schema does not:
 * Auth0 sets them itself, so an import drops them instead of refusing the line.
 */
const SET_BY_AUTH0: ReadonlySet<string> = new Set([
  'created_at',
  'updated_at',
  'identities',
  'logins_count',
  'last_login',
  'last_ip',
  'last_password_reset',
  'multifactor',
  'multifactor_last_modified',
])

/** One line of an import file, ready for `auth0.users.import()`, or a reason to leave it out. */
export type ImportLine =
  { kind: 'import'; user: Record<string, unknown> } | { kind: 'skip'; reason: string }

/**
 * A line of `users import FILE` in Auth0's import shape. Lines in the import schema pass as
 * they are; a user as Auth0 returns it (an auth0plus backup) is narrowed to it: the keys
 * Auth0 sets are dropped, `null`s too, and the `auth0|` prefix of `user_id` (the import adds
 * it). A user of a social or enterprise identity cannot be imported into a database: skipped.
 *
 * @example
 * importLine({ user_id: 'auth0|42', email: 'a@x.io', identities: [{ provider: 'auth0' }], logins_count: 3 })
 * // { kind: 'import', user: { user_id: '42', email: 'a@x.io' } }
 */
export function importLine(line: Record<string, unknown>): ImportLine {
  const identities = Object.hasOwn(line, 'identities') ? line.identities : undefined
  const first: unknown = Array.isArray(identities) ? identities[0] : undefined
  const provider =
    typeof first === 'object' && first !== null
      ? (first as Record<string, unknown>).provider
      : undefined
  if (provider !== undefined && provider !== 'auth0') {
    return { kind: 'skip', reason: `a ${String(provider)} user: not a database user` }
  }
  const user: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(line)) {
    if (SET_BY_AUTH0.has(key) || value === null) continue
    user[key] = value
  }
  if (typeof user.user_id === 'string' && user.user_id.startsWith('auth0|')) {
    user.user_id = user.user_id.slice('auth0|'.length)
  }
  return { kind: 'import', user }
}
