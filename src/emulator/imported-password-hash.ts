import { scrypt as scryptCallback, timingSafeEqual } from 'node:crypto'
import {
  argon2Verify,
  bcryptVerify,
  createHMAC,
  createMD4,
  createMD5,
  createRIPEMD160,
  createSHA1,
  createSHA224,
  createSHA256,
  createSHA384,
  createSHA512,
  createWhirlpool,
  pbkdf2,
  type IHasher,
} from 'hash-wasm'

/**
 * A password hash brought in by a users import: the file's `custom_password_hash` object as
 * validated (see custom-password-hash.ts), or `{ algorithm: 'bcrypt', hash: { value } }` for a
 * `password_hash`. Plain JSON, so the password store can persist it as it is.
 */
export interface ImportedHash {
  algorithm: string
  hash: {
    value: string
    encoding?: 'base64' | 'hex' | 'utf8'
    digest?: string
    key?: { value: string; encoding?: BufferEncoding }
  }
  salt?: { value: string; encoding?: BufferEncoding; position?: 'prefix' | 'suffix' }
  password?: { encoding?: BufferEncoding }
  keylen?: number
  cost?: number
  blockSize?: number
  parallelization?: number
}

/** Digests hash-wasm computes, by the names Auth0's schema uses (md4 is gone from OpenSSL 3). */
const HASHERS: Record<string, () => Promise<IHasher>> = {
  md4: createMD4,
  md5: createMD5,
  ripemd160: createRIPEMD160,
  sha1: createSHA1,
  sha224: createSHA224,
  sha256: createSHA256,
  sha384: createSHA384,
  sha512: createSHA512,
  whirlpool: createWhirlpool,
}

/** RFC 2307 schemes: digest and its length (the salt is what follows the digest). */
const LDAP_SCHEMES: Record<string, [digest: string, length: number]> = {
  MD5: ['md5', 16],
  SMD5: ['md5', 16],
  SHA: ['sha1', 20],
  SSHA: ['sha1', 20],
  SHA256: ['sha256', 32],
  SSHA256: ['sha256', 32],
  SHA384: ['sha384', 48],
  SSHA384: ['sha384', 48],
  SHA512: ['sha512', 64],
  SSHA512: ['sha512', 64],
}

/**
 * True when `password` matches the imported hash. Never throws: a hash that cannot be read
 * (a hand-edited data file) simply matches nothing.
 *
 * @example
 * await verifyImportedHash({ algorithm: 'md5', hash: { value: '5f4dcc3b5aa765d61d8327deb882cf99', encoding: 'hex' } }, 'password') // true
 */
export async function verifyImportedHash(spec: ImportedHash, password: string): Promise<boolean> {
  try {
    return await verify(spec, password)
  } catch {
    return false
  }
}

async function verify(spec: ImportedHash, password: string): Promise<boolean> {
  const value = spec.hash.value
  const passwordBytes = Buffer.from(password, spec.password?.encoding ?? 'utf8')
  switch (spec.algorithm) {
    case 'bcrypt':
      return bcryptVerify({ password: passwordBytes, hash: value })
    case 'argon2':
      return argon2Verify({ password: passwordBytes, hash: value })
    case 'pbkdf2':
      return verifyPbkdf2(value, passwordBytes)
    case 'ldap':
      return verifyLdap(value, passwordBytes)
    case 'scrypt': {
      const expected = decode(value, spec.hash.encoding ?? 'hex')
      const actual = await scryptBytes(passwordBytes, saltBytes(spec), {
        N: spec.cost ?? 16_384,
        r: spec.blockSize ?? 8,
        p: spec.parallelization ?? 1,
        keylen: spec.keylen ?? expected.length,
      })
      return same(actual, expected)
    }
    case 'hmac': {
      const key = spec.hash.key!
      const hasher = await createHMAC(
        HASHERS[spec.hash.digest!]!(),
        Buffer.from(key.value, key.encoding ?? 'utf8'),
      )
      const actual = digestWith(hasher, salted(spec, passwordBytes))
      return same(actual, decode(value, spec.hash.encoding ?? 'hex'))
    }
    default: {
      const factory = HASHERS[spec.algorithm]
      if (factory === undefined) return false
      const actual = digestWith(await factory(), salted(spec, passwordBytes))
      return same(actual, decode(value, spec.hash.encoding ?? 'hex'))
    }
  }
}

