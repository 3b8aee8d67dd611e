import { InvalidArgument } from '../errors.js'
import { assertPlainJson } from '../wire/plain-json.js'

/**
 * One user in Auth0's import-file schema (bulk-user-import-schema): `email` required, nothing
 * else allowed. `user_id` is given without the `auth0|` prefix (Auth0 adds it);
 * `password_hash` (bcrypt) and `custom_password_hash` (any supported algorithm, for a
 * migration from another system) exclude each other.
 */
export interface ImportUser {
  email: string
  email_verified?: boolean
  phone_number?: string
  phone_verified?: boolean
  user_id?: string
  username?: string
  given_name?: string
  family_name?: string
  name?: string
  nickname?: string
  picture?: string
  blocked?: boolean
  user_metadata?: Record<string, unknown>
  app_metadata?: Record<string, unknown>
  /** A bcrypt hash (`$2a$` or `$2b$`); only used when the user is created. */
  password_hash?: string
  /** `{ algorithm, hash: { value, encoding?, digest?, key? }, salt?, password?, keylen?, cost?, … }`. */
  custom_password_hash?: Record<string, unknown>
  /** 1–10 factors, each one of `{ totp: { secret } }`, `{ phone: { value } }`, `{ email: { value } }`. */
  mfa_factors?: Record<string, unknown>[]
}

const STRINGS = [
  'email',
  'phone_number',
  'user_id',
  'username',
  'given_name',
  'family_name',
  'name',
  'nickname',
  'picture',
  'password_hash',
]
const BOOLEANS = ['email_verified', 'phone_verified', 'blocked']
const OBJECTS = ['user_metadata', 'app_metadata', 'custom_password_hash']
const KEYS: ReadonlySet<string> = new Set([...STRINGS, ...BOOLEANS, ...OBJECTS, 'mfa_factors'])

/** Keys Auth0 refuses in an imported user's `app_metadata`. */
const RESERVED_APP_METADATA: ReadonlySet<string> = new Set([
  '__tenant',
  '_id',
  'blocked',
  'clientID',
  'created_at',
  'email_verified',
  'email',
  'globalClientID',
  'global_client_id',
  'identities',
  'lastIP',
  'lastLogin',
  'loginsCount',
  'metadata',
  'multifactor_last_modified',
  'multifactor',
  'updated_at',
  'user_id',
])

const ALGORITHMS: ReadonlySet<string> = new Set([
  'argon2',
  'bcrypt',
  'hmac',
  'ldap',
  'md4',
  'md5',
  'sha1',
  'sha256',
  'sha512',
  'pbkdf2',
  'scrypt',
])
const FACTORS: ReadonlySet<string> = new Set(['totp', 'phone', 'email'])

/**
 * Checks one user against Auth0's import schema before it goes into a file, so a typo is
 * caught here, by name, rather than in a job's error report minutes later. Checks the shape
 * (keys, types, the rules above), not what only Auth0 can judge (a hash's correctness, an
 * e-mail already taken). Never puts a value in the message: it may be a password hash.
 *
 * @throws InvalidArgument naming the record (`what`) and the field
 * @example
 * checkImportUser({ email: 'a@x.io', user_id: 'auth0|1' }, 'users[0]')
 * // throws: users[0].user_id must not start with 'auth0|': Auth0 adds the prefix.
 */
export function checkImportUser(value: unknown, what: string): asserts value is ImportUser {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidArgument(`${what} must be a user object.`)
  }
  assertPlainJson(value, what)
  const user = value as Record<string, unknown>
  for (const key of Object.keys(user)) {
    if (!KEYS.has(key))
      throw new InvalidArgument(`${what} has '${key}', not a field of Auth0's import schema.`)
  }
  if (typeof user.email !== 'string' || !user.email.includes('@')) {
    throw new InvalidArgument(`${what} needs an email (the one field Auth0's import requires).`)
  }
  for (const key of STRINGS) {
    if (user[key] !== undefined && (typeof user[key] !== 'string' || user[key] === '')) {
      throw new InvalidArgument(`${what}.${key} must be a non-empty string.`)
    }
  }
  for (const key of BOOLEANS) {
    if (user[key] !== undefined && typeof user[key] !== 'boolean') {
      throw new InvalidArgument(`${what}.${key} must be true or false.`)
    }
  }
  for (const key of OBJECTS) {
    const field = user[key]
    if (
      field !== undefined &&
      (typeof field !== 'object' || field === null || Array.isArray(field))
    ) {
      throw new InvalidArgument(`${what}.${key} must be an object.`)
    }
  }
  if (typeof user.user_id === 'string' && user.user_id.startsWith('auth0|')) {
    throw new InvalidArgument(
      `${what}.user_id must not start with 'auth0|': Auth0 adds the prefix.`,
    )
  }
  checkPasswords(user, what)
  const reserved = Object.keys((user.app_metadata as object | undefined) ?? {}).find((key) =>
    RESERVED_APP_METADATA.has(key),
  )
  if (reserved !== undefined) {
    throw new InvalidArgument(
      `${what}.app_metadata may not hold '${reserved}' (Auth0 reserves it).`,
    )
  }
  if (user.mfa_factors !== undefined) checkFactors(user.mfa_factors, `${what}.mfa_factors`)
}

function checkPasswords(user: Record<string, unknown>, what: string): void {
  if (user.password_hash !== undefined && user.custom_password_hash !== undefined) {
    throw new InvalidArgument(`${what} has both password_hash and custom_password_hash; give one.`)
  }
  if (typeof user.password_hash === 'string' && !/^\$2[ab]\$/.test(user.password_hash)) {
    throw new InvalidArgument(
      `${what}.password_hash must be a bcrypt hash ($2a$ or $2b$); use custom_password_hash for other algorithms.`,
    )
  }
  const custom = user.custom_password_hash as Record<string, unknown> | undefined
  if (custom === undefined) return
  if (typeof custom.algorithm !== 'string' || !ALGORITHMS.has(custom.algorithm)) {
    throw new InvalidArgument(
      `${what}.custom_password_hash.algorithm must be one of ${[...ALGORITHMS].join(', ')}.`,
    )
  }
  const hash = custom.hash as Record<string, unknown> | undefined
  if (typeof hash !== 'object' || hash === null || typeof hash.value !== 'string') {
    throw new InvalidArgument(`${what}.custom_password_hash.hash needs a string value.`)
  }
}

function checkFactors(factors: unknown, what: string): void {
  if (!Array.isArray(factors) || factors.length < 1 || factors.length > 10) {
    throw new InvalidArgument(`${what} must be a list of 1 to 10 factors.`)
  }
  factors.forEach((factor: unknown, i) => {
    const keys = typeof factor === 'object' && factor !== null ? Object.keys(factor) : []
    if (keys.length !== 1 || !FACTORS.has(keys[0]!)) {
      throw new InvalidArgument(`${what}[${i}] must be one of { totp }, { phone }, { email }.`)
    }
  })
}
