import { checkCustomPasswordHash } from './custom-password-hash.js'
import {
  checkObject,
  importError,
  rule,
  type ImportUserError,
  type NestedSchema,
} from './import-schema-check.js'
import { hasProtoKey, PROTO_KEY } from './own-keys.js'
import { typeName } from './schema-validation.js'

/** One user of the import file (bulk-user-import-schema doc): closed, `email` required. */
const userSchema: NestedSchema = {
  required: ['email'],
  properties: {
    email: rule('string', { format: 'email' }),
    email_verified: rule('boolean'),
    phone_number: rule('string', { pattern: /^\+[0-9]{1,15}$/ }),
    phone_verified: rule('boolean'),
    // Without `auth0|`: Auth0 adds it.
    user_id: rule('string', { minLength: 1, maxLength: 255, pattern: /^(?!auth0\|)\S+$/ }),
    username: rule('string', { minLength: 1, maxLength: 128 }),
    given_name: rule('string', { minLength: 1, maxLength: 150 }),
    family_name: rule('string', { minLength: 1, maxLength: 150 }),
    name: rule('string', { minLength: 1, maxLength: 300 }),
    nickname: rule('string', { minLength: 1, maxLength: 300 }),
    picture: rule('string', { format: 'strict-uri' }),
    blocked: rule('boolean'),
    app_metadata: rule('object'),
    user_metadata: rule('object'),
    // bcrypt with 10 rounds, as the doc's schema pattern says.
    password_hash: rule('string', { pattern: /^\$2[ab]\$10\$[./A-Za-z0-9]{53}$/ }),
    custom_password_hash: rule('object'),
    mfa_factors: rule('array'),
  },
}

/** Keys `app_metadata` may not hold (they are Auth0's own). */
const RESERVED_APP_METADATA = new Set([
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

const MFA_FACTORS: Record<string, NestedSchema> = {
  totp: {
    required: ['secret'],
    properties: { secret: rule('string', { pattern: /^[A-Z2-7]+$/ }) },
  },
  phone: {
    required: ['value'],
    properties: { value: rule('string', { pattern: /^\+[0-9]{1,15}$/ }) },
  },
  email: { required: ['value'], properties: { value: rule('string', { format: 'email' }) } },
}

/**
 * Every schema error of one user of the file (empty when valid), in the report's shape. A
 * `__proto__` key anywhere is refused as an additional property [I]: such a key would otherwise
 * travel into stored profiles.
 *
 * @example
 * validateImportUser({ email: 'x' })
 * // → [{ code: 'INVALID_FORMAT', message: "Error in email property - Object didn't pass validation for format email: x", path: 'email' }]
 */
export function validateImportUser(user: unknown): ImportUserError[] {
  if (hasProtoKey(user)) {
    return [
      {
        code: 'OBJECT_ADDITIONAL_PROPERTIES',
        message: `Additional properties not allowed: ${PROTO_KEY}`,
      },
    ]
  }
  const found = typeName(user)
  if (found !== 'object') {
    return [{ code: 'INVALID_TYPE', message: `Expected type object but found type ${found}` }]
  }
  const errors: ImportUserError[] = []
  checkObject(user, userSchema, '', errors)
  const record = user as Record<string, unknown>
  const own = (key: string) => (Object.hasOwn(record, key) ? record[key] : undefined)

  const appMetadata = own('app_metadata')
  if (typeof appMetadata === 'object' && appMetadata !== null && !Array.isArray(appMetadata)) {
    for (const key of Object.keys(appMetadata)) {
      if (RESERVED_APP_METADATA.has(key)) {
        errors.push(
          importError(
            'NOT_PASSED',
            `app_metadata.${key}`,
            `app_metadata may not hold the reserved key "${key}"`,
          ),
        )
      }
    }
  }
  if (own('password_hash') !== undefined && own('custom_password_hash') !== undefined) {
    errors.push(
      importError(
        'NOT_PASSED',
        'custom_password_hash',
        'password_hash and custom_password_hash are mutually exclusive',
      ),
    )
  }
  const custom = own('custom_password_hash')
  if (typeof custom === 'object' && custom !== null && !Array.isArray(custom)) {
    errors.push(...checkCustomPasswordHash(custom, 'custom_password_hash'))
  }
  const factors = own('mfa_factors')
  if (Array.isArray(factors)) errors.push(...checkMfaFactors(factors))
  return errors
}

/** 1–10 factors, each exactly one of `totp`, `phone`, `email`. */
function checkMfaFactors(factors: unknown[]): ImportUserError[] {
  if (factors.length < 1) {
    return [
      importError(
        'ARRAY_LENGTH_SHORT',
        'mfa_factors',
        `Array is too short (${factors.length}), minimum 1`,
      ),
    ]
  }
  if (factors.length > 10) {
    return [
      importError(
        'ARRAY_LENGTH_LONG',
        'mfa_factors',
        `Array is too long (${factors.length}), maximum 10`,
      ),
    ]
  }
  const errors: ImportUserError[] = []
  factors.forEach((factor, i) => {
    const path = `mfa_factors[${i}]`
    const keys = typeof factor === 'object' && factor !== null ? Object.keys(factor) : []
    const kind = keys.length === 1 && Object.hasOwn(MFA_FACTORS, keys[0]!) ? keys[0]! : undefined
    if (kind === undefined) {
      errors.push(
        importError('ANY_OF_MISSING', path, "Data does not match any schemas from 'anyOf'"),
      )
      return
    }
    checkObject(
      (factor as Record<string, unknown>)[kind],
      MFA_FACTORS[kind]!,
      `${path}.${kind}`,
      errors,
    )
  })
  return errors
}