function digestWith(hasher: IHasher, data: Buffer): Buffer {
  hasher.init()
  hasher.update(data)
  return Buffer.from(hasher.digest('binary'))
}

function decode(value: string, encoding: 'base64' | 'hex' | 'utf8'): Buffer {
  return Buffer.from(value, encoding)
}

function saltBytes(spec: ImportedHash): Buffer {
  return spec.salt === undefined
    ? Buffer.alloc(0)
    : Buffer.from(spec.salt.value, spec.salt.encoding ?? 'utf8')
}

function salted(spec: ImportedHash, password: Buffer): Buffer {
  const salt = saltBytes(spec)
  return spec.salt?.position === 'suffix'
    ? Buffer.concat([password, salt])
    : Buffer.concat([salt, password])
}

function same(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b)
}

/** PHC: `$pbkdf2-sha512$i=100000,l=64$<salt>$<hash>`, base64 without padding ('.' for '+' accepted). */
export const PBKDF2_PHC =
  /^\$pbkdf2-(sha1|sha256|sha512|md5)\$([^$]*)\$([A-Za-z0-9+/.]+)\$([A-Za-z0-9+/.]+)$/

/** Parameters of a PBKDF2 PHC string, with Auth0's defaults (i=100000, l=64). */
export function pbkdf2Params(value: string): { iterations: number; length: number } | undefined {
  const match = PBKDF2_PHC.exec(value)
  if (match === null) return undefined
  const params = new Map(
    match[2]!
      .split(',')
      .filter((part) => part !== '')
      .map((part) => part.split('=') as [string, string]),
  )
  const iterations = Number(params.get('i') ?? 100_000)
  const length = Number(params.get('l') ?? 64)
  if (!Number.isInteger(iterations) || !Number.isInteger(length)) return undefined
  return { iterations, length }
}

async function verifyPbkdf2(value: string, password: Buffer): Promise<boolean> {
  const match = PBKDF2_PHC.exec(value)
  const params = pbkdf2Params(value)
  if (match === null || params === undefined) return false
  const b64 = (text: string) => Buffer.from(text.replace(/\./g, '+'), 'base64')
  const expected = b64(match[4]!)
  const actual = await pbkdf2({
    password,
    salt: b64(match[3]!),
    iterations: params.iterations,
    hashLength: params.length,
    hashFunction: HASHERS[match[1]!]!(),
    outputType: 'binary',
  })
  return same(Buffer.from(actual), expected)
}

/** `{SSHA}base64(sha1(password + salt) + salt)` and its siblings. */
export const LDAP_HASH = /^\{([A-Z0-9]+)\}([A-Za-z0-9+/]+={0,2})$/

async function verifyLdap(value: string, password: Buffer): Promise<boolean> {
  const match = LDAP_HASH.exec(value)
  const scheme = match === null ? undefined : LDAP_SCHEMES[match[1]!]
  if (match === null || scheme === undefined) return false
  const [digest, length] = scheme
  const bytes = Buffer.from(match[2]!, 'base64')
  const salt = bytes.subarray(length)
  const actual = digestWith(await HASHERS[digest]!(), Buffer.concat([password, salt]))
  return same(actual, bytes.subarray(0, length))
}

/** Whether an LDAP scheme is one the emulator verifies (`{CRYPT}` is not, as on Auth0). */
export function isLdapScheme(scheme: string): boolean {
  return Object.hasOwn(LDAP_SCHEMES, scheme)
}

function scryptBytes(
  password: Buffer,
  salt: Buffer,
  { N, r, p, keylen }: { N: number; r: number; p: number; keylen: number },
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // Memory is bounded at import (custom-password-hash.ts); allow what was accepted there.
    scryptCallback(password, salt, keylen, { N, r, p, maxmem: 256 * N * r + 1024 }, (err, key) =>
      err === null ? resolve(key) : reject(err),
    )
  })
}
