import { ApiError } from './api-error.js'
import type { AuthenticationMethodSeed } from './authentication-methods.js'
import type { Connection } from './connections.js'
import { buildNewUser } from './create-user.js'
import type { ImportedHash } from './imported-password-hash.js'
import type { ImportUserError } from './import-schema-check.js'
import { setOwn } from './own-keys.js'
import type { Tenant } from './tenant.js'
import { connectionOf, isoTimestamp, orderUserKeys, type UserRecord } from './user-defaults.js'

/** File keys that are not profile attributes: credentials and enrolments live beside profiles. */
const NOT_PROFILE = new Set(['password_hash', 'custom_password_hash', 'mfa_factors'])

/** What importing one (schema-valid) user did. */
export type ImportOutcome = 'inserted' | 'updated' | ImportUserError[]

const DUPLICATED_USER: ImportUserError = {
  code: 'DUPLICATED_USER',
  message: 'The user already exist and upsert parameter is false',
}

/**
 * Imports one user of a file into `connection`: a new user (Auth0's defaults, but the picture
 * on secure.gravatar.com as imports have it), or, with `upsert`, an update of the connection's
 * user with that e-mail — given attributes replace the old ones, metadata objects whole (no
 * merge), `email_verified` false unless given. Password hashes and MFA factors are kept for new
 * users only [I]. Writes go through the user and password stores only.
 */
export function importUser(
  tenant: Tenant,
  connection: Connection,
  input: Record<string, unknown>,
  upsert: boolean,
): ImportOutcome {
  const email = (input.email as string).toLowerCase()
  const existing = tenant.store
    .findByEmail(email)
    .find((user) => connectionOf(user) === connection.name)
  if (existing !== undefined) {
    return upsert ? update(tenant, existing, input) : [DUPLICATED_USER]
  }
  return insert(tenant, connection, input)
}

function insert(
  tenant: Tenant,
  connection: Connection,
  input: Record<string, unknown>,
): ImportOutcome {
  const payload: Record<string, unknown> = { connection: connection.name }
  for (const [key, value] of Object.entries(input)) {
    if (!NOT_PROFILE.has(key)) setOwn(payload, key, value)
  }
  let user: UserRecord
  try {
    user = buildNewUser(payload, tenant.connections, tenant.now(), { checkPassword: false })
  } catch (err) {
    // What the file schema cannot see: the connection's username rule.
    if (err instanceof ApiError) {
      const missing = /Missing required property/.test(err.message)
      return [{ code: missing ? 'OBJECT_REQUIRED' : 'INVALID_FORMAT', message: err.message }]
    }
    throw err
  }
  if (input.picture === undefined && typeof user.picture === 'string') {
    user.picture = user.picture.replace('https://s.gravatar.com/', 'https://secure.gravatar.com/')
  }
  const id = user.user_id as string
  if (tenant.store.get(id) !== undefined) {
    return [{ code: 'CONFLICT', message: `A user with user_id ${id} already exists` }]
  }
  try {
    tenant.store.insert(user)
  } catch (err) {
    // The id and e-mail were checked above: what is left is the username.
    if (err instanceof ApiError && err.statusCode === 409) {
      return [
        { code: 'CONFLICT_USERNAME', message: 'The username is already used by another user' },
      ]
    }
    throw err
  }
  const hash = importedHash(input)
  if (hash !== undefined) tenant.passwords.setImported(id, hash)
  const factors = input.mfa_factors
  if (Array.isArray(factors))
    tenant.authenticationMethods.seed(id, factors.map(toMethod), tenant.now())
  return 'inserted'
}

function update(
  tenant: Tenant,
  existing: UserRecord,
  input: Record<string, unknown>,
): ImportOutcome {
  const next: UserRecord = { ...existing }
  for (const [key, value] of Object.entries(input)) {
    // The id and e-mail identify the user; they are not changed by an upsert [I for user_id].
    if (NOT_PROFILE.has(key) || key === 'user_id' || key === 'email') continue
    setOwn(next, key, key === 'username' ? (value as string).toLowerCase() : value)
  }
  next.email_verified = input.email_verified ?? false
  next.updated_at = isoTimestamp(tenant.now())
  try {
    tenant.store.replace(orderUserKeys(next))
  } catch (err) {
    if (err instanceof ApiError && err.statusCode === 409) {
      return [
        { code: 'CONFLICT_USERNAME', message: 'The username is already used by another user' },
      ]
    }
    throw err
  }
  return 'updated'
}

/** The hash to keep for the user, as plain JSON (never the caller's object itself). */
function importedHash(input: Record<string, unknown>): ImportedHash | undefined {
  if (typeof input.password_hash === 'string') {
    return { algorithm: 'bcrypt', hash: { value: input.password_hash, encoding: 'utf8' } }
  }
  const custom = input.custom_password_hash
  return custom === undefined ? undefined : (JSON.parse(JSON.stringify(custom)) as ImportedHash)
}

function toMethod(factor: Record<string, { value?: string }>): AuthenticationMethodSeed {
  if (factor.phone !== undefined) return { type: 'phone', phone_number: factor.phone.value }
  if (factor.email !== undefined) return { type: 'email', email: factor.email.value }
  return { type: 'totp' }
}
