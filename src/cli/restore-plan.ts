/** What POST /users accepts from a backed-up profile (its schema refuses anything else). */
const RESTORED_FIELDS = [
  'user_id',
  'email',
  'email_verified',
  'username',
  'phone_number',
  'phone_verified',
  'given_name',
  'family_name',
  'name',
  'nickname',
  'picture',
  'blocked',
  'user_metadata',
  'app_metadata',
] as const

/** One backed-up user: re-create it with these fields in this connection, or skip it, saying why. */
export type RestorePlan =
  | { kind: 'create'; user_id: string; connection: string; fields: Record<string, unknown> }
  | { kind: 'skip'; user_id: string; reason: string }

/**
 * How to re-create a backed-up user. Database users come back with their id, profile,
 * metadata and verification flags (so `verify_email: false`: no verification e-mail is sent
 * for an address already verified or not). Users of social or enterprise connections are
 * skipped: Auth0 re-creates them at their next login, and POST /users cannot.
 *
 * @returns `undefined` when the line has no `user_id` (not a backup line)
 *
 * @example
 * restorePlan({ user_id: 'auth0|1', email: 'a@x.io', identities: [{ provider: 'auth0', connection: 'db' }] }, undefined)
 * // { kind: 'create', user_id: 'auth0|1', connection: 'db', fields: { user_id: 'auth0|1', email: 'a@x.io', verify_email: false } }
 */
export function restorePlan(
  user: Record<string, unknown>,
  connectionOverride: string | undefined,
  fallbackConnection: string | undefined,
): RestorePlan | undefined {
  const { user_id } = user
  if (typeof user_id !== 'string' || user_id === '') return undefined
  const identity = primaryIdentity(user)
  if (identity?.provider !== undefined && identity.provider !== 'auth0') {
    return {
      kind: 'skip',
      user_id,
      reason: `a ${String(identity.provider)} user: Auth0 re-creates it at its next login`,
    }
  }
  const connection = connectionOverride ?? stringOr(identity?.connection) ?? fallbackConnection
  if (connection === undefined) {
    return { kind: 'skip', user_id, reason: 'no connection in the backup: pass --connection' }
  }
  const fields: Record<string, unknown> = {}
  for (const name of RESTORED_FIELDS)
    if (user[name] !== undefined && user[name] !== null) fields[name] = user[name]
  fields.verify_email = false
  return { kind: 'create', user_id, connection, fields }
}

function primaryIdentity(user: Record<string, unknown>): Record<string, unknown> | undefined {
  const identities = user.identities
  if (!Array.isArray(identities)) return undefined
  const first: unknown = identities[0]
  return typeof first === 'object' && first !== null
    ? (first as Record<string, unknown>)
    : undefined
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}
