import {
  checkObject,
  importError,
  rule,
  type ImportUserError,
  type NestedSchema,
} from './import-schema-check.js'
import {
  isLdapScheme,
  LDAP_HASH,
  pbkdf2Params,
  type ImportedHash,
} from './imported-password-hash.js'

const ENCODINGS = ['base64', 'hex', 'utf8'] as const

/** The import file's `custom_password_hash` object (bulk-user-import-schema doc). */
const schema: NestedSchema = {
  required: ['algorithm', 'hash'],
  properties: {
    algorithm: rule('string', {
      enum: [
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
      ],
    }),
    hash: {
      required: ['value'],
      properties: {
        value: rule('string', { minLength: 1 }),
        encoding: rule('string', { enum: ENCODINGS }),
        digest: rule('string', {
          enum: [
            'md4',
            'md5',
            'ripemd160',
            'sha1',
            'sha224',
            'sha256',
            'sha384',
            'sha512',
            'whirlpool',
          ],
        }),
        key: {
          required: ['value'],
          properties: {
            value: rule('string', { minLength: 1 }),
            encoding: rule('string', { enum: ENCODINGS }),
          },
        },
      },
    },
    salt: {
      required: ['value'],
      properties: {
        value: rule('string'),
        encoding: rule('string', { enum: ENCODINGS }),
        position: rule('string', { enum: ['prefix', 'suffix'] }),
      },
    },
    password: {
      properties: {
        encoding: rule('string', {
          enum: ['ascii', 'utf8', 'utf16le', 'ucs2', 'latin1', 'binary'],
        }),
      },
    },
    keylen: rule('integer', { minimum: 1, maximum: 256 }),
    // Bounds on the work factors are the emulator's [I]: a login must not take minutes or GBs.
    cost: rule('integer', { minimum: 2, maximum: 1_048_576 }),
    blockSize: rule('integer', { minimum: 1, maximum: 32 }),
    parallelization: rule('integer', { minimum: 1, maximum: 16 }),
  },
}

/** Algorithms whose `hash.value` is a self-describing text (PHC, modular crypt, RFC 2307). */
const TEXT_FORMATS = new Set(['argon2', 'bcrypt', 'ldap', 'pbkdf2'])

/** Digest lengths in bytes, to check hex/base64 values of the plain digests. */
const DIGEST_BYTES: Record<string, number> = { md4: 16, md5: 16, sha1: 20, sha256: 32, sha512: 64 }

const BCRYPT = /^\$2[aby]\$(\d\d)\$[./A-Za-z0-9]{53}$/
const ARGON2 =
  /^\$argon2(?:id|i|d)\$(?:v=\d+\$)?m=(\d+),t=(\d+),p=(\d+)\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/
const HEX = /^(?:[0-9a-fA-F]{2})+$/
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/**
 * Validates a `custom_password_hash`: the schema, then the per-algorithm rules (argon2/pbkdf2:
 * `utf8` PHC strings without `salt`; bcrypt: `$2a$|$2b$|$2y$`; hmac: `digest` and `key`; ldap:
 * an RFC 2307 scheme other than crypt; md*, sha*, scrypt: hex or base64, scrypt with a `salt`).
 */
export function checkCustomPasswordHash(value: unknown, path: string): ImportUserError[] {
  const errors: ImportUserError[] = []
  checkObject(value, schema, path, errors)
  if (errors.length > 0) return errors
  const spec = value as ImportedHash
  const { algorithm } = spec
  const hashPath = `${path}.hash`
  const encoding = spec.hash.encoding
  const problem = (code: string, where: string, reason: string) => {
    errors.push(importError(code, where, reason))
  }
  if (TEXT_FORMATS.has(algorithm)) {
    if (encoding !== undefined && encoding !== 'utf8') {
      problem('ENUM_MISMATCH', `${hashPath}.encoding`, `${algorithm} hashes must use utf8`)
    }
  } else if (encoding === 'utf8') {
    problem('ENUM_MISMATCH', `${hashPath}.encoding`, `${algorithm} hashes must be hex or base64`)
  }
  if ((algorithm === 'argon2' || algorithm === 'pbkdf2') && spec.salt !== undefined) {
    problem('NOT_PASSED', `${path}.salt`, `${algorithm} takes its salt from the PHC string`)
  }
  // The value is read in its encoding: with a wrong one, that error says it all.
  const reason = errors.length === 0 ? valueProblem(spec) : undefined
  if (reason !== undefined) problem('PATTERN', `${hashPath}.value`, reason)
  if (algorithm === 'hmac') {
    for (const key of ['digest', 'key'] as const) {
      if (spec.hash[key] === undefined) {
        errors.push({
          code: 'OBJECT_REQUIRED',
          message: `Missing required property: ${key}`,
          path: hashPath,
        })
      }
    }
  }
  if (algorithm === 'scrypt') {
    if (spec.salt === undefined) {
      errors.push({ code: 'OBJECT_REQUIRED', message: 'Missing required property: salt', path })
    }
    const cost = spec.cost ?? 16_384
    // scrypt's N is a power of two; memory is 128·N·r bytes per lane, capped at 64 MiB [I].
    if ((cost & (cost - 1)) !== 0)
      problem('INVALID_FORMAT', `${path}.cost`, 'cost must be a power of 2')
    if (128 * cost * (spec.blockSize ?? 8) * (spec.parallelization ?? 1) > 64 * 1024 * 1024) {
      problem(
        'MAXIMUM',
        `${path}.cost`,
        'cost × blockSize × parallelization needs more than 64 MiB',
      )
    }
  }
  return errors
}

/** What is wrong with `hash.value` for its algorithm, or undefined. */
function valueProblem(spec: ImportedHash): string | undefined {
  const { value, encoding } = spec.hash
  switch (spec.algorithm) {
    case 'bcrypt': {
      const match = BCRYPT.exec(value)
      if (match === null) return 'Not a bcrypt hash ($2a$, $2b$ or $2y$)'
      const cost = Number(match[1])
      return cost < 4 || cost > 16 ? 'bcrypt cost must be between 04 and 16' : undefined
    }
    case 'argon2': {
      const match = ARGON2.exec(value)
      if (match === null) return 'Not an argon2 PHC string'
      const [memory, time, lanes] = [Number(match[1]), Number(match[2]), Number(match[3])]
      if (memory > 65_536 || time > 10 || lanes > 16)
        return 'argon2 parameters above m=65536,t=10,p=16'
      return undefined
    }
    case 'pbkdf2': {
      const params = pbkdf2Params(value)
      if (params === undefined)
        return 'Not a pbkdf2 PHC string ($pbkdf2-<digest>$i=…,l=…$<salt>$<hash>)'
      const { iterations, length } = params
      if (iterations < 1 || iterations > 1_000_000 || length < 1 || length > 256) {
        return 'pbkdf2 parameters out of range (i ≤ 1000000, l ≤ 256)'
      }
      return undefined
    }
    case 'ldap': {
      const match = LDAP_HASH.exec(value)
      return match !== null && isLdapScheme(match[1]!)
        ? undefined
        : 'Not an RFC 2307 hash ({SHA}, {SSHA}, {MD5}, {SMD5}, {SHA256}, …; not {CRYPT})'
    }
    default: {
      const hex = (encoding ?? 'hex') === 'hex'
      if (!(hex ? HEX : BASE64).test(value)) return `Not a ${hex ? 'hex' : 'base64'} string`
      const bytes = DIGEST_BYTES[spec.algorithm]
      const length = Buffer.from(value, hex ? 'hex' : 'base64').length
      if (bytes !== undefined && length !== bytes) {
        return `A ${spec.algorithm} digest is ${bytes} bytes, not ${length}`
      }
      return undefined
    }
  }
}
